"""FastAPI application: JSON endpoints over a `Store`, plus the dashboard routes of `rasd.web`."""

from __future__ import annotations

import hmac
from contextlib import asynccontextmanager
import json
import os
from typing import Any, AsyncIterator, Optional

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field, ValidationError, model_validator
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

import rasd
from rasd.store import Filters, QueryError, Store, open_store

# The largest request body accepted (an article with its HTML page is far smaller).
MAX_BODY_BYTES = int(os.environ.get("RASD_API_MAX_BYTES", str(5 * 1024 * 1024)))
TOKEN_ENV = "RASD_API_TOKEN"


class NewDocument(BaseModel):
    """An article to extract and store: plain ``text`` or an ``html`` page (one of the two)."""

    id: Optional[str] = Field(None, max_length=200, description="Document id; a hash of the cleaned text if absent.")
    text: Optional[str] = Field(None, description="The article as plain text.")
    html: Optional[str] = Field(None, description="The article's HTML page (main text found with trafilatura).")
    url: Optional[str] = Field(None, max_length=4000)
    title: Optional[str] = Field(None, max_length=4000)
    published: Optional[str] = Field(None, max_length=64, description="Publication date, e.g. 2024-05-14.")

    @model_validator(mode="after")
    def _one_body(self) -> "NewDocument":
        if bool(self.text) == bool(self.html):
            raise ValueError("give exactly one of 'text' and 'html'")
        return self


def _error(status: int, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"error": message, "status": status}, status_code=status, headers=headers)


def _filters(
    actor: Optional[str] = Query(None, max_length=400, description="Actor id, key (kb:Q478214) or name."),
    type: Optional[str] = Query(None, max_length=64, description="PLOVER event type, e.g. AGREE."),
    modality: Optional[str] = Query(None, max_length=16, description="asserted, planned, reported or denied."),
    country: Optional[str] = Query(None, max_length=64, description="Country of an actor."),
    since: Optional[str] = Query(None, max_length=10, description="On or after YYYY[-MM[-DD]]."),
    until: Optional[str] = Query(None, max_length=10, description="On or before YYYY[-MM[-DD]]."),
    min_amount: Optional[float] = Query(None, description="An amount at least this."),
    max_amount: Optional[float] = Query(None, description="An amount at most this."),
) -> Filters:
    try:
        return Filters(actor=actor, type=type, modality=modality, country=country, since=since, until=until,
                       min_amount=min_amount, max_amount=max_amount)
    except QueryError as exc:
        raise HTTPException(400, str(exc)) from None


def _page(
    limit: int = Query(20, ge=1, le=200, description="Items per page (at most 200)."),
    offset: int = Query(0, ge=0, le=10_000_000),
) -> tuple[int, int]:
    return limit, offset


def _check_token(request: Request) -> None:
    expected = request.app.state.token if request.app.state.token is not None else os.environ.get(TOKEN_ENV)
    if not expected:
        raise HTTPException(403, f"writes are disabled: no API token is configured (set {TOKEN_ENV})")
    header = request.headers.get("authorization", "")
    scheme, _, given = header.partition(" ")
    if scheme.lower() != "bearer" or not given.strip():
        raise HTTPException(401, "a bearer token is required: Authorization: Bearer <token>")
    if not hmac.compare_digest(given.strip().encode("utf-8", "replace"), expected.encode("utf-8", "replace")):
        raise HTTPException(403, "the bearer token is not valid")


