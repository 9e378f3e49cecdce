"""Input errors raised by the readers of HTML, WARC and JSONL inputs.

They subclass ``onrecord.errors.InputError`` so the CLI maps every one of them
to "this input was skipped" (exit 1) without knowing the readers. Codes are in
the E11x range so they cannot clash with the core's E10x.
"""

from __future__ import annotations

from onrecord.errors import InputError


class UnknownInputFormat(InputError):
    """``input_format`` names no reader (``--input-format xml``)."""

    code = "E111"


class NoMainText(InputError):
    """An HTML page (or WARC record) in which no article text was found."""

    code = "E112"


class BadJsonLine(InputError):
    """One JSONL line that is not a JSON object with a non-empty ``text``."""

    code = "E113"

    def __init__(self, path: str, line: int, reason: str):
        self.line = line
        super().__init__(f"{path}:{line}", reason)


class DamagedArchive(InputError):
    """A WARC file that cannot be read past ``offset`` (cut off, bad gzip)."""

    code = "E114"

    def __init__(self, path: str, offset: int, reason: str):
        self.offset = offset
        super().__init__(path, f"{reason} at byte offset {offset}; the records before it were read")
