"""Batches: read inputs, extract, and store, reporting what was stored, unchanged or skipped.

A bad input never stops a batch: it becomes a `Skipped` with its reason. Documents are written in
chunks, each in one transaction, so an interrupted ingest leaves a consistent store; a re-run
skips what is already stored with the same content and Rasd version, and finishes the rest.

With ``workers > 1`` the extraction is mapped over a pool of processes while this process stays
the only writer: it reads the inputs in stream, hands out chunks of raw records, and saves each
chunk's documents in one transaction, in input order. At most ``2 × workers`` chunks are in flight,
so memory does not grow with the size of the corpus. A worker that dies (killed, out of memory, a
crash in a C extension) is replaced; its chunk is retried, then split, and the one article that
keeps killing workers is reported as skipped. A pool that cannot run at all stops the batch.
"""

from __future__ import annotations

import multiprocessing
import os
import re
import time
from collections import OrderedDict, deque
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable, Iterable, Iterator

import rasd
from rasd.document import Document, content_hash
from rasd.ingest import RawRecord, Skipped, read_inputs
from rasd.ingest.readers import DEFAULT_MAX_BYTES
from rasd.pipeline import DEFAULT_PIPELINE, Pipeline, build_document

if TYPE_CHECKING:  # pragma: no cover
    from rasd.store import Store
    from rasd.store.core import DocumentRows

# A pool that breaks this many times without one chunk finishing in between cannot work at all
# (a broken install, no memory to start a process): the batch stops instead of skipping everything.
MAX_BREAKS_IN_A_ROW = 10
# A tiny article run once in each new worker, so lexicons and models (lru_cache) load before work.
WARM_UP_TEXT = "وقعت مصر والأردن في عمان يوم 3 مارس 2024 اتفاقية بقيمة مليار دولار."


@dataclass
class BatchSummary:
    stored: int = 0
    unchanged: int = 0
    extracted: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    ids: list[str] = field(default_factory=list)  # documents stored or found unchanged, in input order
    started: float = field(default_factory=time.monotonic)
    filtered: int = 0  # left out by --since (published before it, or no publication date)
    workers: int = 1
    worker_restarts: int = 0

    @property
    def seconds(self) -> float:
        return time.monotonic() - self.started

    @property
    def done(self) -> int:
        """Articles finished one way or another (for progress and rates)."""
        return self.stored + self.unchanged + self.filtered + len(self.skipped)

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
            "filtered": self.filtered,
            "skipped": [{"source": s.source, "reason": s.reason} for s in self.skipped],
            "seconds": round(self.seconds, 3),
            "workers": self.workers,
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


_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def stored_hash(doc: Document) -> str:
    """The content hash the store records for a document. Text with lone surrogates (from a
    JSON ``\\ud800`` escape) cannot be encoded, so, as the store does, it is hashed with them
    replaced by U+FFFD."""
    try:
        return doc.content_hash
    except UnicodeError:
        return content_hash(_UNSTORABLE.sub("\ufffd", doc.text))


def published_since(published: str | None, since: str | None) -> bool:
    """Whether a publication date passes ``--since`` (ISO dates compare as strings)."""
    return since is None or (published is not None and published[:10] >= since)


def iter_extracted(
    inputs: Iterable[str],
    published: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    pipeline: Pipeline = DEFAULT_PIPELINE,
    since: str | None = None,
) -> Iterator[Document | Skipped]:
    """Extract every article of the inputs, in order; skipped inputs come out as `Skipped`.

    With ``since``, articles published before it (or with no known date) are left out silently.
    """
    for record in read_inputs(inputs, max_bytes):
        if isinstance(record, Skipped):
            yield record
            continue
        if record.published and not published_since(_date(record.published), since):
            continue
        doc = prepare(record, published)
        if not isinstance(doc, Skipped):
            doc = run_pipeline(doc, pipeline)
        if isinstance(doc, Document) and not published_since(doc.published, since):
            continue
        yield doc


def _date(value: str | None) -> str | None:
    from rasd.ingest.records import normalize_published

    return normalize_published(value)


