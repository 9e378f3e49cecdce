"""A title-case headline's own report: subject, present-tense reporting verb, what was said."""

from __future__ import annotations

import pytest

import onrecord

BODY = "\n\nThe storm reached the coast on Monday."


def _read(headline: str) -> tuple[str, str, str] | None:
    """The headline's own report as the whole analysis gives it: type, content, "cue / source"."""
    article = onrecord.analyze(headline + BODY)
    found = [q for q in article.quotes if q.cue is not None and q.source is not None and q.content.spans[0][1] <= len(headline)]
    if not found:
        return None
    quote = found[0]
    return quote.type, quote.content.text, f"{quote.cue.text} / {quote.source.text}"


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


@pytest.mark.parametrize("headline, twin", [
    # no reporting verb; its twin has one
    ("The Night The Harbour Flooded", "Harbour Chief Says The Night Was Long"),
    # sentence case: the parser reads it; the twin is in title case
    ("Harbour chief urges calm as storm nears the coast", "Harbour Chief Urges Calm As Storm Nears Coast"),
    # a bare form after a singular subject; the twin's subject is plural
    ("Harbour Worker Slam Port Authority Over Timetable", "Harbour Workers Slam Port Authority Over Timetable"),
    # a verb after a quotation has no subject before it; the twin puts the subject first
    ("\u2018We Will Rebuild\u2019: Harbour Chief Urges Calm", "Harbour Chief Urges Calm: \u2018We Will Rebuild\u2019"),
])
def test_a_headline_without_that_shape_is_no_report_and_its_twin_is(headline, twin):
    assert _read(headline) is None
    assert _read(twin) is not None, twin


def test_the_headline_report_keeps_its_source_without_naming_a_speaker():
    article = onrecord.analyze("Mayor Lucia Okafor Praises Crew After Harbour Rescue" + BODY)
    quote = article.quotes[0]
    assert (quote.source.text, quote.speaker_id, "headline" in quote.flags) == ("Mayor Lucia Okafor", None, True)
    # twin: the same report in a sentence names its speaker whole
    article = onrecord.analyze("Mayor Lucia Okafor praised the crew after the harbour rescue on Monday." + BODY)
    speakers = {s.id: s.name for s in article.speakers}
    assert [speakers.get(q.speaker_id) for q in article.quotes] == ["Lucia Okafor"]
