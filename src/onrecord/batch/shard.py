"""The per-shard function both runners call, and the Parquet form of a shard.

A shard is a short list of raw articles. ``analyze_shard`` runs the pipeline
on it and returns one Arrow table per store table, plus the articles that
failed; ``run_shard_to_parquet`` does the same and writes the tables as one
Parquet file each under a folder named after the shard, atomically (written
under a temporary name, then renamed), so a task retried after a worker died
writes the same folder once and a half-written folder is never read.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from onrecord.ingest import RawArticle
from onrecord.options import DEFAULT_OPTIONS, Options

FAILURES_FILE = "failures.json"


@dataclass
class Failure:
    """An article the pipeline raised on: it goes to the ``errors`` table."""

    input: str
    code: str
    reason: str


@dataclass
class ShardResult:
    name: str
    tables: dict[str, pa.Table]
    failures: list[Failure] = field(default_factory=list)
    path: str | None = None
    """The Parquet folder the result was read from (Dask runner), to delete once loaded."""

    @property
    def n_articles(self) -> int:
        return self.tables["articles"].num_rows


def shard_name(keys: list[str]) -> str:
    """A name that depends only on the articles in the shard, so a retried task reuses it."""
    return "shard-" + hashlib.blake2b("\n".join(keys).encode("utf-8"), digest_size=10).hexdigest()


def _where(raw: RawArticle) -> str:
    return raw.path or raw.url or raw.id


def analyze_shard(name: str, raws: list[RawArticle], options: Options = DEFAULT_OPTIONS) -> ShardResult:
    """Analyze ``raws`` (the model loads once per process) into store rows.

    If the pipeline raises, the shard is redone article by article so that
    only the article at fault is lost, and it is reported as a ``Failure``.
    """
    from onrecord.errors import OnrecordError
    from onrecord.pipeline import analyze_many
    from onrecord.store.rows import shard_tables

    failures: list[Failure] = []
    try:
        articles = list(analyze_many(raws, options))
    except Exception:  # noqa: BLE001 - isolate the article at fault below
        articles = []
        for raw in raws:
            try:
                articles.extend(analyze_many([raw], options))
            except OnrecordError as exc:
                failures.append(Failure(_where(raw), exc.code, exc.reason))
            except Exception as exc:  # noqa: BLE001 - a bug in a stage must not stop the corpus
                failures.append(Failure(_where(raw), "E500", f"analysis failed: {type(exc).__name__}: {exc}"))
    return ShardResult(name, shard_tables(articles), failures)


def write_parquet_shard(result: ShardResult, shard_dir: str | Path) -> Path:
    """Write ``result`` as ``shard_dir/NAME/TABLE.parquet``; an existing complete folder is kept."""
    shard_dir = Path(shard_dir)
    final = shard_dir / result.name
    if final.is_dir():
        return final
    tmp = shard_dir / f".tmp-{result.name}-{uuid.uuid4().hex[:8]}"
    tmp.mkdir(parents=True)
    try:
        for table_name, table in result.tables.items():
            pq.write_table(table, tmp / f"{table_name}.parquet")
        (tmp / FAILURES_FILE).write_text(json.dumps([f.__dict__ for f in result.failures]))
        try:
            os.rename(tmp, final)
        except OSError:
            if not final.is_dir():  # another attempt did not win the race: a real error
                raise
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    return final


def read_parquet_shard(path: str | Path) -> ShardResult:
    path = Path(path)
    tables = {p.stem: pq.read_table(p) for p in sorted(path.glob("*.parquet"))}
    failures_file = path / FAILURES_FILE
    failures = [Failure(**f) for f in json.loads(failures_file.read_text())] if failures_file.exists() else []
    return ShardResult(path.name, tables, failures, path=str(path))


def run_shard_to_parquet(name: str, raws: list[RawArticle], options: Options, shard_dir: str) -> str:
    """The Dask task: analyze one shard and leave it as Parquet under ``shard_dir``; return its folder."""
    final = Path(shard_dir) / name
    if not final.is_dir():
        write_parquet_shard(analyze_shard(name, raws, options), shard_dir)
    return str(final)
