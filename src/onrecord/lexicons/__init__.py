"""The one lexicon loader: word lists are data files here, one entry a line.

A line starting with ``#`` is a comment (the files name each list's use and give an
example sentence); blank lines are skipped. Stages compile what they need from the
entries: a set of lower-cased words (``words``), spaCy matchers or patterns of their own.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=None)
def entries(name: str) -> tuple[str, ...]:
    """The entries of ``lexicons/<name>.txt`` in file order, stripped, comments dropped."""
    text = resources.files("onrecord.lexicons").joinpath(f"{name}.txt").read_text(encoding="utf-8")
    lines = (line.strip() for line in text.splitlines())
    return tuple(line for line in lines if line and not line.startswith("#"))


@lru_cache(maxsize=None)
def words(name: str) -> frozenset[str]:
    """The entries of a lexicon as a set, lower-cased: for membership tests on words and phrases."""
    return frozenset(entry.lower() for entry in entries(name))
