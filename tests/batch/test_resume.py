"""A local ingest killed with SIGKILL at a random point, then run again: every article exactly once."""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from onrecord.cli import main
from onrecord.store import article_key
from batch_corpus import SHARD_SIZE, db_content, orphan_rows

ONRECORD = str(Path(sys.executable).parent / "onrecord")


@pytest.mark.slow
def test_sigkill_then_resume_stores_every_article_once(corpus_dir, reference_db, tmp_path):
    db = tmp_path / "killed.duckdb"
    command = [ONRECORD, "ingest", str(corpus_dir), "--db", str(db), "--shard-size", str(SHARD_SIZE), "--no-progress"]
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    # Start-up (imports, model) takes ~2-3 s, then the articles as long as the reference run took:
    # kill somewhere between the first stored article and the last.
    analysis = float(reference_db.with_suffix(".seconds").read_text())
    delay = 2.5 + random.Random().uniform(0.1, 0.7) * analysis
    time.sleep(delay)
    still_running = proc.poll() is None
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert still_running, f"the ingest ended before the kill at {delay:.1f} s: {proc.stderr.read().decode()}"
    proc.stderr.close()

    with duckdb.connect(str(db), read_only=True) as con:
        before = con.execute("SELECT count(*) FROM articles").fetchall()[0][0]
    assert orphan_rows(db) == {t: 0 for t in orphan_rows(db)}

    result = CliRunner().invoke(main, ["ingest", str(corpus_dir), "--db", str(db), "--shard-size", str(SHARD_SIZE)])
    assert result.exit_code == 0, result.output

    expected = {article_key(None, p.read_text(encoding="utf-8")) for p in corpus_dir.iterdir()}
    with duckdb.connect(str(db), read_only=True) as con:
        ids = [r[0] for r in con.execute("SELECT id FROM articles").fetchall()]
    assert len(ids) == len(set(ids)), "an article was stored twice"
    assert set(ids) == expected
    assert orphan_rows(db) == {t: 0 for t in orphan_rows(db)}
    # Same rows as one uninterrupted run; duplicate_of depends on which articles share a run.
    assert db_content(db, exclude=("duplicate_of",)) == db_content(reference_db, exclude=("duplicate_of",)), (
        f"killed after {delay:.1f} s with {before} articles stored"
    )


def test_second_ingest_adds_nothing(corpus_dir, reference_db, tmp_path):
    copy = tmp_path / "again.duckdb"
    copy.write_bytes(reference_db.read_bytes())
    before = db_content(copy)
    result = CliRunner().invoke(main, ["ingest", str(corpus_dir), "--db", str(copy)])
    assert result.exit_code == 0, result.output
    assert "0 article(s) stored" in result.output
    assert db_content(copy) == before
