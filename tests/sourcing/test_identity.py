"""Identity, one meaning each: named, partial, pseudonym, anonymous, not-applicable, unknown.

And the unnamed share counts anonymous and pseudonymous persons only. Every
negative has a positive twin of the same construction.
"""

from __future__ import annotations

import pytest

from onrecord.records import Quote, Speaker
from onrecord.sourcing.summary import summarize


def _identity_of(analyze, text: str, part: str) -> str:
    article = analyze(text)
    found = [s for s in article.speakers if part in s.name]
    assert len(found) == 1, [(s.name, s.identity) for s in article.speakers]
    return found[0].identity


@pytest.mark.parametrize(
    "text, part, identity",
    [
        ("Tomas Berglund, a ferry captain, said the crossing was closed.", "Berglund", "named"),
        ("Dariya, a baker in the old town, said flour had run out.", "Dariya", "partial"),
        ("Pavel, who gave only his first name, said the road was mined.", "Pavel", "partial"),
        ("A medic who goes by the call-sign Owl said the ward was full.", "medic", "pseudonym"),
        ("A senior diplomat said the talks would resume in March.", "diplomat", "anonymous"),
        ("Republicans said the bill went too far.", "Republicans", "not-applicable"),
    ],
)
def test_identity_values(analyze, text, part, identity):
    assert _identity_of(analyze, text, part) == identity


def test_a_first_name_is_partial_only_when_the_full_name_is_never_given(analyze):
    text = "Dariya, a baker, said flour had run out. Dariya Melnyk, 52, has baked bread in the town for thirty years."
    assert _identity_of(analyze, text, "Dariya") == "named"
    # Twin: the same introduction with no full name anywhere is partial.
    twin = "Dariya, a baker, said flour had run out. She has baked for thirty years."
    assert _identity_of(analyze, twin, "Dariya") == "partial"


@pytest.mark.parametrize(
    "text, identity",
    [
        # A bare surname is the name the article (or the reader) knows the person by.
        ("Kowalczyk said the harbour would reopen in the spring.", "named"),
        ("Mr. Kowalczyk said the harbour would reopen in the spring.", "named"),
        # Twins: one name that introduces the person, or whose rest the article keeps back.
        ("Kowalczyk, a harbour pilot, said the harbour would reopen in the spring.", "partial"),
        ("Kowalczyk, 61, said the harbour would reopen in the spring.", "partial"),
        ("Kowalczyk, who asked that his surname not be printed, said the harbour would reopen.", "partial"),
    ],
)
def test_one_name_is_partial_only_where_the_article_shows_it_gives_no_other(analyze, text, identity):
    assert _identity_of(analyze, text, "Kowalczyk") == identity


@pytest.mark.parametrize(
    "text, part, identity",
    [
        # A definite description of one person: someone the article names elsewhere.
        ("The harbourmaster said the pier had been closed since May.", "harbourmaster", "unknown"),
        ("His accountant said the accounts had been filed on time.", "accountant", "unknown"),
        # Twins: an indefinite one, one restricted by a clause, one whose name is withheld.
        ("A harbourmaster said the pier had been closed since May.", "harbourmaster", "anonymous"),
        ("The harbourmaster who met the ferry said the pier had been closed since May.", "harbourmaster", "anonymous"),
        ("The harbourmaster, who asked not to be named, said the pier had been closed since May.",
         "harbourmaster", "anonymous"),
    ],
)
def test_a_definite_description_is_unknown_unless_the_name_is_withheld(analyze, text, part, identity):
    assert _identity_of(analyze, text, part) == identity


@pytest.mark.parametrize(
    "text, part, identity",
    [
        ("The memo's author aside, a 2019 survey found that most tenants paid late.", "survey", "not-applicable"),
        ("The letter said the depot would close at the end of the year.", "letter", "not-applicable"),
        ("The court said the appeal had been filed too late.", "court", "not-applicable"),
        ("Her union said the strike would go ahead.", "union", "unknown"),
        # Twin: a person described the same way is an unnamed source.
        ("A clerk said the depot would close at the end of the year.", "clerk", "anonymous"),
    ],
)
def test_documents_and_bodies_are_not_unnamed_people(analyze, text, part, identity):
    assert _identity_of(analyze, text, part) == identity


def test_people_counted_or_pointed_at_are_anonymous(analyze):
    assert _identity_of(analyze, "Three fishermen said the catch had halved.", "fishermen") == "anonymous"
    assert _identity_of(analyze, "On the quay, the fishermen said the catch had halved.", "fishermen") == "anonymous"
    # Twin: a body of people named by what they are is not-applicable.
    assert _identity_of(analyze, "Conservationists said the catch had halved.", "Conservationists") == "not-applicable"


def test_a_group_is_not_an_anonymous_source(analyze):
    text = "In the valley, farmers said the drought had ruined the harvest."
    assert _identity_of(analyze, text, "farmers") == "not-applicable"
    # Twin: one unnamed person is.
    twin = "In the valley, a farmer said the drought had ruined the harvest."
    assert _identity_of(analyze, twin, "farmer") == "anonymous"


def _quote(qid: str, text: str, speaker_id: str) -> Quote:
    return Quote.model_validate({"id": qid, "type": "direct", "speaker_id": speaker_id,
                                 "content": {"text": text, "spans": [[0, len(text)]]}})


