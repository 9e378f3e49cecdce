"""Refusals and silences are non-response records, never quotes.

Every negative ("this refusal is not a quote", "this is not a non-response")
has a positive twin of the same construction.
"""

from __future__ import annotations

import pytest


BESIDE = ' "We reopen on Friday," said Ilse Marek, a shopkeeper on the square.'
"""A quotation put beside a refusal or a near miss: it stays the one quote, with its speaker."""


def _only_the_quote_beside(article) -> None:
    assert [q.content.text.strip('"“”,') for q in article.quotes] == ["We reopen on Friday"]
    speaker = article.speaker(article.quotes[0].speaker_id)
    assert speaker is not None and speaker.name == "Ilse Marek"


def _only_refusal(article):
    assert len(article.non_responses) == 1, [(n.kind, n.text.text) for n in article.non_responses]
    return article.non_responses[0]


@pytest.mark.parametrize(
    "text, kind, phrase",
    [
        ("The harbour authority declined to comment on the dredging plan.", "declined",
         "declined to comment on the dredging plan"),
        ("A lawyer for the builder declined to be interviewed.", "declined", "declined to be interviewed"),
        ("The coach would not say whether the striker was injured.", "declined",
         "would not say whether the striker was injured"),
        ("A spokeswoman for the airline did not respond to requests for comment.", "no-response",
         "did not respond to requests for comment"),
        ("The landlord did not return calls on Tuesday.", "no-response", "did not return calls"),
        ("Councillor Brandt could not be reached for comment.", "unreachable", "could not be reached for comment"),
        ("The ferry operator wouldn\u2019t say when the route would resume.", "declined",
         "wouldn\u2019t say when the route would resume"),
        ("The museum's director declined to publicly comment.", "declined", "declined to publicly comment"),
        ("The bakery's owner declined to weigh in.", "declined", "declined to weigh in"),
        ("The regional council has no comment.", "declined", "has no comment"),
        ("The tenant could not be located.", "unreachable", "could not be located"),
        ("The landlord declined to give a date for the repairs.", "declined",
         "declined to give a date for the repairs"),
        ("The mill's owner declined to name the buyers.", "declined", "declined to name the buyers"),
        ("Neither bakery would comment on the flour prices.", "declined",
         "Neither bakery would comment on the flour prices"),
        ("Neither the skipper nor his mate could be reached for comment.", "unreachable",
         "Neither the skipper nor his mate could be reached for comment"),
    ],
)
def test_refusal_is_a_non_response_not_a_quote(analyze, text, kind, phrase):
    article = analyze(text + BESIDE)
    found = _only_refusal(article)
    assert (found.kind, found.text.text) == (kind, phrase)
    _only_the_quote_beside(article)  # twin: the quotation beside the refusal is a quote


def test_refusal_keeps_its_speaker_and_what_it_was_about(analyze):
    article = analyze("Hanna Lindqvist, the club's treasurer, declined to comment on the audit.")
    found = _only_refusal(article)
    assert found.about is not None and found.about.text == "the audit"
    speaker = article.speaker(found.speaker_id)
    assert speaker is not None and "Lindqvist" in speaker.name


def test_a_day_is_not_what_the_refusal_was_about(analyze):
    article = analyze("The contractor declined to comment on Monday." + BESIDE)
    assert _only_refusal(article).about is None
    _only_the_quote_beside(article)
    # Twin: a topic after "on" is what it was about.
    twin = analyze("The contractor declined to comment on the delays.")
    assert _only_refusal(twin).about.text == "the delays"


def test_refusal_beside_a_quote_leaves_the_quote(analyze):
    article = analyze("The mayor declined to comment on the budget, but said the library would stay open.")
    assert [n.kind for n in article.non_responses] == ["declined"]
    assert [q.content.text for q in article.quotes] == ["the library would stay open"]


def test_responding_in_kind_is_no_non_response(analyze):
    article = analyze("The candidate was heckled twice, but she did not respond in kind." + BESIDE)
    assert article.non_responses == []
    _only_the_quote_beside(article)
    # Twin: not responding to a request is one.
    twin = analyze("The candidate's office did not respond to an emailed request on Tuesday.")
    assert _only_refusal(twin).kind == "no-response"


def test_a_refusal_inside_what_someone_says_is_theirs(analyze):
    article = analyze("Her lawyer said the witness would refuse to answer any questions from the board.")
    assert article.non_responses == []
    assert len(article.quotes) == 1
    # Twin: the same refusal told by the outlet is a record.
    twin = analyze("The witness refused to answer any questions from the board.")
    assert _only_refusal(twin).kind == "declined"


