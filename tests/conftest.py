"""Shared fixtures for the attribution, speaker, nlp and record tests.

``analyze()`` already keeps the spaCy model per process; the session fixture
below also memoises whole articles, so a text used by several tests is parsed once.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

import onrecord
from onrecord.records import Article, Quote, Speaker


@pytest.fixture(scope="session")
def analyze() -> Callable[[str], Article]:
    cache: dict[str, Article] = {}

    def run(text: str) -> Article:
        if text not in cache:
            cache[text] = onrecord.analyze(text)
        # A deep copy: a test that mutates its article must not spoil another's.
        return cache[text].model_copy(deep=True)

    return run


@pytest.fixture(scope="session")
def only_quote(analyze) -> Callable[..., tuple[Article, Quote]]:
    """The single quote of ``text`` (of ``type`` if given), failing loudly otherwise."""

    def run(text: str, type: str | None = None) -> tuple[Article, Quote]:  # noqa: A002
        article = analyze(text)
        quotes = [q for q in article.quotes if type is None or q.type == type]
        assert len(quotes) == 1, [(q.type, q.content.text) for q in article.quotes]
        return article, quotes[0]

    return run


def speaker_of(article: Article, quote: Quote) -> Speaker:
    speaker = article.speaker(quote.speaker_id)
    assert speaker is not None, f"quote {quote.content.text!r} has no resolved speaker"
    return speaker


@pytest.fixture(scope="session")
def speaker() -> Callable[[Article, Quote], Speaker]:
    return speaker_of
