"""Export events as flat rows (JSON Lines, CSV or Parquet) for pandas or a spreadsheet.

One row per event: the document, the PLOVER type/mode/contexts with the CAMEO root code, the
modality, every actor's name, English name and KB id, the date value, the amount, and the
trigger and evidence text with their offsets into the document text.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any, Iterable, Iterator

from rasd.document import Document, Event
from rasd.events.lexicon import cameo_code
from rasd.events.ontology import cameo_root

FORMATS = ("jsonl", "csv", "parquet")

COLUMNS = (
    "doc_id", "url", "published", "event_id", "type", "cameo_root", "cameo_code", "mode", "contexts",
    "modality", "negated",
    "source", "source_en", "source_kb_id", "source_type",
    "target", "target_en", "target_kb_id", "target_type",
    "location", "location_en", "location_kb_id",
    "attributed_to", "attributed_to_en",
    "date_text", "date_value", "amount_text", "amount_value", "amount_unit",
    "trigger_text", "trigger_start", "trigger_end", "evidence_text", "evidence_start", "evidence_end",
)


def _actor(doc: Document, entity_id: str | None, prefix: str, with_type: bool = True) -> dict[str, Any]:
    e = doc.entity(entity_id)
    row = {prefix: e.name if e else None, f"{prefix}_en": e.name_en if e else None}
    if prefix in ("source", "target", "location"):
        row[f"{prefix}_kb_id"] = e.kb_id if e else None
    if with_type:
        row[f"{prefix}_type"] = e.type if e else None
    return row


def event_row(doc: Document, ev: Event) -> dict[str, Any]:
    """One flat row for one event of a document."""
    date = doc.dates[ev.date] if ev.date is not None and 0 <= ev.date < len(doc.dates) else None
    amount = doc.amounts[ev.amount] if ev.amount is not None and 0 <= ev.amount < len(doc.amounts) else None
    row: dict[str, Any] = {
        "doc_id": doc.id,
        "url": doc.url,
        "published": doc.published,
        "event_id": ev.id,
        "type": ev.type,
        "cameo_root": cameo_root(ev.type),
        "cameo_code": cameo_code(ev.type, ev.trigger.text),
        "mode": ev.mode,
        "contexts": ";".join(ev.contexts),
        "modality": ev.modality,
        "negated": ev.negated,
    }
    row.update(_actor(doc, ev.source, "source"))
    row.update(_actor(doc, ev.target, "target"))
    row.update(_actor(doc, ev.location, "location", with_type=False))
    row.update(_actor(doc, ev.attributed_to, "attributed_to", with_type=False))
    row.update(
        {
            "date_text": date.text if date else None,
            "date_value": date.value if date else None,
            "amount_text": amount.text if amount else None,
            "amount_value": amount.value if amount else None,
            "amount_unit": amount.unit if amount else None,
            "trigger_text": ev.trigger.text,
            "trigger_start": ev.trigger.start,
            "trigger_end": ev.trigger.end,
            "evidence_text": ev.evidence.text,
            "evidence_start": ev.evidence.start,
            "evidence_end": ev.evidence.end,
        }
    )
    return {c: row.get(c) for c in COLUMNS}


def event_rows(docs: Iterable[Document]) -> Iterator[dict[str, Any]]:
    """Rows for every event of every document, streamed."""
    for doc in docs:
        for ev in doc.events:
            yield event_row(doc, ev)


def export_events(docs: Iterable[Document], fmt: str, out_path: str | Path) -> int:
    """Write the events of ``docs`` to ``out_path`` as ``jsonl``, ``csv`` or ``parquet``.

    Returns the number of rows written. CSV is UTF-8 with a byte-order mark so spreadsheet
    programs show Arabic correctly. Parquet needs pyarrow (the ``scale`` extra).
    """
    fmt = fmt.lower()
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    out = Path(out_path)
    n = 0
    if fmt == "jsonl":
        with out.open("w", encoding="utf-8") as f:
            for row in event_rows(docs):
                f.write(json.dumps(row, ensure_ascii=False) + "\n")
                n += 1
        return n
    if fmt == "csv":
        with out.open("w", encoding="utf-8-sig", newline="") as f:
            w = csv.DictWriter(f, fieldnames=list(COLUMNS))
            w.writeheader()
            for row in event_rows(docs):
                w.writerow({k: ("" if v is None else v) for k, v in row.items()})
                n += 1
        return n
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:  # pragma: no cover - depends on the installed extras
        raise RuntimeError("parquet export needs pyarrow: pip install 'rasd[scale]'") from exc
    rows = list(event_rows(docs))
    schema = pa.schema(
        [
            (c, pa.int64() if c.endswith(("_start", "_end")) else pa.float64() if c == "amount_value"
             else pa.bool_() if c == "negated" else pa.string())
            for c in COLUMNS
        ]
    )
    cols = {c: [r[c] if not (c == "amount_value" and r[c] is not None) else float(r[c]) for r in rows] for c in COLUMNS}
    pq.write_table(pa.Table.from_pydict(cols, schema=schema), out)
    return len(rows)


def events_csv(docs: Iterable[Document]) -> str:
    """The CSV export as a string (for small batches and tests)."""
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=list(COLUMNS))
    w.writeheader()
    for row in event_rows(docs):
        w.writerow({k: ("" if v is None else v) for k, v in row.items()})
    return buf.getvalue()


# -- a data lake: Parquet partitioned by publication day (added for `rasd.distributed`) ----------


def events_schema():  # type: ignore[no-untyped-def]
    """The Arrow schema of event rows (the same column types as `export_events` writes)."""
    import pyarrow as pa

    return pa.schema(
        [
            (c, pa.int64() if c.endswith(("_start", "_end")) else pa.float64() if c == "amount_value"
             else pa.bool_() if c == "negated" else pa.string())
            for c in COLUMNS
        ]
    )


def write_partitions(rows: Iterable[dict[str, Any]], schema: Any, out_dir: str | Path, part: str) -> int:
    """Write rows as Hive-style partitions by publication day.

    ``out_dir/published=YYYY-MM-DD/part-<part>.parquet`` (``published=unknown`` for undated
    rows); the ``published`` column lives in the folder name, as Spark, DuckDB, pandas and
    `pyarrow.dataset` expect. Each file is written under a temporary name and renamed, so a
    reader or a killed writer never sees half a file. Returns the number of rows written.
    """
    import os

    import pyarrow as pa
    import pyarrow.parquet as pq

    by_day: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        day = str(row.get("published") or "unknown")[:10]
        by_day.setdefault(day, []).append(row)
    columns = [f for f in schema if f.name != "published"]
    file_schema = pa.schema(columns)
    n = 0
    for day, day_rows in sorted(by_day.items()):
        folder = Path(out_dir) / f"published={day}"
        folder.mkdir(parents=True, exist_ok=True)
        data = {
            f.name: [_lake_float(r.get(f.name)) if f.type == pa.float64() else r.get(f.name) for r in day_rows]
            for f in columns
        }
        final = folder / f"part-{part}.parquet"
        tmp = folder / f".part-{part}.parquet.tmp"
        pq.write_table(pa.Table.from_pydict(data, schema=file_schema), tmp)
        os.replace(tmp, final)
        n += len(day_rows)
    return n


def _lake_float(value: Any) -> float | None:
    """A float Parquet can hold; None for a number too large for a double (a 500-digit count)."""
    import math

    try:
        f = float(value)
    except (TypeError, ValueError, OverflowError):
        return None
    return f if math.isfinite(f) else None


def export_events_partitioned(docs: Iterable[Document], out_dir: str | Path, part: str = "0") -> int:
    """The events of ``docs`` as a Parquet data lake partitioned by publication day."""
    return write_partitions(event_rows(docs), events_schema(), out_dir, part)
