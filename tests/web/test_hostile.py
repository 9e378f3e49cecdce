"""Hostile input against every route: escaping, the security headers, the upload cap, read-only use.

The route list is the OpenAPI schema's plus the pages (``webcheck.PAGES``);
``test_every_route_is_covered`` fails when a route is added without them. The
stored-XSS tests run over a copy of the test corpus whose every displayed text
field was overwritten with a script payload naming the field, and check both
that no page carries markup from it and that every field did reach a page.
"""

from __future__ import annotations

import hashlib
import html
import json
import shutil
from pathlib import Path

import duckdb
import pytest
from fastapi.testclient import TestClient

from webcheck import (
    CSP,
    PAGES,
    api_routes,
    assert_error_answer,
    assert_inert_html,
    assert_security_headers,
)

from onrecord.web import create_app
from onrecord.web.data import open_corpus

WRITE_METHODS = ("PUT", "PATCH", "DELETE", "POST")


def payload(field: str) -> str:
    return f"\"'><script>alert('{field}')</script><img src=x onerror=alert('{field}')>"


def shown_escaped(field: str, body: str) -> bool:
    """The field's payload is in the page as text: HTML-escaped, in a message as a Python repr, or
    JSON-escaped in the quote data (``assert_inert_html`` checks that it is nowhere as markup)."""
    text = html.unescape(body)
    return any(marker in text for marker in (f"alert('{field}')", f"alert(\\'{field}", f"alert(\\u0027{field}"))


@pytest.fixture(scope="module")
def app(corpus_db):
    return create_app(corpus_db)


@pytest.fixture(scope="module")
def web(app) -> TestClient:
    return TestClient(app, raise_server_exceptions=False)


@pytest.fixture(scope="module")
def ids(web) -> dict[str, list[str]]:
    return {"article_id": [a["id"] for a in web.get("/api/articles").json()],
            "speaker_id": [s["corpus_speaker_id"] for s in web.get("/api/speakers?top=1000").json()],
            "name": ["app.js"]}


def every_route(app):
    return api_routes(app.openapi()) + PAGES


def filled(route, ids) -> str:
    return route.path({name: values[0] for name, values in ids.items()})


def test_every_route_is_covered(app):
    """Each route the app serves is in the OpenAPI schema or in webcheck.PAGES, so the tests below reach it."""
    from onrecord.web import api, pages

    listed = {(r.method, r.template) for r in every_route(app)}
    routes = [*api.router.routes, *pages.router.routes, *(r for r in app.routes if hasattr(r, "methods"))]
    served = {(method, route.path) for route in routes for method in route.methods
              if route.path != "/api/openapi.json" and method != "HEAD"}
    assert ("GET", "/api/articles") in served and ("GET", "/corpus") in served
    assert served == listed


# -- stored and reflected XSS ---------------------------------------------------------------------

STORED_FIELDS = {  # table -> text columns (as the pages show them) to overwrite
    "articles": ["title", "author", "url", "site_name", "outlet_name", "input_id", "path"],
    "speakers": ["name", "anonymity_reason_text"],
    "corpus_speakers": ["name", "outlet", "kind", "identity"],
    "quotes": ["content_text", "cue_text", "source_text"],
    "warnings": ["message"],
    "caveats": ["text"],
}
JSON_LISTS = {("speakers", "aliases"): "alias", ("corpus_speakers", "names"): "corpus_names",
              ("quotes", "flags"): "flag"}


@pytest.fixture(scope="module")
def hostile_db(corpus_db, tmp_path_factory) -> Path:
    """The test corpus with a script payload in every displayed text field (each naming its field)."""
    path = tmp_path_factory.mktemp("hostile") / "hostile.duckdb"
    shutil.copy(corpus_db, path)
    con = duckdb.connect(str(path))
    try:
        for table, columns in STORED_FIELDS.items():
            for column in columns:
                con.execute(f'UPDATE "{table}" SET "{column}" = ? WHERE "{column}" IS NOT NULL OR ?',
                            [payload(f"{table}.{column}"), column in ("title", "author", "url", "name", "outlet")])
        for (table, column), field in JSON_LISTS.items():
            con.execute(f'UPDATE "{table}" SET "{column}" = ?', [json.dumps([payload(field), "plain"])])
        rows = con.execute("SELECT article_id, id, descriptors FROM speakers").fetchall()
        for article_id, speaker_id, descriptors in rows:
            changed = [{**d, "text": payload("descriptor")} for d in json.loads(descriptors or "[]")] or [
                {"text": payload("descriptor"), "spans": [[0, 1]]}]
            con.execute("UPDATE speakers SET descriptors = ? WHERE article_id = ? AND id = ?",
                        [json.dumps(changed), article_id, speaker_id])
    finally:
        con.close()
    return path


