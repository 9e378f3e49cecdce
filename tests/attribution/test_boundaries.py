"""The boundary stage: the other readings of a reported content, and the model's pick among them."""

from __future__ import annotations

import numpy as np
import pytest

from onrecord.attribution.boundaries import BoundaryModel, draft_readings, refine_boundaries
from onrecord.attribution.choice import Scorer
from onrecord.attribution.draft import Draft
from onrecord.spans import DisjointSpans, token_offsets
from onrecord.model import Tagged, Tagging
from onrecord.nlp import parse
from onrecord.options import Options

WIDTH = 4  # tagger vectors of this width stand in for the tagger's: the readings only carry them


def _draft(doc, content: str, cue: str) -> Draft:
    start = doc.text.index(content)
    cue_token = next(t for t in doc if t.text == cue)
    return Draft("indirect", [(start, start + len(content))], cue=[token_offsets(doc[cue_token.i : cue_token.i + 1])],
                 cue_head=cue_token.i)


def _tagging(doc, contents: tuple[str, ...] = ()) -> Tagging:
    spans = []
    for words in contents:
        span = doc.char_span(doc.text.index(words), doc.text.index(words) + len(words))
        spans.append(Tagged("CONTENT", span.start, span.end, 0))
    return Tagging(spans, np.zeros((len(doc), WIDTH), dtype=np.float32))


def _readings(text: str, content: str, cue: str, tagged: tuple[str, ...] = (), quotations=()):
    doc = parse(text, Options())
    found = draft_readings(doc, [_draft(doc, content, cue)], _tagging(doc, tagged), DisjointSpans(quotations))
    if not found:
        return {}
    return {r.kind: " / ".join(doc[a:b].text for a, b in r.pieces) for r in found[0].readings}


def test_a_content_may_run_to_the_end_of_its_sentence_or_stop_at_a_comma():
    readings = _readings("He said the plan was a disaster, despite the recount, for all voters.",
                         "the plan was a disaster", "said")
    assert readings["to-sentence-end"] == "the plan was a disaster, despite the recount, for all voters"
    assert readings["to-next-stop"] == "the plan was a disaster, despite the recount"
    cut = _readings("He said the plan was a disaster, despite the recount.",
                    "the plan was a disaster, despite the recount", "said")
    assert cut["to-first-stop"] == "the plan was a disaster"


def test_the_taggers_span_is_a_reading():
    readings = _readings("The mayor said on Monday the bridge would close within weeks for repairs.",
                         "the bridge would close", "said", tagged=("the bridge would close within weeks",))
    assert readings["tagger"] == "the bridge would close within weeks"


def test_a_raised_subject_is_read_with_its_clause_around_the_cue():
    # "The senator seems to have vanished": PolNeAR's content is "The senator" and "to have vanished ...".
    readings = _readings("The senator seems to have vanished from the public eye.",
                         "to have vanished from the public eye", "seems")
    assert readings["raised-subject"] == "The senator / to have vanished from the public eye"


def test_no_reading_takes_in_the_cue_or_cuts_a_quotation():
    text = "He called the deal “a gift to the banks, which own Congress.”"
    start = text.index("“")
    readings = _readings(text, "the deal “a gift to the banks, which own Congress.”", "called",
                         quotations=[(start, len(text))])
    assert "to-first-stop" not in readings
    # Without the quotation marks known, the comma would be a place to stop.
    assert "to-first-stop" in _readings(text, "the deal “a gift to the banks, which own Congress.”", "called")
    said = _readings("The senator said the bill would pass.", "the bill would pass", "said")
    assert all("said" not in reading for reading in said.values())


def test_a_reading_changes_a_word_that_carries_meaning_and_ends_on_a_whole_phrase():
    # The tagger's span with only "is" more, or stopped at "in" before its object, is no reading.
    # The draft's other reading, the comma stop, is offered; the tagger's adds nothing.
    text = "Caesar opposes what he says is a tyrannical regime, not just in Ukraine."
    for tagged in ("is a tyrannical regime, not just in Ukraine", "is a tyrannical regime, not just in"):
        readings = _readings(text, "a tyrannical regime, not just in Ukraine", "says", tagged=(tagged,))
        assert readings == {"to-first-stop": "a tyrannical regime"}, tagged


def test_a_reading_never_takes_in_how_or_when_the_cue_was_said():
    # The outlet's own remark on the claim, hanging from "said", is not what the president said.
    text = "The president said, without providing evidence, that the election had been rigged."
    readings = _readings(text, "that the election had been rigged", "said",
                         tagged=("without providing evidence, that the election had been rigged",))
    assert "tagger" not in readings
    # nor where or how it was announced, though what it was announced for is
    assert _readings("He announced more road repairs for the city.", "more road repairs", "announced") == {
        "to-sentence-end": "more road repairs for the city"}
    later = _readings("He announced more road repairs in a statement on Friday.", "more road repairs", "announced")
    assert "to-sentence-end" not in later
    # The cue's object is an argument, not a modifier: "urged voters to turn out".
    urged = _readings("The governor urged voters to turn out early.", "to turn out early", "urged")
    assert urged["object-before"] == "voters to turn out early"


def test_the_model_takes_its_best_reading_only_above_its_threshold():
    text = "He said the plan was a disaster, despite the recount."
    doc = parse(text, Options())
    contents = {}
    for weight in (8.0, -8.0):
        draft = _draft(doc, "the plan was a disaster", "said")
        model = BoundaryModel(Scorer({"K=to-sentence-end": weight}, 0.0, (0.0,) * 6 * WIDTH), 0.5,
                              (0.0,) * 6 * WIDTH, (1.0,) * 6 * WIDTH)
        refine_boundaries(doc, [draft], _tagging(doc), model, DisjointSpans([]))
        contents[weight] = [text[s:e] for s, e in draft.content]
    assert contents == {8.0: ["the plan was a disaster, despite the recount"], -8.0: ["the plan was a disaster"]}
