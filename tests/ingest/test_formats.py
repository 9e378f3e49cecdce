"""Format detection, folders, the --input-format override and standard input."""

from __future__ import annotations

import io
import json

import pytest

from ingest_inputs import ARTICLE_PARAGRAPHS, news_page, write_warc
from onrecord.errors import EmptyInput, MissingInput, NoArticlesInFolder
from onrecord.ingest import RawArticle, iter_inputs, read_text_file, sniff_format
from onrecord.ingest.errors import UnknownInputFormat

TEXT = "\u201cThe fighting is very brutal now,\u201d Caesar explains.\n"


@pytest.mark.parametrize(
    ("head", "fmt"),
    [
        (b"WARC/1.0\r\nWARC-Type: warcinfo", "warc"),
        (b"\x1f\x8b\x08\x00", "warc"),
        (b"<!DOCTYPE html><html>", "html"),
        (b"\n  <!-- saved page --><html lang='en'>", "html"),
        (b'{"text": "a"}\n{"text": "b"}', "jsonl"),
        (TEXT.encode(), "txt"),
        (b"<b>bold</b> is not a page", "txt"),
    ],
)
def test_sniff_format(head, fmt):
    assert sniff_format(head) == fmt


def test_txt_is_read_unaltered(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes("Line one\r\n\u00a0two\n".encode())
    [article] = list(iter_inputs([path]))
    assert article.text == "Line one\r\n\u00a0two\n" and article.id == "a" and article.source_format == "txt"
    assert read_text_file(path).text == article.text


def test_folder_means_every_supported_file_sorted_by_name(tmp_path):
    (tmp_path / "b.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "a.html").write_text(news_page(), encoding="utf-8")
    (tmp_path / "c.jsonl").write_text(json.dumps({"id": "j1", "text": TEXT}) + "\n", encoding="utf-8")
    write_warc(tmp_path / "d.warc.gz", gzip=True)
    (tmp_path / "notes.md").write_text("ignored", encoding="utf-8")
    (tmp_path / "page_files").mkdir()
    ids = [a.id for a in iter_inputs([tmp_path])]
    assert ids == ["a", "b", "j1", "https://news.example.com/a", "https://news.example.com/b"]


def test_errors_come_in_input_order_and_reading_goes_on(tmp_path):
    (tmp_path / "empty").mkdir()
    (tmp_path / "blank.txt").write_text("  \n", encoding="utf-8")
    (tmp_path / "ok.txt").write_text(TEXT, encoding="utf-8")
    items = list(iter_inputs([tmp_path / "missing.txt", tmp_path / "empty", tmp_path / "blank.txt", tmp_path / "ok.txt"]))
    assert [type(i) for i in items] == [MissingInput, NoArticlesInFolder, EmptyInput, RawArticle]


def test_input_format_overrides_the_extension(tmp_path):
    path = tmp_path / "page.txt"
    path.write_text(news_page(), encoding="utf-8")
    [as_text] = list(iter_inputs([path]))
    [as_html] = list(iter_inputs([path], input_format="html"))
    assert as_text.text.startswith("<!DOCTYPE html>")
    assert as_html.text.split("\n\n") == ARTICLE_PARAGRAPHS


def test_unknown_extension_is_sniffed(tmp_path):
    path = tmp_path / "saved.page"
    path.write_text(news_page(), encoding="utf-8")
    [article] = list(iter_inputs([path]))
    assert article.source_format == "html"


def test_unknown_input_format_is_a_usage_error_at_once():
    with pytest.raises(UnknownInputFormat, match="use one of txt, html, warc, jsonl"):
        iter_inputs(["x.txt"], input_format="pdf")


@pytest.mark.parametrize("alias", ["TXT", "text", ".htm", "warc.gz", "ndjson"])
def test_format_aliases(alias):
    iter_inputs([], input_format=alias)


def test_stdin_text_as_a_text_stream():
    [article] = list(iter_inputs(["-"], stdin=io.StringIO(TEXT)))
    assert (article.id, article.text, article.path) == ("stdin", TEXT, None)


def test_stdin_binary_html_and_jsonl():
    [page] = list(iter_inputs(["-"], stdin=io.BytesIO(news_page().encode())))
    assert page.source_format == "html" and page.text.split("\n\n") == ARTICLE_PARAGRAPHS
    lines = "\n".join([json.dumps({"text": TEXT}), "oops", json.dumps({"text": "Second."})])
    kinds = [type(i).__name__ for i in iter_inputs(["-"], stdin=io.BytesIO(lines.encode()))]
    assert kinds == ["RawArticle", "BadJsonLine", "RawArticle"]


def test_stdin_warc_is_streamed(tmp_path):
    path = tmp_path / "crawl.warc.gz"
    write_warc(path, gzip=True)
    with path.open("rb") as fh:
        ids = [a.id for a in iter_inputs(["-"], stdin=fh)]
    assert ids == ["https://news.example.com/a", "https://news.example.com/b"]


def test_stdin_that_is_empty_is_an_error():
    [error] = list(iter_inputs(["-"], stdin=io.BytesIO(b"")))
    assert isinstance(error, EmptyInput) and "<stdin>" in str(error)
