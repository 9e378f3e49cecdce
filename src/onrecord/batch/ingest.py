"""``ingest``: read inputs, skip what the corpus has, analyze the rest in shards, store each article.

The plan is the same for every runner: inputs are read here (in input
order), each article gets its corpus key (``article_key``), articles already
stored or already seen in this run are skipped before any analysis, the rest
are cut into shards of ``shard_size``, and each finished shard is written
in one transaction. Killing the process at any point leaves only whole
shards behind; running the same command again picks up
what is missing. Record JSONL inputs (``onrecord analyze --format jsonl``
output) skip the analysis and go straight to the writer
(``onrecord.batch.record_inputs``). At the end, the new speakers are linked
to corpus speakers (only the corpus speakers they join are recomputed; all of
them with ``rebuild_speakers``).

Faults end the run with a coded ``StoreError`` that says what is kept: a
full disk (``DiskFull``), a folder that cannot be written (``NotWritable``),
a dead worker (``WorkerDied``), or, when the caller passes ``stop``
(an entered ``StopOnSignals``), SIGTERM or Ctrl-C (``Interrupted``): the
shard being written when the signal comes is finished first, analysis is
cut short.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import NoReturn

from onrecord.batch.record_inputs import record_shards, split_inputs
from onrecord.batch.shard import ShardResult, shard_name
from onrecord.batch.stop import NoStop, Stop
from onrecord.errors import InputError
from onrecord.ingest import IngestStats, RawArticle, iter_inputs
from onrecord.ingest.formats import STDIN, expand_path, format_of_name
from onrecord.store import (
    DiskFull,
    Interrupted,
    NotWritable,
    Store,
    StoreError,
    WorkerDied,
    article_key,
    merge_speakers,
)
from onrecord.store.errors import signal_name

DEFAULT_SHARD_SIZE = 8


@dataclass
class IngestSummary:
    stored: int = 0
    """Articles written by this run."""
    already: int = 0
    """Articles skipped because the corpus (or this run) had them already."""
    errors: int = 0
    """Inputs or articles that could not be analyzed (each is in the ``errors`` table)."""
    error_messages: list[str] = field(default_factory=list)
    corpus_speakers: int = 0
    stats: IngestStats = field(default_factory=IngestStats)

    @property
    def seen(self) -> int:
        return self.stored + self.already + self.errors


ProgressCallback = Callable[[IngestSummary], None]


def estimate_total(paths: Iterable[str]) -> int | None:
    """How many articles ``paths`` hold, when cheap to tell (.txt/.html files, JSONL lines); else ``None``."""
    total = 0
    for raw in paths:
        if str(raw) == STDIN:
            return None
        try:
            files = expand_path(Path(raw))
        except InputError:
            total += 1
            continue
        for file in files:
            fmt = format_of_name(file.name)
            if fmt in ("txt", "html"):
                total += 1
            elif fmt == "jsonl":
                with file.open("rb") as fh:
                    total += sum(1 for line in fh if line.strip())
            else:
                return None
    return total


def ingest(
    paths: Iterable[str],
    store: Store,
    runner,
    *,
    input_format: str | None = None,
    shard_size: int = DEFAULT_SHARD_SIZE,
    progress: ProgressCallback | None = None,
    stop: NoStop | None = None,
    rebuild_speakers: bool = False,
) -> IngestSummary:
    """Ingest every article of ``paths`` into ``store`` with ``runner`` (``LocalRunner`` or ``DaskRunner``).

    ``stop`` (a ``StopOnSignals`` the caller has entered) lets SIGTERM/SIGINT
    end the run with ``Interrupted``; without it, signals are left alone.
    ``input_format="records"`` reads every input as record JSONL; without a
    format, record files are told by their shape. ``rebuild_speakers``
    recomputes every corpus speaker instead of only those new speakers join.
    """
    summary = IngestSummary()
    stop = stop or NoStop()
    # Stored ids are looked up per shard (``_shards``, and ``write_shard`` skips stored records): reading all of
    # them upfront took 0.9 s at a million articles. This set holds the ids this run writes.
    stored_ids: set[str] = set()
    notify = progress or (lambda s: None)
    writer = _ShardWriter(store, stop, summary, stored_ids, notify, in_corpus_before=store.article_count())
    write, kept = writer.write, writer.kept
    record_paths, paths = split_inputs(paths, input_format)
    results = None
    try:
        for result in _each(getattr(runner, "leftover", lambda: iter(()))(), stop):
            write(result)
            runner.done_with(result)
        for result in _each(record_shards(record_paths, stored_ids, writer.error, writer.already), stop):
            write(result)
        if paths:
            results = runner.run(_shards(paths, input_format, shard_size, stored_ids, store, summary, notify, stop))
        for result in _each(results or (), stop):
            write(result)
            if hasattr(runner, "done_with"):
                runner.done_with(result)
        with stop.deferred():
            summary.corpus_speakers = merge_speakers(store, rebuild=rebuild_speakers)
            store.checkpoint()
    except Stop as exc:
        raise Interrupted(
            store.path,
            f"stopped by {signal_name(exc.signum)}; {kept()}; run the same command again to finish",
            exc.signum,
        ) from None
    except StoreError as exc:
        _raise_saying_what_is_kept(exc, store, stop, kept())
    finally:
        if results is not None:
            results.close()  # a runner stopped early kills its workers or leaves its cluster
    return summary


@dataclass
class _ShardWriter:
    """Writes finished shards to the store and keeps the count of what this run stored.

    The count is what an error message says is kept when the run ends early.
    """

    store: Store
    stop: NoStop
    summary: IngestSummary
    stored_ids: set[str]
    notify: ProgressCallback
    in_corpus_before: int
    written: list[str] = field(default_factory=list)  # ids committed by this run, appended as each commits

    def write(self, result: ShardResult) -> None:
        """Store one shard's articles (one transaction) and errors; a signal waits until it is done."""
        summary = self.summary
        with self.stop.deferred():
            new = self.store.write_shard(result.tables, self.written)
            summary.stored += len(new)
            summary.already += result.n_articles - len(new)
            self.stored_ids.update(new)
            for failure in result.failures:
                self.store.record_error(failure.input, failure.code, failure.reason)
                summary.errors += 1
                summary.error_messages.append(f"{failure.code} {failure.input}: {failure.reason}")
            self.notify(summary)
        self.stop.check()

    def error(self, item: InputError) -> None:
        """An input (or one line of it) that cannot be stored: into the ``errors`` table and the summary."""
        with self.stop.deferred():
            self.store.record_error(item.where, item.code, item.reason)
        self.summary.errors += 1
        self.summary.error_messages.append(str(item))
        self.notify(self.summary)

    def already(self) -> None:
        """An article the corpus (or this run) has already."""
        self.summary.already += 1
        self.notify(self.summary)

    def kept(self) -> str:
        """What this run leaves in the corpus, for the message of an early end."""
        n = len(self.written)
        stored = f"{n} article(s) stored by this run are kept" if n else "nothing was stored by this run"
        return f"{stored} ({self.in_corpus_before + n} in the corpus)"


