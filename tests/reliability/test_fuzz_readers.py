"""The short version of ``scripts/fuzz_readers.py``: its harness under hypothesis, and atheris briefly.

The harness (``run_one``) reads bytes with one reader both ways the CLI does
(a file, standard input) and fails on anything but articles and the
readers' coded errors. Hypothesis feeds it mutated seeds and raw bytes;
``ONRECORD_FUZZ_EXAMPLES`` sets the examples per reader (default 100). The
long coverage-guided runs and what they found are in benchmarks/fuzzing.md;
each crash found is an explicit regression test at the end of this file.
"""

from __future__ import annotations

import importlib.util
import io
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.database import DirectoryBasedExampleDatabase

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "fuzz_readers.py"


def _load_script():
    spec = importlib.util.spec_from_file_location("onrecord_fuzz_readers", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


fuzz = _load_script()
EXAMPLES = int(os.environ.get("ONRECORD_FUZZ_EXAMPLES", "100"))
READERS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    database=DirectoryBasedExampleDatabase(Path(tempfile.gettempdir()) / "onrecord-hypothesis"),
)


@st.composite
def mutated(draw, reader: str) -> bytes:
    """A seed of ``reader``'s format with a few byte-level edits, as libFuzzer would make."""
    data = bytearray(draw(st.sampled_from(sorted(fuzz.seeds(reader).values()))))
    tokens = fuzz._DICTIONARY[reader]
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(data)))
        edit = draw(st.sampled_from(["flip", "insert", "token", "delete", "truncate", "repeat"]))
        if edit == "flip" and at < len(data):
            data[at] ^= 1 << draw(st.integers(0, 7))
        elif edit == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=16))
        elif edit == "token":
            data[at:at] = draw(st.sampled_from(tokens))
        elif edit == "delete":
            del data[at : at + draw(st.integers(1, 64))]
        elif edit == "truncate":
            del data[at:]
        elif edit == "repeat":
            data[at:at] = data[at : at + draw(st.integers(1, 32))] * draw(st.integers(2, 50))
    return bytes(data)


@pytest.mark.parametrize("reader", fuzz.READERS)
def test_every_seed_reads_as_expected(reader):
    """The main seeds are valid inputs: the harness sees articles, so it checks them."""
    outcomes = {name: fuzz.run_one(reader, data) for name, data in fuzz.seeds(reader).items()}
    assert all(outcomes.values()), outcomes  # every input ends in articles or coded errors
    main = {"html": "page", "warc": "plain", "jsonl": "lines"}[reader]
    assert outcomes[main]["article"] >= 2, outcomes[main]  # read both ways


@pytest.mark.parametrize("reader", fuzz.READERS)
@READERS
@given(data=st.data())
def test_reader_on_mutated_seeds(reader, data):
    fuzz.run_one(reader, data.draw(mutated(reader)))


@pytest.mark.parametrize("reader", fuzz.READERS)
@READERS
@given(raw=st.binary(max_size=2048))
def test_reader_on_arbitrary_bytes(reader, raw):
    fuzz.run_one(reader, raw)


def test_harness_reports_a_crash_it_is_given():
    """An exception that is not a coded error is a crash, with its place as signature."""
    with pytest.raises(AssertionError):
        fuzz.check_error(ValueError("plain error, no code"))
    try:
        fuzz.run_one("nonsense", b"")  # iter_inputs refuses the format: a usage error, not a reader outcome
    except Exception as exc:  # noqa: BLE001
        assert fuzz.crash_signature(exc).startswith("UnknownInputFormat at ")
    else:
        pytest.fail("an unknown reader must fail")


