"""Speed of the store, search and dashboard (printed, never asserted).

Extracts the bundled sample articles once, then saves N copies of them (new ids, so every row
is written) in batches, and times: save throughput, `known`, `get`, full-text searches with and
without filters, actor pages, and dashboard pages through the ASGI app. SQLite by default; pass a
PostgreSQL URL with --db to measure it too.

    .venv/bin/python benchmarks/bench_store.py [--docs 2000] [--batch 200] [--db postgresql+psycopg://...]
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import statistics
import tempfile
import time

import rasd
from rasd.document import Document
from rasd.resources import data_path
from rasd.store import open_store


def sample_docs() -> list[Document]:
    docs = []
    with data_path("samples", "articles.jsonl").open(encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            docs.append(rasd.extract(row["text"], row.get("published"), id=row["id"], url=row.get("url"), title=row.get("title")))
    return docs


def timed(fn, repeat: int = 20) -> float:
    """Median milliseconds of ``repeat`` calls."""
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=2000)
    ap.add_argument("--batch", type=int, default=200)
    ap.add_argument("--db", default=None, help="store URL (default: a temporary SQLite file)")
    args = ap.parse_args()

    base = sample_docs()
    layers = sum(len(d.entities) + len(d.amounts) + len(d.dates) + len(d.events) for d in base)
    chars = sum(len(d.text) for d in base)
    print(f"{len(base)} sample articles: {chars} characters, {layers} entities+amounts+dates+events")
    folder = tempfile.mkdtemp(prefix="rasd-bench-")
    url = args.db or os.path.join(folder, "bench.db")
    store = open_store(url)
    print(f"store: {store.url}")

    docs = []
    for i in range(args.docs):
        d = copy.deepcopy(base[i % len(base)])
        d.id = f"{d.id}-{i}"
        d.published = f"20{20 + i % 5}-{1 + i % 12:02d}-{1 + i % 28:02d}"
        docs.append(d)
    t = time.perf_counter()
    for i in range(0, len(docs), args.batch):
        store.save(docs[i : i + args.batch])
    elapsed = time.perf_counter() - t
    print(f"save: {len(docs)} documents in {elapsed:.2f} s = {len(docs) / elapsed:.0f} docs/s "
          f"({len(docs) * chars / len(base) / elapsed / 1e6:.2f} MB of text/s), batches of {args.batch}")
    t = time.perf_counter()
    store.save(docs[: args.batch])
    print(f"re-save (replace) of {args.batch}: {(time.perf_counter() - t) * 1000:.0f} ms")

    ids = [d.id for d in docs]
    print(f"known({len(ids)} ids): {timed(lambda: store.known(ids), 5):.1f} ms")
    print(f"get(one): {timed(lambda: store.get(ids[7])):.2f} ms")
    print(f"stats(): {timed(lambda: store.stats(), 5):.1f} ms")
    for q, kw in [("السعودية", {}), ("والسعودية مصر", {}), ("استثمار", {"since": "2022", "until": "2023-06"}),
                  ("", {"type": "AGREE"}), ("", {"min_amount": 1e9}), ("كلمةغيرموجودة", {})]:
        total = store.search(q, **kw).total
        print(f"search({q!r}, {kw}): {total} hits, {timed(lambda: store.search(q, **kw)):.1f} ms for the first page")
    top = store.actors(limit=1)["items"]
    if top:
        print(f"actor page data (actor in {top[0]['documents']} documents): {timed(lambda: store.actor(top[0]['id']), 5):.1f} ms")
    print(f"events over time: {timed(lambda: store.events_over_time(), 5):.1f} ms")

    from fastapi.testclient import TestClient

    from rasd.api import create_app

    client = TestClient(create_app(store))
    for path in ["/", "/search?q=السعودية", f"/documents/{ids[0]}", f"/actors/{top[0]['id']}" if top else "/actors"]:
        print(f"GET {path}: {timed(lambda: client.get(path), 10):.1f} ms")
    store.close()


if __name__ == "__main__":
    main()