def test_stored_text_is_escaped_on_every_page(hostile_db):
    client = TestClient(create_app(hostile_db), raise_server_exceptions=False)
    articles = client.get("/api/articles").json()
    speakers = client.get("/api/speakers?top=1000").json()
    assert articles and speakers
    urls = ["/corpus", "/corpus?q=alert", "/corpus?outlet=" + payload("corpus_speakers.outlet")[:100]]
    urls += [f"/articles/{a['id']}" for a in articles] + [f"/speakers/{s['corpus_speaker_id']}" for s in speakers]
    seen = set()
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, (url, response.text[:300])
        assert_security_headers(response.headers)
        assert_inert_html(response.text)
        seen |= {f for f in _fields() if shown_escaped(f, response.text)}
    # Every overwritten field reached a page, escaped (so the check above did look at it).
    assert seen == _fields(), f"never shown: {_fields() - seen}"
    # The API gives the same text as JSON, never as HTML.
    for url in ["/api/articles", f"/api/articles/{articles[0]['id']}", "/api/quotes?search=alert",
                "/api/speakers", f"/api/speakers/{speakers[0]['corpus_speaker_id']}", "/api/corpus/stats"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.headers["content-type"] == "application/json"
        assert_security_headers(response.headers)
        assert "alert('" in json.dumps(response.json())


def _fields() -> set[str]:
    fields = {f"{t}.{c}" for t, cs in STORED_FIELDS.items() for c in cs} | set(JSON_LISTS.values()) | {"descriptor"}
    return fields - {"articles.site_name"}  # shown only for an article without an outlet name


REFLECTED = payload("reflected")


@pytest.mark.parametrize("method,url,reflected", [
    ("GET", "/corpus?q=" + REFLECTED, True),
    ("GET", "/corpus?outlet=" + REFLECTED, False),
    ("GET", "/corpus?since=" + REFLECTED, False),
    ("GET", f"/corpus?{REFLECTED}=1", False),
    ("GET", f"/corpus?{REFLECTED}=1&{REFLECTED}=2", True),
    ("GET", "/corpus?q=x&q=" + REFLECTED, False),
    ("GET", "/articles/" + REFLECTED, True),
    ("GET", "/speakers/" + REFLECTED, True),
    ("GET", "/static/" + REFLECTED, True),
    ("GET", "/" + REFLECTED, True),
    ("GET", f"/?{REFLECTED}={REFLECTED}", False),
    ("GET", f"/analyze/sample?x={REFLECTED}", False),
    ("POST", f"/corpus?q={REFLECTED}", False),
    ("DELETE", "/articles/" + REFLECTED, False),
], ids=["corpus-q", "corpus-outlet", "corpus-since", "unknown-name", "repeated-name", "repeated-q", "article-id",
        "speaker-id", "static-name", "unknown-path", "home-query", "sample-query", "post-corpus", "delete-article"])
def test_reflected_values_are_escaped_on_pages(web, method, url, reflected):
    response = web.request(method, url)
    assert response.status_code < 500
    assert response.headers["content-type"].startswith("text/html")
    assert_security_headers(response.headers)
    assert_inert_html(response.text)
    if response.status_code >= 400:
        assert_error_answer(response.status_code, response.headers, response.text, "/page")
    if reflected:
        assert shown_escaped("reflected", response.text), response.text[:2000]


@pytest.mark.parametrize("method,url", [
    ("GET", "/api/articles/" + REFLECTED),
    ("GET", "/api/speakers/" + REFLECTED),
    ("GET", f"/api/articles?{REFLECTED}=1"),
    ("GET", "/api/quotes?search=" + REFLECTED[:150]),
    ("GET", "/api/articles?since=" + REFLECTED),
    ("GET", "/api/" + REFLECTED),
    ("DELETE", f"/api/articles?x={REFLECTED}"),
], ids=["article-id", "speaker-id", "unknown-name", "search", "since", "unknown-path", "delete"])
def test_reflected_values_stay_json_in_the_api(web, method, url):
    response = web.request(method, url)
    assert response.status_code < 500
    assert response.headers["content-type"] == "application/json"  # never sniffed as HTML: nosniff is set
    assert_security_headers(response.headers)
    response.json()
    if response.status_code >= 400:
        assert_error_answer(response.status_code, response.headers, response.text, "/api")


def test_an_uploaded_file_name_is_only_a_label(web):
    text = "“Nothing runs here,” said Bob Smith.".encode()
    page = web.post("/analyze", files={"file": (REFLECTED + ".txt", text, "text/plain")})
    assert page.status_code == 200
    assert_inert_html(page.text)
    assert shown_escaped("reflected", page.text)
    refused = web.post("/analyze", files={"file": (REFLECTED + ".pdf", b"%PDF-1.4")})
    assert_error_answer(refused.status_code, refused.headers, refused.text, "/analyze", 415)
    assert shown_escaped("reflected", refused.text)
    api = web.post("/api/analyze/file", files={"file": (REFLECTED + ".pdf", b"%PDF-1.4")})
    assert_error_answer(api.status_code, api.headers, api.text, "/api/analyze/file", 415)


def test_pasted_script_is_text_on_the_analyze_page(web):
    text = f"{REFLECTED} “Nothing runs here,” said {REFLECTED} Bob Smith. </script><script>alert(2)</script>"
    page = web.post("/analyze", data={"text": text})
    assert page.status_code == 200
    assert_inert_html(page.text)
    assert shown_escaped("reflected", page.text)


# -- security headers on every HTML answer ----------------------------------------------------------

def test_every_html_answer_has_the_content_security_policy(app, corpus_db, ids, tmp_path, monkeypatch):
    web = TestClient(app, raise_server_exceptions=False)
    small = TestClient(create_app(corpus_db, upload_limit=1000), raise_server_exceptions=False)
    missing = TestClient(create_app(tmp_path / "missing.duckdb"), raise_server_exceptions=False)
    answers = {
        200: [web.get(filled(r, ids)) for r in PAGES if r.method == "GET" and r.template != "/static/{name}"],
        400: [web.get("/corpus?q=%ff"), web.get("/articles/%00")],
        404: [web.get("/nowhere"), web.get("/articles/nope")],
        405: [web.put("/corpus"), web.delete("/")],
        413: [small.post("/analyze", data={"text": "x" * 5000})],
        414: [web.get("/corpus?q=" + "a" * 9000)],
        415: [web.post("/analyze", files={"file": ("a.pdf", b"%PDF")})],
        422: [web.get("/corpus?since=yesterday"), web.get("/corpus?q=1&q=2"), web.post("/analyze", data={"text": " "})],
        503: [missing.get("/corpus")],
    }
    from onrecord.web import data

    monkeypatch.setattr(data, "corpus_stats", lambda *a, **k: 1 / 0)
    answers[500] = [TestClient(create_app(corpus_db), raise_server_exceptions=False).get("/corpus")]
    for status, responses in answers.items():
        for response in responses:
            assert response.status_code == status, (status, response.url, response.text[:300])
            assert response.headers["content-type"].startswith("text/html")
            assert response.headers["content-security-policy"] == CSP, (status, response.url)
            assert response.headers["x-content-type-options"] == "nosniff"
            assert_inert_html(response.text)
    # The API's answers carry them too (a JSON body opened in a tab is not run either).
    for response in (web.get("/api/status"), web.get("/api/nowhere"), web.get("/api/articles?limit=0")):
        assert_security_headers(response.headers)


# -- the upload cap ---------------------------------------------------------------------------------

BIG = 2_000_001  # one byte over the default cap


@pytest.mark.parametrize("kind", ["json", "api-file", "form", "page-file", "get-with-body"])
def test_every_oversized_body_is_refused_in_the_error_shape(web, kind):
    url, request = {
        "json": ("/api/analyze", dict(content=b'{"text": "' + b"x" * BIG + b'"}',
                                      headers={"content-type": "application/json"})),
        "api-file": ("/api/analyze/file", dict(files={"file": ("big.txt", b"word " * (BIG // 5 + 1))})),
        "form": ("/analyze", dict(data={"text": "x" * BIG})),
        "page-file": ("/analyze", dict(files={"file": ("big.html", b"<p>" + b"x" * BIG)})),
        "get-with-body": ("/api/status", dict(content=b"x" * BIG)),
    }[kind]
    method = "GET" if kind == "get-with-body" else "POST"
    response = web.request(method, url, **request)
    error = assert_error_answer(response.status_code, response.headers, response.text, url, 413)
    assert error["code"] == "too-large"
    # Streamed (no Content-Length): counted as it arrives.
    if "content" in request:
        chunks = (request["content"][i:i + 65536] for i in range(0, len(request["content"]), 65536))
        streamed = web.request(method, url, content=chunks, headers=request.get("headers"))
        if kind == "get-with-body":  # a route that never reads its body answers without reading it
            assert streamed.status_code == 200
        else:
            assert_error_answer(streamed.status_code, streamed.headers, streamed.text, url, 413)
    # The app goes on answering.
    assert web.get("/api/status").json()["available"] is True


def test_the_cap_is_exact(corpus_db):
    client = TestClient(create_app(corpus_db, upload_limit=10_000), raise_server_exceptions=False)
    assert client.request("GET", "/api/status", content=b"x" * 10_000).status_code == 200
    over = client.request("GET", "/api/status", content=b"x" * 10_001)
    error = assert_error_answer(over.status_code, over.headers, over.text, "/api/status", 413)
    assert error["details"] == [{"limit_bytes": 10_000, "size_bytes": 10_001}]
    assert client.post("/api/analyze", json={"text": "x" * 9_980}).status_code == 200
    assert client.post("/api/analyze", json={"text": "x" * 9_990}).status_code == 413


# -- read-only ---------------------------------------------------------------------------------------

def _fingerprint(db: Path) -> tuple:
    folder = sorted(p.name for p in db.parent.iterdir())
    return db.stat().st_mtime_ns, db.stat().st_size, hashlib.sha256(db.read_bytes()).hexdigest(), folder


def test_no_route_writes_the_database(corpus_db, ids):
    """Every route, every method, with good and bad input, POST analyze included: the file is untouched."""
    before = _fingerprint(corpus_db)
    client = TestClient(create_app(corpus_db), raise_server_exceptions=False)
    statuses = []
    text = "“We will rebuild,” said Mayor Ann Lee on Monday."
    for route in every_route(client.app):
        for values in ({n: v[0] for n, v in ids.items()}, {n: "nope" for n in ids}):
            url = route.path(values)
            if route.method == "GET":
                statuses += [client.get(url).status_code, client.get(url + "?limit=0&since=x").status_code,
                             client.head(url).status_code]
            for method in WRITE_METHODS:
                if method != route.method:
                    statuses.append(client.request(method, url).status_code)
    statuses += [client.post("/api/analyze", json={"text": text}).status_code,
                 client.post("/api/analyze/file", files={"file": ("a.txt", text.encode())}).status_code,
                 client.post("/analyze", data={"text": text}).status_code,
                 client.post("/analyze", files={"file": ("a.html", b"<p>" + text.encode() + b"</p>")}).status_code,
                 client.post("/api/analyze", json={"text": "'); DROP TABLE articles; --"}).status_code,
                 client.get("/api/quotes?search=%27%29%3B%20DROP%20TABLE%20quotes%3B%20--").status_code]
    assert 200 in statuses and 404 in statuses and 405 in statuses and 500 not in statuses
    assert _fingerprint(corpus_db) == before
    assert not Path(str(corpus_db) + ".wal").exists()


def test_the_request_connection_cannot_write(corpus_db):
    """Even SQL that reached the connection could not change the corpus: it is opened read-only."""
    before = _fingerprint(corpus_db)
    with open_corpus(corpus_db) as store:
        for sql in ("CREATE TABLE intruder (x INTEGER)", "DELETE FROM articles", "UPDATE articles SET title = 'x'",
                    "INSERT INTO errors VALUES ('x', 'x', 'x', now())"):
            with pytest.raises(duckdb.Error, match="read-only"):
                store.con.execute(sql)
    assert _fingerprint(corpus_db) == before


def test_write_methods_are_405_in_the_error_shape(web, app, ids):
    tried = 0
    for route in every_route(app):
        url = filled(route, ids)
        allowed = {route.method} | ({"HEAD"} if route.method == "GET" else set())
        for method in (*WRITE_METHODS, "OPTIONS", "TRACE"):
            if method in allowed:
                continue
            response = web.request(method, url)
            error = assert_error_answer(response.status_code, response.headers, response.text, url, 405)
            assert error["code"] == "method-not-allowed"
            assert route.method in response.headers["allow"], (method, url, response.headers.get("allow"))
            tried += 1
    assert tried >= 5 * len(every_route(app))


def test_head_is_answered_as_get_without_a_body(web, app, ids):
    for route in every_route(app):
        if route.method != "GET":
            continue
        url = filled(route, ids)
        got, head = web.get(url), web.head(url)
        assert head.status_code == got.status_code == 200, url
        assert head.content == b""
        assert head.headers["content-type"] == got.headers["content-type"]
        assert head.headers["content-length"] == str(len(got.content))


def test_an_escaped_page_still_reads_as_the_stored_text(web):
    """Escaping is not mangling: the council article's script shows as text a reader can read."""
    article = next(a for a in web.get("/api/articles").json() if a["title"].startswith("Council"))
    body = web.get(f"/articles/{article['id']}").text
    assert_inert_html(body)
    assert "Council approves <script>alert('budget')</script> plan" in html.unescape(body)


def test_like_wildcards_in_the_outlet_filter_are_characters(web):
    """The outlet filter is an exact name: ``%`` or ``_`` in it matches no outlet rather than every one."""
    assert len(web.get("/api/articles?outlet=evening ledger").json()) == 2
    for wildcard in ("%25", "_", "%25ledger", "Evening_Ledger"):
        assert web.get(f"/api/articles?outlet={wildcard}").json() == [], wildcard
        assert web.get(f"/api/corpus/stats?outlet={wildcard}").json()["totals"]["articles"] == 0, wildcard
        page = web.get(f"/corpus?outlet={wildcard}")
        assert page.status_code == 200 and "<strong>0</strong> articles" in page.text, wildcard
