"""The corpus store: a DuckDB database whose tables are derived from the record classes.

``Store.open(path)`` creates or widens the schema; ``Store.write_shard`` writes
a shard of analyzed articles in one transaction; ``merge_speakers`` links speakers
across articles; ``onrecord.store.queries`` (quotes, speakers, exports) and
``onrecord.store.report`` (per-outlet figures with intervals) answer the CLI's
and the notebook API's questions, filtered by ``onrecord.store.filters``.
The public SQL schema is documented in ``docs/corpus.md``.
"""

from onrecord.store.corpus import merge_speakers
from onrecord.store.db import Store
from onrecord.store.errors import (
    DiskFull,
    Interrupted,
    NoDatabase,
    NotWritable,
    StoreError,
    StoreLocked,
    UnknownField,
    WorkerDied,
)
from onrecord.store.rows import article_rows, shard_tables
from onrecord.store.schema import article_key, derive_schema

__all__ = [
    "DiskFull",
    "Interrupted",
    "NoDatabase",
    "NotWritable",
    "Store",
    "StoreError",
    "StoreLocked",
    "UnknownField",
    "WorkerDied",
    "article_key",
    "article_rows",
    "derive_schema",
    "merge_speakers",
    "shard_tables",
]