# -- one chunk of work (in a worker process, or in this one) ----------------------------------

# What became of one record: ("doc", Document) | ("unchanged", (id, hash)) | ("skipped", Skipped)
# | ("filtered", source). From a worker process, "doc" comes as ("rows", the store's rows, see
# `rasd.store.core.prepare_rows`), or as ("packed", dict) (see `pack`) when the writer needs the
# document itself (near-duplicate linking).
Outcome = tuple[str, object]


def process_chunk(
    records: list[RawRecord],
    known: Callable[[list[str]], dict[str, tuple[str, str]]] | None,
    published: str | None = None,
    since: str | None = None,
    pipeline: Pipeline = DEFAULT_PIPELINE,
) -> list[Outcome]:
    """Clean, check against the store and extract a chunk of records, keeping their order.

    Documents whose id is stored with the same content hash and Rasd version are not extracted
    again (that is what makes a re-run after an interruption cheap).
    """
    outcomes: list[Outcome] = []
    prepared: list[tuple[int, Document]] = []
    for record in records:
        if record.published and not published_since(_date(record.published), since):
            outcomes.append(("filtered", record.source))
            continue
        doc = prepare(record, published)
        if isinstance(doc, Skipped):
            outcomes.append(("skipped", doc))
            continue
        if doc.published and not published_since(doc.published, since):
            outcomes.append(("filtered", record.source))
            continue
        prepared.append((len(outcomes), doc))
        outcomes.append(("doc", doc))
    stored = known([d.id for _, d in prepared]) if known and prepared else {}
    for i, doc in prepared:
        if stored.get(doc.id) == (stored_hash(doc), rasd.__version__):
            outcomes[i] = ("unchanged", (doc.id, stored_hash(doc)))
            continue
        result = run_pipeline(doc, pipeline)
        if isinstance(result, Skipped):
            outcomes[i] = ("skipped", result)
        elif not published_since(result.published, since):
            outcomes[i] = ("filtered", doc.source)
        else:
            outcomes[i] = ("doc", slim(result))
    return outcomes


def slim(doc: Document) -> Document:
    """Drop the working layers no writer stores (tokens, normalised text): a third of the bytes
    a worker would otherwise send back to the writer."""
    doc.tokens = []
    doc.norm = None
    return doc


# Per worker process: its own read-only view of the store, the pipeline and the options.
_WORKER: dict[str, object] = {}


def _init_worker(store_url: str | None, pipeline: Pipeline, published: str | None, since: str | None, send_rows: bool) -> None:
    import signal

    # Ctrl-C goes to the whole process group: the writer handles it, workers just stop with it.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    store = None
    if store_url:
        from rasd.store import open_store

        try:
            store = open_store(store_url)
        except Exception:  # noqa: BLE001 - without a view of the store, the writer checks instead
            store = None
    _WORKER.update(store=store, pipeline=pipeline, published=published, since=since, send_rows=send_rows)
    _warm_up(pipeline)


def _warm_up(pipeline: Pipeline) -> None:
    """Run one tiny article, so every stage loads its lexicons and models (cached per process)."""
    try:
        pipeline(build_document(RawRecord(source="<warm-up>", kind="text", text=WARM_UP_TEXT)))
    except Exception:  # noqa: BLE001 - a failing warm-up shows up again on real articles
        pass


def pack(doc: Document) -> dict:
    """A document as plain dicts and lists, to cross a process boundary: pickling these is five
    times faster than pickling the dataclasses (whose slots pickle through Python code)."""
    data = doc.to_dict()
    data["sentences"] = [(s.start, s.end) for s in doc.sentences]
    return data


def unpack(data: dict) -> Document:
    from rasd.document import Span

    sentences = data.pop("sentences", [])
    doc = Document.from_dict(data)
    doc.sentences = [Span(start, end, doc.text[start:end]) for start, end in sentences]
    return doc


