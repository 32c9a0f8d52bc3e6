"""The numpy CRF engine: model reading, Viterbi and marginals, and the document tagger agreeing with
python-crfsuite on the shipped models."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from rasd.entities import tagger
from rasd.entities.crf import CrfModel, ModelFormatError, marginals, read_crfsuite_model, viterbi
from rasd.resources import data_path


def _brute_force(scores: np.ndarray, transition: np.ndarray) -> tuple[list[int], np.ndarray]:
    """Best path and marginals of one sequence by enumerating every label sequence."""
    n, labels = scores.shape
    best, best_path = -np.inf, None
    probs = np.zeros((n, labels))
    for path in itertools.product(range(labels), repeat=n):
        score = sum(scores[t, y] for t, y in enumerate(path)) + sum(transition[a, b] for a, b in zip(path, path[1:]))
        if score > best:
            best, best_path = score, list(path)
        for t, y in enumerate(path):
            probs[t, y] += np.exp(score)
    return best_path, probs / probs.sum(axis=1, keepdims=True)


def test_viterbi_and_marginals_agree_with_enumeration_over_sequences_of_any_length() -> None:
    rng = np.random.default_rng(7)
    lengths = [4, 1, 3, 5, 2]
    starts = list(np.cumsum([0] + lengths[:-1]))
    scores = rng.normal(size=(sum(lengths), 3)) * 2
    transition = rng.normal(size=(3, 3))
    path = viterbi(scores, transition, starts, lengths)
    probs = marginals(scores, transition, starts, lengths)
    for a, n in zip(starts, lengths):
        expected_path, expected_probs = _brute_force(scores[a : a + n], transition)
        assert path[a : a + n].tolist() == expected_path
        assert np.allclose(probs[a : a + n], expected_probs, atol=1e-12)


def test_viterbi_gives_ties_to_the_first_label_as_crfsuite_does() -> None:
    scores = np.zeros((3, 2))
    assert viterbi(scores, np.zeros((2, 2)), [0], [3]).tolist() == [0, 0, 0]
    assert viterbi(np.zeros((0, 2)), np.zeros((2, 2)), [], []).tolist() == []


def test_model_reader_gives_crfsuite_weights() -> None:
    path = data_path("models", tagger.MODEL_NAME)
    model = read_crfsuite_model(path)
    info = tagger.load_tagger().info()
    assert set(model.labels) == set(info.labels)
    assert {a: int(i) for a, i in info.attributes.items()} == model.attributes
    # crfsuite's dump prints six decimals; the file holds the exact doubles.
    for (attr, label), weight in list(info.state_features.items())[:2000]:
        assert abs(model.state[model.attributes[attr], model.labels.index(label)] - weight) < 1e-6
    for (a, b), weight in info.transitions.items():
        assert abs(model.transition[model.labels.index(a), model.labels.index(b)] - weight) < 1e-6


def test_model_reader_refuses_other_files(tmp_path) -> None:
    bogus = tmp_path / "x.crfsuite"
    bogus.write_bytes(b"not a model" * 10)
    with pytest.raises(ModelFormatError):
        read_crfsuite_model(bogus)


# An article written for this test: names the knowledge base does not hold, a surname repeated
# without its given name, a Latin name, a one-word sentence and a sentence longer than a window.
ARTICLE = [
    "قال وزير الزراعة الموريتاني سيدي ولد التاه إن الحكومة ستدعم المزارعين".split(),
    "وأضاف ولد التاه أن شركة نسيم الواحات ستبني مصنعا في مدينة كيفة".split(),
    "وحضر اللقاء ممثل عن شركة Blue Harbor وآخرون".split(),
    ["شكرا"],
    ("وقالت الباحثة سلمى القرشي إن المشروع سيبدأ في نواكشوط قريبا " * 30).split(),
    "ورحبت القرشي بالقرار".split(),
]


def _reference(sentences):  # type: ignore[no-untyped-def]
    context = tagger.tagging_context(sentences)
    return [tagger.tag_words(s, context) for s in sentences]


def _assert_same(got, expected) -> None:  # type: ignore[no-untyped-def]
    assert [[(s.first, s.last, s.label) for s in sent] for sent in got] == [
        [(s.first, s.last, s.label) for s in sent] for sent in expected
    ]
    for g, e in zip(got, expected):
        for x, y in zip(g, e):
            assert abs(x.confidence - y.confidence) < 1e-9


def test_document_tagger_finds_what_crfsuite_finds() -> None:
    assert tagger.document_tagger() is not None
    expected = _reference(ARTICLE)
    assert any(expected)  # the article has names for the comparison to mean something
    tagger.clear_caches()
    _assert_same(tagger.tag_document(ARTICLE), expected)
    # Again with every word form already known (the cache must not change anything).
    _assert_same(tagger.tag_document(ARTICLE), expected)


def test_document_tagger_in_small_chunks_and_with_a_tiny_form_cache(monkeypatch) -> None:
    expected = _reference(ARTICLE)
    monkeypatch.setattr(tagger, "CHUNK_WORDS", 7)
    engine = tagger.DocumentTagger(
        read_crfsuite_model(data_path("models", tagger.FIRST_PASS_MODEL)),
        read_crfsuite_model(data_path("models", tagger.MODEL_NAME)),
        max_forms=20,
    )
    _assert_same(engine.tag(ARTICLE), expected)
    _assert_same(engine.tag(ARTICLE[:2]), expected[:2])
    # Past ``max_forms`` the cache starts again from the words of the article at hand.
    other = ["وصل رئيس بلدية تجكجة محمد الأمين إلى العاصمة".split()]
    _assert_same(engine.tag(other), _reference(other))
    assert len(engine._entries) == len({w for s in other for w in s})


def test_document_tagger_handles_empty_input_and_broken_unicode() -> None:
    assert tagger.tag_document([]) == []
    assert tagger.tag_document([[], []]) == [[], []]
    odd = [["قال", "الرئيس", "\ud800", "كمال", "بوزيدان"]]
    _assert_same(tagger.tag_document(odd), _reference(odd))


def test_word_form_features_are_those_of_the_sentence_features() -> None:
    words = "وقال الرئيس التركي لأردوغان Musk".split()
    feats = tagger.sentence_features(words)
    form = tagger.word_form("التركي")
    assert set(form.own) <= set(feats[2])
    # The word after الرئيس sees its stem as its left neighbour's.
    assert set(tagger.word_form("الرئيس").around[1]) <= set(feats[2])


def test_crf_model_is_plain_data() -> None:
    model = CrfModel(("O", "B-PERS"), {"bias": 0}, np.zeros((1, 2)), np.zeros((2, 2)))
    assert model.state.shape == (1, 2)


def test_without_numpy_the_tagger_falls_back_on_crfsuite(monkeypatch) -> None:
    expected = _reference(ARTICLE[:3])
    monkeypatch.setattr(tagger, "document_tagger", lambda: None)
    _assert_same(tagger.tag_document(ARTICLE[:3]), expected)


def _string_ids(engine: tagger.DocumentTagger, text: str) -> list[list[int]]:
    """Attribute ids of one word's features as `word_form` spells them, slot by slot."""
    form = tagger.word_form(text.encode("utf-8", "replace").decode("utf-8"))
    return [[engine.attributes.get(f, engine.missing) for f in slot] for slot in (form.own,) + form.around]


