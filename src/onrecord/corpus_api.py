"""The notebook API: a corpus, or records analyzed on the spot, as pandas DataFrames.

``onrecord.Corpus(path)`` asks a corpus database the questions the CLI asks
(``quotes``, ``speakers``, ``report``), with the same filters and the same
columns as ``--format json``; ``onrecord.analyze_many`` analyzes texts, files or
folders; ``onrecord.to_frame(records)`` gives the same tables for records that
were never ingested, through an in-memory corpus, so a notebook needs no
database file. pandas comes with the ``[corpus]`` extra; pyarrow with onrecord.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from itertools import islice
from pathlib import Path

from onrecord.errors import OnrecordError
from onrecord.ingest import RawArticle, iter_inputs
from onrecord.options import Options
from onrecord.records import Article
from onrecord.store import Store, merge_speakers, shard_tables
from onrecord.store import queries
from onrecord.store.empty import why_empty
from onrecord.store.filters import Filters
from onrecord.store.report import DEFAULT_MIN_ARTICLES
from onrecord.store.report import report as build_report

_WRITE_BATCH = 64  # records written to an in-memory corpus at a time


class InputSkipped(UserWarning):
    """An input ``analyze_many`` could not read (no main text, unknown format): it went on without it."""


def _pandas():
    try:
        import pandas
    except ImportError as exc:  # the [corpus] extra is not installed
        raise ImportError("onrecord's notebook API needs pandas: pip install 'onrecord[corpus]'") from exc
    return pandas


def _frame(result: queries.Result, **attrs):
    frame = _pandas().DataFrame.from_records(result.rows, columns=result.columns)
    frame.attrs.update(attrs)
    return frame


class Corpus:
    """A corpus database (made by ``onrecord ingest``), queried into DataFrames.

    Each question opens the file read-only and closes it again, so a notebook
    never holds the file against an ingest. ``Corpus.from_records`` makes one in
    memory instead. Filters (keyword arguments) are those of the CLI:
    ``speaker``, ``outlet`` (any part, any case), ``since``, ``until``,
    ``identity``, ``search``, ``key`` (one ``ARTICLE:qN`` or a list of them).
    A DataFrame that comes back empty says why in ``frame.attrs["why_empty"]``.
    """

    def __init__(self, path: str | os.PathLike):
        self.path = Path(path)
        self._store: Store | None = None
        if not self.path.exists():
            raise FileNotFoundError(f"{self.path}: no such corpus; make one with `onrecord ingest INPUT --db {path}`")

    @classmethod
    def from_records(cls, records: Iterable[Article], path: str | os.PathLike | None = None) -> "Corpus":
        """A corpus holding ``records`` (``Article``s, e.g. from ``analyze_many``), speakers merged.

        In memory by default; with ``path``, written to that database file (made
        or added to, as ``onrecord ingest`` would) so the CLI can query it too.
        """
        store = Store.open(path if path is not None else ":memory:")
        try:
            records = iter(records)
            while batch := list(islice(records, _WRITE_BATCH)):
                store.write_shard(shard_tables(batch))
            merge_speakers(store)
        except BaseException:
            store.close(quiet=True)
            raise
        if path is not None:
            store.close()
            return cls(path)
        corpus = cls.__new__(cls)
        corpus.path, corpus._store = None, store
        return corpus

    @contextmanager
    def _open(self) -> Iterator[Store]:
        if self._store is not None:
            yield self._store
            return
        with Store.open(self.path, read_only=True) as store:
            yield store

    def quotes(self, limit: int | None = None, **filters):
        """One row per quote: ``key``, article, speaker (None when unresolved), outlet, date, type, cue, content."""
        wanted = Filters.of(**filters)
        with self._open() as store:
            result = queries.quotes(store, wanted, limit=limit)
            return _frame(result, why_empty="" if result.rows else why_empty(store, wanted))

    def speakers(self, top: int = 20, **filters):
        """The ``top`` most quoted corpus speakers among the quotes the filters keep."""
        wanted = Filters.of(**filters)
        with self._open() as store:
            result = queries.speakers(store, top, wanted)
            return _frame(result, why_empty="" if result.rows else why_empty(store, wanted, "speakers"))

    def report(self, min_articles: int = DEFAULT_MIN_ARTICLES, top_speakers: int = 3, **filters):
        """Per outlet (at least ``min_articles`` articles) and ``(all outlets)``: counts, shares, 95% intervals.

        The columns are defined in docs/corpus.md; ``frame.attrs["hidden"]``
        lists the outlets left out for having fewer articles.
        """
        with self._open() as store:
            built = build_report(store, top_speakers=top_speakers, min_articles=min_articles,
                                 filters=Filters.of(**filters))
        return _frame(built.result, hidden=built.hidden, notes=built.notes())

    def to_arrow(self, table: str = "quotes", **arguments):
        """``quotes``, ``speakers`` or ``report`` (same arguments) as a ``pyarrow.Table``."""
        import pyarrow as pa

        if table not in ("quotes", "speakers", "report"):
            raise ValueError(f"unknown table {table!r}; use quotes, speakers or report")
        return pa.Table.from_pandas(getattr(self, table)(**arguments), preserve_index=False)

    def sql(self, query: str, params: list | None = None):
        """Any SQL over the public schema of docs/corpus.md, as a DataFrame."""
        with self._open() as store:
            return _frame(queries.run(store, query, list(params or [])))

    def close(self) -> None:
        """Free an in-memory corpus (a corpus file needs no closing)."""
        if self._store is not None:
            self._store.close()
            self._store = None

    def __repr__(self) -> str:
        return f"Corpus({str(self.path)!r})" if self.path else "Corpus(<in memory>)"


def analyze_many(texts_or_paths, options: Options | None = None, *, strict: bool = False) -> Iterator[Article]:
    """Analyze texts, files and folders in order, the model loaded once; yields one ``Article`` each.

    A ``str`` is an article's text; a ``pathlib.Path`` (or other path-like) is a
    file or folder of anything ``onrecord analyze`` reads (HTML, text, WARC,
    JSONL); a ``RawArticle`` goes as it is. One of them alone is one input.
    An input that cannot be read is skipped with an ``InputSkipped`` warning
    naming it, or raises with ``strict=True``.
    """
    from onrecord.pipeline import analyze_many as analyze_raw

    if isinstance(texts_or_paths, (str, os.PathLike, RawArticle)):
        texts_or_paths = [texts_or_paths]
    raws = _raw_articles(texts_or_paths, strict)
    return analyze_raw(raws, options) if options is not None else analyze_raw(raws)


def _raw_articles(items: Iterable, strict: bool) -> Iterator[RawArticle]:
    for n, item in enumerate(items, start=1):
        if isinstance(item, RawArticle):
            yield item
        elif isinstance(item, str):
            yield RawArticle(id=f"text{n}", text=item)
        elif isinstance(item, os.PathLike):
            for found in iter_inputs([os.fspath(item)]):
                if isinstance(found, OnrecordError):
                    if strict:
                        raise found
                    warnings.warn(str(found), InputSkipped, stacklevel=3)
                else:
                    yield found
        else:
            raise TypeError(f"analyze_many takes texts (str), paths or RawArticles, not {type(item).__name__}")


def to_frame(records: Iterable[Article], table: str = "quotes", **arguments):
    """``quotes`` (or ``speakers``, ``report``) of records never stored, as ``Corpus`` gives them for a file."""
    if table not in ("quotes", "speakers", "report"):
        raise ValueError(f"unknown table {table!r}; use quotes, speakers or report")
    corpus = Corpus.from_records(records)
    try:
        return getattr(corpus, table)(**arguments)
    finally:
        corpus.close()