def _worker_chunk(records: list[RawRecord]) -> list[Outcome]:
    """A chunk's outcomes, with documents made ready to cross back to the writer: as the store's
    rows, so that the one writer process only inserts them (it would otherwise spend as much on
    turning documents into rows as on writing them, and be the bottleneck of a fast pool)."""
    from rasd.store.core import prepare_rows

    outcomes = _worker_process_chunk(records)
    if _WORKER.get("send_rows"):
        return [("rows", prepare_rows(value)) if kind == "doc" else (kind, value) for kind, value in outcomes]  # type: ignore[arg-type]
    return [("packed", pack(value)) if kind == "doc" else (kind, value) for kind, value in outcomes]  # type: ignore[arg-type]


def _worker_process_chunk(records: list[RawRecord]) -> list[Outcome]:
    store = _WORKER.get("store")
    return process_chunk(
        records,
        store.known if store is not None else None,  # type: ignore[attr-defined]
        _WORKER.get("published"),  # type: ignore[arg-type]
        _WORKER.get("since"),  # type: ignore[arg-type]
        _WORKER.get("pipeline") or DEFAULT_PIPELINE,  # type: ignore[arg-type]
    )


def default_workers() -> int:
    """All the cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def _pool_context():  # type: ignore[no-untyped-def]
    # fork on Linux: workers start in milliseconds and share the parent's loaded lexicons
    # copy-on-write. Elsewhere (macOS, Windows) the platform's default, spawn: everything a worker
    # gets (records, the pipeline's stage functions) is picklable for that.
    import sys

    return multiprocessing.get_context("fork" if sys.platform.startswith("linux") else None)


def _store_url(store: "Store") -> str | None:
    """A URL worker processes can open for their read-only checks; None for in-memory SQLite."""
    url = store.engine.url
    if url.get_backend_name() == "sqlite" and url.database in (None, "", ":memory:"):
        return None
    return url.render_as_string(hide_password=False)


# -- the writer ---------------------------------------------------------------------------


class _Writer:
    """Saves chunks in order and keeps the counts; the only code that writes to the store."""

    def __init__(self, store: "Store", summary: BatchSummary, keep_ids: bool, window: int, dedup: bool = False) -> None:
        self.store = store
        self.dedup = None
        if dedup:
            from rasd.dedup import StoreDeduplicator

            self.dedup = StoreDeduplicator(store)
        self.summary = summary
        self.keep_ids = keep_ids
        # Ids seen in this run, for the same article twice in one run. Bounded: an id older than
        # the window was committed long ago, and the store itself answers for it.
        self.seen: OrderedDict[str, str] = OrderedDict()
        self.window = window

    def _remember(self, doc_id: str, content: str) -> None:
        self.seen[doc_id] = content
        self.seen.move_to_end(doc_id)
        if len(self.seen) > self.window:
            self.seen.popitem(last=False)

    def write(self, outcomes: list[Outcome]) -> None:
        summary = self.summary
        # id -> (stored content hash, the document or its rows from a worker)
        docs: dict[str, tuple[str, Document | DocumentRows]] = {}
        unclustered: list[str] = []
        for kind, value in outcomes:
            if kind == "skipped":
                summary.skipped.append(value)  # type: ignore[arg-type]
            elif kind == "filtered":
                summary.filtered += 1
            elif kind == "unchanged":
                doc_id, content = value  # type: ignore[misc]
                summary.unchanged += 1
                if self.dedup is not None and doc_id not in self.dedup.index:
                    unclustered.append(doc_id)
                self._remember(doc_id, content)
                if self.keep_ids:
                    summary.ids.append(doc_id)
            else:
                doc: Document | DocumentRows = unpack(value) if kind == "packed" else value  # type: ignore[arg-type,assignment]
                doc_id, content = _identity(doc)
                summary.extracted += 1
                if self.seen.get(doc_id) == content:
                    summary.unchanged += 1  # the same article twice in one run
                    continue
                self._remember(doc_id, content)
                docs[doc_id] = (content, doc)  # a later text under one id replaces an earlier one
                if self.keep_ids:
                    summary.ids.append(doc_id)
        if unclustered:
            # Stored by a run that was killed between a chunk's documents and its clusters (two
            # transactions), or by a run without --dedup: link them now.
            self.dedup.add([d for d in map(self.store.get, unclustered) if d is not None])  # type: ignore[union-attr]
        if not docs:
            return
        # The workers checked the store before extracting; checking again here catches an
        # article that a chunk still in flight stored meanwhile, and workers without a view.
        stored = self.store.known(list(docs))
        to_save = [d for doc_id, (content, d) in docs.items() if stored.get(doc_id) != (content, rasd.__version__)]
        summary.unchanged += len(docs) - len(to_save)
        if to_save:
            if any(isinstance(d, dict) for d in to_save):
                from rasd.store.core import prepare_rows

                self.store.save_rows([d if isinstance(d, dict) else prepare_rows(d) for d in to_save])
            else:
                self.store.save(to_save)  # type: ignore[arg-type]
            summary.stored += len(to_save)
            if self.dedup is not None:
                self.dedup.add([d for d in to_save if isinstance(d, Document)])


def _identity(doc: Document | DocumentRows) -> tuple[str, str]:
    """The id and stored content hash of a document or of its rows."""
    if isinstance(doc, Document):
        return doc.id, stored_hash(doc)
    return doc["document"]["id"], doc["document"]["content_hash"]


def chunk_records(records: Iterable[RawRecord | Skipped], size: int, on_skipped: Callable[[Skipped], None]) -> Iterator[list[RawRecord]]:
    chunk: list[RawRecord] = []
    for record in records:
        if isinstance(record, Skipped):
            on_skipped(record)
            continue
        chunk.append(record)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def run_ingest(
    inputs: Iterable[str],
    store: "Store",
    published: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    chunk_size: int = 50,
    pipeline: Pipeline = DEFAULT_PIPELINE,
    on_progress: Callable[[BatchSummary, str], None] | None = None,
    *,
    workers: int = 1,
    since: str | None = None,
    keep_ids: bool = True,
    dedup: bool = False,
) -> BatchSummary:
    """Extract and store; documents already stored with the same content and version are skipped.

    ``workers`` > 1 maps the extraction over that many processes (0 or None: all cores); this
    process alone writes, one transaction per chunk. ``since`` (YYYY-MM-DD) leaves out articles
    published before it or with no known date. ``keep_ids=False`` keeps memory flat on huge runs.
    ``dedup`` links near-duplicate copies into clusters and merges their events (`rasd.dedup`).
    """
    workers = default_workers() if not workers else max(1, workers)
    chunk_size = max(1, chunk_size)
    summary = BatchSummary(workers=workers)
    writer = _Writer(store, summary, keep_ids, window=max(20_000, 8 * workers * chunk_size), dedup=dedup)
    last_source = ""

    def progress(source: str) -> None:
        if on_progress:
            on_progress(summary, source)

    def skipped(s: Skipped) -> None:
        summary.skipped.append(s)
        progress(s.source)

    chunks = chunk_records(read_inputs(inputs, max_bytes), chunk_size, skipped)
    if workers == 1:
        for chunk in chunks:
            writer.write(process_chunk(chunk, store.known, published, since, pipeline))
            last_source = chunk[-1].source
            progress(last_source)
    else:
        _run_parallel(chunks, store, writer, workers, pipeline, published, since, progress)
    progress("")
    return summary


def _run_parallel(
    chunks: Iterator[list[RawRecord]],
    store: "Store",
    writer: _Writer,
    workers: int,
    pipeline: Pipeline,
    published: str | None,
    since: str | None,
    progress: Callable[[str], None],
) -> None:
    """Map chunks over a process pool, writing results in input order as they complete."""
    summary = writer.summary
    # Workers send rows when the store takes them, unless near-duplicate linking needs the
    # documents themselves.
    send_rows = writer.dedup is None and callable(getattr(store, "save_rows", None))
    initargs = (_store_url(store), pipeline, published, since, send_rows)

    if _pool_context().get_start_method() == "fork":
        # Load lexicons and models here once: forked workers share these pages copy-on-write
        # instead of each loading its own copy.
        _warm_up(pipeline)

    def new_pool() -> ProcessPoolExecutor:
        return ProcessPoolExecutor(workers, mp_context=_pool_context(), initializer=_init_worker, initargs=initargs)

    pool = new_pool()
    # (records, attempt, future). When a worker dies, every chunk in flight is lost with the pool:
    # each is retried whole once, then article by article, then alone in the pool; an article
    # that kills its worker even alone is reported as skipped.
    in_flight: deque[tuple[list[RawRecord], int, Future]] = deque()
    retry: deque[tuple[list[RawRecord], int]] = deque()
    max_in_flight = 2 * workers
    alone = 3

    def submit(records: list[RawRecord], attempt: int) -> None:
        in_flight.append((records, attempt, pool.submit(_worker_chunk, records)))

    def may_submit() -> bool:
        if len(in_flight) >= max_in_flight or any(a >= alone for _, a, _ in in_flight):
            return False
        return not (retry and retry[0][1] >= alone and in_flight)

    breaks_in_a_row = 0
    try:
        exhausted = False
        while True:
            while may_submit() and (retry or not exhausted):
                if retry:
                    submit(*retry.popleft())
                    continue
                chunk = next(chunks, None)
                if chunk is None:
                    exhausted = True
                    break
                submit(chunk, 0)
            if not in_flight:
                break
            records, attempt, future = in_flight[0]
            try:
                outcomes = future.result()
            except BrokenProcessPool as e:
                pool.shutdown(wait=False, cancel_futures=True)
                summary.worker_restarts += 1
                breaks_in_a_row += 1
                if breaks_in_a_row > MAX_BREAKS_IN_A_ROW:
                    # Not one article killing its worker: workers cannot run at all.
                    raise RuntimeError(f"worker processes keep dying before finishing any work: {e}") from e
                requeue: list[tuple[list[RawRecord], int]] = []
                for recs, att, _ in in_flight:
                    if att >= alone:
                        summary.skipped.append(Skipped(recs[0].source, "worker died while extracting this article"))
                    elif att == 1 and len(recs) > 1:
                        requeue.extend(([r], 2) for r in recs)
                    else:
                        requeue.append((recs, att + 1))
                in_flight.clear()
                retry.extendleft(reversed(requeue))
                pool = new_pool()
                continue
            except Exception:  # noqa: BLE001 - e.g. a result that cannot be sent back: do it here
                outcomes = process_chunk(records, store.known, published, since, pipeline)
            in_flight.popleft()
            breaks_in_a_row = 0
            writer.write(outcomes)
            progress(records[-1].source)
    except BaseException:
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown(wait=True)


# -- progress ---------------------------------------------------------------------------------


def count_records(inputs: Iterable[str], block: int = 1 << 20) -> int | None:
    """How many articles the inputs hold, for a progress bar's ETA; None when it cannot be known
    without reading everything (stdin, compressed dumps, crawls, feeds).

    Plain JSONL is counted by its line breaks at disk speed, without parsing.
    """
    from pathlib import Path

    from rasd.ingest.readers import JSONL_SUFFIXES, _special_reader, _walk

    total = 0
    for item in inputs:
        if item == "-":
            return None
        path = Path(item)
        files = _walk(path) if path.is_dir() else [path]
        for file in files:
            if _special_reader(file) is not None:
                return None
            if file.suffix.lower() not in JSONL_SUFFIXES:
                total += 1
                continue
            try:
                with file.open("rb") as f:
                    last = b"\n"
                    while chunk := f.read(block):
                        total += chunk.count(b"\n")
                        last = chunk[-1:]
                    total += last != b"\n"
            except OSError:
                total += 1
    return total


def count_records_in_background(inputs: Iterable[str], on_total: Callable[[int], None]) -> None:
    """Count the inputs' records in a daemon thread and report the total when known."""
    import threading

    items = list(inputs)

    def run() -> None:
        try:
            n = count_records(items)
        except Exception:  # noqa: BLE001 - an ETA is a nicety; never let it disturb the batch
            return
        if n is not None:
            on_total(n)

    threading.Thread(target=run, name="rasd-count", daemon=True).start()
