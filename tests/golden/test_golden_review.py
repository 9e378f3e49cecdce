"""The hand review of the founding sample's golden file, and the errors it found.

``review.json`` holds a verdict for every field of every quote, speaker and
caveat of the golden file; ``known_errors.json`` holds each wrong one with what
onrecord gives and what is right. The checks below keep the three files in step
(a quote added to the golden file has no review row and fails), and check that
every known error is still in the output exactly as recorded: a change that
fixes one fails here until its entry is removed, so the list only shrinks by a
reviewed fix and never hides a new error.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

HERE = Path(__file__).parent
GOLDEN = json.loads((HERE / "russians-fighting-for-ukraine.json").read_text(encoding="utf-8"))
REVIEW = json.loads((HERE / "review.json").read_text(encoding="utf-8"))
ERRORS = json.loads((HERE / "known_errors.json").read_text(encoding="utf-8"))["errors"]
OPENING = 30  # characters of a quote's content that name it in the review files


def _label(error: dict) -> str:
    return f"{error['kind']}-{error.get('id') or error.get('cue')}-{error['field']}"


def _quote_opening(record: dict, opens: str) -> dict:
    found = [q for q in record["quotes"] if q["content"]["text"].startswith(opens)]
    assert len(found) == 1, f"{len(found)} quotes open with {opens!r}"
    return found[0]


def _speaker_name(record: dict, speaker_id: str | None) -> str | None:
    return next((s["name"] for s in record["speakers"] if s["id"] == speaker_id), None)


def _quote_field(record: dict, quote: dict, field: str):
    if field == "speaker":
        return _speaker_name(record, quote["speaker_id"])
    if field in ("content", "cue", "source"):
        return quote[field]["text"] if quote[field] else None
    return quote[field]


def _overlaps(spans: list, start: int, end: int) -> bool:
    return any(s < end and start < e for s, e in spans)


def what_onrecord_gives(record: dict, error: dict):
    """The value of the erring field in ``record``, in the form ``known_errors.json`` writes it."""
    kind, field = error["kind"], error["field"]
    if kind == "quote":
        return _quote_field(record, _quote_opening(record, error["opens"]), field)
    if kind == "missing":
        start, end = error["cue_span"]
        assert record["text"][start:end] == error["cue"], "cue_span does not hold the cue"
        found = [q for q in record["quotes"] if q["cue"] and _overlaps(q["cue"]["spans"], start, end)]
        return found[0]["content"]["text"] if found else None
    if kind == "caveat":
        caveat = next(c for c in record["caveats"] if c["text"].startswith(error["opens"]))
        contents = {q["id"]: q["content"]["text"] for q in record["quotes"]}
        return [contents[i][:OPENING] for i in caveat["quote_ids"]]
    if kind == "speaker":
        speaker = next(s for s in record["speakers"] if s["name"] == error["name"])
        return error["onrecord"] if error["onrecord"] in speaker["mentions"] else None
    raise ValueError(f"unknown kind of error {kind!r}")


@pytest.mark.parametrize("error", ERRORS, ids=_label)
def test_each_known_error_is_still_in_the_output(article, error):
    produced = json.loads(article.model_dump_json())
    assert what_onrecord_gives(produced, error) == error["onrecord"], (
        f"known error {_label(error)} changed: if it is fixed, remove it from known_errors.json, "
        "mark the field right in review.json and rewrite the golden file (ONRECORD_UPDATE_GOLDEN=1)"
    )


@pytest.mark.parametrize("error", ERRORS, ids=_label)
def test_the_golden_file_holds_each_known_error(error):
    assert what_onrecord_gives(GOLDEN, error) == error["onrecord"]
    assert error["right"] != error["onrecord"] and error["why"]


def test_every_golden_quote_has_its_review_row():
    rows = REVIEW["quotes"]
    assert [r["id"] for r in rows] == [q["id"] for q in GOLDEN["quotes"]]
    for row, quote in zip(rows, GOLDEN["quotes"]):
        assert quote["content"]["text"].startswith(row["opens"]), row["id"]
        assert set(row["verdicts"]) == {"content", "type", "cue", "source", "speaker", "flags"}


def test_every_golden_speaker_and_caveat_has_its_review_row():
    assert [(r["id"], r["name"]) for r in REVIEW["speakers"]] == [(s["id"], s["name"]) for s in GOLDEN["speakers"]]
    assert [r["id"] for r in REVIEW["caveats"]] == [c["id"] for c in GOLDEN["caveats"]]
    for row, caveat in zip(REVIEW["caveats"], GOLDEN["caveats"]):
        assert caveat["text"].startswith(row["opens"]), row["id"]


def _wrong_in_review() -> set[tuple[str, str, str]]:
    wrong = set()
    for kind, section in (("quote", "quotes"), ("speaker", "speakers"), ("caveat", "caveats")):
        for row in REVIEW[section]:
            assert set(row["verdicts"].values()) <= {"right", "wrong"}, row["id"]
            wrong |= {(kind, row["id"], field) for field, verdict in row["verdicts"].items() if verdict == "wrong"}
    return wrong


def test_every_wrong_verdict_is_a_known_error_and_every_known_error_was_reviewed():
    recorded = {(e["kind"], e["id"], e["field"]) for e in ERRORS if e["kind"] != "missing"}
    assert recorded == _wrong_in_review()
    missing = {tuple(e["cue_span"]) for e in ERRORS if e["kind"] == "missing"}
    assert missing == {tuple(m["cue_span"]) for m in REVIEW["missing"]}
    for error in ERRORS:
        if error["kind"] == "quote":
            assert _quote_opening(GOLDEN, error["opens"])["id"] == error["id"], _label(error)


def test_a_fixed_error_is_noticed():
    """The check itself can fail: a record without the error does not give its value."""
    fixed = json.loads(json.dumps(GOLDEN))
    error = next(e for e in ERRORS if e["kind"] == "quote" and e["field"] == "type")
    _quote_opening(fixed, error["opens"])["type"] = error["right"]
    assert what_onrecord_gives(fixed, error) != error["onrecord"]
    claimed = next(e for e in ERRORS if e["kind"] == "missing")
    start, end = claimed["cue_span"]
    fixed["quotes"].append(
        {"id": "q99", "type": "indirect", "content": {"text": "x", "spans": []},
         "cue": {"text": claimed["cue"], "spans": [[start, end]]}, "source": None, "speaker_id": None, "flags": []}
    )
    assert what_onrecord_gives(fixed, claimed) == "x"
