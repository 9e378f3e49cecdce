"""Inputs built by the ingest tests themselves: a news page with every kind of clutter, a small crawl.

A uniquely named module (not ``conftest``) so that ``from ingest_inputs import`` cannot pick up
another test folder's conftest."""

from __future__ import annotations

import html

ARTICLE_TITLE = "Why some Russians have vowed to resist Putin's invasion of Ukraine"

ARTICLE_PARAGRAPHS = [
    "\u201cThis is a result of Putin\u2019s war,\u201d he says, angrily, as he paces through the wreck. "
    "\u201cAs a Christian, this is very offensive to me.\u201d",
    "The soldier, whose name CNN agreed not to reveal to protect his identity, goes by the call-sign "
    "\u201cCaesar.\u201d He is one of hundreds, if not thousands, fighting to keep the town of Bakhmut, "
    "the current epicenter of the war, in Ukrainian hands.",
    "But there\u2019s one thing that sets him apart from most of those who share the same goal: "
    "he\u2019s Russian.",
    "\u201cIt was a very difficult process,\u201d he says. \u201cIt took me several months to finally "
    "join the ranks of the defenders of Ukraine.\u201d",
    "Silent says his best friend has recently been forcibly mobilized into Russia\u2019s army back home.",
]

CLUTTER = [
    "Subscribe to our newsletter",
    "Share on Facebook",
    "Tweet this story",
    "We use cookies to improve your experience",
    "Accept all cookies",
    "Related: Ten things to know about the front line",
    "More from World News",
    "Great article, thanks! Posted by reader42",
    "Home | World | Politics | Sport",
    "Copyright 2022 Example News Network",
]


def news_page(paragraphs=ARTICLE_PARAGRAPHS, title=ARTICLE_TITLE, lang="en") -> str:
    """A news page: the article inside nav, share bar, related list, comments, cookie banner."""
    body = "\n".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8">
<title>{html.escape(title)} | Example News</title>
<link rel="canonical" href="https://news.example.com/2022/12/02/russians-ukraine">
<meta property="og:site_name" content="Example News">
<meta property="og:title" content="{html.escape(title)}">
<meta name="author" content="Vasco Sousa Cotovio">
<meta property="article:published_time" content="2022-12-02T08:00:00Z">
</head><body>
<div id="cookie-banner" class="cookie-consent"><p>We use cookies to improve your experience</p>
<button>Accept all cookies</button></div>
<header><nav class="main-nav"><ul><li><a href="/">Home | World | Politics | Sport</a></li></ul></nav>
<div class="newsletter">Subscribe to our newsletter</div></header>
<main><article>
<h1>{html.escape(title)}</h1>
<div class="byline">By Vasco Sousa Cotovio, CNN</div>
<div class="share-bar social"><a href="#">Share on Facebook</a> <a href="#">Tweet this story</a></div>
<div class="article-body">
{body}
</div>
<aside class="related"><h3>More from World News</h3><ul>
<li><a href="/a">Related: Ten things to know about the front line</a></li></ul></aside>
</article>
<section id="comments" class="comments"><h3>Comments</h3>
<div class="comment"><p>Great article, thanks! Posted by reader42</p></div></section>
</main>
<footer><p>Copyright 2022 Example News Network</p></footer>
</body></html>"""


def write_warc(path, gzip: bool) -> list[int]:
    """A small crawl: warcinfo, request, two article pages, a 404, an image, a revisit, a text file.

    Returns the byte offset at which each record starts.
    """
    from io import BytesIO

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    offsets = []
    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=gzip)

        def response(uri, status, content_type, body: bytes):
            headers = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
            return writer.create_warc_record(uri, "response", payload=BytesIO(body), http_headers=headers)

        page_two = news_page(ARTICLE_PARAGRAPHS[::-1], title="Second story")
        records = [
            writer.create_warcinfo_record("crawl.warc", {"software": "test"}),
            writer.create_warc_record(
                "https://news.example.com/a", "request",
                http_headers=StatusAndHeaders("GET /a HTTP/1.1", [("Host", "news.example.com")], is_http_request=True),
            ),
            response("https://news.example.com/a", "200 OK", "text/html; charset=utf-8", news_page().encode()),
            response("https://news.example.com/gone", "404 Not Found", "text/html", news_page().encode()),
            response("https://news.example.com/logo.png", "200 OK", "image/png", b"\x89PNG\r\n\x1a\n" + b"\0" * 64),
            writer.create_revisit_record(
                "https://news.example.com/a", digest="sha1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
                refers_to_uri="https://news.example.com/a", refers_to_date="2022-12-02T08:00:00Z",
            ),
            response("https://news.example.com/robots.txt", "200 OK", "text/plain", b"User-agent: *\n"),
            response("https://news.example.com/b", "200 OK", "text/html", page_two.encode()),
        ]
        for record in records:
            offsets.append(fh.tell())
            writer.write_record(record)
    return offsets
