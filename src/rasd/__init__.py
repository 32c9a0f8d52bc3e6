"""Rasd (رصد): who did what with whom, when, where and for how much, from Arabic news."""

from __future__ import annotations

__version__ = "0.1.0"

from rasd.document import Amount, DateExpr, Document, Entity, Event, Span, Token  # noqa: E402
from rasd.pipeline import extract  # noqa: E402


def open_store(url: str | None = None):  # type: ignore[no-untyped-def]
    """Open (and migrate) a store: a SQLite path or an SQLAlchemy URL. See `rasd.store.Store`."""
    from rasd.store import open_store as _open

    return _open(url)


__all__ = ["Amount", "DateExpr", "Document", "Entity", "Event", "Span", "Token", "extract", "open_store", "__version__"]
