"""WARC and ARC crawls (warcio): the HTML pages of a crawl, read in stream.

Only ``response`` records with HTTP status 200 and an HTML content type are articles; requests,
metadata, images and redirects are passed over without a word. A record is read whole only up to
``max_bytes``. The crawl date (``WARC-Date``) is when the page was fetched, not when it was
published, so it is not used as the publication date.

A corrupt record does not lose the rest of the crawl: the reader reports it, then looks for the
start of the next record (the next gzip member in a ``.warc.gz``, whose records are compressed one
by one, or the next ``WARC/1.`` line in a plain ``.warc``) and goes on from there.
"""

from __future__ import annotations

import re
import zlib
from pathlib import Path
from typing import BinaryIO, Iterator

from rasd.ingest.decode import DecodeError, decode_bytes
from rasd.ingest.records import RawRecord, Skipped

_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.IGNORECASE)
_GZIP_MAGIC = b"\x1f\x8b\x08"
_WARC_MAGIC = b"WARC/1."
_SCAN_BLOCK = 1 << 20
# At most this many corrupt stretches are reported per file; a file that is mostly garbage is
# not a crawl, and the reader stops after saying so.
MAX_RESYNCS = 100


def is_warc_file(path: Path) -> bool:
    name = path.name.lower()
    return name.endswith((".warc", ".warc.gz", ".arc", ".arc.gz"))


def _decode(data: bytes, content_type: str) -> str:
    m = _CHARSET.search(content_type)
    if m:
        try:
            return data.decode(m.group(1))
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong declared charset is common on old Arabic sites: detect instead
    return decode_bytes(data)[0]


def _looks_like_record(f: BinaryIO, at: int, compressed: bool) -> bool:
    """Whether a record can begin at ``at``: the magic bytes also turn up inside compressed data."""
    if not compressed:
        return True  # the caller found "WARC/1." there
    f.seek(at)
    try:
        head = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(f.read(4096), 16)
    except zlib.error:
        return False
    return bool(head)


def _member_end(f: BinaryIO, at: int) -> int | None:
    """Where the gzip member beginning at ``at`` ends, or None if it is damaged or cut short."""
    f.seek(at)
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    consumed = 0
    try:
        while not inflater.eof:
            block = f.read(1 << 16)
            if not block:
                return None
            inflater.decompress(block, 1 << 16)
            while inflater.unconsumed_tail and not inflater.eof:
                inflater.decompress(inflater.unconsumed_tail, 1 << 16)
            consumed += len(block)
    except zlib.error:
        return None
    return at + consumed - len(inflater.unused_data)


def _next_record_start(f: BinaryIO, after: int, compressed: bool) -> int | None:
    """The offset of the next plausible record start strictly after ``after``, or None at the end."""
    magic = _GZIP_MAGIC if compressed else _WARC_MAGIC
    pos = after + 1
    while True:
        f.seek(pos)
        tail = b""
        found = None
        while found is None:
            block = f.read(_SCAN_BLOCK)
            if not block:
                return None
            data = tail + block
            i = data.find(magic)
            if i >= 0:
                found = pos - len(tail) + i
            else:
                tail = data[-(len(magic) - 1) :]
                pos += len(block)
        if _looks_like_record(f, found, compressed):
            return found
        pos = found + 1


def read_warc(path: Path, max_bytes: int) -> Iterator[RawRecord | Skipped]:
    """The HTML responses of a WARC/ARC file (optionally gzip-compressed per record)."""
    source = str(path)
    compressed = path.name.lower().endswith(".gz")
    try:
        f = path.open("rb")
    except OSError as e:
        yield Skipped(source, f"cannot read: {e.strerror or e}")
        return
    with f:
        yielded = 0
        for item in _read_records(f, source, max_bytes, compressed):
            yielded += 1
            yield item
        if not yielded:
            yield Skipped(source, "no HTML page in this crawl (or not a WARC/ARC file)")


def _read_records(f: BinaryIO, source: str, max_bytes: int, compressed: bool) -> Iterator[RawRecord | Skipped]:
    """Records from the start of the file; after a corrupt one, from the next record start."""
    from warcio.archiveiterator import ArchiveIterator

    start, resyncs = 0, 0
    # Where the last record read began. warcio's record lengths cannot be trusted next to a damaged
    # gzip member (they may run into the next record), so the start offsets, which only grow, decide
    # what is new after a resync and where the search for the next record begins.
    last_start = -1
    while start is not None:
        f.seek(start)
        end = start  # where the bad stretch begins, as far as is known
        starts: list[int] = []  # the records read in this pass
        try:
            records = ArchiveIterator(f, arc2warc=True)
            for record in records:
                item = _response(record, max_bytes)
                offset = records.get_record_offset()  # from the file's own position: absolute
                if offset > last_start:
                    if item is not None:
                        item.source = f"{source}@{offset}"
                        yield item
                    last_start = offset
                    starts.append(offset)
                end = max(end, offset + records.get_record_length())
            # warcio stops without a word at a member it does not recognise (a wrecked gzip
            # header): a record start after the last record read means a corrupt stretch.
            start = _next_record_start(f, max(last_start, start), compressed)
            if start is None:
                return
            problem = "unreadable bytes before the next record"
        except Exception as e:  # noqa: BLE001 - warcio, zlib and the HTTP parser raise many kinds
            start = _next_record_start(f, max(last_start, start), compressed)
            problem = f"{type(e).__name__}: {e}"
        where = end if start is None else min(end, start)
        if compressed:
            # warcio's idea of where the last good record ended may run into the damage, and it can
            # even read a bogus record out of it; the end of the last sound gzip member is exact.
            sound_end = next(filter(None, (_member_end(f, at) for at in reversed(starts))), None)
            where = sound_end if sound_end is not None else where
        yield Skipped(f"{source}@{where}", f"corrupt WARC record: {problem}")
        resyncs += 1
        if resyncs > MAX_RESYNCS:
            yield Skipped(source, f"more than {MAX_RESYNCS} corrupt records: the rest of the file is left out")
            return


def _response(record, max_bytes: int) -> RawRecord | Skipped | None:  # type: ignore[no-untyped-def]
    """The article of an HTML response (its ``source`` is set by the caller), else None."""
    where = ""
    if record.rec_type != "response" or record.http_headers is None:
        return None
    status = record.http_headers.get_statuscode()
    content_type = record.http_headers.get_header("Content-Type") or ""
    if status != "200" or "html" not in content_type.lower():
        return None
    url = record.rec_headers.get_header("WARC-Target-URI")
    data = record.content_stream().read(max_bytes + 1)
    if len(data) > max_bytes:
        return Skipped(where, f"page is over the {max_bytes} byte limit (--max-bytes)")
    if not data.strip():
        return Skipped(where, "empty page")
    try:
        html = _decode(data, content_type)
    except DecodeError as e:
        return Skipped(where, str(e))
    return RawRecord(source=where, kind="warc", html=html, url=url)