def test_document_tagger_looks_up_the_ids_of_the_feature_strings() -> None:
    # Words of every kind: clitics and the article, a title, a given name, a nisba, Latin
    # capitals and lower case, digits, punctuation, a lone surrogate, and forms never seen.
    words = [
        "وبالمدينة", "الرئيس", "محمد", "المصرية", "Reuters", "nasa", "2024", "،", "\ud800", "زخرفيتوس",
        "للأمم", "فكريستيانو", "شركة", "ب", "",
    ]
    engine = tagger.document_tagger()
    engine.clear()
    ids, bounds = engine._feature_ids(words, 0)
    slots = 1 + len(tagger.NEIGHBOUR_OFFSETS)
    bounds = bounds + [len(ids)]
    for k, word in enumerate(words):
        got = [ids[bounds[k * slots + j] : bounds[k * slots + j + 1]] for j in range(slots)]
        assert got == _string_ids(engine, word), word
    engine.clear()


def test_viterbi_over_many_sequences_matches_one_at_a_time() -> None:
    rng = np.random.default_rng(11)
    lengths = [7, 1, 12, 3, 3, 9]
    starts = list(np.cumsum([0] + lengths[:-1]))
    scores = rng.normal(size=(sum(lengths), 5))
    transition = rng.normal(size=(5, 5))
    together = viterbi(scores, transition, starts, lengths)
    probs = marginals(scores, transition, starts, lengths)
    for a, n in zip(starts, lengths):
        assert together[a : a + n].tolist() == viterbi(scores[a : a + n], transition, [0], [n]).tolist()
        assert np.allclose(probs[a : a + n], marginals(scores[a : a + n], transition, [0], [n]), atol=1e-12)
