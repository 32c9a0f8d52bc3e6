"""Development harness for the events layer: run it on gold entities, independent of NER.

`gold_entity_document(gold)` builds a `Document` from a gold file's text with the pipeline's
normalise and segment stages and `doc.entities` made from the gold entity aliases (each alias
found in the text, also after a leading clitic و ف ب ل ك), so the events stage can be scored
on its own. Run as a script to print the event scores with gold entities on seeds and dev.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

from rasd.document import Document, Entity
from rasd.evaluate import Report, format_table, score_document
from rasd.normalize import normalize_stage
from rasd.segment import segment_stage

_CLITICS = "وفبلك"


def _alias_spans(text: str, alias: str) -> list[tuple[int, int]]:
    out = []
    if not alias.strip():
        return out
    for m in re.finditer(re.escape(alias), text):
        s = m.start()
        # The alias must start a word, or follow one or two clitic letters that start it.
        k = s
        while k > 0 and text[k - 1] in _CLITICS and s - k < 2:
            k -= 1
        if k == 0 or not text[k - 1].isalnum():
            e = m.end()
            out.append((s, e))
    return out


def gold_entities(doc: Document, gold: dict[str, Any]) -> list[Entity]:
    """Entities with the mentions of the gold aliases, longer aliases first, no overlaps."""
    taken: list[tuple[int, int]] = []
    cands = []
    for k, g in enumerate(gold.get("entities", [])):
        for alias in g.get("aliases", []):
            for s, e in _alias_spans(doc.text, alias):
                cands.append((-(e - s), s, e, k))
    cands.sort()
    mentions: dict[int, list[tuple[int, int]]] = {}
    for _, s, e, k in cands:
        if any(s < te and ts < e for ts, te in taken):
            continue
        taken.append((s, e))
        mentions.setdefault(k, []).append((s, e))
    ents = []
    for k, g in enumerate(gold.get("entities", [])):
        spans = sorted(mentions.get(k, []))
        name = (g.get("aliases") or [g.get("name_en") or "?"])[0]
        ents.append(
            Entity(
                id=f"g{k}",
                type=g["type"],
                name=name,
                mentions=[doc.span(s, e) for s, e in spans],
                name_en=g.get("name_en"),
            )
        )
    return ents


def gold_entity_document(gold: dict[str, Any]) -> Document:
    doc = Document(text=gold["text"], id=gold.get("id", ""), published=gold.get("published"))
    doc = segment_stage(normalize_stage(doc))
    doc.entities = gold_entities(doc, gold)
    return doc


def events_with(text: str, entities: dict[str, tuple[str, ...]], modality: bool = True) -> list[tuple]:
    """The events of ``text`` given its entities, for unit tests: ``entities`` maps an alias to
    (type, English name[, country code[, KB id]]); aliases sharing an English name are one actor.
    Returns (type, source, target[, modality]) with actors by English name."""
    from rasd.events import events_stage

    actors: dict[str, dict[str, Any]] = {}
    extra: dict[str, tuple[str, ...]] = {}
    for alias, (etype, name_en, *rest) in entities.items():
        actors.setdefault(name_en, {"type": etype, "name_en": name_en, "aliases": []})["aliases"].append(alias)
        extra[name_en] = tuple(rest)
    doc = gold_entity_document({"text": text, "entities": list(actors.values())})
    for e in doc.entities:
        country, kb_id = (*extra[e.name_en], "", "")[:2]
        e.country = country or None
        if kb_id:
            e.kb_id = kb_id
    doc = events_stage(doc)
    doc.validate()
    name = {e.id: e.name_en for e in doc.entities}
    return [(e.type, name.get(e.source), name.get(e.target), *([e.modality] if modality else [])) for e in doc.events]


def run_with_gold_entities(golds: list[dict[str, Any]]) -> tuple[Report, list[Document]]:
    from rasd.events import events_stage

    report = Report()
    docs = []
    for g in golds:
        doc = events_stage(gold_entity_document(g))
        doc.validate()
        docs.append(doc)
        score_document(doc, g, report)
    return report, docs


def load(gold_dir: Path) -> list[dict[str, Any]]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(gold_dir.glob("*.json"))]


if __name__ == "__main__":  # pragma: no cover - a development tool
    shared = Path(__file__).resolve().parent.parent.parent / "shared"
    for name in ("seeds", "dev"):
        rep, _ = run_with_gold_entities(load(shared / name / "gold"))
        rows = format_table(rep).splitlines()
        print(f"== {name} (gold entities)")
        print("\n".join([rows[0]] + [r for r in rows if r.startswith("events")]))
    if "-v" in sys.argv:
        pass
