"""`onrecord analyze` end to end on every input format, and on bad ones."""

from __future__ import annotations

import json

from click.testing import CliRunner
from ingest_inputs import news_page, write_warc

from onrecord.cli import main


def analyze(*args: str, stdin: str | None = None):
    return CliRunner().invoke(main, ["analyze", "--format", "jsonl", *args], input=stdin)


def records(result) -> list[dict]:
    return [json.loads(line) for line in result.stdout.splitlines() if line.strip()]


def test_html_page_keeps_metadata_and_drops_clutter(tmp_path):
    page = tmp_path / "story.html"
    page.write_text(news_page(), encoding="utf-8")
    result = analyze(str(page))
    assert result.exit_code == 0, result.output
    [record] = records(result)
    assert record["source_format"] == "html"
    assert record["title"]
    assert "cookie" not in record["text"].lower()
    assert any(q["type"] == "direct" for q in record["quotes"])


def test_warc_articles_are_its_html_responses_and_skips_are_counted(tmp_path):
    crawl = tmp_path / "crawl.warc.gz"
    write_warc(crawl, gzip=True)
    result = analyze(str(crawl))
    assert result.exit_code == 0, result.output
    assert [r["id"] for r in records(result)] == ["https://news.example.com/a", "https://news.example.com/b"]
    assert "archive records not analyzed" in result.stderr and "revisit" in result.stderr


def test_cut_off_warc_analyzes_what_came_before_then_exits_1(tmp_path):
    whole = tmp_path / "whole.warc.gz"
    offsets = write_warc(whole, gzip=True)
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(whole.read_bytes()[: offsets[-1] + 40])
    result = analyze(str(cut))
    assert result.exit_code == 1
    assert [r["id"] for r in records(result)] == ["https://news.example.com/a"]
    assert f"{cut}" in result.stderr and f"byte offset {offsets[-1]}" in result.stderr
    assert "Traceback" not in result.output


def test_jsonl_bad_line_is_named_and_the_rest_analyzed(tmp_path):
    export = tmp_path / "export.jsonl"
    good = {"id": "one", "url": "https://example.com/1", "text": "“We will win,” the mayor said."}
    export.write_text(json.dumps(good) + "\n{not json\n" + json.dumps({"id": "two", "title": "no text"}) + "\n")
    result = analyze(str(export))
    assert result.exit_code == 1
    assert [r["id"] for r in records(result)] == ["one"]
    assert f"{export}:2" in result.stderr and f"{export}:3" in result.stderr


def test_standard_input(tmp_path):
    result = analyze("-", stdin="“We will rebuild,” the mayor said.\n")
    assert result.exit_code == 0, result.output
    [record] = records(result)
    assert record["quotes"][0]["content"]["text"] == "“We will rebuild,”"


def test_input_format_overrides_the_extension(tmp_path):
    page = tmp_path / "saved-page.txt"
    page.write_text(news_page(), encoding="utf-8")
    as_html = records(analyze("--input-format", "html", str(page)))[0]
    as_text = records(analyze(str(page)))[0]
    assert as_html["source_format"] == "html" and "<" not in as_html["text"]
    assert as_text["source_format"] == "txt" and "<html" in as_text["text"].lower()


def test_text_that_is_not_english_is_skipped_with_a_warning_unless_asked(tmp_path):
    german = tmp_path / "bericht.txt"
    german.write_text(
        "„Wir werden die Brücke wieder aufbauen“, sagte der Bürgermeister am Montag. "
        "Die Arbeiten sollen nach Angaben der Stadtverwaltung ein ganzes Jahr dauern.\n",
        encoding="utf-8",
    )
    [skipped] = records(analyze(str(german)))
    assert skipped["language"] == "de" and skipped["quotes"] == []
    assert skipped["warnings"][0]["code"] == "not-english"
    [forced] = records(analyze("--any-language", str(german)))
    assert not any(w["code"] == "not-english" for w in forced["warnings"])


def test_the_same_text_twice_is_marked_as_a_duplicate(tmp_path):
    text = (
        "“We will rebuild the bridge,” the mayor said on Monday. Work starts in spring.\n\n"
        "The council approved the budget after a long debate, officials said, and the state "
        "has promised to pay for half of the cost of the new crossing over the river.\n"
    )
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    (tmp_path / "b.txt").write_text(text, encoding="utf-8")
    first, second = records(analyze(str(tmp_path)))
    assert first["duplicate_of"] is None and second["duplicate_of"] == first["id"]
