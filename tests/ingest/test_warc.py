"""WARC crawls: HTML 200 responses are articles; the rest is skipped and counted; damage is reported."""

from __future__ import annotations

import pytest

from ingest_inputs import ARTICLE_PARAGRAPHS, write_warc
from onrecord.errors import InputError
from onrecord.ingest import IngestStats, RawArticle, iter_inputs
from onrecord.ingest.errors import DamagedArchive

EXPECTED_SKIPS = {"warcinfo record": 1, "request record": 1, "HTTP status not 200": 1, "not HTML": 2, "revisit": 1}


@pytest.mark.parametrize(("name", "gzip"), [("crawl.warc", False), ("crawl.warc.gz", True)])
def test_articles_are_the_html_200_responses(tmp_path, name, gzip):
    path = tmp_path / name
    write_warc(path, gzip=gzip)
    stats = IngestStats()
    items = list(iter_inputs([path], stats=stats))
    assert all(isinstance(i, RawArticle) for i in items)
    assert [a.id for a in items] == ["https://news.example.com/a", "https://news.example.com/b"]
    assert items[0].text.split("\n\n") == ARTICLE_PARAGRAPHS
    assert items[1].text.split("\n\n") == ARTICLE_PARAGRAPHS[::-1]
    assert items[0].source_format == "warc" and items[0].path == str(path)
    assert items[0].url == "https://news.example.com/a"
    assert items[1].title == "Second story"
    assert dict(stats.skipped) == EXPECTED_SKIPS
    assert stats.articles == 2


def test_format_is_detected_by_content_without_extension(tmp_path):
    path = tmp_path / "crawl.bin"
    write_warc(path, gzip=True)
    assert [a.id for a in iter_inputs([path])] == ["https://news.example.com/a", "https://news.example.com/b"]


@pytest.mark.parametrize("into_record", [5, 60, 400])
def test_cut_off_gzip_yields_the_articles_before_then_an_error_with_the_offset(tmp_path, into_record):
    whole = tmp_path / "whole.warc.gz"
    offsets = write_warc(whole, gzip=True)
    last = offsets[-1]  # the second article, the last record
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(whole.read_bytes()[: last + into_record])
    items = list(iter_inputs([cut]))
    assert [type(i).__name__ for i in items] == ["RawArticle", "DamagedArchive"]
    assert items[0].id == "https://news.example.com/a"
    error = items[1]
    assert isinstance(error, InputError) and isinstance(error, DamagedArchive)
    assert error.offset == last
    assert str(error).startswith(f"E114 {cut}: ") and f"byte offset {last}" in str(error)


def test_cut_off_uncompressed_warc_mid_record(tmp_path):
    whole = tmp_path / "whole.warc"
    offsets = write_warc(whole, gzip=False)
    cut = tmp_path / "cut.warc"
    cut.write_bytes(whole.read_bytes()[: offsets[-1] + 700])
    items = list(iter_inputs([cut]))
    assert [type(i).__name__ for i in items] == ["RawArticle", "DamagedArchive"]
    assert items[1].offset == offsets[-1]


def test_inputs_after_a_damaged_archive_are_still_read(tmp_path):
    whole = tmp_path / "whole.warc.gz"
    offsets = write_warc(whole, gzip=True)
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(whole.read_bytes()[: offsets[3] + 30])
    after = tmp_path / "after.txt"
    after.write_text("Caesar says he is Russian.", encoding="utf-8")
    kinds = [type(i).__name__ for i in iter_inputs([cut, after])]
    assert kinds == ["RawArticle", "DamagedArchive", "RawArticle"]


def test_gzip_content_encoding_and_oversized_payloads(tmp_path):
    import gzip as gz
    from io import BytesIO

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    from ingest_inputs import news_page
    from onrecord.ingest import warc

    path = tmp_path / "enc.warc.gz"
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        headers = [("Content-Type", "text/html"), ("Content-Encoding", "gzip")]
        body = gz.compress(news_page().encode())
        writer.write_record(writer.create_warc_record(
            "https://x.example/enc", "response", payload=BytesIO(body),
            http_headers=StatusAndHeaders("200 OK", headers, protocol="HTTP/1.1")))
        big = b"<html><body><p>" + b"word " * (warc.MAX_PAYLOAD_BYTES // 5 + 10) + b"</p></body></html>"
        writer.write_record(writer.create_warc_record(
            "https://x.example/big", "response", payload=BytesIO(big),
            http_headers=StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")))
    stats = IngestStats()
    [article] = list(iter_inputs([path], stats=stats))
    assert article.text.split("\n\n") == ARTICLE_PARAGRAPHS
    assert dict(stats.skipped) == {"payload over 5 MB": 1}
