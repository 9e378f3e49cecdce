"""Page furniture found by its shape: each rule on a line of its kind, and a twin article line kept.

Every furniture line here has an article line of similar look beside it that the
rules must leave alone. The page-level tests use pages of shapes of their own.
"""

from __future__ import annotations

import html

import pytest

from onrecord.ingest.damage import find_damage
from onrecord.ingest.furniture import find_furniture, line_rule
from onrecord.ingest.html import extract_html
from onrecord.ingest.text import RawArticle
from onrecord.pipeline import analyze_many

# (furniture line, rule words expected, article line of similar look)
PAIRS = [
    ("For the latest, download the Coast Herald app on iOS or Android.", "promotion",
     "He urged voters to download the election app before polling day."),
    ("If you're reading on our site, click here to watch the hearing live", "promotion",
     "She said the clerk would click here and there through the old files."),
    ("WHAT COMES NEXT:", "section label",
     "WHAT COMES NEXT: The council votes on the budget in June."),
    ("ALSO SEE: Council weighs ban on leaf blowers in city parks", "capitals label",
     "NOTE: Council members did not vote on the ban."),
    ("Harbour Board Names New Pilot Chief - March 3, 2021", "headline with its date",
     "The harbour board named its new pilot chief on March 3, 2021."),
    ("Published: Monday, March 8, 2021 at 9:15 am", "date or time",
     "March 8, 2021 was the wettest day on record."),
    ("Coast Herald – The ferry board met for a third time this week to weigh... more", "teaser",
     "Fishermen say they need more."),
    ("© 2021 Coast Herald Media. All rights reserved.", "copyright",
     "The band sued over the copyright to its 1998 album, court papers show."),
    ("Tel: 555-0142 / 555-0199", "contact",
     "The hotline, 555-0142, takes calls from nine in the morning until late evening every weekday."),
    ("jane.doe@coastherald.example", "contact",
     "Readers wrote to jane.doe@coastherald.example with hundreds of questions about the ferry."),
    ("By Jane Doe | jane.doe@coastherald.example", "contact",
     "By Tuesday, jane.doe@coastherald.example had answered every letter about the ferry."),
    ("By Jane Doe and Tom Reyes", "byline",
     "By Tuesday the road had reopened to traffic."),
    ("coastherald.example/2021/03/ferry-pier-closes", "bare link",
     "See the full report at coastherald.example for the figures."),
    ("Вuу оur bеѕt рrоduсtѕ tоdау аt lоw рrісеѕ", "look-alike letters",
     "The banner read «Мир» in Cyrillic, with the word for peace in Latin letters beside it."),
]


@pytest.mark.parametrize(("furniture", "rule", "article"), PAIRS, ids=[p[1] for p in PAIRS])
def test_furniture_line_is_found_and_its_article_twin_is_kept(furniture, rule, article):
    assert rule in (line_rule(furniture) or "")
    assert line_rule(article) is None


def test_soft_hyphens_do_not_hide_an_email_byline():
    assert "contact" in line_rule("ja\u00adne.doe@coast\u00adherald.example")


def test_furniture_is_a_warning_not_damage_and_offsets_hold():
    text = ("By Jane Doe\n\njane.doe@coastherald.example\n\n"
            "The ferry board voted to close the pier, its chair said.\n")
    report = find_damage(text, find_furniture(text))
    assert [w.code for w in report.warnings] == ["furniture", "furniture"]
    assert [text[s:e] for s, e in report.excluded] == ["By Jane Doe", "jane.doe@coastherald.example"]
    without = find_damage(text)  # the same lines, not known as furniture, are damage
    assert {"starts-mid-sentence", "cut-off"} <= {w.code for w in without.warnings}


ARTICLE = [
    "The harbour board voted on Tuesday to close the old ferry pier for repairs until the spring.",
    "\u201cThe timber piles have rotted faster than anyone expected,\u201d said Marta Quill, the board\u2019s chair.",
    "Ferry operators said they would lose a third of their summer trade if the work ran late.",
]
RELATED = [
    "MORE: Mayor says \u201cno new taxes\u201d as harbour budget grows",
    "Fishing Fleet Chief Warns \u201cWe Cannot Wait\u201d - March 2, 2021",
    "If you\u2019re on the Coast Herald app, click here for the live blog",
]


def _page(blocks: list[str]) -> str:
    body = "\n".join(f"<p>{html.escape(b)}</p>" for b in blocks)
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Old ferry pier to close | Coast Herald</title></head><body><main><article>
<div class="article-body">{body}</div></article></main></body></html>"""


def _analyze_page(blocks: list[str]):
    raw = extract_html(_page(blocks), "pier.html")
    return next(analyze_many([raw]))


def test_related_links_between_paragraphs_become_no_quote_speaker_or_damage():
    blocks = [ARTICLE[0], RELATED[0], ARTICLE[1], RELATED[1], ARTICLE[2], RELATED[2]]
    article = _analyze_page(blocks)
    furniture = [tuple(w.spans[0]) for w in article.warnings if w.code == "furniture"]
    assert [article.text[s:e] for s, e in furniture] == RELATED
    for quote in article.quotes:
        assert not any(s < fe and fs < e for s, e in quote.content.spans for fs, fe in furniture)
    mentions = [m for speaker in article.speakers for m in speaker.mentions]
    assert not any(s < fe and fs < e for s, e in mentions for fs, fe in furniture)
    assert {w.code for w in article.warnings} == {"furniture"}
    assert [speaker.name for speaker in article.speakers] == ["Marta Quill", "Ferry operators"]


def test_the_same_words_as_article_sentences_are_quoted():
    twins = ["Mayor Lina Ortiz says \u201cno new taxes\u201d will come as the harbour budget grows.",
             "\u201cWe cannot wait,\u201d the fishing fleet chief, Tomas Berg, warned on March 2, 2021."]
    article = _analyze_page([ARTICLE[0], twins[0], ARTICLE[1], twins[1]])
    assert not [w for w in article.warnings if w.code == "furniture"]
    names = {speaker.name for speaker in article.speakers}
    assert {"Mayor Lina Ortiz", "Tomas Berg"} <= names or {"Lina Ortiz", "Tomas Berg"} <= names


def test_text_files_are_not_searched_for_page_furniture():
    text = "\n\n".join([ARTICLE[0], RELATED[0], ARTICLE[1]])
    article = next(analyze_many([RawArticle(id="pier", text=text)]))
    assert not [w for w in article.warnings if w.code == "furniture"]
