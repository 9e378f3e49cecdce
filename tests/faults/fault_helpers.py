"""Helpers for the fault tests: a tiny corpus, small file systems, exact checks of what a database holds.

A uniquely named module (not ``conftest``) so that ``from fault_helpers import`` is unambiguous.

``Tmpfs`` gives a small file system to fill up or make read-only: a plain
``mount -t tmpfs``. Where this process may not mount but ``unshare -rm``
works, ``conftest.py`` runs each test that uses a tmpfs again inside a
private mount namespace, where it may (``mount_mode``); set
``ONRECORD_TEST_MOUNT=unshare`` to force that way. Neither: the test skips,
or fails under ``CI=true``.
"""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import duckdb
import pytest

from onrecord.store import article_key

N_ARTICLES = 80
SHARD_SIZE = 2

_FIRST = ["Anna", "Boris", "Carla", "David", "Elena", "Farid", "Grace", "Hugo", "Irene", "Jonas"]
_LAST = ["Petrov", "Lindqvist", "Okafor", "Moreau", "Tanaka", "Silva", "Novak", "Berg", "Costa", "Haddad"]


def tiny_articles(n: int = N_ARTICLES) -> list[dict]:
    """``n`` short JSONL articles, two direct quotes each, each with its own URL (its corpus key)."""
    out = []
    for i in range(n):
        a, b = random.Random(i).sample(range(10), 2)
        text = (
            f"Council vote {i}\n\nThe council met on Monday to vote on plan {i}.\n\n"
            f"“We cannot wait any longer,” {_FIRST[a]} {_LAST[a]} said.\n\n"
            f"“The numbers do not add up,” {_FIRST[b]} {_LAST[b]} told reporters.\n"
        )
        out.append({"id": f"vote-{i}", "url": f"https://planet.example/vote-{i}", "outlet": "Daily Planet",
                    "published": f"2024-01-{1 + i % 28:02d}", "text": text})
    return out


def write_jsonl(path: Path, articles: list[dict]) -> Path:
    path.write_text("".join(json.dumps(a) + "\n" for a in articles), encoding="utf-8")
    return path


def keys_of(articles: list[dict]) -> list[str]:
    """The corpus ids of ``articles``, in input order."""
    return [article_key(a["url"], a["text"]) for a in articles]


def unavailable(reason: str) -> None:
    """Skip, except in CI (``CI=true``), where a fault test that cannot run is a failure."""
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason} (CI=true: fault tests must run)")
    pytest.skip(reason)


def article_ids(path: Path) -> list[str]:
    """Every ``articles.id``, duplicates included (a primary key should make them impossible)."""
    with duckdb.connect(str(path), read_only=True) as con:
        return [r[0] for r in con.execute("SELECT id FROM articles ORDER BY id").fetchall()]


_SKIP = ("ingested_at", "recorded_at", "corpus_speaker_id", "corpus_speaker_key")


def rows_of(path: Path, ids: set[str]) -> dict[str, list[tuple]]:
    """The rows of the articles ``ids`` in every table keyed by article, sorted, without timestamps.

    ``corpus_speaker_id`` and its integer ``corpus_speaker_key`` are left out: they depend on the whole corpus,
    not on the article (and an interrupted run stops before the step that sets them).
    """
    out = {}
    with duckdb.connect(str(path), read_only=True) as con:
        tables = [r[0] for r in con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' ORDER BY 1").fetchall()]
        for table in tables:
            columns = [r[0] for r in con.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = ? ORDER BY ordinal_position",
                [table]).fetchall()]
            key = "id" if table == "articles" else "article_id" if "article_id" in columns else None
            if key is None:
                continue
            select = ", ".join(f'CAST("{c}" AS VARCHAR)' for c in columns if c not in _SKIP)
            rows = con.execute(f'SELECT {select} FROM "{table}" WHERE "{key}" IN (SELECT unnest(?))',
                               [sorted(ids)]).fetchall()
            out[table] = sorted(rows, key=repr)
    return out


def error_line(stderr: str) -> str:
    """The last line written to stderr (a progress bar's ``\\r`` redraws count as line ends)."""
    lines = [line for line in re.split(r"[\r\n]+", stderr) if line.strip()]
    assert lines, "nothing on stderr"
    return lines[-1]


KEPT = re.compile(r"(?P<n>\d+) article\(s\) stored by this run are kept \((?P<corpus>\d+) in the corpus\)"
                  r"|nothing was stored by this run \((?P<corpus0>\d+) in the corpus\)")


def kept(message: str) -> tuple[int, int]:
    """(stored by this run, in the corpus) as an error message reports them."""
    m = KEPT.search(message)
    assert m, f"the message does not say what is kept: {message}"
    if m["n"] is None:
        return 0, int(m["corpus0"])
    return int(m["n"]), int(m["corpus"])


def copy_database(db: Path, to: Path) -> Path:
    """Copy ``db`` and its write-ahead log (if any) into the folder ``to``, as a user moving it would."""
    to.mkdir(parents=True, exist_ok=True)
    for file in (db, db.with_name(db.name + ".wal")):
        if file.exists():
            shutil.copy(file, to / file.name)
    return to / db.name


_MOUNT_MODE: list[str | None] = []