async def _read_body(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length")
    if declared is not None:
        try:
            if int(declared) > limit:
                raise HTTPException(413, f"request body larger than {limit} bytes")
        except ValueError:
            raise HTTPException(400, "invalid Content-Length") from None
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise HTTPException(413, f"request body larger than {limit} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def create_app(store: Store | str | None = None, *, token: str | None = None, max_body_bytes: int | None = None) -> FastAPI:
    """The API and dashboard over a store (a `Store`, a URL/path, or None for ./rasd.db).

    ``token`` overrides the ``RASD_API_TOKEN`` environment variable (read at each request).
    """
    owned = not isinstance(store, Store)
    if not isinstance(store, Store):
        store = open_store(store)
    opened: Store = store

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        if owned:  # a store the caller passed in is the caller's to close
            opened.close()

    app = FastAPI(
        lifespan=lifespan,
        title="Rasd API",
        version=rasd.__version__,
        description="Who did what with whom, when, where and for how much, from Arabic news.",
        docs_url=None,  # served below from the vendored Swagger UI: no CDN
        redoc_url=None,
    )
    app.state.store = store
    app.state.token = token
    app.state.max_body = max_body_bytes or MAX_BODY_BYTES

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        headers = {"WWW-Authenticate": "Bearer"} if exc.status_code == 401 else None
        return _error(exc.status_code, str(exc.detail), headers)

    @app.exception_handler(RequestValidationError)
    async def _validation_error(_request: Request, exc: RequestValidationError) -> JSONResponse:
        parts = []
        for err in exc.errors()[:5]:
            where = ".".join(str(x) for x in err.get("loc", ()) if x not in ("query", "path", "body"))
            parts.append(f"{where}: {err.get('msg')}" if where else str(err.get("msg")))
        return _error(422, "; ".join(parts) or "invalid request")

    @app.exception_handler(QueryError)
    async def _query_error(_request: Request, exc: QueryError) -> JSONResponse:
        return _error(400, str(exc))

    @app.exception_handler(Exception)
    async def _unexpected(_request: Request, exc: Exception) -> JSONResponse:  # pragma: no cover - a bug
        return _error(500, f"internal error: {type(exc).__name__}")

    @app.middleware("http")
    async def _security_headers(request: Request, call_next):  # type: ignore[no-untyped-def]
        response = await call_next(request)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        if not request.url.path.startswith("/docs") and request.url.path != "/openapi.json":
            # The dashboard needs nothing from elsewhere: no CDN, no inline script.
            response.headers.setdefault(
                "Content-Security-Policy",
                "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                "object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
            )
        return response

    def get_store(request: Request) -> Store:
        return request.app.state.store

    @app.get("/api/stats", tags=["read"], summary="Counts of everything stored, and events per month and type")
    def stats(s: Store = Depends(get_store)) -> dict[str, Any]:
        out = s.stats()
        out["events_over_time"] = s.events_over_time()
        return out

    @app.get("/api/search", tags=["read"], summary="Full-text search with filters, ranked, with snippets")
    def search(
        q: str = Query("", max_length=2000, description="Words to find; every word must match, in any spelling."),
        f: Filters = Depends(_filters),
        page: tuple[int, int] = Depends(_page),
        s: Store = Depends(get_store),
    ) -> dict[str, Any]:
        return s.search(q, f, limit=page[0], offset=page[1]).to_dict()

    @app.get("/api/documents", tags=["read"], summary="Documents, newest first, with the same filters as search")
    def documents(
        q: str = Query("", max_length=2000),
        f: Filters = Depends(_filters),
        page: tuple[int, int] = Depends(_page),
        s: Store = Depends(get_store),
    ) -> dict[str, Any]:
        result = s.search(q, f, limit=page[0], offset=page[1]).to_dict()
        result["items"] = result.pop("hits")
        return result

    @app.get("/api/documents/{doc_id:path}", tags=["read"], summary="One document with all its layers")
    def document(doc_id: str, s: Store = Depends(get_store)) -> dict[str, Any]:
        data = s.document_view(doc_id[:200])
        if data is None:
            raise HTTPException(404, "no document with this id")
        return data

    @app.get("/api/entities", tags=["read"], summary="Actors (cross-document entities), most mentioned first")
    def entities(
        q: Optional[str] = Query(None, max_length=200, description="Part of a name, any spelling."),
        type: Optional[str] = Query(None, max_length=16),
        country: Optional[str] = Query(None, max_length=64),
        page: tuple[int, int] = Depends(_page),
        s: Store = Depends(get_store),
    ) -> dict[str, Any]:
        return s.actors(q, type=type, country=country, limit=page[0], offset=page[1])

    @app.get("/api/entities/{actor_id}", tags=["read"], summary="One actor: names, documents, timeline, network")
    def entity(actor_id: int, s: Store = Depends(get_store)) -> dict[str, Any]:
        detail = s.actor(actor_id) if 0 < actor_id < 2**62 else None
        if detail is None:
            raise HTTPException(404, "no actor with this id")
        return detail

    @app.get("/api/events", tags=["read"], summary="Events with their actors and evidence, by date")
    def events(
        q: str = Query("", max_length=2000, description="Only events of articles matching these words."),
        order: str = Query("newest", pattern="^(newest|oldest)$"),
        f: Filters = Depends(_filters),
        page: tuple[int, int] = Depends(_page),
        s: Store = Depends(get_store),
    ) -> dict[str, Any]:
        return s.events(q, f, limit=page[0], offset=page[1], newest_first=order == "newest")

    @app.post(
        "/api/documents",
        tags=["write"],
        status_code=201,
        summary="Extract an article and store it (needs the bearer token)",
        openapi_extra={
            "requestBody": {"required": True, "content": {"application/json": {"schema": NewDocument.model_json_schema()}}},
        },
        dependencies=[Depends(_check_token)],
    )
    async def create_document(request: Request) -> dict[str, Any]:
        body = await _read_body(request, request.app.state.max_body)
        try:
            payload = json.loads(body)
        except (ValueError, UnicodeDecodeError):
            raise HTTPException(400, "the body is not valid JSON") from None
        if not isinstance(payload, dict):
            raise HTTPException(400, "the body must be a JSON object")
        try:
            new = NewDocument.model_validate(payload)
        except ValidationError as exc:
            msg = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'body'}: {e['msg']}" for e in exc.errors()[:5])
            raise HTTPException(422, msg) from None
        from rasd.ingest.html import HtmlError
        from rasd.ingest.records import RawRecord
        from rasd.pipeline import EmptyDocument, process_record

        record = RawRecord(
            source="api", kind="html" if new.html else "text", text=new.text, html=new.html,
            id=new.id, url=new.url, title=new.title, published=new.published,
        )
        store: Store = request.app.state.store

        def work() -> dict[str, Any]:
            doc = process_record(record)
            store.save([doc])
            return store.document_view(doc.id) or doc.to_dict()

        try:
            return await run_in_threadpool(work)
        except (EmptyDocument, HtmlError) as exc:
            raise HTTPException(422, str(exc)) from None

    @app.get("/docs", include_in_schema=False)
    def docs() -> Any:
        from fastapi.openapi.docs import get_swagger_ui_html

        vendor = "/static/vendor/swagger-ui"
        return get_swagger_ui_html(
            openapi_url="/openapi.json", title="Rasd API",
            swagger_js_url=f"{vendor}/swagger-ui-bundle.js", swagger_css_url=f"{vendor}/swagger-ui.css",
            swagger_favicon_url=f"{vendor}/favicon-32x32.png",
        )

    from rasd.web import mount_dashboard

    mount_dashboard(app)
    return app
