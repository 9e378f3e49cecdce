"""The lemma table gives every token exactly the lemma the stock rule lemmatizer gives it."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy

from onrecord import lemma_table
from onrecord.nlp import load_pipeline
from onrecord.options import Options

SAMPLE = Path(__file__).resolve().parents[1] / "examples" / "russians-fighting-for-ukraine.txt"
# Inflections the rules and exceptions handle: plurals, irregular verbs and comparatives,
# words not in the tag's word list, a proper noun, numbers and symbols, spaces.
INFLECTIONS = (
    "The mice ran faster than the geese had flown, and the oxen were better fed. She was "
    "seeing wolves; he's written, they'd sung, we've swum. Blurfing zorbles glimmered best.  "
    "Ms. Okafor's 3.5% rise cost $12,000 in 2021 -- 40 cases. Worse, the children’s feet hurt.\n\n"
    "Analyses, criteria and phenomena were re-examined by the committees' chairwomen."
)


@pytest.fixture(scope="module")
def pipelines():
    name = Options().spacy_model
    stock = spacy.load(name, exclude=["ner"])
    fast = spacy.load(name, exclude=["ner"])
    lemma_table.install(fast)
    return stock, fast


@pytest.mark.parametrize("text", [SAMPLE.read_text(encoding="utf-8"), INFLECTIONS], ids=["sample", "inflections"])
def test_every_token_gets_the_stock_lemma(pipelines, text):
    stock, fast = pipelines
    expected = [(t.text, t.pos_, t.lemma_) for t in stock(text)]
    assert [(t.text, t.pos_, t.lemma_) for t in fast(text)] == expected
    # Asked again, from the table rather than the rules: still the same.
    assert [(t.text, t.pos_, t.lemma_) for t in fast(text)] == expected


def test_the_table_takes_the_lemmatizers_place_under_its_name(pipelines):
    stock, fast = pipelines
    assert fast.pipe_names == stock.pipe_names
    assert isinstance(fast.get_pipe("lemmatizer"), lemma_table.LemmaTable)


def test_the_analysis_pipeline_uses_it():
    nlp = load_pipeline(Options().spacy_model, ner=False)
    assert isinstance(nlp.get_pipe("lemmatizer"), lemma_table.LemmaTable)
