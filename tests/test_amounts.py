"""The amounts layer (rasd.amounts): money, percentages and counts in sentences."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rasd.amounts import amounts_stage
from rasd.dates import dates_stage
from rasd.document import Document
from rasd.normalize import normalize_stage
from rasd.segment import segment_stage


def run(text: str, published: str | None = None) -> Document:
    doc = Document(text=text, published=published, id="test")
    for stage in (normalize_stage, segment_stage, dates_stage, amounts_stage):
        doc = stage(doc)
    doc.validate()
    return doc


def triples(text: str) -> list[tuple[float, str | None, str]]:
    return [(a.value, a.unit, a.kind) for a in run(text).amounts]


@pytest.mark.parametrize(
    "text, value, unit",
    [
        ("تخطط لاستثمار ملياري دولار في البلاد", 2_000_000_000, "USD"),
        ("سجل مبلغا قدره مليارين و35 مليونًا و956 ألف دولار .", 2_035_956_000, "USD"),
        ("تصل قيمتها إلى 7,5 مليار دولار أمريكي", 7_500_000_000, "USD"),
        ("بقيمة 176 مليون دولار أمريكى", 176_000_000, "USD"),
        ("حظر صادرات بقيمة 11 مليار يورو", 11_000_000_000, "EUR"),
        ("قرضا بقيمة مليار أورو", 1_000_000_000, "EUR"),
        ("بقيمة 1.1 مليار روبل", 1_100_000_000, "RUB"),
        ("خسر 15 ألف جنيه إسترليني", 15_000, "GBP"),
        ("بسعر 300 جنيه مصري", 300, "EGP"),
        ("بقيمة 5 ملايين ريال قطري", 5_000_000, "QAR"),
        ("بقيمة 5 ملايين ريال عماني", 5_000_000, "OMR"),
        ("مبلغ 40 مليون درهم إماراتي", 40_000_000, "AED"),
        ("منحة بقيمة 3 ملايين دينار كويتي", 3_000_000, "KWD"),
        ("قرض بقيمة 100 مليون دينار أردني", 100_000_000, "JOD"),
        ("بلغ 2 مليار ليرة تركية", 2_000_000_000, "TRY"),
        ("فقدت 90 ألف ليرة لبنانية", 90_000, "LBP"),
        ("بقيمة 200 مليون ين", 200_000_000, "JPY"),
        ("استثمار 10 مليارات يوان", 10_000_000_000, "CNY"),
        ("الأسهم بلغت $5 مليارات", 5_000_000_000, "USD"),
        ("وتبرعت بمبلغ 20 مليون $", 20_000_000, "USD"),
        ("وبلغت الخسائر مليارا وربع المليار دولار", 1_250_000_000, "USD"),
        ("ميزانية تقدر بـ120 مليار درهم في المغرب", 120_000_000_000, "MAD"),
        ("وقد بلغ ٣٫٦ مليار دولار", 3_600_000_000, "USD"),
        ("بقيمة 7ر11 مليار دولار", 11_700_000_000, "USD"),
    ],
)
def test_money(text: str, value: int, unit: str) -> None:
    assert (value, unit, "money") in triples(text)


def test_unqualified_currency_takes_the_country_of_the_article() -> None:
    saudi = "وقعت السعودية وسوريا اتفاقيات بقيمة أربعة وعشرين مليار ريال. وقالت السعودية إن"
    assert (24_000_000_000, "SAR", "money") in triples(saudi)
    morocco = "أعلن المغرب عن برنامج يعبئ 120 مليار درهم لإعمار المناطق المتضررة في المغرب."
    assert (120_000_000_000, "MAD", "money") in triples(morocco)
    lebanon = "في لبنان انهارت العملة وبلغ سعر الدولار 90 ألف ليرة في بيروت."
    assert (90_000, "LBP", "money") in triples(lebanon)
    iraq = "أقر البرلمان العراقي موازنة قدرها 200 تريليون دينار."
    assert (200 * 10**12, "IQD", "money") in triples(iraq)


@pytest.mark.parametrize(
    "text, value",
    [
        ("ارتفعت بنسبة 34.6 بالمئة", 34.6),
        ("بلغ النمو 17% بحلول", 17),
        ("تغطية 85 % من التكاليف", 85),
        ("بنسبة 30٪ ، مع", 30),
        ("بنسبة 12,5 في المائة", 12.5),
        ("بنسبة 12 في المئة", 12),
        ("ارتفع 5 بالمائة", 5),
        ("لتمويل الـ15% من المبلغ المتبقي", 15),
    ],
)
def test_percent(text: str, value: float) -> None:
    assert triples(text) == [(pytest.approx(value), "percent", "percent")]


@pytest.mark.parametrize(
    "text, value, noun",
    [
        ("تملك الشركة 6 مصانع حول العالم", 6, "مصانع"),
        ("توقيع 14 بروتوكول تعاون", 14, "بروتوكول"),
        ("زودها بـ 15000 محطة ستارلينك", 15000, "محطة"),
        ("لتأهيل 100 ألف شاب وفتاة", 100_000, "شاب"),
        ("ضمن ثماني مبادرات", 8, "مبادرات"),
        ("توقيع سبعة وأربعين اتفاقية استثمار", 47, "اتفاقية"),
        ("وستضم أربع مولدات للطاقة", 4, "مولدات"),
        ("أعلن 73 عضوًا بمجلس الدولة", 73, "عضوًا"),
        ("قتل 12 شخصا في الهجوم", 12, "شخصا"),
        ("حصل على موافقة تسعة أصوات", 9, "أصوات"),
        ("قتل 5 وأصيب 10 آخرون", 10, "آخرون"),
    ],
)
def test_counts(text: str, value: int, noun: str) -> None:
    found = [(a.value, a.unit, a.noun) for a in run(text).amounts]
    assert found == [(value, "count", noun)]


def test_parts_of_a_count_listed_after_baynaha() -> None:
    text = "فرض عقوبات على 8 شركات، بينها 4 متمركزة في إيران، و3 في الإمارات، وواحدة في ألمانيا. وقال 5 في"
    assert [(a.value, a.unit) for a in run(text).amounts] == [(8, "count"), (4, "count"), (3, "count"), (1, "count")]


def test_count_forms_without_a_following_noun() -> None:
    assert (5, "count", "count") in triples("أي من الدول الخمس الدائمة العضوية")
    assert (15, "count", "count") in triples("وصوت تسعة أعضاء من أصل 15 ضد القرار")
    assert (350, "count", "count") in triples("وقتل أكثر من 350 من أعضاء الحزب")


@pytest.mark.parametrize(
    "text",
    [
        "لحضور الدورة رقم 78 للجمعية العامة",
        "لإنشاء المصنع السابع للشركة",
        "إطلاق القمرين توركسات 5A وتوركسات 5B",
        "على مدى 22 عاما بمعدل فائدة",
        "على بعد حوالي 130 كيلومترا جنوب القاهرة",
        "بقدرة 1200 ميجاوات",
        "على مدى خمس سنوات",
        "تحدثت معه مرة واحدة فقط",
        "قبل حوالي 18 شهرًا",
        "الذكرى 25 لعيد العرش",
        "اتصل على 0123456789",
        "في الساعة 10:30 صباحا",
        "وقعت في عام 2018 سجل القطاع",
        "ألفا بنك الروسي",
        "قتل 5 وأصيب",
        "وتعادل الفريقان 1 - 1 ولقي الفريق",
        "الملك ألفونسو الثالث عشر ملك إسبانيا",
        "صفقة طائرات F-16 أمريكية الصنع",
        "منظومة إس-400 روسية",
    ],
)
def test_not_amounts(text: str) -> None:
    assert triples(text) == []


def test_dates_are_not_amounts() -> None:
    doc = run("في 18 سبتمبر 2023 ووقعت يومي 13 و14 نيسان/أبريل 2025 اتفاقا", published="2025-04-15")
    assert doc.amounts == []
    assert len(doc.dates) == 3


def test_ranges_give_one_amount_per_bound() -> None:
    doc = run("يخطط لاستثمار ما بين 15 بليون دولار و20 بليوناً في آسيا")
    assert [(a.value, a.unit, a.qualifier) for a in doc.amounts] == [
        (15_000_000_000, "USD", "between"),
        (20_000_000_000, "USD", "between"),
    ]
    doc = run("خصصت بين 10 و15 مليار ريال سعودي")
    assert [(a.value, a.unit, a.qualifier) for a in doc.amounts] == [
        (10_000_000_000, "SAR", "between"),
        (15_000_000_000, "SAR", "between"),
    ]
    doc = run("بنسبة تتراوح من 10 إلى 20 في المئة")
    assert [(a.value, a.unit, a.qualifier) for a in doc.amounts] == [(10, "percent", "from-to"), (20, "percent", "from-to")]


def test_qualifiers_and_spans() -> None:
    doc = run("أعلنت عن تقديم أكثر من 290 مليون دولار كمساعدات، ونحو 82 مليون دولار أخرى")
    first, second = doc.amounts
    assert (first.text, first.qualifier, first.value) == ("أكثر من 290 مليون دولار", "أكثر من", 290_000_000)
    assert (second.text, second.qualifier) == ("82 مليون دولار", "نحو")
    doc = run("لاستثمار مليارين و35 مليونًا و956 ألف دولار")
    assert doc.amounts[0].text == "مليارين و35 مليونًا و956 ألف دولار"


@pytest.mark.parametrize(
    "bad",
    [
        "10^40 دولار",
        "9" * 500 + " دولار",
        "1\u200f.4 مليار\u200e دولار",
        "\u061c15 ألف محطة",
        "مليار " * 300,
        "و" * 2000,
        "Revenue was $5 billion in 2023, up 12%.",
        "\ufffd\ufffd 12 \ufffd دولار",
        "",
        "%%%% $$$ ٪٪ 5%%",
    ],
)
def test_bad_input_never_crashes(bad: str) -> None:
    doc = run(bad or " ")
    for a in doc.amounts:
        assert a.value is None or abs(a.value) < 10**30


def test_rtl_marks_inside_numbers_are_read() -> None:
    assert (1_400_000_000, "USD", "money") in triples("استثمرت 1\u200f.4 مليار دولار")


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("0123456789٠١٢٣٤٥ ,.٫٬%$ودولارمليونألفنصف\u200f\u200e\u061c")), max_size=80))
def test_random_input_keeps_offsets(text: str) -> None:
    doc = run(text or " ")
    for a in doc.amounts:
        assert doc.text[a.start : a.end] == a.text


def test_seed_amounts_match_gold(seed_gold: list[dict]) -> None:
    """Golden test: every seed article's amounts, as (value, unit) multisets."""
    from rasd.pipeline import extract

    for gold in seed_gold:
        doc = extract(gold["text"], published=gold.get("published"), id=gold["id"])
        predicted = Counter((round(float(a.value)), a.unit) for a in doc.amounts if a.unit)
        expected = Counter((round(float(a["value"])), a["unit"]) for a in gold["amounts"])
        assert predicted == expected, gold["id"]


@pytest.mark.slow
def test_large_text_is_processed_in_linear_time() -> None:
    """A megabyte-sized text (numbers, dates, marks and no Arabic mixed) goes through both stages."""
    import time

    unit = "وقعت 14 اتفاقية بقيمة 2.5 مليار دولار في 12 مارس 2024 \u200f1\u200e5 Lorem 9999999999 %% و "
    small, large = unit * 2000, unit * 20000
    t0 = time.perf_counter()
    run(small)
    t_small = time.perf_counter() - t0
    t0 = time.perf_counter()
    doc = run(large)
    t_large = time.perf_counter() - t0
    assert len(doc.amounts) >= 20000
    assert t_large < 30 * max(t_small, 0.05)  # ten times the text, well under thirty times the time
