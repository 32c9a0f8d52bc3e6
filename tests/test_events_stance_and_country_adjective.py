"""Events: stated intentions and stances ("أكد X ضرورة التعاون مع Y", "أبدى X رغبته في
الاستثمار في Y") belong to whoever states them and are planned; and a country's adjective on
the noun bound to a trigger names the counterpart ("الاعتراف بالمخطط المغربي")."""

from __future__ import annotations

from events_harness import events_with
from rasd.events.stance import stance_head, statement_verb
from rasd.events.words import WordTable
from rasd.pipeline import extract

# alias -> (type, English name, country code)
ENTITIES = {
    "كريستينا لوبيز": ("PERSON", "Cristina Lopez", ""),
    "وزارة الدفاع الإسبانية": ("ORG", "Spanish Ministry of Defence", "ESP"),
    "شركة نوردا": ("ORG", "Norda", ""),
    "البرتغال": ("GPE", "Portugal", "PRT"),
    "إسبانيا": ("GPE", "Spain", "ESP"),
    "كينيا": ("GPE", "Kenya", "KEN"),
    "المغرب": ("GPE", "Morocco", "MAR"),
    "تشيلي": ("GPE", "Chile", "CHL"),
}


def events_of(text: str) -> list[tuple]:
    """(type, source, target, modality) of the events of a text, actors by English name."""
    return events_with(text, ENTITIES)


def test_stated_need_is_the_speakers_planned_cooperation() -> None:
    evs = events_of("وأكدت كريستينا لوبيز ضرورة التعاون مع البرتغال في مجال المياه.")
    assert ("COOPERATE", "Cristina Lopez", "Portugal", "planned") in evs


def test_wish_with_attached_pronoun_governs_investment() -> None:
    evs = events_of("وأبدت شركة نوردا رغبتها في الاستثمار في كينيا خلال العام المقبل.")
    assert ("COOPERATE", "Norda", "Kenya", "planned") in evs


def test_holder_inside_the_phrase_gives_way_to_the_speaker() -> None:
    # "the interest of the Spanish authorities": the one who states it is the source
    evs = events_of("وأكدت كريستينا لوبيز اهتمام السلطات الإسبانية بتوسيع نطاق التعاون مع كينيا.")
    assert ("COOPERATE", "Cristina Lopez", "Kenya", "planned") in evs
    assert not [e for e in evs if e[1] == "Spain"]


def test_speakers_own_side_is_no_counterpart_between_two_countries() -> None:
    # an official of the Spanish ministry calling for cooperation "between Spain and Chile"
    evs = events_of("وشددت مسؤولة وزارة الدفاع الإسبانية، كريستينا لوبيز، على ضرورة التعاون بين إسبانيا وتشيلي.")
    coop = [e for e in evs if e[0] == "COOPERATE"]
    assert coop and all(e[2] == "Chile" for e in coop)


def test_stance_stated_by_nobody_named_is_no_event() -> None:
    evs = events_of("وقال البيان إن الأرقام الجديدة تؤكد أهمية تعزيز التعاون بين إسبانيا وتشيلي.")
    assert not [e for e in evs if e[0] == "COOPERATE"]


def test_cooperation_told_as_done_is_not_a_stance() -> None:
    evs = events_of("وتعاونت إسبانيا مع تشيلي في بناء الميناء.")
    assert ("COOPERATE", "Spain", "Chile", "asserted") in evs


def test_stance_head_walks_over_bridges_and_one_holder() -> None:
    doc = extract("أعلن المدير رغبة الجهاز في مواصلة الاستثمار في الزراعة.")
    norms = [t.norm for t in doc.tokens]
    trig = next(k for k, n in enumerate(norms) if n == "الاستثمار")
    head = stance_head(WordTable(doc.tokens), trig, 0, {})
    assert head is not None and norms[head].startswith("رغب")
    assert statement_verb(WordTable(doc.tokens), head, 0, {}) == 0
    plain = extract("أعلن المدير افتتاح المصنع بعد الاستثمار في الزراعة.")
    k = next(k for k, t in enumerate(plain.tokens) if t.norm == "الاستثمار")
    assert stance_head(WordTable(plain.tokens), k, 0, {}) is None


def test_country_adjective_of_the_bound_noun_gives_the_target() -> None:
    evs = events_of("وأقدمت تشيلي على الاعتراف بالمخطط المغربي للحكم الذاتي.")
    assert ("SUPPORT", "Chile", "Morocco", "asserted") in evs


def test_country_adjective_far_from_the_trigger_is_no_target() -> None:
    # the adjective qualifies a noun further on, not the noun bound to the trigger
    evs = events_of("وأقدمت تشيلي على الاعتراف بالمخطط خلال المؤتمر المغربي.")
    assert ("SUPPORT", "Chile", "Morocco", "asserted") not in evs


def test_openness_to_cooperate_quoted_after_qawluhu_is_the_quoted_persons() -> None:
    # "نقلت X عن Y قوله إن ...": Y is quoted and states the stance; with no مع the party
    # named further on (the owner of the project) is the counterpart.
    evs = events_of("ونقلت وزارة الدفاع الإسبانية عن كريستينا لوبيز قوله إن إسبانيا منفتحة على التعاون "
                    "في مشروع الأقمار التابع لشركة نوردا.")
    assert ("COOPERATE", "Cristina Lopez", "Norda", "planned") in evs


def test_cooperation_without_counterpart_or_stance_is_no_event() -> None:
    evs = events_of("وتحدثت كريستينا لوبيز عن التعاون في مجال المياه في كينيا.")
    assert not [e for e in evs if e[0] == "COOPERATE"]


def test_apology_addresses_the_country_wronged_by_what_it_is_for() -> None:
    evs = events_of("وقدمت كريستينا لوبيز اعتذارها عن القصف الذي طال الأراضي الكينية أمس.")
    assert ("CONCEDE", "Cristina Lopez", "Kenya", "asserted") in evs


def test_apology_does_not_address_the_apologisers_own_country() -> None:
    evs = events_of("واعتذرت وزارة الدفاع الإسبانية عن الحادث الذي وقع للجنود الإسبان في تشيلي.")
    assert ("CONCEDE", "Spanish Ministry of Defence", "Spain", "asserted") not in evs
