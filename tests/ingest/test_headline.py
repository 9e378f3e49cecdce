"""The headline block: its quotes flagged ``headline`` with no speaker, its label never a speaker."""

from __future__ import annotations

from onrecord.ingest.damage import find_damage
from onrecord.ingest.headline import find_headline
from onrecord.ingest.text import RawArticle
from onrecord.pipeline import analyze_many

TITLE = "Harbour chief: \u2018Nobody could have held back this flood\u2019 | Coast Herald"
HEADLINE = "Harbour chief: \u2018Nobody could have held back this flood\u2019"
NAMED = "Harbour Chief Ines Moreau: Nobody Could Have Held Back the Flood"
STAND_FIRST = "Sea walls gave way in three places as the storm surge hit the old town on Sunday night"
BODY = [
    "Floodwater reached the market square within an hour, the fire service said.",
    "\u201cNobody could have held back that much water,\u201d said Ines Moreau, who runs the harbour authority.",
]


def _article(text: str, title: str | None):
    raw = RawArticle(id="flood", text=text, title=title, source_format="html")
    return next(analyze_many([raw]))


def test_headline_and_stand_first_are_the_block():
    text = "\n\n".join([HEADLINE, STAND_FIRST, *BODY])
    block = find_headline(text, TITLE)
    assert [text[s:e] for s, e in block] == [HEADLINE, STAND_FIRST]


def test_a_body_sentence_repeating_the_title_further_down_is_not_the_headline():
    text = "\n\n".join([*BODY, BODY[0], BODY[1], HEADLINE])
    assert find_headline(text, TITLE) == []


def test_without_a_title_there_is_no_headline_block():
    assert find_headline("\n\n".join([HEADLINE, *BODY]), None) == []


def test_quote_in_headline_is_flagged_and_has_no_speaker_while_the_body_quote_keeps_its_speaker():
    article = _article("\n\n".join([HEADLINE, STAND_FIRST, *BODY]), TITLE)
    in_headline = [q for q in article.quotes if q.content.start < len(HEADLINE)]
    assert in_headline and all("headline" in q.flags and q.speaker_id is None and q.source is None
                               for q in in_headline)
    body = [q for q in article.quotes if "Nobody could have held back that much water" in q.content.text]
    assert body and article.speaker(body[0].speaker_id).name == "Ines Moreau"
    assert "Harbour chief" not in {s.name for s in article.speakers}


def test_a_named_label_is_no_speaker_in_a_headline_but_is_one_in_a_text_without_title():
    """The twin: a .txt article's first line (PolNeAR's shape) is attributed as before."""
    paged = _article("\n\n".join([NAMED, *BODY]), NAMED + " - Coast Herald")
    [quote] = [q for q in paged.quotes if q.content.start < len(NAMED)]
    assert quote.flags == ["headline"] and quote.source is None and quote.speaker_id is None
    plain = _article("\n\n".join([NAMED, *BODY]), None)
    [quote] = [q for q in plain.quotes if q.content.start < len(NAMED)]
    assert "headline" not in quote.flags and quote.source.text == "Harbour Chief Ines Moreau"


def test_a_headline_rubric_is_never_a_speaker():
    title = "Floods: County orders evacuation of the old town"
    article = _article("\n\n".join([title, *BODY]), title)
    assert "Floods" not in {s.name for s in article.speakers}
    assert all(q.speaker_id is None for q in article.quotes if q.content.start < len(title))
    assert "Ines Moreau" in {s.name for s in article.speakers}  # the body's speaker, kept


def test_stand_first_without_full_stop_is_not_cut_off_but_a_body_paragraph_is():
    long_dek = STAND_FIRST + " and the harbour master ordered every boat out of the inner basin before dawn"
    text = "\n\n".join([HEADLINE, long_dek, *BODY, long_dek.replace("Sea walls", "Further sea walls")])
    report = find_damage(text, headline=find_headline(text, TITLE))
    cut = [text[s:e] for w in report.warnings if w.code == "cut-off" for s, e in w.spans]
    assert len(cut) == 1 and text.rindex("Further") <= text.index(cut[0]) + len(cut[0])
