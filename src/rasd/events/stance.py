"""Stated intentions and stances: "أكد X ضرورة التعاون مع Y", "أبدى X رغبته في الاستثمار في Y".

A verbal noun governed by a word of intention or stance (ضرورة "the need", رغبة "the wish",
اهتمام "the interest", منفتح على "open to") is not an act told as done but one its speaker wants
or calls for. News and PLOVER coders credit it to whoever states it: the subject of the
statement verb (أكد, أبدى, أعرب عن) is the source, not a name inside the phrase ("رغبة بلاده":
the minister speaks for his country), and the event is planned. A stance stated by nobody named
("تؤكد الاستثمارات أهمية التعاون") is no event of anyone's.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from rasd.events.arguments import CLAUSE_STOPS
from rasd.events.lexicon import verb_cue_forms
from rasd.events.words import WordTable
from rasd.normalize import normalize_form
from rasd.resources import load_toml
from rasd.segment import suffix_splits

STANCE_GAP = 4  # words (bridges and prepositions) between a stance word and the verbal noun it governs
STATEMENT_WINDOW = 14  # words between a statement verb and the stance word it states


@dataclass(frozen=True)
class StanceWords:
    heads: frozenset[str]
    bridges: frozenset[str]
    verbs: frozenset[str]
    quote_nouns: frozenset[str]  # "قوله": the speaker is named right before it, not as a subject


@lru_cache(maxsize=1)
def stance_words() -> StanceWords:
    """The stance vocabulary of ``events/modality.toml`` in normalised spelling."""
    s = load_toml("events/modality.toml")["stance"]
    f = lambda ws: frozenset(normalize_form(w) for w in ws)  # noqa: E731
    return StanceWords(
        heads=f(s["heads"]),
        bridges=f(s["bridges"]),
        verbs=verb_cue_forms(s["verbs"]) | f(s["participles"]) | f(s["quote_nouns"]),
        quote_nouns=f(s["quote_nouns"]),
    )


def _is_head(forms: tuple[str, ...], heads: frozenset[str]) -> bool:
    for form in forms:
        bare = form[2:] if form.startswith("ال") and len(form) > 4 else form
        if form in heads or bare in heads:
            return True
        # an attached possessive pronoun: رغبته, اهتمامها, استعدادهم
        if any(stem in heads for stem in suffix_splits(bare)):
            return True
    return False


def stance_head(table: WordTable, i: int, lo: int, covered: dict[int, int]) -> int | None:
    """Index of the stance word governing the verbal noun at token ``i``: before it, across
    prepositions and bridge nouns ("اهتمام ... بتوسيع نطاق التعاون") and at most one name
    (the holder: "رغبة الجهاز في الاستثمار")."""
    words = stance_words()
    tokens = table.tokens
    seen = 0
    names = 0
    holders = 0
    k = i - 1
    while k >= lo and seen <= STANCE_GAP:
        tok = tokens[k]
        if k in covered:
            names += 1
            if names > 2:
                return None
            k -= 1
            continue
        if tok.kind != "word":
            return None
        forms = table.forms[k]
        if _is_head(forms, words.heads):
            return k
        if not any(f in words.bridges or (f.startswith("ال") and f[2:] in words.bridges) for f in forms):
            # the holder, one definite noun: "رغبة الجهاز في الاستثمار"
            holders += 1
            if holders > 1 or not forms[0].startswith("ال"):
                return None
        seen += 1
        k -= 1
    return None


def statement_verb(table: WordTable, head: int, lo: int, covered: dict[int, int]) -> int | None:
    """Index of the verb stating the stance word at ``head`` ("أكد", "أبدى", "مؤكدا"); the
    words of names and titles between them (a long apposition) do not count."""
    words = stance_words()
    tokens = table.tokens
    n = 0
    for k in range(head - 1, lo - 1, -1):
        tok = tokens[k]
        if tok.norm in CLAUSE_STOPS:
            return None
        if tok.kind != "word" or k in covered:
            continue
        if not words.verbs.isdisjoint(table.forms[k][:2]):
            return k
        n += 1
        if n > STATEMENT_WINDOW:
            return None
    return None
