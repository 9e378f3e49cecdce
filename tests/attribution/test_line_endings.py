"""The same article gives the same attributions whatever its line endings (LF, CRLF, CR)."""

from __future__ import annotations

import pytest

import onrecord

# Four paragraphs: a quote, its continuation in the next paragraph (no cue of its own), a
# paragraph whose subject the scraper cut ("says she ..."), and plain narration.
PARAGRAPHS = [
    "“The depot has been flooded three times this winter,” said Ines Moreau, who runs the yard.",
    "“Each time we lose a week of deliveries.”",
    "says she has asked the port authority to raise the wall before the spring tides.",
    "The port authority meets on Thursday.",
]


def _quotes(newline: str):
    text = (newline * 2).join(PARAGRAPHS)
    article = onrecord.analyze(text)
    return [(q.type, q.content.text, sorted(q.flags)) for q in article.quotes], article


def test_line_feed_text_gives_the_quote_its_continuation_and_the_report_whose_source_is_lost():
    quotes, _ = _quotes("\n")
    assert ("direct", "“The depot has been flooded three times this winter,”", []) in quotes
    assert any("continued" in flags for _, _, flags in quotes)
    assert any("source-lost" in flags for _, _, flags in quotes)


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_other_line_endings_give_the_same_attributions(newline):
    expected, _ = _quotes("\n")
    found, article = _quotes(newline)
    assert ("direct", "“The depot has been flooded three times this winter,”", []) in found
    assert found == expected
    assert [w.code for w in article.warnings] == [w.code for w in onrecord.analyze("\n\n".join(PARAGRAPHS)).warnings]
