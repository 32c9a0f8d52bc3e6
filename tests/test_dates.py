"""The dates layer (rasd.dates): absolute, Hijri and relative dates, and the dateline."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rasd.dates import dateline_date, dates_stage
from rasd.document import Document
from rasd.normalize import normalize_stage

EGYPT_GULF = ["يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر"]
LEVANT = ["كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران", "تموز", "آب", "أيلول", "تشرين الأول", "تشرين الثاني", "كانون الأول"]
ALGERIA_TUNISIA = ["جانفي", "فيفري", "مارس", "أفريل", "ماي", "جوان", "جويلية", "أوت", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر"]
MOROCCO = ["يناير", "فبراير", "مارس", "أبريل", "ماي", "يونيو", "يوليوز", "غشت", "شتنبر", "أكتوبر", "نونبر", "دجنبر"]
ENGLISH = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]


def run(text: str, published: str | None = None) -> Document:
    doc = Document(text=text, published=published, id="test")
    doc = dates_stage(normalize_stage(doc))
    doc.validate()
    return doc


def values(text: str, published: str | None = None) -> list[str | None]:
    return [d.value for d in run(text, published).dates]


@settings(max_examples=300, deadline=None)
@given(
    st.dates(min_value=date(1950, 1, 1), max_value=date(2080, 12, 31)),
    st.sampled_from(["egypt", "levant", "maghreb", "morocco", "paired", "paired_paren", "english", "numeric", "iso"]),
)
def test_random_dates_in_every_style_parse_back(d: date, style: str) -> None:
    m = d.month - 1
    text = {
        "egypt": f"في {d.day} {EGYPT_GULF[m]} {d.year}",
        "levant": f"في {d.day} {LEVANT[m]} {d.year}",
        "maghreb": f"يوم {d.day} {ALGERIA_TUNISIA[m]} {d.year}",
        "morocco": f"يوم {d.day} {MOROCCO[m]} {d.year}",
        "paired": f"في {d.day} {EGYPT_GULF[m]}/{LEVANT[m]} {d.year}",
        "paired_paren": f"في {d.day} {LEVANT[m]} ({EGYPT_GULF[m]}) {d.year}",
        "english": f"{ENGLISH[m]} {d.day}, {d.year}",
        "numeric": f"بتاريخ {d.day}/{d.month}/{d.year}",
        "iso": f"بتاريخ {d.isoformat()}",
    }[style]
    assert values(text) == [d.isoformat()]


@settings(max_examples=100, deadline=None)
@given(st.integers(min_value=1950, max_value=2080), st.integers(min_value=1, max_value=12))
def test_month_and_year_in_every_style(year: int, month: int) -> None:
    for names in (EGYPT_GULF, LEVANT, ALGERIA_TUNISIA, MOROCCO):
        assert values(f"خلال {names[month - 1]} {year}") == [f"{year}-{month:02d}"]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("منذ عام 2022", ["2022"]),
        ("قبل نهاية العام 2021", ["2021"]),
        ("في أواخر عام 2022", ["2022"]),
        ("العام 2018م", ["2018"]),
        ("من عام 2016 وحتى 2018", ["2016", "2018"]),
        ("بين عامي 2015 و2018", ["2015", "2018"]),
        ("كانت ستتم في أبريل 2021، قبل", ["2021-04"]),
        ("في التسعينيات من القرن الماضي", ["1990"]),
        ("في 15 رمضان 1445 هـ", ["2024-03-25"]),
        ("في رمضان 1445", ["2024-03"]),
        ("عام 1445 هـ", ["2023"]),
        ("وبحلول أواخر عام 2022 . وبحلول أكتوبر/تشرين الأول من ذلك العام", ["2022", "2022-10"]),
        ("September 18, 2023", ["2023-09-18"]),
        ("18 September 2023", ["2023-09-18"]),
        ("بين 2019 و2022", ["2019", "2022"]),
        ("في الربع الأول من 2024", ["2024"]),
        ("تاريخ النشر 2024/05/12", ["2024-05-12"]),
        ("بتاريخ 15 / 1 / 1959", ["1959-01-15"]),
        ("عام (1933)", ["1933"]),
        ("published 2023-09-18T10:00:00Z", ["2023-09-18"]),
        ("الموافق 1445/9/15هـ", ["2024-03-25"]),
        ("الموافق 15/9/1445 هـ", ["2024-03-25"]),
    ],
)
def test_absolute_dates(text: str, expected: list[str]) -> None:
    assert values(text) == expected


@pytest.mark.parametrize(
    "text, published, expected",
    [
        ("قالت الرئاسة -اليوم الاثنين- إن", "2023-09-18", ["2023-09-18"]),
        ("اتفقت قطر ومصر، الإثنين، على", "2025-04-15", ["2025-04-14"]),
        ("أصدر الوزير يوم الخميس تحذيرا", "2024-08-09", ["2024-08-08"]),
        ("وقعت الحكومة أمس الثلاثاء", "2015-03-04", ["2015-03-03"]),
        ("مساء أمس الأول", "2022-10-10", ["2022-10-08"]),
        ("يصل غدا إلى الرياض", "2022-10-10", ["2022-10-11"]),
        ("يزور الوفد القاهرة الأحد المقبل", "2024-08-09", ["2024-08-11"]),
        ("في أغسطس/آب الماضي", "2023-09-18", ["2023-08"]),
        ("في أغسطس الماضي", "2026-02-25", ["2025-08"]),
        ("في سبتمبر المقبل", "2025-08-17", ["2025-09"]),
        ("في مايو/أيار", "2023-09-18", ["2023-05"]),
        ("مطلع أغسطس/آب الجاري", "2025-08-10", ["2025-08"]),
        ("في نهاية الشهر الحالي", "2023-09-18", ["2023-09"]),
        ("بحلول نهاية هذا العام", "2023-09-18", ["2023"]),
        ("والعام الماضي أقر الصندوق", "2026-02-25", ["2025"]),
        ("الشهر الماضي", "2024-01-10", ["2023-12"]),
        ("في السابع من أكتوبر الماضي", "2024-08-09", ["2023-10-07"]),
        ("اليوم الثلاثاء 30 يوليوز الجاري", "2024-07-30", ["2024-07-30"]),
        ("يومي 13 و14 نيسان/أبريل", "2025-04-15", ["2025-04-13", "2025-04-14"]),
        ("قبل يومين", "2024-03-10", ["2024-03-08"]),
        ("قبل 3 سنوات", "2024-03-10", ["2021"]),
        ("في 10 من الشهر الجاري", "2024-03-12", ["2024-03-10"]),
        ("في العاشر من الشهر الماضي", "2024-03-12", ["2024-02-10"]),
        ("في الـ18 من سبتمبر الماضي", "2024-03-12", ["2023-09-18"]),
        ("في 24 فبراير", "2024-03-12", ["2024-02-24"]),
        ("في ديسمبر", "2024-02-12", ["2023-12"]),
        ("منذ هجوم 7 أكتوبر", "2024-08-09", ["2023-10-07"]),
        ("ستعقد القمة في 15 سبتمبر", "2024-08-09", ["2024-09-15"]),
        ("في 5 يناير", "2024-12-20", ["2025-01-05"]),
    ],
)
def test_relative_dates(text: str, published: str, expected: list[str]) -> None:
    doc = run(text, published)
    assert [d.value for d in doc.dates] == expected
    assert all(d.relative for d in doc.dates if "20" not in d.text)


@pytest.mark.parametrize(
    "text",
    ["اليوم الاثنين", "أمس", "في أغسطس الماضي", "الشهر الماضي", "يوم الأربعاء 24 نوفمبر/ تشرين الثاني", "قبل يومين"],
)
def test_relative_dates_need_a_publication_date(text: str) -> None:
    assert values(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "أعلن موقع روسيا اليوم أن",
        "احتفلت البلاد باليوم الوطني",
        "مارس الضغط على الحكومة",
        "قال أب الضحية",
        "رمضان عبد الله وزير",
        "لا يوجد صفر في الحساب",
        "رؤية 2030 للتنمية",
        "الدورة رقم 78",
        "بعد صلاة الجمعة",
        "نشرت صحيفة المصري اليوم تقريرا",
        "ذكر موقع اليوم السابع",
        "وتوفر نيسان سيارتها الجديدة",
        "تحالف قوى 14 آذار",
        "في شارع 26 يوليو بالقاهرة",
        "وحتى اليوم",
        "وصل أكثر من 2000 شخص",
    ],
)
def test_not_dates(text: str) -> None:
    assert values(text, "2024-05-05") == []


def test_spans_cover_the_whole_expression() -> None:
    doc = run("وقد عبرت الشركة -في أغسطس/آب الماضي- عن اهتمامها", "2023-09-18")
    assert [d.text for d in doc.dates] == ["أغسطس/آب الماضي"]
    doc = run("قالت الدائرة -اليوم الاثنين- إن", "2023-09-18")
    assert [d.text for d in doc.dates] == ["اليوم الاثنين"]


def test_a_year_near_the_publication_hijri_year_is_hijri_without_the_h() -> None:
    # 1445 AH began on 19 July 2023; a 2024 article writes the season's year without هـ.
    doc = run("واستقبلت المشاعر المقدسة حجاج موسم عام 1445 بخطة جديدة.", "2024-06-20")
    assert [(d.text, d.value, d.calendar) for d in doc.dates] == [("عام 1445", "2023", "hijri")]
    # Marked Gregorian, far from the publication's Hijri year, or with no publication date: Gregorian.
    assert values("شيد الحصن عام 1445 م على التلة.", "2024-06-20") == ["1445"]
    assert values("سقطت المدينة عام 1453 بعد حصار طويل.", "2024-06-20") == ["1453"]
    assert values("واستقبلت المشاعر حجاج موسم عام 1445 بخطة جديدة.") == ["1445"]
    assert [d.calendar for d in run("سقطت المدينة عام 1453 بعد حصار.", "2024-06-20").dates] == ["gregorian"]


def test_a_span_keeps_the_marks_of_its_last_letter() -> None:
    assert [d.text for d in run("أُقرّت الموازنة في عام 1446 هـ بعد نقاش.", "2024-09-01").dates] == ["عام 1446 هـ"]


def test_dateline_from_an_embedded_tweet_when_it_is_the_only_date() -> None:
    text = (
        "دعا الرئيس ماسك اليوم الاثنين إلى فتح مصنع.\n"
        "الرئيس #أردوغان يدعو #ماسك https://t.co/x\n"
        "— Anadolu العربية (@aa_arabic) September 18, 2023\n"
        "وقال ماسك إن الشركة ستختار موقعا."
    )
    doc = run(text)
    assert (doc.published, doc.published_source) == ("2023-09-18", "dateline")
    assert "2023-09-18" in [d.value for d in doc.dates if d.relative]


def test_dateline_line_at_the_top() -> None:
    assert dateline_date("نشر في 12 مارس 2024 - 10:30\nقال الوزير إن الحكومة ...") == "2024-03-12"
    assert dateline_date("القاهرة - 12 مارس 2024\nقال الوزير إن الحكومة ...") == "2024-03-12"
    assert dateline_date("الثلاثاء 12/3/2024 10:30 صباحا\nقال الوزير إن الحكومة ...") == "2024-03-12"
    assert dateline_date("الحكومة توقع اتفاقية الغاز الكبرى في 12 مارس 2024\nقال الوزير") is None
    assert dateline_date("قال الوزير إن الحكومة ستوقع اتفاقا في 12 مارس 2024 مع الشركات الكبرى في المنطقة\nوأضاف") is None


def test_published_from_the_record_is_kept() -> None:
    doc = run("نشر في 12 مارس 2024\nقال الوزير أمس", "2024-05-01")
    assert (doc.published, doc.published_source) == ("2024-05-01", None)
    assert "2024-04-30" in [d.value for d in doc.dates]


@pytest.mark.parametrize(
    "bad",
    ["\u200f18/9/2023\u200e", "99/99/9999", "31/02/2024", "رمضان 9999 هـ", "عام 99999", "\ud800 سبتمبر", "سبتمبر " * 500, ""],
)
def test_bad_input_never_crashes(bad: str) -> None:
    run(bad or " ", "2024-01-01")
    run(bad or " ", "garbage")


def test_seed_dates_match_gold(seed_gold: list[dict]) -> None:
    """Golden test: every seed article's date values, as multisets."""
    from rasd.pipeline import extract

    for gold in seed_gold:
        doc = extract(gold["text"], published=gold.get("published"), id=gold["id"])
        assert Counter(d.value for d in doc.dates if d.value) == Counter(d["value"] for d in gold["dates"]), gold["id"]


