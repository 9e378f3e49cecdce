"""The FastAPI application: ``create_app(db_path)``.

Pages (``onrecord.web.pages``) and the JSON API under ``/api``
(``onrecord.web.api``) share the data functions (``onrecord.web.data``) and
one error shape (``onrecord.web.errors``). Requests share one read-only
connection to the corpus (``onrecord.web.data.SharedCorpus``), closed after a
second without requests, so an ``onrecord ingest`` can run between visits and
the server never writes it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import Response
from jinja2 import Environment, PackageLoader, select_autoescape

from onrecord.store import Store
from onrecord.store.limits import Limits
from onrecord.web import api, pages
from onrecord.web.assets import static_files
from onrecord.web.data import DEFAULT_DB_REQUESTS, SharedCorpus
from onrecord.web.errors import SECURITY_HEADERS, RequestGuard, UploadCap, WebError, install, shown

DEFAULT_UPLOAD_LIMIT = 2_000_000
"""Bytes a request body may hold: a long article as HTML is well under 1 MB."""


class Settings:
    def __init__(self, db_path: str | Path, upload_limit: int, limits: Limits | None = None,
                 db_requests: int = DEFAULT_DB_REQUESTS):
        self.db_path = str(db_path)
        self.upload_limit = upload_limit
        self.shared = SharedCorpus(db_path, limits=limits, db_requests=db_requests)

    @contextmanager
    def corpus(self) -> Iterator[Store]:
        with self.shared.request() as store:
            yield store


def create_app(db_path: str | Path = "onrecord.duckdb", *, upload_limit: int = DEFAULT_UPLOAD_LIMIT,
               limits: Limits | None = None, db_requests: int = DEFAULT_DB_REQUESTS) -> FastAPI:
    """The web app over the corpus at ``db_path`` (which need not exist: the Analyze page works anyway).

    ``limits``: DuckDB's memory and threads for the shared connection (default: the environment's, else
    a quarter of RAM); ``db_requests``: how many requests query the corpus at once, the rest wait.
    """
    from onrecord import __version__

    app = FastAPI(
        title="onrecord",
        version=__version__,
        description="Who said what in the news: analyze an article, explore a corpus. "
        "Every error has the shape {\"error\": {\"status\", \"code\", \"message\", \"details\"}}.",
        docs_url=None,  # Swagger UI loads from a CDN; the schema itself is served
        redoc_url=None,
        openapi_url="/api/openapi.json",
    )
    app.state.settings = Settings(db_path, upload_limit, limits, db_requests)
    app.state.templates = _templates()
    app.state.static_url = _static_url()
    install(app)
    # Outermost last: security headers on every answer; HEAD served as GET; bad addresses and
    # oversized bodies refused before any route sees them.
    app.add_middleware(UploadCap, limit=upload_limit)
    app.add_middleware(RequestGuard)
    app.add_middleware(HeadAsGet)
    app.add_middleware(SecurityHeaders)
    app.include_router(api.router)
    app.include_router(pages.router)

    @app.get("/static/{name}", include_in_schema=False)
    def static(name: str) -> Response:
        found = static_files().get(name)
        if found is None:
            raise WebError(404, f"No static file {shown(name)}.")
        content, media_type = found
        return Response(content, media_type=media_type, headers={"Cache-Control": "public, max-age=3600"})

    return app


class SecurityHeaders:
    """ASGI middleware: the Content-Security-Policy and friends on every response that lacks them."""

    def __init__(self, app):
        self.app = app
        self.headers = [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in SECURITY_HEADERS.items()]

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def with_headers(message):
            if message["type"] == "http.response.start":
                present = {k.lower() for k, _ in message.get("headers", [])}
                extra = [(k, v) for k, v in self.headers if k not in present]
                message = {**message, "headers": list(message.get("headers", [])) + extra}
            await send(message)

        await self.app(scope, receive, with_headers)


class HeadAsGet:
    """ASGI middleware: HEAD is answered as GET without the body (HTTP requires it of every GET resource)."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["method"] != "HEAD":
            return await self.app(scope, receive, send)

        async def without_body(message):
            if message["type"] == "http.response.body":
                message = {**message, "body": b""}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, without_body)


def _templates() -> Environment:
    env = Environment(loader=PackageLoader("onrecord.web", "templates"),
                      autoescape=select_autoescape(default=True, default_for_string=True))
    env.globals["percent"] = lambda x: "–" if x is None else f"{x * 100:.0f}%"
    return env


def _static_url():
    versions = {name: hashlib.sha1(content).hexdigest()[:10] for name, (content, _) in static_files().items()}

    def url(name: str) -> str:
        return f"/static/{name}?v={versions.get(name, '0')}"

    return url
