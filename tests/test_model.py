"""The learned model stage: entity tags read back as spans, entities set on the article."""

from __future__ import annotations

import spacy
from spacy.tokens import Doc

from onrecord import model
from onrecord.nlp import parse
from onrecord.options import Options


def _tagged(words: list[str], tags: list[str]) -> Doc:
    doc = Doc(spacy.blank("en").vocab, words=words)
    for token, tag in zip(doc, tags):
        token.tag_ = tag
    return doc


def test_bio_tags_become_spans():
    doc = _tagged(
        ["Senator", "John", "Smith", "of", "the", "Democratic", "Party", "said", "two", "things"],
        ["O", "B-PERSON", "I-PERSON", "O", "B-ORG", "I-ORG", "I-ORG", "O", "B-CARDINAL", "O"],
    )
    assert model.entity_spans(doc) == [("PERSON", 1, 3), ("ORG", 4, 7), ("CARDINAL", 8, 9)]


def test_an_inside_tag_with_nothing_to_continue_opens_an_entity():
    doc = _tagged(["in", "Kyiv", "Ukraine", "today"], ["O", "I-GPE", "B-GPE", "I-ORG"])
    assert model.entity_spans(doc) == [("GPE", 1, 2), ("GPE", 2, 3), ("ORG", 3, 4)]


def test_an_entity_never_ends_on_a_space():
    doc = _tagged(["Kim", "\n\n", "said"], ["B-PERSON", "I-PERSON", "O"])
    assert model.entity_spans(doc) == [("PERSON", 0, 1)]


def test_the_shipped_model_types_the_people_and_organisations_of_a_sentence():
    if not model.provides_entities():
        raise AssertionError("the shipped model has no entity head; rebuild it with `onrecord train`")
    doc = parse("Vladimir Putin met the United Nations in Geneva on Tuesday.\n\nHe said nothing.", Options())
    assert not doc.ents  # the parse leaves entities to the model
    model.tag(doc)
    ents = {(e.text, e.label_) for e in doc.ents}
    assert ("Vladimir Putin", "PERSON") in ents
    assert ("the United Nations", "ORG") in ents or ("United Nations", "ORG") in ents
    assert ("Geneva", "GPE") in ents
