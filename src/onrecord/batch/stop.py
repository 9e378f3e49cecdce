"""Stopping an ingest cleanly on SIGTERM or SIGINT (Ctrl-C).

``StopOnSignals`` (a context manager; the CLI's ``ingest`` uses it) catches
the first SIGTERM or SIGINT and turns it into a ``Stop`` exception:

- at once while the ingest reads inputs, analyzes, or waits for workers
  (inside ``interruptible()``), so a stop never waits for a shard to finish;
- at the next ``check()`` anywhere else, in particular never in the middle
  of a database write (``deferred()``): a stop cannot land inside a DuckDB
  call or between an article's commit and the count of what was stored.

After the first signal the default handlers are back, so a second SIGTERM or
Ctrl-C ends the process at once; the articles committed so far are safe
either way (DuckDB's write-ahead log), and the next run resumes.

``Stop`` derives from ``BaseException`` so that the ``except Exception`` that
isolates a failing article in ``analyze_shard`` does not take it for one.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager

SIGNALS = (signal.SIGTERM, signal.SIGINT)


class Stop(BaseException):
    """Raised in the main thread when a signal asked the ingest to stop."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


class NoStop:
    """Used when nobody asked for signal handling (the library default): never stops."""

    pending: int | None = None

    @contextmanager
    def interruptible(self) -> Iterator[None]:
        yield

    @contextmanager
    def deferred(self) -> Iterator[None]:
        yield

    def check(self) -> None:
        return None


class StopOnSignals(NoStop):
    """While entered (in the main thread), SIGTERM and SIGINT ask for a ``Stop``; see the module doc."""

    def __init__(self, signals: tuple[int, ...] = SIGNALS):
        self.signals = signals
        self.pending: int | None = None
        self._raised = False
        self._modes: list[bool] = []  # innermost last: True = raise at once, False = defer
        self._previous: dict[int, object] = {}

    def __enter__(self) -> "StopOnSignals":
        if threading.current_thread() is threading.main_thread():
            for signum in self.signals:
                self._previous[signum] = signal.signal(signum, self._handle)
        return self

    def __exit__(self, *exc) -> None:
        self._restore()

    def _restore(self) -> None:
        for signum, handler in self._previous.items():
            signal.signal(signum, handler)
        self._previous.clear()

    def _handle(self, signum: int, frame) -> None:
        if self.pending is None:
            self.pending = signum
        # A second signal gets the default treatment: the process ends at once.
        for sig in self.signals:
            if sig in self._previous:
                signal.signal(sig, signal.SIG_DFL)
        if self._modes and self._modes[-1]:
            self._raise()

    def _raise(self) -> None:
        if self.pending is not None and not self._raised:
            self._raised = True
            raise Stop(self.pending)

    @contextmanager
    def interruptible(self) -> Iterator[None]:
        """A signal in the block raises ``Stop`` at once (one already pending: on entry)."""
        self._raise()
        self._modes.append(True)
        try:
            yield
        finally:
            self._modes.pop()

    @contextmanager
    def deferred(self) -> Iterator[None]:
        """A signal in the block only marks the stop as pending: ``check()`` raises it later, or the end of
        the block when it is nested in ``interruptible()`` (a write while reading inputs)."""
        self._modes.append(False)
        try:
            yield
        finally:
            self._modes.pop()
        if self._modes and self._modes[-1]:  # reached only when the block ended without an error
            self._raise()

    def check(self) -> None:
        """Raise ``Stop`` if a signal came (once)."""
        self._raise()
