"""The document tagger's preloaded word forms and trimmed knowledge-base tokens change nothing:
an engine with preloaded rows tags exactly (spans, labels, confidences to the bit) as one
without, in every cache state, and a preloaded form's row and entry are those a new form gets."""

from __future__ import annotations

import numpy as np
import pytest

from rasd.entities import tagger
from rasd.entities.crf import read_crfsuite_model
from rasd.entities.kb import load_kb
from rasd.resources import data_path

ARTICLE = [
    "قال الرئيس التركي رجب طيب أردوغان إن أنقرة ستفتح مصنعا جديدا لشركة توغ في بورصة".split(),
    "وأعلن وزير الخارجية مولود جاويش أوغلو أمس عن زيارة إلى واشنطن الأسبوع المقبل".split(),
    "وقالت منظمة الصحة العالمية في جنيف إن الوباء انحسر في الولايات المتحدة وأوروبا".split(),
    "وبالمدينة اجتمع مجلس الأمن الدولي مع ممثلي الأمم المتحدة و Reuters و nasa عام 2024 ،".split(),
    ["وصل", "رئيس", "بلدية", "تجكجة", "محمد", "الأمين", "\ud800", "إلى", "العاصمة", "نواكشوط"],
]


@pytest.fixture(scope="module")
def models():  # type: ignore[no-untyped-def]
    return (
        read_crfsuite_model(data_path("models", tagger.FIRST_PASS_MODEL)),
        read_crfsuite_model(data_path("models", tagger.MODEL_NAME)),
    )


def _spans(result: list[list[tagger.TaggedSpan]]) -> list[list[tuple[int, int, str, float]]]:
    return [[(s.first, s.last, s.label, s.confidence) for s in sent] for sent in result]


def _article_words() -> list[str]:
    return [w for sent in ARTICLE for w in sent]


def test_analysis_key_is_none_for_broken_unicode_and_shared_by_spelling_variants() -> None:
    assert tagger._analysis_key("\ud800") is None
    assert tagger._analysis_key("قال") == (tagger.normalize_form("قال").lower(), "arabic", False)
    assert tagger._analysis_key("Reuters")[1:] == ("Latin-cap", False)
    assert tagger._analysis_key("UN")[2] is True
    # A form with a diacritic folds to the same key as the bare form.
    assert tagger._analysis_key("قَال") == tagger._analysis_key("قال")


def test_known_words_cover_the_lexicons_and_the_model_vocabulary() -> None:
    words = set(tagger.known_words(["w=مصنع", "s=بورصه", "-1:s=zzqqx", "bias"]))
    clusters = tagger.load_word_clusters()
    some = next(iter(clusters))
    assert some in words and "ال" + some in words
    assert {"مصنع", "بورصه"} <= words and "zzqqx" not in words and "bias" not in words


def test_preloaded_engine_tags_as_a_plain_one_in_every_cache_state(models) -> None:  # type: ignore[no-untyped-def]
    plain = tagger.DocumentTagger(*models)
    # Half the article's words preloaded (and a spelling variant of one), so that some forms are
    # found in the base and others analysed; then a tiny form cache that keeps being cleared.
    known = _article_words()[::2] + ["قَال"]
    for max_forms in (32_000, 12):
        loaded = tagger.DocumentTagger(*models, max_forms=max_forms, known=known)
        assert loaded._base_size > 0
        for _ in range(2):  # new forms, then forms seen before
            for k in range(1, len(ARTICLE) + 1):
                assert _spans(loaded.tag(ARTICLE[:k])) == _spans(plain.tag(ARTICLE[:k]))
        loaded.clear()
        assert len(loaded._entries) == loaded._base_size and not loaded._form_rows
        assert _spans(loaded.tag(ARTICLE)) == _spans(plain.tag(ARTICLE))


def test_preloaded_rows_and_entries_are_those_of_new_forms(models) -> None:  # type: ignore[no-untyped-def]
    words = [w for w in dict.fromkeys(_article_words()) if tagger._analysis_key(w) is not None]
    plain = tagger.DocumentTagger(*models)
    rows = plain._rows_of(words)
    loaded = tagger.DocumentTagger(*models, known=words)
    assert loaded._base_size == len({tagger._analysis_key(w) for w in words})
    base_rows = loaded._rows_of(words)
    assert max(base_rows) < loaded._base_size  # every form was found among the preloaded rows
    for word, a, b in zip(words, rows, base_rows):
        assert np.array_equal(plain._store[a], loaded._store[b]), word
        assert plain._definite[a] == loaded._definite[b], word
        assert plain._entries[a] == loaded._entries[b], word


def test_clear_restores_preloaded_flags_written_by_a_direct_feature_id_call(models) -> None:  # type: ignore[no-untyped-def]
    loaded = tagger.DocumentTagger(*models, known=["الرئيس", "قال"])
    flags = loaded._definite[: loaded._base_size].copy()
    loaded._feature_ids(["المدينة", "الأمم"], 0)
    loaded.clear()
    assert np.array_equal(loaded._definite[: loaded._base_size], flags)
    assert len(loaded._entries) == loaded._base_size


def test_kb_start_tokens_give_the_matches_of_full_tokens() -> None:
    kb = load_kb()
    sentences = ARTICLE + [
        "زار رئيس الوزراء البريطاني لندن ثم باريس وبرلين والقاهرة ودبي".split(),
        "وللأمم المتحدة وبالأمم المتحدة ومنظمة التجارة العالمية UN و BP".split(),
    ]
    for sent in sentences:
        clean = [t.encode("utf-8", "replace").decode("utf-8") for t in sent]
        norms = [tagger.normalize_form(t).lower() for t in clean]
        full = [tagger._kb_token(n, t) for n, t in zip(norms, clean)]
        trimmed = [tagger._kb_start(n, t.isupper()) for n, t in zip(norms, clean)]
        assert kb.match(trimmed) == kb.match(full), sent
        assert all(len(t[1]) <= len(f[1]) for t, f in zip(trimmed, full))
    # Most words begin no alias: nothing left to look at.
    assert tagger._kb_start("انحسر", False)[1] == ()


def test_a_batch_warm_up_preloads_the_known_words_once_and_clearing_keeps_them() -> None:
    from rasd.batch import _warm_up
    from rasd.pipeline import DEFAULT_PIPELINE, clear_caches

    engine = tagger.document_tagger()
    _warm_up(DEFAULT_PIPELINE)
    base = engine._base_size
    assert base > 10_000
    store = engine._store
    tagger.preload_known_words()  # a second call (a forked worker's own warm-up) does nothing
    assert engine._store is store
    clear_caches()
    assert engine._base_size == base and not engine._form_rows
