"""HTML pages: the article text comes out, the page's clutter does not."""

from __future__ import annotations

import pytest

from ingest_inputs import ARTICLE_PARAGRAPHS, CLUTTER, news_page
from onrecord.ingest import iter_inputs
from onrecord.ingest.errors import NoMainText
from onrecord.ingest.html import extract_html


def test_extracted_text_is_the_article_paragraphs_separated_by_blank_lines(page):
    article = extract_html(page.encode("utf-8"), "page.html")
    assert article.text.split("\n\n") == ARTICLE_PARAGRAPHS


@pytest.mark.parametrize("clutter", CLUTTER)
def test_no_navigation_share_bar_related_comments_or_cookie_banner(page, clutter):
    article = extract_html(page.encode("utf-8"), "page.html")
    assert clutter.lower() not in article.text.lower()


def test_metadata_title_author_date_site_url_language(page):
    article = extract_html(page.encode("utf-8"), "page.html")
    assert article.title == "Why some Russians have vowed to resist Putin's invasion of Ukraine"
    assert article.author == "Vasco Sousa Cotovio"
    assert article.published == "2022-12-02"
    assert article.site_name == "Example News"
    assert article.url == "https://news.example.com/2022/12/02/russians-ukraine"
    assert article.language == "en"
    assert article.source_format == "html"


def test_html_file_id_is_its_name_and_offsets_refer_to_extracted_text(tmp_path, page):
    path = tmp_path / "caesar.htm"
    path.write_text(page, encoding="utf-8")
    [article] = list(iter_inputs([path]))
    assert article.id == "caesar"
    start = article.text.index("Caesar")
    assert article.text[start:start + 6] == "Caesar"


def test_declared_charset_is_honoured():
    page = news_page().replace('<meta charset="utf-8">', '<meta charset="windows-1252">')
    page = page.replace("\u2019", "'").replace("\u201c", '"').replace("\u201d", '"')
    article = extract_html(page.encode("windows-1252"), "old.html")
    assert "Putin's war" in article.text


def test_page_without_article_text_is_an_input_error(tmp_path):
    path = tmp_path / "empty.html"
    path.write_text("<html><body><nav><a href='/'>Home</a></nav></body></html>", encoding="utf-8")
    [error] = list(iter_inputs([path]))
    assert isinstance(error, NoMainText)
    assert str(error).startswith("E112 ") and str(path) in str(error)


def test_soft_hyphens_are_not_part_of_the_text():
    # Hyphenation hints a browser never shows; left in, the parser reads "al\u00adso" as a new word.
    html = ("<html><head><title>Port</title></head><body><article><h1>Port shut</h1>"
            "<p>The har\u00adbour mas\u00adter al\u00adso said the port would shut on Monday for re\u00adpairs to "
            "the main pier, which was damaged by the storm last week.</p>"
            "<p>Ships will be sent to the north quay until the work is done, the port said.</p></article></body></html>")
    article = extract_html(html, "port.html")
    assert "\u00ad" not in article.text
    assert "harbour master also said" in article.text
