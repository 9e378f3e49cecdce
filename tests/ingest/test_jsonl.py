"""JSON lines: a bad line is reported by number and skipped, the rest is read."""

from __future__ import annotations

import json

from onrecord.errors import InputError
from onrecord.ingest import iter_inputs
from onrecord.ingest.errors import BadJsonLine


def _write(path, lines):
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_good_and_bad_lines_in_order(tmp_path):
    path = _write(tmp_path / "export.jsonl", [
        json.dumps({"id": "a1", "text": "Caesar says he is Russian.", "url": "https://x.example/a1",
                    "title": "Caesar", "published": "2022-12-02", "outlet": "CNN", "section": "world"}),
        "{not json",
        json.dumps({"id": "a3", "title": "no text here"}),
        "",
        json.dumps({"text": "   "}),
        json.dumps(["a list"]),
        json.dumps({"text": "Silent says he came in February.", "url": "https://x.example/a7"}),
        json.dumps({"text": "No id and no url."}),
    ])
    items = list(iter_inputs([path]))
    assert [type(i).__name__ for i in items] == [
        "RawArticle", "BadJsonLine", "BadJsonLine", "BadJsonLine", "BadJsonLine", "RawArticle", "RawArticle",
    ]
    first, bad_json, no_text, blank_text, not_object, by_url, numbered = items
    assert (first.id, first.url, first.title, first.published, first.site_name) == (
        "a1", "https://x.example/a1", "Caesar", "2022-12-02", "CNN")
    assert first.metadata == {"section": "world"}
    assert first.source_format == "jsonl"
    assert (bad_json.line, no_text.line, blank_text.line, not_object.line) == (2, 3, 5, 6)
    assert str(bad_json).startswith(f"E113 {path}:2: is not valid JSON")
    assert "no \"text\"" in str(no_text)
    assert by_url.id == "https://x.example/a7"
    assert numbered.id == "export:8"


def test_bad_lines_are_input_errors(tmp_path):
    path = _write(tmp_path / "x.jsonl", ["[1,"])
    [error] = list(iter_inputs([path]))
    assert isinstance(error, BadJsonLine) and isinstance(error, InputError)


def test_invalid_utf8_line_is_reported_and_skipped(tmp_path):
    path = tmp_path / "bytes.jsonl"
    path.write_bytes(b'{"text": "caf\xe9"}\n{"text": "fine text"}\n')
    error, article = list(iter_inputs([path]))
    assert isinstance(error, BadJsonLine) and error.line == 1
    assert article.text == "fine text"
