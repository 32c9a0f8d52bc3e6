"""Events: a violence noun used as a label ("دولة عدوان") is name-calling, not an attack; and
the verbal noun of a verb with a direct object ("اغتيال X", "غزو X") names who suffered it,
so with no agent named it recalls a past event rather than reporting one."""

from __future__ import annotations

from events_harness import events_with

# alias -> (type, English name, country code)
ENTITIES = {
    "سامي ورد": ("PERSON", "Sami Ward", ""),
    "حزب النهضة": ("ORG", "Nahda Party", ""),
    "مجلس الأمن الوطني": ("ORG", "National Security Council", ""),
    "بيروت": ("GPE", "Beirut", "LBN"),
    "كندا": ("GPE", "Canada", "CAN"),
    "فنلندا": ("GPE", "Finland", "FIN"),
    "روسيا": ("GPE", "Russia", "RUS"),
    "جورجيا": ("GPE", "Georgia", "GEO"),
}


def test_state_of_aggression_label_is_no_attack() -> None:
    evs = events_with('وصف مجلس الأمن الوطني كندا بأنها "دولة عدوان" في بيان صدر أمس.', ENTITIES, modality=False)
    assert not [e for e in evs if e[0] == "ASSAULT"]


def test_aggression_by_a_state_is_still_an_attack() -> None:
    evs = events_with("وأدان البيان عدوان كندا على فنلندا خلال الأسبوع الماضي.", ENTITIES, modality=False)
    assert ("ASSAULT", "Canada", "Finland") in evs


def test_killing_named_by_its_victim_is_no_new_event() -> None:
    text = "وتصاعد التوتر في المنطقة بعد اغتيال رئيس حزب النهضة سامي ورد في بيروت العام الماضي."
    evs = events_with(text, ENTITIES, modality=False)
    assert not [e for e in evs if e[0] == "ASSAULT"]


def test_killing_with_its_agent_and_victim_is_kept() -> None:
    evs = events_with("وأثار اغتيال روسيا لسامي ورد في بيروت موجة من الاحتجاجات.", ENTITIES, modality=False)
    assert ("ASSAULT", "Russia", "Sami Ward") in evs


def test_invasion_with_agent_genitive_and_bare_victim_is_kept() -> None:
    evs = events_with("وتحدث التقرير عن غزو روسيا جورجيا قبل سنوات.", ENTITIES, modality=False)
    assert ("ASSAULT", "Russia", "Georgia") in evs
