from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from rasd.normalize import _marks, fold_pattern, normalize, normalize_form

ARABIC_ALPHABET = (
    "ابتثجحخدذرزسشصضطظعغفقكلمنهويءآأإؤئىة" "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0640\u0670"
    "٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹،؛؟٪٫٬«»“”" "\u200e\u200f\u061c\u200b\ufeff" " \n.,0123456789ABCxyz"
)


def test_folds_spelling_variants_to_one_form() -> None:
    assert normalize_form("أردوغان") == normalize_form("اردوغان") == "اردوغان"
    assert normalize_form("مليونًا") == "مليونا"
    assert normalize_form("السعودى") == normalize_form("السعودي")
    assert normalize_form("الشركة") == "الشركه"
    assert normalize_form("٣٫٦ مليار") == "3.6 مليار"
    assert normalize_form("۱۲۳") == "123"
    assert normalize_form("قـــال") == "قال"
    assert normalize_form("،؟؛") == ",?;"
    assert normalize_form("SpaceX") == "spacex"
    assert normalize_form("1\u200f5") == "15"


def test_offsets_map_back_through_deleted_characters() -> None:
    text = "قالَ الرئيسُ أردوغانُ"
    norm = normalize(text)
    i = norm.text.index("اردوغان")
    start, end = norm.source_span(i, i + len("اردوغان"))
    assert text[start:end] == "أردوغانُ"  # with the damma of its last letter, as a reader selects it


def test_fold_pattern_keeps_latin_escapes() -> None:
    assert fold_pattern(r"إلى\S+\D") == r"الي\S+\D"


@settings(max_examples=300)
@given(st.text(alphabet=ARABIC_ALPHABET, max_size=80), st.data())
def test_every_normalised_span_maps_back_to_its_source(text: str, data) -> None:  # type: ignore[no-untyped-def]
    norm = normalize(text)
    n = len(norm.text)
    i = data.draw(st.integers(0, n))
    j = data.draw(st.integers(i, n))
    start, end = norm.source_span(i, j)
    assert 0 <= start <= end <= len(text)
    # The source substring normalises to exactly the normalised substring.
    assert normalize_form(text[start:end]) == norm.text[i:j]
    if j > i:
        # It starts on the first kept character and ends just after the last one and the
        # diacritics and tatweel that belong to it.
        marks = _marks()
        last = end
        while text[last - 1] in marks:
            last -= 1
        assert normalize_form(text[start]) == norm.text[i]
        assert normalize_form(text[last - 1]) == norm.text[j - 1]
        assert end == len(text) or text[end] not in marks


@given(st.text(max_size=200))
def test_normalisation_never_fails_on_any_unicode(text: str) -> None:
    norm = normalize(text)
    assert norm.source_span(0, len(norm.text))[1] <= len(text)
