"""The `Store`: saving extracted documents and reading them back, on SQLite or PostgreSQL.

One `save` is one transaction: a crash or an error half-way leaves the database as it was. A
document whose id is already stored is replaced whole (its rows in every layer table are deleted
and re-inserted), so re-saving the same content is idempotent. On SQLite the file is in WAL mode,
so readers keep reading a consistent snapshot while an ingest writes.
"""

from __future__ import annotations

import json
import math
import re
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Iterator, Sequence

from sqlalchemy import Connection, Engine, create_engine, delete, event, func, insert, select
from sqlalchemy.engine import make_url
from sqlalchemy.pool import StaticPool

if TYPE_CHECKING:  # pragma: no cover
    from rasd.store.query import Filters, SearchResult

import rasd
from rasd.document import Document, content_hash
from rasd.normalize import normalize_form
from rasd.store.actors import actor_key
from rasd.store.models import (
    ActorRow,
    AmountRow,
    DateRow,
    DocumentRow,
    EntityRow,
    EventRow,
    MentionRow,
    SearchRow,
)
from rasd.store.searchtext import entity_names, index_text

DEFAULT_DB = "rasd.db"
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
# Characters no database text column accepts: NUL, and lone surrogates from broken decoding.
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
# Rows per statement when deleting or looking up by a list of ids.
_CHUNK = 500


# One document's rows for every table (see `prepare_rows`).
DocumentRows = dict[str, Any]


class StoreError(RuntimeError):
    """The database cannot be opened, migrated or written."""


def resolve_url(url: str | None) -> str:
    """An SQLAlchemy URL: None -> ./rasd.db, a file path -> that SQLite file, a URL as it is."""
    if url is None or url == "":
        url = DEFAULT_DB
    if "://" in url:
        return url
    if url == ":memory:":
        return "sqlite://"
    return f"sqlite:///{Path(url).expanduser().resolve()}"


def _json_dumps(value: Any) -> str:
    # Arabic as itself, not as \uXXXX escapes: a stored document's JSON is a third of the size.
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _sqlite_engine(url: str) -> Engine:
    in_memory = make_url(url).database in (None, "", ":memory:")
    # An in-memory database lives in one connection: share it (StaticPool) so every thread and
    # every read sees what the migrations and saves put there. For scripts and tests only.
    pool = {"poolclass": StaticPool} if in_memory else {}
    engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False}, json_serializer=_json_dumps, **pool)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):  # type: ignore[no-untyped-def]
        # Let SQLAlchemy, not the sqlite3 module, decide where transactions begin (see _on_begin).
        dbapi_connection.isolation_level = None
        cur = dbapi_connection.cursor()
        if not in_memory:
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA busy_timeout=30000")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):  # type: ignore[no-untyped-def]
        # Reads get a real transaction too, so several SELECTs see one snapshot; writes take the
        # write lock up front (IMMEDIATE) so two writers queue instead of dead-locking.
        conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get("rasd_write") else "BEGIN")

    return engine


def _float(value: Any) -> float | None:
    """A number a Float column can hold, else None (a 500-digit count stays in the JSON only)."""
    if value is None or isinstance(value, bool):
        return None
    try:
        f = float(value)
    except (TypeError, ValueError, OverflowError):
        return None
    return f if math.isfinite(f) else None


# NUL is escaped as \u0000 by json.dumps; lone surrogates pass through with ensure_ascii=False.
_UNSTORABLE_JSON = re.compile(r"\\u0000|[\ud800-\udfff]")


def _unchanged(value: Any) -> Any:
    return value


