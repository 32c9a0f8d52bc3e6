"""Entities: a Latin short title joins the Arabic name it spells, a title's first
transliterated word after its head, a given name that normalisation makes look like a preposition
inside a zone's name, and a facility named without its noun. Every sentence is written for the
tests; the names are invented or absent from the curated knowledge base."""

from __future__ import annotations

from rasd.document import Document
from rasd.entities.kb import load_kb
from rasd.entities.resolve import consonant_skeleton
from rasd.entities.stage import _transliterated_after_head
from rasd.entities.patterns import load_name_edges
from rasd.entities.tagger import load_triggers
from rasd.normalize import normalize_stage
from rasd.segment import segment_stage
from entities_harness import run


def entity_of(doc: Document, mention: str):
    hits = [e for e in doc.entities if any(m.text == mention for m in e.mentions)]
    assert hits, f"{mention!r} not found in {[m.text for e in doc.entities for m in e.mentions]}"
    return hits[0]


def test_consonant_skeleton_compares_latin_and_arabic_spellings() -> None:
    assert consonant_skeleton("Journal") == consonant_skeleton("جورنال")
    assert consonant_skeleton("Post") == consonant_skeleton("بوست")
    assert consonant_skeleton("Times") != consonant_skeleton("جورنال")


def test_latin_short_title_joins_the_arabic_name_it_spells() -> None:
    doc = run(
        "ذكرت صحيفة ميدلاند بوست أن المصنع سيغلق أبوابه. وقال متحدث باسم الشركة لصحيفة The Post "
        "إن القرار نهائي."
    )
    arabic = entity_of(doc, "صحيفة ميدلاند بوست")
    assert any(m.text == "The Post" for m in arabic.mentions)


def test_latin_title_spelling_no_arabic_name_stays_apart() -> None:
    doc = run("ذكرت صحيفة ميدلاند بوست أن المصنع سيغلق. وقال متحدث لمجلة The Economist إن القرار نهائي.")
    arabic = entity_of(doc, "صحيفة ميدلاند بوست")
    assert all(m.text != "The Economist" for m in arabic.mentions)


def _first_of(doc: Document, word: str) -> int:
    return next(k for k, t in enumerate(doc.tokens) if t.text == word)


def test_bare_word_between_head_and_name_is_the_names_first_word() -> None:
    doc = segment_stage(normalize_stage(Document("وفقا لصحيفة هول ستريت جورنال فإن الصفقة ألغيت.", id="t")))
    kb, triggers, detached = load_kb(), load_triggers(), load_name_edges().detached_heads
    assert _transliterated_after_head(doc.tokens, _first_of(doc, "ستريت"), kb, triggers, detached)


def test_adjective_or_preposition_after_head_is_not_a_names_word() -> None:
    kb, triggers, detached = load_kb(), load_triggers(), load_name_edges().detached_heads
    doc = segment_stage(normalize_stage(Document("نشرت صحيفة أمريكية ستريت تقريرا.", id="t")))
    assert not _transliterated_after_head(doc.tokens, _first_of(doc, "ستريت"), kb, triggers, detached)
    doc = segment_stage(normalize_stage(Document("نشرت صحيفة في دالاس تقريرا.", id="t")))
    assert not _transliterated_after_head(doc.tokens, _first_of(doc, "دالاس"), kb, triggers, detached)


def test_given_name_inside_a_zone_name_is_not_the_preposition() -> None:
    doc = run("افتتحت الشركة مستودعا جديدا في منطقة جبل علي الحرة الأسبوع الماضي.")
    assert entity_of(doc, "منطقة جبل علي الحرة").type == "LOC"


def test_preposition_after_a_zone_head_still_ends_the_name() -> None:
    doc = run("تقع منطقة على الحدود الحرة بين البلدين.")
    assert all("على" not in m.text for e in doc.entities for m in e.mentions)


def test_facility_named_without_its_noun_is_the_same_place() -> None:
    doc = run("هبطت الطائرات في قاعدة بئر الذيب أمس. وغادرت القوات بئر الذيب صباح اليوم.")
    base = entity_of(doc, "قاعدة بئر الذيب")
    assert base.type == "LOC"
    assert any(m.text == "بئر الذيب" for m in base.mentions)
