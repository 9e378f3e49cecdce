"""The claim a denial is linked to: the one it states itself, or the earlier report it points back to."""

from __future__ import annotations

import pytest


def _caveat(article, kind):
    found = [c for c in article.caveats if c.kind == kind]
    assert len(found) == 1, [(c.kind, c.text) for c in article.caveats]
    return found[0]


def test_a_denial_that_states_the_claim_is_linked_to_it(analyze):
    article = analyze("The regulator rejected the notion that the fees had been set in secret.")
    assert _caveat(article, "disputed").claim.text == "the fees had been set in secret"
    # Twin: a denial that points back is linked to the earlier report instead.
    twin = analyze("The Gazette reported that the fees had been set in secret. Ministry officials rejected the report.")
    caveat = _caveat(twin, "disputed")
    assert caveat.claim is None and caveat.quote_ids
    quote = next(q for q in twin.quotes if q.id == caveat.quote_ids[0])
    assert "set in secret" in quote.content.text


def test_a_claim_noun_with_its_that_clause_is_a_hedge_on_the_clause(analyze):
    article = analyze("The mayor faces a recall vote, including allegations that he sold city land to a cousin.")
    caveat = _caveat(article, "hedged")
    assert caveat.text == "allegations" and caveat.claim.text == "he sold city land to a cousin"
    passive = analyze("Claims were made that the ferry had carried too many passengers.")
    assert _caveat(passive, "hedged").claim.text == "the ferry had carried too many passengers"
    # Twin: the same noun with no claim spelled out hedges nothing.
    bare = analyze("The allegations were examined by a panel in July.")
    assert [c.kind for c in bare.caveats] == []


def test_a_claim_contradicted_is_disputed_not_hedged(analyze):
    article = analyze("The footage, contradicting the council's claim that the gate had been locked, was released on Monday.")
    assert [c.kind for c in article.caveats] == ["disputed"]


AFTER = ' "We open again on Friday," said Ilse Marek, who runs the kiosk on the quay.'
"""A quotation after the sentence tested: it is found, and no caveat of that sentence is its."""


def _kinds(article) -> list[tuple[str, str]]:
    """The caveats of ``article``, once the quotation AFTER is checked: found, and unqualified."""
    quote = next(q for q in article.quotes if "We open again on Friday" in q.content.text)
    assert not [c for c in article.caveats if quote.id in c.quote_ids]
    return [(c.kind, c.text) for c in article.caveats]


def test_a_reported_figure_is_hedged_and_a_report_is_not(analyze):
    article = analyze("The striker wants to leave the club, which paid a reported $40 million for him last year." + AFTER)
    assert _kinds(article) == [("hedged", "reported")]
    # Twin: the verb that reports is a cue, not a hedge.
    assert _kinds(analyze("The Herald reported that the striker wants to leave the club." + AFTER)) == []


def test_a_claim_reported_as_no_ones_is_hedged(analyze):
    article = analyze("It is understood that the ferry company has ordered two new boats." + AFTER)
    assert [k for k, _ in _kinds(article)] == ["hedged"]
    # Twin: the outlet's own statement of what is plain hedges nothing.
    assert _kinds(analyze("It is clear that the ferry company has ordered two new boats." + AFTER)) == []


def test_evidence_set_against_a_claim_disputes_it(analyze):
    article = analyze("Engineers insist the bridge is sound, even though photographs show rust along its cables." + AFTER)
    assert [k for k, _ in _kinds(article)] == ["disputed"]
    # Twin: "even though" without evidence shown is the outlet's narration.
    assert _kinds(analyze("Engineers insist the bridge is sound, even though the council closed it last year." + AFTER)) == []


def test_an_accusation_the_accused_disputes_is_disputed(analyze):
    article = analyze("The audit accuses the mayor of hiding costs, an accusation the mayor disputes." + AFTER)
    assert [k for k, _ in _kinds(article)] == ["disputed"]
    # Twin: a relative clause that repeats the accusation disputes nothing.
    assert _kinds(analyze("The audit accuses the mayor of hiding costs, an accusation the mayor repeated." + AFTER)) == []


@pytest.mark.parametrize(
    "text, hedged",
    [
        ("The mayor is struggling to show how the council was swayed by donations from developers, "
         "as she has often alleged.", True),
        ("Residents said that the river was clean and according to the report, the fishermen alleged "
         "that the plant had dumped waste.", True),
        # Twins: the same sentences with a neutral verb hedge nothing.
        ("The mayor is struggling to show how the council was swayed by donations from developers, "
         "as she has often said.", False),
        ("Residents said that the river was clean and according to the report, the fishermen said "
         "that the plant had dumped waste.", False),
    ],
)
def test_a_hedging_verb_no_quote_was_made_of_is_a_hedge(analyze, text, hedged):
    assert ("hedged" in [k for k, _ in _kinds(analyze(text + AFTER))]) is hedged
