"""The command line: output formats, and one clear line for every bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from onrecord.cli import main
from onrecord.output import schema_json

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "examples" / "russians-fighting-for-ukraine.txt"
GOOD = "“We will win,” the mayor said. She added that the city would rebuild.\n"


def run(*args: str):
    return CliRunner().invoke(main, list(args))


@pytest.fixture
def good(tmp_path: Path) -> Path:
    path = tmp_path / "good.txt"
    path.write_text(GOOD, encoding="utf-8")
    return path


def test_text_listing_puts_quotes_under_their_speaker():
    result = run("analyze", str(SAMPLE))
    assert result.exit_code == 0, result.output
    caesar = result.output.index("Caesar (person")
    assert result.output.index("This is a result of") > caesar


def test_json_is_an_array_of_records_with_exact_offsets(good):
    result = run("analyze", "--format", "json", str(good))
    assert result.exit_code == 0
    [record] = json.loads(result.output)
    assert record["text"] == GOOD
    for quote in record["quotes"]:
        pieces = [record["text"][s:e] for s, e in quote["content"]["spans"]]
        assert " ".join(pieces) == quote["content"]["text"]


def test_jsonl_gives_one_line_per_article_in_input_order(tmp_path, good):
    second = tmp_path / "a-second.txt"
    second.write_text("The minister said the budget was balanced.\n", encoding="utf-8")
    result = run("analyze", "--format", "jsonl", str(good), str(second))
    lines = result.output.strip().splitlines()
    assert [json.loads(line)["path"] for line in lines] == [str(good), str(second)]


def test_a_folder_means_its_txt_files_sorted(tmp_path):
    for name in ("b.txt", "a.txt", "notes.md"):
        (tmp_path / name).write_text(GOOD, encoding="utf-8")
    result = run("analyze", "--format", "jsonl", str(tmp_path))
    assert [Path(json.loads(x)["path"]).name for x in result.output.strip().splitlines()] == ["a.txt", "b.txt"]


@pytest.mark.parametrize(
    "make, reason",
    [
        (lambda d: d / "missing.txt", "no such file or folder"),
        (lambda d: _write(d / "empty.txt", b""), "file is empty"),
        (lambda d: _write(d / "blank.txt", b"  \n\n "), "file is empty"),
        (lambda d: _write(d / "latin1.txt", "caf\xe9 said".encode("latin-1")), "is not UTF-8"),
        (lambda d: _write(d / "image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00"), "binary"),
        (lambda d: _mkdir(d / "nothing-here"), "folder has no"),
    ],
)
def test_bad_input_gets_one_line_and_the_rest_is_analyzed(tmp_path, good, make, reason):
    bad = make(tmp_path)
    result = CliRunner().invoke(main, ["analyze", "--format", "jsonl", str(bad), str(good)])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    messages = [line for line in result.stderr.splitlines() if str(bad) in line]
    assert len(messages) == 1 and reason in messages[0]
    assert json.loads(result.stdout.strip())["path"] == str(good)


def test_nothing_usable_exits_2(tmp_path):
    result = run("analyze", str(tmp_path / "missing.txt"))
    assert result.exit_code == 2
    assert "E101" in result.stderr and "missing.txt" in result.stderr


def test_no_paths_is_a_usage_error():
    assert run("analyze").exit_code == 2


def test_eval_on_a_folder_that_is_not_polnear_says_so(tmp_path):
    result = run("eval", str(tmp_path))
    assert result.exit_code == 2
    assert str(tmp_path) in result.stderr and "Traceback" not in result.output


def test_checked_in_schema_is_the_one_the_records_generate():
    checked_in = (ROOT / "src" / "onrecord" / "schema" / "article.schema.json").read_text(encoding="utf-8")
    assert checked_in == schema_json(), "regenerate with: onrecord schema > src/onrecord/schema/article.schema.json"


def test_output_validates_against_the_schema():
    jsonschema = pytest.importorskip("jsonschema")
    result = run("analyze", "--format", "json", str(SAMPLE))
    for record in json.loads(result.output):
        jsonschema.validate(record, json.loads(schema_json()))


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _mkdir(path: Path) -> Path:
    path.mkdir()
    return path
