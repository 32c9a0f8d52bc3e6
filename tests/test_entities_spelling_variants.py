"""Entities: one foreign company spelt several ways (Arabic variants and its Latin
form) is one entity, and a given name after a company's brand word opens a person's name. Every
sentence and name is written for the tests."""

from __future__ import annotations

from rasd.document import Document
from rasd.entities.kb import load_kb
from rasd.entities.resolve import Mention, consonant_skeleton, resolve
from rasd.entities.stage import _trim_person_edges, given_after_brand
from rasd.entities.tagger import load_given_names, load_triggers
from rasd.normalize import normalize_stage
from rasd.segment import segment_stage


def prepared(text: str) -> Document:
    return segment_stage(normalize_stage(Document(text, id="test")))


def org_clusters(*names: tuple[str, str]) -> list[set[str]]:
    """Resolve unlinked organisation mentions given as (text, name without head)."""
    mentions, at = [], 0
    for text, name in names:
        mentions.append(Mention(at, at + len(text), text, "ORG", "crf", name=name))
        at += len(text) + 10
    return [{m.text for m in c.mentions} for c in resolve(mentions, load_kb())]


def test_soft_c_and_x_are_spelt_as_arabic_writes_them() -> None:
    assert consonant_skeleton("Vance") == consonant_skeleton("فانس")
    assert consonant_skeleton("Marvex") == consonant_skeleton("مارفكس")


def test_arabic_and_latin_spellings_of_a_brand_are_one_company() -> None:
    got = org_clusters(
        ("مارفيكس إينرجي", ""),
        ("شركة مارفكس إنرجي", "مارفكس إنرجي"),
        ("شركة Marvex Energies", "Marvex Energies"),
    )
    assert got == [{"مارفيكس إينرجي", "شركة مارفكس إنرجي", "شركة Marvex Energies"}]


def test_different_brands_and_descriptions_stay_apart() -> None:
    # Other consonants: another company.
    assert len(org_clusters(("مارفكس إنرجي", ""), ("تورباكس إنرجي", ""))) == 2
    # Descriptions with the article are left to the other rules even when their skeletons match.
    assert len(org_clusters(("مجلس الأمن", ""), ("مجلس الأمناء", ""))) == 2
    # Short skeletons are shared by unrelated names.
    assert len(org_clusters(("بارو", ""), ("Bureau", ""))) == 2


def test_a_given_name_after_a_brand_word_starts_a_person() -> None:
    given, _ = load_given_names()
    doc = prepared("قال مدير شركة مارفكس إنرجي باتريك دوفال إن المشروع بدأ.")
    toks = doc.tokens
    texts = [t.text for t in toks]
    brand, name = texts.index("إنرجي"), texts.index("باتريك")
    assert given_after_brand(toks, brand, name + 1, given) == name
    # The tagger's person span opening on the brand word loses it.
    assert _trim_person_edges(toks, brand, name + 1, load_triggers(), given) == (name, name + 1)
    # A brand word at the end of a name with no given name after it is no split.
    assert given_after_brand(toks, texts.index("مارفكس"), brand, given) is None
