"""Outputs that cannot be written: one E405 line naming the path, exit 2, nothing changed; reading still works.

Outputs: the ``--db`` of ``ingest`` (new or existing), the folder of
``export OUT``, and the ``--shard-dir`` of a Dask ingest. (``analyze`` only
writes to stdout, so it has no output folder to fail on.)

Two ways a folder refuses writes, as root: a read-only file system (a tmpfs
remounted ``ro``; root's permissions do not matter there), and permissions
(a mode 0555 folder, the command run as root without CAP_DAC_OVERRIDE via
``setpriv``, so root obeys the mode as any user would).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from batch_corpus import db_content
from click.testing import CliRunner
from fault_helpers import tiny_articles, unavailable, write_jsonl
from store_records import three_articles

from onrecord.cli import main
from onrecord.store import Store, merge_speakers, shard_tables

ONRECORD = str(Path(sys.executable).parent / "onrecord")


def make_corpus(db: Path) -> Path:
    with Store.open(db) as store:
        store.write_shard(shard_tables(three_articles()))
        merge_speakers(store)
    return db


@pytest.fixture
def readonly(tmpfs, tmp_path):
    """A read-only file system holding a corpus of three articles; an input of two more articles elsewhere."""
    fs = tmpfs("readonly", "4m")
    make_corpus(fs.path / "corpus.duckdb")
    fs.remount("ro")
    return fs.path, write_jsonl(tmp_path / "more.jsonl", tiny_articles(2))


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def assert_not_writable(result, where: Path, reason: str) -> str:
    assert isinstance(result.exception, SystemExit), result.exception  # no traceback
    assert result.exit_code == 2, result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert re.match(rf"error: E405 {re.escape(str(where))}: cannot write here \({reason}", lines[0]), lines[0]
    return lines[0]


def test_ingest_into_a_new_database_on_a_read_only_file_system(readonly):
    folder, more = readonly
    db = folder / "new.duckdb"
    assert_not_writable(run("ingest", more, "--db", db), db, "read-only file system")
    assert not db.exists()


def test_ingest_into_an_existing_database_on_a_read_only_file_system(readonly):
    folder, more = readonly
    db = folder / "corpus.duckdb"
    before = db_content(db)
    assert_not_writable(run("ingest", more, "--db", db), db, "read-only file system")
    assert db_content(db) == before


def test_a_corpus_on_a_read_only_file_system_can_be_queried(readonly):
    db = readonly[0] / "corpus.duckdb"
    for command in ("quotes", "speakers", "report"):
        result = run(command, "--db", db, "--format", "csv")
        assert result.exit_code == 0, (command, result.output)
    quotes = run("quotes", "--db", db, "--format", "csv")
    assert len(quotes.stdout.splitlines()) == 1 + 7  # header + the 7 quotes of three_articles


def test_export_to_a_read_only_folder(readonly, tmp_path):
    folder = readonly[0]
    db = folder / "corpus.duckdb"
    # A folder to create there, and the read-only folder itself.
    assert_not_writable(run("export", folder / "out", "--db", db), folder / "out", "read-only file system")
    message = assert_not_writable(run("export", folder, "--db", db), folder, "read-only file system")
    assert f"writing {folder / 'articles.parquet'}" in message
    assert sorted(p.name for p in folder.iterdir()) == ["corpus.duckdb"]
    ok = run("export", tmp_path / "out", "--db", db)  # the same database exports fine elsewhere
    assert ok.exit_code == 0, ok.output


def test_dask_shard_folder_on_a_read_only_file_system(readonly, tmp_path):
    pytest.importorskip("distributed")
    folder, more = readonly
    db = tmp_path / "elsewhere.duckdb"
    # No cluster needed: the shard folder is checked before the scheduler is contacted.
    result = run("ingest", more, "--db", db, "--scheduler", "tcp://127.0.0.1:1", "--shard-dir", folder / "shards")
    message = assert_not_writable(result, folder / "shards", "read-only file system")
    assert message.endswith("nothing was stored by this run (0 in the corpus); make it writable "
                            "(or choose another folder), then run the same command again to finish"), message


def test_a_folder_without_write_permission(tmp_path):
    """Permission denied, as root too; the folder is called ``locked``, which must not read as a held database."""
    if os.geteuid() == 0:
        if not shutil.which("setpriv"):
            unavailable("setpriv is needed to drop CAP_DAC_OVERRIDE as root")
        prefix = ["setpriv", "--bounding-set=-dac_override,-dac_read_search"]
    else:
        prefix = []
    folder = tmp_path / "locked"
    folder.mkdir()
    db = make_corpus(folder / "corpus.duckdb")
    more = write_jsonl(tmp_path / "more.jsonl", tiny_articles(2))
    before = db_content(db)
    folder.chmod(0o555)
    try:
        probe = subprocess.run([*prefix, "touch", str(folder / "probe")], capture_output=True, text=True)
        assert probe.returncode != 0, "the folder is writable: the test would prove nothing"
        cases = [
            # A new file cannot be created; an existing (writable) file cannot get its write-ahead log,
            # which is found out before any article is analyzed.
            (["ingest", str(more), "--db", str(folder / "new.duckdb")], f"{folder / 'new.duckdb'}", ""),
            (["ingest", str(more), "--db", str(db)], f"{db}", f", writing {db}.wal"),
            (["export", str(folder / "out"), "--db", str(db)], f"{folder / 'out'}", ""),
        ]
        for args, where, writing in cases:
            done = subprocess.run([*prefix, ONRECORD, *args], capture_output=True, text=True, timeout=120)
            assert done.returncode == 2, (args, done.stderr)
            lines = done.stderr.splitlines()
            assert len(lines) == 1, done.stderr
            assert lines[0] == f"error: E405 {where}: cannot write here (permission denied{writing})", lines[0]
        query = subprocess.run([*prefix, ONRECORD, "report", "--db", str(db)], capture_output=True, text=True)
        assert query.returncode == 0, query.stderr  # reading needs no write permission
    finally:
        folder.chmod(0o755)
    assert db_content(db) == before
    assert sorted(p.name for p in folder.iterdir()) == ["corpus.duckdb"]
