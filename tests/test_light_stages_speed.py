"""The shortcuts of the light stages (gates, one-pass tables) give exactly what the long way does."""

from __future__ import annotations

import re

from rasd.clean import load_rules
from rasd.dates import dateline_date
from rasd.document import Document
from rasd.ingest.readers import _looks_html
from rasd.normalize import folding_keeps_lines, normalize, normalize_form
from rasd.numbers import by_first_letter, lexicon, tokenize_numbers
from rasd.segment import _glued_cuts, tokenize


def testby_first_letter_matches_like_the_flat_alternation() -> None:
    words = ["ثلاثه", "ثلاث", "ثمانيه", "تسع", "ثلاثون", "ست"]
    ordered = sorted(words, key=len, reverse=True)
    grouped = re.compile(rf"(?:{by_first_letter(ordered)})(?!\w)")
    flat = re.compile("(?:" + "|".join(map(re.escape, ordered)) + r")(?!\w)")
    for text in ("ثلاثه وثلاثون", "ثلاث تسع ستون ست", "ثمانيه", "ثلاثونا ثلاث."):
        assert [m.span() for m in grouped.finditer(text)] == [m.span() for m in flat.finditer(text)]


def test_number_tokens_at_the_start_and_after_marks() -> None:
    # The token pattern consumes the character before a token: a token at offset 0 is found.
    tokens = tokenize_numbers("5 ملايين و3 آلاف")
    assert [(t.start, t.end, t.kind) for t in tokens][:2] == [(0, 1, "digits"), (2, 8, "scale_plural")]
    assert tokens[2].conj and tokens[2].gap_start == 9
    assert tokenize_numbers("F-16") == []  # digits after a letter and a hyphen: a model name
    assert [t.start for t in tokenize_numbers("-16")] == [1]
    assert lexicon().token_re.pattern.startswith(r"\W")


def test_glued_cuts_are_normalised_offsets() -> None:
    assert _glued_cuts("الذاتيةالرئيس", None) == [7]
    text = "الذاتيةَالرئيس"  # a fatha after the ta marbuta is deleted by normalisation
    norm = normalize(text)
    assert _glued_cuts(text, norm.source_offsets()) == [7]
    doc = Document(text=text, id="x")
    doc.norm = norm
    assert [t.text for t in tokenize(doc)] == ["الذاتيةَ", "الرئيس"]


def test_dateline_reads_lines_off_the_normalised_text() -> None:
    assert folding_keeps_lines()
    texts = [
        "نشر في 12 مارس 2024 - 10:30\nقال الوزير إن الحكومة ...",
        "القاهرة - 12 مارس 2024\nقال الوزير إن الحكومة ...",
        "الثلاثاء 12/3/2024 10:30 صباحا\nقال الوزير إن الحكومة ...",
        "عنوان بلا أرقام\nقال الوزير إن الحكومة ستوقع اتفاقا\nآخر تحديث: الأحد ١٢ مايو ٢٠٢٤",
        "أ" * 400 + " 12 مارس 2024\nنشر في 12 مارس 2024",
    ]
    for text in texts:
        assert dateline_date(text, ntext=normalize(text).text) == dateline_date(text)
    assert dateline_date(texts[3], ntext=normalize(texts[3]).text) == "2024-05-12"


def test_boilerplate_needs_are_in_every_line_a_rule_removes() -> None:
    lines = [
        "نستخدم ملفات تعريف الارتباط لتحسين تجربتك", "(الكوكيز)", "يستخدم هذا الموقع ملفات تعريف",
        "سياسة الخصوصية", "We use cookies", "أوافق على الكل", "رفض", "الوسوم: السعودية، النفط",
        "العلامات", "Tags: oil", "خبر (ر) خبر (ر) خبر (ر)", "كلمات مفتاحية",
    ]
    gated = [r for r in load_rules().line_rules if r.needs is not None]
    assert {r.name for r in gated} >= {"cookie_notice", "tag_list"}
    hits = 0
    for line in lines:
        folded = normalize_form(line).strip()
        for rule in gated:
            if rule.pattern.search(folded):
                hits += 1
                assert rule.needs.search(folded), (rule.name, line)
    assert hits >= len(lines)


def test_looks_html_without_a_tag_character() -> None:
    assert not _looks_html("نص عادي بلا وسوم " * 200)
    assert _looks_html("  <!DOCTYPE html><html><body>نص</body></html>")
    assert _looks_html("مقدمة <p>فقرة</p>")
