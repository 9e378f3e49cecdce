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
import typing

import click

from onrecord.errors import OnrecordError
from onrecord.records import Identity
from onrecord.extras import require

EXIT_PARTIAL = 1
EXIT_NOTHING = 2
DEFAULT_DB = "onrecord.duckdb"

_db_option = click.option(
    "--db", "db_path", default=DEFAULT_DB, show_default=True, metavar="PATH",
    help="The DuckDB corpus file (queries also read a Parquet dataset folder made by `export --partition-by`).",
)


def limit_options(command):
    """``--memory-limit`` and ``--threads``: DuckDB's bounds for this command (see ``onrecord.store.limits``)."""
    for option in reversed([
        click.option("--memory-limit", metavar="SIZE",
                     help="Memory DuckDB may use before spilling to disk: 4GB, 512MB, or a share of RAM like 40%. "
                          "[default: $ONRECORD_MEMORY_LIMIT, else 25%]"),
        click.option("--threads", metavar="N",
                     help="Threads DuckDB may use for one query. [default: $ONRECORD_THREADS, else one per core]"),
    ]):
        command = option(command)
    return command


def limits_from_options(memory_limit: str | None, threads: str | None):
    """The ``Limits`` the options (else the environment) give; a bad value is one line and exit 2."""
    from onrecord.store.limits import Limits

    try:
        return Limits.from_environment(memory_limit, threads)
    except OnrecordError as exc:
        _fail(str(exc))


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
@click.argument("paths", nargs=-1)
@_db_option
@click.option("--workers", type=click.IntRange(min=1), default=1, show_default=True,
              help="Analyze in N local processes (each loads the model once).")
@click.option("--scheduler", metavar="ADDRESS",
              help="Run on an existing Dask cluster (tcp://host:port) instead of local processes.")
@click.option("--shard-dir", metavar="PATH",
              help="Where Dask workers leave Parquet shards; must be shared with them. [default: DB.shards/]")
@click.option("--shard-size", type=click.IntRange(min=1), default=8, show_default=True,
              help="Articles per shard (one task each).")
@click.option("--input-format", type=click.Choice(["txt", "html", "warc", "jsonl", "records"]),
              help="Read every input as this format instead of guessing (records: onrecord's own record JSONL, "
                   "stored without analysis).")
@click.option("--rebuild-speakers", is_flag=True,
              help="Recompute every corpus speaker (after the merge rule changed); PATHS may then be left out.")
@click.option("--progress/--no-progress", default=None, help="Progress bar on stderr [default: when a terminal].")
@limit_options
def ingest(paths, db_path, workers, scheduler, shard_dir, shard_size, input_format, rebuild_speakers,
           progress, memory_limit, threads) -> None:
    """Analyze the articles at PATHS and store them in the corpus database.

    Record JSONL (the output of `onrecord analyze --format jsonl`) is stored
    as it is, without analysis: a .jsonl file whose first line has "quotes" or
    "speakers" is taken for records, or say so with --input-format records.
    Safe to interrupt and re-run: articles already stored (same URL, else same
    text) are skipped, so the same command finishes the job.
    """
    if not paths and not rebuild_speakers:
        raise click.UsageError("give the INPUT paths to ingest (or --rebuild-speakers alone)")
    _needs("ingest", "corpus", *(["dask"] if scheduler else []))
    limits = limits_from_options(memory_limit, threads)
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
            with Store.open(db_path, limits=limits) as store:
                summary = run_ingest(paths, store, runner, input_format=input_format, shard_size=shard_size,
                                     progress=bar, stop=stopper, rebuild_speakers=rebuild_speakers)
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


def _query(db_path: str, run, limits=None) -> None:
    """Open the corpus read-only, let ``run(store)`` answer, print its text and its notes (stderr).

    ``run`` returns the text for stdout and lines for stderr: why nothing was
    found, what was hidden. A fault (no database, locked) is one line and exit 2.
    """
    from onrecord.store import Store

    try:
        with Store.open(db_path, read_only=True, limits=limits) as store:
            text, notes = run(store)
    except OnrecordError as exc:
        _fail(str(exc))
    if text:
        click.echo(text)
    for note in notes:
        click.echo(note, err=True)


def _filters_options(command):
    """The filters ``quotes`` and ``speakers`` share (``report`` takes the article ones)."""
    for option in reversed([
        click.option("--speaker", help="Part of a speaker's name (any name merged into them), case-insensitive."),
        click.option("--identity", type=click.Choice(list(typing.get_args(Identity)))),
        click.option("--search", metavar="TEXT", help="Quoted content containing TEXT (case-insensitive)."),
    ]):
        command = option(command)
    return _article_filter_options(command)


def _article_filter_options(command):
    for option in reversed([
        click.option("--outlet", help="Part of the outlet's name, case-insensitive (guardian: The Guardian)."),
        click.option("--since", metavar="DATE", help="Published on or after DATE (ISO 8601)."),
        click.option("--until", metavar="DATE", help="Published on or before DATE (ISO 8601; 2023-05: all of May)."),
    ]):
        command = option(command)
    return command


