"""SIGTERM and Ctrl-C (SIGINT) during ``onrecord ingest``: a graceful stop, then a re-run that finishes the job.

The ingest runs as a subprocess, is signalled once its progress bar shows a
few articles stored (SIGTERM to the process; SIGINT to its whole process
group, workers included, as a terminal's Ctrl-C), and must then: exit with 128 + the signal (143, 130)
within seconds, print one ``E406`` line saying how many articles it stored,
close the database cleanly (no write-ahead log left), leave exactly those
articles, each whole, and no worker processes behind. Running the same
command again stores the rest, and the corpus equals an uninterrupted ingest.

SIGKILL (no chance to stop gracefully) is covered by
``tests/batch/test_resume.py::test_sigkill_then_resume_stores_every_article_once``
(killed at a random point of a 200-article ingest, resumed, every article
exactly once, the same rows as an uninterrupted run); it is not repeated here.
"""

from __future__ import annotations

import os
import re
import signal
import time

import pytest
from batch_corpus import db_content, orphan_rows
from click.testing import CliRunner
from fault_helpers import SHARD_SIZE, RunningIngest, article_ids, error_line, gone, keys_of, kept, rows_of

from onrecord.batch.stop import Stop, StopOnSignals
from onrecord.cli import main


@pytest.mark.parametrize("signum, workers, group", [
    # ``kill PID``: the ingest process only, analyzing in itself.
    pytest.param(signal.SIGTERM, 1, False, id="SIGTERM-in-process", marks=pytest.mark.slow),
    # Ctrl-C in a terminal: the whole process group, the two worker processes included.
    pytest.param(signal.SIGINT, 2, True, id="SIGINT-group-2-workers", marks=pytest.mark.slow),
])
def test_a_signal_stops_the_ingest_gracefully_and_a_rerun_finishes(signum, workers, group, tiny_corpus,
                                                                  tiny_reference, tmp_path):
    corpus, articles = tiny_corpus
    keys = keys_of(articles)
    db = tmp_path / "corpus.duckdb"
    run = RunningIngest(corpus, db, "--workers", str(workers))
    try:
        run.wait_until_stored(4)
        pool = run.workers()
        assert len(pool) == (workers if workers > 1 else 0), pool
        sent = time.monotonic()
        if group:
            run.signal_group(signum)
        else:
            run.proc.send_signal(signum)
        code, stderr = run.finish()
        took = time.monotonic() - sent
        outlived = [pid for pid in pool if not gone(pid)]  # before the cleanup below kills any
    finally:
        run.kill()

    assert code == 128 + signum, stderr
    assert "Traceback" not in stderr, stderr
    message = error_line(stderr)
    name = signal.Signals(signum).name
    assert re.match(rf"error: E406 {re.escape(str(db))}: stopped by {name}; ", message), message
    assert message.endswith("run the same command again to finish"), message
    stored, in_corpus = kept(message)
    assert stored == in_corpus and 4 <= stored < len(articles), message
    assert took < 15, f"the stop took {took:.1f} s"
    assert not outlived, "a worker process outlived the ingest"
    assert not db.with_name(db.name + ".wal").exists(), "the database was not closed cleanly"

    ids = article_ids(db)
    assert len(ids) == len(set(ids)) == stored, "an article is missing or stored twice"
    if workers == 1:
        assert set(ids) == set(keys[:stored]), "not the first articles of the input"
    else:
        assert set(ids) <= set(keys)
    assert orphan_rows(db) == {t: 0 for t in orphan_rows(db)}
    assert rows_of(db, set(ids)) == rows_of(tiny_reference, set(ids)), "a stored article is not whole"
    print(f"{name} to the {'group' if group else 'process'} with {workers} worker(s): stopped in {took:.2f} s, {stored} stored before, {len(ids)} found "
          f"after, duplicates {len(ids) - len(set(ids))}")

    again = CliRunner().invoke(main, ["ingest", str(corpus), "--db", str(db), "--shard-size", str(SHARD_SIZE)])
    assert again.exit_code == 0, again.output
    assert f"{len(articles) - stored} article(s) stored, {stored} already there" in again.stderr
    ids = article_ids(db)
    assert len(ids) == len(set(ids)) == len(articles)
    assert db_content(db) == db_content(tiny_reference)


def test_stop_waits_for_the_write_in_progress_and_not_for_the_analysis():
    """``StopOnSignals`` in this process: SIGTERM raised for real (``os.kill``) at each kind of point."""
    before = signal.getsignal(signal.SIGTERM)
    with StopOnSignals() as stop:
        with stop.deferred():  # a database write: the signal only marks the stop
            os.kill(os.getpid(), signal.SIGTERM)
            wrote_after_signal = True
        assert wrote_after_signal and stop.pending == signal.SIGTERM
        assert signal.getsignal(signal.SIGTERM) == signal.SIG_DFL, "a second signal must end the process"
        with pytest.raises(Stop) as stopped:
            stop.check()
        assert stopped.value.signum == signal.SIGTERM
        stop.check()  # raised once only
    assert signal.getsignal(signal.SIGTERM) == before, "handlers restored"

    with StopOnSignals() as stop:
        with pytest.raises(Stop):
            with stop.interruptible():  # analysis: stops at once, mid-loop
                for step in range(10_000_000):
                    if step == 10:
                        os.kill(os.getpid(), signal.SIGTERM)
        assert step < 10_000_000 - 1

    with StopOnSignals() as stop:
        with pytest.raises(Stop):
            with stop.interruptible():  # reading inputs, recording a bad one: stops when the record is written
                with stop.deferred():
                    os.kill(os.getpid(), signal.SIGTERM)
                    recorded = True
                pytest.fail("the stop should come at the end of the write")
        assert recorded