def test_text_listing_shows_the_refusal_under_its_speaker(analyze):
    from onrecord.output import to_text

    listing = to_text(analyze("Hanna Lindqvist, the club's treasurer, declined to comment on the audit."))
    assert "n1 [declined] declined to comment on the audit (source: Hanna Lindqvist" in listing
    assert "0 quotes" in listing.splitlines()[0]


def test_having_no_comment_section_is_no_non_response(analyze):
    article = analyze("The paper has no comment section on its website." + BESIDE)
    assert article.non_responses == []
    _only_the_quote_beside(article)
    # Twin: having no comment on a matter is one.
    twin = analyze("The paper has no comment on the lawsuit.")
    assert _only_refusal(twin).kind == "declined"


def test_declining_to_act_is_no_non_response(analyze):
    # Twin of "declined to give a date": declining to run, to do something, is not declining to answer.
    article = analyze("The landlord declined to run for the council again." + BESIDE)
    assert article.non_responses == []
    # Twin of "Neither bakery would comment": "neither" with an act is no refusal to answer either.
    twin = analyze("Neither bakery would open on Sunday." + BESIDE)
    assert twin.non_responses == []


def _refusals(analyze, text: str) -> list[tuple[str, str]]:
    return [(n.kind, n.text.text) for n in analyze(text).non_responses]


def test_no_comment_said_is_a_refusal_inside_the_quotation(analyze):
    text = "Asked about the merger, the chairman paused and said, \u201cNo comment,\u201d before leaving the hall."
    assert _refusals(analyze, text) == [("declined", "No comment")]
    body = ("\u201cWe are proud of the season,\u201d the club said. "
            "\u201cThe club has no comment on the transfer rumours.\u201d")
    assert _refusals(analyze, body) == [("declined", "has no comment on the transfer rumours")]
    # Twin: a refusal foretold in what someone says is their claim, not a refusal on record.
    assert _refusals(analyze, "Her lawyer said she would have no comment until the trial.") == []


@pytest.mark.parametrize(
    "text, found",
    [
        # A request for comment left unanswered, however it is put.
        ("The utility did not respond to the request for comment.", True),
        ("The landlord did not reply to requests to comment about the evictions.", True),
        ("The landlord did not respond to messages seeking to discuss the evictions.", True),
        ("The landlord did not return two calls and an email seeking comment.", True),
        # Twins: a request to do something, left undone, is no refusal to comment.
        ("The mayor asked the utility to waive the fees. The utility did not respond to the request, "
         "and the fees stood.", False),
        ("Tenants were evicted because they did not respond to messages seeking to verify their income.", False),
    ],
)
def test_an_unanswered_request_to_act_is_not_a_non_response(analyze, text, found):
    article = analyze(text + BESIDE)
    assert bool([n for n in article.non_responses if "Marek" not in n.text.text]) is found
    # Either way, not answering is saying nothing: no quote of it, and the quote beside stays one.
    assert not [q for q in article.quotes if q.cue is not None and "respond" in q.cue.text]
    assert "We reopen on Friday" in [q.content.text.strip('"\u201c\u201d,') for q in article.quotes]


@pytest.mark.parametrize(
    "text, act",
    [
        ("The ferry company refused to lower its fares this winter.", "lower its fares"),
        ("Councillor Brandt declined to run for a third term.", "run for a third term"),
        ("The mayor has refused to sign the harbour lease, which the council approved in May.", "sign the harbour lease"),
        ("The port board rejected two amendments to the dredging budget on Monday.", "two amendments"),
    ],
)
def test_refusing_to_act_is_flagged_and_no_non_response(analyze, text, act):
    # Nothing was said: the refusal stays an attribution of intent, flagged, and no refusal to
    # comment is recorded; the quotation beside it is the one statement the summary counts.
    article = analyze(text + BESIDE)
    refused = [q for q in article.quotes if act in q.content.text]
    assert len(refused) == 1 and "refused" in refused[0].flags
    assert article.non_responses == []
    assert article.summary.quotes_by_identity.named == 1


def test_refusing_to_say_stays_a_non_response(analyze):
    # Twin: refusing to say is withholding an answer, a non-response, and no quote at all.
    article = analyze("The ferry company refused to say whether fares would rise." + BESIDE)
    _only_the_quote_beside(article)
    assert _only_refusal(article).kind == "declined"
    assert not [q for q in article.quotes if "refused" in q.flags]


def test_rejecting_a_claim_stays_a_statement(analyze):
    # Twin of "rejected two amendments": rejecting a claim is a denial, a statement of its own.
    article = analyze("The port board rejected the notion that the dredging budget had been overspent." + BESIDE)
    rejected = [q for q in article.quotes if "dredging budget" in q.content.text]
    assert len(rejected) == 1 and "refused" not in rejected[0].flags
    assert article.summary.quotes_by_identity.named + article.summary.quotes_by_identity.not_applicable == 2
