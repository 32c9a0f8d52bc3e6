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


def _next_record_start(f: BinaryIO, after: int, compressed: bool) -> int | None:
    """The offset of the next record start strictly after ``after``, or None at the end."""
    magic = _GZIP_MAGIC if compressed else _WARC_MAGIC
    pos = after + 1
    f.seek(pos)
    tail = b""
    while True:
        block = f.read(_SCAN_BLOCK)
        if not block:
            return None
        data = tail + block
        i = data.find(magic)
        if i >= 0:
            return pos - len(tail) + i
        tail = data[-(len(magic) - 1) :]
        pos += len(block)


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
    done_until = 0  # the end of the last record yielded: after a resync, nothing before it again
    while start is not None:
        f.seek(start)
        offset = start  # where the record being read begins
        try:
            records = ArchiveIterator(f, arc2warc=True)
            for record in records:
                item = _response(record, max_bytes)
                # warcio knows a record's offset and length once it has read it whole; the offset
                # counts from where this iterator started reading (``start`` after a resync).
                offset = start + records.get_record_offset()
                if item is not None and offset >= done_until:
                    item.source = f"{source}@{offset}"
                    yield item
                    done_until = offset + records.get_record_length()
                offset += records.get_record_length()
            return
        except Exception as e:  # noqa: BLE001 - warcio, zlib and the HTTP parser raise many kinds
            yield Skipped(f"{source}@{offset}", f"corrupt WARC record: {type(e).__name__}: {e}")
            resyncs += 1
            if resyncs > MAX_RESYNCS:
                yield Skipped(source, f"more than {MAX_RESYNCS} corrupt records: the rest of the file is left out")
                return
            # Always move forward, whatever offset the failure left us with.
            start = _next_record_start(f, max(offset, start), compressed)


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
