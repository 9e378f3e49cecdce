"""Acts that say nothing are not attributions; the same verbs and doers reporting speech still are."""

from __future__ import annotations

import pytest

import onrecord


def _reports(text: str) -> list[tuple[str, str]]:
    return [(q.cue.text if q.cue else "", q.content.text) for q in onrecord.analyze(text).quotes]


@pytest.mark.parametrize("act, report", [
    # a sentence passed, and the judge's words about it
    ("The magistrate sentenced the smuggler to six years in prison.",
     "The magistrate said that the smuggler had shown no remorse."),
    # a verdict, and a finding reported as a clause
    ("A jury convicted the former harbour master of theft on Tuesday.",
     "The jury foreman told reporters that the evidence had been overwhelming."),
    # an award, and the winner's words
    ("The violinist was named performer of the year at the gala.",
     "The violinist said she had practised every night for a decade."),
    # a pronouncement of death, and the medics' account
    ("Paramedics pronounced the climber dead at the foot of the cliff.",
     "Paramedics said the climber had fallen about forty metres."),
    # a verdict that finds, whoever it finds, and the verdict's words reported
    ("A majority verdict found the skipper guilty of negligence on Thursday.",
     "The foreman said the verdict had taken the jury three days."),
    # a person found in a state, and an inquiry's finding
    ("Rangers found a hiker lying unconscious near the ridge.",
     "The inquiry found that the ridge path had not been maintained."),
])
def test_an_act_is_no_attribution_and_its_reporting_twin_is(act, report):
    assert _reports(act) == []
    assert _reports(report), report


def test_a_poll_that_finds_people_doing_something_still_reports():
    assert [cue for cue, _ in _reports("A new survey found a majority backing the harbour plan.")] == ["found"]


@pytest.mark.parametrize("name, said", [
    # a campaign's name in title case after a name cue, and a slogan someone chants
    ("The campaign, known as \u201cBring Back the Trams,\u201d gathered 4,000 signatures.",
     "Marchers chanted \u201cBring back the trams\u201d as they crossed the bridge, the organiser said."),
    # a group's name after "called", and the group's words
    ("Residents met through a Facebook group called \u201cSave Our Harbour\u201d every week.",
     "\u201cSave our harbour,\u201d the residents' group wrote in a letter to the council."),
    # a historical figure's nickname, and words he wrote
    ("The general, nicknamed \u201cthe Iron Duke,\u201d won the battle in 1815.",
     "\u201cNothing except a battle lost can be half so melancholy,\u201d the general wrote."),
    # a hashtag, and a post's words
    ("Supporters shared the hashtag \u201c#KeepTheFerry\u201d thousands of times.",
     "\u201cKeep the ferry running,\u201d one supporter wrote on Monday."),
])
def test_a_quoted_name_is_no_quote_and_words_said_are(name, said):
    assert _reports(name) == []
    assert _reports(said), said


def test_titles_in_a_list_of_award_winners_are_no_quotes_and_a_winners_words_are():
    listed = "Winners included \u201cThe Long Tide\u201d for best picture and \u201cSalt Roads\u201d for best documentary."
    assert [q.type for q in onrecord.analyze(listed).quotes if q.type in ("direct", "mixed")] == []
    said = "\u201cWe never expected this,\u201d the director of the winning film said."
    assert [q.type for q in onrecord.analyze(said).quotes] == ["direct"]
