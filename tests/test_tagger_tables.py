"""The look-up tables and shortcuts that make the document tagger fast give exactly what the
plain feature code gives: trigger kinds, context roles, name-list and cluster ids, stem-pair ids,
and a Viterbi decoder that makes the same choices (ties included) as the textbook one."""

from __future__ import annotations

import numpy as np
import pytest

from rasd.entities import tagger
from rasd.entities.crf import viterbi

WORDS = [
    "الرئيس", "وزير", "شركة", "محمد", "وأحمد", "المصرية", "التركي", "قال", "في", "من", "على",
    "للأمم", "وبالمدينة", "فكريستيانو", "زخرفيتوس", "Reuters", "nasa", "2024", "،", "ب", "",
    "جنوب", "شمال", "مدينة", "بلدية", "ولاية", "اللواء", "الشيخ", "بن", "أبو", "أكد", "أعلن",
]


@pytest.fixture(scope="module")
def engine() -> tagger.DocumentTagger:
    found = tagger.document_tagger()
    assert found is not None
    return found


def _old_context_role(key: tuple[str, str, str]) -> tuple[bool, frozenset[str], bool]:
    """`_context_role` as it was written before `_role` (the reference)."""
    trig = tagger.load_triggers()
    given, ordinary = tagger.load_given_names()
    norm, stem, bare = key
    eligible = not (len(bare) < 3 or norm in trig.function_words or not any(ch.isalpha() for ch in bare))
    gives = set()
    if stem in given and stem not in ordinary:
        gives.add("after_given")
    kind = trig.kind(norm) or trig.kind(stem)
    if kind == "title":
        gives.add("after_title")
    elif kind == "org" or stem in trig.company_heads:
        gives.add("after_org_head")
    if norm in trig.place_cues or stem in trig.place_cues:
        gives.add("after_place_cue")
    return eligible, frozenset(gives), stem in given and stem not in ordinary


def _sample_words() -> list[str]:
    trig = tagger.load_triggers()
    given, ordinary = tagger.load_given_names()
    words = list(WORDS)
    for forms in (trig.person_titles, trig.org_heads, trig.place_heads, trig.place_cues, trig.company_heads,
                  trig.function_words, given, ordinary):
        words += sorted(forms)[:40]
    lists = tagger.load_name_lists()
    for names in lists.values():
        words += sorted(names)[:30]
    words += sorted(tagger.load_word_clusters())[:200:5]
    return words + ["و" + w for w in words[:100]] + ["ال" + w for w in words[100:200]]


def test_context_roles_are_those_of_the_reference() -> None:
    for word in _sample_words():
        key = tagger._bare_key(word)
        norm, stem, bare = key
        assert tagger._context_role(key) == _old_context_role(key), word
        kind = tagger.load_triggers().kind(norm) or tagger.load_triggers().kind(stem)
        given, ordinary = tagger.load_given_names()
        role = tagger._role(norm, stem, bare, kind, stem in given and stem not in ordinary)
        assert role == _old_context_role(key), word


def test_flag_sets_are_shared() -> None:
    assert tagger._gives(True, True, True, False) is tagger._gives(True, True, True, False)
    assert tagger._gives(False, False, True, True) == frozenset({"after_org_head", "after_place_cue"})
    # A title takes precedence over an organisation head, as in `_context_role`.
    assert tagger._gives(False, True, True, False) == frozenset({"after_title"})


def test_trigger_kind_table_follows_triggers_kind(engine: tagger.DocumentTagger) -> None:
    trig = tagger.load_triggers()
    forms = set(trig.person_titles | trig.org_heads | trig.place_heads | trig.speech_cues | trig.name_particles)
    for form in sorted(forms) + WORDS:
        assert engine._kinds.get(form) == trig.kind(form), form


def test_lexicon_ids_are_those_of_the_feature_strings(engine: tagger.DocumentTagger) -> None:
    lists = tagger.load_name_lists()
    clusters = tagger.load_word_clusters()
    bares = [b for names in lists.values() for b in sorted(names)[:50]] + sorted(clusters)[:300:3] + ["زخرفيتوس"]
    for b in bares:
        analysis = tagger._analyse(b)
        if analysis.b != b:
            continue
        own, c1, gz_near = engine._by_bare.get(b, ((), None, ()))
        expected_own = [f"gz={c}" for c in analysis.in_lists] + [f"c{g}={c}" for g, c in enumerate(analysis.cl or [])]
        assert list(own) == [engine.attributes.get(f, engine.missing) for f in expected_own], b
        for k, d in enumerate(tagger.NEIGHBOUR_OFFSETS):
            if analysis.cl:
                assert c1 is not None and c1[k] == engine.attributes.get(f"{d}:c1={analysis.cl[-1]}", engine.missing)
            else:
                assert c1 is None
            assert [t[k] for t in gz_near] == [
                engine.attributes.get(f"{d}:gz={c}", engine.missing) for c in analysis.in_lists
            ]


def test_stem_pair_table_gives_the_id_of_the_pair_string(engine: tagger.DocumentTagger) -> None:
    pairs = [p for p in engine._pair_ids][:500]
    stems = ["BOS"] + [tagger._bare_key(w)[1] for w in _sample_words()]
    pairs += list(zip(stems, stems[1:])) + [("a|b", "c"), ("a", "b|c"), ("", "")]
    for prev, stem in pairs:
        expected = engine.attributes.get(f"-1s|s={prev}|{stem}", engine.missing)
        assert engine._pair_ids.get((prev, stem), engine.missing) == expected, (prev, stem)


def _textbook_viterbi(scores: np.ndarray, transition: np.ndarray) -> list[int]:
    """One sequence, one position at a time: the same sums, first best label on ties."""
    best = scores[0].copy()
    pointers = []
    for t in range(1, len(scores)):
        cand = best[:, None] + transition  # cand[i, j]: from label i to label j
        pointers.append(cand.argmax(axis=0))
        best = cand.max(axis=0) + scores[t]
    path = [int(best.argmax())]
    for back in reversed(pointers):
        path.append(int(back[path[-1]]))
    return path[::-1]


@pytest.mark.parametrize("seed", range(6))
def test_viterbi_makes_the_textbook_choices_even_on_ties(seed: int) -> None:
    rng = np.random.default_rng(seed)
    labels = int(rng.integers(2, 10))
    lengths = [int(n) for n in rng.integers(1, 30, size=int(rng.integers(1, 12)))]
    starts = list(np.cumsum([0] + lengths[:-1]))
    scores = rng.normal(size=(sum(lengths), labels))
    transition = rng.normal(size=(labels, labels))
    if seed % 2:  # coarse values: many exact ties between paths
        scores, transition = np.round(scores), np.round(transition)
    path = viterbi(scores, transition, starts, lengths).tolist()
    for a, n in zip(starts, lengths):
        assert path[a : a + n] == _textbook_viterbi(scores[a : a + n], transition)
