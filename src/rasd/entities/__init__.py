"""Entities layer: find people, organisations, places and named things, resolve their mentions
within a document and link them to the knowledge base (Wikidata id, English name, country, sector).

`entities_stage` is the pipeline stage; `actor_key` gives the cross-document identity the store
uses: the same knowledge-base record, or the same normalised name, is the same actor.
"""

from __future__ import annotations

from rasd.document import Entity
from rasd.entities.kb import alias_key, load_kb
from rasd.entities.stage import entities_stage


def actor_key(entity: Entity) -> str:
    """A stable cross-document identity for an entity.

    ``wd:<QID>`` when linked to Wikidata; ``kb:<English name>`` for a knowledge-base record without
    a verified QID; otherwise ``name:<TYPE>:<normalised name>`` (type class and normalised spelling,
    so أردوغان/اردوغان agree across articles).
    """
    if entity.kb_id:
        return f"wd:{entity.kb_id}"
    kb = load_kb()
    if entity.name_en:
        rec = kb.by_name_en.get(entity.name_en.casefold())
        if rec is not None and rec.type == entity.type:
            return f"kb:{rec.name_en.casefold()}"
    typ = "GPE" if entity.type in ("GPE", "LOC") else entity.type
    return f"name:{typ}:{alias_key(entity.name)}"


__all__ = ["entities_stage", "actor_key"]
