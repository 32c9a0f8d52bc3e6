"""Scale benchmark: extract and ingest throughput, speed-up over workers, memory as the corpus grows.

    .venv/bin/python benchmarks/bench_scale.py                      # everything, 1k/10k/100k corpora
    .venv/bin/python benchmarks/bench_scale.py --sizes 1000,10000 --skip-postgres
    .venv/bin/python benchmarks/bench_scale.py --profile 300        # where the time goes, by stage
    .venv/bin/python benchmarks/bench_scale.py --conll ../shared/data/anercorp-camel-splits/ANERCorp_CamelLab_train.txt

The corpora are synthetic: articles of about ``--article-kb`` KB made by recombining the
paragraphs of the bundled sample articles (``src/rasd/data/samples``), each with a distinct id
and a publication date; with ``--conll FILE`` they are made of the sentences of a CoNLL corpus
(ANERcorp) instead, whose vocabulary is that of real news. Each measurement runs in a fresh
subprocess, so its peak RSS is its own.
Numbers are printed, never asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def conll_paragraphs(path: Path, sentences_per_paragraph: int = 3) -> list[str]:
    """Paragraphs of real news text from a CoNLL file (one ``word tag`` per line, as ANERcorp):
    a vocabulary as wide as real news, where the bundled samples repeat a few hundred words that
    the tagger's word cache soon holds."""
    sentences: list[str] = []
    words: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        word = line.split(" ")[0].strip()
        if not word:
            continue
        words.append(word)
        if word in (".", "!", "?", "؟"):
            sentences.append(" ".join(words).replace(" .", "."))
            words = []
    return [" ".join(sentences[i : i + sentences_per_paragraph]) for i in range(0, len(sentences), sentences_per_paragraph)]


def make_corpus(path: Path, n: int, article_kb: float, seed: int = 7, paragraphs: list[str] | None = None) -> float:
    """Write ``n`` synthetic articles as JSONL, recombining ``paragraphs`` (default: the bundled
    samples'); returns their mean size in KB (UTF-8)."""
    from rasd.resources import sample_paragraphs

    rng = random.Random(seed)
    paragraphs = paragraphs or sample_paragraphs()
    total = 0
    with path.open("w", encoding="utf-8") as f:
        for i in range(n):
            parts: list[str] = []
            size = 0
            while size < article_kb * 1024:
                p = rng.choice(paragraphs)
                parts.append(p)
                size += len(p.encode("utf-8")) + 1
            text = "\n".join(parts) + f"\n(رقم {i})"
            total += len(text.encode("utf-8"))
            record = {"id": f"b{i:07d}", "text": text, "published": f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}"}
            f.write(json.dumps(record, ensure_ascii=False) + "\n")
    return total / n / 1024


class NullStore:
    """A store that keeps nothing: measures extraction through the batch machinery alone."""

    def __init__(self) -> None:
        import sqlalchemy

        self.engine = sqlalchemy.create_engine("sqlite://")

    def known(self, ids):  # type: ignore[no-untyped-def]
        return {}

    def save(self, docs):  # type: ignore[no-untyped-def]
        pass


# -- one measurement, run in a child process ------------------------------------------------


def child(kind: str, corpus: str, workers: int, url: str | None, chunk: int) -> dict:
    import rasd
    from rasd.batch import WARM_UP_TEXT, run_ingest

    rasd.extract(WARM_UP_TEXT)  # load lexicons and models once, as a long batch does
    cpu0 = os.times()
    start = time.perf_counter()
    if kind == "extract":
        summary = run_ingest([corpus], NullStore(), workers=workers, chunk_size=chunk, keep_ids=False)  # type: ignore[arg-type]
        n = summary.extracted
    else:
        from rasd.store import open_store

        store = open_store(url)
        summary = run_ingest([corpus], store, workers=workers, chunk_size=chunk, keep_ids=False)
        store.close()
        n = summary.stored
    seconds = time.perf_counter() - start
    cpu1 = os.times()
    cpu = (cpu1.user - cpu0.user) + (cpu1.system - cpu0.system) + (cpu1.children_user - cpu0.children_user) + (
        cpu1.children_system - cpu0.children_system
    )
    return {
        "n": n,
        "seconds": seconds,
        "cpu_seconds": cpu,
        "skipped": len(summary.skipped),
        "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "worker_rss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    }


