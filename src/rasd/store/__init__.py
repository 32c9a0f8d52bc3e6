"""Storage of extracted documents: SQLite or PostgreSQL, Alembic migrations, full-text search.

    store = open_store("news.db")               # or "postgresql+psycopg://user@host/db"; None: ./rasd.db
    store.save(docs)                            # one transaction; a stored id is replaced whole
    store.get(doc_id)                           # the Document as saved
    store.search("تسلا", type="AGREE", since="2024")   # ranked hits with highlighted snippets
    store.events(actor="Tesla", newest_first=False)    # an actor's timeline
    store.actors("أرامكو"); store.actor(actor_id)       # actors, and one with its network
    store.stats(); store.events_over_time()

Search matches the normalised, clitic-split copy of each article (`rasd.store.searchtext`), so
"تسلا", "وتسلا" and "تيسلا" find the same articles on both databases; filters are `Filters`.
"""

from __future__ import annotations

from rasd.store.core import DEFAULT_DB, Store, StoreError, open_store, resolve_url
from rasd.store.query import Filters, QueryError, SearchHit, SearchResult

__all__ = [
    "DEFAULT_DB", "Filters", "QueryError", "SearchHit", "SearchResult", "Store", "StoreError", "open_store", "resolve_url",
]
