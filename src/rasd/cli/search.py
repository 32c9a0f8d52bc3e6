"""`rasd search`: Arabic-aware full-text search over a store, with the same filters as the API."""

from __future__ import annotations

import json
from typing import Optional

import typer

from rasd.cli import app


@app.command()
def search(
    query: str = typer.Argument("", help="Words to find (all must match), in any spelling: تسلا, وتسلا, تيسلا."),
    db: Optional[str] = typer.Option(None, "--db", envvar="RASD_DB", help="Store: SQLite file or SQLAlchemy URL (default ./rasd.db)."),
    actor: Optional[str] = typer.Option(None, "--actor", help="Actor id, key (kb:Q478214) or name."),
    type: Optional[str] = typer.Option(None, "--type", help="PLOVER event type, e.g. AGREE."),
    modality: Optional[str] = typer.Option(None, "--modality", help="asserted, planned, reported or denied."),
    country: Optional[str] = typer.Option(None, "--country", help="Country of an actor in the article."),
    since: Optional[str] = typer.Option(None, "--since", help="Published on or after YYYY[-MM[-DD]]."),
    until: Optional[str] = typer.Option(None, "--until", help="Published on or before YYYY[-MM[-DD]]."),
    min_amount: Optional[float] = typer.Option(None, "--min-amount", help="An amount in the article at least this."),
    max_amount: Optional[float] = typer.Option(None, "--max-amount", help="An amount in the article at most this."),
    limit: int = typer.Option(20, "--limit", min=1, max=200),
    offset: int = typer.Option(0, "--offset", min=0),
    as_json: bool = typer.Option(False, "--json", help="Print the result as JSON."),
) -> None:
    """Search stored articles: ranked results with highlighted snippets."""
    from rich.console import Console
    from rich.text import Text

    from rasd.store import Filters, QueryError, StoreError, open_store

    console = Console()
    try:
        filters = Filters(actor=actor, type=type, modality=modality, country=country, since=since, until=until,
                          min_amount=min_amount, max_amount=max_amount)
    except QueryError as exc:
        console.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from None
    try:
        store = open_store(db)
    except StoreError as exc:
        console.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(1) from None
    try:
        result = store.search(query, filters, limit=limit, offset=offset)
    finally:
        store.close()
    if as_json:
        print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
        return
    console.print(f"{result.total} result(s)" + (f" for «{query}»" if query else ""))
    for n, hit in enumerate(result.hits, start=offset + 1):
        head = Text(f"{n}. ", style="bold")
        head.append(hit.title or hit.id, style="bold")
        head.append(f"  [{hit.id}]", style="dim")
        if hit.published:
            head.append(f"  {hit.published}", style="cyan")
        console.print(head)
        snip = hit.snippet
        line = Text(snip["text"].replace("\n", " "))
        for start, end in snip["highlights"]:
            line.stylize("bold yellow", start - snip["start"], end - snip["start"])
        console.print(line)
