"""Plain-text articles, and the ``RawArticle`` every reader produces.

The text of a ``.txt`` file is returned exactly as decoded from UTF-8, never
normalised, so that every offset in the record points into the original file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from onrecord.errors import EmptyInput, InputError, MissingInput, UndecodableInput
from onrecord.records import Warning

_BINARY_SNIFF_BYTES = 8192


@dataclass
class RawArticle:
    """An article before analysis: its id, where it came from, its text and metadata.

    The metadata fields are filled by the readers that know them (HTML, WARC,
    JSONL) and are ``None`` otherwise; offsets always refer to ``text``, which
    for HTML is the extracted main text. ``warnings`` holds what a reader
    noticed about the input itself; damage found in the text is added later
    by ``onrecord.ingest.damage.find_damage``.
    """

    id: str
    text: str
    path: str | None = None
    metadata: dict = field(default_factory=dict)
    url: str | None = None
    title: str | None = None
    author: str | None = None
    published: str | None = None
    """Publication date as ISO 8601 (``2022-12-02``), as the page or export gives it."""
    site_name: str | None = None
    """Where it was published: the HTML page's publisher, or ``outlet`` in JSONL."""
    site_name_found_in: str | None = None
    """The page fact that gave ``site_name`` ("json-ld publisher", "og:site_name", "title", ...)."""
    reporter: str | None = None
    """Who did the reporting when the page says it is not the site: a provider, a wire in the byline."""
    reporter_found_in: str | None = None
    language: str | None = None
    """The language the page declares (``<html lang>``), not the detected one."""
    source_format: str = "txt"
    warnings: list[Warning] = field(default_factory=list)


def decode_text(data: bytes, where: str) -> str:
    """Decode UTF-8 bytes of a text input, or raise an ``InputError`` saying why not."""
    if b"\x00" in data[:_BINARY_SNIFF_BYTES]:
        raise UndecodableInput(where, "looks like a binary file, not text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UndecodableInput(where, f"is not UTF-8 text (bad byte at offset {exc.start})") from exc
    if not text.strip():
        raise EmptyInput(where, "file is empty")
    return text


def read_bytes(path: Path) -> bytes:
    """The bytes of ``path``, or a ``MissingInput``/``InputError`` naming it."""
    where = str(path)
    if not path.exists():
        raise MissingInput(where, "no such file or folder")
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InputError(where, f"cannot be read ({exc.strerror or exc})") from exc


def read_text_file(path: Path) -> RawArticle:
    """Read one UTF-8 article, or raise an ``InputError`` saying why not."""
    path = Path(path)
    text = decode_text(read_bytes(path), str(path))
    return RawArticle(id=path.stem, text=text, path=str(path))
