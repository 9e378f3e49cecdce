"""Speakers: who each quote's source is, one test per resolution pattern."""

from __future__ import annotations

import pytest

LDQ, RDQ, RSQ = "\u201c", "\u201d", "\u2019"


# 1. Full name first, surname later: one speaker with the surname as alias.
@pytest.mark.parametrize(
    "text, source, name, alias",
    [
        # (the full name in a sentence that reports nothing: "attacked the defense ministry" is a stance
        # PolNeAR annotates as an attribution, and the choice reports it too)
        ("Wagner chief Yevgeny Prigozhin arrived in Rostov on Friday.\n\n"
         "Prigozhin said the army had abandoned its positions.", "Prigozhin", "Yevgeny Prigozhin", "Prigozhin"),
        ("Yevgeny Prigozhin is the founder of the Wagner group.\n\n"
         f"{LDQ}We will leave Bakhmut on May 10,{RDQ} Prigozhin said.", "Prigozhin", "Yevgeny Prigozhin",
         "Prigozhin"),
        (f"Yevgeny Prigozhin spoke on Monday.\n\nPrigozhin said: {LDQ}Nuzhin betrayed his people.{RDQ}",
         "Prigozhin", "Yevgeny Prigozhin", "Prigozhin"),
    ],
)
def test_surname_joins_full_name(only_quote, speaker, text, source, name, alias):
    article, quote = only_quote(text)
    assert quote.source.text == source
    who = speaker(article, quote)
    assert (who.name, who.kind, who.aliases) == (name, "person", [alias])
    assert len(article.speakers) == 1
    # Both mentions are recorded: the full name and the surname at the cue.
    assert [text[s:e] for s, e in who.mentions] == [name, alias]


# 2. A pronoun goes to the person named before it.
@pytest.mark.parametrize(
    "text, source, name",
    [
        ("Volodymyr Zelensky visited the front on Tuesday.\n\nHe says the army will hold the city.",
         "He", "Volodymyr Zelensky"),
        (f"Volodymyr Zelensky visited the front on Tuesday.\n\n{LDQ}We will hold the city,{RDQ} he says.",
         "he", "Volodymyr Zelensky"),
        (f"Maria Kovalenko runs a bakery in Kherson.\n\n{LDQ}We bake bread every morning,{RDQ} she says.",
         "she", "Maria Kovalenko"),
        (f"Another soldier, who goes by the call-sign {LDQ}Vinnie,{RDQ} joined in March.\n\n"
         f"{LDQ}My family is not here,{RDQ} he explains.", "he", "Vinnie"),
    ],
)
def test_pronoun_resolves_to_named_person(only_quote, speaker, text, source, name):
    article, quote = only_quote(text)
    assert quote.source.text == source
    who = speaker(article, quote)
    assert (who.name, who.kind) == (name, "person")
    assert source.lower() not in [n.lower() for n in [who.name, *who.aliases]]


# 3. A definite nominal goes to the person the article is about.
@pytest.mark.parametrize(
    "text, source, name",
    [
        ("Vasyl Petrenko has served in the army for ten years.\n\n"
         f"{LDQ}The fighting is very brutal now,{RDQ} the soldier said.", "the soldier", "Vasyl Petrenko"),
        ("Olena Shevchenko opened her clinic in 2019.\n\nThe doctor says the hospital has no power.",
         "The doctor", "Olena Shevchenko"),
    ],
)
def test_definite_nominal_resolves_to_named_person(only_quote, speaker, text, source, name):
    article, quote = only_quote(text)
    assert quote.source.text == source
    who = speaker(article, quote)
    assert (who.name, who.kind) == (name, "person")


def test_definite_nominal_does_not_take_name_from_its_own_content(only_quote, speaker):
    article, quote = only_quote(f"Putin{RSQ}s war has cost Russia dearly, the analyst said.")
    assert quote.source.text == "the analyst"
    assert speaker(article, quote).name == "analyst"


# 4. A call-sign is a person, even where the NER calls the word an organisation.
@pytest.mark.parametrize(
    "text, content",
    [
        (f"The soldier goes by the call-sign {LDQ}Caesar.{RDQ} He is one of hundreds fighting in Bakhmut.\n\n"
         "Caesar says he is one of around 200 Russian citizens fighting for Ukraine.",
         "he is one of around 200 Russian citizens fighting for Ukraine"),
        ("The soldier, whose name CNN agreed not to reveal to protect his identity, goes by the call-sign "
         f"{LDQ}Caesar.{RDQ}\n\nCaesar says he is one of around 200 Russian citizens fighting for Ukraine.",
         "he is one of around 200 Russian citizens fighting for Ukraine"),
        (f"The medic is known as {LDQ}Bird.{RDQ}\n\n{LDQ}We lost three men today,{RDQ} Bird says.",
         f"{LDQ}We lost three men today,{RDQ}"),
    ],
)
def test_call_sign_is_a_person(only_quote, speaker, text, content):
    article, quote = only_quote(text)
    assert quote.content.text == content
    who = speaker(article, quote)
    name = quote.source.text
    assert (who.name, who.kind) == (name, "person")
    # The quoted call-sign itself is a mention of the speaker.
    assert any(text[s:e] == name and text[s - 1] == LDQ for s, e in who.mentions)


# 5. Organisations that speak.
@pytest.mark.parametrize(
    "text, name",
    [
        ("The Kremlin said the talks had been productive.", "Kremlin"),
        ("Moscow denied any involvement in the attack.", "Moscow"),
        ("According to the Pentagon, the strike killed 12 fighters.", "Pentagon"),
        (f"{LDQ}We will not negotiate with terrorists,{RDQ} the Kremlin said.", "Kremlin"),
        pytest.param(
            "The strike killed 12 fighters, according to the Ukrainian military.", "Ukrainian military",
            id="norp-adjective-in-source"),
    ],
)
def test_organisation_speaks(only_quote, speaker, text, name):
    article, quote = only_quote(text)
    who = speaker(article, quote)
    assert (who.name, who.kind) == (name, "organization")


