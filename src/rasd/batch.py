"""Batches: read inputs, extract, and store, reporting what was stored, unchanged or skipped.

A bad input never stops a batch: it becomes a `Skipped` with its reason. Documents are written in
chunks, each in one transaction, so an interrupted ingest leaves a consistent store; a re-run
skips what is already stored with the same content and Rasd version, and finishes the rest.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable, Iterable, Iterator

import rasd
from rasd.document import Document
from rasd.ingest import RawRecord, Skipped, read_inputs
from rasd.ingest.readers import DEFAULT_MAX_BYTES
from rasd.pipeline import DEFAULT_PIPELINE, Pipeline, build_document

if TYPE_CHECKING:  # pragma: no cover
    from rasd.store import Store


@dataclass
class BatchSummary:
    stored: int = 0
    unchanged: int = 0
    extracted: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    ids: list[str] = field(default_factory=list)  # documents stored or found unchanged, in input order
    started: float = field(default_factory=time.monotonic)

    @property
    def seconds(self) -> float:
        return time.monotonic() - self.started

    @property
    def skip_reasons(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for s in self.skipped:
            key = s.reason.split(":")[0]
            counts[key] = counts.get(key, 0) + 1
        return counts

    def to_dict(self) -> dict:
        return {
            "stored": self.stored,
            "unchanged": self.unchanged,
            "extracted": self.extracted,
            "skipped": [{"source": s.source, "reason": s.reason} for s in self.skipped],
            "seconds": round(self.seconds, 3),
        }


def prepare(record: RawRecord, published: str | None) -> Document | Skipped:
    """Clean a record into a layer-less Document, or say why it cannot be."""
    try:
        return build_document(record, published)
    except ValueError as e:  # EmptyDocument, HtmlError
        return Skipped(record.source, str(e))
    except Exception as e:  # noqa: BLE001 - one broken article must not stop the batch
        return Skipped(record.source, f"unreadable: {type(e).__name__}: {e}")


def run_pipeline(doc: Document, pipeline: Pipeline = DEFAULT_PIPELINE) -> Document | Skipped:
    try:
        return pipeline(doc)
    except Exception as e:  # noqa: BLE001
        return Skipped(doc.source or doc.id, f"extraction failed: {type(e).__name__}: {e}")


def iter_extracted(
    inputs: Iterable[str],
    published: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    pipeline: Pipeline = DEFAULT_PIPELINE,
) -> Iterator[Document | Skipped]:
    """Extract every article of the inputs, in order; skipped inputs come out as `Skipped`."""
    for record in read_inputs(inputs, max_bytes):
        if isinstance(record, Skipped):
            yield record
            continue
        doc = prepare(record, published)
        yield doc if isinstance(doc, Skipped) else run_pipeline(doc, pipeline)


def run_ingest(
    inputs: Iterable[str],
    store: "Store",
    published: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    chunk_size: int = 50,
    pipeline: Pipeline = DEFAULT_PIPELINE,
    on_progress: Callable[[BatchSummary, str], None] | None = None,
) -> BatchSummary:
    """Extract and store; documents already stored with the same content and version are skipped."""
    summary = BatchSummary()
    pending: list[Document] = []
    seen: dict[str, str] = {}

    def flush() -> None:
        if not pending:
            return
        known = store.known([d.id for d in pending])
        to_save = []
        for doc in pending:
            stored = known.get(doc.id)
            summary.ids.append(doc.id)
            if stored == (doc.content_hash, rasd.__version__):
                summary.unchanged += 1
                continue
            result = run_pipeline(doc, pipeline)
            if isinstance(result, Skipped):
                summary.ids.remove(doc.id)
                summary.skipped.append(result)
            else:
                summary.extracted += 1
                to_save.append(result)
        if to_save:
            store.save(to_save)
            summary.stored += len(to_save)
        pending.clear()

    for record in read_inputs(inputs, max_bytes):
        source = record.source
        if not isinstance(record, Skipped):
            record = prepare(record, published)
        if isinstance(record, Skipped):
            summary.skipped.append(record)
        elif seen.get(record.id) == record.content_hash:
            summary.unchanged += 1  # the same article twice in one run
        else:
            if record.id in seen:
                flush()  # a newer text under the same id replaces the one already pending
            seen[record.id] = record.content_hash
            pending.append(record)
            if len(pending) >= chunk_size:
                flush()
        if on_progress:
            on_progress(summary, source)
    flush()
    if on_progress:
        on_progress(summary, "")
    return summary
