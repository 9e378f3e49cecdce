"""`onrecord ingest` of onrecord's own record JSONL: stored without analysis, validated line by line, idempotent.

The records are the hand-built ones of ``store_records`` (no model is loaded);
the bad lines are each broken in one way, and every file also holds good lines
that must be stored (the positive twin of each rejection).
"""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from store_records import three_articles

from onrecord.batch import LocalRunner
from onrecord.batch.record_inputs import split_inputs
from onrecord.cli import main
from onrecord.output import to_jsonl_line
from onrecord.store import Store


def _no_analysis(self, shards):
    raise AssertionError("records must not be analyzed again")


@pytest.fixture(autouse=True)
def records_are_not_analyzed(monkeypatch):
    monkeypatch.setattr(LocalRunner, "run", _no_analysis)


def write_records(path, lines):
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


def good_lines() -> list[str]:
    return [to_jsonl_line(a) for a in three_articles()]


def ingest(*args):
    return CliRunner().invoke(main, ["ingest", *map(str, args)])


def counts(db) -> tuple[int, int, int]:
    with Store.open(db, read_only=True) as store:
        return tuple(store.con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                     for t in ("articles", "quotes", "corpus_speakers"))


def test_records_are_stored_as_they_are(tmp_path):
    records = write_records(tmp_path / "records.jsonl", good_lines())
    result = ingest(records, "--db", tmp_path / "c.duckdb")
    assert result.exit_code == 0, result.output
    assert counts(tmp_path / "c.duckdb") == (3, 7, 4)
    with Store.open(tmp_path / "c.duckdb", read_only=True) as store:
        stored = store.con.execute("SELECT input_id, site_name FROM articles ORDER BY input_id").fetchall()
    assert stored == [("a1", "Daily Planet"), ("a2", "Daily Planet"), ("a3", "Gotham Gazette")]


def test_the_same_records_twice_are_stored_once(tmp_path):
    records = write_records(tmp_path / "records.jsonl", good_lines() + good_lines()[:1])
    assert ingest(records, "--db", tmp_path / "c.duckdb").exit_code == 0
    again = ingest(records, "--db", tmp_path / "c.duckdb")
    assert again.exit_code == 0
    assert "0 article(s) stored, 4 already there" in again.output
    assert counts(tmp_path / "c.duckdb") == (3, 7, 4)


@pytest.mark.parametrize("broken, message", [
    ("{not json", "is not an onrecord record"),
    ('{"id": "x", "quotes": []}', "text: Field required"),
    ("SURPLUS", "surplus: Extra inputs are not permitted"),
    ("DANGLING", "names speaker 's9', which the record does not have"),
    ("OUTSIDE", "has a content offset outside the text"),
    ("TWICE", "has two speakers with the same id"),
])
def test_a_bad_line_is_reported_by_file_and_line_and_the_rest_is_stored(tmp_path, broken, message):
    record = json.loads(good_lines()[1])
    if broken == "SURPLUS":
        record["surplus"] = 1
    elif broken == "DANGLING":
        record["quotes"][0]["speaker_id"] = "s9"
    elif broken == "OUTSIDE":
        record["quotes"][0]["content"]["spans"] = [[0, len(record["text"]) + 5]]
    elif broken == "TWICE":
        record["speakers"].append(dict(record["speakers"][0]))
    line = broken if broken.startswith("{") else json.dumps(record)
    lines = good_lines()
    records = write_records(tmp_path / "records.jsonl", [lines[0], line, lines[2]])
    result = ingest(records, "--db", tmp_path / "c.duckdb")
    assert result.exit_code == 1
    reported = [l for l in result.output.splitlines() if "records.jsonl:2" in l]
    assert len(reported) == 1 and "E115" in reported[0] and message in reported[0], result.output
    assert "Traceback" not in result.output
    assert counts(tmp_path / "c.duckdb")[0] == 2  # lines 1 and 3
    with Store.open(tmp_path / "c.duckdb", read_only=True) as store:
        assert store.con.execute("SELECT input, code FROM errors").fetchall() == [(f"{records}:2", "E115")]


def test_a_record_file_is_told_from_an_article_file_by_its_shape(tmp_path):
    records = write_records(tmp_path / "records.jsonl", good_lines())
    articles = write_records(tmp_path / "articles.jsonl", [json.dumps({"id": "a", "text": "Words said."})])
    assert split_inputs([str(records), str(articles)], None) == ([str(records)], [str(articles)])
    assert split_inputs([str(tmp_path)], None) == ([str(records)], [str(articles)])  # a folder of both


def test_an_explicit_format_overrides_the_shape(tmp_path):
    records = write_records(tmp_path / "records.jsonl", good_lines())
    articles = write_records(tmp_path / "articles.jsonl", [json.dumps({"id": "a", "text": "Words said."})])
    assert split_inputs([str(records)], "jsonl") == ([], [str(records)])
    assert split_inputs([str(articles)], "records") == ([str(articles)], [])


def test_records_come_in_on_standard_input_when_the_format_says_so(tmp_path):
    text = "".join(line + "\n" for line in good_lines())
    result = CliRunner().invoke(main, ["ingest", "-", "--input-format", "records", "--db",
                                       str(tmp_path / "c.duckdb")], input=text)
    assert result.exit_code == 0, result.output
    assert counts(tmp_path / "c.duckdb") == (3, 7, 4)


def test_rebuild_speakers_alone_needs_no_inputs(tmp_path):
    write_records(tmp_path / "records.jsonl", good_lines())
    assert ingest(tmp_path / "records.jsonl", "--db", tmp_path / "c.duckdb").exit_code == 0
    result = ingest("--rebuild-speakers", "--db", tmp_path / "c.duckdb")
    assert result.exit_code == 0, result.output
    assert "4 corpus speakers" in result.output
    assert counts(tmp_path / "c.duckdb") == (3, 7, 4)


def test_ingest_without_inputs_or_rebuild_is_a_usage_error(tmp_path):
    result = ingest("--db", tmp_path / "c.duckdb")
    assert result.exit_code == 2
    assert "give the INPUT paths" in result.output
