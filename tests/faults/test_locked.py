"""The database file held by another process: every command says so in one E401 line naming the file and the holder.

DuckDB lets one process write a file and then no other may open it, not
even to read; readers (``read_only``) may share it with each other but not
with a writer. The holder here is a plain DuckDB connection in another
process, which is what a running ``onrecord ingest`` is to the file.
"""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from batch_corpus import db_content
from click.testing import CliRunner
from fault_helpers import tiny_articles, write_jsonl
from store_records import three_articles

from onrecord.cli import main
from onrecord.store import Store, merge_speakers, shard_tables


@pytest.fixture
def corpus(tmp_path):
    """A database of three hand-made articles (no analysis needed) and an input of two more."""
    db = tmp_path / "held.duckdb"
    with Store.open(db) as store:
        store.write_shard(shard_tables(three_articles()))
        merge_speakers(store)
    return db, write_jsonl(tmp_path / "more.jsonl", tiny_articles(2))


class Holder:
    """Another process with the database open (``read_only`` or for writing) until ``release()``."""

    def __init__(self, db, read_only: bool):
        self.proc = subprocess.Popen(
            [sys.executable, "-c",
             f"import duckdb, sys; c = duckdb.connect({str(db)!r}, read_only={read_only}); "
             "print('holding', flush=True); sys.stdin.read(); c.close()"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        assert self.proc.stdout.readline().strip() == "holding"
        self.pid = self.proc.pid

    def release(self) -> None:
        if self.proc.poll() is None:
            self.proc.communicate("", timeout=30)


@pytest.fixture
def hold(corpus):
    holders: list[Holder] = []

    def start(read_only: bool) -> Holder:
        holders.append(Holder(corpus[0], read_only))
        return holders[-1]

    try:
        yield start
    finally:
        for holder in holders:
            try:
                holder.release()
            except subprocess.TimeoutExpired:
                holder.proc.kill()
                holder.proc.wait()


def commands(db, more, out):
    return {
        "ingest": ["ingest", str(more), "--db", str(db)],
        "quotes": ["quotes", "--db", str(db)],
        "speakers": ["speakers", "--db", str(db)],
        "report": ["report", "--db", str(db)],
        "export": ["export", str(out), "--db", str(db)],
    }


def assert_locked(result, db, holder: Holder) -> None:
    assert isinstance(result.exception, SystemExit), result.exception  # no traceback
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert re.match(
        rf"error: E401 {re.escape(str(db))}: the database is held by another process \(PID {holder.pid}, ", lines[0]
    ), lines[0]


@pytest.mark.parametrize("command", ["ingest", "quotes", "speakers", "report", "export"])
def test_a_writer_elsewhere_blocks_every_command(command, corpus, hold, tmp_path):
    db, more = corpus
    before = db_content(db)
    holder = hold(read_only=False)
    result = CliRunner().invoke(main, commands(db, more, tmp_path / "out")[command])
    assert_locked(result, db, holder)
    holder.release()
    assert db_content(db) == before, "nothing written, nothing lost"
    assert not (tmp_path / "out").exists()


def test_readers_elsewhere_block_ingest_only(corpus, hold, tmp_path):
    db, more = corpus
    before = db_content(db)
    holder = hold(read_only=True)
    result = CliRunner().invoke(main, commands(db, more, tmp_path / "out")["ingest"])
    assert_locked(result, db, holder)
    report = CliRunner().invoke(main, ["report", "--db", str(db), "--format", "csv", "--min-articles", "1"])
    assert report.exit_code == 0, report.output  # readers share the file
    outlets = {line.split(",")[0] for line in report.stdout.splitlines()[1:]}
    assert outlets == {"Daily Planet", "Gotham Gazette", "(all outlets)"}
    holder.release()
    assert db_content(db) == before
