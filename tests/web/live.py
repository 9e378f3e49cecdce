"""A real ``onrecord serve`` in a subprocess, and raw HTTP/1.1 over a socket.

Tests that need uvicorn's own HTTP parser (long request lines, bytes httpx will
not send) or a separate process to measure (its RSS) use ``Served``: it runs the
``serve`` command exactly as a user would (``onrecord serve --db PATH --port N``,
through ``onrecord.cli.main``) on a free 127.0.0.1 port, with its stderr in a
log file the tests read afterwards.
"""

from __future__ import annotations

import json
import re
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

SERVE = "import sys; from onrecord.cli import main; sys.exit(main())"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Served:
    """``onrecord serve --db DB`` in a subprocess; ``url``, ``pid``, ``rss_kb()``, ``log()``."""

    def __init__(self, db: Path, log_path: Path, start_timeout: float = 60.0):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = log_path
        self._log = open(log_path, "wb")  # noqa: SIM115 - closed in stop()
        self.proc = subprocess.Popen(
            [sys.executable, "-c", SERVE, "serve", "--db", str(db), "--port", str(self.port)],
            stdin=subprocess.DEVNULL, stdout=self._log, stderr=subprocess.STDOUT,
        )
        self.pid = self.proc.pid
        deadline = time.monotonic() + start_timeout
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError(f"onrecord serve exited with {self.proc.returncode}:\n{self.log()}")
            try:
                if httpx.get(self.url + "/api/status", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"onrecord serve did not answer within {start_timeout:.0f} s:\n{self.log()}")
            time.sleep(0.1)

    def alive(self) -> bool:
        return self.proc.poll() is None

    def rss_kb(self) -> int:
        """The server's resident set size (VmRSS in /proc/PID/status), in kB."""
        status = Path(f"/proc/{self.pid}/status").read_text()
        return int(re.search(r"^VmRSS:\s+(\d+) kB", status, re.M).group(1))

    def log(self) -> str:
        self._log.flush()
        return self.log_path.read_text(errors="replace")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        self._log.close()

    def raw(self, request: bytes, chunk: int | None = None, timeout: float = 10.0) -> Raw:
        return raw_exchange("127.0.0.1", self.port, request, chunk=chunk, timeout=timeout)


@dataclass
class Raw:
    """One HTTP/1.1 answer read off a socket."""

    status: int
    reason: str
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    send_error: str | None = None

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")

    def json(self):
        return json.loads(self.body)


def request_bytes(method: str, target: bytes, headers: dict[str, str] | None = None, body: bytes = b"") -> bytes:
    lines = [method.encode("ascii") + b" " + target + b" HTTP/1.1", b"Host: 127.0.0.1", b"Connection: close"]
    for name, value in (headers or {}).items():
        lines.append(f"{name}: {value}".encode("latin-1"))
    if body:
        lines.append(b"Content-Length: " + str(len(body)).encode("ascii"))
    return b"\r\n".join(lines) + b"\r\n\r\n" + body


def raw_exchange(host: str, port: int, request: bytes, chunk: int | None = None, timeout: float = 10.0) -> Raw:
    """Send ``request`` (all at once, or ``chunk`` bytes at a time) and read the answer until the server closes.

    A server may answer, and stop reading, before the whole request is sent: a failed send is
    kept in ``send_error`` and the answer is still read.
    """
    data = b""
    send_error = None
    with socket.create_connection((host, port), timeout=timeout) as sock:
        try:
            if chunk:
                for start in range(0, len(request), chunk):
                    sock.sendall(request[start:start + chunk])
                    time.sleep(0.001)
            else:
                sock.sendall(request)
        except OSError as exc:
            send_error = repr(exc)
        while True:
            try:
                piece = sock.recv(65536)
            except ConnectionResetError:
                break
            if not piece:
                break
            data += piece
    if b"\r\n\r\n" not in data:
        raise AssertionError(f"no HTTP answer (send error: {send_error}); got {data[:200]!r}")
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    _, status, reason = (lines[0].split(" ", 2) + [""])[:3]
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    if "content-length" in headers:
        body = body[: int(headers["content-length"])]
    return Raw(int(status), reason, headers, body, send_error)
