"""Saved RSS/Atom feeds (feedparser): one record per item, its link matched to a saved page.

A newsroom's daily harvest is typically a folder of feed snapshots beside the pages they link to
(saved by a crawler or `wget`). Each item becomes one article: the saved page of its link when one
is found (matched by the page's canonical URL, by its path under the folder, or by a file name that
only one page has), else the item's own full text (``content:encoded``) or summary. The item's
publication date and title come with it. Feeds are parsed from bytes only: feedparser never
fetches anything over the network here.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Iterable, Iterator
from urllib.parse import unquote, urlsplit

from rasd.ingest.decode import DecodeError, decode_bytes
from rasd.ingest.readers import HTML_SUFFIXES, read_limited
from rasd.ingest.records import RawRecord, Skipped

FEED_SUFFIXES = {".rss", ".atom", ".rdf"}
_FEED_HEAD = re.compile(rb"<(?:rss|feed|rdf:RDF)[\s>]", re.IGNORECASE)
# The URL a saved page declares for itself; read from the page head only.
_CANONICAL = re.compile(
    r"""<link[^>]+rel=["']?canonical["']?[^>]*>|<meta[^>]+property=["']?og:url["']?[^>]*>""", re.IGNORECASE
)
_HREF = re.compile(r"""(?:href|content)\s*=\s*["']([^"']+)["']""", re.IGNORECASE)
_HEAD_BYTES = 64 * 1024
_HTML_HINT = re.compile(r"<(?:p|div|br|article|span|a|b|i|strong|em|h\d)[\s/>]", re.IGNORECASE)


def is_feed_file(path: Path) -> bool:
    """A ``.rss``/``.atom``/``.rdf`` file, or an ``.xml`` file whose root element is a feed."""
    suffix = path.suffix.lower()
    if suffix in FEED_SUFFIXES:
        return True
    if suffix != ".xml":
        return False
    try:
        with path.open("rb") as f:
            return bool(_FEED_HEAD.search(f.read(2048)))
    except OSError:
        return False


def url_key(url: str) -> str:
    """A URL reduced to what identifies a page: host without ``www.``, path without trailing
    slash, and query; scheme, fragment and case of the host do not matter."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return url.strip()
    host = (parts.hostname or "").lower().removeprefix("www.")
    path = unquote(parts.path).rstrip("/")
    return f"{host}{path}" + (f"?{parts.query}" if parts.query else "")


class PageIndex:
    """Saved pages found by the URL of a feed item's link."""

    def __init__(self, pages: Iterable[Path], root: Path | None = None) -> None:
        self.by_url: dict[str, Path] = {}
        self.by_relpath: dict[str, Path] = {}
        stems: dict[str, list[Path]] = {}
        for page in pages:
            for url in _declared_urls(page):
                self.by_url.setdefault(url_key(url), page)
            if root is not None:
                try:
                    rel = page.relative_to(root).with_suffix("").as_posix()
                    self.by_relpath.setdefault(rel, page)
                except ValueError:
                    pass
            stems.setdefault(page.stem, []).append(page)
        # A file name names a page only when one page has it ("index.html" is everywhere).
        self.by_stem = {stem: paths[0] for stem, paths in stems.items() if len(paths) == 1}

    def find(self, link: str) -> Path | None:
        key = url_key(link)
        if key in self.by_url:
            return self.by_url[key]
        path = key.split("?", 1)[0]
        segments = [s for s in path.split("/") if s]
        # Saved as host/path/... under the folder (wget -x), or as path/... without the host.
        for i in range(len(segments)):
            rel = "/".join(segments[i:])
            for candidate in (rel, rel.rsplit(".", 1)[0], f"{rel}/index"):
                if candidate in self.by_relpath:
                    return self.by_relpath[candidate]
        if segments:
            last = segments[-1]
            for candidate in (last, last.rsplit(".", 1)[0]):
                if candidate in self.by_stem:
                    return self.by_stem[candidate]
        return None


def _declared_urls(page: Path) -> list[str]:
    try:
        with page.open("rb") as f:
            head = f.read(_HEAD_BYTES).decode("utf-8", errors="replace")
    except OSError:
        return []
    urls = []
    for tag in _CANONICAL.findall(head):
        m = _HREF.search(tag)
        if m:
            urls.append(m.group(1))
    return urls


