"""Errors of the corpus store (E4xx); the CLI turns them into messages and exit code 2.

``from_duckdb`` and ``from_os_error`` turn what DuckDB or the operating
system raised into one of these, so that a full disk, a read-only folder or a
file held by another process reads the same whichever layer noticed it.
"""

from __future__ import annotations

import errno
import re
import signal

from onrecord.errors import OnrecordError


class StoreError(OnrecordError):
    """The database cannot be used as asked."""

    code = "E400"


class StoreLocked(StoreError):
    """Another process (an ingest) holds the database file for writing."""

    code = "E401"


class NoDatabase(StoreError):
    """A query names a database file that does not exist."""

    code = "E402"


class UnknownField(StoreError):
    """A filter or report needs a column the records do not have (yet)."""

    code = "E403"


class DiskFull(StoreError):
    """The disk (or quota) holding the database, an export or the shard folder ran out of space."""

    code = "E404"


class NotWritable(StoreError):
    """The database, export or shard folder is on a read-only file system or not writable by this user."""

    code = "E405"


class Interrupted(StoreError):
    """An ingest stopped by SIGTERM or SIGINT (Ctrl-C); what it stored is kept. Exit code 128 + signal."""

    code = "E406"

    def __init__(self, where: str, reason: str, signum: int):
        self.signum = signum
        super().__init__(where, reason)

    @property
    def exit_code(self) -> int:
        return 128 + self.signum


class WorkerDied(StoreError):
    """A local worker process died (killed, out of memory) while analyzing a shard."""

    code = "E407"


def signal_name(signum: int) -> str:
    try:
        return signal.Signals(signum).name
    except ValueError:
        return f"signal {signum}"


_DISK_FULL = ("no space left on device", "disk quota exceeded", "file too large")
_NOT_WRITABLE = ("read-only file system", "permission denied", "operation not permitted")
# DuckDB: 'Could not set lock on file "X": Conflicting lock is held in /usr/bin/python3 (PID 123) by user u.'
_LOCK = re.compile(r"could not set lock on file|conflicting lock is held", re.IGNORECASE)
_HOLDER = re.compile(r"held in (?P<program>\S+) \(PID (?P<pid>\d+)\)")
_FILE = re.compile(r'file "(?P<file>[^"]+)"')
_DETAIL = re.compile(r"^(?:[A-Za-z ]+ Error: )+")


def _detail(message: str) -> str:
    """DuckDB's message without its ``IO Error:``-style prefixes, on one line."""
    return " ".join(_DETAIL.sub("", message.strip()).split())


def is_lock_error(exc: BaseException) -> bool:
    return bool(_LOCK.search(str(exc)))


def locked(where: str, exc: BaseException) -> StoreLocked:
    holder = _HOLDER.search(str(exc))
    by = f" (PID {holder['pid']}, {holder['program']})" if holder else ""
    return StoreLocked(
        where,
        f"the database is held by another process{by} (an ingest running?); DuckDB allows one writer and no "
        "readers while it runs - wait for it, or query a copy of the file",
    )


def from_duckdb(where: str, exc: BaseException, doing: str = "cannot be used") -> StoreError:
    """The ``StoreError`` for a DuckDB error met while using the file ``where``."""
    message = str(exc)
    low = message.lower()
    if is_lock_error(exc):
        return locked(where, exc)
    file = _FILE.search(message)
    on = f", writing {file['file']}" if file and file["file"] != str(where) else ""
    if any(s in low for s in _DISK_FULL):
        reason = next(s for s in _DISK_FULL if s in low)
        return DiskFull(where, f"disk full ({reason}{on})")
    if any(s in low for s in _NOT_WRITABLE):
        reason = next(s for s in _NOT_WRITABLE if s in low)
        return NotWritable(where, f"cannot write here ({reason}{on})")
    return StoreError(where, f"{doing} ({_detail(message)})")


_ERRNO_DISK_FULL = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}
_ERRNO_NOT_WRITABLE = {errno.EROFS, errno.EACCES, errno.EPERM}


def is_write_fault(exc: OSError) -> bool:
    """A full disk or a folder this process may not write: the user's to fix, not a bug."""
    return exc.errno in _ERRNO_DISK_FULL | _ERRNO_NOT_WRITABLE


def from_os_error(where: str, exc: OSError, doing: str = "cannot be written") -> StoreError:
    """The ``StoreError`` for an ``OSError`` met while writing under ``where``."""
    reason = exc.strerror or str(exc)
    on = f", writing {exc.filename}" if exc.filename and str(exc.filename) != str(where) else ""
    if exc.errno in _ERRNO_DISK_FULL:
        return DiskFull(where, f"disk full ({reason.lower()}{on})")
    if exc.errno in _ERRNO_NOT_WRITABLE:
        return NotWritable(where, f"cannot write here ({reason.lower()}{on})")
    return StoreError(where, f"{doing} ({reason}{on})")