def measure(kind: str, corpus: Path, workers: int, url: str | None = None, chunk: int = 50) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, "--child", kind, str(corpus), str(workers), url or "", str(chunk)],
        capture_output=True, text=True, check=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def report(label: str, r: dict) -> None:
    rate = r["n"] / r["seconds"] if r["seconds"] else 0.0
    per_cpu = r["n"] / r["cpu_seconds"] if r["cpu_seconds"] else 0.0
    print(
        f"{label:<34} {r['n']:>7} art  {rate:8.1f} art/s  {per_cpu:8.1f} art/CPU-s  "
        f"writer RSS {r['rss_mb']:6.0f} MB  worker RSS {r['worker_rss_mb']:6.0f} MB"
        + (f"  skipped {r['skipped']}" if r["skipped"] else "")
    )


def profile(corpus: Path, n: int) -> None:
    """Time per pipeline stage (and per store step), over ``n`` articles, in this process."""
    from collections import defaultdict

    import rasd
    from rasd.batch import WARM_UP_TEXT
    from rasd.ingest import read_inputs
    from rasd.pipeline import DEFAULT_PIPELINE, build_document

    rasd.extract(WARM_UP_TEXT)
    totals: dict[str, float] = defaultdict(float)
    docs = []
    for i, record in enumerate(read_inputs([str(corpus)])):
        if i >= n:
            break
        t = time.perf_counter()
        doc = build_document(record)  # type: ignore[arg-type]
        totals["build (clean)"] += time.perf_counter() - t
        for stage in DEFAULT_PIPELINE.stages:
            t = time.perf_counter()
            doc = stage.run(doc)
            totals[f"stage {stage.name}"] += time.perf_counter() - t
        docs.append(doc)
    from rasd.store import open_store

    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(str(Path(tmp) / "p.db"))
        t = time.perf_counter()
        for i in range(0, len(docs), 50):
            store.save(docs[i : i + 50])
        totals["store.save (SQLite)"] += time.perf_counter() - t
        store.close()
    from rasd.dedup import signature

    signature(docs[0].text)  # load datasketch and build the permutations once
    t = time.perf_counter()
    for d in docs:
        signature(d.text)
    totals["dedup signature"] += time.perf_counter() - t
    whole = sum(v for k, v in totals.items() if not k.startswith("dedup"))
    print(f"\nprofile over {len(docs)} articles (ms per article; share of extract+store):")
    for name, secs in sorted(totals.items(), key=lambda kv: -kv[1]):
        print(f"  {name:<24} {secs * 1000 / len(docs):7.2f} ms  {100 * secs / whole:5.1f} %")


def _spin(n: int) -> int:
    total = 0
    for i in range(n):
        total += i * i
    return total


def calibrate(n: int = 4_000_000) -> float:
    """The speed-up a pure-Python loop gets from 2 processes on this machine right now: the
    ceiling for any 2-worker number below when other programs share the cores."""
    import multiprocessing

    start = time.perf_counter()
    _spin(n)
    _spin(n)
    serial = time.perf_counter() - start
    start = time.perf_counter()
    with multiprocessing.get_context("fork").Pool(2) as pool:
        pool.map(_spin, [n, n])
    return serial / (time.perf_counter() - start)


