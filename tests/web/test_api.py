"""The JSON API: schema, one error shape for every error, the corpus endpoints, uploads."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from onrecord.records import Article
from onrecord.web import create_app

ROOT = Path(__file__).resolve().parents[2]


def assert_error(response, status: int, code: str | None = None) -> dict:
    """The one error shape: {"error": {"status", "code", "message", "details"}} and nothing else."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert list(body) == ["error"]
    error = body["error"]
    assert set(error) == {"status", "code", "message", "details"}
    assert error["status"] == status
    assert isinstance(error["code"], str) and error["code"]
    assert isinstance(error["message"], str) and error["message"]
    assert isinstance(error["details"], list)
    if code:
        assert error["code"] == code
    return error


def test_openapi_schema_lists_every_route_and_the_error_shape(client):
    schema = client.get("/api/openapi.json").json()
    paths = set(schema["paths"])
    assert {"/api/status", "/api/analyze", "/api/analyze/file", "/api/sample", "/api/outlets", "/api/articles",
            "/api/articles/{article_id}", "/api/quotes", "/api/speakers", "/api/speakers/{speaker_id}",
            "/api/corpus/stats"} <= paths
    assert all(p.startswith("/api/") for p in paths), "pages are not part of the API schema"
    assert "ErrorBody" in schema["components"]["schemas"]
    assert "Article" in schema["components"]["schemas"]
    for path, item in schema["paths"].items():
        for operation in item.values():
            assert "422" in operation["responses"] or not operation.get("parameters") and "requestBody" not in operation
            for status, response in operation["responses"].items():
                if status.startswith(("4", "5")) and status != "422":
                    ref = response["content"]["application/json"]["schema"]["$ref"]
                    assert ref.endswith("/ErrorBody"), (path, status)


def test_every_error_has_the_one_shape(client):
    assert_error(client.get("/api/no-such-thing"), 404, "not-found")
    assert_error(client.get("/api/articles/nope"), 404, "not-found")
    assert_error(client.get("/api/speakers/nope"), 404, "not-found")
    error = assert_error(client.get("/api/articles?since=yesterday"), 422, "invalid")
    assert error["details"][0]["field"] == "query.since"
    assert_error(client.get("/api/quotes?identity=famous"), 422, "invalid")
    assert_error(client.post("/api/analyze", json={}), 422, "invalid")
    assert_error(client.post("/api/analyze", content=b"not json", headers={"content-type": "application/json"}), 422)
    assert_error(client.post("/api/analyze", json={"text": "   "}), 422, "invalid")
    assert_error(client.delete("/api/articles"), 405, "method-not-allowed")
    assert_error(client.post("/api/analyze/file", files={"file": ("a.pdf", b"%PDF-1.4")}), 415, "unsupported-type")
    assert_error(client.post("/api/analyze/file", files={"file": ("a.txt", b"\xff\xfe\x00bad")}), 400, "E103")


def test_an_unexpected_failure_is_a_500_in_the_same_shape(corpus_db, monkeypatch):
    from onrecord.web import data

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(data, "outlets", broken)
    client = TestClient(create_app(corpus_db), raise_server_exceptions=False)
    error = assert_error(client.get("/api/outlets"), 500, "internal")
    assert "boom" not in error["message"]  # no internals leak to the visitor


def test_an_oversized_upload_is_refused_with_a_clear_message(corpus_db):
    client = TestClient(create_app(corpus_db, upload_limit=10_000), raise_server_exceptions=False)
    error = assert_error(client.post("/api/analyze/file", files={"file": ("big.txt", b"word " * 5000)}), 413,
                         "too-large")
    assert "the limit is 10 kB" in error["message"]
    assert error["details"][0]["limit_bytes"] == 10_000
    assert_error(client.post("/api/analyze", json={"text": "x" * 20_000}), 413, "too-large")
    # Without a Content-Length (a streamed body) it is counted as it arrives.
    chunks = (b"x" * 4096 for _ in range(10))
    assert_error(client.post("/api/analyze", content=chunks, headers={"content-type": "application/json"}), 413)
    page = client.post("/analyze", files={"file": ("big.txt", b"word " * 5000)})
    assert page.status_code == 413 and "the limit is 10 kB" in page.text


def test_a_missing_database_is_a_clear_error_and_analyze_still_works(tmp_path):
    missing = tmp_path / "nowhere.duckdb"
    client = TestClient(create_app(missing), raise_server_exceptions=False)
    for url in ("/api/articles", "/api/speakers", "/api/corpus/stats", "/api/quotes?search=x"):
        error = assert_error(client.get(url), 503, "E402")
        assert "no such database" in error["message"] and "onrecord ingest" in error["message"]
    status = client.get("/api/status").json()
    assert status["available"] is False and status["error"]["code"] == "E402"
    page = client.get("/corpus")
    assert page.status_code == 503 and "no such database" in page.text and "onrecord ingest" in page.text
    assert client.post("/api/analyze", json={"text": "“It works,” said Ann Lee."}).status_code == 200
    assert not missing.exists(), "the server must not create the database"


