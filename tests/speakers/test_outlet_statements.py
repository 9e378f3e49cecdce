"""Speakers are resolved on the quotes alone: the outlet's own statements are narration.

A statement whose speaker is the outlet ("The Harbor Courier reported: “...”") is dropped from
the quotes by the sourcing stage; the speakers are then resolved again without it, so a name
in it is a mention like any name in the narration. Where the page names no outlet, the same
statement is a quote and the names in it are its speaker's words, not mentions.
"""

from __future__ import annotations

from onrecord.ingest import RawArticle
from onrecord.pipeline import analyze_many

_TEXT = (
    "Mayor Lena Ortiz promised on Tuesday to reopen the ferry line by spring.\n\n"
    "The Harbor Courier reported last week: \u201cThe mayor met dock workers, and Lena Ortiz said the "
    "repairs would cost more than planned.\u201d\n\n"
    "\u201cWe will find the money,\u201d Ortiz said at the pier.\n"
)
_NAME_IN_STATEMENT = _TEXT.index("Lena Ortiz said")


def _analyze(site_name: str | None):
    return next(analyze_many([RawArticle(id="ferry", text=_TEXT, site_name=site_name)]))


def _mayor(article):
    return next(s for s in article.speakers if s.name == "Lena Ortiz")


def test_a_name_in_the_outlets_statement_is_a_mention():
    article = _analyze("Harbor Courier")
    assert article.outlet is not None and article.outlet.name == "Harbor Courier"
    assert [s.name for s in article.speakers] == ["Lena Ortiz"]
    assert (_NAME_IN_STATEMENT, _NAME_IN_STATEMENT + len("Lena Ortiz")) in _mayor(article).mentions


def test_a_name_in_a_quote_is_no_mention():
    article = _analyze(None)
    assert "Harbor Courier" in [s.name for s in article.speakers]
    assert all(not start <= _NAME_IN_STATEMENT < end for start, end in _mayor(article).mentions)


_JOURNALIST = ("{paper}\u2019s Ana Ruiz reports: The ferry line will reopen in May, two months late, after the "
               "repairs ran over budget.\n\n\u201cWe will find the money,\u201d Mayor Lena Ortiz said at the pier.\n")


def test_the_outlets_own_journalist_is_not_a_source():
    text = _JOURNALIST.format(paper="The Harbor Courier")
    article = next(analyze_many([RawArticle(id="ferry", text=text, site_name="Harbor Courier")]))
    assert [s.name for s in article.speakers] == ["Lena Ortiz"]


def test_twin_another_outlets_journalist_is_a_source():
    text = _JOURNALIST.format(paper="The Daily Post")
    article = next(analyze_many([RawArticle(id="ferry", text=text, site_name="Harbor Courier")]))
    assert sorted(s.name for s in article.speakers) == ["Ana Ruiz", "Lena Ortiz"]


def test_twin_the_outlets_columnist_cited_for_what_she_wrote_is_a_source():
    text = _JOURNALIST.format(paper="The Harbor Courier").replace("reports:", "wrote on Sunday that")
    article = next(analyze_many([RawArticle(id="ferry", text=text, site_name="Harbor Courier")]))
    assert sorted(s.name for s in article.speakers) == ["Ana Ruiz", "Lena Ortiz"]
