"""Analysed records: offsets index Article.text exactly and JSON round-trips losslessly.

The record classes on their own (built by hand, no analysis) are tested in
``test_record_model.py``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from onrecord.records import Article, TextSpans

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "examples" / "russians-fighting-for-ukraine.txt"
LDQ, RDQ, RSQ = "\u201c", "\u201d", "\u2019"

TEXTS = {
    "interrupted": f"{LDQ}We are ready,{RDQ} he said, {LDQ}but we need more ammunition.{RDQ}",
    "continued-paragraphs": "Yevgeny Prigozhin, the head of the Wagner group, spoke on Monday.\n\n"
    f"Prigozhin said: {LDQ}They know my character. They know I will fight until the end.\n\n"
    f"{LDQ}They told me to stay safe.{RDQ}",
    "hard-wraps": f"{LDQ}This is a result of Putin{RSQ}s war,{RDQ} he says, angrily,\nas he paces through "
    f"the wreck. {LDQ}As a Christian, this is very offensive to me.{RDQ}",
    "mixed-and-according": f"Putin said the West wanted {LDQ}to destroy Russia{RDQ} and blamed NATO.\n\n"
    "The strike killed 12 fighters, according to the Pentagon.",
    "unbalanced": f"She called the plan {LDQ}absurd.\n\nLater, the minister said: {LDQ}The plan stays.{RDQ}",
    "vox-pop-and-apposition": f"{LDQ}I voted for change.{RDQ} \u2014 Linda Morales\n\n"
    f"{LDQ}The jobs are not coming back,{RDQ} Mary Barra, the chief executive of General Motors, said.",
    "crlf-and-nbsp": f"Officials said\u00a0the bridge would reopen.\r\n\r\n{LDQ}We are proud,{RDQ} the engineer said.",
    "example-article": EXAMPLE.read_text(encoding="utf-8"),
}


def _pieces(text: str, spans: TextSpans) -> str:
    return " ".join(text[s:e] for s, e in spans.spans)


# 1. For every quote, the spans index Article.text and join to the stated text;
#    ids are q1..qn in text order and every speaker_id names a speaker that speaks.
@pytest.mark.parametrize("key", list(TEXTS))
def test_offsets_and_ids(analyze, key):
    article = analyze(TEXTS[key])
    assert article.text == TEXTS[key]
    assert article.quotes, "every sample attributes something"
    for quote in article.quotes:
        for part in (quote.content, quote.cue, quote.source):
            if part is None:
                continue
            assert part.spans == sorted(part.spans)
            assert all(0 <= s < e <= len(article.text) for s, e in part.spans)
            assert _pieces(article.text, part) == part.text
        if quote.source is not None:
            # The speaker is named outside what they are reported to say.
            assert not any(s < ce and cs < e for s, e in quote.source.spans for cs, ce in quote.content.spans)
    for speaker in article.speakers:
        assert all(0 <= s < e <= len(article.text) for s, e in speaker.mentions)
    assert [q.id for q in article.quotes] == [f"q{n}" for n in range(1, len(article.quotes) + 1)]
    assert [q.content.start for q in article.quotes] == sorted(q.content.start for q in article.quotes)
    ids = [s.id for s in article.speakers]
    assert ids == [f"s{n}" for n in range(1, len(ids) + 1)]
    assert {q.speaker_id for q in article.quotes if q.speaker_id is not None} == set(ids)
    for speaker in article.speakers:
        assert speaker.name.lower() not in {"he", "she", "they", "i", "we"}
        assert speaker.name not in speaker.aliases


# 2. JSON round trip.
@pytest.mark.parametrize("key", list(TEXTS))
def test_json_round_trip(analyze, key):
    article = analyze(TEXTS[key])
    again = Article.model_validate_json(article.model_dump_json())
    assert again == article
    assert again.quotes and [q.content.spans for q in again.quotes] == [q.content.spans for q in article.quotes]
