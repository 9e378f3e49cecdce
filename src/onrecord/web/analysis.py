"""Analyze what a visitor pastes or uploads: text or an HTML page, never a path on this machine.

The bytes of an upload are decoded (``.txt``) or extracted (``.html``) with
the same ingest functions as the CLI; the file name is only a label. One
analysis runs at a time (the spaCy pipeline is shared by the server's threads).
"""

from __future__ import annotations

import threading
from functools import lru_cache

from onrecord.ingest import RawArticle
from onrecord.ingest.html import extract_html
from onrecord.ingest.text import decode_text
from onrecord.pipeline import analyze_many
from onrecord.records import Article
from onrecord.web.assets import SAMPLE_NAME, sample_text
from onrecord.web.errors import WebError

UPLOAD_TYPES = {".txt": "txt", ".text": "txt", ".html": "html", ".htm": "html"}

_LOCK = threading.Lock()


def analyze_raw(raw: RawArticle) -> Article:
    with _LOCK:
        return next(analyze_many([raw]))


def analyze_text(text: str, label: str = "pasted") -> Article:
    if not text.strip():
        raise WebError(422, "There is no text to analyze: paste an article or choose a file.",
                       details=[{"field": "text", "message": "empty"}])
    return analyze_raw(RawArticle(id=label, text=text, path=None))


def analyze_upload(filename: str | None, data: bytes) -> Article:
    """An uploaded ``.txt`` or ``.html`` file's article (``WebError`` 415 for other kinds)."""
    label = _label(filename)
    suffix = "." + label.rsplit(".", 1)[-1].lower() if "." in label else ""
    kind = UPLOAD_TYPES.get(suffix)
    if kind is None:
        raise WebError(415, f"{label}: only .txt and .html files can be analyzed here.",
                       details=[{"field": "file", "message": "use a .txt or .html file"}])
    if not data:
        raise WebError(422, f"{label}: the file is empty.", details=[{"field": "file", "message": "empty"}])
    if kind == "html":
        raw = extract_html(data, where=label)
        raw.path = label
        raw.id = raw.url or label.rsplit(".", 1)[0]
    else:
        raw = RawArticle(id=label.rsplit(".", 1)[0], text=decode_text(data, label), path=label)
    return analyze_raw(raw)


@lru_cache(maxsize=1)
def sample_article() -> Article:
    """The founding sample, analyzed once per process."""
    return analyze_raw(RawArticle(id=SAMPLE_NAME.removesuffix(".txt"), text=sample_text(),
                                  path=f"examples/{SAMPLE_NAME}"))


def _label(filename: str | None) -> str:
    """The last part of a browser-given file name, for messages only (never opened)."""
    name = (filename or "upload").replace("\\", "/").rsplit("/", 1)[-1].strip()
    return "".join(c for c in name if c.isprintable())[:120] or "upload"
