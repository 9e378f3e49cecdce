"""Errors with codes, raised by library code and turned into messages by the CLI.

Library code never prints or exits; each error names the input and the
reason so that a user can act on it (``E101 examples/x.txt: file is empty``).
"""

from __future__ import annotations


class OnrecordError(Exception):
    """Base class: ``code`` is stable and searchable, ``str()`` is one line."""

    code = "E000"

    def __init__(self, where: str, reason: str):
        self.where = where
        self.reason = reason
        super().__init__(f"{self.code} {where}: {reason}")


class InputError(OnrecordError):
    """An input that cannot be analyzed: missing, unreadable, empty, not text."""

    code = "E100"


class MissingInput(InputError):
    code = "E101"


class EmptyInput(InputError):
    code = "E102"


class UndecodableInput(InputError):
    code = "E103"


class NoArticlesInFolder(InputError):
    code = "E104"


class GoldCorpusError(OnrecordError):
    """A folder given to ``onrecord eval`` is not in PolNeAR layout."""

    code = "E200"


class ModelUnavailable(OnrecordError):
    """The spaCy pipeline is not installed."""

    code = "E300"
