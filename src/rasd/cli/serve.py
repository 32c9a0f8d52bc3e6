"""`rasd serve`: the HTTP API and the dashboard."""

from __future__ import annotations

from typing import Optional

import typer

from rasd.cli import app


@app.command()
def serve(
    db: Optional[str] = typer.Option(None, "--db", envvar="RASD_DB", help="Store: SQLite file or SQLAlchemy URL (default ./rasd.db)."),
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on."),
    port: int = typer.Option(8000, "--port", min=1, max=65535),
) -> None:
    """Serve the JSON API (docs at /docs) and the Arabic dashboard (at /).

    Writes (POST /api/documents) need `Authorization: Bearer <token>` with the token set in the
    RASD_API_TOKEN environment variable; with no token set, writes are refused.
    """
    try:
        import uvicorn

        from rasd.api import create_app
    except ImportError as exc:  # pragma: no cover - the server extra is missing
        typer.echo(f"error: {exc}; install the server extra: pip install 'rasd[server]'", err=True)
        raise typer.Exit(1) from None
    from rasd.store import StoreError

    try:
        app_ = create_app(db)  # opens (and migrates) the store; closes it when the server stops
    except StoreError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from None
    typer.echo(f"Rasd on http://{host}:{port}/  (API docs: /docs, store: {app_.state.store.url})", err=True)
    uvicorn.run(app_, host=host, port=port, log_level="info")
