"""The ``serve`` command: the web app over a corpus database (see docs/web.md).

Registered on the ``onrecord`` group by ``register(main)`` at the end of ``cli.py``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

DEFAULT_DB = "onrecord.duckdb"


@click.command()
@click.option("--db", "db_path", default=DEFAULT_DB, show_default=True, metavar="PATH",
              help="The DuckDB corpus file, opened read-only (the Analyze page works without one).")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; the default takes connections from this machine only.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
def serve(db_path: str, host: str, port: int) -> None:
    """Serve the web pages and the JSON API (/api) over the corpus at --db."""
    try:
        import uvicorn

        from onrecord.web import create_app
    except ImportError as exc:  # pragma: no cover - the dependencies are required ones
        click.echo(f"error: the web app needs {exc.name}; reinstall onrecord", err=True)
        sys.exit(2)
    if not Path(db_path).exists():
        click.echo(
            f"warning: E402 {db_path}: no such database; the corpus pages will say so. Create it with "
            f"`onrecord ingest INPUT --db {db_path}`; the Analyze page works without it.",
            err=True,
        )
    if host not in ("127.0.0.1", "localhost", "::1"):
        click.echo(f"warning: listening on {host}: other machines can reach this server", err=True)
    click.echo(f"onrecord: serving {db_path} (read-only) at http://{host}:{port}/  (Ctrl-C stops)", err=True)
    uvicorn.run(create_app(db_path), host=host, port=port, log_level="warning")


def register(main: click.Group) -> None:
    main.add_command(serve)
