"""Core commands: extract, ingest, show, stats, eval, demo, version."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Iterable, List, Optional

import typer
from rich.console import Console
from rich.table import Table

from rasd.cli import app
from rasd.document import Document
from rasd.ingest import Skipped
from rasd.ingest.readers import DEFAULT_MAX_BYTES

DEFAULT_DB = "rasd.db"
err = Console(stderr=True)

DbOption = typer.Option(None, "--db", help="SQLite file or SQLAlchemy URL [default: $RASD_DB or ./rasd.db]")
PublishedOption = typer.Option(
    None, "--published", help="Publication date (YYYY-MM-DD) for articles that do not carry one"
)
MaxBytesOption = typer.Option(DEFAULT_MAX_BYTES, "--max-bytes", help="Skip articles larger than this")


def db_url(db: Optional[str]) -> str:
    return db or os.environ.get("RASD_DB") or DEFAULT_DB


def _check_published(published: Optional[str]) -> Optional[str]:
    from rasd.ingest.records import normalize_published

    if published is None:
        return None
    value = normalize_published(published)
    if value is None:
        raise typer.BadParameter(f"{published!r} is not a date (YYYY-MM-DD)", param_hint="--published")
    return value


def _layer_tables(doc: Document) -> list[Table]:
    """Human-readable tables of a document's layers."""
    names = {e.id: e.name_en or e.name for e in doc.entities}
    tables = []
    t = Table(title=f"{doc.id}  {doc.title or ''}  {doc.published or ''}".strip(), show_lines=False)
    t.add_column("entity")
    t.add_column("type")
    t.add_column("English")
    t.add_column("kb")
    t.add_column("mentions", justify="right")
    for e in doc.entities:
        t.add_row(e.name, e.type, e.name_en or "", e.kb_id or "", str(len(e.mentions)))
    tables.append(t)
    if doc.amounts:
        a = Table(title="amounts")
        for col in ("text", "value", "unit", "qualifier"):
            a.add_column(col)
        for x in doc.amounts:
            a.add_row(x.text, f"{x.value:,}" if x.value is not None else "", x.unit or "", x.qualifier or "")
        tables.append(a)
    if doc.dates:
        d = Table(title="dates")
        for col in ("text", "value", "granularity"):
            d.add_column(col)
        for x in doc.dates:
            d.add_row(x.text, x.value or "", x.granularity or "")
        tables.append(d)
    if doc.events:
        ev = Table(title="events")
        for col in ("type", "source", "target", "modality", "trigger"):
            ev.add_column(col)
        for x in doc.events:
            ev.add_row(x.type, names.get(x.source or "", ""), names.get(x.target or "", ""), x.modality, x.trigger.text)
        tables.append(ev)
    return tables


def _report_skipped(skipped: Iterable[Skipped]) -> None:
    for s in skipped:
        err.print(f"[yellow]skipped[/yellow] {s.source}: {s.reason}", highlight=False, soft_wrap=True)


@app.command()
def extract(
    inputs: List[str] = typer.Argument(..., help="Files, folders (recursive), or - for stdin"),
    fmt: str = typer.Option("jsonl", "--format", "-f", help="jsonl | json | table"),
    published: Optional[str] = PublishedOption,
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="Write here instead of standard output"),
    max_bytes: int = MaxBytesOption,
) -> None:
    """Extract articles and print one JSON document per article (or a table)."""
    from rasd.batch import iter_extracted

    if fmt not in ("jsonl", "json", "table"):
        raise typer.BadParameter("use jsonl, json or table", param_hint="--format")
    published = _check_published(published)
    stream = out.open("w", encoding="utf-8") if out else sys.stdout
    console = Console(file=stream) if fmt == "table" else None
    skipped: list[Skipped] = []
    n = 0
    collected: list[dict] = []
    try:
        for item in iter_extracted(inputs, published, max_bytes):
            if isinstance(item, Skipped):
                skipped.append(item)
                continue
            n += 1
            if fmt == "jsonl":
                stream.write(json.dumps(item.to_dict(), ensure_ascii=False) + "\n")
            elif fmt == "json":
                collected.append(item.to_dict())
            else:
                for table in _layer_tables(item):
                    console.print(table)
        if fmt == "json":
            json.dump(collected, stream, ensure_ascii=False, indent=2)
            stream.write("\n")
    finally:
        if out:
            stream.close()
    _report_skipped(skipped)
    err.print(f"{n} extracted, {len(skipped)} skipped", highlight=False)
    if n == 0 and skipped:
        raise typer.Exit(1)


