"""The events stage's per-document tables give the same answers as the per-token scans they replace."""

from __future__ import annotations

import bisect
import json
from itertools import chain
from pathlib import Path
from types import SimpleNamespace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import rasd
from rasd.events.arguments import ArgumentFinder, _nisba_index, argument_words, build_mention_index, nisba_stem
from rasd.events.lexicon import trigger_lexicon
from rasd.events.modality import denial_cues, is_planned, modality_cues, reported_cue, token_forms
from rasd.events.ontology import ontology
from rasd.events.stage import _context_patterns, _contexts, _starts_with_any, find_triggers
from rasd.events.words import (
    DENIAL_FIRST,
    DENIAL_VERB,
    PLANNED,
    REPORT_NOUN,
    REPORT_VERB,
    REPORTED_AFTER,
    TRIGGER,
    WordTable,
    cue_flags,
)

TEXTS = [
    "ذكرت صحيفة وول ستريت جورنال أن الرئيس التركي رجب طيب أردوغان دعا الملياردير إيلون ماسك إلى بناء مصنع لتسلا في تركيا.",
    "نفى الكرملين أن يكون بوتين قد طلب من ماسك عدم تفعيل الخدمة، وقال إن التقرير لا صحة له.",
    "تعتزم قطر تقديم قرض لمصر بقيمة 3 مليارات دولار، وفقا لمصادر مطلعة، بعد اجتماع الوفد القطري مع نظيره المصري.",
    "وقّعت الإمارات وروسيا اتفاقية للتعاون العسكري والاقتصادي في مجال الذكاء الاصطناعي والطاقة النووية.",
    "فرض الاتحاد الأوروبي عقوبات جديدة على روسيا بسبب الغزو الروسي لأوكرانيا، ورحبت كييف بالقرار.",
]


def _documents() -> list:
    samples = Path(rasd.__file__).parent / "data" / "samples" / "articles.jsonl"
    texts = list(TEXTS)
    if samples.is_file():
        texts += [json.loads(line)["text"] for line in samples.open(encoding="utf-8")][:4]
    return [rasd.extract(t) for t in texts]


@pytest.fixture(scope="module")
def documents() -> list:
    return _documents()


def _sentences(doc) -> list[tuple[int, int]]:  # type: ignore[no-untyped-def]
    starts = [t.start for t in doc.tokens]
    return [(bisect.bisect_left(starts, s.start), bisect.bisect_left(starts, s.end)) for s in doc.sentences]


def test_forms_are_token_forms_and_flags_their_classes(documents) -> None:  # type: ignore[no-untyped-def]
    cues = modality_cues()
    lex = trigger_lexicon()
    classes = {
        TRIGGER: set(lex.words) | set(lex.phrases),
        PLANNED: cues.planned,
        REPORTED_AFTER: cues.reported_after,
        REPORT_VERB: cues.report_verbs,
        REPORT_NOUN: cues.report_nouns,
        DENIAL_VERB: cues.denial_verbs,
        DENIAL_FIRST: {p[0] for p in cues.denial_phrases},
    }
    for doc in documents:
        table = WordTable(doc.tokens)
        assert len(table.forms) == len(doc.tokens) == len(table.flags)
        for t, tok in enumerate(doc.tokens):
            assert table.forms[t] == tuple(token_forms(tok))
            for bit, words in classes.items():
                assert bool(table.flags[t] & bit) == any(f in words for f in token_forms(tok)), (tok.norm, bit)
        assert table.trigger_positions == [t for t, fl in enumerate(table.flags) if fl & TRIGGER]


def test_cue_flags_cover_every_vocabulary() -> None:
    flags = cue_flags()
    assert all(flags[f] & PLANNED for f in modality_cues().planned)
    assert all(flags[f] & TRIGGER for f in trigger_lexicon().words)
    assert all(v > 0 for v in flags.values())


