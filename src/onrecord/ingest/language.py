"""Which language an article is written in, so the pipeline can skip non-English text.

py3langid is used because its model (97 languages, a few MB) ships inside the
wheel: nothing is downloaded at run time, it needs only numpy, and it takes
about 1-5 ms for a news article (measured on PolNeAR: 4.5 ms mean for whole
articles; the text is cut to ``SAMPLE_CHARS`` so a very long one costs no more).

Loading that model is another matter: it ships LZMA-compressed, and unpacking
it took 0.6-0.9 s of every process, a third of a one-article analysis. So the
unpacked arrays are kept in a cache folder (``langid_cache``) the first time
and read from there afterwards: the same numbers, so the same answers.
"""

from __future__ import annotations

import threading

SAMPLE_CHARS = 5000
MIN_LETTERS = 20
"""Fewer letters than this carry too little signal: the answer is ``None``."""
MIN_CONFIDENCE = 0.5

_lock = threading.Lock()
_identifier = None


def _get_identifier():
    global _identifier
    with _lock:
        if _identifier is None:
            from onrecord.ingest.langid_cache import load_identifier

            _identifier = load_identifier()
    return _identifier


def detect_language(text: str) -> str | None:
    """The ISO 639-1 code of the language of ``text`` (``"en"``), or ``None`` when unsure.

    ``None`` means too little text or no language above ``MIN_CONFIDENCE``;
    callers should then analyze as if English rather than skip.
    """
    sample = text[:SAMPLE_CHARS]
    if sum(ch.isalpha() for ch in sample) < MIN_LETTERS:
        return None
    lang, confidence = _get_identifier().classify(sample)
    return lang if confidence >= MIN_CONFIDENCE else None
