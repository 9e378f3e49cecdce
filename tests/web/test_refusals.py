"""The real server answers requests its HTTP parser refuses in the error shape, on any request of a
connection, without uvicorn's protocol being subclassed (onrecord.web.refusals, cli_web.http_protocol).

The first request of a connection is covered by test_malformed.py; here: a refused request after
a served one on a kept-alive connection, a refused request pipelined behind a good one (its answer
must wait for the good one's), and the positive twins (good requests after good ones still served).
"""

from __future__ import annotations

import http.client
import io
import socket

import pytest
from live import Served
from webcheck import assert_error_answer

from onrecord.cli_web import http_protocol
from onrecord.web import create_app

GOOD = b"GET /api/status HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
GOOD_HEAD = b"HEAD /api/status HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
NOT_HTTP = b"G@T / HTTP/1.1\r\nHost: x\r\n\r\n"
# Headers over the 16 kB limit and still incomplete (h11 limits what it holds before a head is whole).
BIG_HEADERS = b"GET /corpus HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Filler: " + b"b" * 20_000


@pytest.fixture(scope="module")
def served(corpus_db, tmp_path_factory):
    server = Served(corpus_db, tmp_path_factory.mktemp("served") / "serve.log")
    yield server
    log = server.log()
    server.stop()
    assert "Traceback" not in log and "unexpected error" not in log, log[-3000:]


class _Unclosed(io.BytesIO):
    def close(self) -> None:  # http.client closes the file after each response; the next one follows
        pass


class _Replay:
    """Bytes read off a socket, given to http.client one response after another."""

    def __init__(self, data: bytes):
        self.file = _Unclosed(data)

    def makefile(self, *args, **kwargs):
        return self.file


def _answers(data: bytes, methods: list[str]) -> list[tuple[int, dict, bytes]]:
    replay, answers = _Replay(data), []
    for method in methods:
        response = http.client.HTTPResponse(replay, method=method)
        response.begin()
        answers.append((response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()))
    assert replay.file.read() == b"", "nothing after the answers"
    return answers


def _exchange(port: int, steps: list[bytes], chunk: int = 1024) -> bytes:
    """Send each step (in ``chunk``-byte pieces), reading what has come after each; then read to the close."""
    received = b""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        for step in steps:
            for start in range(0, len(step), chunk):
                sock.sendall(step[start:start + chunk])
            if step is not steps[-1]:
                received += sock.recv(1 << 20)
        while data := sock.recv(1 << 20):
            received += data
    return received


@pytest.mark.parametrize("refused,status,path", [(NOT_HTTP, 400, "/"), (BIG_HEADERS, 431, "/corpus")])
def test_a_refused_request_after_a_served_one_gets_the_error_shape(served, refused, status, path):
    data = _exchange(served.port, [GOOD, refused])
    (first, second) = _answers(data, ["GET", "GET"])
    assert first[0] == 200 and first[2].startswith(b"{")
    assert_error_answer(second[0], second[1], second[2], path, status)
    assert second[1]["connection"] == "close"


def test_a_refused_request_pipelined_behind_a_good_one_is_answered_after_it(served):
    """Both in one send: the good request's whole answer first, then the refusal's, never interleaved."""
    data = _exchange(served.port, [GOOD + GOOD_HEAD + NOT_HTTP], chunk=1 << 20)
    first, second, third = _answers(data, ["GET", "HEAD", "GET"])
    assert first[0] == 200 and first[2] and second[0] == 200 and second[2] == b""
    assert_error_answer(third[0], third[1], third[2], "/", 400)  # the page's path: the HTML error page


def test_good_requests_after_good_ones_are_served_on_the_same_connection(served):
    """The positive twin: the reader in front of uvicorn lets a kept-alive connection go on."""
    closing = GOOD.replace(b"\r\n\r\n", b"\r\nConnection: close\r\n\r\n")
    data = _exchange(served.port, [GOOD, GOOD_HEAD, closing])
    assert [a[0] for a in _answers(data, ["GET", "HEAD", "GET"])] == [200, 200, 200]


def test_uvicorn_s_protocol_is_composed_not_subclassed(corpus_db):
    from uvicorn.config import HTTP_PROTOCOLS
    from uvicorn.importer import import_from_string

    protocol = http_protocol(create_app(corpus_db))
    assert not issubclass(protocol, import_from_string(HTTP_PROTOCOLS["h11"]))
