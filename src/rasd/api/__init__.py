"""The HTTP API (FastAPI) and, on the same app, the dashboard.

    from rasd.api import create_app
    app = create_app("news.db")          # or a Store; `rasd serve` does this

Read endpoints under ``/api`` are open; ``POST /api/documents`` extracts and stores an article and
needs ``Authorization: Bearer <token>`` matching the ``RASD_API_TOKEN`` environment variable (with
no token configured, writes are refused). Errors are JSON: ``{"error": message, "status": code}``.
"""

from rasd.api.app import MAX_BODY_BYTES, create_app

__all__ = ["MAX_BODY_BYTES", "create_app"]
