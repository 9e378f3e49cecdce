"""One error shape for the whole web app, and the upload cap.

Every error the API returns, whatever raised it (an unknown route, a failed
validation, an oversized upload, a missing database, a bug), is

    {"error": {"status": 404, "code": "not-found", "message": "...", "details": [...]}}

``code`` is one of the short names below or a library error code (``E402``);
``details`` is a list (the fields that failed validation; empty otherwise).
Pages get the same fields rendered as an HTML page with the same status.
"""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from onrecord.errors import InputError, ModelUnavailable, OnrecordError
from onrecord.store.errors import NoDatabase, StoreError, UnknownField

log = logging.getLogger("onrecord.web")

_DRAIN_AT_MOST = 64_000_000

CODES = {400: "bad-request", 404: "not-found", 405: "method-not-allowed", 413: "too-large",
         415: "unsupported-type", 422: "invalid", 500: "internal", 503: "unavailable"}


class WebError(Exception):
    """An error with a status, a code and a message a person can act on."""

    def __init__(self, status: int, message: str, code: str | None = None, details: list | None = None):
        super().__init__(message)
        self.status = status
        self.code = code or CODES.get(status, "error")
        self.message = message
        self.details = details or []


class BodyTooLarge(WebError):
    def __init__(self, limit: int, size: int | None = None):
        got = f"The request is {size_text(size)}; " if size else "The request is larger than allowed; "
        super().__init__(
            413, got + f"the limit is {size_text(limit)}. Upload a single article (a .txt or .html file) "
            "or paste a shorter text.", details=[{"limit_bytes": limit, "size_bytes": size}],
        )


def size_text(n: int | None) -> str:
    if n is None:
        return "unknown"
    if n >= 1_000_000:
        return f"{n / 1_000_000:.1f} MB"
    if n >= 1000:
        return f"{n / 1000:.0f} kB"
    return f"{n} bytes"


def error_body(status: int, code: str, message: str, details: list | None = None) -> dict:
    return {"error": {"status": status, "code": code, "message": message, "details": details or []}}


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api") or request.url.path == "/openapi.json"


def respond(request: Request, error: WebError) -> Response:
    body = error_body(error.status, error.code, error.message, error.details)
    if _wants_json(request):
        return JSONResponse(body, status_code=error.status)
    templates = request.app.state.templates
    html = templates.get_template("error.html").render(error=body["error"], request=request,
                                                        page=None, static=request.app.state.static_url)
    return HTMLResponse(html, status_code=error.status)


def from_library(exc: OnrecordError) -> WebError:
    """A library error (E4xx for the store) as a web error: the database is missing, locked or unusable."""
    if isinstance(exc, NoDatabase):
        message = (f"{exc}. The corpus pages need a database: run `onrecord ingest INPUT --db PATH`, "
                   "then `onrecord serve --db PATH`. The Analyze page works without one.")
        return WebError(503, message, code=exc.code)
    if isinstance(exc, UnknownField):
        return WebError(400, str(exc), code=exc.code)
    if isinstance(exc, (StoreError, ModelUnavailable)):
        return WebError(503, str(exc), code=exc.code)
    if isinstance(exc, InputError):
        return WebError(400, str(exc), code=exc.code)
    return WebError(500, str(exc), code=exc.code)


def install(app: FastAPI) -> None:
    """Route every kind of error to ``respond``."""

    @app.exception_handler(WebError)
    async def _web(request: Request, exc: WebError) -> Response:
        return respond(request, exc)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        if isinstance(exc.__cause__, WebError):  # FastAPI wraps errors raised while it reads the body
            return respond(request, exc.__cause__)
        message = exc.detail if isinstance(exc.detail, str) else CODES.get(exc.status_code, "error")
        if exc.status_code == 404 and message == "Not Found":
            message = f"Nothing at {request.url.path}."
        return respond(request, WebError(exc.status_code, message))

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        details = [
            {"field": ".".join(str(p) for p in e.get("loc", ()) if p != "body") or None, "message": e.get("msg"),
             "type": e.get("type")}
            for e in exc.errors()
        ]
        fields = ", ".join(d["field"] or "request" for d in details)
        return respond(request, WebError(422, f"The request is not valid: {fields}.", details=details))

    @app.exception_handler(OnrecordError)
    async def _library(request: Request, exc: OnrecordError) -> Response:
        return respond(request, from_library(exc))

    @app.exception_handler(Exception)
    async def _bug(request: Request, exc: Exception) -> Response:
        log.exception("unexpected error on %s", request.url.path)
        return respond(request, WebError(500, "Something went wrong on the server; the error is in its log."))


class UploadCap:
    """ASGI middleware: refuse a request body over ``limit`` bytes with 413, before it is parsed.

    A declared ``Content-Length`` over the limit is refused at once; a body
    sent without one is counted as it arrives and refused when it passes the
    limit (``BodyTooLarge`` raised while the route reads its form).
    """

    def __init__(self, app, limit: int):
        self.app = app
        self.limit = limit

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = dict(scope.get("headers") or [])
        declared = headers.get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.limit:
            scope["onrecord.too_large"] = int(declared)
            return await self._refuse(scope, receive, send, int(declared))
        seen = 0
        limit = self.limit

        async def counted():
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise BodyTooLarge(limit, None)
            return message

        return await self.app(scope, counted, send)

    async def _refuse(self, scope, receive, send, size: int):
        from starlette.requests import Request as StarletteRequest

        # Read (and drop) what the client is still sending, within reason, so that it sees the answer
        # rather than a reset connection; then answer.
        drained = 0
        while drained < _DRAIN_AT_MOST:
            message = await receive()
            if message["type"] != "http.request":
                break
            drained += len(message.get("body", b""))
            if not message.get("more_body"):
                break
        response = respond(StarletteRequest(scope, receive), BodyTooLarge(self.limit, size))
        await response(scope, receive, send)
