"""The span model: one paragraph definition for every line-ending convention, and the interval index."""

from __future__ import annotations

import random
import time

import pytest

from onrecord.spans import (
    DisjointSpans,
    SpanIndex,
    break_before,
    paragraph_break_between,
    paragraph_end,
    paragraph_spans,
    paragraph_start,
    within,
)

PARAGRAPHS = ["The council met on Monday.", "“We will vote next week,” the chair said.", "Nobody objected."]


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_paragraphs_are_the_same_whatever_the_line_endings(newline):
    text = (newline * 2).join(PARAGRAPHS)
    assert [text[a:b] for a, b in paragraph_spans(text)] == PARAGRAPHS


@pytest.mark.parametrize("separator", ["\n \n", "\n\t\u00a0\n", "\n\n\n\n", "\r\n  \r\n", "\u2029", " \u2029\u2029"])
def test_blank_lines_with_white_space_and_the_paragraph_separator_end_a_paragraph(separator):
    text = separator.join(PARAGRAPHS)
    assert [text[a:b].strip() for a, b in paragraph_spans(text)] == PARAGRAPHS


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_a_single_line_break_is_a_hard_wrap_not_a_paragraph(newline):
    text = f"The chair said the vote{newline}would come next week.{newline}{newline}Nobody objected."
    spans = paragraph_spans(text)
    assert len(spans) == 2
    assert text[spans[0][0] : spans[0][1]] == f"The chair said the vote{newline}would come next week."


def test_paragraph_start_and_end_around_an_offset():
    text = "One.\r\n\r\nTwo words here.\r\n\r\nThree."
    second = text.index("Two")
    assert paragraph_start(text, second + 4) == second
    assert paragraph_start(text, 2) == 0
    assert paragraph_end(text, second) == text.index("\r\n\r\nThree")
    assert paragraph_end(text, text.index("Three")) == len(text)
    assert break_before(text, second) == (4, 8)
    assert break_before(text, 3) is None
    assert paragraph_break_between(text, 2, second)
    assert not paragraph_break_between(text, second, second + 5)


@pytest.mark.parametrize("text", [" " * 1_000_000, "\n" + " " * 1_000_000, "\n \n" * 300_000, "\u2029 " * 300_000])
def test_paragraphs_of_a_megabyte_of_white_space_take_linear_time(text):
    started = time.perf_counter()
    paragraph_spans(text)
    assert time.perf_counter() - started < 1.0


def test_disjoint_spans_merge_and_count_shared_characters():
    spans = DisjointSpans([(10, 20), (15, 30), (40, 50)])
    assert spans.spans == [(10, 30), (40, 50)]
    assert spans.shared_chars(25, 45) == 10
    assert spans.covers(12, 28) and not spans.covers(28, 42)


def test_within_needs_every_piece_inside_one_piece():
    assert within([(2, 4), (12, 14)], [(0, 5), (10, 20)])
    assert not within([(2, 4), (8, 14)], [(0, 5), (10, 20)])


def test_span_index_answers_as_a_scan_of_every_span_would():
    rng = random.Random(7)
    spans = []
    for owner in range(400):
        start = rng.randrange(0, 5000)
        spans.append((start, start + rng.randrange(1, 300), owner))
    index = SpanIndex(spans)
    for _ in range(300):
        start = rng.randrange(0, 5200)
        end = start + rng.randrange(1, 200)
        overlapping = {owner for a, b, owner in spans if a < end and start < b}
        containing = {owner for a, b, owner in spans if a <= start and end <= b}
        assert {owner for _, _, owner in index.overlapping(start, end)} == overlapping
        assert {owner for _, _, owner in index.containing(start, end)} == containing
