"""Throughput of extract and ingest: articles/s and peak RSS, on the seeds replicated N times.

    .venv/bin/python benchmarks/throughput.py [--copies 20] [--seeds ../shared/seeds] [--warm-on ../shared/dev/gold]

Extraction is timed three ways, with CPU time of this process (another process on the machine
slows wall time, not this):

- cold: the tagger's word-form cache is emptied before every article, so every word is new to it
  (the worst case: the first article of a process);
- stream: the caches are emptied, then filled by extracting other articles (``--warm-on``: the
  texts of the dev gold files), before the seeds are timed once each — what a long batch sees;
- 3 KB: as stream, on each seed cut to its first ~3 KB at a sentence end (the issue's target size).

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


def _warm_texts(folder: Path) -> list[str]:
    """Article texts of a folder of .txt files or gold .json files (none when it is absent)."""
    if not folder.is_dir():
        return []
    out = [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))]
    for p in sorted(folder.glob("*.json")):
        record = json.loads(p.read_text(encoding="utf-8"))
        if isinstance(record, dict) and isinstance(record.get("text"), str):
            out.append(record["text"])
    return out


def _cut(text: str, size: int) -> str:
    """The text up to the last sentence end (line break or full stop) within ``size`` UTF-8 bytes."""
    head = text.encode("utf-8")[:size].decode("utf-8", errors="ignore")
    end = max(head.rfind("\n"), head.rfind(". "), head.rfind("."))
    return head[: end + 1] if end > len(head) // 2 else head


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--copies", type=int, default=20)
    parser.add_argument("--seeds", type=Path, default=ROOT.parent / "shared" / "seeds")
    parser.add_argument("--warm-on", type=Path, default=ROOT.parent / "shared" / "dev" / "gold",
                        help="articles (.txt, or gold .json with a text) extracted before the stream timing")
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

    from rasd.pipeline import clear_caches

    warm_texts = _warm_texts(args.warm_on)
    short = [_cut(t, 3 * 1024) for t in texts]
    short_kb = sum(len(t.encode()) for t in short) / len(short) / 1024
    rasd.extract(texts[0])  # load lexicons and models once, as a long-running batch would

    cold_s = 0.0
    for i in range(args.copies):
        for t in texts:
            clear_caches()
            start = time.process_time()
            rasd.extract(t, id=f"{i}")
            cold_s += time.process_time() - start
    stream_s = short_s = 0.0
    for i in range(args.copies):
        for batch, is_short in ((texts, False), (short, True)):
            clear_caches()
            for t in warm_texts:
                rasd.extract(t)
            start = time.process_time()
            for t in batch:
                rasd.extract(t, id=f"{i}")
            spent = time.process_time() - start
            if is_short:
                short_s += spent
            else:
                stream_s += spent

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

    print(f"articles: {n} (mean {size_kb:.1f} KB), rasd {rasd.__version__}; stream warmed on {len(warm_texts)} other articles")
    for label, spent, kb in (("cold", cold_s, size_kb), ("stream", stream_s, size_kb), ("3 KB", short_s, short_kb)):
        print(
            f"extract {label:6s} {n / spent:8.1f} articles/s  ({spent * 1000 / n:.1f} ms/article of {kb:.1f} KB, "
            f"{spent * 1000 / n / kb:.2f} ms/KB, 1 process)"
        )
    print(f"ingest:  {n / ingest_s:8.1f} articles/s  (SQLite, stored {summary.stored})")
    print(f"re-run:  {n / rerun_s:8.1f} articles/s  (unchanged {again.unchanged})")
    print(f"peak RSS: {peak_rss_mb():.0f} MB")


if __name__ == "__main__":
    main()
