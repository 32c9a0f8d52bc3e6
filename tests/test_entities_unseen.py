"""Entities: names the knowledge base has never seen, ambiguous aliases, generic
bodies and named things. Every sentence is written for the tests; the names are invented or absent
from the curated knowledge base."""

from __future__ import annotations

import pytest

from rasd.document import Document
from rasd.entities.kb import load_kb
from entities_harness import run, found


# (sentence, mention, type): invented people, companies, bodies, places and named things.
UNSEEN = [
    ("قال الرئيس الغاني كوامي أوسيي بامفو إن بلاده ستشارك في القمة.", "كوامي أوسيي بامفو", "PERSON"),
    ("وأكد وزير المالية الموريتاني سيدي ولد التاه أن العجز تراجع.", "سيدي ولد التاه", "PERSON"),
    ("أعلنت شركة نوراتك للحلول الرقمية عن أرباح قياسية.", "شركة نوراتك للحلول الرقمية", "ORG"),
    ("وقعت شركة بتروفال القابضة عقدا مع الحكومة.", "شركة بتروفال القابضة", "ORG"),
    ("وصرح المتحدث باسم وزارة الموارد المائية والري بأن السد اكتمل.", "وزارة الموارد المائية والري", "ORG"),
    ("وشهدت مدينة زاغورة احتجاجات واسعة أمس.", "زاغورة", "GPE"),
    ("وقالت الباحثة ليلى الزهراني إن الدراسة شملت ألف أسرة.", "ليلى الزهراني", "PERSON"),
    ("وأوضح كريستوفر ماندل أن المفاوضات ستستأنف الأسبوع المقبل.", "كريستوفر ماندل", "PERSON"),
    ("وانطلقت أعمال منتدى الدوحة الاقتصادي بمشاركة واسعة.", "منتدى الدوحة الاقتصادي", "MISC"),
    ("وقال هشام بن عبد الرحمن القحطاني إن المشروع سيكتمل.", "هشام بن عبد الرحمن القحطاني", "PERSON"),
    ("وأعلن بنك الاستثمار الإقليمي تمويل المشروع.", "بنك الاستثمار الإقليمي", "ORG"),
    ("وقالت هيئة تنظيم الاتصالات إن الخدمة ستعود.", "هيئة تنظيم الاتصالات", "ORG"),
    ("وفاز المرشح المستقل ماركوس فيلدمان بالانتخابات في ولاية نيفادا.", "ماركوس فيلدمان", "PERSON"),
    ("وتعرضت قاعدة عين الزيتون الجوية لهجوم بطائرات مسيرة.", "قاعدة عين الزيتون الجوية", "LOC"),
    ("ووافق الصندوق على صرف قرض الصمود والتعافي للبلاد.", "قرض الصمود والتعافي", "MISC"),
    ("وزار الوفد بلدة تل الزعتر الحدودية.", "تل الزعتر", "GPE"),
    ("والتقى الوزير ومحمد الحويطي في طرابلس.", "محمد الحويطي", "PERSON"),
]


@pytest.mark.parametrize("text,mention,typ", UNSEEN, ids=[m for _, m, _ in UNSEEN])
def test_unseen_names_are_found_and_typed(text: str, mention: str, typ: str) -> None:
    assert all(mention not in a for r in load_kb().records for a in r.aliases)
    assert (typ, mention) in found(run(text))


def _record_en(doc: Document, mention: str) -> str | None:
    return next((e.name_en for e in doc.entities for m in e.mentions if m.text == mention), None)


def test_amman_with_a_place_preposition_or_shadda_is_the_jordanian_capital() -> None:
    assert _record_en(run("وصل وزير الخارجية إلى عمان أمس في زيارة رسمية."), "عمان") == "Amman"
    assert _record_en(run("وعقد الاجتماع في عمّان."), "عمّان") == "Amman"
    assert _record_en(run("عمان: وقعت الحكومة الأردنية اتفاقا جديدا."), "عمان") == "Amman"


def test_oman_as_an_actor_or_with_a_damma_is_the_sultanate() -> None:
    assert _record_en(run("دعت عمان إلى وقف إطلاق النار."), "عمان") == "Oman"
    assert _record_en(run("وصل الوفد إلى عُمان قادما من مسقط."), "عُمان") == "Oman"
    assert _record_en(run("وزار السلطان الهيثم عمان وقال إن السلطنة تدعم الحوار."), "عمان") == "Oman"


def test_bare_aljazeera_is_the_channel_only_with_a_media_cue() -> None:
    assert ("ORG", "الجزيرة") in found(run("وقال مراسل الجزيرة إن القصف استمر."))
    assert ("ORG", "الجزيرة") in found(run('وقال المسؤول لـ"الجزيرة" إن القصف استمر.'))
    island = run("فإن الجزيرة المتمتعة بالحكم الذاتي أصبحت مستقلة عن الدنمارك.")
    assert not any(m.text == "الجزيرة" for e in island.entities for m in e.mentions)


def test_generic_body_is_not_a_name() -> None:
    doc = run("ونقلت وكالة الأنباء عن مصدر قوله إن الاجتماع انتهى.")
    assert not any("وكالة" in m.text for e in doc.entities for m in e.mentions)


def test_holiday_takes_its_one_word_and_descriptions_stay_out() -> None:
    assert ("MISC", "عيد الاستقلال") in found(run("واحتفلت البلاد بعيد الاستقلال المجيد أمس."))
    assert not any(e.type == "MISC" for e in run("وطرح الرئيس خطة السلام المثيرة للجدل.").entities)


def test_ministries_of_both_countries_is_a_description() -> None:
    doc = run("واتفقت وزارتي دفاع البلدين على التعاون.")
    assert not any(e.type == "ORG" for e in doc.entities)


def test_curated_people_and_organisations_can_be_switched_off_for_measurement(monkeypatch) -> None:
    monkeypatch.setenv("RASD_KB_WITHOUT_CURATED", "PERSON,ORG")
    load_kb.cache_clear()
    try:
        kb = load_kb()
        assert not any(r.kind == "curated" and r.type in ("PERSON", "ORG") for r in kb.records)
        assert any(r.kind == "country" for r in kb.records)
    finally:
        monkeypatch.delenv("RASD_KB_WITHOUT_CURATED")
        load_kb.cache_clear()
    assert any(r.type == "PERSON" for r in load_kb().records)


def test_a_place_after_bi_is_where_a_body_met_not_its_name() -> None:
    doc = run("واجتمع مسؤولو البنك وصندوق التنمية الدولي بمراكش أمس.")
    assert not any("مراكش" in m.text and e.type == "ORG" for e in doc.entities for m in e.mentions)


def test_one_letter_clitic_is_set_aside_when_the_bare_name_occurs_elsewhere() -> None:
    doc = run("وقال المستثمر كارل فوغتمان إن السوق تتعافى. ورد وفوغتمان على الأسئلة، ونقل عن فوغتمان قوله إنه متفائل.")
    texts = {m.text for e in doc.entities for m in e.mentions if e.type == "PERSON"}
    assert "وفوغتمان" not in texts and "كارل فوغتمان" in texts


def test_a_preposition_ends_a_persons_name() -> None:
    doc = run("وقال المستثمر كارل فوغتمان إن السوق تتعافى. وقدم الرئيس ماكرون لفوغتمان وساما. وأضاف فوغتمان أن الأسعار سترتفع.")
    texts = {m.text for e in doc.entities for m in e.mentions if e.type == "PERSON"}
    assert "فوغتمان" in texts
    assert not any(t.endswith("لفوغتمان") and " " in t for t in texts)