def speed(args: argparse.Namespace, tmpdir: Path, base: Path, results: dict) -> None:
    """Extraction alone and ingest into SQLite and PostgreSQL, with 1 and 2 workers."""
    print("-- extract (no store) and ingest, 1 vs 2 workers --")
    for workers in (1, 2):
        results[("extract", workers)] = r = measure("extract", base, workers)
        report(f"extract, {workers} worker(s)", r)
    for workers in (1, 2):
        db = tmpdir / f"w{workers}.db"
        results[("sqlite", workers)] = r = measure("ingest", base, workers, str(db))
        report(f"ingest SQLite, {workers} worker(s)", r)
    if not args.skip_postgres:
        sys.path.insert(0, str(ROOT / "tests"))
        try:
            from pg import PostgresServer, _bin_dir  # the test suite's throwaway server

            bin_dir = _bin_dir()
            if bin_dir is None:
                raise RuntimeError("no PostgreSQL binaries")
            server = PostgresServer(bin_dir)
            server.start()
            try:
                for workers in (1, 2):
                    results[("postgres", workers)] = r = measure("ingest", base, workers, server.new_database())
                    report(f"ingest PostgreSQL, {workers} worker(s)", r)
            finally:
                server.stop()
        except BaseException as e:  # noqa: BLE001 - pytest.skip raises a BaseException
            print(f"PostgreSQL skipped: {type(e).__name__}: {e}")
    for kind in ("extract", "sqlite", "postgres"):
        if (kind, 1) in results and (kind, 2) in results:
            one, two = results[(kind, 1)], results[(kind, 2)]
            print(f"speed-up 1 -> 2 workers, {kind}: {one['seconds'] / two['seconds']:.2f}x")
    print(f"calibration again: {calibrate():.2f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,10000,100000", help="corpus sizes for the growth table")
    parser.add_argument("--article-kb", type=float, default=3.0)
    parser.add_argument("--speedup-size", type=int, default=1000, help="articles for the 1 vs 2 worker runs")
    parser.add_argument("--skip-postgres", action="store_true")
    parser.add_argument("--skip-speed", action="store_true", help="only the growth table")
    parser.add_argument("--profile", type=int, default=0, help="profile the stages over this many articles")
    parser.add_argument(
        "--conll", type=Path, default=None,
        help="make the articles from the sentences of this CoNLL file (e.g. ../shared/data/anercorp-camel-splits/"
        "ANERCorp_CamelLab_train.txt) instead of the bundled samples: real news vocabulary, so caches do not flatter",
    )
    parser.add_argument("--child", nargs=5, help=argparse.SUPPRESS)
    args = parser.parse_args()
    paragraphs = conll_paragraphs(args.conll) if args.conll else None
    if args.child:
        kind, corpus, workers, url, chunk = args.child
        print(json.dumps(child(kind, corpus, int(workers), url or None, int(chunk))))
        return

    import rasd

    sizes = [int(s) for s in args.sizes.split(",") if s]
    print(f"rasd {rasd.__version__}, {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f}")
    print(f"calibration: a pure-Python loop runs {calibrate():.2f}x faster on 2 processes than on 1 right now")
    with tempfile.TemporaryDirectory() as tmp:
        tmpdir = Path(tmp)
        base = tmpdir / "speed.jsonl"
        kb = make_corpus(base, args.speedup_size, args.article_kb, paragraphs=paragraphs)
        print(f"synthetic articles: mean {kb:.2f} KB\n")
        results: dict = {}
        if not args.skip_speed:
            speed(args, tmpdir, base, results)
        print("\n-- growth: ingest into SQLite with all cores, keep_ids off --")
        for n in sizes:
            corpus = tmpdir / f"c{n}.jsonl"
            make_corpus(corpus, n, args.article_kb, seed=n, paragraphs=paragraphs)
            r = measure("ingest", corpus, 0, str(tmpdir / f"g{n}.db"))
            report(f"{n} articles", r)
            print(f"{'':<34} {r['seconds'] * 1000 / max(1, r['n']):.2f} ms/article wall, "
                  f"{r['cpu_seconds'] * 1000 / max(1, r['n']):.2f} ms/article CPU")
            corpus.unlink()
        if args.profile:
            profile(base, args.profile)


if __name__ == "__main__":
    main()
