"""Duplicates within a run: the same URL, or the same text under several URLs."""

from __future__ import annotations

from onrecord.ingest import DuplicateFinder, RawArticle

WIRE = (
    "KYIV, Ukraine (AP) — Russian forces shelled the town of Bakhmut again on Friday, "
    "officials said, as fighting for the eastern town entered its fifth month. "
    "\u201cThe situation is difficult,\u201d a regional official said on television."
)


def test_same_url_is_a_duplicate_of_the_first():
    finder = DuplicateFinder()
    assert finder.check(RawArticle(id="a", text="one", url="https://www.x.example/story/")) is None
    assert finder.check(RawArticle(id="b", text="two", url="http://x.example/story#top")) == "a"


def test_syndicated_text_under_other_urls_differing_in_spacing_and_quote_marks():
    finder = DuplicateFinder()
    variant = WIRE.replace("\u201c", '"').replace("\u201d", '"').replace(" the town", "\nthe  town")
    assert finder.check(RawArticle(id="ap", text=WIRE, url="https://ap.example/1")) is None
    assert finder.check(RawArticle(id="paper", text=variant, url="https://paper.example/2")) == "ap"
    assert finder.check(RawArticle(id="third", text=WIRE.upper(), url="https://c.example/3")) == "ap"


def test_different_articles_and_short_texts_are_not_duplicates():
    finder = DuplicateFinder()
    assert finder.check(RawArticle(id="a", text=WIRE)) is None
    assert finder.check(RawArticle(id="b", text=WIRE.replace("Friday", "Saturday"))) is None
    assert finder.check(RawArticle(id="c", text="Short.")) is None
    assert finder.check(RawArticle(id="d", text="Short.")) is None
