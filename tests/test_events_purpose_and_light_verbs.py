"""Events: purpose clauses (من أجل), a retelling by the country of a capital named before,
light verbs of undertaking (إقدام X على, قيام X بـ) and عقب as the end of a clause."""

from __future__ import annotations

from events_harness import events_with

# alias -> (type, English name, country code)
ENTITIES = {
    "الحكومة الأردنية": ("ORG", "Government of Jordan", "JOR"),
    "البرلمان": ("ORG", "Parliament", ""),
    "المغرب": ("GPE", "Morocco", "MAR"),
    "مدريد": ("GPE", "Madrid", "ESP"),
    "إسبانيا": ("GPE", "Spain", "ESP"),
    "كندا": ("GPE", "Canada", "CAN"),
}


def events_of(text: str) -> list[tuple]:
    """(type, source, target) of the events of a text, actors by English name."""
    return events_with(text, ENTITIES, modality=False)


def test_purpose_clause_is_no_event_of_its_own() -> None:
    evs = events_of("أعلنت مدريد أنها ستمنح المغرب مليار دولار من أجل إنشاء مركز تدريب جديد.")
    assert ("AID", "Madrid", "Morocco") in evs
    assert not [e for e in evs if e[0] == "COOPERATE"]


def test_verbal_noun_without_purpose_marker_still_counts() -> None:
    evs = events_of("أعلنت مدريد إنشاء مركز تدريب جديد.")
    assert ("COOPERATE", "Madrid", None) in evs


def test_retelling_by_the_country_of_a_capital_is_one_event() -> None:
    evs = events_of("منحت مدريد المغرب قرضا بقيمة مليار دولار. وستقوم إسبانيا بتقديم القرض على دفعات.")
    assert ("AID", "Madrid", "Morocco") in evs
    assert ("AID", "Spain", None) not in evs


def test_retelling_by_another_country_is_kept() -> None:
    evs = events_of("منحت مدريد المغرب قرضا بقيمة مليار دولار. وستقوم كندا بتقديم القرض على دفعات.")
    assert ("AID", "Canada", None) in evs


def test_light_verb_subject_is_the_agent_and_adjective_the_counterpart() -> None:
    evs = events_of("انتقد البرلمان إقدام الحكومة الأردنية على الاعتراف بالمخطط المغربي للحكم الذاتي.")
    assert ("SUPPORT", "Government of Jordan", "Morocco") in evs


def test_after_clause_names_are_not_the_counterpart() -> None:
    evs = events_of("قررت كندا سحب سفيرها عقب تصريحات الحكومة الأردنية الأخيرة.")
    assert ("SANCTION", "Canada", "Government of Jordan") not in evs
