"""The anonymity reason is the justification alone, and a withholding sentence never makes a full
name a pseudonym. Every negative has a positive twin of the same construction."""

from __future__ import annotations

import pytest


def _speaker(article, part: str):
    found = [s for s in article.speakers if part in s.name]
    assert len(found) == 1, [(s.name, s.identity) for s in article.speakers]
    return found[0]


@pytest.mark.parametrize(
    "text, part, reason, withholding, category",
    [
        ("A port inspector, who spoke on condition of anonymity because he was not authorized to brief the "
         "press, said the cranes had failed twice.", "inspector", "because he was not authorized to brief the press",
         "on condition of anonymity", "not-authorized"),
        ("The ferryman, whose name the Courier is not publishing to protect his family, said the crossing "
         "was mined.", "ferryman", "to protect his family", "is not publishing", "safety"),
        ("A clerk at the registry, who spoke on condition of anonymity because the audit files are classified, "
         "said pages were missing.", "clerk", "because the audit files are classified", "on condition of anonymity",
         "sensitive-matter"),
    ],
)
def test_the_reason_is_the_justification_from_its_conjunction(analyze, text, part, reason, withholding, category):
    found = _speaker(analyze(text), part).anonymity_reason
    assert found is not None
    assert " ".join(found.text.split()) == reason
    assert withholding not in found.text
    assert found.category == category


def test_with_no_justification_the_withholding_phrase_is_the_reason(analyze):
    # Twin of the above: nothing says why, so the phrase that grants anonymity is what is recorded.
    text = "A port inspector, who spoke on condition of anonymity, said the cranes had failed twice."
    found = _speaker(analyze(text), "inspector").anonymity_reason
    assert found is not None and found.category == "unspecified"
    assert "on condition of anonymity" in found.text


def test_a_full_name_beside_a_withholding_is_named_without_a_reason(analyze):
    # The withholding is about whoever briefed the reporters, who is no speaker: not about the full name.
    text = ("Marta Kowalczyk said the harbour would reopen in May. Details of her plan were given to "
            "reporters on condition of anonymity.")
    speaker = _speaker(analyze(text), "Kowalczyk")
    assert (speaker.identity, speaker.anonymity_reason) == ("named", None)
    # Twin: a speaker the withholding is about keeps it, with the justification as the reason.
    twin = ("A pilot who goes by the call-sign Heron said the harbour would reopen in May. The Courier is not "
            "publishing his name for his safety.")
    pilot = _speaker(analyze(twin), "pilot")
    assert pilot.identity == "pseudonym" and pilot.anonymity_reason.text == "for his safety"


def test_withholding_a_thing_is_no_name_withheld(analyze):
    article = analyze('"The road is closed," said Brenner. The council has withheld the report from the public.')
    brenner = _speaker(article, "Brenner")
    assert (brenner.identity, brenner.anonymity_reason) == ("named", None)
    # Twin: a name withheld is a name withheld.
    twin = _speaker(analyze('"The road is closed," said Brenner, whose name was withheld.'), "Brenner")
    assert twin.identity != "named" and twin.anonymity_reason is not None


@pytest.mark.parametrize(
    "text, part, asked",
    [
        # The request itself is the reporting verb: the terms of the interview, no quote.
        ("“The ward has no power at night,” said Halyna, a midwife who asked that her surname be withheld "
         "because her son serves at the front.", "Halyna", "surname be withheld"),
        ("“The quarry is running at half its crews,” said a foreman, who like several other workers "
         "requested anonymity to speak freely.", "foreman", "anonymity to speak freely"),
        # A verb of talking the anonymity phrase hangs on reports no statement either.
        ("The mill will close in the spring, according to officials at the plant. Two of them talked about "
         "the closure only on condition of anonymity because the decision has not been announced.",
         "officials", "closure"),
    ],
)
def test_a_request_not_to_be_named_is_no_quote(analyze, text, part, asked):
    article = analyze(text)
    assert not [q.content.text for q in article.quotes if asked in q.content.text]
    # What the source said is still a quote, and the reason goes to that source.
    speaker = _speaker(article, part)
    assert any(q.speaker_id == speaker.id for q in article.quotes)
    assert speaker.anonymity_reason is not None


def test_a_statement_made_on_condition_of_anonymity_stays_a_quote(analyze):
    # Twin: "confirmed" reports a fact; the condition it was given on does not unmake the quote.
    text = "An aide to the governor confirmed the closure on condition of anonymity because the plans are classified."
    article = analyze(text)
    speaker = _speaker(article, "aide")
    assert [q for q in article.quotes if q.speaker_id == speaker.id and "closure" in q.content.text]
    assert speaker.anonymity_reason is not None and speaker.anonymity_reason.category == "sensitive-matter"
