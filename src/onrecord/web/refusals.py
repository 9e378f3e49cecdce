"""Requests uvicorn's HTTP parser refuses, answered in the app's error shape.

uvicorn answers a request h11 cannot parse (a request line or headers over the size limit still
incomplete, bytes that are not HTTP) with a plain-text 400. ``RefusalsInErrorShape`` says 414
(request line too long), 431 (headers too large) or 400, as JSON with the fields of every other
error (or the HTML error page when the path is a page's), with the security headers, and closes
the connection as uvicorn does.

It is an asyncio protocol of its own in front of uvicorn's: given to uvicorn's ``http`` option, it
builds uvicorn's h11 protocol with the arguments uvicorn gives it and passes every byte on, but for
a request h11 refuses. It reads both directions with h11's public API (the requests as the server
does, the responses as a client would), so that its answer waits until uvicorn has finished the
response under way on the connection: two answers never interleave. Nothing of uvicorn's protocol
is subclassed or reached into.
"""

from __future__ import annotations

import asyncio
from collections import deque

import h11

REASONS = {400: "Bad Request", 414: "URI Too Long", 431: "Request Header Fields Too Large"}


class RequestReader:
    """The client's bytes read as uvicorn reads them: the requests so far, and whether one is refused.

    After a refusal, ``head`` holds the refused request's bytes so far and ``earlier`` how many bytes
    of the last chunk belong to the requests before it (which uvicorn must still be given).
    """

    def __init__(self, limit: int):
        self.conn = h11.Connection(h11.SERVER, max_incomplete_event_size=limit)
        self.methods: deque[bytes] = deque()  # of the requests read whose response is not complete
        self.following = True  # False once the connection can carry no further request we can read
        self.received = 0  # bytes so far
        self.request_start = 0  # where the request being read began, in those bytes
        self.head: bytearray | None = bytearray()  # its bytes while its head is incomplete
        self.earlier = 0

    def refuses(self, data: bytes) -> bool:
        if not self.following:
            return False
        chunk_start, self.received = self.received, self.received + len(data)
        if self.head is not None:
            self.head += data
        self.conn.receive_data(data)
        while True:
            try:
                event = self.conn.next_event()
            except h11.RemoteProtocolError:
                self.earlier = max(0, self.request_start - chunk_start)
                return True
            if event is h11.NEED_DATA:
                return False
            if isinstance(event, h11.Request):
                self.methods.append(event.method)
                self.head = None
            elif isinstance(event, h11.EndOfMessage):
                self._next_request()
            elif event is h11.PAUSED or isinstance(event, h11.ConnectionClosed):
                self.following = False
                return False

    def _next_request(self) -> None:
        """Stand in for the app's answer (uvicorn sends the real one), so that h11 reads the next request."""
        self.conn.send(h11.Response(status_code=204, headers=[]))
        self.conn.send(h11.EndOfMessage())
        if self.conn.our_state is not h11.DONE or self.conn.their_state is not h11.DONE:
            self.following = False
            return
        self.conn.start_next_cycle()
        unread = self.conn.trailing_data[0]  # the next request's bytes received so far
        self.request_start = self.received - len(unread)
        self.head = bytearray(unread)


class ResponseWatcher:
    """What uvicorn writes, read as a client would: whether a response is still under way."""

    def __init__(self, methods: deque[bytes]):
        self.conn = h11.Connection(h11.CLIENT)
        self.methods = methods  # shared with the RequestReader
        self.lost = False  # the writes could not be followed: never answer over them

    @property
    def answering(self) -> bool:
        return self.lost or bool(self.methods)

    def wrote(self, data: bytes) -> None:
        if self.lost or not data:  # an empty write is nothing (to h11, empty bytes would mean the end)
            return
        try:
            self._ask_next()
            self.conn.receive_data(data)
            while (event := self.conn.next_event()) not in (h11.NEED_DATA, h11.PAUSED):
                if isinstance(event, h11.ConnectionClosed):
                    break
                if isinstance(event, h11.EndOfMessage):
                    self.methods.popleft()
                    if self.conn.our_state is h11.DONE and self.conn.their_state is h11.DONE:
                        self.conn.start_next_cycle()
                        self._ask_next()
        except (h11.ProtocolError, IndexError):
            self.lost = True

    def _ask_next(self) -> None:
        """Send (to this reader only) the request the next response answers, for h11 to frame it."""
        if self.conn.our_state is h11.IDLE and self.methods:
            self.conn.send(h11.Request(method=self.methods[0], target="/", headers=[("Host", "onrecord")]))
            self.conn.send(h11.EndOfMessage())


class _WatchedTransport:
    """The transport uvicorn's protocol writes to: everything passed on, each write shown to ``on_write``."""

    def __init__(self, transport: asyncio.Transport, on_write):
        self._transport = transport
        self._on_write = on_write

    def write(self, data) -> None:
        self._transport.write(data)
        self._on_write(bytes(data))

    def writelines(self, chunks) -> None:
        for chunk in chunks:
            self.write(chunk)

    def __getattr__(self, name: str):
        return getattr(self._transport, name)


class RefusalsInErrorShape(asyncio.Protocol):
    """uvicorn's protocol ``inner`` behind a reader that answers refused requests with ``answer(bytes)``.

    ``answer`` turns the refused request's bytes into the full HTTP response to send before closing.
    """

    def __init__(self, inner: asyncio.Protocol, limit: int, answer):
        self.inner = inner
        self.answer = answer
        self.reader = RequestReader(limit)
        self.watcher = ResponseWatcher(self.reader.methods)
        self.refused: bytes | None = None
        self.transport: asyncio.Transport | None = None

    def connection_made(self, transport) -> None:
        self.transport = transport
        self.inner.connection_made(_WatchedTransport(transport, self._written))

    def data_received(self, data: bytes) -> None:
        if self.refused is not None:
            return
        if not self.reader.refuses(data) or self.watcher.lost:
            self.inner.data_received(data)
            return
        self.refused = bytes(self.reader.head or b"")
        if self.reader.earlier:  # the ends of the requests before the refused one
            self.inner.data_received(data[: self.reader.earlier])
        self._answer_when_free()

    def _written(self, data: bytes) -> None:
        self.watcher.wrote(data)
        self._answer_when_free()

    def _answer_when_free(self) -> None:
        if self.refused is None or self.watcher.answering or self.transport.is_closing():
            return
        self.transport.write(self.answer(self.refused))
        self.transport.close()

    def connection_lost(self, exc) -> None:
        self.inner.connection_lost(exc)

    def eof_received(self):
        return self.inner.eof_received()

    def pause_writing(self) -> None:
        self.inner.pause_writing()

    def resume_writing(self) -> None:
        self.inner.resume_writing()


def response_bytes(status: int, content: bytes, headers: dict[str, str]) -> bytes:
    """An HTTP/1.1 response that closes the connection, as bytes."""
    head = f"HTTP/1.1 {status} {REASONS.get(status, 'Error')}\r\n" + "".join(
        f"{name}: {value}\r\n" for name, value in {**headers, "content-length": str(len(content)),
                                                    "connection": "close"}.items())
    return head.encode("latin-1") + b"\r\n" + content