def test_unnamed_share_counts_anonymous_and_pseudonymous_persons_only():
    speakers = [
        Speaker(id="s1", name="officials", kind="group", identity="not-applicable"),
        Speaker(id="s2", name="a records office", kind="organization", identity="anonymous"),
        Speaker(id="s3", name="a senior aide", kind="person", identity="anonymous"),
        Speaker(id="s4", name="Owl", kind="person", identity="pseudonym"),
    ]
    quotes = [_quote("q1", "x" * 40, "s1"), _quote("q2", "x" * 40, "s2"),
              _quote("q3", "x" * 10, "s3"), _quote("q4", "x" * 10, "s4")]
    summary = summarize(quotes, speakers, [])
    assert summary.unnamed_share == 0.2  # 20 of 100 characters: the aide and Owl
    assert (summary.quotes_by_identity.not_applicable, summary.quotes_by_identity.anonymous) == (1, 2)


def test_a_nickname_elsewhere_in_the_sentence_leaves_a_full_name_named(analyze):
    text = ('Tomas Varga, whose rivals once gave him the nickname "the Hammer," said at the rally that '
            'the bridges would be fixed first.')
    assert _identity_of(analyze, text, "Varga") == "named"
    # Twin: a name the nickname phrase is about is a pseudonym.
    twin = "Hammer, a nickname the volunteer chose, said at the rally that the bridges would be fixed first."
    assert _identity_of(analyze, twin, "Hammer") == "pseudonym"


def test_a_common_noun_said_not_to_be_a_real_name_is_a_pseudonym(analyze):
    text = "Chisel (not his real name) said the guards had locked the gate at dusk."
    assert _identity_of(analyze, text, "Chisel") == "pseudonym"
    # Twin: the same word with nothing said about it is the name the article gives.
    assert _identity_of(analyze, "Chisel said the guards had locked the gate at dusk.", "Chisel") == "named"


def test_a_persons_own_nickname_leaves_the_name_named(analyze):
    text = "Kessler's nickname is Avi. Kessler said the port would reopen."
    assert _identity_of(analyze, text, "Kessler") == "named"
    # Twin: the nickname phrase that follows the name as its apposition makes it a pseudonym.
    twin = "Kessler, a nickname the dock worker chose, said the port would reopen."
    assert _identity_of(analyze, twin, "Kessler") == "pseudonym"


def test_a_word_on_surnames_leaves_a_full_name_named(analyze):
    text = "Greta Lindahl said her husband had taken her last name when they married."
    assert _identity_of(analyze, text, "Lindahl") == "named"
    # Twin: a single name whose surname the article keeps back is partial.
    twin = "Greta, who asked that her last name not be printed, said the market had closed."
    assert _identity_of(analyze, twin, "Greta") == "partial"


@pytest.mark.parametrize(
    "text",
    [
        "Ewa Kowalczyk runs the bakery. Kowalczyk, a baker for thirty years, said flour had run out.",
        "Mr. Kowalczyk, a baker for thirty years, said flour had run out.",
    ],
)
def test_one_name_introduced_is_named_where_the_article_gives_more(analyze, text):
    assert _identity_of(analyze, text, "Kowalczyk") == "named"
    # Twin: the same introduction with nothing more is partial.
    assert _identity_of(analyze, "Kowalczyk, a baker for thirty years, said flour had run out.", "Kowalczyk") == "partial"


@pytest.mark.parametrize(
    "text, part, identity",
    [
        # A body described by a name it belongs to: the passage says which body it is.
        ("Ostrowski's campaign said the rally would go ahead.", "campaign", "named"),
        ("The Norwegian government said the talks would resume in March.", "government", "named"),
        ("The government in Oslo has denied any role in the sale.", "government", "named"),
        # Twins: the same bodies with nothing that says which one they are.
        ("His campaign said the rally would go ahead.", "campaign", "unknown"),
        ("The government has denied any role in the sale.", "government", "not-applicable"),
        ("The ministry in charge has denied any role in the sale.", "ministry", "not-applicable"),
    ],
)
def test_a_body_described_by_its_owner_or_country_is_named(analyze, text, part, identity):
    assert _identity_of(analyze, text, part) == identity


def test_a_poll_by_its_name_is_not_a_named_source(analyze):
    text = "A Harbor Research Poll found that most voters backed the levy."
    assert _identity_of(analyze, text, "Poll") == "not-applicable"
    # Twin: the pollster by its name is a named source.
    twin = "Harbor Research found that most voters backed the levy."
    assert _identity_of(analyze, twin, "Harbor Research") == "named"


def test_a_surname_opening_the_sentence_is_a_name_whatever_its_tag(analyze):
    # "Sawyer" opens the sentence and the tagger reads it as a common noun; a singular common noun
    # does not stand alone as a subject, so it is a name.
    text = "Sawyer, for her part, has denied that the audit was rushed."
    assert _identity_of(analyze, text, "Sawyer") == "named"
    # Twin: a common noun with its determiner opening the same sentence is a description.
    twin = "The sawyer, for her part, has denied that the audit was rushed."
    assert _identity_of(analyze, twin, "sawyer") == "unknown"


def test_one_party_member_is_an_unnamed_person_and_the_party_a_body(analyze):
    text = "The vote was delayed, according to a Republican familiar with the talks."
    assert _identity_of(analyze, text, "Republican") == "anonymous"
    # Twin: the party word in the plural is the party's people taken as a body.
    twin = "The vote was delayed, according to Republicans familiar with the talks."
    assert _identity_of(analyze, twin, "Republicans") == "not-applicable"


@pytest.mark.parametrize(
    "text, identity",
    [
        # "A number of ...": the identity is that of what is counted.
        ("A number of surveys have found that most tenants paid late.", "not-applicable"),
        ("A significant number of Liberals said they would back the bill.", "not-applicable"),
        # Twin: a number of unnamed people are unnamed sources.
        ("A number of officials said the talks had stalled.", "anonymous"),
    ],
)
def test_a_number_of_them_takes_the_identity_of_what_is_counted(analyze, text, identity):
    assert _identity_of(analyze, text, "number") == identity
