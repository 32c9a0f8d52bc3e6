"""Near-duplicate clusters of documents and the events merged across each cluster's copies.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23

``doc_clusters`` keeps each document's MinHash signature (so a later ingest can link new copies
to stories already stored without re-reading them) and the id of its cluster (the id of the
cluster's first document). ``merged_events`` holds one row per event reported by several copies,
with the number of copies and publishers and every evidence span (JSON).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

Json = sa.JSON().with_variant(JSONB(), "postgresql")


def upgrade() -> None:
    op.create_table(
        "doc_clusters",
        sa.Column("doc_id", sa.String(200), sa.ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("cluster_id", sa.String(200), nullable=False),
        sa.Column("signature", sa.LargeBinary(), nullable=True),
    )
    op.create_index("ix_doc_clusters_cluster_id", "doc_clusters", ["cluster_id"])
    op.create_index("ix_doc_clusters_seq", "doc_clusters", ["seq"])
    op.create_table(
        "merged_events",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("cluster_id", sa.String(200), nullable=False),
        sa.Column("type", sa.String(32), nullable=False),
        sa.Column("source_key", sa.String(400)),
        sa.Column("target_key", sa.String(400)),
        sa.Column("source_name", sa.Text()),
        sa.Column("target_name", sa.Text()),
        sa.Column("modality", sa.String(16), nullable=False),
        sa.Column("negated", sa.Boolean(), nullable=False),
        sa.Column("date", sa.String(32)),
        sa.Column("amount_value", sa.Float()),
        sa.Column("amount_unit", sa.String(16)),
        sa.Column("document_count", sa.Integer(), nullable=False),
        sa.Column("source_count", sa.Integer(), nullable=False),
        sa.Column("data", Json, nullable=False),
    )
    op.create_index("ix_merged_events_cluster_id", "merged_events", ["cluster_id"])
    op.create_index("ix_merged_events_type", "merged_events", ["type"])


def downgrade() -> None:
    op.drop_table("merged_events")
    op.drop_table("doc_clusters")
