"""Where an analysis spends its time, stage by stage, for ``onrecord benchmark speed``.

Stages nest: the checks that run while spaCy pulls the next text are
counted as checks, not as parsing, because entering a stage pauses the one
around it.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager


class StageTimes:
    """Seconds spent in each named stage, exclusive of the stages nested inside it."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)
        self._running: list[tuple[str, float]] = []  # (stage, when it last resumed)

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        now = time.perf_counter()
        if self._running:
            outer, since = self._running[-1]
            self.seconds[outer] += now - since
        self._running.append((name, now))
        try:
            yield
        finally:
            now = time.perf_counter()
            _, since = self._running.pop()
            self.seconds[name] += now - since
            if self._running:
                self._running[-1] = (self._running[-1][0], now)

    def total(self) -> float:
        return sum(self.seconds.values())

