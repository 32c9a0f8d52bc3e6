"""CRF tagger: features, IOB decoding, the shipped model, and the training script on a small sample."""

from __future__ import annotations

import importlib.util
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import ROOT, shared_path
from rasd.entities.tagger import bio_spans, document_context, load_tagger, sentence_features, tag_words
from rasd.resources import data_path


def _train_module():
    spec = importlib.util.spec_from_file_location("train_tagger", ROOT / "scripts" / "train_tagger.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["train_tagger"] = module
    spec.loader.exec_module(module)
    return module


def test_features_see_through_clitics_and_triggers() -> None:
    feats = sentence_features(["وقال", "الرئيس", "التركي", "لأردوغان", "Musk"])
    assert len(feats) == 5
    assert "trig=title" in feats[1]
    assert "nisba" in feats[2]
    assert any(f.startswith("kb=B-PERSON") for f in feats[3])
    assert "sh=Latin-cap" in feats[4]


def test_document_context_carries_how_a_surname_was_introduced() -> None:
    doc = [
        "وقال وزير الدفاع دونالد رامسفيلد إن القوات ستبقى".split(),
        "وأضاف أن رامسفيلد وفريقه سيزورون بغداد".split(),
        "وقال الوزير رامسفيلد ذلك في القاهرة".split(),
    ]
    ctx = document_context(doc)
    assert {"after_given", "after_title"} <= ctx["رامسفيلد"]
    assert "after_place_cue" in ctx["قاهره"]
    assert "after_place_cue" not in ctx.get("رامسفيلد", ())
    feats = sentence_features(doc[1], ctx)
    assert "doc=after_given" in feats[2] and "1:doc=after_given" in feats[1]
    # Without a context the features are those of the sentence alone.
    assert not any(f.startswith("doc=") for f in sentence_features(doc[1])[2])


def test_bio_spans_decodes_iob2() -> None:
    assert bio_spans(["B-PERS", "I-PERS", "O", "I-LOC", "B-ORG", "B-ORG"]) == [
        (0, 1, "PERS"), (3, 3, "LOC"), (4, 4, "ORG"), (5, 5, "ORG")
    ]


@given(st.lists(st.sampled_from(["O", "B-PERS", "I-PERS", "B-LOC", "I-LOC"]), max_size=30))
def test_bio_spans_are_ordered_and_disjoint(labels: list[str]) -> None:
    spans = bio_spans(labels)
    for (a1, b1, _), (a2, b2, _) in zip(spans, spans[1:]):
        assert a1 <= b1 < a2 <= b2
    assert all(labels[a] != "O" for a, _, _ in spans)


def test_shipped_model_is_small_and_tags_unseen_names() -> None:
    path = data_path("models", "ner_crf.crfsuite")
    assert path.exists() and path.stat().st_size < 8_000_000
    assert load_tagger() is load_tagger()
    words = "قال الوزير المغربي كمال بوزيدان إن الحكومة ستدعم المشروع".split()
    spans = tag_words(words)
    assert any(s.label == "PERS" and words[s.first] == "كمال" for s in spans)


def test_long_sentences_are_tagged_in_windows() -> None:
    words = ("قال الرئيس السوري أحمد الشرع إن دمشق ترحب " * 60).split()
    spans = tag_words(words)
    assert spans and all(0 <= s.first <= s.last < len(words) for s in spans)


def test_training_script_trains_a_small_model(tmp_path) -> None:
    corpus = shared_path("data", "anercorp-camel-splits")
    train = _train_module()
    sents = list(train.read_conll(corpus / "ANERCorp_CamelLab_train.txt"))[:300]
    test = list(train.read_conll(corpus / "ANERCorp_CamelLab_test.txt"))[:100]
    model = tmp_path / "small.crfsuite"
    train.train(sents, model, max_iterations=20)
    scores = train.evaluate_spans(model, test)
    assert model.stat().st_size > 0
    assert scores["ALL"][2] > 0.2  # 300 sentences and 20 iterations already learn something


def test_training_script_trains_a_small_two_pass_model(tmp_path) -> None:
    corpus = shared_path("data", "anercorp-camel-splits")
    train = _train_module()
    sents = list(train.read_conll(corpus / "ANERCorp_CamelLab_train.txt"))[:200]
    test = list(train.read_conll(corpus / "ANERCorp_CamelLab_test.txt"))[:60]
    model = tmp_path / "small.crfsuite"
    train.train_two_pass(sents, model, max_iterations=15)
    assert train.first_pass_path(model).exists() and not (tmp_path / "small_fold.crfsuite").exists()
    labels = train.tag_first_pass(train.first_pass_path(model), test)
    assert [len(x) for x in labels] == [len(s) for s in test]
    assert train.evaluate_spans(model, test)["ALL"][2] > 0.2


def test_wojood_reader_maps_types_and_keeps_every_token() -> None:
    folder = shared_path("data", "wojood-sample")
    train = _train_module()
    sents = list(train.read_wojood(folder.parent, files=("val.txt",)))
    tags = {t for s in sents for _, t in s}
    assert tags <= {"O", "B-PERS", "I-PERS", "B-ORG", "I-ORG", "B-LOC", "I-LOC", "B-MISC", "I-MISC"}
    assert "B-LOC" in tags and "B-PERS" in tags
    assert not any(tok == "$#$" for s in sents for tok, _ in s)


@pytest.mark.slow
def test_shipped_model_anercorp_test_f1() -> None:
    """The figure in data/models/README.md: exact-span F1 on the ANERcorp CAMeL test split."""
    corpus = shared_path("data", "anercorp-camel-splits")
    train = _train_module()
    test = list(train.read_conll(corpus / "ANERCorp_CamelLab_test.txt"))
    scores = train.evaluate_spans(data_path("models", "ner_crf.crfsuite"), test)
    assert scores["ALL"][2] >= 0.68
