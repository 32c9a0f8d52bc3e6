"""Find and read article inputs: files, folders (recursive), JSONL dumps, HTML pages, stdin."""

from __future__ import annotations

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


def _size_text(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB" if n >= 1024 * 1024 else f"{n / 1024:.1f} KB"


def _looks_html(text: str) -> bool:
    head = text[:2048].lstrip().lower()
    return head.startswith(("<!doctype html", "<html", "<?xml")) or any(
        tag in head for tag in ("<html", "<body", "<head", "<article", "<div", "<p>", "<meta")
    )


def _record_from_text(source: str, kind: str, text: str, suffix: str = "") -> RawRecord | Skipped:
    if not text.strip():
        return Skipped(source, "empty: no text")
    if suffix in HTML_SUFFIXES or (suffix not in {".txt", ".text"} and _looks_html(text)):
        return RawRecord(source=source, kind="html" if kind != "stdin" else "stdin", html=text)
    return RawRecord(source=source, kind=kind, text=text)


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


def read_jsonl(stream: BinaryIO, source: str, max_bytes: int) -> Iterator[RawRecord | Skipped]:
    for lineno, raw in enumerate(stream, 1):
        where = f"{source}:{lineno}"
        try:
            line = raw.decode("utf-8-sig" if lineno == 1 else "utf-8")
        except UnicodeDecodeError as e:
            yield Skipped(where, f"line is not UTF-8 ({e.reason} at byte {e.start})")
            continue
        rec = parse_jsonl_line(line, where, max_bytes)
        if rec is not None:
            yield rec


def read_path(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[RawRecord | Skipped]:
    """Records from one file (a JSONL file gives many)."""
    source = str(path)
    suffix = path.suffix.lower()
    try:
        if suffix in JSONL_SUFFIXES:
            with path.open("rb") as f:
                yield from read_jsonl(f, source, max_bytes)
            return
        if suffix == ".json":
            yield from read_json_file(path, max_bytes)
            return
        size = path.stat().st_size
        if size > max_bytes:
            yield Skipped(source, f"file of {_size_text(size)} is over the {_size_text(max_bytes)} limit (--max-bytes)")
            return
        data = path.read_bytes()
    except OSError as e:
        yield Skipped(source, f"cannot read: {e.strerror or e}")
        return
    if not data.strip():
        yield Skipped(source, "empty file")
        return
    try:
        text, _encoding = decode_bytes(data)
    except DecodeError as e:
        yield Skipped(source, str(e))
        return
    yield _record_from_text(source, "text", text, suffix)


def read_json_file(path: Path, max_bytes: int) -> Iterator[RawRecord | Skipped]:
    """A ``.json`` file holding one record object (as in JSONL) or a list of them."""
    source = str(path)
    size = path.stat().st_size
    if size > max_bytes:
        yield Skipped(source, f"file of {_size_text(size)} is over the {_size_text(max_bytes)} limit (--max-bytes)")
        return
    try:
        data = json.loads(path.read_bytes().decode("utf-8-sig"))
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
            for file in _walk(path):
                yield from read_path(file, max_bytes)
        elif path.is_file():
            yield from read_path(path, max_bytes)
        elif path.exists():
            yield Skipped(item, "not a regular file or folder")
        else:
            yield Skipped(item, "no such file or folder")
