"""The ``serve`` command: the web app over a corpus database (see docs/web.md).

Registered on the ``onrecord`` group by ``register(main)`` at the end of ``cli.py``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from onrecord.errors import OnrecordError
from onrecord.cli_corpus import limit_options, limits_from_options
from onrecord.extras import require

DEFAULT_DB = "onrecord.duckdb"

DEFAULT_DB_REQUESTS = 2
"""Requests querying the corpus at once (``onrecord.web.data.DEFAULT_DB_REQUESTS``; the web extra may be absent
here, so the figure is repeated, and a test keeps the two equal)."""
DB_REQUESTS_ENV = "ONRECORD_DB_REQUESTS"

KEEP_ALIVE_SECONDS = 5
"""How long an idle connection is kept open (uvicorn's default). A client that keeps idle
connections as long or longer may send on one just as it is closed: clients should expire theirs
sooner, or retry an idempotent request, as browsers do."""


MAX_REQUEST_HEAD = 16 * 1024
"""Bytes of a request line and headers that may arrive before they are complete (h11's default).
The app itself refuses a request target over 8 kB (``onrecord.web.errors.MAX_TARGET_BYTES``)."""


@click.command()
@click.option("--db", "db_path", default=DEFAULT_DB, show_default=True, metavar="PATH",
              help="The DuckDB corpus file, opened read-only (the Analyze page works without one).")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; the default takes connections from this machine only.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
@click.option("--db-requests", type=click.IntRange(min=1), default=None, metavar="N",
              help="Requests that may query the corpus at once; the others wait their turn. "
                   f"[default: $ONRECORD_DB_REQUESTS, else {DEFAULT_DB_REQUESTS}]")
@limit_options
def serve(db_path: str, host: str, port: int, db_requests: int | None, memory_limit: str | None,
          threads: str | None) -> None:
    """Serve the web pages and the JSON API (/api) over the corpus at --db."""
    try:
        require("serve", "web", "corpus")
    except OnrecordError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
    limits = limits_from_options(memory_limit, threads)
    db_requests = db_requests or _db_requests_from_environment()
    import uvicorn

    from onrecord.web import create_app

    if not Path(db_path).exists():
        click.echo(
            f"warning: E402 {db_path}: no such database; the corpus pages will say so. Create it with "
            f"`onrecord ingest INPUT --db {db_path}`; the Analyze page works without it.",
            err=True,
        )
    if host not in ("127.0.0.1", "localhost", "::1"):
        click.echo(f"warning: listening on {host}: other machines can reach this server", err=True)
    click.echo(f"onrecord: serving {db_path} (read-only) at http://{host}:{port}/  (Ctrl-C stops)", err=True)
    app = create_app(db_path, limits=limits, db_requests=db_requests)
    uvicorn.run(app, host=host, port=port, log_level="warning", http=http_protocol(app),
                h11_max_incomplete_event_size=MAX_REQUEST_HEAD, timeout_keep_alive=KEEP_ALIVE_SECONDS)


def _db_requests_from_environment() -> int:
    """``ONRECORD_DB_REQUESTS`` as a count of at least 1, else the default; a bad value is one line and exit 2."""
    import os

    text = os.environ.get(DB_REQUESTS_ENV, "").strip()
    if not text:
        return DEFAULT_DB_REQUESTS
    if not text.isdigit() or int(text) < 1:
        click.echo(f"error: {DB_REQUESTS_ENV}: {text!r} is not a request count: give a whole number of at "
                   "least 1", err=True)
        sys.exit(2)
    return int(text)


def http_protocol(app):
    """The protocol class for uvicorn's ``http`` option: uvicorn's own h11 protocol, with a request
    that h11 refuses answered in the app's error shape (see ``onrecord.web.refusals``).

    It relies only on the ``http`` option taking any asyncio protocol class (built with the keyword
    arguments uvicorn passes to its own) and on the name uvicorn gives its h11 protocol there.
    """
    from uvicorn.config import HTTP_PROTOCOLS
    from uvicorn.importer import import_from_string

    from onrecord.web.errors import SECURITY_HEADERS, render_error
    from onrecord.web.refusals import RefusalsInErrorShape, response_bytes

    uvicorn_protocol = import_from_string(HTTP_PROTOCOLS["h11"])
    security = {name.lower(): value for name, value in SECURITY_HEADERS.items()}

    def answer(received: bytes) -> bytes:
        error, path = _protocol_error(received, MAX_REQUEST_HEAD)
        content, media_type = render_error(app, path, error)
        return response_bytes(error.status, content, {"content-type": media_type, **security})

    class Protocol(RefusalsInErrorShape):
        def __init__(self, **uvicorn_arguments):
            super().__init__(uvicorn_protocol(**uvicorn_arguments), MAX_REQUEST_HEAD, answer)

    return Protocol


def _protocol_error(received: bytes, limit: int):
    """The error for a request h11 refused, from the bytes it still held; and the path it named, if any."""
    from onrecord.web.errors import MAX_TARGET_BYTES, WebError, size_text

    line, newline, rest = received.partition(b"\r\n")
    parts = line.split(b" ")
    target = parts[1] if len(parts) > 1 and parts[1].startswith(b"/") else b"/api"
    path = target.split(b"?", 1)[0].decode("ascii", "replace")
    if len(received) > limit and not newline:
        error = WebError(414, f"The request line is over {size_text(limit)}; the limit for an address is "
                         f"{size_text(MAX_TARGET_BYTES)}. Shorten the search or the filters.",
                         details=[{"limit_bytes": limit}])
    elif len(received) > limit:
        error = WebError(431, f"The request's headers are over {size_text(limit)}.",
                         details=[{"limit_bytes": limit}])
    else:
        error = WebError(400, "The request is not valid HTTP/1.1.")
    return error, path


def register(main: click.Group) -> None:
    main.add_command(serve)
