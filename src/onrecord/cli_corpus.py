"""The corpus commands: ``ingest``, ``quotes``, ``speakers``, ``report``, ``export``.

Thin wrappers over ``onrecord.batch`` and ``onrecord.store``; registered on
the ``onrecord`` group by ``register(main)`` at the end of ``cli.py``. Exit
codes as for ``analyze``: 0 all good, 1 some inputs were not analyzed (each in
the ``errors`` table and on stderr), 2 usage error or nothing usable, and for
a fault (disk full, locked or read-only file: one ``error: E4xx`` line); an
ingest stopped by SIGTERM or Ctrl-C exits with 128 + the signal (143, 130)
after finishing the article it was writing.
"""

from __future__ import annotations

import sys
import time

import click

from onrecord.errors import OnrecordError
from onrecord.extras import require

EXIT_PARTIAL = 1
EXIT_NOTHING = 2
DEFAULT_DB = "onrecord.duckdb"

_db_option = click.option(
    "--db", "db_path", default=DEFAULT_DB, show_default=True, help="The DuckDB corpus file.", metavar="PATH"
)
_format_option = click.option(
    "--format", "output_format", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True
)


def _fail(message: str) -> None:
    click.echo(f"error: {message}", err=True)
    sys.exit(EXIT_NOTHING)


def _needs(command: str, *extras: str) -> None:
    """Stop with the one-line E600 message when an extra the command needs is not installed."""
    try:
        require(command, *extras)
    except OnrecordError as exc:
        _fail(str(exc))


def _close(bar) -> None:
    if bar is not None:
        bar.close()


class _Bar:
    """A tqdm bar on stderr: articles, articles/s, errors, ETA (when the total is known)."""

    def __init__(self, total: int | None, enabled: bool):
        from tqdm import tqdm

        self.bar = tqdm(total=total, unit="article", file=sys.stderr, disable=not enabled, dynamic_ncols=True,
                        smoothing=0.1)
        self.shown = 0

    def __call__(self, summary) -> None:
        seen = summary.seen
        if seen > self.shown:
            self.bar.update(seen - self.shown)
            self.shown = seen
        self.bar.set_postfix(stored=summary.stored, already=summary.already, errors=summary.errors, refresh=False)

    def close(self) -> None:
        self.bar.close()


@click.command()
@click.argument("paths", nargs=-1, required=True)
@_db_option
@click.option("--workers", type=click.IntRange(min=1), default=1, show_default=True,
              help="Analyze in N local processes (each loads the model once).")
@click.option("--scheduler", metavar="ADDRESS",
              help="Run on an existing Dask cluster (tcp://host:port) instead of local processes.")
@click.option("--shard-dir", metavar="PATH",
              help="Where Dask workers leave Parquet shards; must be shared with them. [default: DB.shards/]")
@click.option("--shard-size", type=click.IntRange(min=1), default=8, show_default=True,
              help="Articles per shard (one task each).")
@click.option("--input-format", type=click.Choice(["txt", "html", "warc", "jsonl"]),
              help="Read every input as this format instead of guessing.")
@click.option("--progress/--no-progress", default=None, help="Progress bar on stderr [default: when a terminal].")
def ingest(paths, db_path, workers, scheduler, shard_dir, shard_size, input_format, progress) -> None:
    """Analyze the articles at PATHS and store them in the corpus database.

    Safe to interrupt and re-run: articles already stored (same URL, else same
    text) are skipped, so the same command finishes the job.
    """
    _needs("ingest", "corpus", *(["dask"] if scheduler else []))
    from onrecord.batch import LocalRunner, estimate_total
    from onrecord.batch import ingest as run_ingest
    from onrecord.batch.stop import StopOnSignals
    from onrecord.options import Options
    from onrecord.store import Interrupted, Store

    options = Options()
    if scheduler:
        from onrecord.batch.dask_runner import DaskRunner

        runner = DaskRunner(scheduler, shard_dir or f"{db_path}.shards", options)
    else:
        runner = LocalRunner(workers, options)
    show = progress if progress is not None else sys.stderr.isatty()
    started = time.monotonic()
    bar = None
    try:
        # From here on SIGTERM / Ctrl-C stop the ingest between two articles (see onrecord.batch.stop).
        with StopOnSignals() as stopper:
            bar = _Bar(estimate_total(paths), show)
            with Store.open(db_path) as store:
                summary = run_ingest(paths, store, runner, input_format=input_format, shard_size=shard_size,
                                     progress=bar, stop=stopper)
    except Interrupted as exc:
        _close(bar)
        click.echo(f"error: {exc}", err=True)
        sys.exit(exc.exit_code)
    except OnrecordError as exc:
        _close(bar)
        _fail(str(exc))
    except OSError as exc:
        _close(bar)
        _fail(f"{scheduler or db_path}: {exc}")
    _close(bar)
    elapsed = time.monotonic() - started
    rate = summary.stored / elapsed if elapsed else 0.0
    click.echo(
        f"{db_path}: {summary.stored} article(s) stored, {summary.already} already there, "
        f"{summary.errors} error(s), {summary.corpus_speakers} corpus speakers "
        f"({elapsed:.1f} s, {rate:.2f} articles/s)",
        err=True,
    )
    if summary.stats.skipped:
        reasons = ", ".join(f"{n} {reason}" for reason, n in sorted(summary.stats.skipped.items()))
        click.echo(f"archive records not analyzed: {reasons}", err=True)
    if summary.errors:
        click.echo(f"{summary.errors} input(s) not analyzed (see the errors table):", err=True)
        for message in summary.error_messages[:20]:
            click.echo(f"  {message}", err=True)
        sys.exit(EXIT_PARTIAL if summary.stored or summary.already else EXIT_NOTHING)


