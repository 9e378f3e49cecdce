"""WARC archives (``.warc``, ``.warc.gz``), streamed record by record with warcio.

Every HTML ``response`` record with HTTP status 200 is an article whose id is
its ``WARC-Target-URI``. Everything else (warcinfo, request and metadata
records, revisits, non-200 responses, non-HTML payloads, pages without main
text, oversized payloads) is skipped and counted in ``IngestStats`` under a
reason, because a crawl is mostly such records and one error per record would
drown the real ones.

warcio reads a cut-off file silently (it drops or empties the last record), so
damage is detected here: a record whose content stops short of its
Content-Length, unreadable headers, or compressed bytes left after the last
whole record yield the articles before it
and then one ``DamagedArchive`` naming the file and the byte offset of the
first record that could not be read. Memory stays bounded: one record's
payload at a time, at most ``MAX_PAYLOAD_BYTES``.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from typing import BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from onrecord.errors import InputError
from onrecord.ingest.errors import DamagedArchive, NoMainText
from onrecord.ingest.html import extract_html
from onrecord.ingest.stats import IngestStats
from onrecord.ingest.text import RawArticle

MAX_PAYLOAD_BYTES = 5 * 1024 * 1024
"""A bigger HTML payload is no news article, and trafilatura needs ~40x its size in memory."""

_HTML_TYPES = ("text/html", "application/xhtml+xml")


def _charset(content_type: str) -> str | None:
    for part in content_type.split(";")[1:]:
        key, _, value = part.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            return value.strip().strip("\"'")
    return None


def _skip_reason(record) -> str | None:
    """Why a record is not an article, or ``None`` when it is one."""
    if record.rec_type == "revisit":
        return "revisit"
    if record.rec_type != "response":
        return f"{record.rec_type} record"
    if record.http_headers is None:
        return "response without HTTP headers"
    if record.http_headers.get_statuscode() != "200":
        return "HTTP status not 200"
    content_type = (record.http_headers.get_header("Content-Type") or "").lower()
    if not content_type.startswith(_HTML_TYPES):
        return "not HTML"
    return None


def _cut_short(raw_stream) -> bool:
    """Read the rest of a record; true when the file ends before its Content-Length."""
    while raw_stream.read(65536):
        pass
    return getattr(raw_stream, "limit", 0) > 0


class _Counting:
    """Counts the bytes warcio reads, to see whether it stopped before the end of the file."""

    def __init__(self, stream: BinaryIO):
        self._stream = stream
        self.count = 0
        self.head = b""

    def read(self, size: int = -1) -> bytes:
        data = self._stream.read(size)
        if not self.count:
            self.head = data[:2]
        self.count += len(data)
        return data


def _unreadable(exc: Exception) -> str:
    """Why warcio could not read a record, in one line.

    Everything inside the ``try`` of ``iter_warc`` is warcio parsing bytes from
    the input: whatever it raises there means the archive cannot be read from
    that record on (a response record without ``WARC-Target-URI`` raises
    ``AttributeError`` deep inside warcio), not a fault of onrecord's own.
    """
    message = str(exc).splitlines()[0] if str(exc).strip() else ""
    if isinstance(exc, (ArchiveLoadFailed, zlib.error, EOFError, ValueError)):
        return message or type(exc).__name__
    return f"{type(exc).__name__} in warcio: {message}" if message else f"{type(exc).__name__} in warcio"


def iter_warc(stream: BinaryIO, where: str, stats: IngestStats | None = None) -> Iterator[RawArticle | InputError]:
    """Yield the articles of one WARC stream in order, then a ``DamagedArchive`` if it is cut off."""
    stats = stats if stats is not None else IngestStats()
    counted = _Counting(stream)
    iterator = ArchiveIterator(counted, check_digests=False)
    good_end = 0  # byte offset just past the last record read whole
    records = iter(iterator)
    while True:
        try:
            record = next(records, None)
            if record is None:
                break
            reason = _skip_reason(record)
            payload = b""
            if reason is None:
                payload = record.content_stream().read(MAX_PAYLOAD_BYTES + 1)
                if len(payload) > MAX_PAYLOAD_BYTES:
                    reason = "payload over 5 MB"
            short = _cut_short(record.raw_stream)
            offset = iterator.get_record_offset()
            length = 0 if short else iterator.get_record_length()
        except Exception as exc:  # noqa: BLE001 - see _unreadable
            yield DamagedArchive(where, good_end, f"unreadable WARC data ({_unreadable(exc)})")
            return
        if short:
            yield DamagedArchive(where, offset, "the WARC record is cut off")
            return
        good_end = offset + length
        if reason is not None:
            stats.skipped[reason] += 1
            continue
        uri = record.rec_headers.get_header("WARC-Target-URI") or f"{where}@{offset}"
        content_type = record.http_headers.get_header("Content-Type") or ""
        try:
            article = extract_html(payload, where, url=uri, charset=_charset(content_type))
        except NoMainText:
            stats.skipped["no article text"] += 1
            continue
        article.id = uri
        article.source_format = "warc"
        article.metadata["warc_offset"] = offset
        date = record.rec_headers.get_header("WARC-Date")
        if date:
            article.metadata["warc_date"] = date
        stats.articles += 1
        yield article
    if counted.head == b"\x1f\x8b" and counted.count > good_end:
        # gzip members follow each other with nothing between: bytes past the
        # last whole record are a member warcio could not read (cut off)
        yield DamagedArchive(where, good_end, "the gzip stream is cut off")
