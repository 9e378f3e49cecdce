"""The DuckDB corpus: open (creating or widening the schema), write shards, one transaction per shard.

Concurrency: DuckDB lets one process open a database file for writing, and
while it does, no other process can open the file at all. ``onrecord ingest``
is that writer; queries open the file ``read_only`` and may run side by side
with each other whenever no ingest holds it. See ``docs/corpus.md``.

Faults: every DuckDB error met while opening or writing becomes a coded
``StoreError`` naming the file (``E401`` held by another process, ``E404``
disk full, ``E405`` not writable); a failed commit leaves the articles
committed before it intact, and the shard being written is not there at all.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pyarrow as pa

from onrecord.store import trigrams
from onrecord.store.aggregates import UNCOUNTED
from onrecord.store.dataset import is_dataset, open_dataset
from onrecord.store.errors import NoDatabase, StoreError, from_duckdb, from_os_error, is_lock_error, locked
from onrecord.store.limits import Limits
from onrecord.store.schema import Schema, derive_schema

_CHILD_ORDER_FIRST = "articles"
_LOOKUP_CHUNK = 1000
"""Ids looked up in one ``IN (...)`` list."""


def _check_wal_folder(path: str) -> None:
    """DuckDB writes ``PATH.wal`` next to the file at the first commit: fail now, before any analysis, if it cannot."""
    probe = Path(f"{path}.wal.probe-{os.getpid()}")
    try:
        probe.touch()
        probe.unlink()
    except OSError as exc:
        raise from_os_error(path, OSError(exc.errno, exc.strerror, f"{path}.wal")) from exc


class Store:
    """An open corpus database. Use ``Store.open(path)``; close it (or use ``with``)."""

    def __init__(self, con: duckdb.DuckDBPyConnection, path: str, schema: Schema, read_only: bool):
        self.con = con
        self.path = path
        self.schema = schema
        self.read_only = read_only

    @classmethod
    def open(cls, path: str | Path, read_only: bool = False, limits: Limits | None = None) -> "Store":
        """The database file at ``path``, or the Parquet dataset folder there (read-only; ``onrecord.store.dataset``).

        ``limits`` (memory, threads; ``onrecord.store.limits``) default to the
        environment's ``ONRECORD_MEMORY_LIMIT`` / ``ONRECORD_THREADS``, else a quarter of RAM.
        """
        path = str(path)
        limits = limits or Limits.from_environment()
        if read_only and path != ":memory:" and not Path(path).exists():
            raise NoDatabase(path, "no such database; create it with `onrecord ingest INPUT --db PATH`")
        if path != ":memory:" and is_dataset(path):
            if not read_only:
                raise StoreError(path, "a Parquet dataset (a folder) is read-only; ingest into a DuckDB file "
                                       "and export it again")
            store = cls(open_dataset(path), path, derive_schema(), read_only=True)
            store._limit(limits)
            return store
        try:
            con = duckdb.connect(path, read_only=read_only)
        except duckdb.Error as exc:
            if is_lock_error(exc):
                raise locked(path, exc) from exc
            raise from_duckdb(path, exc, "cannot be opened") from exc
        store = cls(con, path, derive_schema(), read_only)
        store._limit(limits)
        if not read_only:
            trigrams.register(con)
            try:
                if path != ":memory:":
                    _check_wal_folder(path)
                store._ensure_schema()
            except BaseException:
                store.close(quiet=True)
                raise
        return store

    def _limit(self, limits: Limits) -> None:
        """Apply ``limits`` to the connection; the store is closed when DuckDB refuses them."""
        try:
            with self.coded_errors("cannot be given its memory and thread limits"):
                limits.apply(self.con)
        except BaseException:
            self.close(quiet=True)
            raise

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, exc_type, *exc) -> None:
        # When an error is on its way out (a full disk), closing must not replace it with its own.
        self.close(quiet=exc_type is not None)

    def close(self, quiet: bool = False) -> None:
        """Close the file (DuckDB checkpoints its write-ahead log into it when it can)."""
        try:
            self.con.close()
        except duckdb.Error as exc:
            if not quiet:
                raise from_duckdb(self.path, exc, "cannot be closed") from exc

    @contextmanager
    def coded_errors(self, doing: str = "cannot be written") -> Iterator[None]:
        """Turn DuckDB errors raised in the block into ``StoreError``s naming this file."""
        try:
            yield
        except duckdb.Error as exc:
            raise from_duckdb(self.path, exc, doing) from exc

    def rollback(self) -> None:
        """Roll back the open transaction, if any: a commit that failed (disk full) has none left."""
        try:
            self.con.rollback()
        except duckdb.Error:
            pass

    def checkpoint(self) -> None:
        """Fold the write-ahead log into the database file."""
        with self.coded_errors():
            self.con.execute("CHECKPOINT")

    # -- schema ------------------------------------------------------------

    def existing_columns(self, table: str) -> list[str]:
        rows = self.con.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = ? ORDER BY ordinal_position",
            [table],
        ).fetchall()
        return [r[0] for r in rows]

    def has_table(self, table: str) -> bool:
        return bool(self.existing_columns(table))

    def has_column(self, table: str, column: str) -> bool:
        return column in self.existing_columns(table)

    def _ensure_schema(self) -> None:
        """Create missing tables; add columns for record fields added since the file was made."""
        with self.coded_errors("cannot be prepared for writing"):
            self.con.begin()
            try:
                for table in self.schema.tables.values():
                    self.con.execute(table.ddl())
                    have = set(self.existing_columns(table.name))
                    for column in table.columns:
                        if column.name not in have:
                            self.con.execute(
                                f'ALTER TABLE "{table.name}" ADD COLUMN "{column.name}" {column.sql_type}'
                            )
                self.con.commit()
            except BaseException:
                self.rollback()
                raise

    # -- writes --------------------------------------------------------------

    def article_count(self) -> int:
        with self.coded_errors("cannot be read"):
            return self.con.execute("SELECT count(*) FROM articles").fetchall()[0][0]

    def stored_among(self, ids: Iterable[str]) -> set[str]:
        """Those of ``ids`` the corpus has, looked up by the primary key's index (``id IN (...)``).

        An ingest asks this per shard: reading every stored id upfront took 0.9 s at a million articles.
        """
        ids = list(dict.fromkeys(ids))
        stored: set[str] = set()
        with self.coded_errors("cannot be read"):
            for start in range(0, len(ids), _LOOKUP_CHUNK):
                chunk = ids[start:start + _LOOKUP_CHUNK]
                marks = ", ".join("?" * len(chunk))
                stored.update(r[0] for r in self.con.execute(f"SELECT id FROM articles WHERE id IN ({marks})",
                                                             chunk).fetchall())
        return stored

    def article_ids(self) -> set[str]:
        with self.coded_errors("cannot be read"):
            return {r[0] for r in self.con.execute("SELECT id FROM articles").fetchall()}

    def write_shard(self, tables: dict[str, pa.Table], written: list[str] | None = None) -> list[str]:
        """Insert the articles of one shard in one transaction; return the ids written.

        One transaction and one ``INSERT`` per table for the whole shard (its
        ids noted for ``onrecord.store.aggregates`` to count), not per article: per-article statements and commits cost about 24 ms an
        article, most of the time of loading analyzed records (issue 31).
        An article already in the database is skipped whole, so loading the
        same shard twice (a retried task, a resumed ingest) adds nothing.
        The ids are appended to ``written`` (when given) once the transaction
        commits, so a caller knows what is stored even when a later shard
        fails (``DiskFull``): the shards before it stay, this one is not there.
        """
        written = [] if written is None else written
        names = [_CHILD_ORDER_FIRST] + [n for n in tables if n != _CHILD_ORDER_FIRST]
        views = {}
        with self.coded_errors():
            try:
                for name in names:
                    views[name] = f"_shard_{name}"
                    self.con.register(views[name], tables[name])
                self.con.begin()
                try:
                    new = self._new_article_ids(tables[_CHILD_ORDER_FIRST].column("id").to_pylist())
                    if new:
                        for name in names:
                            self._insert_from(name, views[name], tables[name].schema.names)
                        self.con.execute(f"INSERT INTO {UNCOUNTED} (id) SELECT id FROM _shard_new")
                    self.con.execute("DROP TABLE _shard_new")
                    self.con.commit()
                except BaseException:
                    self.rollback()
                    raise
            finally:
                for view in views.values():
                    try:
                        self.con.unregister(view)
                    except duckdb.Error:  # the connection is unusable after a fatal error; the error says why
                        pass
        written.extend(new)
        return new

    def _new_article_ids(self, ids: list[str]) -> list[str]:
        """``ids`` not in the corpus yet, in order and once each; also into the temp table ``_shard_new``.

        Looked up by the primary key's index (``id IN (...)``): an anti-join over
        every stored id took 11-15 ms a shard at 100k articles, the lookup 1 ms.
        """
        ids = list(dict.fromkeys(ids))
        stored = self.stored_among(ids)
        new = [i for i in ids if i not in stored]
        self.con.execute("CREATE OR REPLACE TEMP TABLE _shard_new AS SELECT unnest(?::VARCHAR[]) AS id", [new])
        return new

    def _insert_from(self, name: str, view: str, available: Iterable[str]) -> None:
        """Copy the rows of the new articles (``_shard_new``) from the shard's ``view`` into table ``name``."""
        table = self.schema[name]
        available = set(available)
        # The link is the merge's alone: a new row must stay unlinked until it is counted (aggregates.UNLINKED_ONLY).
        columns = [c for c in table.column_names if c in available
                   and c not in ("corpus_speaker_id", "corpus_speaker_key", *trigrams.SIG_COLUMNS)]
        targets = ", ".join(f'"{c}"' for c in columns)
        sources = targets
        if name == "quotes" and "content_text" in available:  # the search's signature, by its one definition
            targets += "".join(f', "{c}"' for c in trigrams.SIG_COLUMNS)
            sources += "".join(f', {trigrams.FUNCTION}("content_text").{c}' for c in trigrams.SIG_COLUMNS)
        if name == "articles":
            targets += ', "ingested_at"'
            sources += ", now()"
        key = "id" if name == "articles" else "article_id"
        self.con.execute(
            f'INSERT INTO "{name}" ({targets}) SELECT {sources} FROM "{view}" '
            f'WHERE "{key}" IN (SELECT id FROM _shard_new)'
        )

    def record_error(self, where: str, code: str, reason: str) -> None:
        """Remember an input that could not be analyzed (once per input and reason)."""
        with self.coded_errors():
            self.con.execute(
                "INSERT INTO errors (input, code, reason, recorded_at) VALUES (?, ?, ?, now()) "
                "ON CONFLICT DO NOTHING",
                [where, code, reason],
            )

    def outlet_sql(self, alias: str = "a") -> str:
        """SQL for an article's outlet: the ``outlet`` record's name when the records have one, else ``site_name``."""
        columns = self.existing_columns("articles")
        for candidate in ("outlet_name", "outlet"):
            if candidate in columns:
                return f"COALESCE({alias}.{candidate}, {alias}.site_name)"
        return f"{alias}.site_name"
