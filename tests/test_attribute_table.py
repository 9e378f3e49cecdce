"""The attribute table gives every token exactly what the stock attribute_ruler gives it."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy

from onrecord import attribute_table
from onrecord.options import Options

SAMPLE = Path(__file__).resolve().parents[1] / "examples" / "russians-fighting-for-ukraine.txt"
# The stock ruler's exceptions: pronoun case by dependency, "ai n't", "gonna", "y'all",
# "but" as an adverb, auxiliaries, "that" as a pronoun, "there is", spaces.
EXCEPTIONS = (
    "I told her it ain't over, and she said we're gonna win. Y'all know it. But then, "
    "he gets what he wants and got it.  They gave it to me, and I gave it to you. "
    "That is what there was: nothin' but those who had. Let's go, c'mon.\n\n"
    "Whether or not anyone knows, everything she does has been done by herself."
)
ATTRS = ("pos_", "tag_", "dep_", "lemma_")


@pytest.fixture(scope="module")
def pipelines():
    name = Options().spacy_model
    stock = spacy.load(name, exclude=["ner"])
    fast = spacy.load(name, exclude=["ner"])
    attribute_table.install(fast)
    return stock, fast


@pytest.mark.parametrize("text", [SAMPLE.read_text(encoding="utf-8"), EXCEPTIONS], ids=["sample", "exceptions"])
def test_every_token_gets_the_stock_attributes(pipelines, text):
    stock, fast = pipelines
    expected = [tuple(getattr(t, a) for a in ATTRS) + (str(t.morph),) for t in stock(text)]
    got = [tuple(getattr(t, a) for a in ATTRS) + (str(t.morph),) for t in fast(text)]
    assert got == expected


def test_the_table_takes_most_patterns(pipelines):
    stock, fast = pipelines
    assert fast.pipe_names.index("onrecord_attribute_table_v1") == fast.pipe_names.index("attribute_ruler") - 1
    everything = stock.get_pipe("attribute_ruler").patterns
    kept = fast.get_pipe("attribute_ruler").patterns
    assert kept == attribute_table.split_patterns(everything)[1]
    assert len(kept) < len(everything) / 4


def test_a_pattern_after_a_ruler_pattern_it_could_override_stays_in_the_ruler():
    patterns = [
        {"patterns": [[{"TAG": "PRP"}]], "attrs": {"POS": "PRON"}, "index": 0},
        {"patterns": [[{"LOWER": {"REGEX": "^it$"}}]], "attrs": {"MORPH": "Case=Nom"}, "index": 0},
        {"patterns": [[{"TAG": "PRP", "LOWER": "it", "DEP": {"NOT_IN": ["expl"]}}]],
         "attrs": {"MORPH": "Person=3"}, "index": 0},
        {"patterns": [[{"TAG": "NN", "LOWER": "thing"}]], "attrs": {"POS": "NOUN"}, "index": 0},
    ]
    table, ruler = attribute_table.split_patterns(patterns)
    assert table == [patterns[0], patterns[3]]
    assert ruler == [patterns[1], patterns[2]]
