"""Tests for onrecord.evaluation.agreement: paragraphs a gold corpus annotates twice."""

from __future__ import annotations

import json

from click.testing import CliRunner

from onrecord.cli import main
from onrecord.evaluation import SpanAttribution, score
from onrecord.evaluation.agreement import annotator_agreement, shared_paragraphs, system_on_shared, within
from test_evaluation import attr, doc, span, write_corpus

SHARED = "Clinton said the plan would cost too much, and Trump called it a disaster for working families."
MONDAY = "Monday's story. Nothing was said here at all, by anyone at any point in the whole day.\n" + SHARED + "\n"
TUESDAY = "An update on Tuesday, with a new first paragraph that no other article of the corpus has.\n" + SHARED


def shifted(attribution: SpanAttribution, by: int) -> SpanAttribution:
    move = lambda segments: tuple((s + by, e + by) for s, e in segments)  # noqa: E731
    return SpanAttribution(move(attribution.content), move(attribution.source), move(attribution.cue))


def both_readings():
    """Monday's annotator took both attributions; Tuesday's only Clinton's."""
    clinton = attr(SHARED, "the plan would cost too much", "Clinton", "said")
    trump = attr(SHARED, "it a disaster for working families", "Trump", "called")
    monday = doc(MONDAY, shifted(clinton, MONDAY.index(SHARED)), shifted(trump, MONDAY.index(SHARED)), name="a-monday")
    tuesday = doc(TUESDAY, shifted(clinton, TUESDAY.index(SHARED)), name="b-tuesday")
    return monday, tuesday


def test_a_paragraph_in_two_articles_is_found_once_with_its_places():
    monday, tuesday = both_readings()
    (paragraph,) = shared_paragraphs([tuesday, monday])
    assert paragraph.text == SHARED
    assert (paragraph.first.name, paragraph.second.name) == ("a-monday", "b-tuesday")
    assert MONDAY[paragraph.first_start:].startswith(SHARED)
    assert TUESDAY[paragraph.second_start:].startswith(SHARED)


def test_short_lines_are_not_compared():
    monday, tuesday = both_readings()
    assert shared_paragraphs([monday, tuesday], min_length=len(SHARED) + 1) == []


def test_one_annotation_scored_against_the_other():
    result = score(annotator_agreement(shared_paragraphs(list(both_readings()))))
    assert (result.attribution.tp, result.attribution.predicted, result.attribution.gold) == (1, 1, 2)
    assert round(result.attribution.f1, 3) == 0.667


def test_an_attribution_reaching_outside_the_paragraph_is_left_out():
    text = "Officials said on Monday:\n" + SHARED
    outside = SpanAttribution(content=(span(text, "the plan would cost too much"),), source=(span(text, "Officials"),))
    inside = attr(text, "it a disaster for working families", "Trump", "called")
    start = text.index(SHARED)
    kept = within([outside, inside], start, start + len(SHARED))
    assert kept == [shifted(inside, -start)]


def test_a_system_is_scored_on_the_same_paragraphs_against_either_annotation():
    monday, tuesday = both_readings()
    shared = shared_paragraphs([monday, tuesday])
    # The system finds Trump's attribution in each article, in the article's own offsets.
    trump = attr(SHARED, "it a disaster for working families", "Trump", "called")
    predicted = {"a-monday": [shifted(trump, MONDAY.index(SHARED))], "b-tuesday": [shifted(trump, TUESDAY.index(SHARED))]}
    assert score(system_on_shared(shared, predicted)).attribution.tp == 1
    assert score(system_on_shared(shared, predicted, against_second=True)).attribution.tp == 0


def brat(text: str, source: str, cue: str, content: str) -> str:
    """One attribution in brat standoff, its spans found in ``text``."""
    lines = [f"T{n}\t{role} {s} {e}\t{text[s:e]}" for n, (role, (s, e)) in
             enumerate([("Source", span(text, source)), ("Cue", span(text, cue)), ("Content", span(text, content))], 1)]
    return "\n".join(lines + ["E1\tAttribution:T2 Source:T1 Content:T3", ""])


def test_eval_agreement_prints_the_three_tables(tmp_path):
    clinton = ("Clinton", "said", "the plan would cost too much")
    corpus = write_corpus(tmp_path, {"a-monday": (MONDAY, brat(MONDAY, *clinton)),
                                     "b-tuesday": (TUESDAY, brat(TUESDAY, *clinton))})
    result = CliRunner().invoke(main, ["eval", str(corpus), "--agreement", "--json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    assert (payload["paragraphs"], payload["article_pairs"]) == (1, 1)
    assert payload["annotators"]["attribution"]["f1"] == 1.0
    # onrecord reads both articles; whatever it finds is scored on the shared paragraph only
    assert payload["onrecord_vs_first"]["attribution"]["gold"] == 1


def test_eval_agreement_without_shared_paragraphs_says_so(tmp_path):
    corpus = write_corpus(tmp_path, {"a-monday": (MONDAY, "")})
    result = CliRunner().invoke(main, ["eval", str(corpus), "--agreement"])
    assert result.exit_code == 2
    assert "no paragraph occurs in two articles" in result.stderr and "Traceback" not in result.output
