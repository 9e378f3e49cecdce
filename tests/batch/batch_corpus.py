"""Helpers for the batch tests: compare databases, find orphan rows.

A uniquely named module (not ``conftest``) so that ``from batch_corpus import`` is unambiguous.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

SHARD_SIZE = 8
TABLES = ("articles", "quotes", "speakers", "mentions", "warnings", "caveats", "errors", "corpus_speakers")


def db_content(path: Path, exclude: tuple[str, ...] = ()) -> dict[str, list[tuple]]:
    """Every table's rows, sorted, without the write timestamps (and ``exclude`` columns)."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        content = {}
        for table in TABLES:
            columns = [
                r[0]
                for r in con.execute(
                    "SELECT column_name FROM information_schema.columns WHERE table_name = ? "
                    "ORDER BY ordinal_position", [table]
                ).fetchall()
                if r[0] not in ("ingested_at", "recorded_at", *exclude)
            ]
            if not columns:
                continue
            select = ", ".join(f'CAST("{c}" AS VARCHAR)' for c in columns)
            content[table] = sorted(con.execute(f'SELECT {select} FROM "{table}"').fetchall(), key=repr)
        return content
    finally:
        con.close()


def orphan_rows(path: Path) -> dict[str, int]:
    """Rows of child tables whose article is not in ``articles`` (must be none)."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        out = {}
        for table in TABLES:
            if table in ("articles", "errors", "corpus_speakers"):
                continue
            if not con.execute("SELECT 1 FROM information_schema.tables WHERE table_name = ?", [table]).fetchall():
                continue
            out[table] = con.execute(
                f'SELECT count(*) FROM "{table}" WHERE article_id NOT IN (SELECT id FROM articles)'
            ).fetchall()[0][0]
        return out
    finally:
        con.close()
