from __future__ import annotations

import pytest

from rasd.document import Amount, DateExpr, Document, Entity, Event, OffsetError, Span, content_hash


def make_doc() -> Document:
    doc = Document(text="دعا أردوغان ماسك إلى بناء مصنع في تركيا باستثمار ملياري دولار.")
    erdogan = doc.span(4, 11)
    musk = doc.span(12, 16)
    doc.entities = [
        Entity("e1", "PERSON", "أردوغان", [erdogan], name_en="Recep Tayyip Erdogan", kb_id="Q39723"),
        Entity("e2", "PERSON", "ماسك", [musk], name_en="Elon Musk"),
    ]
    start = doc.text.index("ملياري")
    doc.amounts = [Amount(start, start + 12, doc.text[start : start + 12], 2_000_000_000, "USD", "money")]
    doc.dates = []
    doc.events = [Event("v1", "REQUEST", doc.span(0, 3), doc.span(0, len(doc.text)), source="e1", target="e2", amount=0)]
    return doc


def test_id_is_content_hash_when_not_given() -> None:
    doc = Document(text="نص")
    assert doc.id == content_hash("نص") and len(doc.id) == 20
    assert Document(text="نص", id="given").id == "given"


def test_span_takes_its_text_from_the_document() -> None:
    doc = Document(text="وأردوغان")
    assert doc.span(1, 8) == Span(1, 8, "أردوغان")
    with pytest.raises(OffsetError):
        doc.span(3, 99)


def test_validate_accepts_consistent_layers() -> None:
    make_doc().validate()


@pytest.mark.parametrize(
    "corrupt",
    [
        lambda d: d.entities[0].mentions.__setitem__(0, Span(4, 11, "اردوغان")),
        lambda d: setattr(d.amounts[0], "start", d.amounts[0].start + 1),
        lambda d: d.dates.append(DateExpr(0, 2, "xx", "2023", "year")),
        lambda d: setattr(d.events[0], "trigger", Span(0, 3, "طلب")),
        lambda d: setattr(d.events[0], "target", "e9"),
        lambda d: setattr(d.events[0], "amount", 3),
        lambda d: d.sentences.append(Span(0, 1000, d.text)),
    ],
)
def test_validate_rejects_every_kind_of_broken_span(corrupt) -> None:  # type: ignore[no-untyped-def]
    doc = make_doc()
    corrupt(doc)
    with pytest.raises(OffsetError):
        doc.validate()


def test_round_trip_through_dict() -> None:
    doc = make_doc()
    again = Document.from_dict(doc.to_dict())
    assert again.to_dict() == doc.to_dict()
    again.validate()