def test_named_apposition_beats_nationality_adjective(only_quote, speaker):
    article, quote = only_quote("A French diplomat, Anne Dupont, said the sanctions would be extended.")
    who = speaker(article, quote)
    assert (who.name, who.kind) == ("Anne Dupont", "person")


def test_named_apposition_beats_an_organisation_modifying_the_role(only_quote, speaker):
    # "the White House" of "the White House spokesman" holds its own "the": still a modifier.
    article, quote = only_quote(f"{LDQ}The program failed,{RDQ} the Harbour Board spokesman, Tom Baker, said on Friday.")
    who = speaker(article, quote)
    assert (who.name, who.kind) == ("Tom Baker", "person")


def test_twin_the_organisation_itself_speaking_is_the_speaker(only_quote, speaker):
    article, quote = only_quote(f"{LDQ}The program failed,{RDQ} the Harbour Board said on Friday.")
    who = speaker(article, quote)
    assert (who.name, who.kind) == ("Harbour Board", "organization")


def test_a_description_in_apposition_to_a_name_is_that_person(analyze):
    # The relative clause on the description reports too ("who tweeted about the smoke"): its
    # speaker is the named resident, and so is the later "He said".
    article = analyze(f"{LDQ}The air used to be clean out there,{RDQ} Alberto Rocha, a Lyon resident who tweeted "
                      "about the smoke, said.\n\nHe said he had never seen smoke like that in ten years.")
    assert {article.speaker(q.speaker_id).name for q in article.quotes if q.speaker_id} == {"Alberto Rocha"}
    assert len(article.quotes) >= 2


def test_twin_a_description_in_apposition_to_no_name_stays_a_description(analyze):
    article = analyze("A Lyon resident who tweeted about the smoke said he had never seen smoke like that.")
    speakers = {article.speaker(q.speaker_id).name for q in article.quotes if q.speaker_id}
    assert speakers == {"A Lyon resident"}


# 6. A pronoun with no antecedent stays unresolved: no speaker is ever named "he".
@pytest.mark.parametrize(
    "text, source",
    [
        (f"{LDQ}We will win,{RDQ} he said.", "he"),
        ("He said the company would cut 500 jobs.", "He"),
        ("She said the plant would reopen in May.", "She"),
        (f"{LDQ}We are ready,{RDQ} he said, {LDQ}but we need more ammunition.{RDQ}", "he"),
    ],
)
def test_pronoun_without_antecedent_is_unresolved(only_quote, text, source):
    article, quote = only_quote(text)
    assert quote.source.text == source
    assert quote.speaker_id is None
    assert article.speakers == []


# 7. A person who only appears inside a quote is not a speaker.
@pytest.mark.parametrize(
    "text, source, speakers",
    [
        (f"{LDQ}Nuzhin betrayed his people,{RDQ} Prigozhin said.", "Prigozhin", ["Prigozhin"]),
        (f"Prigozhin said: {LDQ}Nuzhin betrayed his people. Shoigu lied to us.{RDQ}", "Prigozhin", ["Prigozhin"]),
        # the quote is found, its "he" resolves to no one, and the person it names is still no speaker
        (f"{LDQ}I told Angela Merkel it would not work,{RDQ} he said.", "he", []),
    ],
)
def test_person_inside_quote_is_not_a_speaker(only_quote, text, source, speakers):
    article, quote = only_quote(text)
    assert quote.source.text == source
    assert [s.name for s in article.speakers] == speakers


# 8. A quote with no cue after an attributed quote in the previous paragraph
#    takes its speaker, flagged "continued".
@pytest.mark.parametrize(
    "text, name",
    [
        (f"{LDQ}It was a very difficult process,{RDQ} Caesar says.\n\n"
         f"{LDQ}It took me several months to get here.{RDQ}", "Caesar"),
        (f"Maria Kovalenko runs a bakery in Kherson.\n\n{LDQ}We bake bread every morning,{RDQ} she says.\n\n"
         f"{LDQ}People need something normal.{RDQ}", "Maria Kovalenko"),
        (f"{LDQ}The health issue is real,{RDQ} said Pat Caddell.\n\n{LDQ}Voters can see it.{RDQ}", "Pat Caddell"),
    ],
)
def test_uncued_quote_continues_previous_speaker(analyze, speaker, text, name):
    article = analyze(text)
    assert len(article.quotes) == 2
    first, second = article.quotes
    assert second.cue is None
    assert second.flags == ["continued"]
    assert second.speaker_id == first.speaker_id
    assert speaker(article, second).name == name
    assert len(article.speakers) == 1


def test_a_definite_person_description_goes_back_to_the_person_named(analyze):
    article = analyze("Mayor Lena Ortiz opened the new bridge on Monday.\n\n"
                      "The harbourmaster said the bridge would carry 4,000 cars a day.")
    quote = next(q for q in article.quotes if "4,000 cars" in q.content.text)
    assert article.speaker(quote.speaker_id).name == "Lena Ortiz"


def test_twin_a_definite_description_of_no_person_does_not_go_back_to_one(analyze):
    # "the sky" is no person: the mayor named before did not go dark.
    article = analyze("Mayor Lena Ortiz opened the new bridge on Monday.\n\n"
                      f"By noon the sky went {LDQ}completely dark{RDQ} over the river.")
    [quote] = [q for q in article.quotes if "completely dark" in q.content.text]
    assert quote.source.text == "the sky" and quote.speaker_id is None