@pytest.mark.skipif(importlib.util.find_spec("atheris") is None, reason="atheris is not installed")
@pytest.mark.parametrize("reader", fuzz.READERS)
def test_atheris_runs_a_few_seconds_without_a_crash(reader, tmp_path):
    result = subprocess.run(
        [sys.executable, str(SCRIPT), "--reader", reader, "--seconds", "3", "--workdir", str(tmp_path)],
        capture_output=True, text=True, timeout=300, cwd=tmp_path,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    summary = [line for line in result.stdout.splitlines() if " done after " in line]
    assert summary and "crashes: 0," in summary[-1], result.stdout[-3000:]
    tried = int(summary[-1].split("inputs tried: ")[1].split(",")[0])
    assert tried > 10, summary[-1]


# -- regressions: inputs the fuzzers crashed on -----------------------------------------


def _jsonl(data: bytes):
    """Outcomes of the harness, which reads ``data`` as a file and as standard input."""
    return fuzz.run_one("jsonl", data)


def _jsonl_items(data: bytes) -> list:
    from onrecord.ingest.jsonl import iter_jsonl

    return list(iter_jsonl(io.BytesIO(data), "x.jsonl", "x"))


@pytest.mark.parametrize(
    "line, key",
    [
        (b'{"text": "He said \\ud800 the bridge would reopen."}\n', "text"),
        (b'{"id": "a1", "url": "https://news.e\\ud800.com/a", "text": "He said so."}\n', "url"),
        (b'{"text": "He said so.", "outlet": "CNN \\udc00"}\n', "outlet"),
    ],
)
def test_regression_jsonl_lone_surrogate_is_a_bad_line(line, key):
    # A JSON escape spelled a lone surrogate into the text: spaCy and the JSON
    # output then raised UnicodeEncodeError with a traceback (atheris, jsonl).
    assert _jsonl(line) == {"E113": 2}
    [error] = _jsonl_items(line)
    assert f'unpaired surrogate \\u{"d800" if b"d800" in line else "dc00"} in "{key}"' in str(error)


def test_regression_jsonl_lone_surrogate_through_the_cli(tmp_path):
    from click.testing import CliRunner

    from onrecord.cli import main

    path = tmp_path / "s.jsonl"
    path.write_bytes(b'{"text": "He said \\"hi\\ud800 there\\"."}\n{"text": "The mayor said the bridge would reopen."}\n')
    result = CliRunner().invoke(main, ["analyze", "--format", "jsonl", str(path)])
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit)  # no traceback
    assert f"E113 {path}:1: has an unpaired surrogate" in result.output


def test_regression_jsonl_url_that_urllib_cannot_split():
    # "http://[" made urlsplit raise ValueError in the duplicate check (atheris, jsonl).
    line = b'{"text": "According to officials, the bridge will reopen.", "url": "http://example.[om/x?y=1#z"}'
    assert _jsonl(line) == {"article": 2}
    from onrecord.ingest.duplicates import normalise_url

    assert normalise_url(" http://[::1/a ") == "http://[::1/a"


@pytest.mark.parametrize(
    "line, reason",
    [(b"[" * 5000, "is nested too deeply to read"), (b'{"text": "x", "id": ' + b"9" * 5000 + b"}", "cannot be read")],
)
def test_regression_jsonl_deep_nesting_and_huge_integers(line, reason):
    # json.loads raises RecursionError and a plain ValueError (not JSONDecodeError) on these.
    assert _jsonl(line) == {"E113": 2}
    [error] = _jsonl_items(line)
    assert reason in str(error)


def test_regression_warc_response_without_target_uri():
    # warcio raised AttributeError ('NoneType' object has no attribute 'startswith')
    # parsing a response record that has no WARC-Target-URI (atheris, warc).
    whole = fuzz.seeds("warc")["plain"]
    assert whole.count(b"WARC-Target-URI: https://news.example.com/a\r\n") == 1
    data = whole.replace(b"WARC-Target-URI: https://news.example.com/a\r\n", b"")
    assert fuzz.run_one("warc", data) == {"E114": 2}
    from onrecord.ingest import IngestStats
    from onrecord.ingest.warc import iter_warc

    [error] = list(iter_warc(io.BytesIO(data), "crawl.warc", IngestStats()))
    assert str(error).startswith("E114 crawl.warc: unreadable WARC data (AttributeError in warcio: ")
    offset = int(str(error).split("at byte offset ")[1].split(";")[0])
    assert 0 < offset <= whole.index(b"WARC/1.0", 1)  # the warcinfo record before it was read


def test_regression_warc_charset_with_a_nul_byte():
    # "Content-Type: text/html; charset=ut\x01\0\0\0\0\0\0\0f-8": bytes.decode raised
    # ValueError (embedded null character) in decode_html (atheris, warc).
    whole = fuzz.seeds("warc")["one-record"]
    declared = b"Content-Type: text/html; charset=utf-8\r\n"
    assert whole.count(declared) == 1
    data = whole.replace(declared, b"Content-Type: text/html; charset=ut\x01\0\0\0\0\0\0\0f-8\r\n")
    data = data.replace(b"Content-Length: 877\r\n", b"Content-Length: 884\r\n")  # the HTTP block grew by 7
    assert fuzz.run_one("warc", data) == {"article": 2}
    from onrecord.ingest.html import decode_html

    assert decode_html("«Oui»".encode("utf-8"), "ut\0f-8") == "«Oui»"
