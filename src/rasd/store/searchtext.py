"""The normalised, clitic-split copy of an article that full-text search indexes.

Arabic attaches conjunctions, prepositions and the article to the next word (وتسلا = و + تسلا) and
pronouns to its end (لشركته = ل + شركة + ه), so a word-based index built on the surface text would
miss most occurrences of a name. The index copy lists, for each word, its normalised form and every
clitic reading from `rasd.segment` (the same analysis the extraction uses), plus a "skeleton" that
lets transcription variants of foreign names meet (تسلا / تيسلا). Queries go through the same
function, so "تسلا", "وتسلا" and "تيسلا" find the same articles, on SQLite FTS5 and PostgreSQL alike.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from rasd.normalize import normalize, normalize_form
from rasd.resources import load_toml
from rasd.segment import proclitic_splits, suffix_splits

# Words are runs of letters; numbers are runs of digits (both tokenizers split "3.5" into 3 and 5).
_WORD = re.compile(r"[^\W\d_]+|\d+")
# Index terms longer than this are cut: a pasted hash or a 500-digit number is not a search term.
MAX_TERM = 60


@dataclass(frozen=True)
class _Rules:
    optional: frozenset[str]
    vowels: frozenset[str]
    marker: str
    min_length: int


@lru_cache(maxsize=1)
def _rules() -> _Rules:
    data = load_toml("search.toml")
    return _Rules(
        frozenset(data["optional_vowels"]), frozenset(data["vowels"]), data["skeleton_marker"], data["skeleton_min_length"]
    )


def _is_arabic(form: str) -> bool:
    return any("\u0600" <= c <= "\u06ff" for c in form)


def skeleton(form: str) -> str:
    """The form with optional long vowels between two consonants removed (تيسلا -> تسلا)."""
    rules = _rules()
    if len(form) < rules.min_length or not _is_arabic(form):
        return form
    kept = [form[0]]
    for i in range(1, len(form) - 1):
        c = form[i]
        if c in rules.optional and form[i - 1] not in rules.vowels and form[i + 1] not in rules.vowels:
            continue
        kept.append(c)
    kept.append(form[-1])
    return "".join(kept)


def word_forms(form: str) -> list[str]:
    """A normalised word and its clitic readings: the word, without proclitics, without a pronoun."""
    if form.isdigit() or not _is_arabic(form):
        return [form[:MAX_TERM]]
    forms: list[str] = []
    for _cut, stem in proclitic_splits(form):
        forms.append(stem)
        forms.extend(suffix_splits(stem))
    out: list[str] = []
    for f in forms:
        f = f[:MAX_TERM]
        if f not in out:
            out.append(f)
    return out


@lru_cache(maxsize=200_000)
def _index_terms(form: str) -> tuple[str, ...]:
    """Index terms of one normalised word (cached: news vocabulary repeats a lot)."""
    marker = _rules().marker
    terms: list[str] = []
    for f in word_forms(form):
        terms.append(f)
        s = skeleton(f)
        if s != f:
            terms.append(marker + s)
    return tuple(terms)


def index_text(*texts: str | None) -> str:
    """The search copy of a document (title and text): space-separated index terms."""
    limit = load_toml("search.toml")["max_indexed_chars"]
    parts: list[str] = []
    for text in texts:
        if not text:
            continue
        for m in _WORD.finditer(normalize(text[:limit]).text):
            parts.extend(_index_terms(m.group()))
    return " ".join(parts)


def query_terms(query: str) -> list[list[str]]:
    """The query as groups of alternative terms: every group must match (AND), any term of a
    group may (OR). The groups hold the word, its clitic readings and their skeletons."""
    marker = _rules().marker
    groups: list[list[str]] = []
    for m in _WORD.finditer(normalize_form(query or "")[:2000]):
        group: list[str] = []
        for f in word_forms(m.group()):
            s = skeleton(f)
            for term in (f, s, marker + s) if _is_arabic(f) else (f,):
                if term not in group:
                    group.append(term)
        if group and group not in groups:
            groups.append(group)
    return groups[:32]


def highlight_forms(groups: list[list[str]]) -> tuple[frozenset[str], frozenset[str]]:
    """Plain forms and skeletons to highlight in the document text for a parsed query."""
    marker = _rules().marker
    plain = frozenset(t for g in groups for t in g if not t.startswith(marker))
    skeletons = frozenset(t[len(marker):] for g in groups for t in g if t.startswith(marker))
    return plain, skeletons


def find_hits(text: str, groups: list[list[str]], limit: int = 1000) -> list[tuple[int, int]]:
    """Spans of the words of ``text`` that a parsed query matches (offsets into ``text``)."""
    if not groups:
        return []
    plain, skeletons = highlight_forms(groups)
    norm = normalize(text[: load_toml("search.toml")["max_indexed_chars"]])
    hits: list[tuple[int, int]] = []
    for m in _WORD.finditer(norm.text):
        forms = word_forms(m.group())
        if any(f in plain for f in forms) or any(skeleton(f) in skeletons for f in forms):
            hits.append(norm.source_span(m.start(), m.end()))
            if len(hits) >= limit:
                break
    return hits


def entity_names(entities: list[dict]) -> list[str]:
    """The names an article's entities are known by (canonical Arabic and English): indexed with
    the article so that "Tesla" or the canonical spelling finds an article that wrote تيسلا."""
    names: list[str] = []
    for e in entities:
        for name in (e.get("name"), e.get("name_en")):
            if isinstance(name, str) and name and name not in names:
                names.append(name)
    return names


def entity_hits(entities: list[dict], groups: list[list[str]], text_length: int) -> list[tuple[int, int]]:
    """Mentions of the entities whose name or English name a parsed query matches."""
    if not groups:
        return []
    plain, skeletons = highlight_forms(groups)
    out: list[tuple[int, int]] = []
    for e in entities:
        words = [m.group() for name in (e.get("name"), e.get("name_en")) if isinstance(name, str)
                 for m in _WORD.finditer(normalize_form(name))]
        if any(f in plain or skeleton(f) in skeletons for w in words for f in word_forms(w)):
            for m in e.get("mentions", []):
                s, t = m.get("start"), m.get("end")
                if isinstance(s, int) and isinstance(t, int) and 0 <= s < t <= text_length:
                    out.append((s, t))
    return out


def snippet(text: str, groups: list[list[str]], entities: list[dict] | None = None) -> dict:
    """A short extract of ``text`` around the first hits, with the hits' offsets.

    Hits are the words the query matches, and the mentions of ``entities`` whose names it matches
    (an article found through an entity's English name). Returns ``{"start", "end", "text",
    "highlights": [[start, end], ...]}``, offsets in ``text``; the beginning of the text when
    nothing matches (e.g. a filter-only search).
    """
    cfg = load_toml("search.toml")
    context, max_hl = cfg["snippet_context"], cfg["snippet_max_highlights"]
    hits = find_hits(text, groups, limit=max_hl * 4)
    if entities:
        covered = set(hits)
        hits = sorted(covered | {h for h in entity_hits(entities, groups, len(text)) if h not in covered})
        # Keep only outermost spans: a mention that contains a matched word replaces it.
        merged: list[tuple[int, int]] = []
        for s, e in hits:
            if merged and s < merged[-1][1]:
                merged[-1] = (merged[-1][0], max(merged[-1][1], e))
            else:
                merged.append((s, e))
        hits = merged
    if hits:
        first = hits[0][0]
        start = max(0, first - context)
        end = min(len(text), hits[0][1] + 2 * context)
    else:
        start, end = 0, min(len(text), 3 * context)
    # Do not cut words in half (but never walk more than a word's length).
    for _ in range(30):
        if start == 0 or text[start - 1].isspace():
            break
        start -= 1
    for _ in range(30):
        if end >= len(text) or text[end].isspace():
            break
        end += 1
    inside = [[s, e] for s, e in hits if s >= start and e <= end][:max_hl]
    return {"start": start, "end": end, "text": text[start:end], "highlights": inside}