def test_first_and_trigger_positions() -> None:
    table = WordTable(rasd.extract("وفقا لمصادر، زار أردوغان قطر وفقا للبيان.").tokens)
    k = table.first(REPORTED_AFTER, 0, len(table.flags))
    assert k == 0
    assert table.first(REPORTED_AFTER, 1, 3) is None
    assert table.first(REPORTED_AFTER, 1, len(table.flags)) is not None
    assert table.triggers_from(0) == 0 and table.triggers_from(len(table.flags)) == len(table.trigger_positions)


# The scans as they were before the table: every token's readings, one vocabulary at a time.
def _reported_cue_scan(tokens, lo, hi):  # type: ignore[no-untyped-def]
    cues = modality_cues()
    has = lambda tok, words: any(f in words for f in token_forms(tok))  # noqa: E731
    for k in range(lo, hi):
        if has(tokens[k], cues.reported_after):
            return k
        if has(tokens[k], cues.report_verbs) or tokens[k].norm in ("قالت", "وقالت", "قال", "وقال"):
            for j in range(k + 1, min(hi, k + 3)):
                if has(tokens[j], cues.report_nouns):
                    return k
    return None


def _denial_cues_scan(tokens, lo, hi):  # type: ignore[no-untyped-def]
    cues = modality_cues()
    out = []
    for k in range(lo, hi):
        forms = token_forms(tokens[k])
        if any(f in cues.denial_verbs for f in forms):
            out.append(k)
            continue
        for phrase in cues.denial_phrases:
            n = len(phrase)
            if phrase[0] in forms and k + n <= hi and all(phrase[j] in token_forms(tokens[k + j]) for j in range(1, n)):
                out.append(k)
                break
    return out


def test_modality_scans_agree_with_the_table(documents) -> None:  # type: ignore[no-untyped-def]
    cues = modality_cues()
    for doc in documents:
        table = WordTable(doc.tokens)
        for lo, hi in _sentences(doc):
            assert reported_cue(table, lo, hi) == _reported_cue_scan(doc.tokens, lo, hi)
            assert denial_cues(table, lo, hi) == _denial_cues_scan(doc.tokens, lo, hi)
            for i in range(lo, hi):
                expected = any(f in cues.planned for k in range(max(lo, i - 5), i) for f in token_forms(doc.tokens[k]))
                assert is_planned(table, i, lo, "past") == expected
                assert is_planned(table, i, lo, "future")


def test_denial_phrase_and_report_verb_found() -> None:
    doc = rasd.extract("قال مصدر إن الخبر لا صحة له. ذكرت صحيفة أن الوزير نفى الاتفاق.")
    table = WordTable(doc.tokens)
    (lo1, hi1), (lo2, hi2) = _sentences(doc)[:2]
    assert reported_cue(table, lo1, hi1) == lo1  # قال مصدر
    assert [doc.tokens[k].norm for k in denial_cues(table, lo1, hi1)] == ["لا"]
    assert reported_cue(table, lo2, hi2) == lo2  # ذكرت صحيفة
    assert [doc.tokens[k].norm for k in denial_cues(table, lo2, hi2)] == ["نفي"]


def _contexts_search(forms: list[tuple[str, ...]]) -> list[str]:
    text = " ".join(chain.from_iterable(forms))
    return [ctx for ctx, pat in _context_patterns().items() if pat.search(text)]


def test_contexts_agree_with_one_search_per_context(documents) -> None:  # type: ignore[no-untyped-def]
    for doc in documents:
        table = WordTable(doc.tokens)
        for lo, hi in _sentences(doc):
            assert _contexts(table, lo, hi) == _contexts_search(table.forms[lo:hi])


_STEMS = sorted({s for stems in ontology().context_cues.values() for s in stems})
_WORD = st.builds(
    lambda art, stem, end: art + stem + end,
    st.sampled_from(["", "ال", "و", "بال"]),
    st.sampled_from(_STEMS + ["صحيفه", "عسكرين", "قال", "في", "ذكاء"]),
    st.sampled_from(["", "ه", "ات", "ي", "يه", "يين", "ية", "ا", "x"]),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(_WORD, min_size=1, max_size=3).map(tuple), max_size=8))
