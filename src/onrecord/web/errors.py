"""One error shape for the whole web app, and the upload cap.

Every error the API returns, whatever raised it (an unknown route, a failed
validation, an oversized upload, a missing database, a bug), is

    {"error": {"status": 404, "code": "not-found", "message": "...", "details": [...]}}

``code`` is one of the short names below or a library error code (``E402``);
``details`` is a list (the fields that failed validation; empty otherwise).
Pages get the same fields rendered as an HTML page with the same status.

Two ASGI middlewares refuse a request before it reaches a route:
``RequestGuard`` (an address over ``MAX_TARGET_BYTES``, one that does not
decode as UTF-8 or holds a control character, a query parameter given twice)
and ``UploadCap`` (a body over the upload limit).
"""

from __future__ import annotations

import logging
import re
from urllib.parse import unquote_to_bytes

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from onrecord.errors import InputError, ModelUnavailable, OnrecordError
from onrecord.store.errors import NoDatabase, StoreError, UnknownField

log = logging.getLogger("onrecord.web")

_DRAIN_AT_MOST = 64_000_000

MAX_TARGET_BYTES = 8192
"""The longest request target (path and query string, as sent). The longest address the pages
make, an outlet and a search of 200 characters each percent-encoded, is 4.8 kB at worst."""

CODES = {400: "bad-request", 404: "not-found", 405: "method-not-allowed", 413: "too-large", 414: "uri-too-long",
         415: "unsupported-type", 422: "invalid", 431: "headers-too-large", 500: "internal", 503: "unavailable"}

SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}
"""Sent with every response, errors included (``respond`` sets them too, for the 500 answer that
Starlette sends from outside the app's middleware)."""


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


def shown(value: str, at_most: int = 80) -> str:
    """A visitor-given value for a message: quoted, and cut when long (the address may hold 8 kB)."""
    return repr(value if len(value) <= at_most else value[:at_most] + "…")


def error_body(status: int, code: str, message: str, details: list | None = None) -> dict:
    return {"error": {"status": status, "code": code, "message": message, "details": details or []}}


def wants_json(path: str) -> bool:
    return path.startswith("/api") or path == "/openapi.json"


def render_error(app, path: str, error: WebError) -> tuple[bytes, str]:
    """The error as a body and its media type: JSON under ``/api``, the HTML error page elsewhere."""
    body = error_body(error.status, error.code, error.message, error.details)
    if wants_json(path):
        return JSONResponse(body).body, "application/json"
    html = app.state.templates.get_template("error.html").render(error=body["error"], page=None,
                                                                  static=app.state.static_url)
    return html.encode("utf-8"), "text/html; charset=utf-8"


def respond(request: Request, error: WebError, headers: dict | None = None) -> Response:
    content, media_type = render_error(request.app, request.url.path, error)
    return Response(content, status_code=error.status, media_type=media_type,
                    headers={**SECURITY_HEADERS, **(headers or {})})


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
        headers = dict(exc.headers or {})
        if exc.status_code == 404 and message == "Not Found":
            message = f"Nothing at {shown(request.url.path)}."
        elif exc.status_code == 405:
            message = f"{request.method} is not allowed here; this address takes {headers.get('Allow', 'GET')}."
        return respond(request, WebError(exc.status_code, message), headers)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        errors = exc.errors()
        if errors and all(e.get("type") == "json_invalid" for e in errors):  # loc is ("body", offset)
            at = errors[0].get("loc", ())[-1]
            return respond(request, WebError(422, f"The request body is not valid JSON (at character {at}).",
                                             details=[{"field": "body", "message": errors[0].get("msg"),
                                                       "type": "json_invalid"}]))
        details = [
            {"field": ".".join(str(p) for p in e.get("loc", ()) if p != "body") or None, "message": e.get("msg"),
             "type": e.get("type")}
            for e in errors
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


class RequestGuard:
    """ASGI middleware: refuse an address no route should see, in the one error shape.

    - a request target (path and query string, as sent) over ``max_target`` bytes: 414;
    - a path or query string with a broken escape (``%`` without two hex digits), escapes that
      are not UTF-8 (``%ff``), raw non-ASCII bytes or a control character (``%00``-``%1F``,
      ``%7F``): 400;
    - a query parameter given more than once (no route takes a list): 422.

    Starlette would otherwise turn bad escapes into U+FFFD and keep the last of repeated
    parameters, so that a route could answer a question it was not asked.
    """

    def __init__(self, app, max_target: int = MAX_TARGET_BYTES):
        self.app = app
        self.max_target = max_target

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        error = self.check(scope)
        if error is None:
            return await self.app(scope, receive, send)
        from starlette.requests import Request as StarletteRequest

        response = respond(StarletteRequest(scope, receive), error)
        await response(scope, receive, send)

    def check(self, scope) -> WebError | None:
        raw_path = scope.get("raw_path") or scope["path"].encode("utf-8", "surrogateescape")
        query = scope.get("query_string") or b""
        size = len(raw_path) + (len(query) + 1 if query else 0)
        if size > self.max_target:
            return WebError(414, f"The address is {size_text(size)}; the limit is {size_text(self.max_target)}. "
                            "Shorten the search or the filters.",
                            details=[{"limit_bytes": self.max_target, "size_bytes": size}])
        problem = _undecodable(raw_path, plus_is_space=False)
        if problem:
            return WebError(400, f"The path {problem}.", details=[{"field": "path", "message": problem}])
        seen: set[str] = set()
        repeated: list[str] = []
        for pair in query.split(b"&"):
            if not pair:
                continue
            raw_name, _, raw_value = pair.partition(b"=")
            problem = _undecodable(raw_name, plus_is_space=True)
            if problem:
                return WebError(400, f"A query parameter's name {problem}.",
                                details=[{"field": "query", "message": problem}])
            name = _decoded(raw_name)
            problem = _undecodable(raw_value, plus_is_space=True)
            if problem:
                return WebError(400, f"The query parameter {shown(name, 40)} {problem}.",
                                details=[{"field": f"query.{name[:40]}", "message": problem}])
            if name in seen and name not in repeated:
                repeated.append(name)
            seen.add(name)
        if repeated:
            names = ", ".join(shown(n, 40) for n in repeated)
            return WebError(422, f"Give each query parameter once: {names} came more than once.",
                            details=[{"field": f"query.{n[:40]}", "message": "given more than once"} for n in repeated])
        return None


_BAD_ESCAPE = re.compile(rb"%(?![0-9A-Fa-f]{2})")


def _decoded(raw: bytes) -> str:
    return unquote_to_bytes(raw.replace(b"+", b" ")).decode("utf-8")


def _undecodable(raw: bytes, plus_is_space: bool) -> str | None:
    """Why ``raw`` (a percent-encoded path or query part) is not clean text, or ``None``."""
    if not raw.isascii():
        return "holds bytes that are not percent-encoded"
    if _BAD_ESCAPE.search(raw):
        return "holds a % not followed by two hex digits (write %25 for a % sign)"
    data = unquote_to_bytes(raw.replace(b"+", b" ") if plus_is_space else raw)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return "is not UTF-8 once its %-escapes are decoded"
    if any(ord(c) < 32 or ord(c) == 127 for c in text):
        return "holds a control character (%00-%1F or %7F)"
    return None
