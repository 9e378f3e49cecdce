"""Disk full during ``onrecord ingest``: one E404 line, exit 2, the committed articles kept whole, the rest on re-run.

A tmpfs too small for the corpus fills up in one of two places:

- ``64k``: while articles are being committed (the write-ahead log cannot grow);
- ``1m``: after every article is committed, when the final checkpoint folds
  the log into the database file (the file needs ~2 MB of 256 kB blocks).

Either way the message says how many articles the run stored; the database
(copied elsewhere, as a user moving it would, or read in place) holds exactly
those, whole; and after space is freed the same command stores the rest.
"""

from __future__ import annotations

import re

import pytest
from batch_corpus import db_content, orphan_rows
from click.testing import CliRunner
from fault_helpers import SHARD_SIZE, article_ids, copy_database, error_line, keys_of, kept, rows_of

from onrecord.cli import main


def ingest(corpus, db):
    return CliRunner().invoke(main, ["ingest", str(corpus), "--db", str(db), "--shard-size", str(SHARD_SIZE)])


@pytest.mark.parametrize("size, where", [("64k", "articles"), ("1m", "checkpoint")])
def test_disk_full_keeps_what_was_committed_and_a_rerun_finishes(size, where, tmpfs, tiny_corpus, tiny_reference,
                                                                 tmp_path):
    corpus, articles = tiny_corpus
    keys = keys_of(articles)
    disk = tmpfs("disk", size)
    db = disk.path / "corpus.duckdb"

    result = ingest(corpus, db)

    assert isinstance(result.exception, SystemExit), result.exception  # no traceback
    assert result.exit_code == 2, result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    message = error_line(result.stderr)
    assert re.match(rf"error: E404 {re.escape(str(db))}: disk full \(no space left on device", message), message
    assert "move corpus.duckdb and corpus.duckdb.wal to a larger disk" in message
    stored, in_corpus = kept(message)
    assert stored == in_corpus  # a new database
    if where == "articles":
        assert 0 < stored < len(articles), message
    else:
        assert stored == len(articles), message

    # Moved to a larger disk: exactly the articles the message counts, the first ones of the input, whole.
    copy = copy_database(db, tmp_path / "moved")
    ids = article_ids(copy)
    assert len(ids) == len(set(ids)) == stored, "an article is missing or stored twice"
    assert set(ids) == set(keys[:stored]), "not the articles committed before the disk filled"
    assert orphan_rows(copy) == {t: 0 for t in orphan_rows(copy)}
    assert rows_of(copy, set(ids)) == rows_of(tiny_reference, set(ids)), "a stored article is not whole"
    print(f"disk full ({size}, at {where}): {stored} stored before, {len(ids)} found after, "
          f"duplicates {len(ids) - len(set(ids))}")

    # Still on the full disk, the corpus can be queried (read-only needs no space).
    report = CliRunner().invoke(main, ["report", "--db", str(db), "--format", "csv"])
    assert report.exit_code == 0, report.output
    assert report.stdout.splitlines()[1].startswith(f"Daily Planet,{stored},")

    # Space freed (the tmpfs grown): the same command stores the rest, and the corpus is the uninterrupted one.
    disk.remount("size=16m")
    again = ingest(corpus, db)
    assert again.exit_code == 0, again.output
    assert f"{len(articles) - stored} article(s) stored, {stored} already there" in again.stderr
    ids = article_ids(db)
    assert len(ids) == len(set(ids)) == len(articles)
    assert db_content(db) == db_content(tiny_reference)
    assert not db.with_name("corpus.duckdb.wal").exists(), "the log is folded into the file at the end"
