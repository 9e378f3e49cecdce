"""Fixtures for the fault tests: a tiny corpus and its reference database, small file systems.

The helpers of ``tests/batch`` (``db_content``, ``orphan_rows``) and
``tests/store`` (``three_articles``) are reused, not copied.

A test that uses ``tmpfs`` where this process may not mount, but
``unshare -rm`` works, is run again inside a private mount namespace (a
``pytest`` subprocess for that one test) and passes or fails with it.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

_TESTS = Path(__file__).resolve().parents[1]
for _helpers in (_TESTS / "batch", _TESTS / "store"):
    if str(_helpers) not in sys.path:
        sys.path.append(str(_helpers))

from fault_helpers import (  # noqa: E402
    IN_NAMESPACE,
    SHARD_SIZE,
    Tmpfs,
    mount_mode,
    tiny_articles,
    unavailable,
    write_jsonl,
)

from onrecord.batch import LocalRunner, ingest  # noqa: E402
from onrecord.store import Store  # noqa: E402


@pytest.fixture(scope="session")
def tiny_corpus(tmp_path_factory) -> tuple[Path, list[dict]]:
    """A JSONL file of tiny articles (analyzed in ~30 ms each) and the articles it holds."""
    articles = tiny_articles()
    return write_jsonl(tmp_path_factory.mktemp("tiny") / "corpus.jsonl", articles), articles


@pytest.fixture(scope="session")
def tiny_reference(tiny_corpus, tmp_path_factory) -> Path:
    """The tiny corpus ingested in this process, uninterrupted, with the fault tests' shard size."""
    path = tmp_path_factory.mktemp("tiny-reference") / "reference.duckdb"
    with Store.open(path) as store:
        ingest([str(tiny_corpus[0])], store, LocalRunner(1), shard_size=SHARD_SIZE)
    return path


def pytest_pyfunc_call(pyfuncitem):
    """Where only a private mount namespace may mount, run a tmpfs test there; it passes only if it passed there."""
    if "tmpfs" not in pyfuncitem.fixturenames or os.environ.get(IN_NAMESPACE) or mount_mode() != "unshare":
        return None
    command = ["unshare", "-rm", "--propagation", "private", sys.executable, "-m", "pytest", pyfuncitem.nodeid,
               "-q", "-p", "no:cacheprovider", "-rA"]
    done = subprocess.run(command, cwd=pyfuncitem.config.rootpath, env={**os.environ, IN_NAMESPACE: "1"},
                          capture_output=True, text=True)
    summary = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""
    if done.returncode != 0 or not re.search(r"\b1 passed\b", summary) or "skipped" in summary:
        pytest.fail(f"in a private mount namespace (unshare -rm): {summary}\n"
                    f"{done.stdout[-4000:]}{done.stderr[-2000:]}", pytrace=False)
    return True


@pytest.fixture
def tmpfs(tmp_path):
    """``tmpfs(name, size)`` mounts a small tmpfs under ``tmp_path``; all are unmounted at teardown, pass or fail."""
    if mount_mode() is None:
        unavailable("cannot mount a tmpfs here, not even in a private namespace (unshare -rm)")
    mounts: list[Tmpfs] = []

    def make(name: str, size: str) -> Tmpfs:
        fs = Tmpfs(tmp_path / name, size)
        mounts.append(fs)
        return fs.__enter__()

    try:
        yield make
    finally:
        for fs in reversed(mounts):
            fs.close()