def test_dates_found_again_from_the_same_matches_for_another_publication_date() -> None:
    from rasd.dates import _collect, find_dates
    from rasd.normalize import normalize

    norm = normalize("وصل الوفد أمس، على أن يعود في 3 مارس والعام المقبل")
    candidates = _collect(norm.text)
    for published in (None, "2024-02-10", "2023-12-30"):
        assert find_dates(norm, published, candidates) == find_dates(norm, published)


def test_word_alternation_grouped_by_first_letter_matches_as_the_flat_list() -> None:
    import re

    from rasd.dates import _alt

    # Words that are prefixes of others, share first letters, or hold a space or a regex symbol.
    words = ["ربيع الاول", "ربيع", "رب", "ربيع الثاني", "صفر", "صف", "a.b", "اب", "ابريل", "x"]
    flat = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))
    grouped = _alt(words)
    assert grouped != flat
    text = "في ربيع  الاول وربيع الثاني ورب صفر صفري ابريل اب a.b axb x ربيع"
    for tail in ("", r"(?!\w)", r"\s+\d+"):
        assert [m.span() for m in re.finditer(f"(?:{grouped}){tail}", text)] == [
            m.span() for m in re.finditer(f"(?:{flat}){tail}", text)
        ]
    # A word that opens with a space keeps the flat list (its first "letter" is a run of spaces).
    assert _alt(["كلمة", " مسافة"]) == r"\s+مسافة|كلمة"


