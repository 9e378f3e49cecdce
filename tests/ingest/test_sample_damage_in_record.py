"""The founding sample's damage, as it shows in the analyzed record."""

from __future__ import annotations

from pathlib import Path

import pytest

from onrecord import analyze

SAMPLE = Path(__file__).resolve().parents[2] / "examples" / "russians-fighting-for-ukraine.txt"


@pytest.fixture(scope="module")
def article():
    return analyze(SAMPLE.read_text(encoding="utf-8"))


def _flagged(article, code):
    return [article.text[w.spans[0][0] : w.spans[0][1]] for w in article.warnings if w.code == code]


def test_site_furniture_is_flagged(article):
    furniture = " | ".join(_flagged(article, "site-furniture"))
    for line in ("Connect with us", "General News", "Source link"):
        assert line in furniture


@pytest.mark.parametrize("opening", ["came to Ukraine at the beginning", "says he joined the Ukrainian", "has previously denied"])
def test_paragraphs_that_start_mid_sentence_are_flagged(article, opening):
    assert any(text.startswith(opening) for text in _flagged(article, "starts-mid-sentence"))


@pytest.mark.parametrize("ending", ["captured by Russia earlier in the", "Nuzhin is a", "I will liberate my"])
def test_cut_off_paragraphs_are_flagged(article, ending):
    assert any(text.rstrip().endswith(ending) for text in _flagged(article, "cut-off"))


@pytest.mark.parametrize("opening", ["came to Ukraine", "“Nuzhin betrayed", "“And when we have defended", "he joined"])
def test_quotes_touching_damage_carry_the_flag(article, opening):
    quote = next(q for q in article.quotes if q.content.text.startswith(opening))
    assert "damaged" in quote.flags


def test_intact_quotes_are_not_flagged(article):
    quote = next(q for q in article.quotes if q.content.text.startswith("“The fighting is very brutal"))
    assert "damaged" not in quote.flags


def test_furniture_is_kept_out_of_the_analysis(article):
    # The photo caption ("“Caesar” is one of dozens ... | Vasco Sousa Cotovio/CNN") is furniture:
    # nothing in it becomes a quote or a speaker mention.
    caption = next(w.spans[0] for w in article.warnings if "Cotovio" in article.text[w.spans[0][0] : w.spans[0][1]])
    for quote in article.quotes:
        assert all(e <= caption[0] or s >= caption[1] for s, e in quote.content.spans)
