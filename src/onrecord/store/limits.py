"""DuckDB's memory and thread limits, applied to every connection the store opens.

DuckDB lets one database instance use 80% of the machine's RAM and every core
by default. A web server flooded with corpus pages over a million articles
reached 20.9 GB on a 23 GB machine that way (``benchmarks/corpus_scale.md``),
so onrecord sets its own default, a quarter of RAM, and lets the user change
it (``--memory-limit`` on the corpus commands, or ``ONRECORD_MEMORY_LIMIT``);
past the limit DuckDB spills joins and sorts to ``PATH.tmp`` next to the
database, slower but within bounds. ``--threads`` (``ONRECORD_THREADS``) caps
the threads of one query; by default DuckDB uses one per core.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

from onrecord.store.errors import StoreError

MEMORY_ENV = "ONRECORD_MEMORY_LIMIT"
THREADS_ENV = "ONRECORD_THREADS"
DEFAULT_MEMORY_LIMIT = "25%"
"""A quarter of the machine's RAM (DuckDB reads the percentage): room for the analysis and other work."""

_MEMORY_SIZE = re.compile(r"^\d+(\.\d+)?\s*(%|B|[KMGT]i?B)$", re.IGNORECASE)
SIZE_HELP = "a size such as 4GB, 512MB or 2GiB, or a share of RAM such as 25%"


def memory_size(text: str, where: str = "--memory-limit") -> str:
    """``text`` as DuckDB's ``memory_limit`` takes it; anything else raises ``StoreError`` naming ``where``."""
    value = text.strip()
    if not _MEMORY_SIZE.match(value) or float(re.match(r"\d+(\.\d+)?", value).group(0)) <= 0:
        raise StoreError(where, f"{text!r} is not a memory limit: give {SIZE_HELP}")
    if value.endswith("%") and float(value[:-1]) > 100:
        raise StoreError(where, f"{text!r} is more than all the memory: give a share up to 100%")
    return value


def thread_count(text: str | int, where: str = "--threads") -> int:
    """``text`` as a thread count of at least 1; anything else raises ``StoreError`` naming ``where``."""
    try:
        count = int(str(text).strip())
    except ValueError:
        count = 0
    if count < 1:
        raise StoreError(where, f"{text!r} is not a thread count: give a whole number of at least 1")
    return count


@dataclass(frozen=True)
class Limits:
    """What one DuckDB database instance may use: ``memory_limit`` (DuckDB's syntax) and ``threads``."""

    memory_limit: str = DEFAULT_MEMORY_LIMIT
    threads: int | None = None
    """``None``: DuckDB's default, one per core."""

    @classmethod
    def from_environment(cls, memory_limit: str | None = None, threads: str | int | None = None) -> "Limits":
        """The limits given, else those of ``ONRECORD_MEMORY_LIMIT`` / ``ONRECORD_THREADS``, else the defaults."""
        return cls(_given_or_environment(memory_limit, MEMORY_ENV, memory_size, DEFAULT_MEMORY_LIMIT),
                   _given_or_environment(threads, THREADS_ENV, thread_count, None))

    def apply(self, con) -> None:
        """Set the limits on ``con``'s database instance (every cursor and connection of it shares them)."""
        con.execute(f"SET memory_limit = '{memory_size(self.memory_limit)}'")
        if self.threads is not None:
            con.execute(f"SET threads = {thread_count(self.threads)}")


def _given_or_environment(given, variable: str, parse, default):
    """``given`` parsed, else the environment ``variable`` parsed (its errors naming it), else ``default``."""
    if given is not None:
        return parse(given)
    if os.environ.get(variable, "").strip():
        return parse(os.environ[variable], variable)
    return default
