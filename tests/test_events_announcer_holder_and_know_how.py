"""Events: a state announcing a definite verbal noun is its agent ("أعلنت البيرو الاعتراف
بالمقترح المغربي"), whose bound noun's adjective is the counterpart, not the agent; a stance
held by the body named in the speaker's title is that body's ("رغبة الصندوق"); and drawing on
another side's experience ("الاستفادة من التجربة المصرية") is cooperation."""

from __future__ import annotations

from events_harness import events_with
from rasd.pipeline import extract

# alias -> (type, English name)
ENTITIES = {
    "البيرو": ("GPE", "Peru"),
    "المغرب": ("GPE", "Morocco"),
    "مصر": ("GPE", "Egypt"),
    "الصين": ("GPE", "China"),
    "الأردن": ("GPE", "Jordan"),
    "يوسف العلي": ("PERSON", "Yousef Al-Ali"),
    "خالد الفهد": ("PERSON", "Khaled Al-Fahd"),
    "صندوق الاستثمارات العامة": ("ORG", "Public Investment Fund"),
}


def events_of(text: str) -> list[tuple]:
    """(type, source, target, modality) of the events of a text, actors by English name."""
    return events_with(text, ENTITIES)


def extracted(text: str) -> list[tuple]:
    """(type, source, target, trigger) of the full pipeline, actors by their Arabic name: the
    gold-entity harness would read "المغرب" inside the adjective "المغربي" as a mention."""
    doc = extract(text)
    name = {e.id: e.name for e in doc.entities}
    return [(e.type, name.get(e.source), name.get(e.target), e.trigger.text) for e in doc.events]


def test_announcer_recognises_and_the_bound_adjective_is_the_counterpart() -> None:
    evs = extracted("أعلنت تشيلي الاعتراف بالمقترح المغربي للحل. ورحب المغرب بالقرار.")
    assert ("SUPPORT", "تشيلي", "المغرب", "الاعتراف") in evs


def test_announcer_with_an_before_the_noun() -> None:
    evs = events_of("أعلنت البيرو عن الاعتراف بسيادة المغرب على أقاليمه.")
    assert ("SUPPORT", "Peru", "Morocco", "asserted") in evs


def test_adjective_of_bound_noun_is_not_the_agent() -> None:
    # nobody announces here: the adjective on the noun after بـ must not become the source
    evs = extracted("ورحب المغرب بالقرار. وجاء الاعتراف بالمقترح المغربي بعد سنوات.")
    assert [e for e in evs if e[3] == "الاعتراف"] == []


def test_stance_of_the_body_named_in_the_speakers_title() -> None:
    evs = events_of("أعلن الرئيس التنفيذي لـ«صندوق الاستثمارات العامة»، خالد الفهد، رغبة الصندوق في الاستثمار في الصين.")
    assert ("COOPERATE", "Public Investment Fund", "China", "planned") in evs
    assert not any(e[1] == "Khaled Al-Fahd" for e in evs)


def test_stance_without_holder_stays_the_speakers() -> None:
    evs = events_of("أعلن الرئيس التنفيذي لـ«صندوق الاستثمارات العامة»، خالد الفهد، رغبته في الاستثمار في الصين.")
    assert ("COOPERATE", "Khaled Al-Fahd", "China", "planned") in evs


def test_drawing_on_experience_is_cooperation() -> None:
    evs = events_of("وأكد يوسف العلي رغبة الأردن في الاستفادة من التجربة المصرية في مجال الطاقة. وزار مصر لاحقا.")
    assert any(e[0] == "COOPERATE" and e[2] == "Egypt" and e[3] == "planned" for e in evs)


def test_benefiting_from_a_loan_is_no_cooperation() -> None:
    evs = events_of("استفادت مصر من القرض الذي قدمته الصين العام الماضي.")
    assert not any(e[0] == "COOPERATE" for e in evs)
