"""The HTML pages without a browser: escaping, the article view, the speaker and corpus pages."""

from __future__ import annotations

import html
import re

from onrecord.web.render import article_view

SCRIPT = "<script>alert('x')</script>"


def test_article_text_is_escaped_on_the_analyze_page(client):
    text = f"{SCRIPT} “Nothing runs here,” said Bob Smith. <img src=x onerror=alert(1)>"
    response = client.post("/analyze", data={"text": text})
    assert response.status_code == 200
    body = response.text
    assert "<script>alert" not in body and "<img src=x" not in body
    assert html.escape(SCRIPT, quote=False) in body or "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in body
    # The quote data for the hover card is JSON with < escaped, so it cannot end its script element.
    data = re.search(r'<script type="application/json" id="quote-data">(.*?)</script>', body, re.S).group(1)
    assert "<" not in data


def test_stored_article_with_script_in_title_and_text_is_escaped(client):
    article = next(a for a in client.get("/api/articles").json() if a["title"].startswith("Council"))
    body = client.get(f"/articles/{article['id']}").text
    assert "<script>alert" not in body
    assert "&lt;script&gt;alert(&#39;budget&#39;)&lt;/script&gt;" in body
    shown = html.unescape(re.sub(r"<[^>]+>", "", body))  # what a reader sees: the script as text
    assert "spokesperson said <script>alert('x')</script> was a typo" in shown
    corpus = client.get("/corpus?q=script").text
    assert "<script>alert" not in corpus


def test_every_quote_is_marked_with_its_speaker_colour(analyze):
    article = analyze("“We will rebuild,” said Mayor Ann Lee. “Never,” said Tom Baker, the union leader.")
    view = article_view(article)
    pieces = [p for para in view.paragraphs for p in para]
    firsts = {p.quote for p in pieces if p.first}
    assert firsts == {q.id for q in article.quotes}
    colours = {p.quote: p.colour for p in pieces if "content" in p.roles}
    assert len(set(colours.values())) == 2
    assert "".join(p.text for para in view.paragraphs for p in para) == article.text.replace("\n\n", "")


def test_the_stored_article_page_shows_metadata_warnings_and_damage(client):
    sample = next(a for a in client.get("/api/articles").json() if a["outlet"] == "CNN")
    body = client.get(f"/articles/{sample['id']}").text
    assert "2023-02-20" in body and "CNN" in body
    assert 'class="damaged' in body and "site-furniture" in body and "cut-off" in body
    assert 'href="/speakers/' in body


def test_the_speaker_page_lists_quotes_by_article_and_date(client):
    speaker = next(s for s in client.get("/api/speakers?top=50").json() if s["speaker"] == "Yevgeny Prigozhin")
    body = client.get(f"/speakers/{speaker['corpus_speaker_id']}").text
    assert body.index("2023-02-20") < body.index("2023-03-14")
    assert "Russian oligarch" in body and "named" in body
    assert client.get("/speakers/nope").status_code == 404


def test_the_corpus_page_filters_and_searches(client):
    body = client.get("/corpus?outlet=Evening+Ledger&q=library").text
    assert 'id="chart-outlets"' in body and 'id="chart-anonymous"' in body and 'id="chart-speakers"' in body
    assert "keeps every library open" in body
    assert "Caesar" not in body  # the CNN speakers are filtered out
    bad = client.get("/corpus?since=last+week")
    assert bad.status_code == 422 and "ISO 8601" in bad.text
