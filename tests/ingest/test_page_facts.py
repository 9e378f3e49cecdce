"""Page facts: the publisher's name, who reported, the headline, the date and the author, by rule.

Every page here is a small document written for the test, in the shapes real pages
take (a tagline for a site name, a domain, an aggregator's copy, a CMS name for a
title, a byline with a desk and an e-mail address); none is copied from a real page.
"""

from __future__ import annotations

import json

import pytest

from onrecord.ingest.html import extract_html
from onrecord.ingest.page_names import byline_people, domain_label, strip_site_suffix

BODY = [
    "The harbour board voted on Tuesday to raise mooring fees for the first time in nine years.",
    "Fishermen who use the east pier said the rise would cost each boat several hundred dollars a season.",
    "\u201cWe were not asked, and we will be the ones paying,\u201d said Marta Lindqvist, who has fished there since 1998.",
    "The board said the money would pay for dredging the channel, which has silted up since the spring storms.",
]


def page(head: str = "", before_body: str = "", after_body: str = "", url: str | None = None) -> object:
    """A page with ``head`` markup, the article, and furniture around it; read by onrecord's HTML reader."""
    paragraphs = "\n".join(f"<p>{p}</p>" for p in BODY)
    html = (
        f"<!doctype html><html lang='en'><head><meta charset='utf-8'>{head}</head><body>"
        f"<nav><a href='/'>Home</a> <a href='/local'>Local</a></nav>"
        f"<article>{before_body}{paragraphs}{after_body}</article>"
        f"<footer><p>Contact us</p></footer></body></html>"
    )
    return extract_html(html.encode("utf-8"), "page.html", url=url)


def json_ld(**fields) -> str:
    return f"<script type='application/ld+json'>{json.dumps({'@context': 'https://schema.org', **fields})}</script>"


# --- the publisher's name -------------------------------------------------------------


def test_a_site_name_that_is_a_tagline_is_cut_to_the_name():
    article = page("<meta property='og:site_name' content='Harbor Light | Coastal News, Weather | Port Amity'>")
    assert (article.site_name, article.site_name_found_in) == ("Harbor Light", "og:site_name")


def test_a_plain_site_name_is_kept_as_declared():
    article = page("<meta property='og:site_name' content='Harbor Light'>")
    assert (article.site_name, article.site_name_found_in) == ("Harbor Light", "og:site_name")


def test_json_ld_publisher_comes_before_og_site_name():
    head = json_ld(**{"@type": "NewsArticle", "headline": "Mooring fees rise at the east pier",
                      "publisher": {"@type": "Organization", "name": "The Harbor Light"}})
    article = page(head + "<meta property='og:site_name' content='HL Online'>")
    assert (article.site_name, article.site_name_found_in) == ("The Harbor Light", "json-ld publisher")


def test_json_ld_publisher_given_by_reference_in_a_graph_is_followed():
    graph = {"@context": "https://schema.org", "@graph": [
        {"@type": "Organization", "@id": "https://hl.example/#org", "name": "The Harbor Light"},
        {"@type": "NewsArticle", "headline": "Mooring fees rise at the east pier",
         "publisher": {"@id": "https://hl.example/#org"}}]}
    article = page(f"<script type='application/ld+json'>{json.dumps(graph)}</script>")
    assert (article.site_name, article.site_name_found_in) == ("The Harbor Light", "json-ld publisher")


def test_a_publisher_given_as_a_plain_string_is_the_site_name():
    head = json_ld(**{"@type": ["NewsArticle"], "headline": "Mooring fees rise", "publisher": "Harbor Light"})
    assert page(head).site_name == "Harbor Light"


@pytest.mark.parametrize("odd", [
    '{"@type": "NewsArticle", "headline": 5, "author": [{"@id": ["x"]}], "publisher": [{"@id": {"a": 1}}]}',
    '{"@graph": {"@type": "NewsArticle", "isPartOf": 7, "provider": [null]}}',
    '[[{"@type": null}], "text", 3]',
    '{"@type": "NewsArticle", "headline": "Mooring fees',
])
def test_odd_or_broken_json_ld_is_read_as_far_as_it_goes(odd):
    article = page(f"<script type='application/ld+json'>{odd}</script><meta property='og:site_name' content='Harbor Light'>")
    assert article.site_name == "Harbor Light"


def test_a_domain_for_a_site_name_gives_way_to_the_name_the_page_spells():
    article = page("<meta property='og:site_name' content='HARBORLIGHT.COM'>",
                   after_body="<p>\u00a9 2024 The Harbor Light. All rights reserved.</p>")
    assert (article.site_name, article.site_name_found_in) == ("The Harbor Light", "page text")


