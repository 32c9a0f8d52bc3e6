"""Arabic number words and digits -> values (rasd.numbers)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from num2words import num2words

from rasd.normalize import normalize
from rasd.numbers import find_numbers, parse_digits, parse_number


@pytest.mark.parametrize(
    "text, value",
    [
        ("مليارين و35 مليونًا و956 ألف", 2_035_956_000),
        ("مليارين و740 مليون و988 ألف", 2_740_988_000),
        ("ملياري", 2_000_000_000),
        ("ملياران", 2_000_000_000),
        ("مليونان", 2_000_000),
        ("مليونين", 2_000_000),
        ("ألفان", 2000),
        ("ألفين", 2000),
        ("3 آلاف", 3000),
        ("ثلاثة آلاف", 3000),
        ("209 ملايين", 209_000_000),
        ("10 مليارات", 10_000_000_000),
        ("170 بليون", 170_000_000_000),
        ("20 بليوناً", 20_000_000_000),
        ("35 مليونًا", 35_000_000),
        ("بلايين", None),  # "billions": vague, not a value
        ("1.4 مليار", 1_400_000_000),
        ("٣٫٦ مليار", 3_600_000_000),
        ("۳٫۶ مليار", 3_600_000_000),
        ("3,6 مليار", 3_600_000_000),
        ("7,5 مليار", 7_500_000_000),
        ("7ر11 مليار", 11_700_000_000),
        ("1,200,000", 1_200_000),
        ("15 ألف", 15_000),
        ("15000", 15_000),
        ("ثلاثة", 3),
        ("ثلاث", 3),
        ("عشرون", 20),
        ("عشرين", 20),
        ("خمسة وعشرون", 25),
        ("سبعة وأربعين", 47),
        ("أربعة وعشرين مليار", 24_000_000_000),
        ("ثلاثة عشر", 13),
        ("اثنا عشر", 12),
        ("إحدى عشرة", 11),
        ("مائة", 100),
        ("مئة", 100),
        ("ثلاثمائة", 300),
        ("ثلاثمئة", 300),
        ("ثلاث مئة", 300),
        ("مئتا ألف", 200_000),
        ("مليار ونصف", 1_500_000_000),
        ("مليارا وربع المليار", 1_250_000_000),
        ("نصف مليون", 500_000),
        ("مليونًا", 1_000_000),
        ("دولاراً", None),
        ("ثماني", 8),
        ("2 مليار", 2_000_000_000),
    ],
)
def test_parse_number(text: str, value: int | None) -> None:
    assert parse_number(text) == value


def test_decimal_values_are_exact() -> None:
    assert parse_number("1.1 مليار") == 1_100_000_000
    assert isinstance(parse_number("1.1 مليار"), int)
    assert parse_number("34.6") == pytest.approx(34.6)


@pytest.mark.parametrize(
    "digits, value",
    [("1,200", 1200), ("7,5", 7.5), ("1.200.000", 1_200_000), ("1.200,5", 1200.5), ("1,200.5", 1200.5), ("7ر11", 11.7)],
)
def test_parse_digits(digits: str, value: float) -> None:
    assert float(parse_digits(digits) or 0) == pytest.approx(value)


def test_numbers_in_running_text_are_separate() -> None:
    text = normalize("يومي 13 و14 نيسان، وبلغ 2018 15 شخصا و3 دول").text
    values = [n.value for n in find_numbers(text)]
    assert values == [13, 14, 2018, 15, 3]


def test_bare_accusative_scale_word() -> None:
    """مليارا before punctuation is "one billion"; before a noun or alone, the dual "two billion"."""
    assert [n.value for n in find_numbers(normalize("أنفقت الشركة مليارا، وقال").text)] == [10**9]
    assert [n.value for n in find_numbers(normalize("مليارا دولار").text)] == [2 * 10**9]
    assert [n.value for n in find_numbers(normalize("مليارًا دولار").text, lambda s, e: True)] == [10**9]


def test_rtl_marks_inside_numbers() -> None:
    assert parse_number("1\u200f.4 مليار") == 1_400_000_000
    assert parse_number("\u200e15\u061c000") == 15000


@pytest.mark.parametrize("bad", ["9" * 500, "10^40", "\ud800", "", "   ", "abc", "١٢٣" * 200, "و" * 1000])
def test_bad_input_never_crashes(bad: str) -> None:
    parse_number(bad)
    find_numbers(normalize(bad).text)


def test_absurd_digit_string_is_left_out() -> None:
    assert parse_number("9" * 500) is None
    assert find_numbers("9" * 500 + " دولار") == []


@settings(max_examples=400, deadline=None)
@given(st.integers(min_value=0, max_value=10**12))
def test_num2words_round_trip(n: int) -> None:
    assert parse_number(num2words(n, lang="ar")) == n


@settings(max_examples=200, deadline=None)
@given(
    st.integers(min_value=1, max_value=999),
    st.sampled_from([(1000, "ألف"), (1_000_000, "مليون"), (1_000_000_000, "مليار"), (10**12, "تريليون")]),
)
def test_digits_with_scale_words(n: int, scale: tuple[int, str]) -> None:
    value, word = scale
    assert parse_number(f"{n} {word}") == n * value
    eastern = str(n).translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    assert parse_number(f"{eastern} {word}") == n * value


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=1, max_value=9), st.integers(min_value=1, max_value=999), st.integers(min_value=1, max_value=999))
def test_chains_with_digits_and_duals(billions: int, millions: int, thousands: int) -> None:
    dual = {1: "مليار", 2: "مليارين"}.get(billions, f"{billions} مليارات")
    text = f"{dual} و{millions} مليونًا و{thousands} ألف"
    assert parse_number(text) == billions * 10**9 + millions * 10**6 + thousands * 1000


@pytest.mark.parametrize(
    "text, value",
    [
        ("ألفان", 2000), ("ألفين", 2000), ("ألفي", 2000), ("مليونان", 2 * 10**6), ("مليوني", 2 * 10**6),
        ("ملياران", 2 * 10**9), ("مليارين", 2 * 10**9), ("ملياري", 2 * 10**9), ("بليونين", 2 * 10**9),
        ("5 آلاف", 5000), ("5 ملايين", 5 * 10**6), ("5 مليارات", 5 * 10**9), ("5 بلايين", 5 * 10**9),
        ("5 ملايير", 5 * 10**9), ("تريليونين", 2 * 10**12),
    ],
)
def test_dual_and_plural_scales(text: str, value: int) -> None:
    assert parse_number(text) == value