def _raise_saying_what_is_kept(exc: StoreError, store: Store, stop: NoStop, kept: str) -> NoReturn:
    """Raise ``exc`` again with what this run kept and what to do, so the message is all the user needs.

    An ``Interrupted`` already says so and goes on as it is; a dead worker while a signal is
    pending was stopped by that signal (sent to the whole process group), not by a fault.
    """
    if isinstance(exc, Interrupted):
        raise exc
    if isinstance(exc, WorkerDied) and stop.pending is not None:
        # A SIGTERM sent to the whole process group (systemd, kill -TERM -PGID) reached the workers too.
        raise Interrupted(
            store.path,
            f"stopped by {signal_name(stop.pending)}; {kept}; run the same command again to finish",
            stop.pending,
        ) from None
    todo = "run the same command again to finish"
    if isinstance(exc, DiskFull) and exc.where == store.path:
        name = Path(store.path).name
        todo = f"free some space (or move {name} and {name}.wal to a larger disk), then {todo}"
    elif isinstance(exc, DiskFull):
        todo = f"free some space there, then {todo}"
    elif isinstance(exc, NotWritable):
        todo = f"make it writable (or choose another folder), then {todo}"
    elif isinstance(exc, WorkerDied):
        todo = f"{todo} (with fewer --workers if memory is short)"
    raise type(exc)(exc.where, f"{exc.reason}; {kept}; {todo}") from exc


def _each(iterator: Iterable, stop: NoStop) -> Iterator:
    """The items of ``iterator``; a stop cuts short the wait for the next one (reading, analyzing)."""
    iterator = iter(iterator)
    while True:
        with stop.interruptible():
            try:
                item = next(iterator)
            except StopIteration:
                return
        yield item


def _shards(
    paths, input_format, shard_size, stored_ids: set[str], store: Store, summary: IngestSummary, notify,
    stop: NoStop,
) -> Iterator[tuple[str, list[RawArticle]]]:
    seen: set[str] = set()
    batch: list[RawArticle] = []
    keys: list[str] = []

    def unstored() -> Iterator[tuple[str, list[RawArticle]]]:
        """The batch without the articles the corpus has (one lookup per shard), as a shard if any is left."""
        stored = store.stored_among(keys)
        for _ in range(len(stored)):
            summary.already += 1
            notify(summary)
        kept = [(key, raw) for key, raw in zip(keys, batch) if key not in stored]
        if kept:
            yield shard_name([k for k, _ in kept]), [raw for _, raw in kept]

    for item in iter_inputs(paths, input_format=input_format, stats=summary.stats):
        if isinstance(item, InputError):
            with stop.deferred():
                store.record_error(item.where, item.code, item.reason)
            summary.errors += 1
            summary.error_messages.append(str(item))
            notify(summary)
            continue
        key = article_key(item.url, item.text)
        if key in stored_ids or key in seen:
            summary.already += 1
            notify(summary)
            continue
        seen.add(key)
        batch.append(item)
        keys.append(key)
        if len(batch) >= shard_size:
            yield from unstored()
            batch, keys = [], []
    if batch:
        yield from unstored()
