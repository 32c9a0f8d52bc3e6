"""Entities: companies named by their trade (an unknown word and a لل complement),
quoted list members after a head with a proclitic, Latin names of several words, and illness
names that are not people. Every sentence is written for the tests; the names are invented."""

from __future__ import annotations

import pytest

from entities_harness import run, found


@pytest.mark.parametrize(
    "text, mention",
    [
        # An unknown word + "for the …" + an adjective: the company's trade.
        ("ووقعت الوزارة عقدا مع زيكسترا للحلول الرقمية لتطوير خدماتها.", "زيكسترا للحلول الرقمية"),
        # The last member of a list takes "and": the name starts after و.
        ("وشاركت شركات عدة، منها شركة نوراتك للطاقة، وبلوفيرد للصناعات البحرية، في المعرض.",
         "بلوفيرد للصناعات البحرية"),
    ],
)
def test_unknown_word_with_trade_complement_is_company(text: str, mention: str) -> None:
    assert ("ORG", mention) in found(run(text))


@pytest.mark.parametrize(
    "text",
    [
        # "سعيا للحصول على" (seeking to obtain): no definite adjective follows the complement.
        "وتوجه الوفد إلى العاصمة سعيا للحصول على تمويل جديد.",
        # "his thanks to the American president": a possessed noun, a nation's adjective.
        "وأعرب الوزير عن شكره للرئيس الأمريكي على جهوده.",
    ],
)
def test_noun_before_complement_is_no_company(text: str) -> None:
    doc = run(text)
    assert not [m for e in doc.entities if e.type == "ORG" for m in e.mentions]


def test_quoted_member_after_head_with_proclitic() -> None:
    # وبنوك مثل "…" "and banks such as …": the plural head carries و.
    doc = run('وفرض الاتحاد قيودا على شركات النقل وبنوك مثل "زيفرا بنك" في الشهر الماضي.')
    assert ("ORG", "زيفرا بنك") in found(doc)


def test_latin_name_is_taken_whole() -> None:
    # The tagger may tag one word of a Latin name; every capitalised Latin word next to it joins.
    doc = run("ووقعت الحكومة الاتفاق مع شركة Norvik Energies لتطوير الحقل.")
    texts = {m.text for e in doc.entities for m in e.mentions}
    assert not {"Energies", "Norvik"} & texts
    assert any("Norvik Energies" in t for t in texts)


@pytest.mark.parametrize(
    "text, word",
    [
        ("وتراجع الإنتاج جراء تأثيرات انتشار وباء فيروس كورونا، وسجلت الشركة خسائر.", "كورونا"),
        ("وتراجعت الأرباح بسبب تداعيات فيروس كورونا في العام الماضي.", "كورونا"),
    ],
)
def test_illness_is_no_person(text: str, word: str) -> None:
    doc = run(text)
    assert not [m for e in doc.entities if e.type == "PERSON" for m in e.mentions if word in m.text]
