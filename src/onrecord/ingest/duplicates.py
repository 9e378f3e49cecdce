"""Duplicate articles within one run: the same URL, or the same text under another URL.

Wire copy is syndicated verbatim under many URLs, often with different
whitespace, quote marks or a dateline, so text is compared after
normalisation (case, Unicode form, quote and dash variants, whitespace,
punctuation dropped) by a BLAKE2 hash: constant memory per article, exact
within the normalisation. Near duplicates that differ in a sentence are not
caught; MinHash would catch them but costs more than this check is worth.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from urllib.parse import urlsplit, urlunsplit

from onrecord.ingest.text import RawArticle

_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)
MIN_NORMALISED_CHARS = 200
"""Shorter texts (a one-line JSONL test row, a stub page) are not compared by text."""


def normalise_url(url: str) -> str:
    """The URL without fragment, default port, trailing slash or ``www.``, lower-cased host.

    A URL that urllib cannot split (``http://[::1``) is compared as written.
    """
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return url.strip()
    host = (parts.hostname or "").lower().removeprefix("www.")
    path = parts.path.rstrip("/") or "/"
    return urlunsplit(("", host, path, parts.query, ""))


def text_fingerprint(text: str) -> str | None:
    """A hash of the words of ``text``, or ``None`` when the text is too short to compare."""
    words = _NON_WORD.sub(" ", unicodedata.normalize("NFKC", text).casefold()).strip()
    if len(words) < MIN_NORMALISED_CHARS:
        return None
    return hashlib.blake2b(words.encode("utf-8"), digest_size=16).hexdigest()


class DuplicateFinder:
    """Fed articles in run order, says which earlier article each one duplicates."""

    def __init__(self) -> None:
        self._by_url: dict[str, str] = {}
        self._by_text: dict[str, str] = {}

    def check(self, article: RawArticle) -> str | None:
        """The id of the first earlier article with the same URL or text, else ``None``.

        Every article is remembered, so three copies all point at the first.
        """
        url = normalise_url(article.url) if article.url else None
        fingerprint = text_fingerprint(article.text)
        original = (self._by_url.get(url) if url else None) or (
            self._by_text.get(fingerprint) if fingerprint else None
        )
        if url:
            self._by_url.setdefault(url, original or article.id)
        if fingerprint:
            self._by_text.setdefault(fingerprint, original or article.id)
        return original
