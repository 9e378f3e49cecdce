"""The founding sample's golden file, its hand review and the errors it found: shared by
the golden tests (tests/golden, which analyze the sample) and the checks of the files
themselves (tests/test_golden_files.py, which analyze nothing).

The hand review of the founding sample's golden file, and the errors it found.

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

HERE = Path(__file__).parent / "golden"
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
        if field == "mentions":
            return error["onrecord"] if error["onrecord"] in speaker["mentions"] else None
        return speaker.get(field)  # a field with one value: gender, kind, identity
    raise ValueError(f"unknown kind of error {kind!r}")


def compare_or_write(produced: dict, golden: Path, update: bool) -> None:
    """Compare a record with its golden file, or, asked to update, write the file and fail.

    The update fails the run so that a rewritten golden file is never passed unseen: it
    must be read (``git diff``) and its review brought up to date before it is committed.
    """
    if update:
        golden.write_text(json.dumps(produced, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        pytest.fail(
            f"{golden} written (ONRECORD_UPDATE_GOLDEN is set): review the change with git diff, "
            "update review.json and known_errors.json, and commit; run again without the switch",
            pytrace=False,
        )
    expected = json.loads(golden.read_text(encoding="utf-8"))
    changed = [
        f"{q.get('id')}: {q.get('content', {}).get('text', '')[:40]!r}"
        for q, e in zip(produced["quotes"], expected["quotes"])
        if q != e
    ]
    assert len(produced["quotes"]) == len(expected["quotes"]), (
        f"{len(produced['quotes'])} quotes, the golden file has {len(expected['quotes'])}: "
        "review the diff, then ONRECORD_UPDATE_GOLDEN=1"
    )
    assert not changed, f"quotes changed: {changed}; review the diff, then ONRECORD_UPDATE_GOLDEN=1"
    assert produced == expected, "output changed: review the diff, then ONRECORD_UPDATE_GOLDEN=1"
