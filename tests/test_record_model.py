"""The record classes on their own: built by hand, joined, round-tripped and validated.

No text is analysed here (``test_records.py`` checks the records analysis makes).
"""

from __future__ import annotations

import pytest

from onrecord.records import Article, Quote, Speaker, TextSpans

LDQ, RDQ = "\u201c", "\u201d"
INTERRUPTED = f"{LDQ}We are ready,{RDQ} he said, {LDQ}but we need more ammunition.{RDQ}"


def test_json_round_trip_of_hand_built_article():
    text = f"{LDQ}We will win,{RDQ} Caesar says."
    article = Article(
        id="a1",
        path="in/a1.txt",
        text=text,
        quotes=[Quote(id="q1", type="direct", content=TextSpans.from_spans(text, [(0, 14)]),
                      cue=TextSpans.from_spans(text, [(22, 26)]), source=TextSpans.from_spans(text, [(15, 21)]),
                      speaker_id="s1", flags=["continued"])],
        speakers=[Speaker(id="s1", name="Caesar", kind="person", mentions=[(15, 21)])],
    )
    again = Article.model_validate_json(article.model_dump_json())
    assert again == article
    assert again.quotes[0].content.spans == [(0, 14)]
    assert again.speaker("s1").name == "Caesar"
    assert again.speaker(None) is None


# 3. TextSpans joins discontinuous pieces in text order with one space.
@pytest.mark.parametrize(
    "spans, text, start, end",
    [
        ([(0, 15)], f"{LDQ}We are ready,{RDQ}", 0, 15),
        ([(25, 55), (0, 15)], f"{LDQ}We are ready,{RDQ} {LDQ}but we need more ammunition.{RDQ}", 0, 55),
    ],
)
def test_text_spans_from_spans(spans, text, start, end):
    source = INTERRUPTED
    pieces = TextSpans.from_spans(source, spans)
    assert pieces.text == text
    assert pieces.spans == sorted(spans)
    assert (pieces.start, pieces.end) == (start, end)


def test_records_forbid_unknown_fields():
    with pytest.raises(ValueError):
        Article.model_validate({"id": "a", "text": "", "quotez": []})