def _print_summary(summary, db: str) -> None:  # type: ignore[no-untyped-def]
    t = Table(title=f"ingest into {db}")
    t.add_column("result")
    t.add_column("articles", justify="right")
    t.add_row("stored", str(summary.stored))
    t.add_row("unchanged", str(summary.unchanged))
    if getattr(summary, "filtered", 0):
        t.add_row("before --since or undated", str(summary.filtered))
    t.add_row("skipped", str(len(summary.skipped)))
    for reason, count in sorted(summary.skip_reasons.items()):
        t.add_row(f"  {reason}", str(count))
    t.add_row("seconds", f"{summary.seconds:.1f}")
    err.print(t)


@app.command()
def ingest(
    inputs: List[str] = typer.Argument(..., help="Files, folders (recursive), or - for stdin"),
    db: Optional[str] = DbOption,
    published: Optional[str] = PublishedOption,
    max_bytes: int = MaxBytesOption,
    chunk_size: int = typer.Option(50, "--chunk-size", help="Documents written per transaction"),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar"),
    workers: int = typer.Option(0, "--workers", "-w", help="Extraction processes [default: all cores]"),
    dask: Optional[str] = typer.Option(
        None, "--dask", help="Run on a Dask cluster: a scheduler address (tcp://host:8786) or 'local'"
    ),
    since: Optional[str] = typer.Option(None, "--since", help="Only articles published on or after this date (YYYY-MM-DD)"),
    dedup: bool = typer.Option(False, "--dedup", help="Link near-duplicate copies into clusters and merge their events"),
) -> None:
    """Extract articles and store them; re-running skips what is stored and finishes the rest.

    Inputs: text and HTML files, JSONL dumps (also .gz/.bz2/.zst), WARC/ARC crawls, saved RSS/Atom
    feeds (with the pages their items link to). With --dask, --db may also be parquet:DIR (a data
    lake partitioned by publication day).
    """
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn, TimeRemainingColumn

    from rasd.batch import count_records_in_background, run_ingest

    published = _check_published(published)
    if since is not None:
        from rasd.ingest.records import normalize_published

        since = normalize_published(since)
        if since is None:
            raise typer.BadParameter("not a date (YYYY-MM-DD)", param_hint="--since")
    url = db_url(db)
    if url.startswith("parquet:") and dask is None:
        raise typer.BadParameter("a Parquet lake (parquet:DIR) is written by --dask runs; use --dask local on one machine", param_hint="--db")
    columns = (
        SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
        TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn(),
    )
    with Progress(*columns, console=err, disable=quiet, transient=True) as progress:
        task = progress.add_task("reading", total=None)

        def on_progress(summary, source: str) -> None:  # type: ignore[no-untyped-def]
            rate = summary.done / summary.seconds if summary.seconds > 0 else 0.0
            name = Path(source.split("@")[0]).name if source else ""
            progress.update(task, completed=summary.done, description=f"{rate:.1f} articles/s {name}")

        if not quiet:
            count_records_in_background(inputs, lambda n: progress.update(task, total=n))
        try:
            if dask is not None:
                from rasd.distributed import run_dask

                if dedup and url.startswith("parquet:"):
                    raise typer.BadParameter("near-duplicate clusters are kept in a store, not in a Parquet lake", param_hint="--dedup")

                summary = run_dask(
                    inputs, url, dask, published, since, chunk_size, max_bytes, workers=workers or None,
                    on_progress=on_progress,
                )
                if dedup:
                    # The workers write in parallel; the copies are linked after, in one pass.
                    progress.update(task, description="linking near-duplicates")
                    _link_near_duplicates(url)
            else:
                from rasd.store import open_store

                store = open_store(url)
                try:
                    summary = run_ingest(
                        inputs, store, published, max_bytes, chunk_size, on_progress=on_progress,
                        workers=workers, since=since, keep_ids=False, dedup=dedup,
                    )
                finally:
                    store.close()
        except KeyboardInterrupt:
            err.print("[yellow]interrupted[/yellow]: every chunk written so far is stored; run the same command again to finish")
            raise typer.Exit(130)
    _report_skipped(summary.skipped)
    _print_summary(summary, url)


def _link_near_duplicates(url: str) -> int:
    from rasd.dedup import link_stored
    from rasd.store import open_store

    with open_store(url) as store:
        return link_stored(store)


@app.command()
def dedup(db: Optional[str] = DbOption) -> None:
    """Link near-duplicate copies among stored documents not yet clustered (stored by a --dask run or
    without --dedup) and merge their events."""
    url = db_url(db)
    linked = _link_near_duplicates(url)
    typer.echo(f"linked {linked} document(s) into near-duplicate clusters in {url}")


