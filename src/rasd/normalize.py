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

import numpy as np

from rasd.resources import load_toml

# `str.translate` looks every non-ASCII character up in a dict; above this length a numpy table
# lookup over the UTF-32 code points is several times faster (below it, numpy's call overhead wins).
_ARRAY_FOLD_FROM = 96
_DELETED = 0xFFFFFFFF  # the table value of a deleted character (not a code point)


@lru_cache(maxsize=1)
def _marks() -> frozenset[str]:
    """Deleted characters that belong to the letter before them (diacritics, tatweel): a span
    ending on that letter takes them along ("دولاراً", "هـ"), as a reader selects the word."""
    data = load_toml("normalization.toml")["delete"]
    return frozenset(data["diacritics"] + data["tatweel"])


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[int, str | None], re.Pattern[str]]:
    data = load_toml("normalization.toml")
    deleted = "".join(data["delete"].values())
    table: dict[int, str | None] = {ord(c): None for c in deleted}
    for src, dst in data["fold"].items():
        if len(src) != 1 or len(dst) != 1:
            raise ValueError(f"normalization.toml: fold {src!r} -> {dst!r} is not one character to one")
        table[ord(src)] = dst
    for c in range(ord("A"), ord("Z") + 1):
        table[c] = chr(c + 32)
    return table, re.compile("[" + re.escape(deleted) + "]+")


@lru_cache(maxsize=1)
def _code_table() -> np.ndarray | None:
    """The folding table as an array indexed by code point over the Basic Multilingual Plane
    (`_DELETED` for deleted characters); None when it folds a character beyond that plane."""
    table = _tables()[0]
    if max(table) >= 0x10000:
        return None
    codes = np.arange(0x10000, dtype=np.uint32)
    for c, folded in table.items():
        codes[c] = _DELETED if folded is None else ord(folded)
    return codes


def _fold(text: str) -> tuple[str, list[int] | None]:
    """``text.translate`` of the folding table, and the source offset of each kept character
    (None when nothing was deleted): with numpy for long texts, the same result."""
    codes = _code_table()
    if codes is None or len(text) < _ARRAY_FOLD_FROM:
        table, deleted_re = _tables()
        if not deleted_re.search(text):
            return text.translate(table), None
        return text.translate(table), _kept_offsets(text, deleted_re)
    points = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    in_plane = points < 0x10000
    if in_plane.all():
        folded = codes[points]
    else:
        folded = points.copy()
        folded[in_plane] = codes[points[in_plane]]
    kept = folded != _DELETED
    if kept.all():
        return folded.tobytes().decode("utf-32-le", "surrogatepass"), None
    index = np.flatnonzero(kept)
    return folded[index].tobytes().decode("utf-32-le", "surrogatepass"), index.tolist()


def _kept_offsets(text: str, deleted_re: re.Pattern[str]) -> list[int]:
    """Source offsets of the characters that folding keeps (the runs between deleted ones)."""
    index: list[int] = []
    kept_from = 0
    for m in deleted_re.finditer(text):
        index.extend(range(kept_from, m.start()))
        kept_from = m.end()
    index.extend(range(kept_from, len(text)))
    return index


class NormalizedText:
    """A normalised copy of a text and, for each of its characters, the source offset."""

    __slots__ = ("text", "_index", "source_length", "_source", "_offsets")

    def __init__(self, text: str, index: list[int] | None, source_length: int, source: str = "") -> None:
        self.text = text
        self._index = index  # None: nothing was deleted, offsets are the same
        self.source_length = source_length
        self._source = source  # the text normalised (only read when something was deleted)
        self._offsets: list[int] | None = None

    def source_offsets(self) -> list[int]:
        """`source_offset` of every normalised offset ``0..len(text)``, as one list: for callers
        that map many offsets (the tokenizer), a list index instead of a method call each."""
        if self._offsets is None:
            if self._index is None:
                self._offsets = list(range(len(self.text) + 1))
            else:
                self._offsets = self._index + [self.source_length]
        return self._offsets

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
    if len(s) <= _CACHED_FORM_LENGTH:
        return _normalize_word(s)
    if len(s) < _ARRAY_FOLD_FROM:
        return s.translate(_tables()[0])
    return _fold(s)[0]


# Words and short phrases recur across articles (other stages fold them per token): they are
# cached, in a bounded cache; longer strings (lines, sentences) are folded each time.
_CACHED_FORM_LENGTH = 24


@lru_cache(maxsize=1 << 15)
def _normalize_word(s: str) -> str:
    return s.translate(_tables()[0])


@lru_cache(maxsize=1)
def folding_keeps_lines() -> bool:
    """Whether folding neither removes, changes nor makes a line break: then the lines of a
    folded text are the folded lines, and a text is folded in one call instead of one per line."""
    every_char = "".join(map(chr, range(0x10000)))
    return normalize_form(every_char).count("\n") == 1 and normalize_form("\n") == "\n"


def fold_pattern(pattern: str) -> str:
    """Fold the Arabic letters of a regular expression written in natural spelling (إلى -> الي),
    leaving Latin letters alone so escapes such as ``\\S`` keep their meaning."""
    table = _tables()[0]
    return "".join(c if "A" <= c <= "Z" else c.translate(table) for c in pattern)


def normalize(text: str) -> NormalizedText:
    normalized, index = _fold(text)
    if index is None:
        return NormalizedText(normalized, None, len(text))
    return NormalizedText(normalized, index, len(text), text)


def normalize_stage(doc):  # type: ignore[no-untyped-def]
    """Pipeline stage: attach the normalised view of the text to the document."""
    doc.norm = normalize(doc.text)
    return doc