def _terminal_width() -> int:
    import shutil

    return shutil.get_terminal_size((80, 24)).columns


@click.command()
@_db_option
@_format_option
@_filters_options
@click.option("--key", "keys", multiple=True, metavar="ARTICLE:qN",
              help="The quote with this key (repeatable); a bare ARTICLE gives all its quotes.")
@click.option("--limit", type=click.IntRange(min=1), help="At most N quotes.")
@click.option("--width", type=click.IntRange(min=20), help="Wrap content to N columns (table format). "
              "[default: the terminal's width]")
@limit_options
def quotes(db_path, output_format, speaker, identity, search, outlet, since, until, keys, limit, width,
           memory_limit, threads) -> None:
    """Quotes in the corpus: key, outlet, date, title, speaker, and the full content, filtered."""
    _needs("quotes", "corpus")
    from onrecord.store.empty import why_empty
    from onrecord.store.filters import Filters
    from onrecord.store.queries import quotes as find_quotes
    from onrecord.store.render import render_quotes

    filters = Filters(speaker=speaker, outlet=outlet, since=since, until=until, identity=identity, search=search,
                      keys=tuple(keys))

    def run(store):
        result = find_quotes(store, filters, limit=limit)
        notes = [] if result.rows else [why_empty(store, filters)]
        if not result.rows and output_format == "table":
            return "", notes
        return render_quotes(result, output_format, width or _terminal_width()), notes

    _query(db_path, run, limits_from_options(memory_limit, threads))


@click.command()
@_db_option
@_format_option
@_filters_options
@click.option("--top", type=click.IntRange(min=1), default=20, show_default=True, help="The N most quoted.")
@limit_options
def speakers(db_path, output_format, speaker, identity, search, outlet, since, until, top, memory_limit,
             threads) -> None:
    """The most quoted corpus speakers among the quotes the filters keep: quotes, articles, outlets, identity."""
    _needs("speakers", "corpus")
    from onrecord.store.empty import why_empty
    from onrecord.store.filters import Filters
    from onrecord.store.queries import speakers as find_speakers
    from onrecord.store.render import render

    filters = Filters(speaker=speaker, outlet=outlet, since=since, until=until, identity=identity, search=search)

    def run(store):
        result = find_speakers(store, top, filters)
        return render(result, output_format), [] if result.rows else [why_empty(store, filters, "speakers")]

    _query(db_path, run, limits_from_options(memory_limit, threads))


@click.command()
@_db_option
@_format_option
@_article_filter_options
@click.option("--top-speakers", type=click.IntRange(min=0), default=3, show_default=True)
@click.option("--min-articles", type=click.IntRange(min=1), default=5, show_default=True,
              help="Hide outlets with fewer articles (they are still in the (all outlets) row).")
@limit_options
def report(db_path, output_format, outlet, since, until, top_speakers, min_articles, memory_limit, threads) -> None:
    """Per outlet: per-article and per-quote figures, each share with its n and 95% Wilson interval."""
    _needs("report", "corpus")
    from onrecord.store.empty import why_empty
    from onrecord.store.filters import Filters
    from onrecord.store.render import render_report
    from onrecord.store.report import report as build_report

    filters = Filters(outlet=outlet, since=since, until=until)

    def run(store):
        built = build_report(store, top_speakers=top_speakers, min_articles=min_articles, filters=filters)
        notes = built.notes() if output_format != "table" else []
        if not built.result.rows:
            notes.append(why_empty(store, filters, "articles") or "no articles: the corpus is empty")
        return render_report(built, output_format), notes

    _query(db_path, run, limits_from_options(memory_limit, threads))


@click.command()
@click.argument("out", metavar="OUT")
@_db_option
@click.option("--format", "export_format", type=click.Choice(["parquet", "csv", "jsonl"]), default="parquet",
              show_default=True)
@click.option("--partition-by", metavar="KEYS",
              help="outlet, year or outlet,year: each table of articles becomes a hive-partitioned Parquet "
              "folder (OUT/quotes/outlet=X/year=Y/), readable in place as --db.")
@limit_options
def export(out, db_path, export_format, partition_by, memory_limit, threads) -> None:
    """Write every table of the corpus to the folder OUT, one file per table (OUT/quotes.parquet, ...)."""
    _needs("export", "corpus")
    limits = limits_from_options(memory_limit, threads)
    from onrecord.store import Store
    from onrecord.store.dataset import parse_partition_keys
    from onrecord.store.queries import export as run_export

    try:
        keys = parse_partition_keys(partition_by) if partition_by is not None else None
        with Store.open(db_path, read_only=True, limits=limits) as store:
            files = run_export(store, out, export_format, keys)
    except OnrecordError as exc:
        _fail(str(exc))
    for path in files:
        click.echo(str(path))


COMMANDS = (ingest, quotes, speakers, report, export)


def register(group: click.Group) -> None:
    """Add the corpus commands to the ``onrecord`` group."""
    for command in COMMANDS:
        group.add_command(command)
