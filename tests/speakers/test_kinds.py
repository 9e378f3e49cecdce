"""Speakers are people, organisations, groups or documents, and each says how it was tied to its quote.

Every sentence here is written for the test. A phrase that names no one (an act,
an event, a quality, "No one") is no speaker: its quote stays unresolved, and a
later "he said" does not join it. Each such case has a twin where the source is
someone (a named organisation, a person) and is kept.
"""

from __future__ import annotations

import pytest

LDQ, RDQ = "\u201c", "\u201d"


def _speakers_by_source(analyze, text: str) -> dict[str, tuple[str, str, str] | None]:
    """Each quote's source as written -> its speaker's (name, kind, resolution), None if unresolved."""
    article = analyze(text)
    found = {}
    for quote in article.quotes:
        who = article.speaker(quote.speaker_id) if quote.speaker_id else None
        found[quote.source.text if quote.source else ""] = (who.name, who.kind, who.resolution) if who else None
    return found


# 1. A phrase that names no one is not a speaker, and a pronoun after it does not join it.
def test_an_abstract_noun_is_no_speaker_and_no_antecedent(analyze):
    text = (f"The push for greener trucks sets the carmaker apart from its rivals.\n\n"
            f"{LDQ}We have to cut what we burn,{RDQ} he said.")
    found = _speakers_by_source(analyze, text)
    assert found.get("he") is None
    assert all(who is None or "push" not in who[0].lower() for who in found.values())
    assert found, "the quote is still found: only its speaker goes"


def test_twin_a_person_named_before_the_pronoun_is_its_antecedent(analyze):
    text = (f"Chief executive Dan Morrow said the push for greener trucks sets the carmaker apart.\n\n"
            f"{LDQ}We have to cut what we burn,{RDQ} he said.")
    assert _speakers_by_source(analyze, text)["he"][0] == "Dan Morrow"


def test_no_one_is_no_speaker(analyze):
    text = f"No one knows what drives the floods, but {LDQ}the more samples we take, the more we learn{RDQ}, he says."
    found = _speakers_by_source(analyze, text)
    assert all(who is None for who in found.values()), found
    assert found, "the quote is still found: only its speaker goes"


def test_twin_someone_who_knows_is_the_speaker(analyze):
    text = (f"Hydrologist Lena Ortiz studies the floods. No one knows what drives them, but "
            f"{LDQ}the more samples we take, the more we learn{RDQ}, she says.")
    assert _speakers_by_source(analyze, text)["she"][:2] == ("Lena Ortiz", "person")


# 2. Documents are speakers of kind "document"; a real organisation named like one is an organisation.
@pytest.mark.parametrize("text, source", [
    ("The affidavit says the guards were warned twice about the broken lock.", "The affidavit"),
    ("A new poll found that most tenants back the rent cap.", "A new poll"),
])
def test_a_document_is_a_speaker_of_kind_document(analyze, text, source):
    found = _speakers_by_source(analyze, text)
    assert found[source][1:] == ("document", "description")


def test_twin_a_person_is_not_a_document(analyze):
    text = "The lawyer says the guards were warned twice about the broken lock."
    assert _speakers_by_source(analyze, text)["The lawyer"][1] == "person"


def test_twin_an_organisation_named_records_is_an_organisation(analyze):
    text = "Online Records Inc. said the files were lost when its servers failed in March."
    name, kind, resolution = _speakers_by_source(analyze, text)["Online Records Inc."]
    assert ("Online Records" in name, kind, resolution) == (True, "organization", "name")


def test_a_document_is_not_the_antecedent_of_he(analyze):
    text = (f"The new tariffs will hurt small farms most, the report says.\n\n"
            f"{LDQ}We cannot absorb another cut,{RDQ} he said.")
    found = _speakers_by_source(analyze, text)
    assert found["the report"][1] == "document"
    assert found["he"] is None


# 3. How each quote was tied: name, description, pronoun, continuation.
def test_resolution_is_the_surest_tie_among_its_quotes(analyze):
    # One quote by name, one by pronoun: the speaker is known by name.
    text = (f"Rita Vale said the bridge had taken nine years to build.\n\n"
            f"{LDQ}We waited too long,{RDQ} she added.")
    assert _speakers_by_source(analyze, text)["she"] == ("Rita Vale", "person", "name")


def test_resolution_pronoun_alone(analyze):
    text = (f"Rita Vale opened the bridge on Monday.\n\n"
            f"{LDQ}It took nine years,{RDQ} she said.")
    assert _speakers_by_source(analyze, text)["she"] == ("Rita Vale", "person", "pronoun")


def test_resolution_description(analyze):
    text = "A senior prison guard said the locks had been broken for a month."
    assert _speakers_by_source(analyze, text)["A senior prison guard"][2] == "description"