def mount_mode() -> str | None:
    """How this process gets a tmpfs: ``"mount"`` (allowed here), ``"unshare"`` (only in a private
    mount namespace, ``unshare -rm``), or ``None``. ``ONRECORD_TEST_MOUNT=unshare`` forces the second."""
    if _MOUNT_MODE:
        return _MOUNT_MODE[0]
    probe = Path(tempfile.mkdtemp(prefix="onrecord-mount-probe-"))
    try:
        mode = None
        if os.environ.get("ONRECORD_TEST_MOUNT") != "unshare" or os.environ.get(IN_NAMESPACE):
            if _run(["mount", "-t", "tmpfs", "-o", "size=4k", "tmpfs", str(probe)]):
                _run(["umount", str(probe)])
                mode = "mount"
        if mode is None and not os.environ.get(IN_NAMESPACE) and shutil.which("unshare"):
            if _run(["unshare", "-rm", "--propagation", "private",
                     "mount", "-t", "tmpfs", "-o", "size=4k", "tmpfs", str(probe)]):
                mode = "unshare"  # the mount went away with the namespace
    finally:
        probe.rmdir()
    _MOUNT_MODE.append(mode)
    return mode


IN_NAMESPACE = "ONRECORD_TEST_IN_MOUNT_NAMESPACE"


def _run(command: list[str]) -> bool:
    try:
        return subprocess.run(command, capture_output=True, timeout=30).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


class Tmpfs:
    """A tmpfs of ``size`` (``"64k"``) mounted at ``path`` until ``close()``; ``remount`` to resize or make it ro."""

    def __init__(self, path: Path, size: str):
        self.path = path
        self.size = size
        self.mounted = False

    def __enter__(self) -> "Tmpfs":
        self.path.mkdir(parents=True, exist_ok=True)
        done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={self.size}", "tmpfs", str(self.path)],
                              capture_output=True, text=True)
        if done.returncode != 0:
            unavailable(f"cannot mount a tmpfs for the fault test: {done.stderr.strip()}")
        self.mounted = True
        return self

    def remount(self, options: str) -> None:
        """``mount -o remount,OPTIONS``: ``"ro"``, ``"rw"``, ``"size=16m"`` (grown: space freed)."""
        subprocess.run(["mount", "-o", f"remount,{options}", str(self.path)], check=True, capture_output=True)

    def close(self) -> None:
        if self.mounted:
            if subprocess.run(["umount", str(self.path)], capture_output=True).returncode != 0:
                subprocess.run(["umount", "-l", str(self.path)], capture_output=True)  # still busy: detach
            self.mounted = False

    def __exit__(self, *exc) -> None:
        self.close()


ONRECORD = str(Path(sys.executable).parent / "onrecord")


class RunningIngest:
    """``onrecord ingest --progress`` in a subprocess, its stderr read as it comes (the bar shows ``stored=N``)."""

    def __init__(self, corpus: Path, db: Path, *extra: str):
        # Its own process group, as a shell job has: ``signal_group`` reaches it and its workers, like Ctrl-C.
        self.proc = subprocess.Popen(
            [ONRECORD, "ingest", str(corpus), "--db", str(db), "--shard-size", str(SHARD_SIZE), "--progress", *extra],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
        self._chunks: list[bytes] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        fd = self.proc.stderr.fileno()
        while chunk := os.read(fd, 4096):
            self._chunks.append(chunk)

    @property
    def stderr(self) -> str:
        return b"".join(self._chunks).decode("utf-8", "replace")

    def stored(self) -> int:
        return max((int(n) for n in re.findall(r"stored=(\d+)", self.stderr)), default=0)

    def wait_until_stored(self, n: int, timeout: float = 120) -> int:
        """Wait until the bar shows at least ``n`` articles stored (start-up loads the model: a few seconds)."""
        deadline = time.monotonic() + timeout
        while (stored := self.stored()) < n:
            assert self.proc.poll() is None, f"the ingest ended before storing {n} articles:\n{self.stderr}"
            assert time.monotonic() < deadline, f"no {n} articles stored after {timeout} s:\n{self.stderr}"
            time.sleep(0.02)
        return stored

    def workers(self) -> list[int]:
        """The pids of its local worker processes (``--workers N``)."""
        pids = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                ppid = int(stat.read_text().rsplit(")", 1)[1].split()[1])
                cmdline = (stat.parent / "cmdline").read_bytes()
            except (OSError, ValueError, IndexError):
                continue
            if ppid == self.proc.pid and b"spawn_main" in cmdline:
                pids.append(int(stat.parent.name))
        return pids

    def signal_group(self, signum: int) -> None:
        """Send ``signum`` to the ingest and its workers at once, as a terminal's Ctrl-C or systemd's stop does."""
        os.killpg(self.proc.pid, signum)

    def finish(self, timeout: float = 60) -> tuple[int, str]:
        """Wait for the exit: (return code, everything it wrote on stderr)."""
        code = self.proc.wait(timeout=timeout)
        self._reader.join(timeout=10)
        self.proc.stderr.close()
        return code, self.stderr

    def kill(self) -> None:
        """Cleanup: whatever is left of the ingest and its workers (its process group) ends now."""
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        self.proc.wait()
        if not self.proc.stderr.closed:
            self._reader.join(timeout=10)
            self.proc.stderr.close()


def gone(pid: int, timeout: float = 10) -> bool:
    """Whether process ``pid`` has ended (or is a zombie) within ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except (OSError, IndexError):
            return True
        if state in ("Z", "X"):
            return True
        time.sleep(0.05)
    return False