def _query(db_path: str, run, output_format: str) -> None:
    from onrecord.store import Store
    from onrecord.store.queries import render

    try:
        with Store.open(db_path, read_only=True) as store:
            result = run(store)
    except OnrecordError as exc:
        _fail(str(exc))
    click.echo(render(result, output_format))


@click.command()
@_db_option
@_format_option
@click.option("--speaker", help="Name (or part of one) of the speaker, across the names merged into them.")
@click.option("--outlet", help="The outlet (site name), exactly, case-insensitive.")
@click.option("--since", metavar="DATE", help="Published on or after DATE (ISO 8601).")
@click.option("--until", metavar="DATE", help="Published on or before DATE (ISO 8601).")
@click.option("--identity", type=click.Choice(["named", "pseudonym", "anonymous", "unknown"]))
@click.option("--search", metavar="TEXT", help="Quoted content containing TEXT (case-insensitive).")
@click.option("--limit", type=click.IntRange(min=1), help="At most N quotes.")
def quotes(db_path, output_format, speaker, outlet, since, until, identity, search, limit) -> None:
    """Quotes in the corpus with speaker, outlet and date, filtered."""
    _needs("quotes", "corpus")
    from onrecord.store import queries

    _query(db_path, lambda s: queries.quotes(s, speaker=speaker, outlet=outlet, since=since, until=until,
                                            identity=identity, search=search, limit=limit), output_format)


@click.command()
@_db_option
@_format_option
@click.option("--top", type=click.IntRange(min=1), default=20, show_default=True, help="The N most quoted.")
def speakers(db_path, output_format, top) -> None:
    """The most quoted corpus speakers: quotes, articles, outlets, identity."""
    _needs("speakers", "corpus")
    from onrecord.store import queries

    _query(db_path, lambda s: queries.speakers(s, top=top), output_format)


@click.command()
@_db_option
@_format_option
@click.option("--top-speakers", type=click.IntRange(min=0), default=3, show_default=True)
def report(db_path, output_format, top_speakers) -> None:
    """Per outlet: articles, quotes per article, named/pseudonymous/anonymous shares, caveats, top speakers."""
    _needs("report", "corpus")
    from onrecord.store import queries

    _query(db_path, lambda s: queries.report(s, top_speakers=top_speakers), output_format)


@click.command()
@click.argument("out", metavar="OUT")
@_db_option
@click.option("--format", "export_format", type=click.Choice(["parquet", "csv", "jsonl"]), default="parquet",
              show_default=True)
def export(out, db_path, export_format) -> None:
    """Write every table of the corpus to the folder OUT, one file per table (OUT/quotes.parquet, ...)."""
    _needs("export", "corpus")
    from onrecord.store import Store
    from onrecord.store.queries import export as run_export

    try:
        with Store.open(db_path, read_only=True) as store:
            files = run_export(store, out, export_format)
    except OnrecordError as exc:
        _fail(str(exc))
    for path in files:
        click.echo(str(path))


COMMANDS = (ingest, quotes, speakers, report, export)


def register(group: click.Group) -> None:
    """Add the corpus commands to the ``onrecord`` group."""
    for command in COMMANDS:
        group.add_command(command)
