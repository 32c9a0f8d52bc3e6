from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from rasd.document import Document
from rasd.normalize import normalize_stage
from rasd.segment import proclitic_splits, segment_stage, split_sentences, suffix_splits


def segmented(text: str) -> Document:
    return segment_stage(normalize_stage(Document(text=text)))


def test_sentences_split_on_arabic_and_latin_punctuation_and_lines() -> None:
    text = "قال الرئيس إن الاستثمار بلغ 1.4 مليار دولار. هل ينجح؟ نعم!\nعنوان بلا نقطة\n\nفقرة أخرى…"
    sents = [text[s:e] for s, e in split_sentences(text)]
    assert sents == ["قال الرئيس إن الاستثمار بلغ 1.4 مليار دولار.", "هل ينجح؟", "نعم!", "عنوان بلا نقطة", "فقرة أخرى…"]


def test_sentence_keeps_closing_quote_and_abbreviation() -> None:
    text = "وقال: “نحن منفتحون.” ثم غادر د. أحمد القاعة."
    sents = [text[s:e] for s, e in split_sentences(text)]
    assert sents == ["وقال: “نحن منفتحون.”", "ثم غادر د. أحمد القاعة."]


def test_clitic_readings() -> None:
    assert (1, "اردوغان") in proclitic_splits("واردوغان")
    assert (2, "الامم") in proclitic_splits("للامم")
    assert (3, "الامم") in proclitic_splits("وللامم")
    assert (1, "الرئاسه") in proclitic_splits("بالرئاسه")
    assert proclitic_splits("في") == ((0, "في"),)
    assert "شركه" in suffix_splits("شركته")


def test_tokens_offer_clitic_readings_with_source_offsets() -> None:
    doc = segmented("اجتمع أردوغان وماسك، ودعا لشركته للأمم المتحدة.")
    by_text = {t.text: t for t in doc.tokens}
    musk = by_text["وماسك"]
    assert any(form == "ماسك" and doc.text[start : musk.end] == "ماسك" for start, form in musk.variants)
    company = by_text["لشركته"]
    assert any(form == "شركه" for _, form in company.variants)
    un = by_text["للأمم"]
    assert un.stem == "الامم" and doc.text[un.stem_start : un.end] == "أمم"
    assert by_text["أردوغان"].stem == "اردوغان"
    assert by_text["،"].kind == "punct"


def test_numbers_are_single_tokens() -> None:
    doc = segmented("بلغ ٣٫٦ مليار و1,200 سهم")
    numbers = [t.text for t in doc.tokens if t.kind == "number"]
    assert numbers == ["٣٫٦", "1,200"]


@settings(max_examples=200)
@given(st.text(alphabet="وبالكفلتسمنيه أردوغانماسك.،؟\n\u064e\u0640 123", max_size=120))
def test_every_token_and_sentence_span_is_exact(text: str) -> None:
    doc = segmented(text)
    doc.validate()
    for t in doc.tokens:
        assert t.start <= t.stem_start <= t.end
        for start, _form in t.variants:
            assert t.start <= start <= t.end


def test_diacritics_change_offsets_but_not_readings() -> None:
    # The same words with and without short vowels and tatweel: the normalised text differs in
    # length only in the second, so its offsets go through the map back to the source.
    plain = segmented("وللمدرسة الجديدة وبالرئيس")
    marked = segmented("وَلِلمَدرَسَةِ الجـديدة وبِالرَّئيس")
    assert plain.norm.keeps_offsets and not marked.norm.keeps_offsets
    assert [(t.norm, t.stem, [f for _, f in t.variants]) for t in plain.tokens] == [
        (t.norm, t.stem, [f for _, f in t.variants]) for t in marked.tokens
    ]
    # The stem المدرسه (و + ل + المدرسة written وللمدرسة) starts after لل in both texts.
    assert plain.text[plain.tokens[0].stem_start :].startswith("مدرسة")
    assert marked.text[marked.tokens[0].stem_start :].startswith("مَدرَسَةِ")
    president = marked.tokens[2]
    starts = {form: start for start, form in president.variants}
    assert marked.text[starts["الرئيس"] : president.end].startswith("الرَّ")
    assert marked.text[starts["بالرئيس"] :].startswith("بِال")


def test_ta_marbuta_ends_a_word_so_a_glued_headline_splits() -> None:
    # A headline run into the next sentence with no space: ة never occurs inside a word.
    doc = segmented("افتتاح المكتبة العامةالوزير يزور المدينة")
    texts = [t.text for t in doc.tokens]
    assert texts == ["افتتاح", "المكتبة", "العامة", "الوزير", "يزور", "المدينة"]
    minister = doc.tokens[3]
    assert doc.text[minister.start : minister.end] == "الوزير" and minister.stem == "الوزير"


def test_glued_split_keeps_source_offsets_with_diacritics() -> None:
    doc = segmented("زار مدرسةًالقرية أمس")
    doc.validate()
    assert [t.norm for t in doc.tokens] == ["زار", "مدرسه", "القريه", "امس"]
    assert doc.tokens[1].text.startswith("مدرسة")
    village = doc.tokens[2]
    assert doc.text[village.start : village.end] == "القرية"


@settings(max_examples=200)
@given(st.text(alphabet="ةالوبتس\u064b\u064e\u0640 .", max_size=60))
def test_glued_ta_marbuta_tokens_are_exact_spans(text: str) -> None:
    doc = segmented(text)
    doc.validate()
    for t in doc.tokens:
        assert doc.text[t.start : t.end] == t.text
        # After a ta marbuta only its diacritics or tatweel may follow inside the token.
        if "ة" in t.text:
            assert not any(c.isalpha() and c != "\u0640" for c in t.text[t.text.index("ة") + 1 :])
