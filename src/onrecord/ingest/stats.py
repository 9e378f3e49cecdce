"""``IngestStats``: what the readers skipped, by reason. A module of its own so that counting
needs no archive library: reading a .txt file never imports warcio or trafilatura."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field


@dataclass
class IngestStats:
    """Records skipped while reading (WARC), by reason; ``articles`` is how many the WARC reader yielded."""

    articles: int = 0
    skipped: Counter = field(default_factory=Counter)

    def total_skipped(self) -> int:
        return sum(self.skipped.values())