def test_contexts_of_any_words_agree_with_one_search_per_context(forms: list[tuple[str, ...]]) -> None:
    # multi-word cues (ذكاء اصطناعي) span readings; cues of two contexts may overlap
    words = SimpleNamespace(forms=forms)
    assert _contexts(words, 0, len(forms)) == _contexts_search(forms)  # type: ignore[arg-type]


def test_contexts_of_a_multi_word_cue() -> None:
    forms = [("في",), ("ذكاء",), ("اصطناعي", "x")]
    assert "technology" in _contexts(SimpleNamespace(forms=forms), 0, 3)  # type: ignore[arg-type]
    assert _contexts(SimpleNamespace(forms=forms), 0, 2) == _contexts_search(forms[:2])  # type: ignore[arg-type]


def test_starts_with_any_reads_past_the_article() -> None:
    assert _starts_with_any(("والدعم", "الدعم"), ("دعم",))
    assert _starts_with_any(("دعما",), ("دعم",))
    assert not _starts_with_any(("الد",), ("د",))  # too short to drop the article
    assert not _starts_with_any(("مساعده",), ("دعم", "اتفاق"))
    assert not _starts_with_any(("الدعم",), ())


def test_list_markers_by_first_word() -> None:
    words = argument_words()
    for first, markers in words.list_markers_by_first.items():
        assert markers == tuple(p for p in words.list_markers if p[0] == first)
    assert set(words.list_markers_by_first) == {p[0] for p in words.list_markers}


def test_role_word_sets() -> None:
    words = argument_words()
    assert words.any_role == frozenset().union(*words.roles.values())
    assert words.role_like == words.any_role | words.members | words.head_of


def _nisba_scan(doc, forms, idx):  # type: ignore[no-untyped-def]
    from rasd.normalize import normalize_form

    by_stem: dict[str, str] = {}
    for e in doc.entities:
        if e.type == "GPE":
            for name in [e.name] + [m.text for m in e.mentions]:
                key = nisba_stem(normalize_form(name))
                if len(key) >= 3 and " " not in key:
                    by_stem.setdefault(key, e.id)
    out = {}
    for t, tok in enumerate(doc.tokens):
        if tok.kind != "word" or t in idx.covered:
            continue
        for f in forms[t][:3]:
            if f.endswith(("ي", "يه", "يين", "يون", "يتين", "يتان")) and by_stem.get(nisba_stem(f)) is not None:
                out[t] = by_stem[nisba_stem(f)]
                break
    return out


def test_country_adjectives_found_once_per_document(documents) -> None:  # type: ignore[no-untyped-def]
    found = 0
    for doc in documents:
        table = WordTable(doc.tokens)
        idx = build_mention_index(doc, table)
        # the index keeps the adjectives outside the final mentions (those of a head are inside)
        assert {t: m.entity_id for t, m in idx.nisba.items()} == _nisba_scan(doc, table.forms, idx)
        assert {t: m.entity_id for t, m in _nisba_index(doc, table.forms, idx.covered).items()} == _nisba_scan(doc, table.forms, idx)
        found += len(idx.nisba)
    assert found  # الغزو الروسي, الوفد القطري ...


def test_find_triggers_with_and_without_a_given_table(documents) -> None:  # type: ignore[no-untyped-def]
    for doc in documents[:3]:
        table = WordTable(doc.tokens)
        idx = build_mention_index(doc)
        assert idx.covered == build_mention_index(doc, table).covered
        triggers = [(tr.start_tok, tr.end_tok, tr.matched) for lo, hi in _sentences(doc)
                    for tr in find_triggers(doc, table, lo, hi, idx.covered)]
        assert triggers and all(t in table.trigger_positions for t, _, _ in triggers)
        assert ArgumentFinder(doc, idx).forms == table.forms

