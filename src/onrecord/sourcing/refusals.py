"""Refusals to act: "refused to sign the trade agreement", "declined to run for reelection",
"rejected the developer's appeal".

The attribution stage reads a refusal's infinitive as what was refused, as
PolNeAR counts intentions, and the quote stays, flagged ``refused``. For
sourcing, a refusal says nothing a reader can quote: its doer is no source of
what the article reports, and unless it is a refusal to comment (a
non-response, found by ``non_responses`` and no quote at all) it is no record
of its own either. In "Asked
about it, the senator refused to endorse the plan" nothing was said; in "the
senator refused to say whether he backed the plan" something was withheld,
and that is a non-response.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from onrecord.attribution.draft import Draft
from onrecord.lexicons import words

REFUSED = "refused"
"""The quote flag of a refusal to act."""


def refusals_to_act(doc: Doc, drafts: list[Draft]) -> list[Draft]:
    """The drafts whose reporting verb is a refusal (refusal_verbs) and whose content is the
    infinitive of what was refused ("to fight in the war", "to hold hearings"), or a verb
    rejecting a request or proposal ("rejected a request from the party")."""
    found = []
    for draft in drafts:
        if draft.type == "direct" or draft.cue_head is None:
            continue
        cue = doc[draft.cue_head]
        if cue.lemma_.lower() in words("refusal_verbs"):
            act = next((c for c in cue.children if c.dep_ == "xcomp" and c.pos_ in ("VERB", "AUX")), None)
            if act is not None and any(start <= act.idx < end for start, end in draft.content):
                found.append(draft)
        elif _refused_too(cue) or _rejects_a_proposal(cue, draft):
            found.append(draft)
    return found


def _rejects_a_proposal(verb: Token, draft: Draft) -> bool:
    """ "The council rejected two amendments to the budget": turning down a request or proposal
    (proposal_nouns) is a ruling or a vote, not a statement. "rejected the notion that ..." is
    a denial and stays one."""
    if verb.lemma_.lower() not in words("rejection_verbs"):
        return False
    thing = next((c for c in verb.children if c.dep_ == "dobj"), None)
    return (thing is not None and thing.lemma_.lower() in words("proposal_nouns")
            and any(start <= thing.idx < end for start, end in draft.content))


def _refused_too(verb: Token) -> bool:
    """A verb in the refused infinitive, or coordinated with it, is refused with it: in "the
    minister declined to sign the accord or endorse its terms" nothing was endorsed."""
    while verb.dep_ == "conj" and verb.head != verb:
        verb = verb.head
    return verb.dep_ == "xcomp" and verb.head.lemma_.lower() in words("refusal_verbs")
