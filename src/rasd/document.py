"""The one data model that flows through the pipeline.

`Document.text` (the cleaned article) is the only coordinate system: every layer stores spans
``(start, end, text)`` with ``text == doc.text[start:end]``. Layers build their spans with
`Document.span`, and `Document.validate` checks the invariant for every layer in one place.
The JSON output contract (``docs/output.md``, ``schema/document.schema.json``) is `to_dict`.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Iterator

if TYPE_CHECKING:  # pragma: no cover
    from rasd.normalize import NormalizedText

MODALITIES = ("asserted", "planned", "reported", "denied")
ENTITY_TYPES = ("PERSON", "ORG", "GPE", "LOC", "MISC")


class OffsetError(ValueError):
    """A span whose text is not the document text at its offsets."""


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Span":
        return cls(d["start"], d["end"], d["text"])


@dataclass(slots=True)
class Token:
    """A word, number or punctuation mark, with a light clitic analysis.

    ``norm`` is the normalised surface form (see `rasd.normalize`). ``variants`` lists the
    readings with proclitics and attached pronouns set aside, as ``(source_start, form)`` pairs
    from the least to the most stripped, so later layers match "وأردوغان" to "أردوغان" and
    "لشركته" to "شركة". ``stem``/``stem_start`` is the reading taken when no lexicon decides:
    proclitics are stripped only before the article (والرئيس, للأمم), where the split is certain.
    """

    start: int
    end: int
    text: str
    norm: str
    stem_start: int
    stem: str
    variants: tuple[tuple[int, str], ...] = ()
    kind: str = "word"  # "word" | "number" | "punct"

    @property
    def prefix(self) -> str:
        return self.text[: self.stem_start - self.start]


@dataclass(slots=True)
class Entity:
    id: str
    type: str
    name: str
    mentions: list[Span] = field(default_factory=list)
    name_en: str | None = None
    kb_id: str | None = None
    country: str | None = None
    sector: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "type": self.type,
            "name": self.name,
            "name_en": self.name_en,
            "kb_id": self.kb_id,
            "country": self.country,
            "sector": self.sector,
            "mentions": [m.to_dict() for m in self.mentions],
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Entity":
        return cls(
            id=d["id"],
            type=d["type"],
            name=d["name"],
            mentions=[Span.from_dict(m) for m in d.get("mentions", [])],
            name_en=d.get("name_en"),
            kb_id=d.get("kb_id"),
            country=d.get("country"),
            sector=d.get("sector"),
        )


@dataclass(slots=True)
class Amount:
    """A money sum, percentage or count. ``value`` is the full number (2 billion = 2000000000)."""

    start: int
    end: int
    text: str
    value: float | int | None
    unit: str | None  # ISO 4217 code, "percent" or "count"
    kind: str  # "money" | "percent" | "count" | "number"
    qualifier: str | None = None  # the approximation or bound as written (نحو, أكثر من, …)
    noun: str | None = None  # the counted noun of a count ("مصانع")

    def to_dict(self) -> dict[str, Any]:
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "value": self.value,
            "unit": self.unit,
            "kind": self.kind,
            "qualifier": self.qualifier,
            "noun": self.noun,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Amount":
        return cls(
            d["start"], d["end"], d["text"], d.get("value"), d.get("unit"), d.get("kind", "number"),
            d.get("qualifier"), d.get("noun"),
        )


@dataclass(slots=True)
class DateExpr:
    """A date as written. ``value`` is ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``; None when unresolved."""

    start: int
    end: int
    text: str
    value: str | None
    granularity: str | None  # "day" | "month" | "year" | "decade" | None
    relative: bool = False
    calendar: str = "gregorian"

    def to_dict(self) -> dict[str, Any]:
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "value": self.value,
            "granularity": self.granularity,
            "relative": self.relative,
            "calendar": self.calendar,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "DateExpr":
        return cls(
            d["start"], d["end"], d["text"], d.get("value"), d.get("granularity"),
            d.get("relative", False), d.get("calendar", "gregorian"),
        )


@dataclass(slots=True)
class Event:
    """A PLOVER event. Actors are entity ids; ``date``/``amount`` index the dates/amounts layers."""

    id: str
    type: str
    trigger: Span
    evidence: Span
    modality: str = "asserted"
    mode: str | None = None
    contexts: list[str] = field(default_factory=list)
    source: str | None = None
    target: str | None = None
    location: str | None = None
    date: int | None = None
    amount: int | None = None
    attributed_to: str | None = None
    negated: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "type": self.type,
            "mode": self.mode,
            "contexts": list(self.contexts),
            "source": self.source,
            "target": self.target,
            "location": self.location,
            "date": self.date,
            "amount": self.amount,
            "modality": self.modality,
            "attributed_to": self.attributed_to,
            "negated": self.negated,
            "trigger": self.trigger.to_dict(),
            "evidence": self.evidence.to_dict(),
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Event":
        return cls(
            id=d["id"],
            type=d["type"],
            trigger=Span.from_dict(d["trigger"]),
            evidence=Span.from_dict(d["evidence"]),
            modality=d.get("modality", "asserted"),
            mode=d.get("mode"),
            contexts=list(d.get("contexts") or []),
            source=d.get("source"),
            target=d.get("target"),
            location=d.get("location"),
            date=d.get("date"),
            amount=d.get("amount"),
            attributed_to=d.get("attributed_to"),
            negated=d.get("negated", False),
        )


@dataclass(slots=True)
class RemovedSpan:
    """Boilerplate that the cleaner took out, in the coordinates of the raw input text."""

    start: int
    end: int
    text: str
    rule: str

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text, "rule": self.rule}


def content_hash(text: str) -> str:
    """The id of a document that came without one: a hash of its cleaned text."""
    return hashlib.sha256(text.encode("utf-8", errors="surrogatepass")).hexdigest()[:20]


@dataclass
class Document:
    text: str
    id: str = ""
    url: str | None = None
    title: str | None = None
    published: str | None = None
    published_source: str | None = None  # "metadata" | "record" | "option" | "dateline"
    source: str | None = None  # where the article was read from (path, path:line, "-")
    input_kind: str = "text"  # "text" | "html" | "jsonl" | "stdin" | "feed" | "warc"
    removed: list[RemovedSpan] = field(default_factory=list)
    sentences: list[Span] = field(default_factory=list)
    tokens: list[Token] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    amounts: list[Amount] = field(default_factory=list)
    dates: list[DateExpr] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    norm: "NormalizedText | None" = field(default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not self.id:
            self.id = content_hash(self.text)

    @property
    def content_hash(self) -> str:
        return content_hash(self.text)

    def span(self, start: int, end: int) -> Span:
        """The span of the text between two offsets: the way layers make spans."""
        if not 0 <= start <= end <= len(self.text):
            raise OffsetError(f"span {start}:{end} is outside a text of {len(self.text)} characters")
        return Span(start, end, self.text[start:end])

    def iter_spans(self) -> Iterator[tuple[str, Any]]:
        """Every span-carrying value of every layer, with the name of its layer."""
        for s in self.sentences:
            yield "sentences", s
        for t in self.tokens:
            yield "tokens", t
        for e in self.entities:
            for m in e.mentions:
                yield "entities", m
        for a in self.amounts:
            yield "amounts", a
        for d in self.dates:
            yield "dates", d
        for ev in self.events:
            yield "events", ev.trigger
            yield "events", ev.evidence

    def validate(self) -> None:
        """Check that every span's text is the document text at its offsets."""
        text, n = self.text, len(self.text)
        # Layer by layer, in the order of `iter_spans`, a list comprehension each: this runs on
        # every article, and a generator step per span costs more than the check itself.
        layers: tuple[tuple[str, list[Any]], ...] = (
            ("sentences", self.sentences),
            ("tokens", self.tokens),
            ("entities", [m for e in self.entities for m in e.mentions]),
            ("amounts", self.amounts),
            ("dates", self.dates),
            ("events", [s for ev in self.events for s in (ev.trigger, ev.evidence)]),
        )
        for layer, spans in layers:
            bad = [s for s in spans if not 0 <= s.start <= s.end <= n or text[s.start : s.end] != s.text]
            if bad:
                s = bad[0]
                raise OffsetError(
                    f"{layer}: span {s.start}:{s.end} {s.text!r} is not "
                    f"{self.text[max(0, s.start):max(0, s.end)]!r} in document {self.id}"
                )
        entity_ids = {e.id for e in self.entities}
        for ev in self.events:
            for role in ("source", "target", "location", "attributed_to"):
                ref = getattr(ev, role)
                if ref is not None and ref not in entity_ids:
                    raise OffsetError(f"event {ev.id}: {role} {ref!r} is not an entity of the document")
            if ev.date is not None and not 0 <= ev.date < len(self.dates):
                raise OffsetError(f"event {ev.id}: date index {ev.date} out of range")
            if ev.amount is not None and not 0 <= ev.amount < len(self.amounts):
                raise OffsetError(f"event {ev.id}: amount index {ev.amount} out of range")

    def entity(self, entity_id: str | None) -> Entity | None:
        if entity_id is None:
            return None
        for e in self.entities:
            if e.id == entity_id:
                return e
        return None

    def to_dict(self, *, include_layers: bool = False) -> dict[str, Any]:
        """The output contract: one JSON object per document (see docs/output.md)."""
        d: dict[str, Any] = {
            "id": self.id,
            "url": self.url,
            "title": self.title,
            "published": self.published,
            "published_source": self.published_source,
            "source": self.source,
            "input_kind": self.input_kind,
            "text": self.text,
            "entities": [e.to_dict() for e in self.entities],
            "amounts": [a.to_dict() for a in self.amounts],
            "dates": [x.to_dict() for x in self.dates],
            "events": [e.to_dict() for e in self.events],
            "cleaning": {"removed": [r.to_dict() for r in self.removed]},
        }
        if include_layers:
            d["sentences"] = [s.to_dict() for s in self.sentences]
            d["tokens"] = [
                {"start": t.start, "end": t.end, "text": t.text, "stem_start": t.stem_start}
                for t in self.tokens
            ]
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Document":
        doc = cls(
            text=d["text"],
            id=d.get("id") or "",
            url=d.get("url"),
            title=d.get("title"),
            published=d.get("published"),
            published_source=d.get("published_source"),
            source=d.get("source"),
            input_kind=d.get("input_kind", "text"),
        )
        doc.removed = [RemovedSpan(**r) for r in (d.get("cleaning") or {}).get("removed", [])]
        doc.sentences = [Span.from_dict(s) for s in d.get("sentences", [])]
        doc.entities = [Entity.from_dict(e) for e in d.get("entities", [])]
        doc.amounts = [Amount.from_dict(a) for a in d.get("amounts", [])]
        doc.dates = [DateExpr.from_dict(x) for x in d.get("dates", [])]
        doc.events = [Event.from_dict(e) for e in d.get("events", [])]
        return doc
