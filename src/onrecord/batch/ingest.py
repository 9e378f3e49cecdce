"""``ingest``: read inputs, skip what the corpus has, analyze the rest in shards, store each article.

The plan is the same for every runner: inputs are read here (in input
order), each article gets its corpus key (``article_key``), articles already
stored or already seen in this run are skipped before any analysis, the rest
are cut into shards of ``shard_size``, and each finished shard is written
article by article, one transaction each. Killing the process at any point
leaves only whole articles behind; running the same command again picks up
what is missing. Corpus speakers are recomputed at the end.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from onrecord.batch.shard import ShardResult, shard_name
from onrecord.errors import InputError
from onrecord.ingest import IngestStats, RawArticle, iter_inputs
from onrecord.ingest.formats import STDIN, expand_path, format_of_name
from onrecord.store import Store, article_key, merge_speakers

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
) -> IngestSummary:
    """Ingest every article of ``paths`` into ``store`` with ``runner`` (``LocalRunner`` or ``DaskRunner``)."""
    summary = IngestSummary()
    stored_ids = store.article_ids()
    notify = progress or (lambda s: None)

    def write(result: ShardResult) -> None:
        written = store.write_shard(result.tables)
        summary.stored += len(written)
        summary.already += result.n_articles - len(written)
        stored_ids.update(written)
        for failure in result.failures:
            store.record_error(failure.input, failure.code, failure.reason)
            summary.errors += 1
            summary.error_messages.append(f"{failure.code} {failure.input}: {failure.reason}")
        notify(summary)

    for result in getattr(runner, "leftover", lambda: [])():
        write(result)
        runner.done_with(result)
    for result in runner.run(_shards(paths, input_format, shard_size, stored_ids, store, summary, notify)):
        write(result)
        if hasattr(runner, "done_with"):
            runner.done_with(result)
    summary.corpus_speakers = merge_speakers(store)
    store.con.execute("CHECKPOINT")
    return summary


def _shards(
    paths, input_format, shard_size, stored_ids: set[str], store: Store, summary: IngestSummary, notify
) -> Iterator[tuple[str, list[RawArticle]]]:
    seen: set[str] = set()
    batch: list[RawArticle] = []
    keys: list[str] = []
    for item in iter_inputs(paths, input_format=input_format, stats=summary.stats):
        if isinstance(item, InputError):
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
            yield shard_name(keys), batch
            batch, keys = [], []
    if batch:
        yield shard_name(keys), batch