def test_a_site_name_made_from_the_domain_gives_way_to_the_papers_own_spelling():
    article = page("<meta property='og:site_name' content='Harborlight'>", url="https://www.harborlight.com/fees",
                   after_body="<p>Subscribe to The Harbor Light for daily news.</p>")
    assert (article.site_name, article.site_name_found_in) == ("The Harbor Light", "page text")


def test_a_one_word_name_the_page_spells_the_same_is_kept():
    article = page("<meta property='og:site_name' content='Harborlight'>", url="https://www.harborlight.com/fees",
                   after_body="<p>Subscribe to Harborlight for daily news.</p>")
    assert (article.site_name, article.site_name_found_in) == ("Harborlight", "og:site_name")


def test_a_tagline_around_the_domain_gives_way_to_the_name_the_page_spells():
    article = page("<meta property='og:site_name' content='Coastal news and views on www.harborlight.com'>",
                   after_body="<p>Send your tips to Harbor Light by e-mail.</p>")
    assert article.site_name == "Harbor Light"


def test_a_domain_of_initials_gives_way_to_the_name_they_stand_for():
    article = page("<meta property='og:site_name' content='PB.COM'>",
                   after_body="<p>\u00a9 2024 Pacific Bulletin</p>")
    assert article.site_name == "Pacific Bulletin"


def test_the_domain_only_when_the_page_names_nothing_else():
    article = page("<meta property='og:site_name' content='harborlight.com'>",
                   after_body="<p>All rights reserved.</p>")
    assert article.site_name == "harborlight.com"


def test_the_title_suffix_names_the_site_when_the_markup_does_not():
    article = page("<title>Mooring fees rise at the east pier - Harbor Light</title>",
                   before_body="<h1>Mooring fees rise at the east pier</h1>", url="https://hl.example/fees")
    assert (article.site_name, article.site_name_found_in) == ("Harbor Light", "title")


# --- an aggregator's copy, a wire story, a republished one ---------------------------------


def test_an_aggregator_copy_has_the_site_it_is_on_and_the_provider_that_reported_it():
    headline = "Mooring fees rise at the east pier after board vote"
    head = (f"<meta name='application-name' content='{headline}'>"
            "<meta property='og:site_name' content='Newsreel'>"
            + json_ld(**{"@type": "NewsArticle", "headline": headline,
                         "provider": {"@type": "Organization", "name": "Valley Courier"}}))
    article = page(head)
    assert (article.site_name, article.site_name_found_in) == ("Newsreel", "og:site_name")
    assert (article.reporter, article.reporter_found_in) == ("Valley Courier", "json-ld provider")


def test_application_name_that_is_the_headline_is_not_the_site_name():
    headline = "Mooring fees rise at the east pier after board vote"
    article = page(f"<meta name='application-name' content='{headline}'><title>{headline} | Newsreel</title>")
    assert article.site_name == "Newsreel"


def test_a_short_application_name_is_the_site_name():
    article = page("<meta name='application-name' content='Newsreel'>")
    assert (article.site_name, article.site_name_found_in) == ("Newsreel", "application-name")


def test_a_wire_service_as_author_is_the_reporter_and_no_person():
    article = page("<meta property='og:site_name' content='Harbor Light'><meta name='author' content='Reuters'>")
    assert article.author is None
    assert (article.reporter, article.reporter_found_in) == ("Reuters", "byline")


def test_a_person_as_author_is_the_author_and_the_site_reported_it():
    article = page("<meta property='og:site_name' content='Harbor Light'><meta name='author' content='Ana Ortiz'>")
    assert article.author == "Ana Ortiz"
    assert article.reporter is None


def test_a_republication_note_names_the_reporter():
    article = page("<meta property='og:site_name' content='Newsreel'>",
                   after_body="<p><i>This story originally appeared on <a href='/x'>Valley Courier</a>.</i></p>")
    assert (article.reporter, article.reporter_found_in) == ("Valley Courier", "republication note")


def test_a_provider_line_on_an_aggregator_copy_names_the_reporter():
    article = page("<meta property='og:site_name' content='Newsreel'>",
                   before_body="<div class='attribution'><span>Provided by</span> <span>Valley Courier</span></div>")
    assert (article.reporter, article.reporter_found_in) == ("Valley Courier", "republication note")


def test_provided_by_inside_a_caption_names_no_reporter():
    article = page("<meta property='og:site_name' content='Newsreel'>",
                   after_body="<figure><figcaption>The east pier at dawn, in a photo provided by Ana Ortiz</figcaption></figure>")
    assert article.reporter is None


def test_an_e_mail_address_as_author_is_no_person():
    article = page("<meta name='author' content='newsdesk@harborlight.example'>")
    assert article.author is None


