"""``scripts/page_speakers.py`` scores onrecord's quote speakers against a reading by hand, and can fail.

The fixtures are invented sentences and hand-made records in onrecord's JSON
shape: a right speaker counts, a wrong or missing one does not, a speaker that
is no source counts as false, and a gold file that does not fit its page stops
the script with a one-line message. One test runs the script on real onrecord
output for a small page of its own.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
_SPEC = importlib.util.spec_from_file_location("page_speakers", ROOT / "scripts" / "page_speakers.py")
page_speakers = importlib.util.module_from_spec(_SPEC)
sys.modules["page_speakers"] = page_speakers
_SPEC.loader.exec_module(page_speakers)

TEXT = (
    '"The bridge will reopen in spring," said Harriet Okonjo-Vale, the county engineer. '
    'The Weather Bureau warned of more storms. "Bring boots," the notice read.'
)


def _span(words: str) -> list[list[int]]:
    start = TEXT.index(words)
    return [[start, start + len(words)]]


def record(speaker_name: str | None, kind: str = "person", extra_speakers: tuple[str, ...] = ()) -> dict:
    """An onrecord-shaped record of TEXT whose first quote goes to ``speaker_name`` (None: unresolved)."""
    speakers, quotes = [], []
    if speaker_name is not None:
        speakers.append({"id": "s1", "name": speaker_name, "kind": kind, "aliases": []})
    quotes.append({"id": "q1", "type": "direct", "content": {"text": "", "spans": _span('"The bridge will reopen in spring,"')},
                   "speaker_id": "s1" if speaker_name is not None else None})
    for number, name in enumerate(extra_speakers, 2):
        speakers.append({"id": f"s{number}", "name": name, "kind": "group", "aliases": []})
        quotes.append({"id": f"q{number}", "type": "indirect", "content": {"text": "", "spans": _span("of more storms")},
                       "speaker_id": f"s{number}"})
    return {"path": "/pages/bridge.html", "text": TEXT, "quotes": quotes, "speakers": speakers}


GOLD = {
    "page": "bridge.html",
    "speakers": [
        {"name": "Harriet Okonjo-Vale", "kind": "person", "descriptions": ["the county engineer"]},
        {"name": "Weather Bureau", "kind": "organization"},
    ],
    "quotes": [{"quote": "The bridge will reopen in spring", "speaker": "Harriet Okonjo-Vale"}],
    "not_sources": [{"name": "more storms"}],
}


def test_the_right_speaker_counts_and_a_wrong_one_does_not():
    right = page_speakers.score_page(GOLD, record("Harriet Okonjo-Vale"))
    wrong = page_speakers.score_page(GOLD, record("Weather Bureau", kind="organization"))
    assert (right.gold, right.found, right.speaker_right, right.kind_right) == (1, 1, 1, 1)
    assert (wrong.gold, wrong.found, wrong.speaker_right) == (1, 1, 0)
    assert "wrong speaker" in wrong.problems[0]


def test_a_surname_alone_is_the_speaker_but_a_cut_first_part_or_a_description_is_not():
    assert page_speakers.score_page(GOLD, record("Okonjo-Vale")).speaker_right == 1
    assert page_speakers.score_page(GOLD, record("Harriet")).speaker_right == 0
    assert page_speakers.score_page(GOLD, record("county engineer")).speaker_right == 0


def test_an_unresolved_quote_is_wrong_unless_it_is_a_headline():
    assert page_speakers.score_page(GOLD, record(None)).speaker_right == 0
    headline = {**GOLD, "quotes": [{**GOLD["quotes"][0], "headline": True}]}
    assert page_speakers.score_page(headline, record(None)).speaker_right == 1


def test_a_missed_quote_is_not_found():
    missed = {**record("Harriet Okonjo-Vale"), "quotes": []}
    score = page_speakers.score_page(GOLD, missed)
    assert (score.gold, score.found, score.speaker_right) == (1, 0, 0)


def test_a_speaker_that_is_no_source_is_false_and_a_source_is_not():
    score = page_speakers.score_page(GOLD, record("Harriet Okonjo-Vale", extra_speakers=("more storms",)))
    assert score.false_speakers == [("more storms", True)]
    score = page_speakers.score_page(GOLD, record("Harriet Okonjo-Vale", extra_speakers=("The Weather Bureau",)))
    assert score.false_speakers == []


def test_a_false_speaker_the_reading_has_not_judged_is_marked():
    score = page_speakers.score_page(GOLD, record("Harriet Okonjo-Vale", extra_speakers=("boots",)))
    assert score.false_speakers == [("boots", False)]


def test_a_gold_quote_not_in_the_text_stops_with_its_page_named():
    bad = {**GOLD, "quotes": [{"quote": "The tunnel will close", "speaker": "Harriet Okonjo-Vale"}]}
    with pytest.raises(page_speakers.GoldError, match="bridge.html"):
        page_speakers.score_page(bad, record("Harriet Okonjo-Vale"))


def test_a_quote_naming_an_unlisted_speaker_is_a_gold_error(tmp_path):
    bad = {**GOLD, "quotes": [{"quote": "Bring boots", "speaker": "the notice"}]}
    (tmp_path / "bridge.json").write_text(json.dumps(bad), encoding="utf-8")
    with pytest.raises(page_speakers.GoldError, match="not in its speakers"):
        page_speakers.load_gold(tmp_path)


def test_the_script_writes_the_table_from_a_jsonl(tmp_path, capsys):
    gold = tmp_path / "gold"
    gold.mkdir()
    (gold / "bridge.json").write_text(json.dumps(GOLD), encoding="utf-8")
    jsonl = tmp_path / "out.jsonl"
    jsonl.write_text(json.dumps(record("Okonjo-Vale", extra_speakers=("more storms",))) + "\n", encoding="utf-8")
    out = tmp_path / "table.md"
    assert page_speakers.main(["--jsonl", str(jsonl), "--gold", str(gold), "--out", str(out)]) == 0
    table = out.read_text(encoding="utf-8")
    assert "| bridge.html | 1 | 1 | 1 | 1 | 1 | more storms |" in table
    assert "1 of 1 direct quotes" in capsys.readouterr().out


def test_a_missing_gold_folder_is_one_line_and_exit_2(tmp_path, capsys):
    assert page_speakers.main(["--gold", str(tmp_path / "none"), "--out", str(tmp_path / "t.md")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("page_speakers: ") and err.count("\n") == 1


def test_the_script_runs_onrecord_on_a_page(tmp_path):
    pages, gold = tmp_path / "pages", tmp_path / "gold"
    pages.mkdir()
    gold.mkdir()
    (pages / "ferry.txt").write_text(
        'The ferry service will resume on Monday. "We have repaired both engines," said Tomasz Brennan, '
        "the harbour master.\n",
        encoding="utf-8",
    )
    reading = {
        "page": "ferry.txt",
        "speakers": [{"name": "Tomasz Brennan", "kind": "person", "aliases": ["Brennan"]}],
        "quotes": [{"quote": "We have repaired both engines", "speaker": "Tomasz Brennan"}],
    }
    (gold / "ferry.json").write_text(json.dumps(reading), encoding="utf-8")
    out = tmp_path / "table.md"
    assert page_speakers.main(["--pages", str(pages), "--gold", str(gold), "--out", str(out)]) == 0
    assert "| ferry.txt | 1 | 1 | 1 | 1 | 0 | none |" in out.read_text(encoding="utf-8")