def test_the_server_never_writes_the_database(corpus_db):
    before = corpus_db.stat().st_mtime_ns, corpus_db.read_bytes()
    client = TestClient(create_app(corpus_db), raise_server_exceptions=False)
    for url in ("/corpus", "/api/articles", "/api/corpus/stats", "/api/speakers"):
        assert client.get(url).status_code == 200
    assert (corpus_db.stat().st_mtime_ns, corpus_db.read_bytes()) == before
    assert not Path(str(corpus_db) + ".wal").exists()


def test_analyze_returns_the_record(client):
    response = client.post("/api/analyze", json={"text": "“We will rebuild,” said Mayor Ann Lee on Monday."})
    assert response.status_code == 200
    article = Article.model_validate(response.json())
    assert [s.name for s in article.speakers] == ["Ann Lee"]
    assert article.quotes[0].content.text == "“We will rebuild,”"


def test_uploaded_html_is_extracted_with_the_ingest_reader(client):
    html = (b"<html lang='en'><head><title>Harbour news</title></head><body><article><h1>Harbour news</h1>"
            b"<p>The harbour reopened on Monday after a week of repairs to the old quay.</p>"
            b"<p>\xe2\x80\x9cWe are open for business again,\xe2\x80\x9d said harbour master Jane Doe.</p>"
            b"<p>Fishermen said they had lost a week of income while the quay was closed.</p></article></body></html>")
    response = client.post("/api/analyze/file", files={"file": ("../../etc/harbour.html", html, "text/html")})
    assert response.status_code == 200, response.text
    article = response.json()
    assert article["source_format"] == "html"
    assert article["path"] == "harbour.html"  # only the last part of the name, as a label
    assert "Jane Doe" in [s["name"] for s in article["speakers"]]


def test_the_corpus_endpoints(client):
    articles = client.get("/api/articles").json()
    assert [a["published"] for a in articles] == ["2023-04-20", "2023-04-02", "2023-03-14", "2023-02-20"]
    stored = client.get(f"/api/articles/{articles[-1]['id']}").json()
    assert stored["input_id"] == "russians-fighting-for-ukraine"
    assert {s["name"] for s in stored["article"]["speakers"]} >= {"Caesar", "Silent", "Vinnie", "Yevgeny Prigozhin"}
    stats = client.get("/api/corpus/stats").json()
    assert stats["totals"]["articles"] == 4
    assert [o["outlet"] for o in stats["quotes_by_outlet"]][0] == "CNN"
    assert [m["month"] for m in stats["anonymous_by_month"]] == ["2023-02", "2023-03", "2023-04"]
    assert client.get("/api/corpus/stats?outlet=evening ledger").json()["totals"]["articles"] == 2
    assert client.get("/api/corpus/stats?since=2023-03&until=2023-03").json()["totals"]["articles"] == 1
    prigozhin = next(s for s in client.get("/api/speakers?top=50").json() if s["speaker"] == "Yevgeny Prigozhin")
    profile = client.get(f"/api/speakers/{prigozhin['corpus_speaker_id']}").json()
    assert [a["published"] for a in profile["articles"]] == ["2023-02-20", "2023-03-14"]
    assert profile["articles_total"] == 2 and profile["quotes"] == sum(len(a["quotes"]) for a in profile["articles"])
    latest = client.get(f"/api/speakers/{prigozhin['corpus_speaker_id']}?articles=1").json()
    assert [a["published"] for a in latest["articles"]] == ["2023-03-14"]
    assert (latest["articles_total"], latest["quotes"]) == (2, profile["quotes"])  # totals, not what is shown
    assert latest["articles"][0]["quotes"] == profile["articles"][1]["quotes"]
    assert client.get(f"/api/speakers/{prigozhin['corpus_speaker_id']}?articles=0").status_code == 422
    found = client.get("/api/quotes?search=moving forward").json()
    assert [q["speaker"] for q in found] == ["Yevgeny Prigozhin"]
    assert client.get("/api/outlets").json() == ["CNN", "Daily Wire Service", "Evening Ledger"]


def test_static_files_come_from_the_package_by_name_only(client):
    assert client.get("/static/app.js").headers["content-type"].startswith("text/javascript")
    for bad in ("/static/..%2Fapp.py", "/static/%2e%2e/data.py", "/static/../../pyproject.toml", "/static/app.py"):
        assert client.get(bad).status_code == 404


def test_the_packaged_sample_is_the_founding_sample():
    packaged = resources.files("onrecord.web").joinpath("samples/russians-fighting-for-ukraine.txt").read_bytes()
    assert packaged == (ROOT / "examples" / "russians-fighting-for-ukraine.txt").read_bytes()


