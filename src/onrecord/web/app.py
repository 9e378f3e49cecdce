"""The FastAPI application: ``create_app(db_path)``.

Pages (``onrecord.web.pages``) and the JSON API under ``/api``
(``onrecord.web.api``) share the data functions (``onrecord.web.data``) and
one error shape (``onrecord.web.errors``). The corpus database is opened
read-only for each request, so an ``onrecord ingest`` can run between visits
and the server never writes it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import Response
from jinja2 import Environment, PackageLoader, select_autoescape

from onrecord.store import Store
from onrecord.web import api, pages
from onrecord.web.assets import static_files
from onrecord.web.data import open_corpus
from onrecord.web.errors import UploadCap, WebError, install

DEFAULT_UPLOAD_LIMIT = 2_000_000
"""Bytes a request body may hold: a long article as HTML is well under 1 MB."""


class Settings:
    def __init__(self, db_path: str | Path, upload_limit: int):
        self.db_path = str(db_path)
        self.upload_limit = upload_limit

    @contextmanager
    def corpus(self) -> Iterator[Store]:
        with open_corpus(self.db_path) as store:
            yield store


def create_app(db_path: str | Path = "onrecord.duckdb", *, upload_limit: int = DEFAULT_UPLOAD_LIMIT) -> FastAPI:
    """The web app over the corpus at ``db_path`` (which need not exist: the Analyze page works anyway)."""
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
    app.state.settings = Settings(db_path, upload_limit)
    app.state.templates = _templates()
    app.state.static_url = _static_url()
    install(app)
    app.add_middleware(UploadCap, limit=upload_limit)
    app.include_router(api.router)
    app.include_router(pages.router)

    @app.get("/static/{name}", include_in_schema=False)
    def static(name: str) -> Response:
        found = static_files().get(name)
        if found is None:
            raise WebError(404, f"No static file {name!r}.")
        content, media_type = found
        return Response(content, media_type=media_type, headers={"Cache-Control": "public, max-age=3600"})

    @app.middleware("http")
    async def security_headers(request: Request, call_next):
        response = await call_next(request)
        response.headers.setdefault(
            "Content-Security-Policy",
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
        )
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        return response

    return app


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
