"""Hand-built documents with every layer filled in, for the store, search, API and web tests.

The texts are written for these tests. Layers are made with `Document.span` from the position of
a phrase in the text, so every offset is checked by `Document.validate`.
"""

from __future__ import annotations

from rasd.document import Amount, DateExpr, Document, Entity, Event


def _at(doc: Document, phrase: str, nth: int = 0):
    start = -1
    for _ in range(nth + 1):
        start = doc.text.index(phrase, start + 1)
    return doc.span(start, start + len(phrase))


def build(
    doc_id: str,
    text: str,
    *,
    published: str | None = None,
    title: str | None = None,
    entities: list[tuple[str, str, str, list[str], dict]] = (),
    amounts: list[tuple[str, float | int | None, str | None, str]] = (),
    dates: list[tuple[str, str | None, str | None]] = (),
    events: list[dict] = (),
) -> Document:
    """A document from (id, type, name, mention phrases, extra fields) entity tuples and so on."""
    doc = Document(text=text, id=doc_id, published=published, title=title, url=f"https://example.com/{doc_id}")
    for eid, etype, name, phrases, extra in entities:
        mentions = []
        for phrase in phrases:
            nth = sum(1 for m in mentions if m.text == phrase)
            mentions.append(_at(doc, phrase, nth))
        doc.entities.append(Entity(eid, etype, name, mentions, **extra))
    for phrase, value, unit, kind in amounts:
        s = _at(doc, phrase)
        doc.amounts.append(Amount(s.start, s.end, s.text, value, unit, kind))
    for phrase, value, granularity in dates:
        s = _at(doc, phrase)
        doc.dates.append(DateExpr(s.start, s.end, s.text, value, granularity))
    for ev in events:
        ev = dict(ev)
        trigger = _at(doc, ev.pop("trigger"))
        evidence = _at(doc, ev.pop("evidence"))
        doc.events.append(Event(trigger=trigger, evidence=evidence, **ev))
    doc.validate()
    return doc


def tesla_saudi() -> Document:
    text = (
        "وقّعت شركة تسلا الأمريكية اتفاقًا مع وزارة الاستثمار السعودية لبناء مصنع للسيارات الكهربائية "
        "بقيمة 2 مليار دولار في الرياض، وقال إيلون ماسك إن الإنتاج سيبدأ في مارس 2025."
    )
    return build(
        "tesla-saudi",
        text,
        published="2024-05-14",
        title="تسلا تبني مصنعًا في السعودية",
        entities=[
            ("E1", "ORG", "تسلا", ["تسلا"], {"name_en": "Tesla", "kb_id": "Q478214", "country": "US", "sector": "automotive"}),
            ("E2", "ORG", "وزارة الاستثمار السعودية", ["وزارة الاستثمار السعودية"], {"country": "SA"}),
            ("E3", "GPE", "الرياض", ["الرياض"], {"country": "SA"}),
            ("E4", "PERSON", "إيلون ماسك", ["إيلون ماسك"], {"name_en": "Elon Musk"}),
        ],
        amounts=[("2 مليار دولار", 2_000_000_000, "USD", "money")],
        dates=[("مارس 2025", "2025-03", "month")],
        events=[
            {
                "id": "V1", "type": "AGREE", "trigger": "اتفاقًا", "source": "E1", "target": "E2", "location": "E3",
                "amount": 0, "evidence": "وقّعت شركة تسلا الأمريكية اتفاقًا مع وزارة الاستثمار السعودية",
            },
            {
                "id": "V2", "type": "COOPERATE", "trigger": "سيبدأ", "source": "E1", "date": 0, "modality": "planned",
                "attributed_to": "E4", "evidence": "الإنتاج سيبدأ في مارس 2025",
            },
        ],
    )


def tesla_variant() -> Document:
    """The same company spelled تيسلا and with a conjunction attached (وتيسلا)."""
    text = "أعلنت تيسلا عن خفض أسعارها بنسبة 10% في الصين، وتيسلا تواجه منافسة من بي واي دي."
    return build(
        "tesla-china",
        text,
        published="2024-06-02",
        title="خفض الأسعار",
        entities=[
            ("E1", "ORG", "تيسلا", ["تيسلا", "تيسلا"], {"kb_id": "Q478214", "country": "US"}),
            ("E2", "GPE", "الصين", ["الصين"], {"country": "CN"}),
            ("E3", "ORG", "بي واي دي", ["بي واي دي"], {"country": "CN"}),
        ],
        amounts=[("10%", 10, "percent", "percent")],
        events=[
            {"id": "V1", "type": "COERCE", "trigger": "منافسة", "source": "E3", "target": "E1", "modality": "reported",
             "evidence": "وتيسلا تواجه منافسة من بي واي دي"},
        ],
    )


def aramco() -> Document:
    text = (
        "رفضت أرامكو السعودية تقارير عن بيع حصة جديدة، ونفت الشركة أي اتفاق مع الحكومة الصينية "
        "بقيمة 50 مليار ريال خلال العام الماضي."
    )
    return build(
        "aramco-denial",
        text,
        published="2023-11-20",
        title="أرامكو تنفي",
        entities=[
            ("E1", "ORG", "أرامكو السعودية", ["أرامكو السعودية"], {"country": "SA", "sector": "energy"}),
            ("E2", "ORG", "الحكومة الصينية", ["الحكومة الصينية"], {"country": "CN"}),
        ],
        amounts=[("50 مليار ريال", 50_000_000_000, "SAR", "money")],
        dates=[("العام الماضي", "2022", "year")],
        events=[
            {"id": "V1", "type": "AGREE", "trigger": "اتفاق", "source": "E1", "target": "E2", "modality": "denied",
             "negated": True, "amount": 0, "date": 0, "evidence": "ونفت الشركة أي اتفاق مع الحكومة الصينية"},
        ],
    )


def hostile() -> Document:
    """Article text that looks like markup and SQL: it must be stored and shown as text."""
    text = "نشر موقع <script>alert('x')</script> خبرًا عن <b onmouseover=\"alert(1)\">تسلا</b>'; DROP TABLE documents; --"
    return build(
        "hostile",
        text,
        published="2024-01-01",
        title="<img src=x onerror=alert(1)>",
        entities=[("E1", "ORG", "تسلا", ["تسلا"], {"kb_id": "Q478214"})],
    )


def sample_documents() -> list[Document]:
    return [tesla_saudi(), tesla_variant(), aramco(), hostile()]
