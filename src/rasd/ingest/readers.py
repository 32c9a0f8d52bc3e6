"""Find and read article inputs: files, folders (recursive), JSONL dumps, HTML pages, stdin."""

from __future__ import annotations

import io
import json
import os
import sys
from pathlib import Path
from typing import BinaryIO, Iterable, Iterator

from rasd.ingest.decode import DecodeError, decode_bytes, looks_binary
from rasd.ingest.records import RawRecord, Skipped, normalize_published

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
HTML_SUFFIXES = {".html", ".htm", ".xhtml", ".shtml", ".php", ".asp", ".aspx"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
# Compressed inputs: the suffix before the compression one says what is inside (a.jsonl.gz).
COMPRESSED_SUFFIXES = {".gz": "gzip", ".gzip": "gzip", ".bz2": "bz2", ".zst": "zstd", ".zstd": "zstd"}
_READ_BLOCK = 1 << 20


def _size_text(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB" if n >= 1024 * 1024 else f"{n / 1024:.1f} KB"


def _looks_html(text: str) -> bool:
    head = text[:2048]
    if "<" not in head:
        return False  # every marker below opens with "<": plain text is told in one scan
    head = head.lstrip().lower()
    return head.startswith(("<!doctype html", "<html", "<?xml")) or any(
        tag in head for tag in ("<html", "<body", "<head", "<article", "<div", "<p>", "<meta")
    )


def _record_from_text(source: str, kind: str, text: str, suffix: str = "") -> RawRecord | Skipped:
    if not text.strip():
        return Skipped(source, "empty: no text")
    if suffix in HTML_SUFFIXES or (suffix not in {".txt", ".text"} and _looks_html(text)):
        return RawRecord(source=source, kind="html" if kind != "stdin" else "stdin", html=text)
    return RawRecord(source=source, kind=kind, text=text)


def read_limited(path: Path, max_bytes: int, what: str = "file") -> bytes | Skipped:
    """A file's bytes, or why they were not read (too large for ``--max-bytes``, unreadable)."""
    source = str(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            return Skipped(source, f"{what} of {_size_text(size)} is over the {_size_text(max_bytes)} limit (--max-bytes)")
        return path.read_bytes()
    except OSError as e:
        return Skipped(source, f"cannot read: {e.strerror or e}")


def _record_from_bytes(source: str, data: bytes, suffix: str) -> RawRecord | Skipped:
    """One article from a file's bytes: decoded, then read as HTML or plain text."""
    if not data.strip():
        return Skipped(source, "empty file")
    try:
        text, _encoding = decode_bytes(data)
    except DecodeError as e:
        return Skipped(source, str(e))
    return _record_from_text(source, "text", text, suffix)


def parse_jsonl_line(line: str, source: str, max_bytes: int) -> RawRecord | Skipped | None:
    """One JSONL record ``{id, text | html, url?, title?, published?}``; None for a blank line."""
    if not line.strip():
        return None
    if len(line) > max_bytes:
        return Skipped(source, f"record of {_size_text(len(line))} is over the {_size_text(max_bytes)} limit")
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as e:
        return Skipped(source, f"invalid JSON: {e.msg} at column {e.colno}")
    if not isinstance(obj, dict):
        return Skipped(source, f"a JSONL record must be an object, not {type(obj).__name__}")
    text, html = obj.get("text"), obj.get("html")
    if not isinstance(text, str) and not isinstance(html, str):
        return Skipped(source, "record has neither a 'text' nor an 'html' string")
    body = text if isinstance(text, str) else html
    if not body.strip():
        return Skipped(source, "empty: the record's text is blank")
    rid = obj.get("id")
    return RawRecord(
        source=source,
        kind="jsonl",
        text=text if isinstance(text, str) else None,
        html=None if isinstance(text, str) else html,
        id=str(rid) if rid not in (None, "") else None,
        url=obj.get("url") or obj.get("source_url"),
        title=obj.get("title"),
        published=normalize_published(obj.get("published")),
    )


def parse_jsonl_bytes(raw: bytes, where: str, max_bytes: int, first: bool = False) -> RawRecord | Skipped | None:
    """A JSONL line as read from a file (the first may start with a BOM); None for a blank line."""
    try:
        line = raw.decode("utf-8-sig" if first else "utf-8")
    except UnicodeDecodeError as e:
        return Skipped(where, f"line is not UTF-8 ({e.reason} at byte {e.start})")
    return parse_jsonl_line(line, where, max_bytes)


def read_jsonl(stream: BinaryIO, source: str, max_bytes: int) -> Iterator[RawRecord | Skipped]:
    for lineno, raw in enumerate(stream, 1):
        rec = parse_jsonl_bytes(raw, f"{source}:{lineno}", max_bytes, first=lineno == 1)
        if rec is not None:
            yield rec


def read_path(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[RawRecord | Skipped]:
    """Records from one file (a JSONL file gives many)."""
    source = str(path)
    suffix = path.suffix.lower()
    special = _special_reader(path)
    if special is not None:
        yield from special(path, max_bytes)
        return
    try:
        if suffix in JSONL_SUFFIXES:
            with path.open("rb") as f:
                yield from read_jsonl(f, source, max_bytes)
            return
        if suffix == ".json":
            yield from read_json_file(path, max_bytes)
            return
    except OSError as e:
        yield Skipped(source, f"cannot read: {e.strerror or e}")
        return
    data = read_limited(path, max_bytes)
    yield data if isinstance(data, Skipped) else _record_from_bytes(source, data, suffix)


def read_json_file(path: Path, max_bytes: int) -> Iterator[RawRecord | Skipped]:
    """A ``.json`` file holding one record object (as in JSONL) or a list of them."""
    source = str(path)
    raw = read_limited(path, max_bytes)
    if isinstance(raw, Skipped):
        yield raw
        return
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        yield Skipped(source, f"invalid JSON: {e}")
        return
    items = data if isinstance(data, list) else [data]
    for i, item in enumerate(items, 1):
        where = source if len(items) == 1 else f"{source}:{i}"
        rec = parse_jsonl_line(json.dumps(item, ensure_ascii=False), where, max_bytes)
        if isinstance(rec, RawRecord):
            rec.kind = "json"
        if rec is not None:
            yield rec


def _walk(folder: Path) -> Iterator[Path]:
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith("."):
                yield Path(root) / name


def read_stream(stream: BinaryIO, source: str = "-", max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[RawRecord | Skipped]:
    """Records from a byte stream (stdin): JSONL when the first character is '{', else one article."""
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        yield Skipped(source, f"input is over the {_size_text(max_bytes)} limit (--max-bytes)")
        return
    if data.lstrip()[:1] == b"{":
        import io

        yield from read_jsonl(io.BytesIO(data), source, max_bytes)
        return
    if not data.strip():
        yield Skipped(source, "empty input")
        return
    if looks_binary(data):
        yield Skipped(source, "binary content (NUL or control bytes), not text")
        return
    try:
        text, _ = decode_bytes(data)
    except DecodeError as e:
        yield Skipped(source, str(e))
        return
    yield _record_from_text(source, "stdin", text)


def read_inputs(inputs: Iterable[str], max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[RawRecord | Skipped]:
    """Records from files, folders (recursive) and '-' (stdin), in a stable order."""
    for item in inputs:
        if item == "-":
            yield from read_stream(sys.stdin.buffer, "-", max_bytes)
            continue
        path = Path(item)
        if path.is_dir():
            yield from read_folder(path, max_bytes)
        elif path.is_file():
            yield from read_path(path, max_bytes)
        elif path.exists():
            yield Skipped(item, "not a regular file or folder")
        else:
            yield Skipped(item, "no such file or folder")


# -- crawls, feeds and compressed files ------------------------------------------------------


def _special_reader(path: Path):  # type: ignore[no-untyped-def]
    """The reader for a WARC/ARC crawl, a saved RSS/Atom feed or a compressed file, else None."""
    from rasd.ingest.feeds import is_feed_file, read_feed
    from rasd.ingest.warc import is_warc_file, read_warc

    if is_warc_file(path):
        return read_warc
    if path.suffix.lower() in COMPRESSED_SUFFIXES:
        return read_compressed
    if is_feed_file(path):
        return read_feed
    return None


def read_folder(folder: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[RawRecord | Skipped]:
    """Every file of a folder (recursive, sorted). Saved feeds come first: the pages their items
    link to are read as those items (with the feed's date and title), and not a second time."""
    from rasd.ingest.feeds import is_feed_file, read_feeds

    feeds = [f for f in _walk(folder) if is_feed_file(f)]
    consumed: set[Path] = set()
    if feeds:
        pages = [f for f in _walk(folder) if f.suffix.lower() in HTML_SUFFIXES]
        yield from read_feeds(feeds, pages, max_bytes, consumed, root=folder)
    skip = consumed.union(feeds)
    for file in _walk(folder):  # walked again, in stream: a folder may hold millions of files
        if file not in skip:
            yield from read_path(file, max_bytes)


class TruncatedInput(EOFError):
    """A compressed stream that ends before its end-of-stream marker (a download cut short)."""


class _ZstdReader(io.RawIOBase):
    """A zstd stream as a readable file that, unlike `zstandard.stream_reader`, raises
    `TruncatedInput` when the data stops inside a frame instead of ending quietly."""

    def __init__(self, raw: BinaryIO) -> None:
        import zstandard

        self._raw = raw
        self._zstd = zstandard.ZstdDecompressor()
        self._dobj = self._zstd.decompressobj()
        self._buffer = b""
        self._in_frame = False

    def readable(self) -> bool:
        return True

    def readinto(self, b) -> int:  # type: ignore[no-untyped-def]
        while not self._buffer:
            chunk = self._raw.read(_READ_BLOCK)
            if not chunk:
                if self._in_frame:
                    raise TruncatedInput("zstd stream ended inside a frame")
                return 0
            self._in_frame = True
            out = [self._dobj.decompress(chunk)]
            while self._dobj.eof:  # concatenated frames: start again on what follows
                rest = self._dobj.unused_data
                self._dobj = self._zstd.decompressobj()
                self._in_frame = bool(rest)
                if not rest:
                    break
                out.append(self._dobj.decompress(rest))
            self._buffer = b"".join(out)
        n = min(len(b), len(self._buffer))
        b[:n] = self._buffer[:n]
        self._buffer = self._buffer[n:]
        return n

    def close(self) -> None:
        self._raw.close()
        super().close()


def open_decompressed(path: Path) -> BinaryIO:
    """A binary stream of a .gz, .bz2 or .zst file's content (gzip/bz2 raise EOFError when cut short)."""
    kind = COMPRESSED_SUFFIXES[path.suffix.lower()]
    if kind == "gzip":
        import gzip

        return gzip.open(path, "rb")  # type: ignore[return-value]
    if kind == "bz2":
        import bz2

        return bz2.open(path, "rb")  # type: ignore[return-value]
    return io.BufferedReader(_ZstdReader(path.open("rb")), _READ_BLOCK)  # type: ignore[return-value]


def _decompression_errors() -> tuple[type[BaseException], ...]:
    import zlib

    errors: list[type[BaseException]] = [EOFError, OSError, zlib.error, ValueError]
    try:
        import zstandard

        errors.append(zstandard.ZstdError)
    except ImportError:  # pragma: no cover - zstandard is in the "scale" extra
        pass
    return tuple(errors)


def read_compressed(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[RawRecord | Skipped]:
    """Records from a gzip, bz2 or zstd file, decompressed in stream.

    ``dump.jsonl.gz`` gives one record per line; ``page.html.gz`` or ``a.txt.zst`` one article.
    A file cut short keeps every record read before the break and reports the break.
    """
    source = str(path)
    inner_suffix = Path(path.stem).suffix.lower()
    errors = _decompression_errors()
    try:
        if path.stat().st_size == 0:
            yield Skipped(source, "empty file")
            return
        stream = open_decompressed(path)
    except (ImportError, *errors) as e:
        yield Skipped(source, f"cannot read compressed file: {e}")
        return
    with stream:
        if inner_suffix in JSONL_SUFFIXES:
            lines = 0

            def guarded() -> Iterator[bytes]:
                nonlocal lines
                for line in stream:
                    lines += 1
                    yield line

            try:
                yield from read_jsonl(guarded(), source, max_bytes)  # type: ignore[arg-type]
            except errors as e:
                yield Skipped(f"{source}:{lines + 1}", f"compressed file is damaged or cut short after line {lines}: {e}")
            return
        try:
            data = stream.read(max_bytes + 1)
        except errors as e:
            yield Skipped(source, f"compressed file is damaged or cut short: {e}")
            return
    if len(data) > max_bytes:
        yield Skipped(source, f"decompressed content is over the {_size_text(max_bytes)} limit (--max-bytes)")
        return
    yield _record_from_bytes(source, data, inner_suffix)
