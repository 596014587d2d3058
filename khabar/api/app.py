"""The HTTP API and the pages it serves: ``create_app(db_url, token)`` builds the FastAPI app.

One pipeline is built per app (lazily, or at start with ``preload``) and shared under a lock;
the store is opened once. Write endpoints need a bearer token; every error is JSON with a code.
"""

from __future__ import annotations

import datetime as dt
import os
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib import resources
from typing import Any

from anyio import CapacityLimiter, to_thread
from fastapi import Body, Depends, FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from khabar import __version__
from khabar.api import corpus
from khabar.api.guard import call_with_deadline
from khabar.api.http import ApiError, LimitsMiddleware, check_bearer, error_response, from_khabar
from khabar.api.models import ArticleIn, DyadChart, Filters, Health, IngestOut, MonthCount, Page
from khabar.doc import SCHEMA, Doc
from khabar.errors import KhabarError

DEFAULT_MAX_BODY = 10 * 1024 * 1024  # bytes per request
DEFAULT_MAX_CHARS = 200_000  # characters per article
DEFAULT_MAX_BATCH = 500  # documents per POST /documents
DEFAULT_TIME_LIMIT = 60.0  # seconds of analysis per article
DEFAULT_BODY_TIMEOUT = 60.0  # seconds to receive a request body, else 408

# the files of the pages (khabar/web), served from memory with their media types
WEB_FILES: dict[str, str] = {
    "read.html": "text/html; charset=utf-8",
    "corpus.html": "text/html; charset=utf-8",
    "api.html": "text/html; charset=utf-8",
    "khabar.css": "text/css; charset=utf-8",
    "common.js": "text/javascript; charset=utf-8",
    "read.js": "text/javascript; charset=utf-8",
    "corpus.js": "text/javascript; charset=utf-8",
    "apidoc.js": "text/javascript; charset=utf-8",
}
PAGES = {"read": "read.html", "corpus": "corpus.html", "api": "api.html"}


def _load_web() -> dict[str, bytes]:
    root = resources.files("khabar.web")
    return {name: root.joinpath(name).read_bytes() for name in WEB_FILES}


def _check_date(value: str | None, what: str = "date") -> str | None:
    if value in (None, ""):
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10]).isoformat()
    except ValueError:
        raise ApiError(400, "K006", f"bad {what} {value!r}: use YYYY-MM-DD") from None


def _stated_date(text: str) -> str | None:
    """The publication date the article states (dateline), when the time stage offers it."""
    try:
        from khabar.time.dateline import publication_date
    except ImportError:
        return None
    result: str | None = publication_date(text)
    return result


class Services:
    """What the routes share: one pipeline (built once, used under a lock) and one store."""

    def __init__(self, db_url: str | None, config: Any, preload: bool) -> None:
        self.db_url = db_url
        self.config = config
        self._pipeline: Any = None
        self._store: Any = None
        self._build_lock = threading.Lock()
        self._run_lock = threading.Lock()
        self._analysis_slot: CapacityLimiter | None = None  # made in the event loop, on first use
        if preload:
            self.pipeline()
            if db_url:
                self.store()

    def pipeline(self) -> Any:
        if self._pipeline is None:
            with self._build_lock:
                if self._pipeline is None:
                    from khabar.pipeline import Pipeline

                    self._pipeline = Pipeline(self.config)
        return self._pipeline

    def store(self) -> Any:
        if not self.db_url:
            raise ApiError(503, "no_store", "this server has no store (start it with --db)")
        if self._store is None:
            with self._build_lock:
                if self._store is None:
                    from khabar.store import open_store

                    self._store = open_store(self.db_url)
        return self._store

    def analyze(self, art: ArticleIn) -> Doc:
        if not isinstance(art.text, str) or not art.text.strip():
            raise ApiError(400, "K004", "text is empty")
        date = _check_date(art.date) or _stated_date(art.text)
        source = art.source.model_dump(exclude_none=True) if art.source else None
        pipe = self.pipeline()
        doc = pipe.make_doc(art.text, id=art.id or "", date=date, source=source or None)
        with self._run_lock:  # a hanging stage is stopped, so the one analysis slot is never held for ever
            result: Doc = call_with_deadline(lambda: pipe(doc), self.config.time_limit)
        return result

    async def analyze_json(self, art: ArticleIn) -> dict[str, Any]:
        """``analyze`` in a thread of its own: analyses wait for it without holding one of the
        server's worker threads, so queries and pages are never queued behind a burst of them."""
        if self._analysis_slot is None:
            self._analysis_slot = CapacityLimiter(1)  # one pipeline, one analysis at a time
        result: dict[str, Any] = await to_thread.run_sync(lambda: self.analyze(art).to_json(),
                                                          limiter=self._analysis_slot)
        return result

    def close(self) -> None:
        store, self._store = self._store, None
        if store is not None and hasattr(store, "close"):
            store.close()


