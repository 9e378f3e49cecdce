"""A worker killed mid-run: nothing stored is lost or duplicated, and the run (or a re-run) finishes the job.

- Local workers (``--workers 2``): a worker process killed with SIGKILL (as
  the out-of-memory killer does) ends the ingest with one ``E407`` line and
  exit 2; the articles stored so far are whole, the other worker is gone,
  and the same command stores the rest.
- Dask workers: the scheduler reruns the lost task elsewhere, so the same run
  ends complete. That is
  ``tests/batch/test_dask.py::test_dask_ingest_with_a_killed_worker_matches_single_process``
  (a real scheduler and two workers, one killed while it holds tasks; the
  corpus must equal the single-process one, every article exactly once).
"""

from __future__ import annotations

import os
import re
import signal

import pytest
from batch_corpus import db_content, orphan_rows
from click.testing import CliRunner
from fault_helpers import SHARD_SIZE, RunningIngest, article_ids, error_line, gone, keys_of, kept, rows_of

from onrecord.cli import main


@pytest.mark.slow
def test_a_killed_local_worker_ends_the_run_cleanly_and_a_rerun_finishes(tiny_corpus, tiny_reference, tmp_path):
    corpus, articles = tiny_corpus
    db = tmp_path / "corpus.duckdb"
    run = RunningIngest(corpus, db, "--workers", "2")
    try:
        run.wait_until_stored(4)
        pool = run.workers()
        assert len(pool) == 2, pool
        os.kill(pool[0], signal.SIGKILL)
        code, stderr = run.finish()
        outlived = not gone(pool[1])  # before the cleanup below kills it
    finally:
        run.kill()

    assert code == 2, stderr
    assert "Traceback" not in stderr, stderr
    message = error_line(stderr)
    assert re.match(r"error: E407 local worker process: died while analyzing \(killed, or out of memory\?\)",
                    message), message
    assert message.endswith("run the same command again to finish (with fewer --workers if memory is short)")
    stored, in_corpus = kept(message)
    assert stored == in_corpus and 4 <= stored < len(articles), message
    assert not outlived, "the other worker outlived the ingest"

    ids = article_ids(db)
    assert len(ids) == len(set(ids)) == stored, "an article is missing or stored twice"
    assert set(ids) <= set(keys_of(articles))
    assert orphan_rows(db) == {t: 0 for t in orphan_rows(db)}
    assert rows_of(db, set(ids)) == rows_of(tiny_reference, set(ids)), "a stored article is not whole"
    print(f"local worker killed: {stored} stored before, {len(ids)} found after, duplicates 0")

    again = CliRunner().invoke(main, ["ingest", str(corpus), "--db", str(db), "--shard-size", str(SHARD_SIZE)])
    assert again.exit_code == 0, again.output
    assert f"{len(articles) - stored} article(s) stored, {stored} already there" in again.stderr
    assert db_content(db) == db_content(tiny_reference)
