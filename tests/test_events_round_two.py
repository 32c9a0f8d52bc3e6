"""The events stage's second round of per-document shortcuts gives the answers of the scans it replaces."""

from __future__ import annotations

import re
from itertools import chain, product
from types import SimpleNamespace

from hypothesis import given, settings
from hypothesis import strategies as st

import rasd
from rasd.events.arguments import (
    _NISBA_ENDINGS,
    _STEM_ENDINGS,
    _nisba_index,
    _without_overlaps,
    build_mention_index,
    nisba_forms,
    nisba_stem,
)
from rasd.events.ontology import ontology
from rasd.events.stage import _context_patterns, _context_words, _contexts
from rasd.events.words import WordTable

_LETTERS = "ارسيهونلتقطبم"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_LETTERS, min_size=3, max_size=6),
       st.sampled_from(["", "ال"]), st.sampled_from(("",) + _STEM_ENDINGS + ("x", "يي")))
def test_nisba_forms_are_every_nisba_shaped_word_of_the_stem(stem: str, art: str, end: str) -> None:
    word = art + stem + end
    key = nisba_stem(word)
    shaped = word.endswith(_NISBA_ENDINGS)
    assert (word in nisba_forms(key)) == shaped
    assert all(nisba_stem(f) == key and f.endswith(_NISBA_ENDINGS) for f in nisba_forms(key))


def test_nisba_forms_of_a_country() -> None:
    assert {"الروسي", "روسي", "الروسيه", "الروسيين"} <= nisba_forms("روس")
    assert "روسيا" not in nisba_forms("روس")  # the country's name is no adjective


def test_without_overlaps_keeps_the_earlier_then_the_longer() -> None:
    raw = [(5, 6, "b", "GPE", 0), (0, 1, "a", "GPE", 0), (5, 8, "c", "ORG", 0), (1, 2, "d", "PERSON", 0), (9, 9, "e", "GPE", 0)]
    assert [r[2] for r in _without_overlaps(raw)] == ["a", "c", "e"]
    assert _without_overlaps([]) == []


def test_nisba_index_takes_any_container_of_covered_tokens() -> None:
    doc = rasd.extract("أدان الرئيس الروسي الغزو. وقالت روسيا إن الوفد الروسي وصل.")
    table = WordTable(doc.tokens)
    idx = build_mention_index(doc, table)
    assert _nisba_index(doc, table.forms, idx.covered) == _nisba_index(doc, table.forms, set(idx.covered))
    assert {t: m.entity_id for t, m in _nisba_index(doc, table.forms, set()).items()}


def test_context_words_are_the_one_word_cues() -> None:
    words, as_set, openers = _context_words()
    assert as_set == frozenset(words)
    single = [re.compile(p.pattern.replace("(?:^| )", "")) for p in _context_patterns().values()]
    for w, bits in list(words.items())[::7]:
        assert bits == sum(1 << k for k, pat in enumerate(single) if pat.fullmatch(w))
    multi = [s for stems in ontology().context_cues.values() for s in stems if " " in s]
    assert {s.split()[0] for s in multi} <= openers


_STEMS = sorted({s for stems in ontology().context_cues.values() for s in stems})
_WORD = st.builds(lambda art, stem, end: art + stem + end, st.sampled_from(["", "ال", "بال"]),
                  st.sampled_from(_STEMS + ["قال", "ذكاء", "اصطناعي"]), st.sampled_from(["", "ه", "يه", "ات", "x"]))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(_WORD, min_size=1, max_size=3).map(tuple), max_size=8), st.integers(0, 3))
def test_contexts_match_the_regexes_over_the_readings(forms: list[tuple[str, ...]], lo: int) -> None:
    text = " ".join(chain.from_iterable(forms[lo:]))
    expected = [ctx for ctx, pat in _context_patterns().items() if pat.search(text)]
    assert _contexts(SimpleNamespace(forms=forms), lo, len(forms)) == expected  # type: ignore[arg-type]


def test_contexts_of_cue_spellings() -> None:
    for art, end in product(("", "ال"), ("", "يه", "ات")):
        assert "military" in _contexts(SimpleNamespace(forms=[("في",), (art + "عسكري" + end,)]), 0, 2)  # type: ignore[arg-type]
    assert _contexts(SimpleNamespace(forms=[("صحيفه",)]), 0, 1) == []  # type: ignore[arg-type]
