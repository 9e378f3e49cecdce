"""The founding sample's review files (tests/golden): in step with the golden file, and the
update switch's behaviour. Nothing here analyzes text; the golden tests that do are in
tests/golden."""

from __future__ import annotations

import json

import pytest
from golden_review import ERRORS, GOLDEN, REVIEW, _label, _quote_opening, compare_or_write, what_onrecord_gives


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


def test_the_update_switch_writes_the_file_and_fails(tmp_path):
    golden = tmp_path / "golden.json"
    golden.write_text('{"quotes": []}\n', encoding="utf-8")
    produced = {"quotes": [{"id": "q1", "content": {"text": "a new quote"}}]}
    with pytest.raises(pytest.fail.Exception, match="written .* git diff"):
        compare_or_write(produced, golden, update=True)
    assert json.loads(golden.read_text(encoding="utf-8")) == produced


def test_without_the_switch_a_changed_record_fails_and_the_file_is_kept(tmp_path):
    golden = tmp_path / "golden.json"
    kept = '{"quotes": [{"id": "q1", "content": {"text": "the old quote"}}]}\n'
    golden.write_text(kept, encoding="utf-8")
    produced = {"quotes": [{"id": "q1", "content": {"text": "a new quote"}}]}
    with pytest.raises(AssertionError, match="quotes changed: .*q1"):
        compare_or_write(produced, golden, update=False)
    assert golden.read_text(encoding="utf-8") == kept
    compare_or_write(json.loads(kept), golden, update=False)
