"""The claim a denial is linked to: the one it states itself, or the earlier report it points back to."""

from __future__ import annotations


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
