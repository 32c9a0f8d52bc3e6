"""Within-document resolution: mentions of one actor become one entity.

- Mentions linked to the same knowledge-base record are one entity (أردوغان, رجب طيب أردوغان,
  Erdogan); when an alias fits several records (عمان is Amman and Oman) the record whose country
  the article names elsewhere wins, then countries over cities.
- An unlinked person mentioned by surname alone after the full name ("إيلون ماسك" … "ماسك") joins
  the full name: Arabic news introduces a person in full once and uses the last name afterwards.
- A shorter organisation name that begins a longer one in the same article ("دائرة الاتصالات" and
  "دائرة الاتصالات بالرئاسة التركية") joins it.
- Otherwise mentions with the same normalised form (article and clitics aside) are one entity.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rasd.entities.kb import KBRecord, KnowledgeBase, alias_key

_KIND_RANK = {"country": 0, "curated": 1, "region": 2, "city": 3, "place": 3}


@dataclass
class Mention:
    """A recognised name before resolution."""

    start: int
    end: int
    text: str
    type: str
    origin: str  # "kb" | "pattern" | "crf"
    records: tuple[int, ...] = ()
    country: str | None = None
    confidence: float = 1.0
    record: KBRecord | None = None
    key: str = ""


@dataclass
class Cluster:
    mentions: list[Mention] = field(default_factory=list)
    record: KBRecord | None = None
    type: str = ""
    country: str | None = None


def _bare(key: str) -> str:
    """A comparison key: the article dropped from each word (الأمريكية ~ أمريكية)."""
    return " ".join(w[2:] if w.startswith("ال") and len(w) > 3 else w for w in key.split())


def choose_records(mentions: list[Mention], kb: KnowledgeBase) -> None:
    """Pick one record for each ambiguous linked mention, preferring countries the text names."""
    named_countries = {
        kb.records[m.records[0]].country for m in mentions if len(m.records) == 1 and kb.records[m.records[0]].country
    }
    for m in mentions:
        if not m.records:
            continue
        recs = [kb.records[i] for i in m.records]
        recs.sort(key=lambda r: (r.country not in named_countries if len(recs) > 1 else False, _KIND_RANK.get(r.kind, 4)))
        m.record = recs[0]
        m.type = m.record.type


def resolve(mentions: list[Mention], kb: KnowledgeBase) -> list[Cluster]:
    """Group mentions (in text order) into clusters, one per actor."""
    choose_records(mentions, kb)
    clusters: list[Cluster] = []
    by_record: dict[int, Cluster] = {}
    by_key: dict[tuple[str, str], Cluster] = {}
    for m in mentions:
        m.key = _bare(alias_key(m.text))
    # Full names first, so a surname met before its full name still finds it. Indexed by last
    # word (persons) and first word (organisations) so resolution stays linear.
    persons_by_surname: dict[str, list[Mention]] = {}
    for m in mentions:
        if m.type == "PERSON" and len(m.key.split()) > 1:
            persons_by_surname.setdefault(m.key.split()[-1], []).append(m)
    orgs_by_first: dict[str, list[tuple[list[str], Cluster]]] = {}
    for m in mentions:
        if m.record is not None:
            c = by_record.get(m.record.index)
            if c is None:
                c = Cluster(record=m.record, type=m.record.type, country=m.record.country)
                by_record[m.record.index] = c
                clusters.append(c)
            c.mentions.append(m)
            by_key.setdefault((_type_class(c.type), m.key), c)
            continue
        c = by_key.get((_type_class(m.type), m.key))
        if c is None and m.type == "PERSON" and len(m.key.split()) == 1:
            c = _person_by_surname(m, persons_by_surname.get(m.key, []), by_key, by_record)
        if c is None and m.type == "ORG":
            c = _org_by_prefix(m, orgs_by_first)
        if c is None:
            c = Cluster(type=m.type, country=m.country)
            clusters.append(c)
        c.mentions.append(m)
        if c.type == "ORG" and m.key and m.record is None:
            bucket = orgs_by_first.setdefault(m.key.split()[0], [])
            if len(bucket) < 50:
                bucket.append((m.key.split(), c))
        if c.country is None and m.country:
            c.country = m.country
        by_key.setdefault((_type_class(c.type), m.key), c)
    return clusters


def _type_class(t: str) -> str:
    return "GPE" if t in ("GPE", "LOC") else t


def _person_by_surname(m: Mention, full: list[Mention], by_key: dict, by_record: dict) -> Cluster | None:
    """The one person cluster whose full name ends with this surname (none when ambiguous)."""
    hits = {}
    for f in full[:50]:
        c = by_record.get(f.record.index) if f.record is not None else by_key.get(("PERSON", f.key))
        if c is not None:
            hits[id(c)] = c
    return next(iter(hits.values())) if len(hits) == 1 else None


def _org_by_prefix(m: Mention, orgs_by_first: dict[str, list[tuple[list[str], Cluster]]]) -> Cluster | None:
    """An organisation cluster whose name begins with this one, or that this one begins with."""
    words = m.key.split()
    if len(words) < 2:
        return None
    for ow, c in orgs_by_first.get(words[0], []):
        if len(ow) > len(words) and ow[: len(words)] == words:
            return c
        if 2 <= len(ow) < len(words) and words[: len(ow)] == ow:
            return c
    return None


__all__ = ["Mention", "Cluster", "resolve", "choose_records"]
