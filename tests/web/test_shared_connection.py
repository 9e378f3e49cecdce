"""The app's one read-only connection: shared by concurrent requests, never a write lock, let go when idle.

The corpus is a copy of the session's test corpus, so the ingest here changes nothing
other tests read. The "ingest" is the store's own writer in another process, which is
what ``onrecord ingest`` is to the file.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from fastapi.testclient import TestClient

from onrecord.store.limits import Limits
from onrecord.web import create_app
from onrecord.web.data import SharedCorpus

IDLE = 0.3

WRITE_ONE_ARTICLE = """
import sys
from onrecord.records import Article
from onrecord.store import Store, merge_speakers, shard_tables
with Store.open(sys.argv[1]) as store:
    text = 'The harbour reopened on Tuesday, the port authority said.'
    store.write_shard(shard_tables([Article(id='added', text=text, url='https://example.org/harbour')]))
    merge_speakers(store)
print('written')
"""

OPEN_READ_ONLY = "import duckdb, sys; duckdb.connect(sys.argv[1], read_only=True).close(); print('read')"


@pytest.fixture
def served(corpus_db, tmp_path):
    copy = tmp_path / "copy.duckdb"
    shutil.copy(corpus_db, copy)
    app = create_app(copy)
    app.state.settings.shared.idle_seconds = IDLE
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client, app.state.settings.shared, copy
    app.state.settings.shared.close()


def run_python(code: str, db) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code, str(db)], capture_output=True, text=True, timeout=120)


def test_concurrent_requests_share_one_connection(served):
    client, shared, _ = served
    ids = [a["id"] for a in client.get("/api/articles").json()]
    urls = ["/api/status", "/api/speakers", "/api/corpus/stats", "/api/quotes?search=we", "/corpus"]
    urls += [f"/api/articles/{i}" for i in ids]
    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(lambda url: (url, client.get(url).status_code), urls * 6))
    assert all(status == 200 for _, status in answers), [a for a in answers if a[1] != 200]
    assert shared.opened == 1


def test_the_connection_holds_no_write_lock_and_lets_an_ingest_in_when_idle(served):
    client, shared, copy = served
    before = client.get("/api/status").json()["articles"]
    with shared.request() as store:  # a request in flight keeps the connection open
        assert store.con.execute("SELECT count(*) FROM articles").fetchone()[0] == before
        # Other readers may open the file, a writer may not (DuckDB's rule for any reader).
        assert run_python(OPEN_READ_ONLY, copy).stdout.strip() == "read"
        blocked = run_python(WRITE_ONE_ARTICLE, copy)
        assert blocked.returncode != 0 and "lock" in blocked.stderr.lower(), blocked.stderr[-2000:]
    time.sleep(IDLE * 3)
    assert not shared.is_open
    written = run_python(WRITE_ONE_ARTICLE, copy)
    assert written.stdout.strip() == "written", written.stderr[-2000:]
    assert client.get("/api/status").json()["articles"] == before + 1
    assert shared.opened == 2


def test_while_an_ingest_holds_the_file_the_corpus_answers_503_then_recovers(served):
    client, shared, copy = served
    holder = subprocess.Popen(
        [sys.executable, "-c", "import duckdb, sys; c = duckdb.connect(sys.argv[1]); print('holding', flush=True); "
         "sys.stdin.read(); c.close()", str(copy)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "holding"
        held = client.get("/api/speakers")
        assert held.status_code == 503 and held.json()["error"]["code"] == "E401"
    finally:
        holder.communicate("", timeout=60)
    assert client.get("/api/speakers").status_code == 200


def test_the_shared_connection_has_the_memory_and_thread_limits_given(corpus_db, tmp_path):
    copy = tmp_path / "limited.duckdb"
    shutil.copy(corpus_db, copy)
    shared = SharedCorpus(copy, limits=Limits("700MB", 1))
    try:
        with shared.request() as store:
            memory, threads = store.con.execute(
                "SELECT current_setting('memory_limit'), current_setting('threads')").fetchall()[0]
        assert (memory, threads) == ("667.5 MiB", 1)  # 700 MB as DuckDB shows it
    finally:
        shared.close()


def test_requests_past_the_cap_wait_for_a_turn_and_none_fails(corpus_db, tmp_path):
    copy = tmp_path / "capped.duckdb"
    shutil.copy(corpus_db, copy)
    shared = SharedCorpus(copy, db_requests=2)
    inside, most, lock = [0], [0], threading.Lock()

    def one_request(_):
        with shared.request() as store:
            with lock:
                inside[0] += 1
                most[0] = max(most[0], inside[0])
            time.sleep(0.05)  # long enough that the others pile up at the door
            found = store.con.execute("SELECT count(*) FROM articles").fetchone()[0]
            with lock:
                inside[0] -= 1
        return found

    try:
        with ThreadPoolExecutor(8) as pool:
            counts = list(pool.map(one_request, range(24)))
    finally:
        shared.close()
    assert counts == [4] * 24  # every request answered
    assert most[0] == 2  # never more than the cap at once, and the cap was reached


def test_the_app_passes_its_limits_and_cap_to_the_shared_connection(corpus_db):
    app = create_app(corpus_db, limits=Limits("1GB", 1), db_requests=3)
    shared = app.state.settings.shared
    assert (shared.limits, shared.db_requests) == (Limits("1GB", 1), 3)


def test_the_serve_command_and_the_app_default_to_the_same_cap():
    from onrecord.cli_web import DEFAULT_DB_REQUESTS as SERVE_DEFAULT
    from onrecord.web.data import DEFAULT_DB_REQUESTS

    assert SERVE_DEFAULT == DEFAULT_DB_REQUESTS


@pytest.mark.parametrize("option, env, message", [
    (["--memory-limit", "plenty"], {}, "error: E400 --memory-limit: 'plenty' is not a memory limit"),
    ([], {"ONRECORD_DB_REQUESTS": "none"}, "error: ONRECORD_DB_REQUESTS: 'none' is not a request count"),
])
def test_serve_refuses_a_bad_bound_in_one_line_before_listening(tmp_path, option, env, message):
    from click.testing import CliRunner

    from onrecord.cli import main

    result = CliRunner().invoke(main, ["serve", "--db", str(tmp_path / "none.duckdb"), "--port", "0", *option],
                                env=env)
    assert result.exit_code == 2
    errors = [line for line in result.output.splitlines() if line.startswith("error")]
    assert len(errors) == 1 and errors[0].startswith(message), result.output
