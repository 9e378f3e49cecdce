"""Record JSONL inputs of ``ingest``: stored as they are, without analysis.

``split_inputs`` sets the record files apart from the inputs to analyze
(``--input-format records``: every input; otherwise each ``.jsonl`` file,
alone or in a folder, whose first object has ``quotes`` or ``speakers``);
``record_shards`` reads them into shards for the same writer the analysis
results go to, skipping articles the corpus (or this run) already has and
reporting each bad line, so a record ingest is idempotent like any other.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from onrecord.batch.shard import ShardResult, shard_name
from onrecord.errors import InputError
from onrecord.ingest.formats import STDIN, expand_path, format_of_name
from onrecord.ingest.records_jsonl import iter_records, looks_like_records
from onrecord.records import Article
from onrecord.store import article_key, shard_tables

RECORDS_FORMAT = "records"
RECORD_SHARD_SIZE = 256  # no analysis to spread out: bigger shards, fewer writer round trips


def split_inputs(paths: Iterable[str], input_format: str | None) -> tuple[list[str], list[str]]:
    """``(record inputs, inputs to analyze)``, each in input order; a folder may give some of each."""
    paths = [str(p) for p in paths]
    if input_format == RECORDS_FORMAT:
        return paths, []
    if input_format is not None:
        return [], paths
    records, others = [], []
    for raw in paths:
        if raw == STDIN:
            others.append(raw)
            continue
        try:
            files = expand_path(Path(raw))
        except InputError:
            others.append(raw)  # the ordinary reader reports it
            continue
        found = [f for f in files if format_of_name(f.name) == "jsonl" and looks_like_records(f)]
        if not found:
            others.append(raw)
            continue
        records.extend(str(f) for f in found)
        others.extend(str(f) for f in files if f not in found)
    return records, others


def _lines(raw: str) -> Iterator[tuple[str, Iterable[bytes]]]:
    """``(where, lines)`` of each record file of one input (``-`` is standard input)."""
    if raw == STDIN:
        yield "<stdin>", sys.stdin.buffer
        return
    for file in expand_path(Path(raw)):
        with file.open("rb") as fh:
            yield str(file), fh


def iter_record_inputs(paths: Iterable[str]) -> Iterator[Article | InputError]:
    """Every record of ``paths`` in order, or the ``InputError`` that skipped a line or a file."""
    for raw in paths:
        try:
            for where, lines in _lines(raw):
                yield from iter_records(lines, where)
        except InputError as exc:
            yield exc
        except OSError as exc:
            yield InputError(raw, f"cannot be read ({exc.strerror or exc})")


def record_shards(paths: Iterable[str], stored_ids: set[str], on_error, on_already,
                  shard_size: int = RECORD_SHARD_SIZE) -> Iterator[ShardResult]:
    """Shards of the records not stored yet; ``on_error(exc)`` and ``on_already()`` count the rest."""
    seen: set[str] = set()
    batch: list[Article] = []
    keys: list[str] = []
    for item in iter_record_inputs(paths):
        if isinstance(item, InputError):
            on_error(item)
            continue
        key = article_key(item.url, item.text)
        if key in stored_ids or key in seen:
            on_already()
            continue
        seen.add(key)
        batch.append(item)
        keys.append(key)
        if len(batch) >= shard_size:
            yield ShardResult(shard_name(keys), shard_tables(batch))
            batch, keys = [], []
    if batch:
        yield ShardResult(shard_name(keys), shard_tables(batch))
