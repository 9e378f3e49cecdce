"""The app's one read-only connection: shared by concurrent requests, never a write lock, let go when idle.

The corpus is a copy of the session's test corpus, so the ingest here changes nothing
other tests read. The "ingest" is the store's own writer in another process, which is
what ``onrecord ingest`` is to the file.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from fastapi.testclient import TestClient

from onrecord.web import create_app

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
