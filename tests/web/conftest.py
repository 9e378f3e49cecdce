"""Fixtures for the web tests: a small corpus, a TestClient, a live server and headless Chromium.

The corpus is built once per session with the store's own ingest (four
articles: the founding sample and three short ones). The live server is
uvicorn in a thread on a free 127.0.0.1 port. The browser is Debian's
``/usr/bin/chromium`` driven by Playwright (no browser is downloaded); browser
tests skip with the reason when it is missing, except under CI, where they fail.
"""

from __future__ import annotations

import os
import shutil
import socket
import sys
import threading
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

sys.path.insert(0, str(Path(__file__).parent))

from corpus_texts import write_corpus_inputs  # noqa: E402

from onrecord.web import create_app  # noqa: E402

CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
]


@pytest.fixture(scope="session")
def corpus_db(tmp_path_factory) -> Path:
    from onrecord.batch import LocalRunner, ingest
    from onrecord.store import Store

    folder = tmp_path_factory.mktemp("corpus")
    inputs = write_corpus_inputs(folder)
    path = folder / "corpus.duckdb"
    with Store.open(path) as store:
        summary = ingest([str(inputs)], store, LocalRunner(1))
    assert summary.stored == 4, summary
    return path


@pytest.fixture(scope="session")
def client(corpus_db) -> TestClient:
    return TestClient(create_app(corpus_db), raise_server_exceptions=False)


@pytest.fixture(scope="session")
def output_dir(tmp_path_factory) -> Path:
    """Where screenshots go: ``$ONRECORD_SCREENSHOTS`` when set, else the pytest tmp dir."""
    folder = os.environ.get("ONRECORD_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        return Path(folder)
    return tmp_path_factory.mktemp("screenshots")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def live_server(corpus_db) -> str:
    import uvicorn

    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(corpus_db), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the uvicorn server did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


def chromium_path() -> str | None:
    for candidate in (os.environ.get("ONRECORD_CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium")):
        if candidate and Path(candidate).exists():
            return candidate
    return None


@pytest.fixture(scope="session")
def browser(tmp_path_factory):
    executable = chromium_path()
    if executable is None:
        message = "Debian's chromium is not installed (`make test` installs it)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(profile), executable_path=executable, headless=True, args=CHROMIUM_ARGS,
            viewport={"width": 1360, "height": 900},
        )
        yield context
        context.close()


@pytest.fixture
def page(browser):
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.js_errors = errors
    yield page
    page.close()