def test_package_data_covers_every_web_file():
    """Templates, static files and the sample must be in the wheel, or an installed site breaks."""
    import tomllib
    from fnmatch import fnmatch

    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]
    patterns = config.get("onrecord.web", [])
    web = ROOT / "src" / "onrecord" / "web"
    files = [p.relative_to(web).as_posix() for p in web.rglob("*") if p.is_file() and p.suffix not in (".py", ".pyc")]
    assert files
    missing = [f for f in files if not any(fnmatch(f, pattern) for pattern in patterns)]
    assert not missing, f"add to [tool.setuptools.package-data] onrecord.web: {missing}"


def test_the_serve_command_is_registered_and_documented():
    from click.testing import CliRunner

    from onrecord.cli import main

    result = CliRunner().invoke(main, ["serve", "--help"])
    assert result.exit_code == 0
    doc = (ROOT / "docs" / "web.md").read_text()
    for option in ("--db", "--host", "--port"):
        assert option in result.output and option in doc
    schema_paths = json.dumps(sorted(create_app(":memory:").openapi()["paths"]))
    for path in json.loads(schema_paths):
        assert path in doc, f"docs/web.md does not mention {path}"


@pytest.mark.parametrize("url", ["/", "/corpus", "/analyze/sample"])
def test_pages_answer(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert "Content-Security-Policy" in response.headers
    assert "http://" not in response.text.replace("http://www.w3.org/2000/svg", "")
    assert "https://" not in response.text


def test_the_unnamed_share_counts_unnamed_persons_only(client):
    """The founding sample (February) quotes pseudonymous soldiers and a group ("Russians"): the
    month's unnamed count is its quotes by persons who are anonymous or pseudonymous, read here
    from the stored record itself, and the group's quotes are not among them."""
    sample = next(a for a in client.get("/api/articles").json() if a["published"] == "2023-02-20")
    record = client.get(f"/api/articles/{sample['id']}").json()["article"]
    speakers = {s["id"]: s for s in record["speakers"]}
    by_speaker = [speakers.get(q.get("speaker_id")) for q in record["quotes"] if "headline" not in q.get("flags", [])]
    unnamed = sum(1 for s in by_speaker if s and s["kind"] == "person" and s["identity"] in ("anonymous", "pseudonym"))
    groups = sum(1 for s in by_speaker if s and s["identity"] == "not-applicable")
    assert unnamed > 0 and groups > 0
    month = next(m for m in client.get("/api/corpus/stats").json()["anonymous_by_month"] if m["month"] == "2023-02")
    assert month["unnamed"] == unnamed
    assert month["unnamed_share"] == round(unnamed / month["quotes"], 3)
    cnn = next(o for o in client.get("/api/corpus/stats").json()["quotes_by_outlet"] if o["outlet"] == "CNN")
    assert cnn["not_applicable"] == groups


def test_the_corpus_stats_give_reasons_by_category_and_non_responses(client):
    """The founding sample's three soldiers are unnamed for their safety: the corpus figures by
    outlet count them under CNN and in the all-outlets row, as the stored record says."""
    sample = next(a for a in client.get("/api/articles").json() if a["published"] == "2023-02-20")
    record = client.get(f"/api/articles/{sample['id']}").json()["article"]
    safety = sum(1 for s in record["speakers"] if (s.get("anonymity_reason") or {}).get("category") == "safety")
    assert safety >= 3
    sourcing = client.get("/api/corpus/stats").json()["sourcing"]
    assert sourcing["CNN"]["anonymity_reasons"] >= safety
    assert f"safety {safety}" in sourcing["CNN"]["anonymity_reasons_by_category"]
    assert sourcing["(all outlets)"]["non_responses"] == sum(v["non_responses"] for k, v in sourcing.items()
                                                              if k != "(all outlets)")
    page = client.get("/corpus").text
    assert "Why sources go unnamed" in page and f"safety {safety}" in page


def test_an_article_stored_before_newer_speaker_fields_is_served_with_their_defaults(corpus_db, tmp_path):
    """A corpus written by an older onrecord has nulls in the columns added since (``gender``,
    ``resolution``): the article is still served, those fields at their defaults, the rest as stored."""
    import shutil

    import duckdb

    older = tmp_path / "older.duckdb"
    shutil.copy(corpus_db, older)
    con = duckdb.connect(str(older))
    article_id, speaker_id, name = con.execute(
        "SELECT article_id, id, name FROM speakers ORDER BY article_id, id LIMIT 1").fetchone()
    con.execute("UPDATE speakers SET gender = NULL, gender_evidence = NULL, resolution = NULL, resolutions = NULL")
    con.close()
    served = TestClient(create_app(older), raise_server_exceptions=False).get(f"/api/articles/{article_id}")
    assert served.status_code == 200, served.text
    speaker = next(s for s in served.json()["article"]["speakers"] if s["id"] == speaker_id)
    assert (speaker["name"], speaker["gender"], speaker["resolution"], speaker["resolutions"]) == (
        name, "unknown", "name", [])
