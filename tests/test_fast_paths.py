"""The fast paths of the light stages give exactly what the plain code gives."""

from __future__ import annotations

import random
import re

import pytest

from rasd.dates import _collect, _first_words, _Scan, vocabulary
from rasd.document import Document, OffsetError, Span
from rasd.normalize import _ARRAY_FOLD_FROM, _tables, normalize, normalize_form
from rasd.segment import _TOKEN, tokenize

DATE_TEXT = (
    "وصل الوفد أمس الأول، وقبل ثلاثة أيام زار الرئيس رجب طيب أردوغان القاهرة في 3 مارس 2024، "
    "ويعود يوم الاثنين المقبل أو بعد غد. في التسعينيات من القرن الماضي، ومنذ عام 2016 وحتى 2018، "
    "وفي 15 رمضان 1445 هـ، في 12/03/2024 أو 2024-03-12، وفي هذا الشهر، والعام المقبل، "
    "on March 5, 2024 و(2020) و1999 وفي أواخر عام 2022 ومساء الجمعة وصباح اليوم."
)


def test_scans_find_what_their_patterns_find() -> None:
    text = normalize(DATE_TEXT).text
    for scan in vocabulary().scans:
        assert [m.span() for m in scan.finditer(text)] == [m.span() for m in scan.pattern.finditer(text)], scan.kind
    kinds = {c.kind for c in _collect(text)}
    assert {"hijri", "numeric", "english", "decade", "ago", "relative_day", "weekday", "period"} <= kinds


def test_scans_on_random_mixes_of_date_words() -> None:
    words = normalize(DATE_TEXT).text.split() + ["(", ")", "و", "ه", "-", "/", "1", "19"]
    rng = random.Random(7)
    for _ in range(300):
        text = " ".join(rng.choice(words) for _ in range(rng.randint(1, 12)))
        for scan in vocabulary().scans:
            assert [m.span() for m in scan.finditer(text)] == [m.span() for m in scan.pattern.finditer(text)]


def test_scan_tries_the_pattern_only_where_it_can_start() -> None:
    scan = _Scan(re.compile(r"(?<!\w)ab+"), 0, "x", starts=re.compile("a"))
    assert [m.group() for m in scan.finditer("ab xab abbb a ab")] == ["ab", "abbb", "ab"]
    needy = _Scan(re.compile(r"(?<!\w)ab+"), 0, "x", needs=(re.compile("q"),))
    assert list(needy.finditer("ab ab")) == []


def test_first_words_of_an_alternation() -> None:
    assert _first_words(r"اليوم|امس\s+الاول|اول\s+امس|امس") == "اليوم|امس|اول"


def test_long_and_short_texts_fold_the_same() -> None:
    table = _tables()[0]
    rng = random.Random(3)
    alphabet = [chr(c) for c in [*range(32, 127), *range(0x600, 0x700), 0x640, 0x200F, 0xFEFF, 0x1F600, 0xD800]]
    for _ in range(200):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 3 * _ARRAY_FOLD_FROM)))
        norm = normalize(text)
        assert norm.text == normalize_form(text) == text.translate(table)
        kept = [i for i, c in enumerate(text) if table.get(ord(c), c) is not None]
        assert [norm.source_offset(i) for i in range(len(norm.text))] == kept
        assert norm.source_offsets() == [norm.source_offset(i) for i in range(len(norm.text) + 1)]


def test_tokens_of_a_text_with_marks_keep_the_marks_of_their_last_letter() -> None:
    text = "قالَ الرئيسُ إنّ دولاراً واحداً ـ للأممِ 12.5"
    doc = Document(text=text)
    doc.norm = normalize(text)
    tokens = tokenize(doc)
    assert [t.text for t in tokens] == ["قالَ", "الرئيسُ", "إنّ", "دولاراً", "واحداً", "للأممِ", "12.5"]
    spans = [doc.norm.source_span(*m.span()) for m in _TOKEN.finditer(doc.norm.text)]
    assert [(t.start, t.end) for t in tokens] == spans


def test_validate_names_the_first_wrong_span_of_the_first_wrong_layer() -> None:
    doc = Document(text="abc def")
    doc.sentences = [Span(0, 7, "abc def")]
    doc.validate()
    doc.sentences.append(Span(4, 9, "def"))
    with pytest.raises(OffsetError, match="sentences: span 4:9"):
        doc.validate()