def test_resolution_continuation(analyze):
    text = (f"{LDQ}The locks were broken for a month,{RDQ} said a senior prison guard.\n\n"
            f"{LDQ}Nobody fixed them.{RDQ}")
    article = analyze(text)
    assert len(article.quotes) == 2 and article.quotes[0].speaker_id == article.quotes[1].speaker_id
    who = article.speaker(article.quotes[0].speaker_id)
    assert (who.resolution, who.resolutions) == ("description", ["description", "continuation"])


# 4. A speech is not its speaker: the possessor spoke.
def test_the_possessor_of_a_speech_is_the_speaker(analyze):
    text = f"Mr Benton later used his speech to warn against a {LDQ}blanket{RDQ} ban on night flights."
    found = _speakers_by_source(analyze, text)
    assert found["his speech"][:2] == ("Benton", "person")


def test_twin_a_speech_without_a_possessor_names_no_one_else(analyze):
    text = f"Mr Benton waved to the crowd. The speech warned against a {LDQ}blanket{RDQ} ban on night flights."
    found = _speakers_by_source(analyze, text)
    assert all(who is None or who[0] != "Benton" or who[2] != "name" for who in found.values())
    assert found, "the quote is still found: only its speaker goes"


# 5. Page furniture glued before a description is not part of it.
def test_words_glued_before_a_determiner_are_cut(analyze):
    text = "Share Facebook Email Print A senior prison guard has said that the locks were broken for a month."
    found = _speakers_by_source(analyze, text)
    assert [who[0] for who in found.values() if who] == ["A senior prison guard"]


def test_twin_a_quantifier_before_the_determiner_stays(analyze):
    text = "All the prison guards said that the locks were broken for a month."
    found = _speakers_by_source(analyze, text)
    assert [who[0] for who in found.values() if who] == ["All the prison guards"]


# 6. Whole names: a surname particle; a name in the head's prepositional phrase is someone else.
def test_a_surname_particle_stays_in_the_name(analyze):
    text = f"{LDQ}We are ready to buy the painting,{RDQ} said Marie des Pres, the museum{RDQ}s director."
    assert _speakers_by_source(analyze, text)["Marie des Pres"][0] == "Marie des Pres"


def test_twin_a_name_without_a_particle(analyze):
    text = f"{LDQ}We are ready to buy the painting,{RDQ} said Marie Pres, the museum director."
    assert _speakers_by_source(analyze, text)["Marie Pres"][0] == "Marie Pres"


def test_a_name_in_the_apposition_s_preposition_is_not_the_speaker(analyze):
    text = "The wards are short of thread, said Dr. Omar Al-Sayed, director of Khaled Al-Amin Hospital."
    found = [who for who in _speakers_by_source(analyze, text).values() if who]
    assert [who[0] for who in found] == ["Omar Al-Sayed"]


def test_a_spokesman_for_someone_is_not_that_someone(analyze):
    text = "A spokesman for Ann Poe said the talks had failed."
    found = [who for who in _speakers_by_source(analyze, text).values() if who]
    assert [who[0] for who in found] == ["A spokesman for Ann Poe"]  # named by the whole description


def test_twin_a_named_spokesman_is_the_speaker(analyze):
    text = "Tom Hale, a spokesman for Ann Poe, said the talks had failed."
    found = [who for who in _speakers_by_source(analyze, text).values() if who]
    assert [who[0] for who in found] == ["Tom Hale"]


# 7. A clause subject describing one unnamed person may be a pronoun's antecedent.
def test_a_described_person_is_the_antecedent_of_she(analyze):
    text = ("The driver asked not to be named because he could be fired. "
            "The depot had cut its routes twice this year, he said.")
    found = _speakers_by_source(analyze, text)
    assert found["he"] == ("The driver", "person", "pronoun")


def test_twin_a_description_the_article_does_not_call_unnamed_is_no_antecedent(analyze):
    # Without "asked not to be named", "The driver" may well be someone named before: no guess.
    text = ("The driver waited at the gate because he could be fired. "
            "The depot had cut its routes twice this year, he said.")
    assert _speakers_by_source(analyze, text)["he"] is None


def test_a_described_man_is_not_the_antecedent_of_she(analyze):
    text = ("The woman asked not to be named because she feared for her job. The man refused to talk.\n\n"
            f"{LDQ}The shop had cut its hours twice,{RDQ} she said.")
    found = _speakers_by_source(analyze, text)
    assert found[next(s for s in found if s == "she")][0] == "The woman"


def test_twin_a_named_person_after_the_description_is_the_antecedent(analyze):
    text = ("The nurse asked not to be named. Her manager, Rita Vale, disagreed with the owners.\n\n"
            f"{LDQ}The shop had cut its hours twice,{RDQ} she said.")
    assert _speakers_by_source(analyze, text)["she"][0] == "Rita Vale"