def test_word_start_is_a_word_start_or_behind_one_proclitic() -> None:
    import re

    from rasd.dates import _WORD_START

    plain = r"(?:(?<!\w)|(?<=(?<!\w)[وفبل]))"
    text = "وامس فالشهر بكر xوy ل و، 1و2 ببب (ف)ر والعام"
    starts = [p for p in range(len(text) + 1) if re.compile(_WORD_START).match(text, p)]
    assert starts == [p for p in range(len(text) + 1) if re.compile(plain).match(text, p)]
    assert 0 in starts and 1 in starts and 2 not in starts  # و|امس: behind the proclitic, not inside


def test_lone_year_guard_is_the_plain_one() -> None:
    import re

    from rasd.dates import vocabulary

    plain = re.compile(r"(?:(?<![\w.,/\-:$€£%])|(?<=(?<!\w)و))\(?(?P<y>(?:19|20)\d\d)\)?(?!\w|\s*(?:%|[.,/\-:]\d))")
    text = "1999 و2001 x2002 .2003 $2004 €2005 و 2006 اخو2007 (2008) -2009 :2010 و(2011) 2012% 2013"
    assert [m.span() for m in vocabulary().lone_year.finditer(text)] == [m.span() for m in plain.finditer(text)]
    assert "2001" in [m.group("y") for m in plain.finditer(text)]  # the case the guard is for
