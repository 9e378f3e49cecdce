"""A title-case headline's own report: subject, present-tense reporting verb, what was said."""

from __future__ import annotations

import pytest

from onrecord.attribution.headline import headline_verb_attribution
from onrecord.nlp import parse
from onrecord.options import Options

BODY = "\n\nThe storm reached the coast on Monday."


def _read(headline: str) -> tuple[str, str, str] | None:
    text = headline + BODY
    draft = headline_verb_attribution(parse(text, Options()))
    if draft is None:
        return None
    words = [text[s:e] for s, e in draft.content + draft.cue + draft.source]
    return draft.type, words[0], f"{words[1]} / {words[2]}"


@pytest.mark.parametrize("headline, found", [
    # the "-s" form after a singular subject
    ("Harbour Chief Urges Calm As Storm Nears Coast",
     ("indirect", "Calm As Storm Nears Coast", "Urges / Harbour Chief")),
    # "New Report Says": the "-s" form is tried first, so "Report" is part of the subject
    ("New Storm Report Says Sea Walls Failed", ("indirect", "Sea Walls Failed", "Says / New Storm Report")),
    # the bare form after a plural subject, and a quotation inside the report
    ("Ferry Workers Slam Port Authority Over \u2018Reckless\u2019 Timetable",
     ("mixed", "Port Authority Over \u2018Reckless\u2019 Timetable", "Slam / Ferry Workers")),
    # a second report after a comma ends the first
    ("Mayor Says Sea Wall Is Safe, Warns Of Higher Tides",
     ("indirect", "Sea Wall Is Safe", "Says / Mayor")),
])
def test_a_title_case_headline_with_a_reporting_verb_is_a_report(headline, found):
    assert _read(headline) == found


@pytest.mark.parametrize("headline", [
    "The Night The Harbour Flooded",                      # no reporting verb
    "Harbour chief urges calm as storm nears the coast",  # sentence case: the parser reads it
    "Harbour Worker Slam Port Authority Over Timetable",  # a bare form after a singular subject
    "\u2018We Will Rebuild\u2019: Harbour Chief Urges Calm",  # a verb after a quotation has no subject before it
])
def test_a_headline_without_that_shape_is_no_report(headline):
    assert _read(headline) is None


def test_the_headline_report_keeps_its_source_without_naming_a_speaker():
    import onrecord

    article = onrecord.analyze("Mayor Lucia Okafor Praises Crew After Harbour Rescue" + BODY)
    quote = article.quotes[0]
    assert (quote.source.text, quote.speaker_id, "headline" in quote.flags) == ("Mayor Lucia Okafor", None, True)
    # twin: the same report in a sentence names its speaker whole
    article = onrecord.analyze("Mayor Lucia Okafor praised the crew after the harbour rescue on Monday." + BODY)
    speakers = {s.id: s.name for s in article.speakers}
    assert [speakers.get(q.speaker_id) for q in article.quotes] == ["Lucia Okafor"]
