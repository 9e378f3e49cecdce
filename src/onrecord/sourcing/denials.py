"""Denials as the parse shows them: whether a verb of denial denies something said, and what.

"Moscow denied the allegations" and "Beijing denied that its ships had entered"
deny a claim; "denied the champions a win", "the request was denied" and "did
not dispute that ..." do not. What is denied is the denial's own clause when it
states the claim ("rejected the notion that X": X), else something said earlier
("denied the report"), which the caller looks for.
"""

from __future__ import annotations

from spacy.tokens import Token

from onrecord.lexicons import words
from onrecord.records import Offsets
from onrecord.sourcing.common import subtree_bounds, trim

_POINTING = words("pointing_words")


def denies_a_claim(token: Token) -> bool:
    """A denial of something said: not a negated one ("did not dispute that ...", a concession) nor a
    refusal ("denied the champions a win", "the request was denied")."""
    if any(c.dep_ == "neg" for c in token.children):
        return False
    subject = next((c for c in token.children if c.dep_ == "nsubjpass"), None)
    if subject is not None:
        return subject.lemma_.lower() in words("claim_nouns") or subject.lower_ in _POINTING
    objects = [c for c in token.children if c.dep_ in ("dobj", "ccomp")]
    for obj in objects:
        if obj.dep_ == "ccomp" or obj.lemma_.lower() in words("claim_nouns") or obj.lower_ in _POINTING:
            return True
        if obj.tag_ == "WDT" or any(c.dep_ == "det" and c.lower_ == "any" for c in obj.children):
            return True  # "allegations ..., which he has denied"; "denied any role in the attacks"
    if not objects and token.dep_ == "relcl" and token.head.lemma_.lower() in words("claim_nouns"):
        return True  # "an accusation the firm disputes": the claim noun is what is denied
    return not objects and token.lemma_ == "deny"


def claim_denied(denial: Token, text: str) -> Offsets | None:
    """The claim a denial states itself, when it does: "denied that X" and "rejected the notion that X"
    give X, "denied any role in X" its object, "allegations that X, which he denied" the allegation.
    None when the object points back ("denied the report", "rejected it"): the claim is earlier."""
    obj = next((c for c in denial.children if c.dep_ in ("ccomp", "dobj")), None)
    if obj is None:
        return None
    if obj.dep_ == "ccomp":
        return without_that(obj, text)
    if obj.tag_ == "WDT" and denial.dep_ == "relcl":
        # "accusations that he misused the funds, which he denied": the clause may hang on "funds"
        nouns = [denial.head, *denial.head.ancestors]
        head = next((t for t in nouns if t.lemma_.lower() in words("claim_nouns")), denial.head)
        return trim(text, subtree_bounds(head)[0], subtree_bounds(denial)[0])
    clause = next((t for t in obj.subtree if t.dep_ in ("acl", "ccomp") and _opens_with_that(t)), None)
    if clause is not None:
        return without_that(clause, text)
    if any(c.dep_ == "det" and c.lower_ == "any" for c in obj.children):
        return trim(text, *subtree_bounds(obj))
    return None


def _opens_with_that(clause: Token) -> bool:
    first = min(clause.subtree, key=lambda t: t.i)
    return first.lower_ == "that"


def without_that(clause: Token, text: str) -> Offsets:
    """The clause's span without its opening "that": the claim itself."""
    start, end = subtree_bounds(clause)
    first = min(clause.subtree, key=lambda t: t.i)
    if first.lower_ == "that" and first.dep_ == "mark":
        start = first.idx + len(first.text)
    return trim(text, start, end)
