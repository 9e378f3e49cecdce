"""A corpus as a folder of Parquet files: written by ``export --partition-by``, read in place as ``--db``.

Past one disk, a corpus built on a Dask cluster can live on shared storage as
Parquet and be read by DuckDB, Spark or Dask alike. ``export_partitioned``
writes each table that belongs to articles as a hive-partitioned folder
(``quotes/outlet=The%20Post/year=2021/data_0.parquet``): the article's outlet
and publication year are added to every row as the partition columns
``outlet`` and ``year`` (null, written ``__HIVE_DEFAULT_PARTITION__``, when
unknown). Tables of the whole corpus (``corpus_speakers``, ``errors``) are one
file each (``corpus_speakers.parquet``), as the plain export writes them.

``open_dataset`` opens such a folder (partitioned or not) as an in-memory
DuckDB connection with one view per table, so every query, the notebook API
and the web app read it with the SQL they use on a database file. Nothing
locks the files: a dataset is read-only, and any number of readers may share it.
"""

from __future__ import annotations

import re
from pathlib import Path

import duckdb

from onrecord.store.errors import NoDatabase, StoreError, from_duckdb

PARTITION_KEYS = {
    "outlet": "{outlet}",
    "year": "TRY_CAST(substr(a.published, 1, 4) AS INTEGER)",
}
"""What ``--partition-by`` accepts: the column each key adds to every row, as SQL over ``articles a``."""

_TABLE_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def parse_partition_keys(text: str) -> list[str]:
    """``"outlet,year"`` as ``["outlet", "year"]``; an unknown or repeated key raises ``StoreError``."""
    keys = [k.strip() for k in text.split(",") if k.strip()]
    unknown = [k for k in keys if k not in PARTITION_KEYS]
    if not keys or unknown or len(set(keys)) != len(keys):
        raise StoreError("--partition-by", f"{text!r}: give one or more of {', '.join(PARTITION_KEYS)}, "
                         "comma-separated, each once (outlet,year)")
    return keys


def export_partitioned(store, out: Path, tables: list[str], keys: list[str]) -> list[Path]:
    """Write ``tables`` of ``store`` under ``out``, those of articles partitioned by ``keys``; the paths written.

    A table already there is replaced file by file (DuckDB's ``OVERWRITE_OR_IGNORE``).
    """
    written = []
    for table in tables:
        have = store.existing_columns(table)
        if table != "articles" and "article_id" not in have:
            target, options, sql = out / f"{table}.parquet", "(FORMAT parquet)", f'SELECT * FROM "{table}"'
        else:
            target = out / table
            options = f"(FORMAT parquet, PARTITION_BY ({', '.join(keys)}), OVERWRITE_OR_IGNORE true)"
            sql = _partitioned_select(store, table, have, keys)
        copy_to(store, sql, target, options, out)
        written.append(target)
    return written


def _partitioned_select(store, table: str, have: list[str], keys: list[str]) -> str:
    """The rows of ``table`` with the partition columns of their article (``articles`` itself: its own)."""
    added = ", ".join(f"{PARTITION_KEYS[key].format(outlet=store.outlet_sql('a'))} AS {key}" for key in keys)
    # A record column named like a key (an old ``outlet``) gives way to the partition column.
    clash = ", ".join(f'"{c}"' for c in have if c in keys)
    alias = "a" if table == "articles" else "t"
    rows = f"{alias}.* EXCLUDE ({clash})" if clash else f"{alias}.*"
    if table == "articles":
        return f"SELECT {rows}, {added} FROM articles a"
    return f'SELECT {rows}, {added} FROM "{table}" t LEFT JOIN articles a ON a.id = t.article_id'


def is_dataset(path: str | Path) -> bool:
    """A folder given as ``--db`` is a Parquet dataset (a database is always a file)."""
    return Path(path).is_dir()


def dataset_tables(path: Path) -> dict[str, str]:
    """Table name -> the ``read_parquet`` pattern of its files: ``T.parquet``, or ``T/`` with its partitions."""
    found = {}
    for entry in sorted(path.iterdir()):
        name = entry.name.removesuffix(".parquet")
        if not _TABLE_NAME.match(name):
            continue
        if entry.is_file() and entry.suffix == ".parquet":
            found[name] = str(entry)
        elif entry.is_dir() and any(entry.rglob("*.parquet")):
            found[name] = str(entry / "**" / "*.parquet")
    return found


def open_dataset(path: str | Path) -> duckdb.DuckDBPyConnection:
    """An in-memory connection with one view per table of the dataset at ``path`` (raises ``NoDatabase``)."""
    path = Path(path)
    tables = dataset_tables(path)
    if "articles" not in tables:
        raise NoDatabase(str(path), "a folder, but not a corpus dataset: no articles.parquet or articles/ in it; "
                                    "write one with `onrecord export OUT --format parquet --partition-by outlet,year`")
    con = duckdb.connect(":memory:")
    try:
        for name, pattern in tables.items():
            quoted = pattern.replace("'", "''")
            con.execute(f'CREATE VIEW "{name}" AS SELECT * FROM read_parquet(\'{quoted}\', '
                        "hive_partitioning = true, union_by_name = true)")
    except duckdb.Error as exc:
        con.close()
        raise from_duckdb(str(path), exc, "cannot be read as a Parquet dataset") from exc
    return con


def copy_to(store, sql: str, target: Path, options: str, out: Path) -> None:
    """``COPY (sql) TO target options``; a failure is a one-line error naming ``out`` and the file."""
    quoted = str(target).replace("'", "''")
    try:
        store.con.execute(f"COPY ({sql}) TO '{quoted}' {options}")
    except duckdb.Error as exc:
        raise from_duckdb(str(out), exc, f"{target.name} cannot be written") from exc
