"""Throughput of extract and ingest: articles/s and peak RSS, on the seeds replicated N times.

    .venv/bin/python benchmarks/throughput.py [--copies 20] [--seeds ../shared/seeds]

Each copy of a seed gets a distinct id so that ingest stores every one. Numbers are printed, never asserted.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--copies", type=int, default=20)
    parser.add_argument("--seeds", type=Path, default=ROOT.parent / "shared" / "seeds")
    args = parser.parse_args()

    import rasd
    from rasd.batch import run_ingest
    from rasd.store import open_store

    seeds = sorted(args.seeds.glob("*.txt"))
    if not seeds:
        sys.exit(f"no seed articles in {args.seeds}")
    texts = [p.read_text(encoding="utf-8") for p in seeds]
    n = len(texts) * args.copies
    size_kb = sum(len(t.encode()) for t in texts) / len(texts) / 1024

    from rasd.entities.tagger import _local_features

    rasd.extract(texts[0])  # load lexicons and models once, as a long-running batch would
    start = time.perf_counter()
    for i in range(args.copies):
        for t in texts:
            # The tagger caches per-sentence features; a copy of a text must not reuse them, so that
            # the numbers are those of articles never seen before.
            _local_features.cache_clear()
            rasd.extract(t, id=f"{i}")
    extract_s = time.perf_counter() - start

    with tempfile.TemporaryDirectory() as tmp:
        dump = Path(tmp) / "articles.jsonl"
        with dump.open("w", encoding="utf-8") as f:
            for i in range(args.copies):
                for j, t in enumerate(texts):
                    f.write(json.dumps({"id": f"{j}-{i}", "text": t}, ensure_ascii=False) + "\n")
        store = open_store(str(Path(tmp) / "bench.db"))
        start = time.perf_counter()
        summary = run_ingest([str(dump)], store)
        ingest_s = time.perf_counter() - start
        start = time.perf_counter()
        again = run_ingest([str(dump)], store)
        rerun_s = time.perf_counter() - start
        store.close()

    print(f"articles: {n} (mean {size_kb:.1f} KB), rasd {rasd.__version__}")
    print(f"extract: {n / extract_s:8.1f} articles/s  ({extract_s * 1000 / n:.1f} ms/article, 1 process)")
    print(f"ingest:  {n / ingest_s:8.1f} articles/s  (SQLite, stored {summary.stored})")
    print(f"re-run:  {n / rerun_s:8.1f} articles/s  (unchanged {again.unchanged})")
    print(f"peak RSS: {peak_rss_mb():.0f} MB")


if __name__ == "__main__":
    main()
