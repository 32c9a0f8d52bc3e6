"""Speed of the events stage: documents per second on the seed/dev texts with gold entities,
and CPU time on synthetic long inputs (linear growth). Prints numbers; asserts nothing.

    .venv/bin/python benchmarks/bench_events.py
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from events_harness import gold_entity_document, load  # noqa: E402
from rasd.events import events_stage  # noqa: E402


def main() -> None:
    shared = ROOT.parent / "shared"
    golds = []
    for name in ("seeds", "dev"):
        if (shared / name / "gold").exists():
            golds += load(shared / name / "gold")
    if golds:
        docs = [gold_entity_document(g) for g in golds]
        chars = sum(len(d.text) for d in docs)
        events_stage(docs[0])  # warm the lexicon
        reps = 20
        t = time.process_time()
        for _ in range(reps):
            for d in docs:
                events_stage(d)
        dt = time.process_time() - t
        print(f"gold-entity docs: {len(docs) * reps / dt:,.0f} docs/s, {chars * reps / dt / 1e6:.2f} M chars/s")
    sentence = "ودعا أردوغان ماسك إلى فتح مصنع في تركيا، والتقى بوتين مع ماسك في موسكو. "
    ents = [
        {"type": "PERSON", "name_en": n, "aliases": [n]} for n in ("أردوغان", "ماسك", "بوتين")
    ] + [{"type": "GPE", "name_en": n, "aliases": [n]} for n in ("تركيا", "موسكو")]
    for k in (1_000, 4_000, 16_000):
        doc = gold_entity_document({"text": sentence * k, "entities": ents})
        t = time.process_time()
        events_stage(doc)
        dt = time.process_time() - t
        print(f"{k:>6} sentences ({len(doc.text) / 1e6:.1f} M chars): {dt:.2f} s, {len(doc.events)} events")
    one = gold_entity_document({"text": sentence.replace(". ", "، ") * 4_000, "entities": ents})
    t = time.process_time()
    events_stage(one)
    print(f"one 4,000-clause sentence: {time.process_time() - t:.2f} s")


if __name__ == "__main__":
    main()
