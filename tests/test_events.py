"""Events layer: trigger inflection, argument structure, modality, robustness, golden seeds."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from events_harness import events_with, gold_entity_document, run_with_gold_entities
from rasd.document import Document
from rasd.events import PLOVER_TYPES, cameo_root, events_stage, ontology
from rasd.events.lexicon import noun_forms, past_forms, present_forms, trigger_lexicon
from rasd.normalize import normalize_form, normalize_stage
from rasd.segment import segment_stage

ENTITIES = {
    "أردوغان": ("PERSON", "Recep Tayyip Erdogan"),
    "رجب طيب أردوغان": ("PERSON", "Recep Tayyip Erdogan"),
    "ماسك": ("PERSON", "Elon Musk"),
    "إيلون ماسك": ("PERSON", "Elon Musk"),
    "بوتين": ("PERSON", "Vladimir Putin"),
    "تسلا": ("ORG", "Tesla"),
    "تركيا": ("GPE", "Turkey"),
    "قطر": ("GPE", "Qatar"),
    "مصر": ("GPE", "Egypt"),
    "روسيا": ("GPE", "Russia"),
    "إيران": ("GPE", "Iran"),
    "إسرائيل": ("GPE", "Israel"),
    "الولايات المتحدة": ("GPE", "United States"),
    "الاتحاد الأوروبي": ("ORG", "European Union"),
    "وول ستريت جورنال": ("ORG", "Wall Street Journal"),
    "الكرملين": ("ORG", "Kremlin"),
    "صندوق النقد الدولي": ("ORG", "IMF"),
    "الدوحة": ("GPE", "Doha"),
    "كييف": ("GPE", "Kyiv"),
    "فنزويلا": ("GPE", "Venezuela"),
    "الصين": ("GPE", "China"),
    "سوريا": ("GPE", "Syria"),
    "حزب الله": ("ORG", "Hezbollah"),
    "ترامب": ("PERSON", "Donald Trump"),
    "وزارة التجارة": ("ORG", "Ministry of Trade"),
    "مجلس المصدرين": ("ORG", "Exporters Assembly"),
    "موسياد": ("ORG", "MUSIAD"),
    "آسكون": ("ORG", "ASKON"),
}


def events_of(text: str) -> list[tuple]:
    """(type, source, target, modality) of the events of a text, actors by English name."""
    return events_with(text, ENTITIES)


def has(events: list[tuple], etype: str, source: str | None, target: str | None) -> bool:
    return any(e[0] == etype and {e[1], e[2]} == {source, target} for e in events) if etype in (
        "AGREE", "CONSULT", "COOPERATE") else any(e[:3] == (etype, source, target) for e in events)


# ------------------------------------------------------------------ ontology and lexicon


def test_ontology_has_the_16_plover_types_with_cameo_roots() -> None:
    onto = ontology()
    assert set(onto.types) == set(PLOVER_TYPES) and len(PLOVER_TYPES) == 16
    assert cameo_root("CONSULT") == "04" and cameo_root("ASSAULT") == "18" and cameo_root("SANCTION") == "16"
    assert "visit" in onto.types["CONSULT"].modes and "phone" in onto.types["CONSULT"].modes
    assert "economic" in onto.contexts


def test_past_inflection_sound_and_weak_verbs() -> None:
    assert {"وقعت", "وقعا", "وقعوا", "وقعنا"} <= past_forms("وقع")
    assert {"دعت", "دعوا"} <= past_forms("دعا")
    assert {"التقت", "التقيا", "التقوا"} <= past_forms("التقي")
    assert {"نفت", "نفوا"} <= past_forms("نفي")


def test_present_inflection_persons_numbers_and_jussive() -> None:
    assert {"يوقع", "توقع", "نوقع", "يوقعان", "يوقعون", "يوقعوا"} <= present_forms("يوقع")
    assert {"يدعو", "تدعو", "يدعون", "يدعوان", "يدع"} <= present_forms("يدعو")
    assert {"يلتقي", "تلتقي", "يلتقون", "يلتقيان"} <= present_forms("يلتقي")


def test_verbal_noun_inflection() -> None:
    assert {"زياره", "الزياره", "زيارات", "الزيارات", "زيارتين"} <= noun_forms("زياره")
    assert {"اتصال", "اتصالا", "الاتصالات"} <= noun_forms("اتصال")


@pytest.mark.parametrize(
    "word, etype, kind",
    [
        ("وقّعت", "AGREE", "past"), ("سيوقع", "AGREE", "future"), ("التقيا", "CONSULT", "past"),
        ("يلتقي", "CONSULT", "present"), ("مباحثات", "CONSULT", "masdar"), ("استقبال", "CONSULT", "masdar"),
        ("دعت", "REQUEST", "past"), ("مطالبة", "REQUEST", "masdar"), ("استثمارات", "COOPERATE", "masdar"),
        ("اتهامات", "ACCUSE", "masdar"), ("نفت", "REJECT", "past"), ("هدد", "THREATEN", "past"),
        ("انسحاب", "RETREAT", "masdar"), ("قصف", "ASSAULT", "past"), ("قصفت", "ASSAULT", "past"), ("اعتقال", "COERCE", "masdar"),
        ("تظاهرات", "PROTEST", "masdar"), ("منحة", "AID", "noun"),
    ],
)
def test_lexicon_lookup(word: str, etype: str, kind: str) -> None:
    hits = trigger_lexicon().lookup(normalize_form(word))
    # قصف, طلب, دعم: a past verb spelt like its verbal noun is recorded as both
    assert any(h.entry.type == etype and h.kind in (kind, "verb_or_noun") for h in hits), hits


def test_verb_and_noun_spelt_alike_read_by_shape() -> None:
    assert trigger_lexicon().lookup("طلب")[0].kind == "verb_or_noun"
    ev = events_of("وقال أردوغان إن الطلب قدم.")
    assert not any(e[0] == "REQUEST" and e[1] for e in ev)  # الطلب: a definite noun, no agent named


def test_request_for_comment_is_no_event() -> None:
    assert not any(e[0] == "REQUEST" for e in events_of("ولم يستجب ماسك لطلبات التعليق."))


def test_denial_phrase_is_a_reject_by_the_speaker() -> None:
    ev = events_of("وقال ماسك والكرملين إن تقرير بوتين غير صحيح.")
    assert has(ev, "REJECT", "Elon Musk", "Vladimir Putin") and has(ev, "REJECT", "Kremlin", "Vladimir Putin")


def test_future_attack_is_a_threat() -> None:
    ev = events_of("وقال إن إسرائيل ستقصف إيران.")
    assert any(e[0] == "THREATEN" and e[1] == "Israel" for e in ev) and not any(e[0] == "ASSAULT" for e in ev)


def test_nisba_adjective_names_the_agent_state() -> None:
    ev = events_of("وتحدث ماسك عن الغزو الروسي.")
    assert any(e[0] == "ASSAULT" and e[1] == "Russia" for e in ev)


def test_lexicon_leaves_common_words_alone() -> None:
    for word in ("هنا", "البحث", "في", "من", "قال", "اليوم", "الذي", "وزارة"):
        assert not trigger_lexicon().lookup(normalize_form(word)), word


def test_ambiguous_verbs_need_their_context() -> None:
    assert has(events_of("بحث أردوغان مع بوتين سبل التعاون."), "CONSULT", "Recep Tayyip Erdogan", "Vladimir Putin")
    assert events_of("نشر أردوغان بحثا علميا عن الزراعة.") == []  # بحث "research"
    assert not events_of("وقع انفجار قرب مقر أردوغان.")  # وقع "happened", no agreement signed
    assert not any(e[0] == "SANCTION" for e in events_of("فرض أردوغان رأيه على الاجتماع."))


# ------------------------------------------------------------------ argument structure


def test_issue_example_request_with_vso_order_and_titles() -> None:
    ev = events_of("دعا الرئيس التركي رجب طيب أردوغان الملياردير إيلون ماسك إلى بناء مصنع لتسلا في تركيا.")
    assert has(ev, "REQUEST", "Recep Tayyip Erdogan", "Elon Musk")
    assert ev[0][3] == "asserted"
    assert [e[0] for e in ev] == ["REQUEST"]  # the factory is what is asked for, not built


def test_contexts_from_whole_cue_words() -> None:
    text = "ذكرت صحيفة أن أردوغان وقع مع بوتين اتفاقا عسكريا لتعزيز الاستثمارات."
    doc = events_stage(gold_entity_document({"text": text, "entities": [
        {"type": "PERSON", "name_en": "Erdogan", "aliases": ["أردوغان"]},
        {"type": "PERSON", "name_en": "Putin", "aliases": ["بوتين"]}]}))
    assert doc.events and set(doc.events[0].contexts) == {"military", "economic"}  # صحيفة is no health cue
    assert doc.events[0].modality == "reported" and doc.events[0].attributed_to is None  # no paper named


def test_svo_order_and_coordinated_symmetric_parties() -> None:
    ev = events_of("قطر ومصر توقعان اتفاقية للتعاون الاقتصادي.")
    assert has(ev, "AGREE", "Qatar", "Egypt")
    ev = events_of("اجتمع أردوغان وماسك في نيويورك.")
    assert has(ev, "CONSULT", "Recep Tayyip Erdogan", "Elon Musk")
    assert len([e for e in ev if e[0] == "CONSULT"]) == 1  # a meeting of two is one event


def test_preposition_frames() -> None:
    assert has(events_of("أجرى أردوغان اتصالا هاتفيا مع بوتين."), "CONSULT", "Recep Tayyip Erdogan", "Vladimir Putin")
    assert has(events_of("طلب بوتين من ماسك عدم تفعيل الخدمة."), "REQUEST", "Vladimir Putin", "Elon Musk")
    assert has(events_of("فرض الاتحاد الأوروبي عقوبات جديدة على روسيا."), "SANCTION", "European Union", "Russia")
    assert has(events_of("وهددت إيران بالرد على إسرائيل."), "THREATEN", "Iran", "Israel")


def test_coordinated_sources_give_one_event_each() -> None:
    ev = events_of("وهددت إيران وروسيا بالرد على إسرائيل.")
    assert has(ev, "THREATEN", "Iran", "Israel") and has(ev, "THREATEN", "Russia", "Israel")


def test_masdar_with_genitive_subject_and_place_target() -> None:
    ev = events_of("وجاء البيان عقب زيارة رسمية قام بها أردوغان إلى الدوحة.")
    assert any(e[0] == "CONSULT" and "Doha" in (e[1], e[2]) for e in ev)
    ev = events_of("أعلن صندوق النقد الدولي منح مصر قرضا جديدا.")
    assert has(ev, "AID", "IMF", "Egypt")


def test_investment_in_a_country_targets_the_country() -> None:
    ev = events_of("وقالت تسلا إنها استثمرت مليار دولار في تركيا.")
    assert has(ev, "COOPERATE", "Tesla", "Turkey")


def test_receiving_aid_makes_the_giver_the_source() -> None:
    assert has(events_of("وتلقت مصر مساعدات بقيمة مليار دولار من الولايات المتحدة."), "AID", "United States", "Egypt")


def test_both_sides_refers_to_the_parties_named_before() -> None:
    ev = events_of("التقى أردوغان مع بوتين في أنقرة. واتفق الجانبان على تعزيز التعاون.")
    assert has(ev, "AGREE", "Recep Tayyip Erdogan", "Vladimir Putin")


def test_role_noun_refers_to_the_person_named_before() -> None:
    ev = events_of("وصل أردوغان إلى نيويورك أمس. ويزور الرئيس التركي الولايات المتحدة لحضور الاجتماعات.")
    assert has(ev, "CONSULT", "Recep Tayyip Erdogan", "United States")


def test_names_inside_entity_names_are_not_triggers() -> None:
    doc = gold_entity_document(
        {"text": "قالت قوات الدعم السريع إن الوضع هادئ.", "entities": [{"type": "ORG", "name_en": "RSF", "aliases": ["قوات الدعم السريع"]}]}
    )
    assert events_stage(doc).events == []


# ------------------------------------------------------------------ modality


def test_planned_by_intention_verb_and_future_prefix() -> None:
    ev = events_of("وقالت تسلا إنها تخطط لاستثمار ملياري دولار في تركيا.")
    assert any(e[0] == "COOPERATE" and e[3] == "planned" for e in ev)
    ev = events_of("سيزور أردوغان قطر الشهر المقبل.")
    assert any(e[0] == "CONSULT" and e[3] == "planned" for e in ev)


def test_reported_with_attribution_to_the_named_source() -> None:
    text = "ذكرت صحيفة وول ستريت جورنال أن بوتين طلب من ماسك عدم تفعيل الخدمة."
    by_en = {}
    for alias, (etype, en) in ENTITIES.items():
        by_en.setdefault(en, {"type": etype, "name_en": en, "aliases": []})["aliases"].append(alias)
    doc = events_stage(gold_entity_document({"text": text, "entities": list(by_en.values())}))
    req = [e for e in doc.events if e.type == "REQUEST"]
    assert req and req[0].modality == "reported"
    assert doc.entity(req[0].attributed_to).name_en == "Wall Street Journal"
    assert doc.entity(req[0].source).name_en == "Vladimir Putin"
    assert req[0].trigger.text == "طلب" and "بوتين" in req[0].evidence.text


def test_denied_event_keeps_its_type_and_the_denial_is_a_reject() -> None:
    ev = events_of("ونفى الكرملين أن بوتين هدد ماسك.")
    assert any(e[0] == "THREATEN" and e[3] == "denied" for e in ev)
    assert any(e[0] == "REJECT" and e[1] == "Kremlin" for e in ev)


def test_denial_phrase_marks_the_event_after_it() -> None:
    ev = events_of("وقال مصدر إنه لا صحة لما تردد عن زيارة أردوغان إلى قطر.")
    assert any(e[0] == "CONSULT" and e[1] == "Recep Tayyip Erdogan" and e[3] == "denied" for e in ev)


def test_negation_marks_the_event() -> None:
    doc = gold_entity_document(
        {"text": "لم يلتق أردوغان مع بوتين.", "entities": [
            {"type": "PERSON", "name_en": "Erdogan", "aliases": ["أردوغان"]},
            {"type": "PERSON", "name_en": "Putin", "aliases": ["بوتين"]}]}
    )
    doc = events_stage(doc)
    assert doc.events and all(e.negated for e in doc.events if e.type == "CONSULT")


def test_evidence_and_trigger_spans_are_exact() -> None:
    text = "مقدمة.\nوالتقى أردوغان مع بوتين في أنقرة.\nخاتمة."
    doc = events_stage(gold_entity_document({"text": text, "entities": [
        {"type": "PERSON", "name_en": "Erdogan", "aliases": ["أردوغان"]},
        {"type": "PERSON", "name_en": "Putin", "aliases": ["بوتين"]}]}))
    ev = doc.events[0]
    assert doc.text[ev.trigger.start : ev.trigger.end] == ev.trigger.text == "التقى"
    assert ev.evidence.text == "والتقى أردوغان مع بوتين في أنقرة."
    assert ev.mode is None and ev.type == "CONSULT"


# ------------------------------------------------------------------ bad input


def _plain(text: str) -> Document:
    return segment_stage(normalize_stage(Document(text=text)))


def test_no_entities_no_events_and_no_crash() -> None:
    assert events_stage(_plain("وقعت قطر ومصر اتفاقية. التقى الرئيسان.")).events == []
    assert events_stage(_plain("")).events == []
    assert events_stage(_plain("no Arabic at all, just English text. 12345")).events == []


def test_long_sentence_and_lists_of_names_stay_fast() -> None:
    names = " و".join(["أردوغان", "بوتين", "ماسك"] * 1500)
    text = "التقى " + names + " " + "دعا أردوغان ماسك " * 2000
    start = time.perf_counter()
    ev = events_of(text)
    assert time.perf_counter() - start < 20
    assert isinstance(ev, list)


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("دعاوقعتلىيمنفيأإ\u200f\u200e\u061c ،.0123456789٣ـًُ")), max_size=300))
def test_random_text_never_crashes(text: str) -> None:
    doc = _plain(text)
    doc.entities = []
    events_stage(doc).validate()


_VOCAB = [
    "دعا", "ودعت", "التقى", "الاجتماع", "زيارته", "بين", "مع", "إلى", "في", "على", "لـ", "أن", "إنها", "الجانبان",
    "البلدين", "الرئيس", "التركي", "الروسي", "رئيسها", "الشركة", "غير", "صحيح", "نفى", "لم", "سيوقع", "اتفاقية",
    "فرض", "عقوبات", "التابعة", "كل", "من", "أردوغان", "وماسك", "بوتين", "لتركيا", "قطر", "ومصر", "،", ".", ":", "-",
    "\u200f", "2023", "مليار", "دولار",
]


@settings(max_examples=80, deadline=None)
@given(st.lists(st.sampled_from(_VOCAB), max_size=60))
def test_random_sentences_with_names_never_crash(words: list[str]) -> None:
    events_of(" ".join(words))  # validates every span and reference


@settings(max_examples=40, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ابتثجحخدذرزسشصضطظعغفقكلمنهويءآأإىة")), min_size=2, max_size=8))
def test_inflection_generators_are_total(stem: str) -> None:
    assert stem in past_forms(stem)
    present_forms("ي" + stem)
    assert stem in noun_forms(stem)


# ------------------------------------------------------------------ golden: seeds with gold entities


def test_seed_events_with_gold_entities(seed_gold: list[dict]) -> None:
    report, docs = run_with_gold_entities(seed_gold)
    # measured 0.61 / 0.37 with gold entities; the held-out set decides, these guard regressions
    assert report.scores["events_lenient"].f1 >= 0.58, report.scores["events_lenient"].to_dict()
    assert report.scores["events_strict"].f1 >= 0.34, report.scores["events_strict"].to_dict()
    first = docs[0]
    assert any(e.type == "REQUEST" and e.trigger.text == "دعا" for e in first.events)


def test_dev_events_with_gold_entities(dev_gold: list[dict]) -> None:
    report, _ = run_with_gold_entities(dev_gold)
    assert report.scores["events_lenient"].f1 >= 0.68, report.scores["events_lenient"].to_dict()
    assert report.scores["events_strict"].f1 >= 0.36, report.scores["events_strict"].to_dict()


# ------------------------------------------------------------------ general argument rules


def test_attached_object_pronoun_refers_to_an_earlier_actor() -> None:
    # "أيدته" (supported it): the pronoun stands for the draft named by its country's adjective.
    ev = events_of("وصوتت قطر ضد مشروع القرار الروسي، في حين أيدته فنزويلا والصين.")
    assert has(ev, "SUPPORT", "Venezuela", "Russia") and has(ev, "SUPPORT", "China", "Russia")
    # "زودها" (supplied her): feminine, a country; "وقد" opens a clause whose subject is Musk's.
    ev = events_of("وكان ماسك يدعم كييف بقوة، وقد زودها بآلاف المحطات.")
    assert has(ev, "AID", "Elon Musk", "Kyiv")


def test_masculine_pronoun_skips_a_bare_country_name() -> None:
    # ه (him/it) is no bare country (countries are feminine): Hezbollah, not Israel.
    ev = events_of("وقال إنه إذا استمر حزب الله في هجماته، فإن إسرائيل ستقاتله بكل قوتها.")
    assert has(ev, "THREATEN", "Israel", "Hezbollah")
    assert not any(e[1] == "Hezbollah" and e[0] == "THREATEN" for e in ev)


def test_a_future_attack_is_a_threat_made_now() -> None:
    # "ستقاتل" (will fight): the fight is to come, but the threat itself is asserted.
    ev = events_of("وأعلن الجيش أمس أن إسرائيل ستقاتل حزب الله في كل مكان.")
    assert ("THREATEN", "Israel", "Hezbollah", "asserted") in ev


def test_no_pronoun_no_invented_target() -> None:
    ev = events_of("وأشاد أردوغان بالنتائج.")
    assert all(e[2] is None for e in ev if e[0] == "SUPPORT")


def test_delegation_named_by_its_country_adjective_and_later_by_its_head() -> None:
    text = ("وصل الوفد الحكومي السوري إلى أنقرة أمس. وأجرى الوفد لقاءات مع وزارة التجارة، وعدد من "
            "المجالس الاقتصادية كمجلس المصدرين، فضلا عن جمعيات رجال الأعمال مثل موسياد وآسكون.")
    ev = events_of(text)
    for target in ("Ministry of Trade", "Exporters Assembly", "MUSIAD", "ASKON"):
        assert has(ev, "CONSULT", "Syria", target), target


def test_list_markers_do_not_join_a_prepositional_phrase() -> None:
    # "مع قطر في الدوحة": a place after في is no member of the list of counterparts.
    ev = events_of("التقى أردوغان مع بوتين في الدوحة.")
    assert has(ev, "CONSULT", "Recep Tayyip Erdogan", "Vladimir Putin")
    assert not has(ev, "CONSULT", "Recep Tayyip Erdogan", "Doha")


def test_thanks_to_a_role_after_la_with_the_article() -> None:
    # "للرئيس" is لـ + الرئيس with the article's alif dropped: the preposition لـ.
    text = "التقى أردوغان الرئيس الأمريكي ترامب. وأعرب أردوغان عن شكره للرئيس الأمريكي على جهوده."
    assert has(events_of(text), "SUPPORT", "Recep Tayyip Erdogan", "Donald Trump")


def test_welcoming_an_invitation_answers_its_sender() -> None:
    ev = events_of("دعا أردوغان ماسك إلى زيارة تركيا، ونقلت الوكالة عن ماسك أنه رحب بالدعوة.")
    assert has(ev, "REQUEST", "Recep Tayyip Erdogan", "Elon Musk")
    assert has(ev, "SUPPORT", "Elon Musk", "Recep Tayyip Erdogan")


def test_headline_restating_a_reported_event_is_one_event() -> None:
    text = "بوتين طلب من ماسك حجب الخدمة\n\nذكرت صحيفة وول ستريت جورنال أن بوتين طلب من ماسك حجب الخدمة."
    req = [e for e in events_of(text) if e[0] == "REQUEST"]
    assert [e[3] for e in req] == ["reported"]


def test_two_requests_for_different_things_are_two_events() -> None:
    text = "دعا أردوغان ماسك إلى فتح مصنع في تركيا. وفي لقاء آخر دعا أردوغان ماسك لحضور مهرجان للفضاء."
    req = [e for e in events_of(text) if e[:3] == ("REQUEST", "Recep Tayyip Erdogan", "Elon Musk")]
    assert len(req) == 2
    text = "دعا أردوغان ماسك إلى فتح مصنع في تركيا. وقال إنه دعا ماسك إلى فتح مصنع."
    req = [e for e in events_of(text) if e[:3] == ("REQUEST", "Recep Tayyip Erdogan", "Elon Musk")]
    assert len(req) == 1


def test_role_noun_prefers_the_actor_the_story_is_about() -> None:
    # "الملياردير" after "محادثات ماسك مع بوتين": Musk (a genitive), not Putin (after مع).
    ev = events_of("وتتزامن محادثات ماسك مع بوتين مع تحوله. وكان الملياردير يدعم كييف بقوة.")
    assert has(ev, "SUPPORT", "Elon Musk", "Kyiv")


def test_relative_clause_object_pronoun_and_a_title_with_its_company() -> None:
    # "ترامب، الذي أيده الرئيس التنفيذي لشركة تسلا": the company is part of the subject's
    # title, the pronoun is Trump; "الرئيس التنفيذي" is not "الرئيس السابق".
    text = ("وتحدث ماسك مع بوتين. ولا يعرف أثر ذلك على علاقته مع الرئيس السابق ترامب، "
            "الذي أيده الرئيس التنفيذي لشركة تسلا علنا.")
    ev = events_of(text)
    assert has(ev, "SUPPORT", "Elon Musk", "Donald Trump")
    assert not any(e[0] == "SUPPORT" and e[2] == "Tesla" for e in ev)


def test_praising_a_measure_answers_who_took_it() -> None:
    text = ("فرض الاتحاد الأوروبي عقوبات جديدة على روسيا. وأشاد الرئيس أردوغان، الذي تتعرض بلاده "
            "لضغوط، بحزمة العقوبات.")
    ev = events_of(text)
    assert has(ev, "SANCTION", "European Union", "Russia")
    assert has(ev, "SUPPORT", "Recep Tayyip Erdogan", "European Union")


def test_accusative_kilan_min_marks_objects_not_subjects() -> None:
    # "كلاً من" (accusative) introduces the objects; "كلُّ من" (nominative) the subjects.
    ev = events_of("ودعا أردوغان كلا من قطر ومصر إلى الحوار.")
    assert has(ev, "REQUEST", "Recep Tayyip Erdogan", "Qatar") and has(ev, "REQUEST", "Recep Tayyip Erdogan", "Egypt")
    ev = events_of("ودعا المجلس كلا من قطر ومصر إلى الحوار.")
    assert not any(e[0] == "REQUEST" and e[1] in ("Qatar", "Egypt") for e in ev)


def test_a_draft_that_calls_for_something_is_no_actor_request() -> None:
    ev = events_of("ورفض المجلس مشروع قرار روسيا يدعو إلى وقف القتال.")
    assert not any(e[0] == "REQUEST" and e[1] == "Russia" for e in ev)
    ev = events_of("وقالت الوزارة إن روسيا تدعو إلى وقف القتال.")
    assert any(e[0] == "REQUEST" and e[1] == "Russia" for e in ev)


def test_pronoun_for_a_document_points_to_its_authors() -> None:
    # "مشروع قرار آخر أعدته قطر ومصر وأجهضته روسيا": "it" is the draft; Qatar and Egypt wrote it.
    ev = events_of("ويطالب النص بوقف القتال بدلا من مشروع قرار آخر أعدته قطر ومصر وأجهضته روسيا أمس.")
    assert has(ev, "REJECT", "Russia", "Qatar") and has(ev, "REJECT", "Russia", "Egypt")


def test_a_new_conjoined_verb_closes_the_list_of_targets() -> None:
    # "... لقطر، ودعت تسلا ...": Tesla belongs to the new clause, not to the investment.
    ev = events_of("وقالت تسلا إنها ستستثمر في قطر، ودعت ماسك إلى زيارة الدوحة.")
    assert has(ev, "COOPERATE", "Tesla", "Qatar")
    assert not any(e[0] == "COOPERATE" and e[2] == "Elon Musk" for e in ev)


def test_filing_a_case_is_no_aid() -> None:
    ev = events_of("رفضت المحكمة الدعوى التي تقدم بها أردوغان ضد قطر والتي اتهم فيها قطر بدعم عسكري.")
    assert not any(e[0] == "AID" for e in ev)
    assert any(e[0] == "AID" for e in events_of("وقدمت قطر مساعدات بقيمة مليار دولار إلى مصر."))


def test_receiving_a_request_makes_the_sender_the_source() -> None:
    ev = events_of("وتلقى ماسك طلبه الأول من الكرملين بعدم تفعيل الخدمة.")
    assert has(ev, "REQUEST", "Kremlin", "Elon Musk")
    assert not has(ev, "REQUEST", "Elon Musk", "Kremlin")


def test_demonstrative_points_back_to_an_event_told_before() -> None:
    ev = events_of("وقدمت الولايات المتحدة ضمانات لقطر لمنع تكرار مثل هذا العدوان.")
    assert not any(e[0] == "ASSAULT" for e in ev)


def test_the_place_attacked_is_the_target() -> None:
    ev = events_of("وناقش الاتصال تداعيات العدوان الإسرائيلي على أحد الأحياء السكنية في الدوحة.")
    assert has(ev, "ASSAULT", "Israel", "Doha")


def test_pronoun_after_the_types_preposition_is_the_counterpart() -> None:
    ev = events_of("واتهمت مصر قطر بدعم الإرهاب، وأعلنت مصر قطع العلاقات الدبلوماسية معها.")
    assert has(ev, "SANCTION", "Egypt", "Qatar")


def test_kama_is_no_negation() -> None:
    text = "كما اتفق أردوغان مع بوتين على التعاون. ولم يوقع أردوغان مع قطر أي اتفاق."
    by_en = {}
    for alias, (etype, en) in ENTITIES.items():
        by_en.setdefault(en, {"type": etype, "name_en": en, "aliases": []})["aliases"].append(alias)
    doc = events_stage(gold_entity_document({"text": text, "entities": list(by_en.values())}))
    negated = {e.trigger.text: e.negated for e in doc.events}
    assert negated.get("اتفق") is False
    assert negated.get("يوقع") is True


def test_both_sides_give_way_to_the_parties_named_in_the_clause() -> None:
    text = ("زار أردوغان الدوحة أمس. ووقع الجانبان 5 اتفاقيات بين وزارات الطاقة القطرية، مع عدد من "
            "الشركات مثل تسلا، وشركة موسياد في قطاع الطاقة.")
    ev = events_of(text)
    assert has(ev, "AGREE", "Qatar", "Tesla") and has(ev, "AGREE", "Qatar", "MUSIAD")
    assert not has(ev, "AGREE", "Recep Tayyip Erdogan", "Doha")
    # without named parties, "الجانبان" still means the two named before
    assert has(events_of("التقى أردوغان مع بوتين في أنقرة. واتفق الجانبان على تعزيز التعاون."),
               "AGREE", "Recep Tayyip Erdogan", "Vladimir Putin")


def test_discourse_rules_stay_linear_on_adversarial_text() -> None:
    # list markers, object pronouns, responses and "both sides" repeated thousands of times
    chunk = ("التقى أردوغان مع قطر مثل مثل فضلا عن مصر وأيدته روسيا ورحب بالدعوة وقطع العلاقات معها "
             "ووقع الجانبان اتفاقا بين قطر مع عدد من مثل تسلا، ")
    start = time.perf_counter()
    short = events_of(chunk * 200)
    t_short = time.perf_counter() - start
    start = time.perf_counter()
    long = events_of(chunk * 1600)
    t_long = time.perf_counter() - start
    assert len(long) >= len(short)
    assert t_long < 20 and t_long < 8 * 6 * max(t_short, 0.05)  # roughly linear (8x the text)


def test_a_dropped_subject_is_the_one_told_last() -> None:
    text = "وكان ماسك يدعم كييف بقوة. وبحلول أكتوبر، بدأ يسعى للحصول على تمويل من الكرملين."
    assert has(events_of(text), "REQUEST", "Elon Musk", "Kremlin")
    # a subject of its own, even unnamed ("مشروع القرار"), is no dropped one
    text = "وكان ماسك يدعم كييف بقوة. ويطالب مشروع القرار بوقف القتال مع روسيا."
    assert not any(e[0] == "REQUEST" and e[1] == "Elon Musk" for e in events_of(text))


def test_a_meeting_between_both_sides_after_a_signing() -> None:
    text = "ووقع أردوغان وبوتين 10 اتفاقيات أمس. وجرت المراسم بعد لقاء ثنائي وآخر على مستوى الوفود بين الجانبين."
    assert has(events_of(text), "CONSULT", "Recep Tayyip Erdogan", "Vladimir Putin")


def test_approving_a_request_names_who_asked() -> None:
    text = "وافق صندوق النقد الدولي على إقراض مصر 3 مليارات دولار قبل أن يوافق على طلب مصر برفع القرض."
    ev = events_of(text)
    assert has(ev, "AID", "IMF", "Egypt")
    assert has(ev, "REQUEST", "Egypt", "IMF")


def test_a_comma_clause_with_its_own_subject_stops_the_subject_search() -> None:
    text = "بناء على توجيهات أردوغان، تعمل المدينة جاهدة على بناء التعاون مع الدول الصديقة."
    assert not any(e[1] == "Recep Tayyip Erdogan" for e in events_of(text))
    # a name right before the verb is still its subject
    assert has(events_of("وقال إن تسلا تعمل على التعاون مع قطر."), "COOPERATE", "Tesla", "Qatar")


def test_a_call_for_a_ceasefire_is_not_an_assault() -> None:
    import rasd

    for sentence in (
        "دعا أمير قطر إلى وقف فوري لإطلاق النار في قطاع غزة.",
        "طالبت فرنسا بوقف شامل لإطلاق النار في السودان.",
    ):
        doc = rasd.extract(sentence, published="2024-01-09")
        assert "ASSAULT" not in {e.type for e in doc.events}, sentence
    doc = rasd.extract("قال الجيش إن مسلحين أطلقوا النار على دورية في مدينة درنة.", published="2024-01-09")
    assert "ASSAULT" in {e.type for e in doc.events}


def test_a_meeting_of_both_sides_named_after_a_relative_clause() -> None:
    text = "اتفقت مصر وقطر على تعزيز التجارة. وجاء ذلك بعد سلسلة من اللقاءات التي جمعت مسؤولين من الجانبين."
    assert has(events_of(text), "CONSULT", "Egypt", "Qatar")
    # without "both sides" the definite noun recalls a meeting and names nobody
    plain = "اتفقت مصر وقطر على تعزيز التجارة. وجاء ذلك بعد سلسلة من اللقاءات الطويلة."
    assert not any(e[0] == "CONSULT" for e in events_of(plain))


def test_a_memorandum_of_cooperation_is_an_agreement_not_cooperation() -> None:
    ev = events_of("وقعت مصر مذكرة تعاون مع قطر في مجال الطاقة.")
    assert has(ev, "AGREE", "Egypt", "Qatar")
    assert not any(e[0] == "COOPERATE" for e in ev)


def test_a_new_verb_joined_by_wa_ends_the_list_of_names() -> None:
    ev = events_of("أيدت روسيا ومصر مشروع القرار وامتنعت الصين عن التصويت.")
    assert not any("China" in (e[1], e[2]) for e in ev)
    assert any(e[0] == "SUPPORT" and e[1] == "Russia" for e in ev)


def test_a_quoted_first_person_verb_is_the_speakers_act() -> None:
    ev = events_of("وقال ماسك في مقابلة تلفزيونية: “لقد تحدثت مع أردوغان مرة واحدة فقط”.")
    assert has(ev, "CONSULT", "Elon Musk", "Recep Tayyip Erdogan")
    ev = events_of("وقال أردوغان للصحفيين: “نحن ندعم قطر في هذه الأزمة”.")
    assert has(ev, "SUPPORT", "Recep Tayyip Erdogan", "Qatar")
    # a quotation with its own subject keeps it
    ev = events_of("وقال أردوغان: “إن مصر تدعم قطر”.")
    assert has(ev, "SUPPORT", "Egypt", "Qatar")
    assert not any(e[0] == "SUPPORT" and e[1] == "Recep Tayyip Erdogan" for e in ev)


def test_an_actor_confirming_a_reported_event_is_a_telling_of_its_own() -> None:
    text = (
        "ذكرت صحيفة وول ستريت جورنال أن ماسك التقى بوتين سرا. "
        "وقال ماسك في تغريدة: “لقد التقيت بوتين مرة واحدة قبل عامين”."
    )
    modalities = {e[3] for e in events_of(text) if e[0] == "CONSULT"}
    assert modalities == {"reported", "asserted"}
    # a headline stating as fact what the body then reports is one event, the reported one
    text = "بوتين طلب من ماسك حجب الخدمة. وذكرت صحيفة وول ستريت جورنال أن بوتين طلب من ماسك حجب الخدمة عن تايوان."
    assert [e[3] for e in events_of(text) if e[0] == "REQUEST"] == ["reported"]


def test_a_negated_event_with_one_party_is_no_record() -> None:
    assert not any(e[0] == "ASSAULT" for e in events_of("وقال ترامب إن روسيا لم تهاجم أحدا في عهده."))
    assert has(events_of("وقال ترامب إن روسيا لم تهاجم تركيا."), "ASSAULT", "Russia", "Turkey")


def test_an_approval_and_its_complement_across_a_date() -> None:
    ev = events_of("وافق صندوق النقد الدولي في ديسمبر 2022 على إقراض مصر 3 مليارات دولار.")
    assert has(ev, "AID", "IMF", "Egypt")
    assert not any(e[0] == "CONCEDE" for e in ev)


def test_a_purpose_with_nobody_on_its_other_side_is_no_event() -> None:
    ev = events_of("أعلنت قطر تأسيس صندوق بقيمة 10 مليارات دولار لدعم الشركات الناشئة.")
    assert not any(e[0] == "SUPPORT" for e in ev)
    # a purpose naming its counterpart is kept
    ev = events_of("أعلنت قطر تأسيس صندوق بقيمة 10 مليارات دولار لدعم مصر.")
    assert any(e[0] == "SUPPORT" and e[2] == "Egypt" for e in ev)


# ------------------------------------------------------------------ lexicon entries


def test_pushing_parties_to_an_act_is_a_request_to_each() -> None:
    ev = events_of("وقال أردوغان إنه سيدفع روسيا وإيران للتفاوض على هدنة جديدة.")
    assert has(ev, "REQUEST", "Recep Tayyip Erdogan", "Russia")
    assert has(ev, "REQUEST", "Recep Tayyip Erdogan", "Iran")


def test_paying_is_no_request() -> None:
    # دفع without the verbal noun of what is pushed for is "to pay"
    assert not any(e[0] == "REQUEST" for e in events_of("دفعت قطر مليون دولار لشركة تسلا."))


def test_spending_for_a_beneficiary_is_aid() -> None:
    ev = events_of("وقالت الولايات المتحدة إنها أنفقت 20 مليون دولار على برامج الإغاثة لسوريا.")
    assert has(ev, "AID", "United States", "Syria")


def test_spending_with_nobody_receiving_is_no_event() -> None:
    assert not any(e[0] == "AID" for e in events_of("أنفقت قطر ملياري دولار على الملاعب."))


def test_meeting_that_brought_two_together_is_a_consultation() -> None:
    ev = events_of("وجمع لقاء مطول أردوغان ببوتين في الدوحة.")
    assert has(ev, "CONSULT", "Recep Tayyip Erdogan", "Vladimir Putin")


def test_collecting_is_no_meeting() -> None:
    assert not any(e[0] == "CONSULT" for e in events_of("جمعت تركيا تبرعات كبيرة بعد الزلزال."))
    assert not trigger_lexicon().lookup(normalize_form("تجمع"))  # a rally, not "she brings together"


def test_campaign_in_favour_of_someone_supports_them() -> None:
    ev = events_of("وقام ماسك بحملة واسعة لصالح ترامب في الانتخابات.")
    assert has(ev, "SUPPORT", "Elon Musk", "Donald Trump")
    assert not any(e[0] == "SUPPORT" for e in events_of("أطلقت تركيا حملة تطعيم واسعة."))


def test_name_after_a_verb_with_a_pronoun_subject_is_its_object() -> None:
    # "فإنه يدعم قطر": he (named before) supports Qatar; Qatar is not the subject
    ev = events_of("وقال ترامب إنه إذا فاز فإنه سيدعم قطر.")
    assert has(ev, "SUPPORT", "Donald Trump", "Qatar")
