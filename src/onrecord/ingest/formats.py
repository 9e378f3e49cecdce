"""Which reader an input needs, and ``iter_inputs``, the one entry point.

The format comes from ``input_format`` when given, else from the file name's
extension, else from the first bytes (standard input, unknown extensions):
``WARC/`` or gzip magic means WARC, a leading ``<html``/``<!doctype`` means
HTML, a first line starting with ``{`` means JSONL, anything else is text.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from onrecord.errors import InputError, MissingInput, NoArticlesInFolder
from onrecord.ingest.errors import UnknownInputFormat
from onrecord.ingest.jsonl import iter_jsonl
from onrecord.ingest.stats import IngestStats
from onrecord.ingest.text import RawArticle, decode_text, read_bytes, read_text_file

FORMATS = ("txt", "html", "warc", "jsonl")
_ALIASES = {"text": "txt", "htm": "html", "warc.gz": "warc", "ndjson": "jsonl"}
_EXTENSIONS = {".txt": "txt", ".html": "html", ".htm": "html", ".warc": "warc", ".jsonl": "jsonl"}
_HTML_START = re.compile(rb"^\s*(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body)\b", re.I | re.S)
_SNIFF_BYTES = 4096
STDIN = "-"


def normalise_format(input_format: str | None) -> str | None:
    """The canonical name of ``input_format``, or ``UnknownInputFormat`` listing the known ones."""
    if input_format is None:
        return None
    name = _ALIASES.get(input_format.lower().lstrip("."), input_format.lower().lstrip("."))
    if name not in FORMATS:
        raise UnknownInputFormat("--input-format", f"unknown format {input_format!r}; use one of {', '.join(FORMATS)}")
    return name


def format_of_name(name: str) -> str | None:
    """The format a file name's extension says (``.warc.gz`` is WARC), or ``None``."""
    lower = name.lower()
    if lower.endswith(".warc.gz"):
        return "warc"
    return _EXTENSIONS.get(Path(lower).suffix)


def sniff_format(head: bytes) -> str:
    """The format the first bytes of an input look like; text when nothing else fits."""
    if head.startswith(b"\x1f\x8b") or head.startswith(b"WARC/"):
        return "warc"
    body = head.lstrip(b"\xef\xbb\xbf")
    if _HTML_START.match(body):
        return "html"
    first_line = body.lstrip().split(b"\n", 1)[0]
    if first_line.startswith(b"{"):
        return "jsonl"
    return "txt"


def expand_path(path: Path) -> list[Path]:
    """A folder means every file of a supported extension directly in it, sorted by name.

    Supported: ``.txt``, ``.html``, ``.htm``, ``.warc``, ``.warc.gz``,
    ``.jsonl``. Sub-folders and other files are ignored, so a folder of
    saved pages with their ``_files/`` assets reads as the pages only. The
    selection is by extension even when ``input_format`` is given.
    """
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.is_file() and format_of_name(p.name))
        if not files:
            raise NoArticlesInFolder(str(path), "folder has no .txt, .html, .warc(.gz) or .jsonl files")
        return files
    if not path.exists():
        raise MissingInput(str(path), "no such file or folder")
    return [path]


def _read_file(path: Path, fmt: str | None, stats: IngestStats) -> Iterator[RawArticle | InputError]:
    where = str(path)
    if fmt is None:
        fmt = format_of_name(path.name)
    if fmt is None:
        with path.open("rb") as fh:
            fmt = sniff_format(fh.read(_SNIFF_BYTES))
    if fmt == "txt":
        yield read_text_file(path)
    elif fmt == "html":
        from onrecord.ingest.html import extract_html  # trafilatura: only when there is HTML to read

        article = extract_html(read_bytes(path), where)
        article.id = path.stem
        yield article
    elif fmt == "jsonl":
        with path.open("rb") as fh:
            yield from iter_jsonl(fh, where, path.stem)
    else:
        from onrecord.ingest.warc import iter_warc  # warcio: only when there is an archive to read

        with path.open("rb") as fh:
            yield from iter_warc(fh, where, stats)


class _Prefixed:
    """A binary stream whose first bytes were already read for sniffing."""

    def __init__(self, head: bytes, rest: BinaryIO):
        self._head, self._rest = head, rest

    def read(self, size: int = -1) -> bytes:
        if not self._head:
            return self._rest.read(size)
        if size is None or size < 0:
            data, self._head = self._head + self._rest.read(), b""
            return data
        data, self._head = self._head[:size], self._head[size:]
        return data


def _read_stdin(stdin, fmt: str | None, stats: IngestStats) -> Iterator[RawArticle | InputError]:
    where = "<stdin>"
    stream = getattr(stdin, "buffer", stdin)
    head = stream.read(_SNIFF_BYTES)
    if isinstance(head, str):  # a text stream without .buffer (io.StringIO in tests)
        head, stream = head.encode("utf-8"), _EncodingReader(stream)
    fmt = fmt or sniff_format(head)
    if fmt == "warc":
        from onrecord.ingest.warc import iter_warc

        yield from iter_warc(_Prefixed(head, stream), where, stats)
        return
    data = head + stream.read()
    if fmt == "jsonl":
        yield from iter_jsonl(data.splitlines(), where, "stdin")
    elif fmt == "html":
        from onrecord.ingest.html import extract_html

        article = extract_html(data, where)
        article.id = "stdin"
        yield article
    else:
        yield RawArticle(id="stdin", text=decode_text(data, where), path=None)


class _EncodingReader:
    def __init__(self, text_stream):
        self._stream = text_stream

    def read(self, size: int = -1) -> bytes:
        return self._stream.read(size).encode("utf-8")


def iter_inputs(
    paths: Iterable[str | Path],
    input_format: str | None = None,
    stdin=None,
    stats: IngestStats | None = None,
) -> Iterator[RawArticle | InputError]:
    """Yield each article of ``paths`` in input order, or the ``InputError`` that skipped it.

    A path is a file, a folder (see ``expand_path``) or ``-`` for standard
    input (``stdin``, default ``sys.stdin``; binary or text). ``input_format``
    (``txt``, ``html``, ``warc``, ``jsonl``) overrides detection for every
    input; an unknown name raises ``UnknownInputFormat`` at once, a usage
    error. WARC records that are not articles are counted in ``stats``.
    """
    fmt = normalise_format(input_format)
    return _iter_inputs(paths, fmt, stdin, stats if stats is not None else IngestStats())


def _iter_inputs(paths, fmt, stdin, stats) -> Iterator[RawArticle | InputError]:
    for raw in paths:
        if str(raw) == STDIN:
            try:
                yield from _read_stdin(stdin if stdin is not None else sys.stdin, fmt, stats)
            except InputError as exc:
                yield exc
            continue
        try:
            files = expand_path(Path(raw))
        except InputError as exc:
            yield exc
            continue
        for file in files:
            try:
                yield from _read_file(file, fmt, stats)
            except InputError as exc:
                yield exc
            except OSError as exc:
                yield InputError(str(file), f"cannot be read ({exc.strerror or exc})")
