"""The ordered list of stages that turns an article into a `Document` with all its layers.

Each stage is a plain function taking the document and returning it with its layer added; it
declares what it reads and what it adds, so the order is checked when a pipeline is built. There is
no global mutable state: a batch can be mapped over processes or a cluster with `process_record`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Sequence

from rasd.clean import clean_text
from rasd.document import Document
from rasd.ingest.html import HtmlError, extract_html
from rasd.ingest.records import RawRecord, normalize_published
from rasd.normalize import normalize_stage
from rasd.segment import segment_stage
from rasd.entities import entities_stage
from rasd.dates import dates_stage
from rasd.amounts import amounts_stage
from rasd.events import events_stage


@dataclass(frozen=True)
class Stage:
    name: str
    run: Callable[[Document], Document]
    reads: tuple[str, ...]
    adds: tuple[str, ...]


# What a freshly built document has before any stage runs.
BASE_LAYERS = ("text", "published")

STAGES: tuple[Stage, ...] = (
    Stage("normalize", normalize_stage, reads=("text",), adds=("norm",)),
    Stage("segment", segment_stage, reads=("text", "norm"), adds=("sentences", "tokens")),
    Stage("entities", entities_stage, reads=("text", "norm", "tokens", "sentences"), adds=("entities",)),
    Stage("dates", dates_stage, reads=("text", "norm", "published"), adds=("dates", "published")),
    Stage("amounts", amounts_stage, reads=("text", "norm", "dates"), adds=("amounts",)),
    # Events last: they read every layer before them (entities and amounts when present).
    Stage("events", events_stage, reads=("tokens", "sentences", "entities", "amounts", "dates"), adds=("events",)),
)


class PipelineOrderError(ValueError):
    """A stage reads a layer that no earlier stage adds."""


class EmptyDocument(ValueError):
    """Nothing is left of an article once boilerplate is removed."""


class Pipeline:
    def __init__(self, stages: Sequence[Stage] = STAGES) -> None:
        available = set(BASE_LAYERS)
        for stage in stages:
            missing = set(stage.reads) - available
            if missing:
                raise PipelineOrderError(f"stage {stage.name!r} reads {sorted(missing)} before any stage adds it")
            available.update(stage.adds)
        self.stages = tuple(stages)

    def __call__(self, doc: Document) -> Document:
        for stage in self.stages:
            doc = stage.run(doc)
        doc.validate()
        return doc


DEFAULT_PIPELINE = Pipeline()


def clear_caches() -> None:
    """Forget every per-word cache the stages keep across articles, so the next article is
    processed as the first one of a fresh process would be (benchmarks of never-seen text)."""
    from rasd.entities.tagger import clear_caches as clear_tagger
    from rasd.normalize import _normalize_word
    from rasd.segment import _word_readings, proclitic_splits, suffix_splits

    clear_tagger()
    for cache in (_normalize_word, _word_readings, proclitic_splits, suffix_splits):
        cache.cache_clear()


def _sanitize(text: str) -> str:
    """Unix line ends, and no lone surrogates or NULs: they cannot be stored or written as UTF-8."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    return text.encode("utf-8", errors="replace").decode("utf-8")


def build_document(record: RawRecord, published: str | None = None) -> Document:
    """Read a raw record into a cleaned `Document` (no layers yet).

    The publication date comes from the record (JSONL field, HTML metadata), else from
    ``published`` (the caller's default, e.g. ``--published``); where it came from is recorded.
    """
    text, title, url = record.text, record.title, record.url
    pub, pub_source = normalize_published(record.published), "record" if record.published else None
    if record.html is not None:
        article = extract_html(record.html, url)
        text = article.text
        title = title or article.title
        url = url or article.url
        if pub is None and article.published:
            pub, pub_source = article.published, "metadata"
    if pub is None and published:
        pub, pub_source = normalize_published(published), "option"
    cleaned, removed = clean_text(_sanitize(text or ""))
    if not cleaned.strip():
        raise EmptyDocument("empty: no article text left after cleaning")
    return Document(
        text=cleaned,
        id=record.id or "",
        url=url,
        title=title,
        published=pub,
        published_source=pub_source if pub else None,
        source=record.source,
        input_kind=record.kind,
        removed=removed,
    )


def process_record(record: RawRecord, published: str | None = None, pipeline: Pipeline | None = None) -> Document:
    """Build and extract one record. Raises `EmptyDocument` or `HtmlError` for unusable input."""
    return (pipeline or DEFAULT_PIPELINE)(build_document(record, published))


def extract(
    text_or_html: str,
    published: str | None = None,
    *,
    id: str | None = None,
    url: str | None = None,
    title: str | None = None,
    pipeline: Pipeline | None = None,
) -> Document:
    """Extract everything Rasd knows how to find from one article (plain text or an HTML page)."""
    from rasd.ingest.readers import _looks_html

    is_html = _looks_html(text_or_html)
    record = RawRecord(
        source="<string>",
        kind="html" if is_html else "text",
        text=None if is_html else text_or_html,
        html=text_or_html if is_html else None,
        id=id,
        url=url,
        title=title,
    )
    return process_record(record, published, pipeline)


__all__ = ["Stage", "Pipeline", "STAGES", "extract", "build_document", "process_record", "EmptyDocument", "HtmlError"]
