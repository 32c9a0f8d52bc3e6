"""Entities: names the tagger cuts short or opens on a stray word, and companies
named without their head or with a complement. Every sentence and name is written for the tests."""

from __future__ import annotations

from rasd.document import Document
from rasd.entities import entities_stage
from rasd.entities.kb import load_kb
from rasd.entities.patterns import pattern_spans
from rasd.entities.resolve import Mention, resolve
from rasd.entities.stage import _bare_company_name, _extend_over_surname
from rasd.entities.tagger import load_given_names, load_triggers
from rasd.normalize import normalize_stage
from rasd.segment import segment_stage


def prepared(text: str) -> Document:
    return segment_stage(normalize_stage(Document(text, id="test")))


def person(text: str, at: int) -> Mention:
    return Mention(at, at + len(text), text, "PERSON", "crf")


def clusters_of(*texts: str) -> list[set[str]]:
    mentions, at = [], 0
    for t in texts:
        mentions.append(person(t, at))
        at += len(t) + 10
    return [{m.text for m in c.mentions} for c in resolve(mentions, load_kb())]


def test_a_name_cut_short_joins_the_full_name() -> None:
    # The short form comes first (a headline), the full name later.
    assert clusters_of("ماندو باراكا", "كوفي ماندو باراكا") == [{"ماندو باراكا", "كوفي ماندو باراكا"}]
    assert clusters_of("كوفي ماندو باراكا", "كوفي ماندو") == [{"كوفي ماندو باراكا", "كوفي ماندو"}]


def test_a_stray_first_word_joins_the_one_person_with_that_surname() -> None:
    # "سول" is no given name: "سول داركوف" is the tagger taking a word in before the surname.
    got = clusters_of("إيان داركوف", "سول داركوف", "داركوف")
    assert got == [{"إيان داركوف", "سول داركوف", "داركوف"}]


def test_two_given_names_with_one_surname_stay_two_people() -> None:
    got = clusters_of("خالد داركوف", "سعيد داركوف")
    assert len(got) == 2
    # The longer name is shared by two shorter ones: ambiguous, nothing joins.
    assert len(clusters_of("ماندو باراكا", "كوفي ماندو باراكا", "ليلى ماندو باراكا")) == 3


def _index(doc: Document, text: str) -> int:
    return next(i for i, t in enumerate(doc.tokens) if t.text == text)


def _extend(doc: Document, first: str, last: str) -> int:
    given, _ = load_given_names()
    words = {t.norm for t in doc.tokens if t.kind == "word"}
    again = frozenset(w for w in words if sum(t.norm == w for t in doc.tokens) > 1)
    return _extend_over_surname(doc.tokens, _index(doc, first), _index(doc, last), load_kb(), load_triggers(), given, again)


def test_a_repeated_surname_extends_a_name_cut_short() -> None:
    doc = prepared("استقبل رجب سنان قورتلمش الوفد أمس. وقال قورتلمش إن الزيارة ناجحة.")
    assert doc.tokens[_extend(doc, "رجب", "سنان")].text == "قورتلمش"


def test_a_word_said_once_or_a_particle_does_not_extend_a_name() -> None:
    doc = prepared("استقبل رجب سنان قورتلمش الوفد أمس. وقال المتحدث إن الزيارة ناجحة.")
    assert doc.tokens[_extend(doc, "رجب", "سنان")].text == "سنان"
    doc = prepared("قالت سلمى حداد أنها سعيدة، وأضافت أنها ستعود.")
    assert doc.tokens[_extend(doc, "سلمى", "حداد")].text == "حداد"


def test_a_possessed_company_head_announces_a_quoted_name() -> None:
    doc = prepared("افتتح رجل الأعمال مصنعا جديدا لشركته \"زورفاتك\" في المدينة.")
    spans = pattern_spans(doc.tokens, load_kb(), load_triggers())
    assert [(doc.text[p.start : p.end], p.type) for p in spans if p.rule == "quoted"] == [("زورفاتك", "ORG")]


def test_a_quoted_company_is_a_company_where_it_comes_alone() -> None:
    doc = entities_stage(prepared(
        "قال المدير إن شركة \"كوانتيرا\" ستفتح مكتبا في الدوحة. وأضاف أن \"كوانتيرا\" توظف مئة مهندس."
    ))
    orgs = [e for e in doc.entities if e.name == "كوانتيرا"]
    assert len(orgs) == 1 and orgs[0].type == "ORG" and len(orgs[0].mentions) == 2


def test_a_companys_name_leaves_out_what_it_does() -> None:
    doc = prepared("وقعت شركة زيرانكو لصناعة الأسمدة وشركة ديلماكس للخدمات النفطية اتفاقا.")
    first = _index(doc, "زيرانكو")
    assert _bare_company_name(doc, doc.tokens, first, first + 2) == "زيرانكو"
    second = _index(doc, "ديلماكس")
    assert _bare_company_name(doc, doc.tokens, second, second + 2) == "ديلماكس"
    assert _bare_company_name(doc, doc.tokens, first, first) == "زيرانكو"
