"""Entities: where a name starts and stops. Titles after a newspaper's head,
transliterated brand words, adjectives and nouns that end a body's name, and the role nouns,
verbs and speech nouns that the tagger takes into a person's name. Every sentence is written
for the tests; the names are invented or absent from the curated knowledge base."""

from __future__ import annotations

import pytest

from rasd.document import Document
from rasd.entities.kb import load_kb
from rasd.entities.patterns import brand_tail, load_name_edges, pattern_spans
from rasd.entities.stage import _trim_person_edges
from rasd.entities.tagger import load_given_names, load_triggers
from rasd.normalize import normalize_form, normalize_stage
from rasd.segment import segment_stage
from entities_harness import run, found as mentions


def tokens(text: str):
    return segment_stage(normalize_stage(Document(text, id="test"))).tokens


@pytest.mark.parametrize(
    "text, mention",
    [
        # A newspaper is called by its title: the head stays out, the title's adjective stays in.
        ("ونقلت صحيفة الفجر الجديد عن مصادر أن المفاوضات توقفت.", "الفجر الجديد"),
        # A Latin title after a site's head.
        ("وقال موقع Desert Ledger إن الصفقة ألغيت.", "Desert Ledger"),
        # A place followed by a transliterated brand word is a paper or a company.
        ("وذكرت صحيفة لوس أنجلوس تايمز أن الحريق امتد.", "لوس أنجلوس تايمز"),
        ("وأعلنت الكويت إنرجي عن اكتشاف نفطي جديد.", "الكويت إنرجي"),
        # A company's transliterated name runs over its brand word.
        ("ودعت شركة زيفرا باور المستثمرين إلى الاجتماع.", "شركة زيفرا باور"),
    ],
)
def test_titles_and_brands_are_organisations(text: str, mention: str) -> None:
    found = mentions(run(text))
    assert ("ORG", mention) in found
    assert not any(t.startswith("صحيفة") or t.startswith("موقع") for _, t in found)


def test_company_is_named_without_its_head_and_joins_the_bare_name() -> None:
    doc = run("أعلنت شركة زيكترون عن أرباحها. وقالت زيكترون إن المبيعات ارتفعت.")
    orgs = [e for e in doc.entities if e.type == "ORG"]
    assert len(orgs) == 1
    assert orgs[0].name == "زيكترون"
    assert {m.text for m in orgs[0].mentions} == {"شركة زيكترون", "زيكترون"}
    assert not [e for e in doc.entities if e.type == "PERSON"]


@pytest.mark.parametrize(
    "text, mention, not_mention",
    [
        # A dual adjective qualifies two bodies and belongs to neither name.
        ("وشارك الوفد في اجتماعات البنك وصندوق التنمية الدوليين بالرباط.", "صندوق التنمية", "صندوق التنمية الدوليين"),
        # After the name's adjective a definite noun is the verb's object.
        ("وقبلت هيئة التحكيم الدولية الطعن الذي قدمته الشركة.", "هيئة التحكيم الدولية", "هيئة التحكيم الدولية الطعن"),
    ],
)
def test_body_names_stop_before_the_next_phrase(text: str, mention: str, not_mention: str) -> None:
    found = {t for _, t in mentions(run(text))}
    assert mention in found
    assert not_mention not in found


def test_adjectives_after_the_name_adjective_continue_it() -> None:
    toks = tokens("وقالت الهيئة الوطنية الليبية للنفط إن الإنتاج ارتفع.")
    spans = pattern_spans(toks, load_kb(), load_triggers())
    assert any(" ".join(t.text for t in toks[p.first : p.last + 1]) == "الهيئة الوطنية الليبية للنفط" for p in spans)


def test_alif_maqsura_noun_is_not_a_nisba_adjective() -> None:
    # الدعوى "the lawsuit" normalises to a form ending in ي, like a nisba; its spelling tells.
    found = {t for _, t in mentions(run("ورفضت محكمة التحكيم الدولية الدعوى التي رفعتها الشركة."))}
    assert "محكمة التحكيم الدولية" in found
    assert not any(t.endswith("الدعوى") for t in found)


@pytest.mark.parametrize(
    "text, name",
    [
        ("ودعا أوسيبوف الملياردير الشاب إلى المصنع.", "أوسيبوف"),  # a role noun after the name
        ("وقال إن كوفالينكو ناقشا الخطة.", "كوفالينكو"),  # a verb form after the name
        ("وبحسب رواية كوفالينكو فإن الاجتماع استمر.", "كوفالينكو"),  # a speech noun before it
    ],
)
def test_person_edges_are_trimmed(text: str, name: str) -> None:
    toks = tokens(text)
    words = [t.text for t in toks]
    k = words.index(name)
    first, last = k - 1 if words[k - 1] == "رواية" else k, k + 1 if words[k - 1] != "رواية" else k
    given, _ = load_given_names()
    f, l = _trim_person_edges(toks, first, last, load_triggers(), given)
    assert (f, l) == (k, k)


