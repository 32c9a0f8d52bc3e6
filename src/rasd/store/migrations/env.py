"""Alembic environment for the Rasd store, run programmatically by `rasd.store.open_store`.

The caller passes an open connection in ``config.attributes["connection"]``; running ``alembic``
from a shell with ``-x url=...`` also works for maintenance.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from rasd.store.models import Base

config = context.config
target_metadata = Base.metadata


def _run(connection) -> None:  # type: ignore[no-untyped-def]
    context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:  # pragma: no cover - command-line use
    url = context.get_x_argument(as_dictionary=True).get("url") or config.get_main_option("sqlalchemy.url")
    engine = create_engine(url)
    with engine.begin() as conn:
        _run(conn)
