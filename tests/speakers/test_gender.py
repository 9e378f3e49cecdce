"""Agreement: a pronoun goes only to a person of a compatible gender, as the article itself shows it.

Every sentence here is written for the test. Each case that leaves a quote
unresolved or skips a person has a twin where the same person is the answer.
"""

from __future__ import annotations

import pytest

LDQ, RDQ = "\u201c", "\u201d"


def _speaker_of(analyze, text: str, opening: str):
    """The speaker (or None) of the quote whose content starts with ``opening``."""
    article = analyze(text)
    [quote] = [q for q in article.quotes if q.content.text.startswith(opening)]
    return article.speaker(quote.speaker_id) if quote.speaker_id else None


# 1. An honorific shows the gender; the pronoun skips the person of the other one.
@pytest.mark.parametrize("pronoun, name", [("she", "Sarah Mitchell"), ("he", "James Porter")])
def test_honorific_decides_which_person_a_pronoun_takes(analyze, pronoun, name):
    text = ("Ms. Sarah Mitchell chairs the water board in the valley.\n\n"
            "Mr. James Porter, a farmer, attended the meeting on Monday.\n\n"
            f"{LDQ}The reservoir is nearly empty,{RDQ} {pronoun} said.")
    who = _speaker_of(analyze, text, LDQ + "The reservoir")
    assert who is not None and who.name == name


# 2. No compatible person near: unresolved, not a guess. Twin: the compatible pronoun resolves.
def test_pronoun_with_no_compatible_antecedent_stays_unresolved(analyze):
    text = f"Mr. James Porter runs the dairy farm.\n\n{LDQ}The milk price has halved,{RDQ} she said."
    assert _speaker_of(analyze, text, LDQ + "The milk") is None


def test_twin_compatible_pronoun_resolves(analyze):
    text = f"Mr. James Porter runs the dairy farm.\n\n{LDQ}The milk price has halved,{RDQ} he said."
    who = _speaker_of(analyze, text, LDQ + "The milk")
    assert (who.name, who.gender) == ("James Porter", "male")


# 3. A pronoun its own sentence ties to a person is evidence: the reply goes back to the man.
def test_pronoun_tied_in_its_sentence_keeps_the_reply_with_the_right_person(analyze):
    text = ("James Porter farms beside the lake, where he has lived since 1990.\n\n"
            "Sarah Mitchell, who chairs the board, said she would ration water from May.\n\n"
            f"{LDQ}Rationing will ruin us,{RDQ} he replied.")
    assert _speaker_of(analyze, text, LDQ + "Rationing").name == "James Porter"
    assert _speaker_of(analyze, text, "she would ration").name == "Sarah Mitchell"


def test_a_pronoun_after_another_named_person_ties_nothing(analyze):
    article = analyze("James Porter told Sarah Mitchell she could stay on the farm.")
    assert [(s.name, s.gender) for s in article.speakers] == [("James Porter", "unknown")]


def test_twin_a_pronoun_right_after_the_subject_ties_it(analyze):
    article = analyze("James Porter said he could stay on the farm.")
    [who] = article.speakers
    assert (who.name, who.gender, [e.text for e in who.gender_evidence]) == ("James Porter", "male", ["he"])


# 4. A gendered description takes the person of that gender.
@pytest.mark.parametrize("noun, name", [("the woman", "Sarah Mitchell"), ("the man", "James Porter")])
def test_gendered_description_takes_the_person_of_that_gender(analyze, noun, name):
    text = ("Sarah Mitchell was a passenger on the night bus.\n\n"
            "Mr. James Porter was driving it through the pass.\n\n"
            f"{LDQ}The brakes failed on the bend,{RDQ} {noun} said.")
    assert _speaker_of(analyze, text, LDQ + "The brakes").name == name


# 5. The record: gender with the words that show it; never from a first name alone.
def test_speaker_gender_comes_with_its_evidence(analyze):
    text = "Ray Vale, the mayor's husband, said the old bridge was unsafe."
    who = _speaker_of(analyze, text, "the old bridge")
    assert who.gender == "male" and [e.text for e in who.gender_evidence] == ["husband"]


def test_first_name_alone_gives_no_gender(analyze):
    text = "Maria Lopez said the old bridge was unsafe."
    who = _speaker_of(analyze, text, "the old bridge")
    assert who.name == "Maria Lopez" and who.gender == "unknown" and who.gender_evidence == []


def test_organisations_have_no_gender(analyze):
    text = "Online Records Inc. said the archive would close in March."
    who = _speaker_of(analyze, text, "the archive")
    assert who.kind == "organization" and who.gender == "unknown"
