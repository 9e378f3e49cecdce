"""``onrecord eval --sources``: the sourcing scorer on small passages written for these tests.

The scorer is tested against records as onrecord writes them (``Article.model_dump()``)
and against the same records with the fields being added for issue 28
(``non_responses``, a reason's ``category``), which it must read when present and
count as nothing predicted when absent.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from onrecord.cli import main
from onrecord.evaluation import sources
from onrecord.records import AnonymityReason, Article, Caveat, Quote, Speaker, TextSpans

ANON = "A port official, who spoke on condition of anonymity because he was not authorized to talk to reporters, said the ship was seized."
REFUSAL = "The shipping company declined to comment on the seizure."
HEDGE = "The captain allegedly ignored two warnings from the coast guard."


def passage(text: str, **annotations) -> sources.Passage:
    return sources.Passage(id="p1", split="written", text=text, **annotations)


def _spans(text: str, words: str) -> TextSpans:
    start = text.index(words)
    return TextSpans(text=words, spans=[(start, start + len(words))])


def _reason(text: str, words: str) -> AnonymityReason:
    return AnonymityReason(**_spans(text, words).model_dump(), category="not-authorized")


def anon_record(identity: str = "anonymous", reason: str | None = "he was not authorized to talk to reporters") -> dict:
    """A record of ANON as onrecord writes it: one quote, its speaker, the reason."""
    speaker = Speaker(id="s1", name="A port official", kind="person", identity=identity,
                      mentions=[_spans(ANON, "A port official").spans[0]],
                      anonymity_reason=_reason(ANON, reason) if reason else None)
    quote = Quote(id="q1", type="indirect", content=_spans(ANON, "the ship was seized"),
                  cue=_spans(ANON, "said"), source=_spans(ANON, "A port official"), speaker_id="s1")
    return Article(id="p1", text=ANON, quotes=[quote], speakers=[speaker]).model_dump()


ANON_GOLD = {"sources": [{"mention": "A port official", "identity": "anonymous",
                          "reason": "because he was not authorized to talk to reporters", "category": "not-authorized"}]}


def test_identity_reason_match_and_category_absent_counts_as_nothing_predicted():
    record = anon_record()
    del record["speakers"][0]["anonymity_reason"]["category"]  # a record from before categories
    counts = sources.count_passage(passage(ANON, **ANON_GOLD), sources.predicted_from_record(record)).counts
    assert counts["identity"] == (1, 1, 1)
    assert counts["reason"] == (1, 1, 1)
    assert counts["reason category"] == (0, 0, 1)


def test_a_wrong_identity_and_a_missing_reason_score_zero():
    record = anon_record(identity="named", reason=None)
    counts = sources.count_passage(passage(ANON, **ANON_GOLD), sources.predicted_from_record(record)).counts
    assert counts["identity"] == (0, 1, 1)
    assert counts["reason"] == (0, 0, 1)
    result = sources.figures([sources.PassageCounts("p1", "written", counts)])
    assert result["identity"]["precision"]["value"] == 0.0
    assert result["identity"]["recall"]["value"] == 0.0


def test_reason_category_is_read_when_the_record_has_it():
    record = anon_record()
    record["speakers"][0]["anonymity_reason"]["category"] = "not-authorized"
    counts = sources.count_passage(passage(ANON, **ANON_GOLD), sources.predicted_from_record(record)).counts
    assert counts["reason category"] == (1, 1, 1)
    record["speakers"][0]["anonymity_reason"]["category"] = "safety"
    counts = sources.count_passage(passage(ANON, **ANON_GOLD), sources.predicted_from_record(record)).counts
    assert counts["reason category"] == (0, 1, 1)


REFUSAL_GOLD = {"non_responses": [{"who": "The shipping company", "kind": "declined",
                                   "text": "declined to comment", "about": "on the seizure"}]}


def test_a_record_without_non_responses_predicts_none():
    record = Article(id="p1", text=REFUSAL).model_dump()
    assert not record.get("non_responses")  # the field exists, empty
    counts = sources.count_passage(passage(REFUSAL, **REFUSAL_GOLD), sources.predicted_from_record(record)).counts
    assert counts["non-response"] == (0, 0, 1)


def test_a_non_response_matches_on_overlap_and_kind():
    start = REFUSAL.index("declined")
    record = {"text": REFUSAL, "non_responses": [{"speaker_id": "s1", "kind": "declined",
                                                  "span": {"text": "declined to comment", "spans": [[start, start + 19]]}}]}
    counts = sources.count_passage(passage(REFUSAL, **REFUSAL_GOLD), sources.predicted_from_record(record)).counts
    assert counts["non-response"] == (1, 1, 1)
    record["non_responses"][0]["kind"] = "no-response"
    counts = sources.count_passage(passage(REFUSAL, **REFUSAL_GOLD), sources.predicted_from_record(record)).counts
    assert counts["non-response"] == (0, 1, 1)


def test_a_caveat_matches_on_overlap_and_kind_and_its_link_on_the_claim():
    claim = _spans(HEDGE, "ignored two warnings from the coast guard")
    caveat = Caveat(id="c1", text="allegedly", spans=_spans(HEDGE, "allegedly").spans, kind="hedged", claim=claim)
    record = Article(id="p1", text=HEDGE, caveats=[caveat]).model_dump()
    gold = passage(HEDGE, caveats=[{"kind": "hedged", "text": "allegedly", "qualifies": "ignored two warnings"}])
    counts = sources.count_passage(gold, sources.predicted_from_record(record)).counts
    assert counts["caveat"] == (1, 1, 1) and counts["caveat link"] == (1, 1, 1)
    record["caveats"][0]["kind"] = "disputed"
    counts = sources.count_passage(gold, sources.predicted_from_record(record)).counts
    assert counts["caveat"] == (0, 1, 1)


def _write(folder: Path, *lines: dict) -> Path:
    folder.mkdir(exist_ok=True)
    (folder / "passages.jsonl").write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    return folder


def test_an_annotation_not_in_the_text_is_a_one_line_error(tmp_path):
    bad = {"id": "x", "split": "train", "text": REFUSAL,
           "non_responses": [{"kind": "declined", "text": "refused to comment"}]}
    with pytest.raises(sources.SourcesGoldError, match=r"passages.jsonl:1: x: text 'refused to comment' is not in"):
        sources.load_passages(_write(tmp_path / "gold", bad))
    good = {**bad, "non_responses": [{"kind": "declined", "text": "declined to comment"}]}
    assert [p.id for p in sources.load_passages(_write(tmp_path / "gold", good))] == ["x"]


def test_an_unknown_label_is_refused(tmp_path):
    bad = {"id": "x", "split": "dev", "text": HEDGE, "caveats": [{"kind": "rumoured", "text": "allegedly"}]}
    with pytest.raises(sources.SourcesGoldError, match="kind 'rumoured' is not one of"):
        sources.load_passages(_write(tmp_path / "gold", bad))


def test_intervals_leave_out_resamples_where_a_measure_is_undefined():
    hit = sources.PassageCounts("a", "train", {f: (1, 1, 1) for f in sources.FIELDS})
    none_predicted = sources.PassageCounts("b", "train", {f: (0, 0, 1) for f in sources.FIELDS})
    result = sources.figures([hit, none_predicted])
    assert result["caveat"]["precision"] == {"value": 1.0, "interval": [1.0, 1.0]}
    assert result["caveat"]["recall"]["value"] == 0.5


def test_eval_sources_runs_onrecord_on_each_passage_and_reports_per_group(tmp_path):
    folder = _write(tmp_path / "gold",
                    {"id": "hedge", "split": "train", "text": HEDGE,
                     "caveats": [{"kind": "hedged", "text": "allegedly", "qualifies": "ignored two warnings"}]},
                    {"id": "refusal", "split": "written", "text": REFUSAL, **REFUSAL_GOLD})
    result = CliRunner().invoke(main, ["eval", "--sources", "--json", str(folder)])
    assert result.exit_code == 0, result.output
    groups = json.loads(result.output)["groups"]
    assert list(groups) == ["train", "written"]
    assert groups["train"]["figures"]["caveat"]["gold"] == 1
    assert groups["train"]["figures"]["caveat"]["tp"] == 1  # onrecord finds 'allegedly' as hedged today
    assert groups["written"]["figures"]["non-response"]["gold"] == 1


def test_eval_sources_on_a_folder_without_passages_fails_in_one_line(tmp_path):
    result = CliRunner().invoke(main, ["eval", "--sources", str(tmp_path)])
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == [f"error: E201 {tmp_path}: no *.jsonl passage files here"]


def test_errors_name_the_missed_item_and_the_extra_prediction():
    record = anon_record(identity="named", reason=None)
    lines = sources.passage_errors(passage(ANON, **ANON_GOLD), record)
    assert "p1 identity missed: 'A port official' (anonymous)" in lines
    assert "p1 identity not in gold: 'A port official' (named)" in lines
    assert "p1 reason missed: 'because he was not authorized to talk to reporters' (not-authorized)" in lines
    assert sources.passage_errors(passage(ANON, **ANON_GOLD), anon_record()) == []