def _doc_from_item(services: Services, item: Any, where: str) -> Doc:
    """A stored document from one POST /documents item: a khabar/1 document or an article."""
    if not isinstance(item, dict):
        raise ApiError(400, "bad_request", f"{where}: not a JSON object")
    try:
        if "schema" in item:
            if item.get("schema") != SCHEMA:
                raise ApiError(400, "K007", f"{where}: expected schema {SCHEMA!r}, got {item.get('schema')!r}")
            if not isinstance(item.get("text"), str):
                raise ApiError(400, "bad_request", f"{where}: no text")
            if len(item["text"]) > services.config.max_chars:
                raise ApiError(413, "K013", f"{where}: article has {len(item['text']):,} characters; "
                               f"the limit is {services.config.max_chars:,}")
            return Doc.from_json(item)
        return services.analyze(ArticleIn.model_validate(item))
    except KhabarError as e:
        raise ApiError(from_khabar(e).status, e.code, f"{where}: {e.message}") from None
    except (KeyError, TypeError, ValueError) as e:
        raise ApiError(400, "bad_request", f"{where}: malformed document ({e})") from None


def create_app(db_url: str | None = None, token: str | None = None, *, config: Any = None,
               max_body: int = DEFAULT_MAX_BODY, max_chars: int = DEFAULT_MAX_CHARS,
               max_batch: int = DEFAULT_MAX_BATCH, time_limit: float | None = DEFAULT_TIME_LIMIT,
               private: bool = False, preload: bool = False, body_timeout: float = DEFAULT_BODY_TIMEOUT) -> FastAPI:
    """Build the API. ``token`` (default: env ``KHABAR_TOKEN``) guards writes, and reads too
    when ``private``; without one, writes are refused. ``config`` is a ``PipelineConfig``."""
    from khabar.pipeline import PipelineConfig

    token = token if token is not None else (os.environ.get("KHABAR_TOKEN") or None)
    if config is None:
        config = PipelineConfig(max_chars=max_chars, time_limit=time_limit)
    services = Services(db_url, config, preload)
    web = _load_web()

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        services.close()

    app = FastAPI(
        lifespan=lifespan, title="khabar", version=__version__,
        description="Arabic news to structured, sourced, dated political event data (schema khabar/1). "
        "Write endpoints need `Authorization: Bearer <token>`. Errors are "
        "`{\"error\": {\"code\": …, \"message\": …}}`.",
        docs_url=None, redoc_url=None,  # their pages load scripts from a CDN; /api is the offline reference
    )
    app.state.services = services
    app.add_middleware(LimitsMiddleware, max_body=max_body, body_timeout=body_timeout)  # type: ignore[arg-type]

    @app.exception_handler(ApiError)
    async def _api_error(request: Request, exc: ApiError) -> JSONResponse:
        return error_response(exc.status, exc.code, exc.message, exc.headers)

    @app.exception_handler(KhabarError)
    async def _khabar_error(request: Request, exc: KhabarError) -> JSONResponse:
        e = from_khabar(exc)
        return error_response(e.status, e.code, e.message)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        if any(err.get("type") == "json_invalid" for err in exc.errors()):
            return error_response(400, "bad_json", "the request body is not valid JSON")
        parts = []
        for err in exc.errors()[:5]:
            loc = ".".join(str(x) for x in err.get("loc", ()) if x != "body")
            parts.append(f"{loc or 'body'}: {err.get('msg', 'invalid')}")
        return error_response(422, "invalid_request", "; ".join(parts) or "invalid request")

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        codes = {404: "not_found", 405: "method_not_allowed", 400: "bad_request"}
        msg = str(exc.detail) if exc.status_code != 404 else f"no route {request.url.path}"
        return error_response(exc.status_code, codes.get(exc.status_code, "http_error"), msg,
                              dict(exc.headers) if exc.headers else None)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        return error_response(500, "internal", f"internal error ({type(exc).__name__})")

    def guard_write(request: Request) -> None:
        check_bearer(request, token, what="writing")

    def guard_read(request: Request) -> None:
        if private:
            check_bearer(request, token, what="reading")

    # ---- pages -----------------------------------------------------------------------
    def page(name: str) -> Response:
        return Response(web[name], media_type=WEB_FILES[name], headers={"Cache-Control": "no-cache"})

    @app.get("/", tags=["pages"], response_class=Response, summary="the reading page (analyse or open an article)")
    def read_page() -> Response:
        return page("read.html")

    @app.get("/corpus", tags=["pages"], response_class=Response, summary="the corpus page (search, events, dyad chart)")
    def corpus_page() -> Response:
        return page("corpus.html")

    @app.get("/api", tags=["pages"], response_class=Response, summary="this API's reference, read from /openapi.json")
    def api_page() -> Response:
        return page("api.html")

    @app.get("/static/{name}", tags=["pages"], response_class=Response, summary="the pages' scripts and styles")
    def static(name: str) -> Response:
        if name not in web:
            raise ApiError(404, "not_found", f"no file {name!r}")
        return page(name)

    # ---- analysis ----------------------------------------------------------------------
    @app.get("/health", tags=["meta"], response_model=Health, summary="liveness and configuration")
    def health() -> Health:
        return Health(status="ok", version=__version__, store=bool(db_url), writes=bool(token))

    @app.get("/sample", tags=["analysis"], summary="the bundled sample article (written for khabar)")
    def sample() -> dict[str, Any]:
        text = resources.files("khabar.data").joinpath("demo_article.txt").read_text("utf-8")
        return {"text": text, "date": "2024-03-12"}

    @app.post("/analyze", tags=["analysis"], summary="analyse one article and return its khabar/1 document",
              responses={413: {"description": "body or article too large"}})
    async def analyze(art: ArticleIn, request: Request) -> dict[str, Any]:
        guard_read(request)
        return await services.analyze_json(art)

    # ---- corpus ------------------------------------------------------------------------
    @app.post("/documents", tags=["corpus"], response_model=IngestOut,
              summary="store one document or a batch (articles are analysed; khabar/1 documents kept as given)",
              responses={401: {"description": "no token"}, 403: {"description": "wrong token"},
                         413: {"description": "too large"}})
    def add_documents(request: Request, payload: dict[str, Any] = Body(
            ..., description="one article {text, id?, date?, source?}, one khabar/1 document, or "
            "{\"documents\": [...]} with any mix of those",
            openapi_examples={"article": {"value": {"text": "وصل الرئيس المصري إلى الرياض أمس.", "date": "2024-03-12"}},
                              "batch": {"value": {"documents": [{"text": "…", "id": "a1"}, {"text": "…", "id": "a2"}]}}},
    )) -> IngestOut:
        guard_write(request)
        store = services.store()
        items = payload["documents"] if "documents" in payload else [payload]
        if not isinstance(items, list) or not items:
            raise ApiError(400, "bad_request", "'documents' must be a non-empty list")
        if len(items) > max_batch:
            raise ApiError(413, "too_many_documents", f"{len(items):,} documents in one request; the limit is {max_batch:,}")
        docs = [_doc_from_item(services, item, f"documents[{i}]") for i, item in enumerate(items)]
        added, dups = corpus.add_documents(store, docs)
        return IngestOut(ingested=added, duplicates=dups, ids=[d.id for d in docs], keys=corpus.document_keys(docs))

    @app.get("/documents/{doc_id:path}", tags=["corpus"],
             summary="a stored document (khabar/1) by khabar id (which may be a URL) or store key")
    def get_document(doc_id: str, request: Request) -> dict[str, Any]:
        guard_read(request)
        found = services.store().get_document(doc_id)
        if found is None:
            raise ApiError(404, "not_found", f"no document {doc_id!r}")
        return _as_json(found)

    def query(kind: str, request: Request, f: Filters, limit: int, offset: int) -> Page:
        guard_read(request)
        store = services.store()
        filters = corpus.make_filters(actor=f.actor, dyad=f.dyad, directed=f.directed or None, type=f.type,
                                      status=f.status, since=f.since, until=f.until, source_kind=f.source_kind,
                                      outlet=f.outlet, text=f.q)
        run = {"events": store.query_events, "mentions": store.query_mentions, "statements": store.query_statements}[kind]
        rows, total = run(filters, limit=limit, offset=offset)
        n = store.counts(filters) if kind != "statements" else {}
        return Page(total=int(total), limit=limit, offset=offset, items=[_as_json(r) for r in rows],
                    mentions=n.get("mentions"), documents=n.get("documents"))

    @app.get("/events", tags=["corpus"], response_model=Page,
             summary="linked events (one real-world event across reports) matching the filters, paged")
    def events(request: Request, f: Filters = Depends(), limit: int = Query(50, ge=1, le=500),
               offset: int = Query(0, ge=0, le=10_000_000)) -> Page:
        return query("events", request, f, limit, offset)

    @app.get("/mentions", tags=["corpus"], response_model=Page,
             summary="event mentions (one event record of one article) matching the filters, paged")
    def mentions(request: Request, f: Filters = Depends(), limit: int = Query(50, ge=1, le=500),
                 offset: int = Query(0, ge=0, le=10_000_000)) -> Page:
        return query("mentions", request, f, limit, offset)

    @app.get("/statements", tags=["corpus"], response_model=Page,
             summary="attributed statements (who said what, source kind and count) matching the filters, paged")
    def statements(request: Request, f: Filters = Depends(), limit: int = Query(50, ge=1, le=500),
                   offset: int = Query(0, ge=0, le=10_000_000)) -> Page:
        return query("statements", request, f, limit, offset)

    @app.get("/events/{event_id}", tags=["corpus"], summary="one linked event with every mention that reports it")
    def get_event(event_id: str, request: Request) -> dict[str, Any]:
        guard_read(request)
        found = services.store().get_event(event_id)
        if found is None:
            raise ApiError(404, "not_found", f"no event {event_id!r}")
        return _as_json(found)

    @app.get("/actors", tags=["corpus"], summary="actor codes in the store with their event counts")
    def actors(request: Request) -> Any:
        guard_read(request)
        return _as_json(services.store().actors())

    @app.get("/stats", tags=["corpus"], summary="counts: documents, mentions, linked events, by type and month")
    def stats(request: Request) -> Any:
        guard_read(request)
        return _as_json(services.store().stats())

    @app.get("/charts/dyad", tags=["corpus"], response_model=DyadChart,
             summary="events per month between two actors, split by QuadClass (cooperation / conflict)")
    def dyad_chart(request: Request,
                   a: str = Query(..., min_length=2, max_length=12, description="first actor code"),
                   b: str = Query(..., min_length=2, max_length=12, description="second actor code"),
                   directed: bool = Query(False, description="only events with a as actor and b as recipient"),
                   since: str | None = Query(None), until: str | None = Query(None)) -> DyadChart:
        guard_read(request)
        months = corpus.monthly_counts(services.store(), a.upper(), b.upper(), directed=directed,
                                       since=_check_date(since, "since"), until=_check_date(until, "until"))
        return DyadChart(a=a.upper(), b=b.upper(), directed=directed, months=[MonthCount(**m) for m in months])

    return app


def _as_json(obj: Any) -> Any:
    """Store results as JSON: documents and dataclasses by their ``to_json``, lists item by item."""
    if hasattr(obj, "to_json"):
        return obj.to_json()
    if isinstance(obj, list | tuple):
        return [_as_json(x) for x in obj]
    if isinstance(obj, dict):
        return {str(k): _as_json(v) for k, v in obj.items()}
    if hasattr(obj, "__dataclass_fields__"):
        import dataclasses

        return _as_json(dataclasses.asdict(obj))
    return obj