def _scrub(value: Any) -> Any:
    """Replace NUL and lone surrogates by U+FFFD, one character for one (offsets do not move)."""
    if isinstance(value, str):
        return _UNSTORABLE.sub("\ufffd", value) if _UNSTORABLE.search(value) else value
    if isinstance(value, dict):
        return {k: _scrub(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_scrub(v) for v in value]
    return value


def _content_hash(doc: Document, scrubbed_text: str) -> str:
    try:
        return doc.content_hash
    except UnicodeError:  # lone surrogates cannot be encoded: hash what is stored instead
        return content_hash(scrubbed_text)


def _chunks(items: Sequence[Any], size: int = _CHUNK) -> Iterator[Sequence[Any]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


class Store:
    """Rasd documents in a relational database. Open one with `rasd.store.open_store`."""

    url: str

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.url = engine.url.render_as_string(hide_password=True)
        self.dialect = engine.dialect.name

    # -- connections -------------------------------------------------------------------------

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        """A read transaction that sees one consistent snapshot."""
        with self.engine.connect() as conn:
            if self.dialect == "postgresql":
                conn = conn.execution_options(isolation_level="REPEATABLE READ")
            with conn.begin():
                yield conn

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        with self.engine.connect() as conn:
            conn = conn.execution_options(rasd_write=True)
            with conn.begin():
                yield conn

    def migrate(self) -> None:
        """Bring the schema to the newest Alembic revision."""
        from alembic import command
        from alembic.config import Config

        cfg = Config()
        cfg.set_main_option("script_location", str(MIGRATIONS))
        with self.engine.connect() as conn:
            conn = conn.execution_options(rasd_write=True)
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
            conn.commit()

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing -----------------------------------------------------------------------------

    def known(self, ids: Iterable[str]) -> dict[str, tuple[str, str]]:
        """For the ids already stored: id -> (content_hash, rasd_version)."""
        # Ids are stored with NUL and lone surrogates replaced (see _scrub): look them up that way.
        asked = {_scrub(i): i for i in ids if isinstance(i, str)}
        wanted = list(asked)
        out: dict[str, tuple[str, str]] = {}
        with self._read() as conn:
            for chunk in _chunks(wanted):
                q = select(DocumentRow.id, DocumentRow.content_hash, DocumentRow.rasd_version).where(
                    DocumentRow.id.in_(chunk)
                )
                for doc_id, h, v in conn.execute(q):
                    out[asked.get(doc_id, doc_id)] = (h, v)
        return out

    def save(self, docs: Sequence[Document]) -> None:
        """Store documents in one transaction, replacing any stored under the same id."""
        now = datetime.now(timezone.utc)
        self.save_rows([prepare_rows(doc, now) for doc in docs])

    def save_rows(self, rows: Sequence[DocumentRows]) -> None:
        """Store documents already turned into rows (`prepare_rows`) in one transaction.

        A batch's worker processes prepare the rows, so the one writer process only inserts them.
        """
        by_id: dict[str, DocumentRows] = {}
        for r in rows:
            by_id[r["document"]["id"]] = r  # the last of two with one id wins, as a second save would
        if not by_id:
            return
        prepared = list(by_id.values())
        ids = list(by_id)
        with self._write() as conn:
            self._delete(conn, ids)
            conn.execute(insert(DocumentRow), [p["document"] for p in prepared])
            conn.execute(insert(SearchRow), [p["search"] for p in prepared])
            actor_ids = self._upsert_actors(conn, [a for p in prepared for a in p["actors"].values()])
            entity_rows = [
                {**e, "actor_id": actor_ids[p["actors"][e["local_id"]]["key"]]} for p in prepared for e in p["entities"]
            ]
            entity_pks: dict[tuple[str, str], int] = {}
            if entity_rows:
                # One plain executemany, then one lookup: an INSERT … RETURNING in parameter order
                # runs row by row on SQLite.
                conn.execute(insert(EntityRow), entity_rows)
                for chunk in _chunks(ids):
                    q = select(EntityRow.id, EntityRow.doc_id, EntityRow.local_id).where(EntityRow.doc_id.in_(chunk))
                    entity_pks.update({(doc_id, local): pk for pk, doc_id, local in conn.execute(q)})
            mention_rows = [
                {"entity_id": entity_pks[(m["doc_id"], m.pop("local_id"))], **m} for p in prepared for m in p["mentions"]
            ]
            if mention_rows:
                conn.execute(insert(MentionRow), mention_rows)
            for table, key in ((AmountRow, "amounts"), (DateRow, "dates")):
                rows = [r for p in prepared for r in p[key]]
                if rows:
                    conn.execute(insert(table), rows)
            event_rows = []
            for p in prepared:
                local_actor = {local: actor_ids[a["key"]] for local, a in p["actors"].items()}
                for ev in p["events"]:
                    roles = ev.pop("roles")
                    for role, local in roles.items():
                        ev[f"{role}_actor_id"] = local_actor.get(local) if local else None
                    event_rows.append(ev)
            if event_rows:
                conn.execute(insert(EventRow), event_rows)

    def _delete(self, conn: Connection, ids: list[str]) -> None:
        for chunk in _chunks(ids):
            for table in (MentionRow, EventRow, EntityRow, AmountRow, DateRow, SearchRow):
                conn.execute(delete(table).where(table.doc_id.in_(chunk)))
            conn.execute(delete(DocumentRow).where(DocumentRow.id.in_(chunk)))

    def _upsert_actors(self, conn: Connection, actors: list[dict[str, Any]]) -> dict[str, int]:
        """Insert the actors not yet known (filling gaps of those known); key -> actor id."""
        unique: dict[str, dict[str, Any]] = {}
        for a in actors:
            seen = unique.setdefault(a["key"], dict(a))
            for field in ("name_en", "kb_id", "country", "sector"):
                if seen.get(field) is None and a.get(field) is not None:
                    seen[field] = a[field]
        if not unique:
            return {}
        if self.dialect == "postgresql":
            from sqlalchemy.dialects.postgresql import insert as dialect_insert
        else:
            from sqlalchemy.dialects.sqlite import insert as dialect_insert
        stmt = dialect_insert(ActorRow)
        # A later article may know what an earlier one did not (an English name, a country).
        stmt = stmt.on_conflict_do_update(
            index_elements=[ActorRow.key],
            set_={
                field: func.coalesce(getattr(ActorRow, field), getattr(stmt.excluded, field))
                for field in ("name_en", "kb_id", "country", "sector")
            },
        )
        rows = sorted(unique.values(), key=lambda a: a["key"])  # one lock order for concurrent writers
        conn.execute(stmt, rows)
        out: dict[str, int] = {}
        for chunk in _chunks(list(unique)):
            for pk, key in conn.execute(select(ActorRow.id, ActorRow.key).where(ActorRow.key.in_(chunk))):
                out[key] = pk
        return out

    # -- reading -----------------------------------------------------------------------------

    def get(self, doc_id: str) -> Document | None:
        """The stored document, as it was saved (`Document.from_dict` of its JSON)."""
        data = self.get_data(doc_id)
        return Document.from_dict(data) if data is not None else None

    def get_data(self, doc_id: str) -> dict[str, Any] | None:
        with self._read() as conn:
            return conn.execute(select(DocumentRow.data).where(DocumentRow.id == _scrub(doc_id))).scalar_one_or_none()

    def count(self) -> int:
        with self._read() as conn:
            return int(conn.execute(select(func.count()).select_from(DocumentRow)).scalar_one())

    def iter_documents(self, since: str | None = None, until: str | None = None, page: int = 200) -> Iterator[Document]:
        """Every stored document (optionally by publication date, inclusive), streamed page by page in id order."""
        last = ""
        while True:
            query = select(DocumentRow.id, DocumentRow.data).where(DocumentRow.id > last)
            if since:
                query = query.where(DocumentRow.published >= since)
            if until:
                query = query.where(DocumentRow.published <= until)
            with self._read() as conn:
                rows = conn.execute(query.order_by(DocumentRow.id).limit(page)).all()
            if not rows:
                return
            for doc_id, data in rows:
                yield Document.from_dict(data)
            last = rows[-1][0]

    def stats(self) -> dict[str, Any]:
        """Counts of everything stored, read in one snapshot."""
        with self._read() as conn:
            def n(table: Any) -> int:
                return int(conn.execute(select(func.count()).select_from(table)).scalar_one())

            def by(column: Any) -> dict[str, int]:
                q = select(column, func.count()).group_by(column).order_by(func.count().desc(), column)
                return {str(k): int(v) for k, v in conn.execute(q)}

            first, last = conn.execute(select(func.min(DocumentRow.published), func.max(DocumentRow.published))).one()
            return {
                "url": self.url,
                "documents": n(DocumentRow),
                "entities": n(EntityRow),
                "mentions": n(MentionRow),
                "actors": int(conn.execute(select(func.count(func.distinct(EntityRow.actor_id)))).scalar_one()),
                "amounts": n(AmountRow),
                "dates": n(DateRow),
                "events": n(EventRow),
                "events_by_type": by(EventRow.type),
                "events_by_modality": by(EventRow.modality),
                "entities_by_type": by(EntityRow.type),
                "documents_by_rasd_version": by(DocumentRow.rasd_version),
                "published_first": first,
                "published_last": last,
            }


    # -- searching and browsing (see rasd.store.query) ----------------------------------------

    def search(
        self, q: str | None = None, filters: "Filters | None" = None, *, limit: int = 20, offset: int = 0, **filter_values: Any
    ) -> "SearchResult":
        """Arabic-aware full-text search with filters, best match first.

        ``store.search("تسلا", type="AGREE", since="2024")``: every word must match, in any
        spelling the normalised index folds together (وتسلا, تيسلا). See `rasd.store.query.Filters`.
        """
        from rasd.store import query

        f = filters if filters is not None else query.Filters(**filter_values)
        with self._read() as conn:
            return query.search(conn, q, f, limit, offset)

    def events(
        self, q: str | None = None, filters: "Filters | None" = None, *, limit: int = 50, offset: int = 0,
        newest_first: bool = True, **filter_values: Any,
    ) -> dict[str, Any]:
        """Events (with their actors and evidence) matching the filters, by date."""
        from rasd.store import query

        f = filters if filters is not None else query.Filters(**filter_values)
        with self._read() as conn:
            return query.list_events(conn, f, q, limit, offset, newest_first)

    def actors(
        self, q: str | None = None, *, type: str | None = None, country: str | None = None, limit: int = 50, offset: int = 0
    ) -> dict[str, Any]:
        """Actors, most mentioned first; ``q`` matches part of a name in any spelling."""
        from rasd.store import query

        with self._read() as conn:
            return query.list_actors(conn, q, type, country, limit, offset)

    def actor(self, actor_id: int) -> dict[str, Any] | None:
        """One actor: its names, documents, timeline of events and network of counterparts."""
        from rasd.store import query

        with self._read() as conn:
            return query.actor_detail(conn, actor_id)

    def document_view(self, doc_id: str) -> dict[str, Any] | None:
        """The stored JSON of a document plus, for each entity, the id of its actor."""
        from rasd.store import query

        with self._read() as conn:
            doc_id = _scrub(doc_id)
            data = conn.execute(select(DocumentRow.data).where(DocumentRow.id == doc_id)).scalar_one_or_none()
            if data is None:
                return None
            actors = query.document_actors(conn, doc_id)
        data = dict(data)
        data.pop("sentences", None)
        data["entities"] = [{**e, "actor_id": actors.get(e["id"])} for e in data.get("entities", [])]
        return data

    def events_over_time(self, type: str | None = None) -> list[dict[str, Any]]:
        """Event counts per month and type, for the overview chart."""
        from rasd.store import query

        with self._read() as conn:
            return query.events_over_time(conn, query.Filters(type=type))


    # -- near-duplicate clusters and merged events (rasd.dedup; added by the scale work) ---------

    def cluster_signatures(self) -> Iterator[tuple[str, str, bytes | None]]:
        """(doc_id, cluster_id, signature) of every clustered document, in the order they joined."""
        from rasd.store.models import DocClusterRow

        with self._read() as conn:
            q = select(DocClusterRow.doc_id, DocClusterRow.cluster_id, DocClusterRow.signature).order_by(DocClusterRow.seq)
            for row in conn.execution_options(yield_per=2000).execute(q):
                yield row[0], row[1], row[2]

    def save_clusters(self, clusters: dict[str, str], signatures: dict[str, bytes | None] | None = None) -> None:
        """Set documents' cluster ids (doc_id -> cluster_id) in one transaction; documents not yet
        clustered are added after the others, with their signature."""
        from sqlalchemy import bindparam, update

        from rasd.store.models import DocClusterRow

        if not clusters:
            return
        signatures = signatures or {}
        with self._write() as conn:
            existing: set[str] = set()
            for chunk in _chunks(list(clusters)):
                existing.update(conn.execute(select(DocClusterRow.doc_id).where(DocClusterRow.doc_id.in_(chunk))).scalars())
            updates = [{"b_doc": d, "b_cluster": c} for d, c in clusters.items() if d in existing]
            if updates:
                stmt = (
                    update(DocClusterRow)
                    .where(DocClusterRow.doc_id == bindparam("b_doc"))
                    .values(cluster_id=bindparam("b_cluster"))
                )
                conn.execute(stmt, updates)
            new = [d for d in clusters if d not in existing]
            if new:
                top = conn.execute(select(func.coalesce(func.max(DocClusterRow.seq), 0))).scalar_one()
                conn.execute(
                    insert(DocClusterRow),
                    [
                        {"doc_id": d, "seq": top + i, "cluster_id": clusters[d], "signature": signatures.get(d)}
                        for i, d in enumerate(new, 1)
                    ],
                )

    def cluster_members(self, cluster_id: str) -> list[str]:
        """The ids of a cluster's documents, in the order they joined it."""
        from rasd.store.models import DocClusterRow

        with self._read() as conn:
            q = select(DocClusterRow.doc_id).where(DocClusterRow.cluster_id == cluster_id).order_by(DocClusterRow.seq)
            return list(conn.execute(q).scalars())

    def replace_merged_events(self, cluster_ids: Iterable[str], merged: Sequence[dict[str, Any]]) -> None:
        """Replace the merged events of these clusters by ``merged`` (`MergedEvent.to_dict` dicts)."""
        from rasd.store.models import MergedEventRow

        ids = list(dict.fromkeys(cluster_ids))
        with self._write() as conn:
            for chunk in _chunks(ids):
                conn.execute(delete(MergedEventRow).where(MergedEventRow.cluster_id.in_(chunk)))
            rows = [
                _scrub(
                    {
                        "cluster_id": m["cluster_id"], "type": m["type"], "source_key": m["source"],
                        "target_key": m["target"], "source_name": m["source_name"], "target_name": m["target_name"],
                        "modality": m["modality"], "negated": bool(m["negated"]), "date": m["date"],
                        "amount_value": _float(m["amount_value"]), "amount_unit": m["amount_unit"],
                        "document_count": m["document_count"], "source_count": m["source_count"], "data": m,
                    }
                )
                for m in merged
            ]
            if rows:
                conn.execute(insert(MergedEventRow), rows)

    def merged_events(self, cluster_id: str | None = None, type: str | None = None, limit: int = 100) -> list[dict[str, Any]]:
        """Merged events (most reported first), optionally of one cluster or one event type."""
        from rasd.store.models import MergedEventRow

        q = select(MergedEventRow.data).order_by(MergedEventRow.source_count.desc(), MergedEventRow.id).limit(limit)
        if cluster_id is not None:
            q = q.where(MergedEventRow.cluster_id == cluster_id)
        if type is not None:
            q = q.where(MergedEventRow.type == type)
        with self._read() as conn:
            return list(conn.execute(q).scalars())


def prepare_rows(doc: Document, now: datetime | None = None) -> DocumentRows:
    """The rows of one document for `Store.save_rows`: plain dicts and lists, cheap to pickle.

    Computed before a transaction opens (keeps locks short), or in another process.
    """
    now = now or datetime.now(timezone.utc)
    data = doc.to_dict()
    data["sentences"] = [s.to_dict() for s in doc.sentences]
    # Scrubbing walks every value; skip it when the JSON shows nothing to replace (the rule).
    needs_scrub = bool(_UNSTORABLE_JSON.search(json.dumps(data, ensure_ascii=False)))
    scrub = _scrub if needs_scrub else _unchanged
    data = scrub(data)
    text = data["text"]
    doc_id = data["id"]
    actors: dict[str, dict[str, Any]] = {}
    entities, mentions = [], []
    for e in doc.entities:
        local_id = scrub(e.id)
        for m in e.mentions:
            mentions.append(scrub({"doc_id": doc_id, "local_id": local_id, "start": m.start, "end": m.end, "text": m.text}))
        if local_id in actors:  # two entities under one id (bad input): one row, all mentions
            continue
        key = actor_key(e)
        actors[local_id] = scrub(
            {
                "key": key,
                "type": e.type,
                "name": e.name,
                "norm_name": " ".join(normalize_form(e.name).split()),
                "name_en": e.name_en,
                "kb_id": e.kb_id,
                "country": e.country,
                "sector": e.sector,
            }
        )
        entities.append(
            scrub(
                {
                    "doc_id": doc_id,
                    "local_id": e.id,
                    "type": e.type,
                    "name": e.name,
                    "name_en": e.name_en,
                    "kb_id": e.kb_id,
                    "country": e.country,
                    "sector": e.sector,
                }
            )
        )
    amounts = [
        scrub(
            {
                "doc_id": doc_id, "idx": i, "start": a.start, "end": a.end, "text": a.text,
                "value": _float(a.value), "unit": a.unit, "kind": a.kind, "qualifier": a.qualifier, "noun": a.noun,
            }
        )
        for i, a in enumerate(doc.amounts)
    ]
    dates = [
        scrub(
            {
                "doc_id": doc_id, "idx": i, "start": d.start, "end": d.end, "text": d.text, "value": d.value,
                "granularity": d.granularity, "relative": bool(d.relative), "calendar": d.calendar or "gregorian",
            }
        )
        for i, d in enumerate(doc.dates)
    ]
    events = []
    event_ids: set[str] = set()
    for ev in doc.events:
        local_event_id = ev.id
        while local_event_id in event_ids:  # two events under one id (bad input): keep both
            local_event_id += "'"
        event_ids.add(local_event_id)
        date = doc.dates[ev.date] if ev.date is not None and 0 <= ev.date < len(doc.dates) else None
        amount = doc.amounts[ev.amount] if ev.amount is not None and 0 <= ev.amount < len(doc.amounts) else None
        events.append(
            scrub(
                {
                    "doc_id": doc_id,
                    "local_id": local_event_id,
                    "type": ev.type,
                    "mode": ev.mode,
                    "modality": ev.modality or "asserted",
                    "negated": bool(ev.negated),
                    "contexts": list(ev.contexts or []),
                    "roles": {
                        "source": ev.source, "target": ev.target, "location": ev.location, "attributed": ev.attributed_to,
                    },
                    "date_idx": ev.date,
                    "amount_idx": ev.amount,
                    "when": (date.value if date is not None and date.value else None) or doc.published,
                    "amount_value": _float(amount.value) if amount is not None else None,
                    "amount_unit": amount.unit if amount is not None else None,
                    "trigger_start": ev.trigger.start,
                    "trigger_end": ev.trigger.end,
                    "trigger_text": ev.trigger.text,
                    "evidence_start": ev.evidence.start,
                    "evidence_end": ev.evidence.end,
                    "evidence_text": ev.evidence.text,
                }
            )
        )
    document = {
        "id": doc_id,
        "url": data["url"],
        "title": data["title"],
        "published": data["published"],
        "published_source": data["published_source"],
        "source": data["source"],
        "input_kind": data["input_kind"] or "text",
        "text": text,
        "content_hash": _content_hash(doc, text),
        "rasd_version": rasd.__version__,
        "extracted_at": now,
        "data": data,
    }
    # The title is indexed twice: a word in the headline says more about the article (BM25
    # and ts_rank count occurrences).
    title = data["title"]
    search = {"doc_id": doc_id, "body": index_text(title, title, text, *entity_names(data["entities"]))}
    return {
        "document": document, "search": search, "actors": actors, "entities": entities,
        "mentions": mentions, "amounts": amounts, "dates": dates, "events": events,
    }


def open_store(url: str | None = None) -> Store:
    """Open a store and migrate it to the newest schema.

    ``None`` is ``rasd.db`` in the current folder; a file path is an SQLite file (WAL mode, foreign
    keys on); an SQLAlchemy URL (``sqlite:///…``, ``postgresql+psycopg://…``) is used as it is.
    """
    resolved = resolve_url(url)
    try:
        engine = _sqlite_engine(resolved) if resolved.startswith("sqlite") else create_engine(resolved, pool_pre_ping=True, json_serializer=_json_dumps)
    except Exception as exc:  # bad URL, missing driver
        raise StoreError(f"cannot open store {url!r}: {exc}") from exc
    if engine.dialect.name not in ("sqlite", "postgresql"):
        engine.dispose()
        raise StoreError(f"unsupported database {engine.dialect.name!r}: use SQLite or PostgreSQL")
    store = Store(engine)
    try:
        store.migrate()
    except Exception as exc:
        engine.dispose()
        raise StoreError(f"cannot open or migrate store {store.url}: {exc}") from exc
    return store
