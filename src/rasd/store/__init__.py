"""Storage of extracted documents: SQLite or PostgreSQL, Alembic migrations, full-text search.

    store = open_store("news.db")          # or "postgresql+psycopg://user@host/db"
    store.save(docs)                       # one transaction; same id -> replaced
    store.get(doc_id)                      # the Document as saved
    store.search("تسلا", type="AGREE")      # Arabic-aware full-text search with filters
"""

from __future__ import annotations

from rasd.store.core import DEFAULT_DB, Store, StoreError, open_store, resolve_url
from rasd.store.query import Filters, QueryError, SearchHit, SearchResult

__all__ = [
    "DEFAULT_DB", "Filters", "QueryError", "SearchHit", "SearchResult", "Store", "StoreError", "open_store", "resolve_url",
]