def _entry_date(entry: dict) -> str | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        t = entry.get(key)
        if t:
            try:
                return date(t[0], t[1], t[2]).isoformat()
            except (TypeError, ValueError, IndexError):
                continue
    return None


def _entry_body(entry: dict) -> str | None:
    """The item's own article text: full content (content:encoded) first, else its summary."""
    for content in entry.get("content") or []:
        value = content.get("value") if isinstance(content, dict) else None
        if isinstance(value, str) and value.strip():
            return value
    summary = entry.get("summary")
    return summary if isinstance(summary, str) and summary.strip() else None


def _read_page(page: Path, max_bytes: int) -> str | Skipped:
    try:
        size = page.stat().st_size
        if size > max_bytes:
            return Skipped(str(page), f"saved page of {size} bytes is over the {max_bytes} byte limit (--max-bytes)")
        data = page.read_bytes()
    except OSError as e:
        return Skipped(str(page), f"cannot read: {e.strerror or e}")
    try:
        return decode_bytes(data)[0]
    except DecodeError as e:
        return Skipped(str(page), str(e))


def parse_feed(data: bytes, source: str) -> list[dict] | Skipped:
    """The items of a feed, or why there are none. Broken XML is read leniently when possible."""
    import feedparser

    try:
        parsed = feedparser.parse(data)
    except Exception as e:  # noqa: BLE001 - feedparser raises little, but a feed must not stop a batch
        return Skipped(source, f"feed could not be parsed: {type(e).__name__}: {e}")
    entries = list(parsed.get("entries") or [])
    if not entries:
        if parsed.get("bozo"):
            return Skipped(source, f"broken feed XML: {parsed.get('bozo_exception')}")
        return Skipped(source, "feed has no items")
    return entries


def read_feeds(
    feeds: Iterable[Path],
    pages: Iterable[Path],
    max_bytes: int,
    consumed: set[Path] | None = None,
    root: Path | None = None,
) -> Iterator[RawRecord | Skipped]:
    """Records of every item of the feeds; the pages used are added to ``consumed``."""
    feeds = list(feeds)
    if root is None and feeds:
        root = feeds[0].parent
    index = PageIndex(pages, root)
    used: set[Path] = set() if consumed is None else consumed
    for feed in feeds:
        source = str(feed)
        data = read_limited(feed, max_bytes, "feed")
        if isinstance(data, Skipped):
            yield data
            continue
        entries = parse_feed(data, source)
        if isinstance(entries, Skipped):
            yield entries
            continue
        for i, entry in enumerate(entries, 1):
            record = _item_record(entry, f"{source}#{i}", index, used, max_bytes)
            if record is not None:
                yield record


def _item_record(
    entry: dict, where: str, index: PageIndex, used: set[Path], max_bytes: int
) -> RawRecord | Skipped | None:
    """The item's article; None when its page was already read for an item of another snapshot."""
    link = entry.get("link") if isinstance(entry.get("link"), str) else None
    title = entry.get("title") if isinstance(entry.get("title"), str) else None
    published = _entry_date(entry)
    page = index.find(link) if link else None
    if page is not None:
        if page in used:
            return None  # the same item in yesterday's and today's snapshot of a feed
        used.add(page)
        html = _read_page(page, max_bytes)
        if isinstance(html, Skipped):
            return html
        return RawRecord(source=str(page), kind="feed", html=html, url=link, title=title, published=published)
    body = _entry_body(entry)
    if body is None:
        return Skipped(where, "item has no saved page and no text of its own")
    if len(body) > max_bytes:
        return Skipped(where, f"item text is over the {max_bytes} byte limit (--max-bytes)")
    is_html = bool(_HTML_HINT.search(body))
    if is_html:
        body = f"<html><body><article>{body}</article></body></html>"
    return RawRecord(
        source=where,
        kind="feed",
        text=None if is_html else body,
        html=body if is_html else None,
        url=link,
        title=title,
        published=published,
    )


def read_feed(path: Path, max_bytes: int) -> Iterator[RawRecord | Skipped]:
    """One feed file given on its own: its items' pages are looked for in the feed's folder."""
    folder = path.parent
    pages = [p for p in sorted(folder.rglob("*")) if p.is_file() and p.suffix.lower() in _page_suffixes()]
    yield from read_feeds([path], pages, max_bytes, root=folder)


def _page_suffixes() -> set[str]:

    return HTML_SUFFIXES
