"""SQLAlchemy 2 models of the store.

The full `Document.to_dict()` JSON is kept with each document (the round trip is exact), and the
layers are also spread into tables so they can be filtered, counted and joined across documents:
``entities`` point to ``actors`` (one row per real-world actor, shared by all the documents that
mention it), and ``events`` point to the actors of their roles. The schema itself is created by the
Alembic migrations in ``rasd/store/migrations``; these classes are the query-side view of it.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# JSONB on PostgreSQL (compact, indexable); a JSON text column elsewhere.
JsonType = JSON().with_variant(JSONB(), "postgresql")


class Base(DeclarativeBase):
    pass


class DocumentRow(Base):
    __tablename__ = "documents"

    id: Mapped[str] = mapped_column(String(200), primary_key=True)
    url: Mapped[str | None] = mapped_column(Text)
    title: Mapped[str | None] = mapped_column(Text)
    published: Mapped[str | None] = mapped_column(String(32), index=True)
    published_source: Mapped[str | None] = mapped_column(String(32))
    source: Mapped[str | None] = mapped_column(Text)
    input_kind: Mapped[str] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String(64))
    rasd_version: Mapped[str] = mapped_column(String(32))
    extracted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    data: Mapped[dict] = mapped_column(JsonType)


class ActorRow(Base):
    """A real-world actor across documents: keyed by knowledge-base id, else type + normalised name."""

    __tablename__ = "actors"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    key: Mapped[str] = mapped_column(String(400), unique=True)
    type: Mapped[str] = mapped_column(String(16), index=True)
    name: Mapped[str] = mapped_column(Text)
    norm_name: Mapped[str] = mapped_column(Text, index=True)
    name_en: Mapped[str | None] = mapped_column(Text)
    kb_id: Mapped[str | None] = mapped_column(String(200))
    country: Mapped[str | None] = mapped_column(String(64), index=True)
    sector: Mapped[str | None] = mapped_column(String(64))


class EntityRow(Base):
    __tablename__ = "entities"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    doc_id: Mapped[str] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    local_id: Mapped[str] = mapped_column(String(64))
    actor_id: Mapped[int] = mapped_column(ForeignKey("actors.id"))
    type: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(Text)
    name_en: Mapped[str | None] = mapped_column(Text)
    kb_id: Mapped[str | None] = mapped_column(String(200))
    country: Mapped[str | None] = mapped_column(String(64))
    sector: Mapped[str | None] = mapped_column(String(64))

    __table_args__ = (
        UniqueConstraint("doc_id", "local_id", name="uq_entities_doc_local"),
        Index("ix_entities_actor_doc", "actor_id", "doc_id"),
    )


class MentionRow(Base):
    __tablename__ = "mentions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    entity_id: Mapped[int] = mapped_column(ForeignKey("entities.id", ondelete="CASCADE"), index=True)
    doc_id: Mapped[str] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)


class AmountRow(Base):
    __tablename__ = "amounts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    doc_id: Mapped[str] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    idx: Mapped[int] = mapped_column(Integer)  # position in the document's amounts layer
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    value: Mapped[float | None] = mapped_column(Float, index=True)
    unit: Mapped[str | None] = mapped_column(String(16))
    kind: Mapped[str] = mapped_column(String(16))
    qualifier: Mapped[str | None] = mapped_column(Text)
    noun: Mapped[str | None] = mapped_column(Text)


class DateRow(Base):
    __tablename__ = "dates"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    doc_id: Mapped[str] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    idx: Mapped[int] = mapped_column(Integer)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    value: Mapped[str | None] = mapped_column(String(32))
    granularity: Mapped[str | None] = mapped_column(String(16))
    relative: Mapped[bool] = mapped_column(Boolean)
    calendar: Mapped[str] = mapped_column(String(16))


class EventRow(Base):
    __tablename__ = "events"
    __table_args__ = (
        UniqueConstraint("doc_id", "local_id", name="uq_events_doc_local"),
        Index("ix_events_type_when", "type", "when"),
        Index("ix_events_when", "when"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    doc_id: Mapped[str] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    local_id: Mapped[str] = mapped_column(String(64))
    type: Mapped[str] = mapped_column(String(32))
    mode: Mapped[str | None] = mapped_column(String(64))
    modality: Mapped[str] = mapped_column(String(16), index=True)
    negated: Mapped[bool] = mapped_column(Boolean)
    contexts: Mapped[list] = mapped_column(JsonType)
    source_actor_id: Mapped[int | None] = mapped_column(ForeignKey("actors.id"), index=True)
    target_actor_id: Mapped[int | None] = mapped_column(ForeignKey("actors.id"), index=True)
    location_actor_id: Mapped[int | None] = mapped_column(ForeignKey("actors.id"), index=True)
    attributed_actor_id: Mapped[int | None] = mapped_column(ForeignKey("actors.id"), index=True)
    date_idx: Mapped[int | None] = mapped_column(Integer)
    amount_idx: Mapped[int | None] = mapped_column(Integer)
    # When it happened for timelines: the event's own resolved date, else the publication date.
    when: Mapped[str | None] = mapped_column(String(32))
    amount_value: Mapped[float | None] = mapped_column(Float)
    amount_unit: Mapped[str | None] = mapped_column(String(16))
    trigger_start: Mapped[int] = mapped_column(Integer)
    trigger_end: Mapped[int] = mapped_column(Integer)
    trigger_text: Mapped[str] = mapped_column(Text)
    evidence_start: Mapped[int] = mapped_column(Integer)
    evidence_end: Mapped[int] = mapped_column(Integer)
    evidence_text: Mapped[str] = mapped_column(Text)


class SearchRow(Base):
    """The normalised, clitic-split copy of each document that full-text search indexes.

    On PostgreSQL a generated column ``tsv = to_tsvector('simple', body)`` carries a GIN index; on
    SQLite the FTS5 table ``document_fts`` indexes ``body`` as an external-content table kept in step
    by triggers. Both are created by the migration and are not mapped here.
    """

    __tablename__ = "document_search"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    doc_id: Mapped[str] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), unique=True)
    body: Mapped[str] = mapped_column(Text)


class DocClusterRow(Base):
    """A document's near-duplicate cluster and MinHash signature (see `rasd.dedup`)."""

    __tablename__ = "doc_clusters"

    doc_id: Mapped[str] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, index=True)  # the order documents joined the index
    cluster_id: Mapped[str] = mapped_column(String(200), index=True)
    signature: Mapped[bytes | None] = mapped_column(LargeBinary)


class MergedEventRow(Base):
    """One event reported by several copies of a story, with its counts and all evidence."""

    __tablename__ = "merged_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    cluster_id: Mapped[str] = mapped_column(String(200), index=True)
    type: Mapped[str] = mapped_column(String(32), index=True)
    source_key: Mapped[str | None] = mapped_column(String(400))
    target_key: Mapped[str | None] = mapped_column(String(400))
    source_name: Mapped[str | None] = mapped_column(Text)
    target_name: Mapped[str | None] = mapped_column(Text)
    modality: Mapped[str] = mapped_column(String(16))
    negated: Mapped[bool] = mapped_column(Boolean)
    date: Mapped[str | None] = mapped_column(String(32))
    amount_value: Mapped[float | None] = mapped_column(Float)
    amount_unit: Mapped[str | None] = mapped_column(String(16))
    document_count: Mapped[int] = mapped_column(Integer)
    source_count: Mapped[int] = mapped_column(Integer)
    data: Mapped[dict] = mapped_column(JsonType)
