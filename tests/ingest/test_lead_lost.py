"""A lead the page declares and shows but extraction loses: retried with recall, else warned ``lead-lost``."""

from __future__ import annotations

import html

import trafilatura

from onrecord.ingest.html import extract_html
from onrecord.ingest.lead import declared_leads, holds

BODY = [
    "The harbour board voted on Tuesday to close the old ferry pier for repairs, ending weekend crossings.",
    "Board members said the timber piles had rotted faster than engineers expected after two wet winters.",
    "A temporary landing will open at the fish market wharf next month, the board said in a statement.",
    "Ferry operators said they would lose a third of their summer trade if the repairs ran late.",
    "The council will hear the repair budget at its next meeting, where residents can speak for three minutes.",
]
LEAD = "Weekend ferries will stop for five months while the rotten pier is rebuilt, the harbour board decided."
SEARCH_SUMMARY = "Read the latest on ferry services, pier repairs and harbour board decisions in our region."


def page(description: str, before_body: str = "", first_in_body: str = "") -> str:
    body = "\n".join(f"<p>{html.escape(p)}</p>" for p in BODY)
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Old ferry pier to close | Coast Herald</title>
<meta property="og:description" content="{html.escape(description)}"></head><body>
<main><article><h1>Old ferry pier to close</h1>{before_body}
<div class="article-body">{first_in_body}{body}</div></article></main></body></html>"""


def test_stand_first_dropped_by_extraction_is_warned_with_what_is_missing():
    article = extract_html(page(LEAD, before_body=f'<div class="dek">{LEAD}</div>'), "pier.html")
    [warning] = [w for w in article.warnings if w.code == "lead-lost"]
    assert "og:description" in warning.message and "Weekend ferries will stop" in warning.message
    assert "Weekend ferries" not in article.text


def test_description_the_page_never_shows_is_not_a_lost_lead():
    article = extract_html(page(SEARCH_SUMMARY, before_body=f'<div class="dek">{LEAD}</div>'), "pier.html")
    assert not [w for w in article.warnings if w.code == "lead-lost"]


def test_lead_kept_by_extraction_is_not_warned():
    article = extract_html(page(LEAD, first_in_body=f"<p>{LEAD}</p>"), "pier.html")
    assert article.text.startswith("Weekend ferries will stop")
    assert not [w for w in article.warnings if w.code == "lead-lost"]


def test_recall_settings_recover_a_lead_the_default_settings_drop():
    source = page(LEAD, first_in_body=f'<div class="teaser"><p>{LEAD}</p></div>')
    default = trafilatura.extract(source, include_comments=False, include_tables=True, deduplicate=False)
    assert "Weekend ferries" not in default  # the shape this test is about
    article = extract_html(source, "pier.html")
    assert article.text.startswith("Weekend ferries will stop")
    assert not [w for w in article.warnings if w.code == "lead-lost"]


def test_json_ld_article_body_first_paragraph_is_a_declared_lead():
    ld = '{"@type": "NewsArticle", "articleBody": "%s\\n\\n%s"}' % (LEAD, BODY[0])
    source = page(SEARCH_SUMMARY, before_body=f'<script type="application/ld+json">{ld}</script>'
                  f'<div class="dek">{LEAD}</div>')
    assert [lead.where for lead in declared_leads(source)] == ["JSON-LD articleBody"]
    article = extract_html(source, "pier.html")
    assert [w.code for w in article.warnings] == ["lead-lost"]


def test_lead_held_despite_soft_hyphens_and_case():
    text = ("WEEKEND fer\u00adries will stop for five months while the rotten pier is rebuilt, "
            "the harbour board decided.")
    assert holds(text, LEAD)
    assert not holds(BODY[0], LEAD)
