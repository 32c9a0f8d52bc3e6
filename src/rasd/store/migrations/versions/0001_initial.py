"""The foundation's store: documents, actors, entities, mentions, amounts, dates, events, search.

Revision ID: 0001
Revises:
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

Json = sa.JSON().with_variant(JSONB(), "postgresql")


def _doc_fk() -> sa.ForeignKey:
    return sa.ForeignKey("documents.id", ondelete="CASCADE")


def upgrade() -> None:
    op.create_table(
        "documents",
        sa.Column("id", sa.String(200), primary_key=True),
        sa.Column("url", sa.Text()),
        sa.Column("title", sa.Text()),
        sa.Column("published", sa.String(32)),
        sa.Column("published_source", sa.String(32)),
        sa.Column("source", sa.Text()),
        sa.Column("input_kind", sa.String(16), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("rasd_version", sa.String(32), nullable=False),
        sa.Column("extracted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("data", Json, nullable=False),
    )
    op.create_index("ix_documents_published", "documents", ["published"])

    op.create_table(
        "actors",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("key", sa.String(400), nullable=False, unique=True),
        sa.Column("type", sa.String(16), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("norm_name", sa.Text(), nullable=False),
        sa.Column("name_en", sa.Text()),
        sa.Column("kb_id", sa.String(200)),
        sa.Column("country", sa.String(64)),
        sa.Column("sector", sa.String(64)),
    )
    op.create_index("ix_actors_type", "actors", ["type"])
    op.create_index("ix_actors_norm_name", "actors", ["norm_name"])
    op.create_index("ix_actors_country", "actors", ["country"])

    op.create_table(
        "entities",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("doc_id", sa.String(200), _doc_fk(), nullable=False),
        sa.Column("local_id", sa.String(64), nullable=False),
        sa.Column("actor_id", sa.Integer(), sa.ForeignKey("actors.id"), nullable=False),
        sa.Column("type", sa.String(16), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("name_en", sa.Text()),
        sa.Column("kb_id", sa.String(200)),
        sa.Column("country", sa.String(64)),
        sa.Column("sector", sa.String(64)),
        sa.UniqueConstraint("doc_id", "local_id", name="uq_entities_doc_local"),
    )
    op.create_index("ix_entities_doc_id", "entities", ["doc_id"])
    op.create_index("ix_entities_actor_id", "entities", ["actor_id"])

    op.create_table(
        "mentions",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("entity_id", sa.Integer(), sa.ForeignKey("entities.id", ondelete="CASCADE"), nullable=False),
        sa.Column("doc_id", sa.String(200), _doc_fk(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
    )
    op.create_index("ix_mentions_entity_id", "mentions", ["entity_id"])
    op.create_index("ix_mentions_doc_id", "mentions", ["doc_id"])

    op.create_table(
        "amounts",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("doc_id", sa.String(200), _doc_fk(), nullable=False),
        sa.Column("idx", sa.Integer(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("value", sa.Float()),
        sa.Column("unit", sa.String(16)),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("qualifier", sa.Text()),
        sa.Column("noun", sa.Text()),
    )
    op.create_index("ix_amounts_doc_id", "amounts", ["doc_id"])
    op.create_index("ix_amounts_value", "amounts", ["value"])

    op.create_table(
        "dates",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("doc_id", sa.String(200), _doc_fk(), nullable=False),
        sa.Column("idx", sa.Integer(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("value", sa.String(32)),
        sa.Column("granularity", sa.String(16)),
        sa.Column("relative", sa.Boolean(), nullable=False),
        sa.Column("calendar", sa.String(16), nullable=False),
    )
    op.create_index("ix_dates_doc_id", "dates", ["doc_id"])

    actor_fk = lambda: sa.ForeignKey("actors.id")  # noqa: E731
    op.create_table(
        "events",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("doc_id", sa.String(200), _doc_fk(), nullable=False),
        sa.Column("local_id", sa.String(64), nullable=False),
        sa.Column("type", sa.String(32), nullable=False),
        sa.Column("mode", sa.String(64)),
        sa.Column("modality", sa.String(16), nullable=False),
        sa.Column("negated", sa.Boolean(), nullable=False),
        sa.Column("contexts", Json, nullable=False),
        sa.Column("source_actor_id", sa.Integer(), actor_fk()),
        sa.Column("target_actor_id", sa.Integer(), actor_fk()),
        sa.Column("location_actor_id", sa.Integer(), actor_fk()),
        sa.Column("attributed_actor_id", sa.Integer(), actor_fk()),
        sa.Column("date_idx", sa.Integer()),
        sa.Column("amount_idx", sa.Integer()),
        sa.Column("when", sa.String(32)),
        sa.Column("amount_value", sa.Float()),
        sa.Column("amount_unit", sa.String(16)),
        sa.Column("trigger_start", sa.Integer(), nullable=False),
        sa.Column("trigger_end", sa.Integer(), nullable=False),
        sa.Column("trigger_text", sa.Text(), nullable=False),
        sa.Column("evidence_start", sa.Integer(), nullable=False),
        sa.Column("evidence_end", sa.Integer(), nullable=False),
        sa.Column("evidence_text", sa.Text(), nullable=False),
        sa.UniqueConstraint("doc_id", "local_id", name="uq_events_doc_local"),
    )
    op.create_index("ix_events_doc_id", "events", ["doc_id"])
    op.create_index("ix_events_type_when", "events", ["type", "when"])
    op.create_index("ix_events_modality", "events", ["modality"])
    for role in ("source", "target", "location", "attributed"):
        op.create_index(f"ix_events_{role}_actor_id", "events", [f"{role}_actor_id"])

    op.create_table(
        "document_search",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("doc_id", sa.String(200), _doc_fk(), nullable=False, unique=True),
        sa.Column("body", sa.Text(), nullable=False),
    )
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        # The 'simple' configuration only lower-cases: the body is already normalised and
        # clitic-split by Rasd, which no PostgreSQL dictionary knows how to do for Arabic.
        op.execute(
            "ALTER TABLE document_search ADD COLUMN tsv tsvector "
            "GENERATED ALWAYS AS (to_tsvector('simple', body)) STORED"
        )
        op.execute("CREATE INDEX ix_document_search_tsv ON document_search USING gin (tsv)")
    elif dialect == "sqlite":
        # External-content FTS5 over document_search(body); triggers keep it in step.
        # remove_diacritics 0: the body is already folded by rasd.normalize.
        op.execute(
            "CREATE VIRTUAL TABLE document_fts USING fts5(body, content='document_search', "
            "content_rowid='id', tokenize='unicode61 remove_diacritics 0')"
        )
        op.execute(
            "CREATE TRIGGER document_search_ai AFTER INSERT ON document_search BEGIN "
            "INSERT INTO document_fts(rowid, body) VALUES (new.id, new.body); END"
        )
        op.execute(
            "CREATE TRIGGER document_search_ad AFTER DELETE ON document_search BEGIN "
            "INSERT INTO document_fts(document_fts, rowid, body) VALUES ('delete', old.id, old.body); END"
        )
        op.execute(
            "CREATE TRIGGER document_search_au AFTER UPDATE ON document_search BEGIN "
            "INSERT INTO document_fts(document_fts, rowid, body) VALUES ('delete', old.id, old.body); "
            "INSERT INTO document_fts(rowid, body) VALUES (new.id, new.body); END"
        )


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for trigger in ("document_search_ai", "document_search_ad", "document_search_au"):
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        op.execute("DROP TABLE IF EXISTS document_fts")
    for table in ("document_search", "events", "dates", "amounts", "mentions", "entities", "actors", "documents"):
        op.drop_table(table)
