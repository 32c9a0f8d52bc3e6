"""Normalisation for matching, with an offset map back to the document text.

Arabic news spells one word many ways (أردوغان/اردوغان, السعودية/السعوديه, مليونًا/مليونا, ٣/3).
Every matcher works on the normalised form, and every match is mapped back through
`NormalizedText.source_span`, so offsets always point into `Document.text`.
Folding is one character for one character; only deletions (diacritics, tatweel, invisible
marks) change length, and the index records where each kept character came from.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rasd.resources import load_toml


@lru_cache(maxsize=1)
def _marks() -> frozenset[str]:
    """Deleted characters that belong to the letter before them (diacritics, tatweel): a span
    ending on that letter takes them along ("دولاراً", "هـ"), as a reader selects the word."""
    data = load_toml("normalization.toml")["delete"]
    return frozenset(data["diacritics"] + data["tatweel"])


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[int, str | None], frozenset[str], re.Pattern[str]]:
    data = load_toml("normalization.toml")
    deleted = "".join(data["delete"].values())
    table: dict[int, str | None] = {ord(c): None for c in deleted}
    for src, dst in data["fold"].items():
        if len(src) != 1 or len(dst) != 1:
            raise ValueError(f"normalization.toml: fold {src!r} -> {dst!r} is not one character to one")
        table[ord(src)] = dst
    for c in range(ord("A"), ord("Z") + 1):
        table[c] = chr(c + 32)
    return table, frozenset(deleted), re.compile("[" + re.escape(deleted) + "]+")


class NormalizedText:
    """A normalised copy of a text and, for each of its characters, the source offset."""

    __slots__ = ("text", "_index", "source_length", "_source")

    def __init__(self, text: str, index: list[int] | None, source_length: int, source: str = "") -> None:
        self.text = text
        self._index = index  # None: nothing was deleted, offsets are the same
        self.source_length = source_length
        self._source = source  # the text normalised (only read when something was deleted)

    @property
    def keeps_offsets(self) -> bool:
        """Whether nothing was deleted, so that every normalised offset is its source offset."""
        return self._index is None

    def source_offset(self, i: int) -> int:
        """Source offset of normalised offset ``i`` (``len(text)`` maps to the source end)."""
        if self._index is None:
            return i
        if i >= len(self._index):
            return self.source_length
        return self._index[i]

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """The source span covering normalised characters ``start`` to ``end``."""
        if self._index is None:
            return start, end
        if end <= start:
            s = self.source_offset(start)
            return s, s
        last = self._index[end - 1] + 1
        following = self._index[end] if end < len(self._index) else self.source_length
        marks = _marks()
        while last < following and self._source[last : last + 1] in marks:
            last += 1  # the diacritics and tatweel of the span's last letter
        return self._index[start], last


def normalize_form(s: str) -> str:
    """The normalised form of a string (no offset map): for lexicon keys and comparisons."""
    return s.translate(_tables()[0])


def fold_pattern(pattern: str) -> str:
    """Fold the Arabic letters of a regular expression written in natural spelling (إلى -> الي),
    leaving Latin letters alone so escapes such as ``\\S`` keep their meaning."""
    table = _tables()[0]
    return "".join(c if "A" <= c <= "Z" else c.translate(table) for c in pattern)


def normalize(text: str) -> NormalizedText:
    table, _, deleted_re = _tables()
    normalized = text.translate(table)
    if not deleted_re.search(text):
        return NormalizedText(normalized, None, len(text))
    # Kept characters are the runs between deleted ones (diacritics are a few per cent of a text).
    index: list[int] = []
    kept_from = 0
    for m in deleted_re.finditer(text):
        index.extend(range(kept_from, m.start()))
        kept_from = m.end()
    index.extend(range(kept_from, len(text)))
    return NormalizedText(normalized, index, len(text), text)


def normalize_stage(doc):  # type: ignore[no-untyped-def]
    """Pipeline stage: attach the normalised view of the text to the document."""
    doc.norm = normalize(doc.text)
    return doc
