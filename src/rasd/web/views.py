"""Dashboard routes: overview, search, actors, actor page, document page."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Optional
from urllib.parse import urlencode

from fastapi import FastAPI, Query, Request
from fastapi.responses import HTMLResponse, PlainTextResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, select_autoescape

import rasd
from rasd.store import Filters, QueryError, Store
from rasd.web import render

HERE = Path(__file__).resolve().parent
PAGE_SIZE = 20


def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(HERE / "templates")),
        autoescape=select_autoescape(["html", "svg"], default=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(
        event_label=render.event_label, event_colour=render.event_colour, entity_label=render.entity_label,
        modality_label=render.modality_label, css_class=render.css_class, labels=render.labels,
        version=rasd.__version__,
    )
    env.filters["number"] = _number
    env.filters["pieces"] = _snippet_pieces
    env.filters["safe_url"] = _safe_url
    return env


def _number(value: Any) -> str:
    """A number with thousands separators (2,000,000,000), or the value as it is."""
    if isinstance(value, bool) or value is None:
        return "" if value is None else str(value)
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:,.0f}" if value.is_integer() and abs(value) < 1e18 else f"{value:,.2f}"
    return str(value)


def _snippet_pieces(snippet: dict[str, Any]) -> list[tuple[str, bool]]:
    """A snippet as (text, is_hit) pieces, for <mark>ing the hits."""
    text, base = snippet.get("text", ""), snippet.get("start", 0)
    pieces, pos = [], 0
    for start, end in snippet.get("highlights", []):
        s, e = start - base, end - base
        if s < pos or e > len(text):
            continue
        if s > pos:
            pieces.append((text[pos:s], False))
        pieces.append((text[s:e], True))
        pos = e
    if pos < len(text):
        pieces.append((text[pos:], False))
    return pieces


def _safe_url(url: Any) -> str | None:
    """Only http(s) links from article metadata become links (never javascript: or data:)."""
    if isinstance(url, str) and url.lower().startswith(("http://", "https://")):
        return url
    return None


def _clean(value: Optional[str], limit: int = 200) -> Optional[str]:
    if value is None:
        return None
    value = value.strip()[:limit]
    return value or None


def mount_dashboard(app: FastAPI) -> None:
    """Add the dashboard pages and their static files to the API app."""
    env = _environment()
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")

    def page(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
        html = env.get_template(template).render(request_path=request.url.path, **context)
        return HTMLResponse(html, status_code=status)

    def store_of(request: Request) -> Store:
        return request.app.state.store

    @app.get("/assets/layers.css", include_in_schema=False)
    def layers_css() -> Response:
        return PlainTextResponse(render.layers_css(), media_type="text/css")

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def overview(request: Request) -> HTMLResponse:
        store = store_of(request)
        stats = store.stats()
        chart = render.month_chart(store.events_over_time())
        return page(
            request, "overview.html", stats=stats, chart=chart,
            actors=store.actors(limit=12)["items"], recent=store.search("", limit=8).hits,
            events=store.events(limit=8)["items"],
        )

    @app.get("/search", response_class=HTMLResponse, include_in_schema=False)
    def search_page(
        request: Request,
        q: str = Query("", max_length=2000),
        actor: Optional[str] = Query(None, max_length=400),
        type: Optional[str] = Query(None, max_length=64),
        modality: Optional[str] = Query(None, max_length=16),
        country: Optional[str] = Query(None, max_length=64),
        since: Optional[str] = Query(None, max_length=10),
        until: Optional[str] = Query(None, max_length=10),
        min_amount: Optional[str] = Query(None, max_length=32),
        max_amount: Optional[str] = Query(None, max_length=32),
        page_no: int = Query(1, alias="page", ge=1, le=100000),
    ) -> HTMLResponse:
        store = store_of(request)
        form = {
            "q": q, "actor": _clean(actor), "type": _clean(type), "modality": _clean(modality),
            "country": _clean(country), "since": _clean(since), "until": _clean(until),
            "min_amount": _clean(min_amount), "max_amount": _clean(max_amount),
        }
        error = None
        result = None
        try:
            filters = Filters(**{k: v for k, v in form.items() if k != "q"})
            result = store.search(q, filters, limit=PAGE_SIZE, offset=(page_no - 1) * PAGE_SIZE)
        except QueryError as exc:
            error = str(exc)
        query = {k: v for k, v in form.items() if v}
        pages = {}
        if result is not None:
            if page_no > 1:
                pages["prev"] = "/search?" + urlencode({**query, "page": page_no - 1})
            if page_no * PAGE_SIZE < result.total:
                pages["next"] = "/search?" + urlencode({**query, "page": page_no + 1})
        return page(
            request, "search.html", status=400 if error else 200, form=form, result=result, error=error,
            pages=pages, page_no=page_no, event_types=list(render.labels()["event_types"]),
            actor_choices=store.actors(limit=100)["items"],
            modalities=render.labels()["modalities"],
        )

    @app.get("/actors", response_class=HTMLResponse, include_in_schema=False)
    def actors_page(
        request: Request,
        q: Optional[str] = Query(None, max_length=200),
        type: Optional[str] = Query(None, max_length=16),
        country: Optional[str] = Query(None, max_length=64),
        page_no: int = Query(1, alias="page", ge=1, le=100000),
    ) -> HTMLResponse:
        store = store_of(request)
        listing = store.actors(_clean(q), type=_clean(type), country=_clean(country), limit=50, offset=(page_no - 1) * 50)
        return page(request, "actors.html", listing=listing, form={"q": q or "", "type": type or "", "country": country or ""},
                    entity_types=list(render.labels()["entity_types"]))

    @app.get("/actors/{actor_id}", response_class=HTMLResponse, include_in_schema=False)
    def actor_page(request: Request, actor_id: int) -> HTMLResponse:
        detail = store_of(request).actor(actor_id) if 0 < actor_id < 2**62 else None
        if detail is None:
            return page(request, "error.html", status=404, message="لا يوجد فاعل بهذا الرقم.")
        graph = render.network_layout(detail["network"], actor_id)
        strip = render.timeline_strip(detail["timeline"])
        return page(request, "actor.html", actor=detail, graph=graph, strip=strip)

    @app.get("/documents/{doc_id:path}", response_class=HTMLResponse, include_in_schema=False)
    def document_page(request: Request, doc_id: str) -> HTMLResponse:
        doc = store_of(request).document_view(doc_id[:200])
        if doc is None:
            return page(request, "error.html", status=404, message="لا توجد وثيقة بهذا المعرّف.")
        entities = {e["id"]: e for e in doc.get("entities", [])}
        return page(request, "document.html", doc=doc, segments=render.highlight(doc), entities=entities)