def test_given_names_are_never_trimmed() -> None:
    # "أحمد السيد": السيد is a title elsewhere and a family name here.
    toks = tokens("وقال أحمد السيد إن الصندوق سيستثمر.")
    given, _ = load_given_names()
    assert _trim_person_edges(toks, 1, 2, load_triggers(), given) == (1, 2)


def test_brand_tail_only_takes_brand_words() -> None:
    toks = tokens("وقعت أكوا باور اتفاقية")
    assert brand_tail(toks, 1) == 2
    assert brand_tail(toks, 2) == 2
    edges = load_name_edges()
    assert normalize_form("باور") in edges.brand_words
    assert all(w == normalize_form(w) for w in edges.brand_words)


@pytest.mark.parametrize(
    "text, zone",
    [
        ("وافتتح المصنع في منطقة زايتون الحرة أمس.", "منطقة زايتون الحرة"),
        ("وتوسعت الشركة في المنطقة الصناعية الثانية بأنقرة.", "المنطقة الصناعية الثانية"),
    ],
)
def test_named_zones_are_places(text: str, zone: str) -> None:
    assert ("LOC", zone) in mentions(run(text))


def test_a_kind_of_zone_is_not_a_name() -> None:
    # "the free zone" without a name or an ordinal is a kind of place.
    assert not run("وتنشط الشركات في المنطقة الحرة منذ سنوات.").entities


def test_place_joined_to_a_place_complement_stays_in_the_name() -> None:
    doc = run("ووقعت الشركة عقدا مع الهيئة العليا للقاهرة وسمنود، وبدأ العمل أمس.")
    assert ("ORG", "الهيئة العليا للقاهرة وسمنود") in mentions(doc)


def test_verb_after_a_place_complement_is_not_taken_in() -> None:
    doc = run("استقبل الوزير وفد الهيئة العامة للرياض وعاد.")
    assert not any("وعاد" in m.text for e in doc.entities for m in e.mentions)
    doc = run("وقالت الهيئة العليا للقاهرة وسمنود إن المشروع تأخر.")
    assert not any("إن" in m.text.split() for e in doc.entities for m in e.mentions)


def test_level_adjective_closes_a_body_title() -> None:
    doc = run("وعقدت لجنة التنسيق البحري رفيعة المستوى اجتماعها في أنقرة.")
    assert ("ORG", "لجنة التنسيق البحري رفيعة المستوى") in mentions(doc)
    doc = run("وأرسلت وزارة الخارجية وفدا رفيع المستوى إلى القاهرة.")
    assert ("ORG", "وزارة الخارجية") in mentions(doc)


def test_outlet_named_with_a_number_after_a_media_word() -> None:
    doc = run("وقال مسؤول في تصريحات تابعتها النهار 99، إن الطريق أغلق.")
    assert ("ORG", "النهار 99") in mentions(doc)
    doc = run("وافتتح الجسر أمس، وذكرت الرافدين 24، أن الحركة عادت.")
    assert ("ORG", "الرافدين 24") in mentions(doc)
    doc = run("وبلغ عدد سكان مصر 105.")
    assert ("ORG", "مصر 105") not in mentions(doc)


def test_fa_of_an_unknown_name_after_a_title_is_part_of_the_name() -> None:
    """"المدرب فالكورا": after a person's title a name is due, so an unknown word starting with
    فال keeps its ف, in that sentence and wherever the article repeats the word."""
    doc = run("وصل المدرب فالكورا إلى المدينة أمس، وقال فالكورا إنه سعيد.")
    texts = {m.text for e in doc.entities for m in e.mentions}
    assert "فالكورا" in texts
    assert "الكورا" not in texts


def test_fa_before_a_known_definite_word_is_still_a_conjunction() -> None:
    """The split stays when the article also uses the definite word alone (الحكومة)."""
    from rasd.entities.stage import _fa_fused_name

    kb, triggers = load_kb(), load_triggers()
    toks = run("قال الرئيس فالحكومة ستعمل، لكن الحكومة لم تعلن موعدا.").tokens
    words = frozenset(t.norm for t in toks if t.kind == "word")
    i = next(k for k, t in enumerate(toks) if t.norm == "فالحكومه" or t.norm.startswith("فالحكوم"))
    assert not _fa_fused_name(toks, i, kb, triggers, words)
    toks2 = run("قال المدرب فالكورا إن الفريق جاهز.").tokens
    j = next(k for k, t in enumerate(toks2) if t.norm.startswith("فالكور"))
    assert _fa_fused_name(toks2, j, kb, triggers, frozenset(t.norm for t in toks2 if t.kind == "word"))
