"""A real Dask cluster on 127.0.0.1 (a scheduler and two workers), one worker killed mid-run.

Part of the fault tests (``tests/faults/``): a worker killed while it holds
tasks loses nothing (the scheduler reruns them elsewhere) and duplicates
nothing (every article exactly once, the same rows as a single-process run).
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest
from batch_corpus import SHARD_SIZE, db_content, orphan_rows

from onrecord.batch import ingest
from onrecord.store import Store, article_key

pytest.importorskip("distributed")
from distributed import Client  # noqa: E402

from onrecord.batch.dask_runner import DaskRunner  # noqa: E402

DASK = str(Path(sys.executable).parent / "dask")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for_workers(address: str, n: int, timeout: float = 60) -> None:
    from distributed import Client

    with Client(address, timeout="30s") as client:
        client.wait_for_workers(n, timeout=timeout)


def _tasks_of(client, name: str) -> list[str]:
    """The keys of the tasks the scheduler has handed to the worker called ``name`` (running or next)."""
    workers = client.scheduler_info()["workers"]
    worker = next(a for a, info in workers.items() if info["name"] == name)
    return [str(k) for k in client.processing(workers=[worker]).get(worker, ())]


@pytest.fixture
def cluster(tmp_path):
    """``dask scheduler`` and two ``dask worker`` processes (no nanny: a kill is a real loss)."""
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    env = {**os.environ, "DASK_DISTRIBUTED__WORKER__DAEMON": "False"}
    logs = []
    procs: dict[str, subprocess.Popen] = {}

    def start(name: str, args: list[str]) -> None:
        log = open(tmp_path / f"{name}.log", "wb")  # noqa: SIM115 - closed below
        logs.append(log)
        procs[name] = subprocess.Popen([DASK, *args], stdout=log, stderr=subprocess.STDOUT, env=env)

    try:
        start("scheduler", ["scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"])
        for i in (1, 2):
            start(f"worker{i}", ["worker", address, "--host", "127.0.0.1", "--nthreads", "1", "--no-nanny",
                                 "--no-dashboard", "--name", f"w{i}", "--memory-limit", "0"])
        _wait_for_workers(address, 2)
        yield address, procs
    finally:
        # Workers first: a worker told to stop while its scheduler is closing can hang in its own close.
        for name in sorted(procs, key=lambda n: n == "scheduler"):
            proc = procs[name]
            if proc.poll() is None:
                proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        for log in logs:
            log.close()


@pytest.mark.slow
def test_dask_ingest_with_a_killed_worker_matches_single_process(cluster, corpus_dir, reference_db, tmp_path):
    address, procs = cluster
    db = tmp_path / "dask.duckdb"
    shard_dir = tmp_path / "shards"
    killed_at: list[int] = []
    held: list[str] = []

    def kill_one_worker(summary) -> None:
        # From 40 articles stored on, at the first moment worker1 holds a task: a kill mid-task, work to redo.
        if not killed_at and summary.stored >= 40 and (tasks := _tasks_of(watcher, "w1")):
            procs["worker1"].send_signal(signal.SIGKILL)
            held.extend(tasks)
            killed_at.append(summary.stored)

    started = time.monotonic()
    with Client(address, timeout="30s") as watcher, Store.open(db) as store:
        summary = ingest([str(corpus_dir)], store, DaskRunner(address, shard_dir), shard_size=SHARD_SIZE,
                         progress=kill_one_worker)
    elapsed = time.monotonic() - started
    assert killed_at and killed_at[0] < summary.stored, "the worker was not killed while holding a task"
    assert procs["worker1"].wait(timeout=10) == -signal.SIGKILL
    assert summary.errors == 0
    expected = {article_key(None, p.read_text(encoding="utf-8")) for p in corpus_dir.iterdir()}
    with duckdb.connect(str(db), read_only=True) as con:
        ids = [r[0] for r in con.execute("SELECT id FROM articles").fetchall()]
    assert len(ids) == len(set(ids)), "an article was stored twice"
    assert set(ids) == expected, f"{len(expected - set(ids))} article(s) lost"
    print(f"dask worker killed holding {len(held)} task(s) at {killed_at[0]} stored: "
          f"{len(ids)} of {len(expected)} articles found after, duplicates {len(ids) - len(set(ids))}")
    assert orphan_rows(db) == {t: 0 for t in orphan_rows(db)}
    assert db_content(db) == db_content(reference_db), f"dask run took {elapsed:.1f} s"
    assert not any(shard_dir.glob("shard-*")), "loaded shards are removed"


@pytest.mark.slow
def test_leftover_parquet_shards_are_loaded_once(corpus_dir, reference_db, tmp_path):
    """Shards finished by workers but not loaded before the client died are loaded by the next run."""
    from onrecord.batch.shard import analyze_shard, write_parquet_shard
    from onrecord.ingest import iter_inputs

    raws = list(iter_inputs([str(corpus_dir)]))[:SHARD_SIZE]
    shard_dir = tmp_path / "shards"
    write_parquet_shard(analyze_shard("shard-leftover", raws), shard_dir)
    (shard_dir / ".tmp-shard-half-written").mkdir()  # an interrupted write: ignored
    runner = DaskRunner("tcp://127.0.0.1:1", shard_dir)
    with Store.open(tmp_path / "db.duckdb") as store:
        loaded = [store.write_shard(r.tables) for r in runner.leftover()]
        again = [store.write_shard(r.tables) for r in runner.leftover()]
        assert [len(x) for x in loaded] == [SHARD_SIZE]
        assert [len(x) for x in again] == [0]
