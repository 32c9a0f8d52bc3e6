"""Extraction on a Dask cluster: file shards mapped with futures, results to a database or a lake.

Past one machine Rasd does not schedule anything itself: the inputs are cut into shards (whole
files, and byte ranges of large plain JSONL files, cut at line boundaries), each shard is one Dask
task, and Dask places, retries and reports the tasks. A task reads its shard, extracts it with the
same code as a local batch, and writes its own results, chunk by chunk:

* to a store (PostgreSQL for a real cluster; SQLite works for a `LocalCluster` on one machine),
  where a chunk is one transaction and a re-run skips what is stored, exactly as `rasd ingest`;
* or to Parquet files for a data lake (``parquet:DIR``): ``DIR/events/published=YYYY-MM-DD/`` and
  ``DIR/documents/published=YYYY-MM-DD/``, files per shard, day and 2000 articles, written atomically, and a
  marker per finished shard so a re-run does only the shards not yet done.

Lexicons and models load once per worker process (they are cached per process), not per task.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from rasd.batch import BatchSummary, Outcome, _Writer, chunk_records, process_chunk, stored_hash
from rasd.document import Document
from rasd.ingest import RawRecord, Skipped, read_inputs
from rasd.ingest.readers import COMPRESSED_SUFFIXES, DEFAULT_MAX_BYTES, JSONL_SUFFIXES, _walk, parse_jsonl_bytes

# Large plain JSONL files are cut into byte ranges of about this size, one task each.
DEFAULT_SHARD_BYTES = 64 * 1024 * 1024
PARQUET_PREFIX = "parquet:"


@dataclass(frozen=True)
class Shard:
    """A file, or the lines of a plain JSONL file that start in ``[start, end)``."""

    path: str
    start: int = 0
    end: int | None = None

    @property
    def key(self) -> str:
        """A stable name for the shard (used for Parquet file names and done-markers)."""
        raw = f"{os.path.abspath(self.path)}:{self.start}:{self.end}"
        return hashlib.sha1(raw.encode("utf-8")).hexdigest()[:16]

    def __str__(self) -> str:
        return self.path if self.end is None else f"{self.path}[{self.start}:{self.end}]"


def make_shards(inputs: Iterable[str], shard_bytes: int = DEFAULT_SHARD_BYTES) -> list[Shard]:
    """Shards of the inputs: one per file; plain JSONL files larger than ``shard_bytes`` are cut.

    A folder of saved feeds stays one shard (its items are matched to the folder's pages).
    """
    from rasd.ingest.feeds import is_feed_file

    shards: list[Shard] = []
    for item in inputs:
        path = Path(item)
        if path.is_dir():
            files = list(_walk(path))
            if any(is_feed_file(f) for f in files):
                shards.append(Shard(str(path)))
                continue
        else:
            files = [path]
        for file in files:
            size = file.stat().st_size if file.is_file() else 0
            plain_jsonl = file.suffix.lower() in JSONL_SUFFIXES and file.suffix.lower() not in COMPRESSED_SUFFIXES
            if plain_jsonl and size > shard_bytes:
                for start in range(0, size, shard_bytes):
                    shards.append(Shard(str(file), start, min(size, start + shard_bytes)))
            else:
                shards.append(Shard(str(file)))
    return shards


def read_shard(shard: Shard, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[RawRecord | Skipped]:
    """The records of a shard. A byte range owns the lines that start inside it."""
    if shard.end is None:
        yield from read_inputs([shard.path], max_bytes)
        return
    try:
        f = open(shard.path, "rb")
    except OSError as e:
        yield Skipped(str(shard), f"cannot read: {e.strerror or e}")
        return
    with f:
        if shard.start > 0:
            f.seek(shard.start - 1)
            f.readline()  # the end of a line that started in the previous shard
        while True:
            offset = f.tell()
            if offset >= shard.end:
                return
            raw = f.readline()
            if not raw:
                return
            rec = parse_jsonl_bytes(raw, f"{shard.path}@{offset}", max_bytes, first=offset == 0)
            if rec is not None:
                yield rec


# -- one task -------------------------------------------------------------------------------


@lru_cache(maxsize=4)
def _worker_store(url: str):  # type: ignore[no-untyped-def]
    """One store per worker process and URL, opened (and migrated) once."""
    from rasd.store import open_store

    return open_store(url)


def process_shard(
    shard: Shard,
    target: str,
    published: str | None = None,
    since: str | None = None,
    chunk_size: int = 50,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> dict[str, Any]:
    """Read, extract and write one shard; returns its summary as a plain dict (for Dask)."""
    summary = BatchSummary()
    if target.startswith(PARQUET_PREFIX):
        lake = Path(target[len(PARQUET_PREFIX) :])
        if (lake / "_shards" / f"{shard.key}.done").exists():
            return {**summary.to_dict(), "shard": str(shard), "already_done": True}
        _process_to_lake(shard, lake, summary, published, since, chunk_size, max_bytes)
    else:
        store = _worker_store(target)
        writer = _Writer(store, summary, keep_ids=False, window=20_000)
        for chunk in chunk_records(read_shard(shard, max_bytes), chunk_size, summary.skipped.append):
            writer.write(process_chunk(chunk, store.known, published, since))
    return {**summary.to_dict(), "shard": str(shard)}


# Documents held before a lake shard writes a part file: bounds a task's memory whatever the shard size.
LAKE_PART_DOCS = 2000


def _process_to_lake(
    shard: Shard, lake: Path, summary: BatchSummary, published: str | None, since: str | None, chunk_size: int, max_bytes: int
) -> None:
    from rasd.export import export_events_partitioned

    docs: list[Document] = []
    part = 0

    def flush() -> None:
        # Part names depend only on the shard and the position in it, so a shard re-run after a
        # crash overwrites its own earlier files instead of adding copies.
        nonlocal part
        if docs:
            name = f"{shard.key}-{part:05d}"
            export_events_partitioned(docs, lake / "events", name)
            write_documents_partitioned(docs, lake / "documents", name)
            summary.stored += len(docs)
            docs.clear()
            part += 1

    for chunk in chunk_records(read_shard(shard, max_bytes), chunk_size, summary.skipped.append):
        outcomes: list[Outcome] = process_chunk(chunk, None, published, since)
        for kind, value in outcomes:
            if kind == "doc":
                docs.append(value)  # type: ignore[arg-type]
                summary.extracted += 1
            elif kind == "skipped":
                summary.skipped.append(value)  # type: ignore[arg-type]
            elif kind == "filtered":
                summary.filtered += 1
        if len(docs) >= LAKE_PART_DOCS:
            flush()
    flush()
    # The marker comes last: a shard without one is done again, whole, by the next run.
    marker = lake / "_shards" / f"{shard.key}.done"
    marker.parent.mkdir(parents=True, exist_ok=True)
    marker.write_text(json.dumps({"shard": str(shard), "documents": summary.stored}, ensure_ascii=False), encoding="utf-8")


def write_documents_partitioned(docs: Iterable[Document], out_dir: Path, part: str) -> int:
    """Documents as Parquet rows (id, url, title, published, text, the full JSON) by publication day."""
    import pyarrow as pa

    from rasd.export import write_partitions

    rows = [
        {
            "id": d.id, "url": d.url, "title": d.title, "published": d.published, "source": d.source,
            "content_hash": stored_hash(d), "text": d.text, "data": json.dumps(d.to_dict(), ensure_ascii=False),
        }
        for d in docs
    ]
    schema = pa.schema([(c, pa.string()) for c in ("id", "url", "title", "published", "source", "content_hash", "text", "data")])
    return write_partitions(rows, schema, out_dir, part)


def _shard_size(inputs: list[str], workers: int) -> int:
    """About four shards per worker for the JSONL in the inputs, between 1 MB and 64 MB."""
    total = 0
    for item in inputs:
        path = Path(item)
        for file in _walk(path) if path.is_dir() else [path]:
            if file.suffix.lower() in JSONL_SUFFIXES and file.is_file():
                total += file.stat().st_size
    return max(1 << 20, min(DEFAULT_SHARD_BYTES, total // max(1, 4 * workers) + 1))


# -- the driver -----------------------------------------------------------------------------


def connect(scheduler: str, workers: int | None = None):  # type: ignore[no-untyped-def]
    """A Dask client: ``local`` starts a `LocalCluster` of worker processes on loopback."""
    from dask.distributed import Client, LocalCluster

    if scheduler == "local":
        cluster = LocalCluster(
            n_workers=workers or os.cpu_count() or 1, threads_per_worker=1, processes=True,
            host="127.0.0.1", dashboard_address=None,
        )
        return Client(cluster)
    return Client(scheduler)


def run_dask(
    inputs: Iterable[str],
    target: str,
    scheduler: str | Any = "local",
    published: str | None = None,
    since: str | None = None,
    chunk_size: int = 50,
    max_bytes: int = DEFAULT_MAX_BYTES,
    workers: int | None = None,
    shard_bytes: int | None = None,
    on_progress: Callable[[BatchSummary, str], None] | None = None,
    retries: int = 2,
) -> BatchSummary:
    """Extract the inputs on a Dask cluster and write to ``target`` (a store URL or ``parquet:DIR``).

    ``scheduler`` is ``local``, a scheduler address (``tcp://host:8786``) or a `Client`. A task
    that fails ``retries`` + 1 times (its worker dies each time) is reported as skipped.
    """
    from dask.distributed import Client, as_completed

    if not target.startswith(PARQUET_PREFIX):
        from rasd.store import open_store, resolve_url

        target = resolve_url(target)
        open_store(target).close()  # create and migrate once, before the workers race to
    inputs = list(inputs)
    summary = BatchSummary(workers=0)
    own_client = not isinstance(scheduler, Client)
    client = connect(scheduler, workers) if own_client else scheduler
    try:
        summary.workers = len(client.scheduler_info().get("workers", {}))
        shards = make_shards(inputs, shard_bytes or _shard_size(inputs, summary.workers))
        futures = [
            client.submit(
                process_shard, shard, target, published, since, chunk_size, max_bytes,
                key=f"rasd-shard-{shard.key}", pure=False, retries=retries,
            )
            for shard in shards
        ]
        by_key = {f.key: s for f, s in zip(futures, shards)}
        for future in as_completed(futures):
            shard = by_key[future.key]
            try:
                result = future.result()
            except Exception as e:  # noqa: BLE001 - a shard that keeps failing is reported, the rest goes on
                summary.skipped.append(Skipped(str(shard), f"shard failed: {type(e).__name__}: {e}"))
            else:
                summary.stored += result["stored"]
                summary.unchanged += result["unchanged"]
                summary.extracted += result["extracted"]
                summary.filtered += result["filtered"]
                summary.skipped.extend(Skipped(s["source"], s["reason"]) for s in result["skipped"])
            future.release()
            if on_progress:
                on_progress(summary, str(shard))
    finally:
        if own_client:
            cluster = getattr(client, "cluster", None)
            client.close()
            if cluster is not None:
                cluster.close()
    return summary
