"""Main text and metadata of an HTML page, with trafilatura."""

from __future__ import annotations

from dataclasses import dataclass

from rasd.ingest.records import normalize_published


class HtmlError(ValueError):
    """No article text could be found in the page."""


@dataclass(slots=True)
class HtmlArticle:
    text: str
    title: str | None
    published: str | None
    url: str | None


def extract_html(html: str, url: str | None = None) -> HtmlArticle:
    import trafilatura

    try:
        doc = trafilatura.bare_extraction(
            html, url=url, with_metadata=True, include_comments=False, include_tables=False, favor_precision=True
        )
    except Exception as e:  # trafilatura/lxml raise many kinds on broken markup
        raise HtmlError(f"HTML could not be parsed: {type(e).__name__}: {e}") from e
    if doc is None:
        raise HtmlError("no article text found in the HTML page")
    get = doc.get if isinstance(doc, dict) else (lambda k: getattr(doc, k, None))
    text = get("text") or ""
    if not text.strip():
        raise HtmlError("no article text found in the HTML page")
    return HtmlArticle(text=text, title=get("title"), published=normalize_published(get("date")), url=get("url") or url)
