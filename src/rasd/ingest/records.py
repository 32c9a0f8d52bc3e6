"""What readers produce: a raw article record, or the reason an input was skipped."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(slots=True)
class RawRecord:
    """One article as read, before cleaning. Exactly one of ``text`` and ``html`` is set."""

    source: str  # path, "path:line" for JSONL, "-" for stdin
    kind: str  # "text" | "html" | "jsonl" | "stdin" | "feed" | "warc"
    text: str | None = None
    html: str | None = None
    id: str | None = None
    url: str | None = None
    title: str | None = None
    published: str | None = None


@dataclass(slots=True)
class Skipped:
    source: str
    reason: str


def normalize_published(value: object) -> str | None:
    """A publication date as ``YYYY-MM-DD`` from the forms feeds and dumps use, else None.

    Accepts ISO dates and date-times (``2023-09-18``, ``2023-09-18T10:00:00Z``), ``2023/09/18``
    and RFC 2822 (``Mon, 18 Sep 2023 10:00:00 GMT``, as in RSS).
    """
    import re
    from datetime import date
    from email.utils import parsedate_to_datetime

    if value is None:
        return None
    s = str(value).strip()
    m = re.match(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:$|[T ])", s)
    if m:
        try:
            return date(int(m[1]), int(m[2]), int(m[3])).isoformat()
        except ValueError:
            return None
    try:
        return parsedate_to_datetime(s).date().isoformat()
    except (TypeError, ValueError, IndexError):
        return None
