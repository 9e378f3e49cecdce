"""Errors of the corpus store (E4xx); the CLI turns them into messages and exit code 2."""

from __future__ import annotations

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
