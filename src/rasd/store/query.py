"""Search and browse what is stored: full-text search, filters, actors, events, timelines.

Full-text search runs on the normalised, clitic-split copy of each article (`searchtext`), with
SQLite FTS5 (ranked by BM25) or PostgreSQL full-text search with the 'simple' configuration
(ranked by ts_rank). Query words are parsed into plain word characters before they reach either
engine, so FTS operators, quotes and SQL in a query are just words that match nothing.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any

from sqlalchemy import Connection, Float, String, case, cast, func, null, or_, select, text
from sqlalchemy.orm import Session, aliased

from rasd.normalize import normalize_form
from rasd.store.models import ActorRow, AmountRow, DocumentRow, EntityRow, EventRow, MentionRow
from rasd.store.searchtext import query_terms, snippet

_DATE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")
MAX_LIMIT = 200
ROLES = ("source", "target", "location", "attributed")


class QueryError(ValueError):
    """A filter value that cannot be understood (bad date, negative limit, …)."""


@dataclass
class Filters:
    """What to narrow a search or a listing to. Every field is optional.

    ``actor``: an actor id (as shown by the API), an actor key (as in ``/api/entities``, from
    `rasd.entities.actor_key`), a name in any spelling or an English name; ``type``: a PLOVER event type; ``modality``: asserted/planned/reported/
    denied; ``country``: an actor's country; ``since``/``until``: YYYY, YYYY-MM or YYYY-MM-DD,
    inclusive; ``min_amount``/``max_amount``: the value of an amount in the article or event.
    """

    actor: str | int | None = None
    type: str | None = None
    modality: str | None = None
    country: str | None = None
    since: str | None = None
    until: str | None = None
    min_amount: float | None = None
    max_amount: float | None = None

    def __post_init__(self) -> None:
        for name in ("since", "until"):
            value = getattr(self, name)
            if value is not None:
                value = str(value).strip()
                if not _DATE.match(value):
                    raise QueryError(f"{name} must be YYYY, YYYY-MM or YYYY-MM-DD, not {value[:40]!r}")
                setattr(self, name, value)
        for name in ("min_amount", "max_amount"):
            value = getattr(self, name)
            if value is not None:
                try:
                    setattr(self, name, float(value))
                except (TypeError, ValueError, OverflowError):
                    raise QueryError(f"{name} must be a number, not {str(value)[:40]!r}") from None
        for name in ("type", "modality", "country"):
            value = getattr(self, name)
            if value is not None:
                setattr(self, name, clean_text(str(value)).strip()[:64] or None)
        if self.type:
            self.type = self.type.upper()
        if self.modality:
            self.modality = self.modality.lower()
        if isinstance(self.actor, str):
            self.actor = clean_text(self.actor).strip()[:400] or None

    def active(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if v is not None}


_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def clean_text(value: str) -> str:
    """A filter value without the characters no database accepts (NUL, lone surrogates), which
    the store replaces by U+FFFD when it saves: so a lookup still finds what was saved."""
    return _UNSTORABLE.sub("\ufffd", value) if _UNSTORABLE.search(value) else value


def _orm(conn: Connection) -> Session:
    """A session on the open read transaction, for queries that return mapped rows."""
    return Session(bind=conn)


def check_page(limit: int, offset: int) -> tuple[int, int]:
    if limit < 1 or offset < 0:
        raise QueryError("limit must be at least 1 and offset at least 0")
    return min(limit, MAX_LIMIT), offset


def _until_clause(column: Any, until: str) -> Any:
    # "2024-05" includes every day of May: compare the same number of leading characters.
    return func.substr(column, 1, len(until)) <= until


def resolve_actors(conn: Connection, actor: str | int) -> list[int]:
    """The ids of the actors a filter value names (id, key, or any spelling of a name)."""
    if isinstance(actor, int):
        return [actor] if 0 < actor < 2**62 else []
    norm = " ".join(normalize_form(actor).split())
    if not norm:
        return []
    if norm.isascii() and norm.isdigit():  # an actor id, in Latin or Arabic-Indic digits
        return [int(norm)] if len(norm) < 19 and int(norm) > 0 else []
    q = select(ActorRow.id).where(
        or_(ActorRow.key == actor, ActorRow.norm_name == norm, func.lower(ActorRow.name_en) == norm.lower())
    )
    ids = set(conn.execute(q).scalars())
    # Any entity ever called this (an alias of a linked actor: تيسلا for Tesla).
    ids.update(conn.execute(select(EntityRow.actor_id).where(EntityRow.name == actor).distinct()).scalars())
    if not ids:
        # Spellings that differ by diacritics or hamza: compare normalised entity names.
        from rasd.store.searchtext import skeleton

        # Only names that share the first two letters, and a bounded number of them.
        candidates = select(ActorRow.id, ActorRow.norm_name).where(
            ActorRow.norm_name.startswith(norm[:2], autoescape=True)
        ).limit(5000)
        for actor_id, name in conn.execute(candidates):
            if skeleton(name) == skeleton(norm):
                ids.add(actor_id)
    return sorted(ids)


def _document_conditions(conn: Connection, f: Filters) -> list[Any] | None:
    """WHERE clauses on documents for the filters; None when they can match nothing.

    Layer filters are ``documents.id IN (SELECT doc_id …)``: the subquery runs once, where a
    correlated EXISTS would let SQLite probe the events of a type once per document.
    """
    conds: list[Any] = []
    if f.since:
        conds.append(DocumentRow.published >= f.since)
    if f.until:
        conds.append(_until_clause(DocumentRow.published, f.until))
    if f.actor is not None:
        ids = resolve_actors(conn, f.actor)
        if not ids:
            return None
        conds.append(DocumentRow.id.in_(select(EntityRow.doc_id).where(EntityRow.actor_id.in_(ids))))
    if f.type or f.modality:
        ev = []
        if f.type:
            ev.append(EventRow.type == f.type)
        if f.modality:
            ev.append(EventRow.modality == f.modality)
        conds.append(DocumentRow.id.in_(select(EventRow.doc_id).where(*ev)))
    if f.country:
        conds.append(DocumentRow.id.in_(select(EntityRow.doc_id).where(func.lower(EntityRow.country) == f.country.lower())))
    if f.min_amount is not None or f.max_amount is not None:
        am = []
        if f.min_amount is not None:
            am.append(AmountRow.value >= f.min_amount)
        if f.max_amount is not None:
            am.append(AmountRow.value <= f.max_amount)
        conds.append(DocumentRow.id.in_(select(AmountRow.doc_id).where(*am)))
    return conds


def _fts_subquery(conn: Connection, groups: list[list[str]]) -> Any:
    """(doc_id, score) of the documents that match every group of the parsed query."""
    if conn.dialect.name == "postgresql":
        # Terms are runs of word characters only; quoting them keeps tsquery syntax out.
        tsq = " & ".join("(" + " | ".join(f"'{t}'" for t in g) + ")" for g in groups)
        sql = text(
            "SELECT doc_id, ts_rank(tsv, to_tsquery('simple', :fq)) AS score FROM document_search "
            "WHERE tsv @@ to_tsquery('simple', :fq)"
        ).bindparams(fq=tsq)
    else:
        fq = " AND ".join("(" + " OR ".join(f'"{t}"' for t in g) + ")" for g in groups)
        sql = text(
            "SELECT document_search.doc_id AS doc_id, -bm25(document_fts) AS score FROM document_fts "
            "JOIN document_search ON document_search.id = document_fts.rowid WHERE document_fts MATCH :fq"
        ).bindparams(fq=fq)
    return sql.columns(doc_id=String, score=Float).subquery("fts")


@dataclass
class SearchHit:
    id: str
    title: str | None
    url: str | None
    published: str | None
    score: float | None
    snippet: dict[str, Any]
    events: int = 0
    entities: int = 0


@dataclass
class SearchResult:
    query: str
    total: int
    limit: int
    offset: int
    filters: dict[str, Any]
    hits: list[SearchHit] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def search(conn: Connection, q: str | None, f: Filters, limit: int = 20, offset: int = 0) -> SearchResult:
    """Documents that match the words of ``q`` (all of them) and the filters, best first.

    An empty query lists the filtered documents, newest first.
    """
    limit, offset = check_page(limit, offset)
    groups = query_terms(q or "")
    result = SearchResult(q or "", 0, limit, offset, f.active())
    conds = _document_conditions(conn, f)
    if conds is None or ((q or "").strip() and not groups):
        return result  # the filters name nothing stored, or the query has no words
    if groups:
        fts = _fts_subquery(conn, groups)
        base = select(DocumentRow.id, fts.c.score).join(fts, fts.c.doc_id == DocumentRow.id).where(*conds)
        order = [fts.c.score.desc(), DocumentRow.published.desc(), DocumentRow.id]
    else:
        base = select(DocumentRow.id, cast(null(), Float).label("score")).where(*conds)
        order = [DocumentRow.published.desc(), DocumentRow.id]
    result.total = int(conn.execute(select(func.count()).select_from(base.subquery())).scalar_one())
    page = base.order_by(*order).limit(limit).offset(offset).subquery()
    ev_count = select(func.count()).where(EventRow.doc_id == DocumentRow.id).correlate(DocumentRow).scalar_subquery()
    en_count = select(func.count()).where(EntityRow.doc_id == DocumentRow.id).correlate(DocumentRow).scalar_subquery()
    rows = conn.execute(
        select(
            DocumentRow.id, DocumentRow.title, DocumentRow.url, DocumentRow.published, DocumentRow.data, page.c.score,
            ev_count, en_count,
        )
        .join(page, page.c.id == DocumentRow.id)
        .order_by(*(  # same order as the page
            [page.c.score.desc(), DocumentRow.published.desc(), DocumentRow.id] if groups
            else [DocumentRow.published.desc(), DocumentRow.id]
        ))
    )
    for doc_id, title, url, published, data, score, n_events, n_entities in rows:
        result.hits.append(
            SearchHit(doc_id, title, url, published, float(score) if score is not None else None,
                      snippet(data.get("text") or "", groups, data.get("entities")), int(n_events), int(n_entities))
        )
    return result


def _actor_dict(row: Any) -> dict[str, Any]:
    return {
        "id": row.id, "key": row.key, "type": row.type, "name": row.name, "name_en": row.name_en,
        "kb_id": row.kb_id, "country": row.country, "sector": row.sector,
    }


def list_actors(
    conn: Connection, q: str | None = None, type: str | None = None, country: str | None = None,
    limit: int = 50, offset: int = 0,
) -> dict[str, Any]:
    """Actors with how many documents mention them, most mentioned first."""
    limit, offset = check_page(limit, offset)
    # Count documents per actor from the (actor_id, doc_id) index alone, then join the actors.
    per_actor = (
        select(EntityRow.actor_id, func.count(func.distinct(EntityRow.doc_id)).label("documents"))
        .group_by(EntityRow.actor_id)
        .subquery("per_actor")
    )
    docs = per_actor.c.documents
    base = select(ActorRow, docs).join(per_actor, per_actor.c.actor_id == ActorRow.id)
    if q and q.strip():
        norm = " ".join(normalize_form(clean_text(q)).split())[:200]
        base = base.where(
            or_(ActorRow.norm_name.contains(norm, autoescape=True), func.lower(ActorRow.name_en).contains(norm.lower(), autoescape=True))
        )
    if type:
        base = base.where(ActorRow.type == clean_text(type).upper()[:16])
    if country:
        base = base.where(func.lower(ActorRow.country) == clean_text(country).lower()[:64])
    total = int(conn.execute(select(func.count()).select_from(base.subquery())).scalar_one())
    rows = _orm(conn).execute(base.order_by(docs.desc(), ActorRow.name, ActorRow.id).limit(limit).offset(offset))
    items = [{**_actor_dict(r.ActorRow), "documents": int(r.documents)} for r in rows]
    return {"total": total, "limit": limit, "offset": offset, "items": items}


def _event_select() -> tuple[Any, dict[str, Any]]:
    actors = {role: aliased(ActorRow, name=f"a_{role}") for role in ROLES}
    q = select(EventRow, DocumentRow.title, DocumentRow.published, *actors.values()).join(
        DocumentRow, DocumentRow.id == EventRow.doc_id
    )
    for role, a in actors.items():
        q = q.outerjoin(a, a.id == getattr(EventRow, f"{role}_actor_id"))
    return q, actors


def _event_dict(row: Any, actors: dict[str, Any]) -> dict[str, Any]:
    ev = row.EventRow
    out = {
        "doc_id": ev.doc_id, "doc_title": row.title, "doc_published": row.published, "id": ev.local_id,
        "type": ev.type, "mode": ev.mode, "modality": ev.modality, "negated": ev.negated,
        "contexts": list(ev.contexts or []), "when": ev.when, "amount_value": ev.amount_value,
        "amount_unit": ev.amount_unit, "date": ev.date_idx, "amount": ev.amount_idx,
        "trigger": {"start": ev.trigger_start, "end": ev.trigger_end, "text": ev.trigger_text},
        "evidence": {"start": ev.evidence_start, "end": ev.evidence_end, "text": ev.evidence_text},
    }
    for role in ROLES:
        a = getattr(row, f"a_{role}")
        out[role] = _actor_dict(a) if a is not None else None
    out["attributed_to"] = out.pop("attributed")
    return out


def list_events(
    conn: Connection, f: Filters, q: str | None = None, limit: int = 50, offset: int = 0, newest_first: bool = True
) -> dict[str, Any]:
    """Events matching the filters (the actor in any role), by date; ``q`` narrows to matching articles."""
    limit, offset = check_page(limit, offset)
    base, actors = _event_select()
    empty = {"total": 0, "limit": limit, "offset": offset, "filters": f.active(), "items": []}
    if f.type:
        base = base.where(EventRow.type == f.type)
    if f.modality:
        base = base.where(EventRow.modality == f.modality)
    if f.since:
        base = base.where(EventRow.when >= f.since)
    if f.until:
        base = base.where(_until_clause(EventRow.when, f.until))
    if f.min_amount is not None:
        base = base.where(EventRow.amount_value >= f.min_amount)
    if f.max_amount is not None:
        base = base.where(EventRow.amount_value <= f.max_amount)
    if f.actor is not None:
        ids = resolve_actors(conn, f.actor)
        if not ids:
            return empty
        base = base.where(or_(*(getattr(EventRow, f"{r}_actor_id").in_(ids) for r in ROLES)))
    if f.country:
        c = f.country.lower()
        base = base.where(or_(*(func.lower(actors[r].country) == c for r in ("source", "target", "location"))))
    if q and q.strip():
        groups = query_terms(q)
        if not groups:
            return empty
        fts = _fts_subquery(conn, groups)
        base = base.where(EventRow.doc_id.in_(select(fts.c.doc_id)))
    total = int(conn.execute(select(func.count()).select_from(base.subquery())).scalar_one())
    order = [EventRow.when.desc() if newest_first else EventRow.when.asc(), EventRow.doc_id, EventRow.id]
    rows = _orm(conn).execute(base.order_by(*order).limit(limit).offset(offset))
    return {**empty, "total": total, "items": [_event_dict(r, actors) for r in rows]}


def actor_detail(conn: Connection, actor_id: int, limit: int = 200) -> dict[str, Any] | None:
    """An actor with its names, its documents, its events in time order and its counterparts."""
    row = _orm(conn).execute(select(ActorRow).where(ActorRow.id == actor_id)).scalar_one_or_none()
    if row is None:
        return None
    names = conn.execute(
        select(EntityRow.name, func.count()).where(EntityRow.actor_id == actor_id)
        .group_by(EntityRow.name).order_by(func.count().desc(), EntityRow.name)
    ).all()
    mentions = int(conn.execute(
        select(func.count()).select_from(MentionRow).join(EntityRow, EntityRow.id == MentionRow.entity_id)
        .where(EntityRow.actor_id == actor_id)
    ).scalar_one())
    docs = conn.execute(
        select(DocumentRow.id, DocumentRow.title, DocumentRow.published)
        .where(DocumentRow.id.in_(select(EntityRow.doc_id).where(EntityRow.actor_id == actor_id)))
        .order_by(DocumentRow.published.desc(), DocumentRow.id).limit(limit)
    ).all()
    timeline = list_events(conn, Filters(actor=actor_id), limit=limit, newest_first=False)["items"]
    # Counterparts: the other actors of the same events (who deals with whom), else of the same articles.
    edges: dict[tuple[int, int], dict[str, Any]] = {}
    nodes: dict[int, dict[str, Any]] = {actor_id: {**_actor_dict(row), "weight": len(timeline)}}
    for ev in timeline:
        source = ev["source"]
        others = {}
        for role in ("source", "target", "location", "attributed_to"):
            if ev[role] and ev[role]["id"] != actor_id:
                others.setdefault(ev[role]["id"], ev[role])
        for other in others.values():
            # Edges point from the event's source to the other party: who does what to whom.
            a, b = (other["id"], actor_id) if source and source["id"] == other["id"] else (actor_id, other["id"])
            nodes.setdefault(other["id"], {**other, "weight": 0})["weight"] += 1
            edge = edges.setdefault((a, b), {"source": a, "target": b, "kind": "event", "count": 0, "types": {}})
            edge["count"] += 1
            edge["types"][ev["type"]] = edge["types"].get(ev["type"], 0) + 1
    co = aliased(EntityRow)
    co_actors = _orm(conn).execute(
        select(ActorRow, func.count(func.distinct(co.doc_id)).label("n"))
        .join(co, co.actor_id == ActorRow.id)
        .where(co.doc_id.in_(select(EntityRow.doc_id).where(EntityRow.actor_id == actor_id)), ActorRow.id != actor_id)
        .group_by(ActorRow.id).order_by(func.count(func.distinct(co.doc_id)).desc(), ActorRow.id).limit(30)
    ).all()
    co_mentions = [{**_actor_dict(r.ActorRow), "documents": int(r.n)} for r in co_actors]
    for other in co_mentions:
        if other["id"] not in nodes:
            nodes[other["id"]] = {**{k: v for k, v in other.items() if k != "documents"}, "weight": 0}
            edges[(actor_id, other["id"])] = {
                "source": actor_id, "target": other["id"], "kind": "co-mention", "count": other["documents"], "types": {},
            }
    return {
        **_actor_dict(row),
        "names": [{"name": n, "count": int(c)} for n, c in names],
        "mentions": mentions,
        "documents": [{"id": i, "title": t, "published": p} for i, t, p in docs],
        "timeline": timeline,
        "co_mentions": co_mentions,
        "network": {"nodes": list(nodes.values()), "edges": list(edges.values())},
    }


def document_actors(conn: Connection, doc_id: str) -> dict[str, int]:
    """Local entity id -> actor id, to link a document's entities to actor pages."""
    return dict(conn.execute(select(EntityRow.local_id, EntityRow.actor_id).where(EntityRow.doc_id == doc_id)).all())


def events_over_time(conn: Connection, f: Filters | None = None) -> list[dict[str, Any]]:
    """Event counts per month and type: the month of the event's own date when it has one, else
    the month its article was published (a year-only date cannot be placed in a month)."""
    month = case(
        (func.length(EventRow.when) >= 7, func.substr(EventRow.when, 1, 7)),
        else_=func.substr(DocumentRow.published, 1, 7),
    ).label("month")
    q = select(month, EventRow.type, func.count()).join(DocumentRow, DocumentRow.id == EventRow.doc_id)
    if f is not None and f.type:
        q = q.where(EventRow.type == f.type)
    q = q.group_by(month, EventRow.type).order_by(month, EventRow.type)
    return [{"month": m, "type": t, "count": int(n)} for m, t, n in conn.execute(q) if m and len(m) == 7]


__all__ = [
    "Filters", "QueryError", "SearchHit", "SearchResult", "search", "list_actors", "list_events",
    "actor_detail", "document_actors", "events_over_time", "resolve_actors",
]
