"""Throughput and memory of the entities layer (printed, never asserted).

Builds a synthetic Arabic news text from project-written sentences (no third-party text), runs
normalise + segment first (not timed), then times `entities_stage` alone. Also times KB and model
loading, and a no-Arabic text, at a few sizes to show the layer is linear in the text length.

    .venv/bin/python benchmarks/bench_entities.py [--sizes 20000,200000,2000000]
"""

from __future__ import annotations

import argparse
import time
import tracemalloc

from rasd.document import Document
from rasd.normalize import normalize_stage
from rasd.segment import segment_stage

SENTENCES = [
    "قال الرئيس التركي رجب طيب أردوغان إن بلاده ستوقع اتفاقا مع شركة تسلا الأمريكية.",
    "وأكدت وزارة الخارجية السعودية أن الرياض ستستضيف اجتماعا لمجلس التعاون الخليجي.",
    "والتقى وزير المالية المغربي كمال بوزيدان بمسؤولين من صندوق النقد الدولي في واشنطن.",
    "وذكرت وكالة رويترز أن إيلون ماسك سيزور أنقرة وإسطنبول الشهر المقبل.",
    "وأعلنت مجموعة \"نور الصباح\" للاستثمار عن مشروع جديد في مدينة البصرة جنوب العراق.",
]


def make_text(chars: int, arabic: bool = True) -> str:
    if not arabic:
        unit = "The quick brown fox met Reuters in London on Monday. "
        return (unit * (chars // len(unit) + 1))[:chars]
    parts, n, i = [], 0, 0
    while n < chars:
        s = SENTENCES[i % len(SENTENCES)]
        parts.append(s)
        n += len(s) + 1
        i += 1
    return "\n".join(parts)


def prepared(text: str) -> Document:
    return segment_stage(normalize_stage(Document(text, id="bench")))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="20000,200000,2000000")
    args = ap.parse_args()

    t0 = time.perf_counter()
    from rasd.entities.kb import load_kb
    from rasd.entities.tagger import load_given_names, load_name_lists, load_tagger, load_triggers, load_word_clusters

    kb = load_kb()
    load_tagger()
    load_triggers()
    load_given_names()
    load_name_lists()
    load_word_clusters()
    print(f"load KB ({len(kb.records)} records, {len(kb.index)} aliases) + CRF model + feature tables: "
          f"{time.perf_counter() - t0:.2f} s")

    from rasd.entities import entities_stage

    for arabic in (True, False):
        for size in (int(s) for s in args.sizes.split(",")):
            doc = prepared(make_text(size, arabic))
            t0 = time.perf_counter()
            entities_stage(doc)
            dt = time.perf_counter() - t0
            # Memory in a second run: tracemalloc slows Python down several times.
            tracemalloc.start()
            entities_stage(doc)
            peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
            mentions = sum(len(e.mentions) for e in doc.entities)
            label = "arabic" if arabic else "latin "
            print(
                f"{label} {size:>10,} chars  {len(doc.tokens):>9,} tokens  {dt:7.2f} s  "
                f"{size / dt / 1e3:8.1f} kchar/s  {len(doc.tokens) / dt:9.0f} tok/s  "
                f"{len(doc.entities):>5} entities {mentions:>7} mentions  peak +{peak / 1e6:.0f} MB"
            )


if __name__ == "__main__":
    main()
