"""Shared helpers of the entity tests: run the entities stage on a sentence, list what it found."""

from __future__ import annotations

from rasd.document import Document
from rasd.entities import entities_stage
from rasd.normalize import normalize_stage
from rasd.segment import segment_stage


def run(text: str) -> Document:
    """The sentence through normalise, segment and entities, validated. An explicit id: Document
    hashes its text for a missing one, which lone surrogates break."""
    doc = entities_stage(segment_stage(normalize_stage(Document(text, id="test"))))
    doc.validate()
    return doc


def found(doc: Document) -> set[tuple[str, str]]:
    """(type, mention text) of every mention found."""
    return {(e.type, m.text) for e in doc.entities for m in e.mentions}
