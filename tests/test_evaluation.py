"""Tests for onrecord.evaluation: the brat reader and every figure of docs/evaluation.md.

Gold folders are written by hand in tmp_path so each quirk of the PolNeAR
format and each scoring rule is pinned by a small, readable case.
"""

from __future__ import annotations

import json
import time
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from onrecord.errors import GoldCorpusError
from onrecord.cli import main
from onrecord.evaluation import (
    DocumentCounts,
    EvalResult,
    GoldDocument,
    SpanAttribution,
    attributions_from_article,
    format_table,
    load_gold,
    score,
    score_by,
    worst_missed,
    wrong_speakers,
)
from onrecord.evaluation import bootstrap, reference
from onrecord.evaluation.spans import CharCounter
from onrecord.records import Article, Quote, TextSpans

DEV = Path("/work/shared/data/polnear/dev")


# --- helpers -----------------------------------------------------------------


def span(text: str, piece: str, nth: int = 0) -> tuple[int, int]:
    """Offsets of the nth occurrence of ``piece`` in ``text``."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(piece, start + 1)
    return (start, start + len(piece))


def write_corpus(root: Path, docs: dict[str, tuple[str, str]], metadata: str | None = None) -> Path:
    """A PolNeAR-layout folder ``root/part`` with ``name -> (text, ann)``."""
    part = root / "part"
    (part / "text").mkdir(parents=True)
    (part / "attributions").mkdir()
    for name, (text, ann) in docs.items():
        (part / "text" / f"{name}.txt").write_text(text, encoding="utf-8", newline="")
        (part / "attributions" / f"{name}.ann").write_text(ann, encoding="utf-8", newline="")
    if metadata is not None:
        (root / "metadata.tsv").write_text(metadata, encoding="utf-8")
    return part


def doc(text: str, *attributions: SpanAttribution, name: str = "d", publisher: str | None = None) -> GoldDocument:
    return GoldDocument(name=name, text=text, attributions=list(attributions), publisher=publisher)


def attr(text: str, content: str, source: str | None = None, cue: str | None = None) -> SpanAttribution:
    """An attribution from substrings (first occurrence) of ``text``."""
    return SpanAttribution(
        content=(span(text, content),),
        source=(span(text, source),) if source else (),
        cue=(span(text, cue),) if cue else (),
    )


# --- reading brat --------------------------------------------------------------

TEXT = 'Clinton said "we will win, and we will govern" on Monday. Voters, the poll found, are tired.'


def test_multi_segment_span_and_numbered_role(tmp_path):
    a, b = span(TEXT, '"we will win,'), span(TEXT, "and we will govern\"")
    c2 = span(TEXT, "on Monday")
    ann = (
        f"T1\tSource {span(TEXT, 'Clinton')[0]} {span(TEXT, 'Clinton')[1]}\tClinton\n"
        f"T2\tCue 8 12\tsaid\n"
        f"T3\tContent {a[0]} {a[1]};{b[0]} {b[1]}\t\"we will win, and we will govern\"\n"
        f"T4\tAttribution 8 12\tsaid\n"
        f"T5\tContent {c2[0]} {c2[1]}\ton Monday\n"
        f"E1\tAttribution:T4 Source:T1 Cue:T2 Content:T3 Content2:T5\n"
    )
    [gold] = load_gold(write_corpus(tmp_path, {"nyt_x": (TEXT, ann)}))
    [got] = gold.attributions
    assert got.content == (a, b, c2)  # both segments, plus Content2 as the same role
    assert got.source == (span(TEXT, "Clinton"),)
    assert got.cue == ((8, 12),)


def test_continuation_lines_notes_and_discard_are_handled(tmp_path):
    text = "He said:\nline one\nline two.\nRead more here."
    c = span(text, "line one\nline two.")
    ann = (
        "T1\tSource 0 2\tHe\n"
        "T2\tCue 3 7\tsaid\n"
        f"T3\tContent {c[0]} {c[1]}\tline one\n"
        "line two.\n"  # continues T3: the span text holds a line break
        "T4\tAttribution 3 7\tsaid\n"
        "#1\tAnnotatorNotes T3\tis this right?\n"
        f"T5\tDiscard {span(text, 'Read more here.')[0]} {span(text, 'Read more here.')[1]}\tRead more here.\n"
        f"T6\tDiscuss 0 2\tHe\n"
        "E1\tAttribution:T4 Source:T1 Cue:T2 Content:T3\n"
        "E2\tDiscard:T5\n"
        "E3\tDiscuss:T6\n"
    )
    [gold] = load_gold(write_corpus(tmp_path, {"nyt_x": (text, ann)}))
    assert gold.attributions == [SpanAttribution(content=(c,), source=((0, 2),), cue=((3, 7),))]


def test_no_source_attribution_and_shared_source(tmp_path):
    text = "Officials said A and added B. It is believed C."
    s, cue1, cue2 = span(text, "Officials"), span(text, "said"), span(text, "added")
    cue3, ca, cb, cc = span(text, "believed"), span(text, "A"), span(text, "B"), span(text, "C")
    ann = (
        f"T1\tSource {s[0]} {s[1]}\tOfficials\n"
        f"T2\tCue {cue1[0]} {cue1[1]}\tsaid\nT3\tContent {ca[0]} {ca[1]}\tA\n"
        f"T4\tCue {cue2[0]} {cue2[1]}\tadded\nT5\tContent {cb[0]} {cb[1]}\tB\n"
        f"T6\tCue {cue3[0]} {cue3[1]}\tbelieved\nT7\tContent {cc[0]} {cc[1]}\tC\n"
        f"T8\tAttribution {cue1[0]} {cue1[1]}\tsaid\nT9\tAttribution {cue2[0]} {cue2[1]}\tadded\n"
        f"T10\tAttribution-no-source {cue3[0]} {cue3[1]}\tbelieved\n"
        "E1\tAttribution:T8 Source:T1 Cue:T2 Content:T3\n"
        "E2\tAttribution:T9 Source:T1 Cue:T4 Content:T5\n"
        "E3\tAttribution-no-source:T10 Cue:T6 Content:T7\n"
        "E4\tAttribution-no-source:T10 \n"  # no content at all: not an attribution to score
    )
    [gold] = load_gold(write_corpus(tmp_path, {"nyt_x": (text, ann)}))
    assert [a.source for a in gold.attributions] == [(s,), (s,), ()]
    assert [a.content for a in gold.attributions] == [(ca,), (cb,), (cc,)]


def test_publisher_from_metadata_else_name_prefix(tmp_path):
    meta = 'compartment\tfilename\tpublisher\ttitle\ndev\tnyt_a\tnew-york-times\tA "quoted" title\n'
    part = write_corpus(tmp_path, {"nyt_a": ("x", ""), "politico_b": ("y", ""), "plain": ("z", "")}, meta)
    pubs = {d.name: d.publisher for d in load_gold(part)}
    assert pubs == {"nyt_a": "new-york-times", "politico_b": "politico", "plain": None}


@pytest.mark.parametrize(
    "setup, where_part, reason_part",
    [
        (lambda p: None, "part", "not a folder"),
        (lambda p: (p / "attributions").mkdir(parents=True), "part", "no text/"),
        (lambda p: (p / "text").mkdir(parents=True), "part", "no attributions/"),
        (lambda p: [(p / d).mkdir(parents=True) for d in ("text", "attributions")], "text", "no .txt"),
    ],
)
def test_gold_corpus_error_layout(tmp_path, setup, where_part, reason_part):
    part = tmp_path / "part"
    setup(part)
    with pytest.raises(GoldCorpusError) as err:
        load_gold(part)
    assert where_part in err.value.where and reason_part in err.value.reason
    assert str(err.value).startswith("E200 ")


@pytest.mark.parametrize(
    "ann, line, reason_part",
    [
        ("T1\tContent 0 5\thello\nT2\tContent 0 99\tbeyond\n", 2, "outside the text"),
        ("T1\tContent 0 x\thello\n", 1, "bad offsets"),
        ("T1\tContent 0 5\thello\nE1\tAttribution:T9 Content:T1\n", 2, "not defined"),
        ("T1\tContent 0 5\thello\nE1\tAttribution:T1 Content\n", 2, "bad role"),
        ("stray text before any annotation\n", 1, "annotation id"),
    ],
)
def test_gold_corpus_error_names_file_and_line(tmp_path, ann, line, reason_part):
    part = write_corpus(tmp_path, {"nyt_x": ("hello world", ann)})
    with pytest.raises(GoldCorpusError) as err:
        load_gold(part)
    assert err.value.where.endswith(f"nyt_x.ann:{line}")
    assert reason_part in err.value.reason


def test_gold_corpus_error_missing_ann(tmp_path):
    part = write_corpus(tmp_path, {"nyt_x": ("hello", "")})
    (part / "text" / "nyt_y.txt").write_text("orphan", encoding="utf-8")
    with pytest.raises(GoldCorpusError, match="nyt_y.ann"):
        load_gold(part)


# --- scoring rules -------------------------------------------------------------


def test_whitespace_is_ignored_in_jaccard():
    text = "AAAA          BBBB said Ann."
    gold = doc(text, SpanAttribution(content=(span(text, "AAAA"),)))
    # Predicted content covers AAAA plus ten spaces: 4/14 with spaces, 4/4 without.
    pred = [SpanAttribution(content=((0, 14),))]
    assert score([(gold, pred)]).content.tp == 1
    # And BBBB-only is a different content altogether.
    assert score([(gold, [SpanAttribution(content=(span(text, "BBBB"),))])]).content.tp == 0


def test_jaccard_threshold_is_half():
    text = "abcdefghij"
    gold = doc(text, SpanAttribution(content=((0, 10),)))
    assert score([(gold, [SpanAttribution(content=((0, 5),))])]).content.tp == 1  # exactly 0.5
    assert score([(gold, [SpanAttribution(content=((0, 4),))])]).content.tp == 0


def test_char_counter_matches_is_the_scores_test():
    """``CharCounter.matches`` (what the boundary stage's training labels by) agrees with the score."""
    text = "abcdefghij klmno"
    chars = CharCounter(text)
    for end in range(1, 17):
        for start in range(0, end):
            pred = [SpanAttribution(content=((start, end),))]
            gold = doc(text, SpanAttribution(content=((0, 10),)))
            assert chars.matches([(0, 10)], [(start, end)]) == (score([(gold, pred)]).content.tp == 1)
    assert chars.matches([(0, 3), (11, 16)], [(0, 3), (11, 14)])  # 6 of 8, across two pieces
    assert not chars.matches([(0, 3)], [(11, 16)])


def test_greedy_one_to_one_pairing():
    text = "0123456789" * 2
    gold = doc(text, SpanAttribution(content=((0, 10),)))
    worse, better = SpanAttribution(content=((0, 6),)), SpanAttribution(content=((0, 9),))
    result = score([(gold, [worse, better])])
    fig = result.content
    assert (fig.tp, fig.predicted, fig.gold) == (1, 2, 1)
    assert fig.precision == 0.5 and fig.recall == 1.0
    # The highest-Jaccard prediction takes the gold: the worse one is left for the second gold.
    gold2 = doc(text, SpanAttribution(content=((0, 10),)), SpanAttribution(content=((0, 6),)))
    assert score([(gold2, [worse, better])]).content.tp == 2


def test_source_overlap_rule():
    text = "Senator Jane Doe said the bill fails. Aides agreed."
    gold = doc(text, attr(text, "the bill fails", source="Senator Jane Doe", cue="said"))

    def headline(source):
        pred = [SpanAttribution(content=(span(text, "the bill fails"),), source=source)]
        return score([(gold, pred)]).attribution.tp

    assert headline((span(text, "Doe"),)) == 1          # one shared word is enough
    assert headline(((15, 17),)) == 1                    # one shared character ("e") is enough
    assert headline((span(text, "Aides"),)) == 0         # wrong speaker
    assert headline(()) == 0                             # gold has a source, prediction none
    assert headline(((16, 17),)) == 0                    # only the space after "Doe": whitespace never counts
    no_source = doc(text, attr(text, "the bill fails"))
    pred = [SpanAttribution(content=(span(text, "the bill fails"),), source=(span(text, "Aides"),))]
    assert score([(no_source, pred)]).attribution.tp == 1  # no gold source: content alone


def test_duplicate_gold_content_pairs_with_matching_source():
    text = "Ann and Bob said the plan works."
    content = span(text, "the plan works")
    gold = doc(text, SpanAttribution(content=(content,), source=(span(text, "Ann"),)),
               SpanAttribution(content=(content,), source=(span(text, "Bob"),)))
    pred = [SpanAttribution(content=(content,), source=(span(text, "Bob"),))]
    result = score([(gold, pred)])
    assert (result.content.tp, result.attribution.tp) == (1, 1)


def test_exact_trims_quotes_space_and_punctuation():
    text = "He said: “Hello,   world.” Then:  hello world — she said."
    gold = doc(text, attr(text, "“Hello,   world.”"))

    def exact(content_spans):
        return score([(gold, [SpanAttribution(content=content_spans)])]).exact.tp

    assert exact((span(text, "Hello,   world"),)) == 1
    assert exact((span(text, "Hello,"), span(text, "world."))) == 1  # segments joined by a space
    assert exact((span(text, ": “Hello,   world.” "),)) == 1
    assert exact((span(text, "Hello,   world.” Then"),)) == 0
    assert exact((span(text, "hello world"),)) == 0  # case matters
    # One gold text can be matched once only.
    two = [SpanAttribution(content=(span(text, "Hello,   world"),))] * 2
    assert score([(gold, two)]).exact.tp == 1


def test_cue_pairing_any_overlap_one_to_one():
    text = "Ann has said A. Bob told B. Cy: C."
    gold = doc(text, attr(text, "A", "Ann", "has said"), attr(text, "B", "Bob", "told"), attr(text, "C", "Cy"))
    pred = [
        SpanAttribution(content=(span(text, "A"),), cue=(span(text, "said"),)),      # overlaps "has said"
        SpanAttribution(content=(span(text, "A"),), cue=(span(text, "has"),)),       # same gold cue: 1-1
        SpanAttribution(content=(span(text, "B"),), cue=(span(text, "Bob"),)),       # no overlap
        SpanAttribution(content=(span(text, "C"),)),                                  # no cue: not counted
    ]
    cue = score([(gold, pred)]).cue
    assert (cue.tp, cue.predicted, cue.gold) == (1, 3, 2)


def test_direct_recall_is_attribution_recall_over_quoted_gold():
    text = 'Ann said "we won." Bob said they lost. Cy said ‘maybe.’'
    gold = doc(text, attr(text, '"we won."', "Ann"), attr(text, "they lost", "Bob"), attr(text, "‘maybe.’", "Cy"))
    pred = [
        SpanAttribution(content=(span(text, '"we won."'),), source=(span(text, "Ann"),)),
        SpanAttribution(content=(span(text, "they lost"),), source=(span(text, "Bob"),)),
        SpanAttribution(content=(span(text, "‘maybe.’"),), source=(span(text, "Ann"),)),  # wrong source
    ]
    result = score([(gold, pred)])
    assert result.attribution.recall == pytest.approx(2 / 3)
    assert result.direct_recall == 0.5
    assert result.to_dict()["direct_recall"] == {"recall": 0.5, "tp": 1, "gold": 2}


def test_speaker_accuracy_is_the_share_of_matched_contents_whose_source_is_right():
    text = 'Ann said "we won." Bob said they lost. Cy said maybe. Di said never.'
    gold = doc(text, attr(text, '"we won."', "Ann"), attr(text, "they lost", "Bob"), attr(text, "maybe", "Cy"),
               attr(text, "never"))
    pred = [
        SpanAttribution(content=(span(text, '"we won."'),), source=(span(text, "Ann"),)),   # right
        SpanAttribution(content=(span(text, "they lost"),), source=(span(text, "Cy"),)),    # wrong speaker
        SpanAttribution(content=(span(text, "never"),), source=(span(text, "Bob"),)),       # gold has no source
    ]  # "maybe" not found: not matched, so not in the speaker figure at all
    result = score([(gold, pred)])
    assert result.content.tp == 3 and result.attribution.tp == 2
    assert result.speaker_accuracy == pytest.approx(2 / 3)
    assert result.to_dict()["speaker_accuracy"] == {"accuracy": pytest.approx(2 / 3), "tp": 2, "matched": 3}
    assert "speaker acc." in format_table(result)


def test_speaker_accuracy_is_zero_when_nothing_is_matched():
    text = "Ann said A."
    assert score([(doc(text, attr(text, "A", "Ann")), [])]).speaker_accuracy == 0.0


def test_micro_average_sums_counts_across_documents():
    text = "Ann said A. Bob said B. Cy said C."
    one = doc(text, attr(text, "A"), name="one")
    three = doc(text, attr(text, "A"), attr(text, "B"), attr(text, "C"), name="three")
    result = score([(one, [SpanAttribution(content=(span(text, "A"),))]), (three, [])])
    fig = result.attribution
    assert (fig.tp, fig.predicted, fig.gold) == (1, 1, 4)
    assert fig.recall == 0.25  # not the mean of 1.0 and 0.0
    assert fig.precision == 1.0 and fig.f1 == pytest.approx(0.4)
    assert [d.name for d in result.documents] == ["one", "three"]


def test_by_publisher_split_and_score_by():
    text = "Ann said A. Bob said B."
    a, b = attr(text, "A"), attr(text, "B")
    docs = [
        (doc(text, a, b, name="nyt_1", publisher="nyt"), [a, b]),
        (doc(text, a, b, name="nyt_2", publisher="nyt"), []),
        (doc(text, a, name="wp_1", publisher="wash-post"), [a]),
        (doc(text, a, name="x", publisher=None), []),
    ]
    groups = score(docs).by_publisher()
    assert list(groups) == ["nyt", "unknown", "wash-post"]
    assert groups["nyt"].attribution.recall == 0.5
    assert groups["wash-post"].attribution.recall == 1.0
    assert len(groups["unknown"].documents) == 1
    by_len = score_by(score(docs), lambda d: str(d.gold))
    assert {k: len(v.documents) for k, v in by_len.items()} == {"1": 2, "2": 2}


def test_empty_denominators_give_zero_not_errors():
    result = score([(doc("nothing here"), [])])
    assert result.attribution.f1 == 0.0 and result.direct_recall == 0.0
    assert "documents: 1" in format_table(result)


def test_worst_missed_lists_lowest_jaccard_first_with_text():
    text = "Ann said alpha beta gamma. Bob said delta."
    gold = doc(text, attr(text, "alpha beta gamma", "Ann", "said"), attr(text, "delta", "Bob"), name="g")
    pred = [SpanAttribution(content=(span(text, "alpha"),))]  # partial: Jaccard 5/14
    missed = worst_missed([(gold, pred)], n=5)
    assert [m.content for m in missed] == ["delta", "alpha beta gamma"]
    assert missed[0].best_jaccard == 0.0 and missed[0].closest_prediction is None
    assert missed[1].best_jaccard == pytest.approx(5 / 14)
    assert (missed[1].source, missed[1].cue, missed[1].closest_prediction) == ("Ann", "said", "alpha")
    assert missed[1].document == "g"
    assert len(worst_missed([(gold, pred)], n=1)) == 1


def test_wrong_speakers_lists_found_contents_with_the_wrong_source():
    text = "Ann said alpha. Bob said delta. Cal said gamma."
    gold = doc(text, attr(text, "alpha", "Ann", "said"), attr(text, "delta", "Bob", "said"),
               attr(text, "gamma", "Cal", "said"), name="g")
    pred = [attr(text, "alpha", "Ann", "said"), attr(text, "delta", "Cal", "said"),
            SpanAttribution(content=(span(text, "gamma"),))]
    wrong = wrong_speakers([(gold, pred)])
    assert [(w.content, w.gold_source, w.predicted_source) for w in wrong] == [("delta", "Bob", "Cal"), ("gamma", "Cal", "")]
    assert wrong[0].document == "g"
    assert wrong_speakers([(gold, [attr(text, "alpha", "Ann", "said")])]) == []


def test_format_table_and_to_dict():
    text = "Ann said A."
    result = score([(doc(text, attr(text, "A", "Ann", "said")), [attr(text, "A", "Ann", "said")])])
    table = format_table(result)
    for row in ("content", "attribution", "exact", "cue", "direct recall", "documents: 1"):
        assert row in table
    data = result.to_dict(per_document=True)
    assert data["attribution"] == {"precision": 1.0, "recall": 1.0, "f1": 1.0, "tp": 1, "predicted": 1, "gold": 1}
    assert data["per_document"][0]["name"] == "d"


def test_attributions_from_article():
    text = '"First part," she said, "second part." It was raining.'
    content = TextSpans.from_spans(text, [span(text, '"second part."'), span(text, '"First part,"')])
    article = Article(
        id="a",
        text=text,
        quotes=[
            Quote(id="q1", type="direct", content=content,
                  cue=TextSpans.from_spans(text, [span(text, "said")]),
                  source=TextSpans.from_spans(text, [span(text, "she")])),
            Quote(id="q2", type="indirect", content=TextSpans.from_spans(text, [span(text, "It was raining")])),
        ],
    )
    got = attributions_from_article(article)
    assert got == [
        SpanAttribution(content=(span(text, '"First part,"'), span(text, '"second part."')),
                        source=(span(text, "she"),), cue=(span(text, "said"),)),
        SpanAttribution(content=(span(text, "It was raining"),)),
    ]
    gold = doc(text, *got)
    assert score([(gold, got)]).to_dict()["exact"]["f1"] == 1.0


# --- bootstrap intervals and the paired comparison --------------------------------


def counts(name: str, tp: int, predicted: int, gold: int, direct: tuple[int, int] = (0, 0)) -> DocumentCounts:
    """One document's counts with the same tp/predicted/gold for content, attribution, exact and cue."""
    return DocumentCounts(name=name, publisher=None, predicted=predicted, gold=gold, content_tp=tp,
                          attribution_tp=tp, exact_tp=tp, cue_predicted=predicted, cue_gold=gold, cue_tp=tp,
                          direct_gold=direct[1], direct_tp=direct[0])


def varied_corpus(n: int = 60) -> list[DocumentCounts]:
    """Documents of uneven size and quality, as a corpus has: tp 4-9 of 10 gold, 9-12 predicted."""
    return [counts(f"doc{i:03}", tp=4 + i % 6, predicted=9 + i % 4, gold=10, direct=(i % 3, 2)) for i in range(n)]


def test_resample_weights_draw_each_resample_from_the_documents_with_replacement():
    weights = bootstrap.resample_weights(50, resamples=200, seed=7)
    assert weights.shape == (200, 50) and (weights.sum(axis=1) == 50).all()
    assert (weights == 0).any() and (weights >= 2).any()  # some drawn never, some twice or more
    assert np.array_equal(weights, bootstrap.resample_weights(50, resamples=200, seed=7))
    assert not np.array_equal(weights, bootstrap.resample_weights(50, resamples=200, seed=8))


def test_point_values_agree_with_the_figures():
    documents = varied_corpus()
    result = EvalResult(documents)
    point = bootstrap.point_values(documents)
    for name in ("content", "attribution", "exact", "cue"):
        figure = getattr(result, name)
        assert point[name]["precision"] == pytest.approx(figure.precision)
        assert point[name]["recall"] == pytest.approx(figure.recall)
        assert point[name]["f1"] == pytest.approx(figure.f1)
    assert point["direct"] == {"recall": pytest.approx(result.direct_recall)}
    assert point["speaker"] == {"accuracy": pytest.approx(result.speaker_accuracy)}


def test_interval_holds_the_figure_and_is_the_same_on_every_run():
    documents = varied_corpus()
    spans = bootstrap.intervals(documents)
    f1 = EvalResult(documents).attribution.f1
    assert spans["attribution"]["f1"].low < f1 < spans["attribution"]["f1"].high
    assert spans == bootstrap.intervals(documents)
    assert set(spans["direct"]) == {"recall"} and set(spans["speaker"]) == {"accuracy"}


def test_interval_resamples_documents_not_attributions():
    # Two documents, all right and all wrong: a resample draws both, or one of them twice.
    documents = [counts("right", tp=5, predicted=5, gold=5), counts("wrong", tp=0, predicted=5, gold=5)]
    span = bootstrap.intervals(documents)["attribution"]["recall"]
    assert (span.low, span.high) == (0.0, 1.0)


def test_interval_is_a_point_when_every_document_scores_alike_and_narrows_with_more_documents():
    alike = [counts(f"d{i}", tp=3, predicted=4, gold=6) for i in range(30)]
    span = bootstrap.intervals(alike)["attribution"]["f1"]
    assert span.low == pytest.approx(0.6) and span.high == pytest.approx(0.6)
    few, many = varied_corpus(12), varied_corpus(600)
    width = {len(d): bootstrap.intervals(d)["attribution"]["f1"] for d in (few, many)}
    assert width[600].high - width[600].low < (width[12].high - width[12].low) / 3


def test_paired_comparison_of_identical_counts_passes_with_a_zero_interval():
    documents = varied_corpus()
    differences = bootstrap.paired_differences(documents, list(documents))
    assert all(d.difference == 0 and d.interval.as_list() == [0.0, 0.0] for d in differences)
    assert bootstrap.failing(differences) == []


def test_paired_comparison_flags_a_clearly_worse_change():
    reference = varied_corpus()
    worse = [replace(d, attribution_tp=d.attribution_tp - 1) for d in reference]  # one lost in every document
    failed = bootstrap.failing(bootstrap.paired_differences(worse, reference))
    # The contents are still found, their sources no longer: the speaker figure falls with attribution.
    assert [(d.figure, d.measure) for d in failed] == [("attribution", "f1"), ("speaker", "accuracy")]
    assert all(d.difference < 0 and d.interval.high < 0 for d in failed)


def test_paired_comparison_flags_worse_direct_recall():
    reference = varied_corpus()
    worse = [replace(d, direct_tp=0) if i % 2 else d for i, d in enumerate(reference)]
    assert [(d.figure, d.measure) for d in bootstrap.failing(bootstrap.paired_differences(worse, reference))] \
        == [("direct", "recall")]


def test_paired_comparison_flags_worse_speaker_accuracy_alone():
    reference = varied_corpus()
    # One more content found in every document, each with the wrong speaker: attribution F1 as
    # before, content F1 up, but the speakers of what is found are wrong more often.
    worse = [replace(d, content_tp=d.content_tp + 1) for d in reference]
    failed = bootstrap.failing(bootstrap.paired_differences(worse, reference))
    assert [(d.figure, d.measure) for d in failed] == [("speaker", "accuracy")]
    # Its twin: the same contents with the right speakers pass.
    better = [replace(d, content_tp=d.content_tp + 1, attribution_tp=d.attribution_tp + 1) for d in reference]
    assert bootstrap.failing(bootstrap.paired_differences(better, reference)) == []


def test_paired_comparison_passes_changes_within_noise():
    reference = varied_corpus()
    one_lost = [replace(d, attribution_tp=d.attribution_tp - 1) if i == 5 else d for i, d in enumerate(reference)]
    assert bootstrap.failing(bootstrap.paired_differences(one_lost, reference)) == []
    # Gains and losses in as many documents, one more loss than gain: worse on paper, not beyond noise.
    traded = [replace(d, attribution_tp=d.attribution_tp + (1 if i % 2 else -1)) for i, d in enumerate(reference)]
    traded[1] = reference[1]
    differences = bootstrap.paired_differences(traded, reference)
    attribution_f1 = next(d for d in differences if (d.figure, d.measure) == ("attribution", "f1"))
    assert attribution_f1.difference < 0 and attribution_f1.interval.low < 0 < attribution_f1.interval.high
    assert bootstrap.failing(differences) == []


def test_paired_comparison_passes_a_better_change_and_does_not_gate_precision_alone():
    reference = varied_corpus()
    # Two more predictions in every document, one of them right: recall and F1 up, precision down.
    bolder = [replace(d, predicted=d.predicted + 2, content_tp=d.content_tp + 1, exact_tp=d.exact_tp + 1,
                      attribution_tp=d.attribution_tp + 1) for d in reference]
    differences = bootstrap.paired_differences(bolder, reference)
    by_measure = {(d.figure, d.measure): d for d in differences}
    assert by_measure["attribution", "precision"].worse_beyond_noise
    assert by_measure["attribution", "f1"].interval.low > 0
    assert bootstrap.failing(differences) == []
    assert "(not gated)" in bootstrap.format_differences(differences)


def test_paired_comparison_needs_the_same_documents_in_order():
    documents = varied_corpus(5)
    with pytest.raises(ValueError):
        bootstrap.paired_differences(documents, documents[::-1])


def test_reference_round_trip_and_alignment(tmp_path):
    documents = varied_corpus(8)
    path = tmp_path / "reference.json"
    reference.write_reference(path, documents, "onrecord eval a b --write-reference x", ["a", "b"])
    header, read = reference.read_reference(path)
    assert read == documents
    assert header["command"] == "onrecord eval a b --write-reference x" and header["commit"]
    assert reference.aligned(documents[::-1], read, str(path)) == documents[::-1]
    assert reference.aligned(documents[2:4], read, str(path)) == documents[2:4]  # a part, e.g. dev alone
    with pytest.raises(GoldCorpusError, match="1 document.s. are not in the reference"):
        reference.aligned([*documents, counts("new", 1, 1, 1)], read, str(path))


def test_a_damaged_reference_is_named_in_the_error(tmp_path):
    path = tmp_path / "reference.json"
    path.write_text('{"columns": ["name"], "documents": []}', encoding="utf-8")
    with pytest.raises(GoldCorpusError, match="reference.json: not a reference"):
        reference.read_reference(path)
    path.write_text("{", encoding="utf-8")
    with pytest.raises(GoldCorpusError, match="not a JSON reference"):
        reference.read_reference(path)


def test_table_and_json_carry_the_intervals():
    documents = varied_corpus()
    result, spans = EvalResult(documents), bootstrap.intervals(documents)
    table = format_table(result, spans, bootstrap.note())
    span = spans["attribution"]["f1"]
    assert f"{result.attribution.f1:.3f} ({span.low:.3f}-{span.high:.3f})" in table
    assert "1000 bootstrap resamples" in table
    data = result.to_dict(intervals=spans)
    assert data["attribution"]["interval"]["f1"] == [span.low, span.high]
    assert data["direct_recall"]["interval"]["recall"] == spans["direct"]["recall"].as_list()
    assert data["speaker_accuracy"]["interval"]["accuracy"] == spans["speaker"]["accuracy"].as_list()
    span = spans["speaker"]["accuracy"]
    assert f"{result.speaker_accuracy:.3f} ({span.low:.3f}-{span.high:.3f})" in table


def test_eval_writes_a_reference_and_compares_with_it(tmp_path):
    text = "“The bridge will open in May,” the mayor said. Rain fell all week."
    quoted, source, cue = (span(text, piece) for piece in ("“The bridge will open in May,”", "the mayor", "said"))
    ann = (f"T1\tContent {quoted[0]} {quoted[1]}\t“The bridge will open in May,”\n"
           f"T2\tSource {source[0]} {source[1]}\tthe mayor\n"
           f"T3\tCue {cue[0]} {cue[1]}\tsaid\n"
           "E1\tAttribution:T3 Content:T1 Source:T2\n")
    one = write_corpus(tmp_path / "one", {"a": (text, ann)})
    two = write_corpus(tmp_path / "two", {"b": (text, ann)})
    path = tmp_path / "reference.json"
    runner = CliRunner()
    written = runner.invoke(main, ["eval", str(one), str(two), "--write-reference", str(path)])
    assert written.exit_code == 0, written.output
    assert "documents: 2; 95% intervals" in written.output
    header, documents = reference.read_reference(path)
    assert [d.name for d in documents] == ["a", "b"] and "--write-reference" in header["command"]
    compared = runner.invoke(main, ["eval", str(one), str(two), "--compare", str(path), "--json"])
    assert compared.exit_code == 0, compared.output
    payload = json.loads(compared.output)
    assert payload["compared_with"]["worse"] == [] and payload["bootstrap"]["resamples"] == 1000
    assert "interval" in payload["overall"]["attribution"]
    part = runner.invoke(main, ["eval", str(one), "--compare", str(path)])
    assert part.exit_code == 0 and "worse beyond noise: none" in part.output
    runner.invoke(main, ["eval", str(one), "--write-reference", str(path)])
    stale = runner.invoke(main, ["eval", str(one), str(two), "--compare", str(path)])
    assert stale.exit_code == 2 and "not in the reference" in stale.output


# --- the real corpus ------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.skipif(not (DEV / "text").is_dir(), reason="PolNeAR dev not present")
def test_dev_gold_against_itself_is_perfect_and_fast():
    docs = load_gold(DEV)
    assert len(docs) == 84 and all(d.publisher for d in docs)
    started = time.perf_counter()
    result = score([(d, d.attributions) for d in docs])
    elapsed = time.perf_counter() - started
    for name in ("content", "attribution", "exact", "cue"):
        fig = getattr(result, name)
        assert (fig.precision, fig.recall, fig.f1) == (1.0, 1.0, 1.0), name
    assert result.direct_recall == 1.0 and result.to_dict()["direct_recall"]["gold"] > 0
    assert all(r.attribution.f1 == 1.0 for r in result.by_publisher().values())
    assert worst_missed([(d, d.attributions) for d in docs], n=5) == []
    assert elapsed < 1.0, f"scoring dev took {elapsed:.2f}s"