@app.command()
def show(
    doc_id: str = typer.Argument(..., help="Document id"),
    db: Optional[str] = DbOption,
    fmt: str = typer.Option("table", "--format", "-f", help="table | json"),
) -> None:
    """Show a stored document with its layers."""
    from rasd.store import open_store

    store = open_store(db_url(db))
    try:
        doc = store.get(doc_id)
    finally:
        store.close()
    if doc is None:
        err.print(f"no document {doc_id!r} in {db_url(db)}")
        raise typer.Exit(1)
    if fmt == "json":
        print(json.dumps(doc.to_dict(), ensure_ascii=False, indent=2))
        return
    console = Console()
    console.print(doc.text, highlight=False)
    for table in _layer_tables(doc):
        console.print(table)


@app.command()
def stats(db: Optional[str] = DbOption, as_json: bool = typer.Option(False, "--json")) -> None:
    """Counts of what the store holds."""
    from rasd.store import open_store

    store = open_store(db_url(db))
    try:
        data = store.stats()
    finally:
        store.close()
    if as_json:
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return
    t = Table(title=f"store {db_url(db)}")
    t.add_column("what")
    t.add_column("count", justify="right")
    for k, v in data.items():
        if isinstance(v, dict):
            for k2, v2 in v.items():
                t.add_row(f"{k}: {k2}", str(v2))
        else:
            t.add_row(k, str(v))
    Console().print(t)


@app.command("eval")
def eval_command(
    gold_dir: Path = typer.Argument(..., help="A folder of gold files (*.json, see shared/eval/FORMAT.md)"),
    as_json: bool = typer.Option(False, "--json", help="Print the scores as JSON"),
) -> None:
    """Extract every gold file's text and score the result (P/R/F1 with tp/pred/gold counts)."""
    from rasd.evaluate import evaluate, format_table

    if not gold_dir.is_dir():
        raise typer.BadParameter(f"{gold_dir} is not a folder", param_hint="GOLD_DIR")
    report = evaluate(gold_dir)
    if as_json:
        print(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(format_table(report))


@app.command()
def demo(db: Optional[str] = DbOption) -> None:
    """Extract the bundled sample articles into the database and show what was found."""
    from rasd.batch import run_ingest
    from rasd.resources import data_path
    from rasd.store import open_store

    url = db_url(db)
    samples = data_path("samples")
    store = open_store(url)
    try:
        summary = run_ingest([str(samples)], store)
        console = Console()
        for doc_id in summary.ids:
            doc = store.get(doc_id)
            if doc is None:
                continue
            console.rule(doc.title or doc.id)
            for table in _layer_tables(doc):
                console.print(table)
        _print_summary(summary, url)
        console.print(f"Stored in {url}. Next: rasd show ID --db {url}, rasd stats --db {url}.", highlight=False)
    finally:
        store.close()


@app.command()
def version() -> None:
    """Print Rasd's version."""
    import rasd

    print(rasd.__version__)


@app.command()
def export(
    out: Path = typer.Argument(..., help="Output file (jsonl, csv, parquet), or a folder for --partitioned"),
    fmt: str = typer.Option("jsonl", "--format", "-f", help="jsonl | csv | parquet"),
    db: Optional[str] = DbOption,
    since: Optional[str] = typer.Option(None, "--since", help="Only articles published on or after YYYY-MM-DD"),
    until: Optional[str] = typer.Option(None, "--until", help="Only articles published on or before YYYY-MM-DD"),
    partitioned: bool = typer.Option(
        False, "--partitioned", help="Parquet data lake: OUT/events/published=YYYY-MM-DD/ (implies --format parquet)"
    ),
) -> None:
    """Export the stored events as flat rows with PLOVER and CAMEO codes (pandas, spreadsheets, data lakes)."""
    from rasd.export import FORMATS, export_events, export_events_partitioned
    from rasd.store import open_store

    if fmt not in FORMATS:
        raise typer.BadParameter(f"use one of {', '.join(FORMATS)}", param_hint="--format")
    since, until = _check_published(since), _check_published(until)
    store = open_store(db_url(db))
    try:
        docs = store.iter_documents(since=since, until=until)
        if partitioned:
            n = export_events_partitioned(docs, out)
        else:
            n = export_events(docs, fmt, out)
    finally:
        store.close()
    err.print(f"{n} events written to {out}", highlight=False)