def test_a_note_naming_the_site_itself_or_its_edition_is_no_other_reporter():
    article = page("<meta property='og:site_name' content='Newsreel'>",
                   after_body="<p><i>This story originally appeared on Newsreel Weekend.</i></p>")
    assert article.reporter is None


# --- the headline ---------------------------------------------------------------------


def test_the_title_is_never_a_cms_name():
    article = page("<title>pagebuilder</title><meta property='og:title' content='Mooring fees rise at the east pier'>")
    assert article.title == "Mooring fees rise at the east pier"


def test_the_first_heading_when_the_title_tag_is_not_the_headline():
    article = page("<title>pagebuilder</title>", before_body="<h1>Mooring fees rise at the east pier</h1>")
    assert article.title == "Mooring fees rise at the east pier"


def test_the_title_tag_is_the_title_when_it_is_the_headline():
    article = page("<title>Mooring fees rise at the east pier</title>")
    assert article.title == "Mooring fees rise at the east pier"


def test_the_site_name_and_date_are_cut_from_the_end_of_the_title():
    head = ("<meta property='og:site_name' content='HL.COM'>"
            "<meta property='og:title' content='Mooring fees rise at the east pier | HL | 02.03.2024'>")
    assert page(head).title == "Mooring fees rise at the east pier"


def test_a_dash_inside_the_headline_stays():
    assert strip_site_suffix("Fees rise - and fishermen object", {"harborlight"}) == "Fees rise - and fishermen object"


def test_json_ld_headline_is_unescaped():
    head = json_ld(**{"@type": "NewsArticle", "headline": "Fishermen &#8216;not asked&#8217; about fees"})
    assert page(head).title == "Fishermen \u2018not asked\u2019 about fees"


# --- the date and the author -------------------------------------------------------------


def test_the_date_is_iso():
    head = json_ld(**{"@type": "NewsArticle", "headline": "Mooring fees rise", "datePublished": "2024-03-02T08:15:00-05:00"})
    assert page(head).published == "2024-03-02"


def test_json_ld_authors_are_people_joined():
    head = json_ld(**{"@type": "NewsArticle", "headline": "Mooring fees rise",
                      "author": [{"@type": "Person", "name": "Ana Ortiz"}, {"@type": "Person", "name": "Tom Reyes"}]})
    assert page(head).author == "Ana Ortiz; Tom Reyes"


def test_an_organisation_as_json_ld_author_is_no_person():
    head = json_ld(**{"@type": "NewsArticle", "headline": "Mooring fees rise",
                      "author": {"@type": "Organization", "name": "Harbor Light"},
                      "publisher": {"@type": "Organization", "name": "Harbor Light"}})
    assert page(head).author is None


def test_a_byline_with_a_desk_and_an_e_mail_gives_the_name_alone():
    article = page(before_body="<p>By KIRA DALE<br>Light Staff Reporter<br>kdale@hl.example</p>")
    assert article.author == "Kira Dale"


def test_a_byline_of_two_and_a_desk_gives_both_names():
    article = page(before_body="<p class='byline'>By Ana Ortiz and Tom Reyes | Staff</p>")
    assert article.author == "Ana Ortiz; Tom Reyes"


def test_an_author_field_with_a_date_run_on_is_no_person():
    article = page("<meta name='author' content='Harbor News March'>")
    assert article.author is None


def test_an_author_field_repeating_the_publisher_gives_way_to_the_byline():
    head = "<meta property='og:site_name' content='Harbor Light'><meta name='author' content='Harbor Light'>"
    article = page(head, before_body="<p class='author'>Author: Tom Reyes (tr)</p>")
    assert article.author == "Tom Reyes"


def test_an_author_named_like_a_month_is_a_person():
    article = page("<meta name='author' content='April Ortiz'>")
    assert article.author == "April Ortiz"


@pytest.mark.parametrize("block", ["By the numbers: fees rose 12 percent", "posted by admin", "By 2030 the pier"])
def test_a_sentence_starting_with_by_is_no_byline(block):
    assert byline_people(block, set()) == []


@pytest.mark.parametrize("block, people", [
    ("By Lena Ford", ["Lena Ford"]),
    ("Written by Lena Ford, Correspondent", ["Lena Ford"]),
    ("By T.J. Marsh Friday, June 7, 2024", ["T.J. Marsh"]),
])
def test_a_byline_names_its_writer(block, people):
    assert byline_people(block, set()) == people


@pytest.mark.parametrize("host, label", [("www.harborlight.co.uk", "harborlight"), ("pb.com", "pb"), ("news.valley.org", "valley")])
def test_the_domain_label_is_the_sites_own_part(host, label):
    assert domain_label(host) == label
