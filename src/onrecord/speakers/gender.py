"""Gender from the article's own words, so that a pronoun goes only to a person it can refer to.

Evidence is what the text says of the person: an honorific before the name
("Ms. Ortiz"), a noun in apposition or as a title ("Ray Vale, the mayor's
husband", "Congresswoman Rita Vale"), the head of a description that became
the speaker ("the woman said"), or a pronoun the sentence itself ties to the
person ("Tom Hale said he would stay": the first pronoun after a subject, in
its sentence, with no other person named between). A pronoun that onrecord
itself resolved is not evidence: one wrong guess would then lock every later
pronoun out of the right person. A first name is never evidence: users who
want name-based inference add it themselves. Conflicting evidence leaves the
gender unknown.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from onrecord import lexicons

Evidence = tuple[str, tuple[int, int]]  # ("female" | "male", the span that shows it)

_FEMALE = lexicons.words("female_words")
_MALE = lexicons.words("male_words")
_HONORIFIC_REACH = 2  # tokens before a name that may be its honorific: "Mrs." or "Ms ."


def gender_of_word(word: str) -> str | None:
    """``female`` or ``male`` when the word alone says so ("she", "Mr.", "spokeswoman"), else None."""
    key = word.lower().rstrip(".")
    if key in _FEMALE:
        return "female"
    if key in _MALE:
        return "male"
    return None


def gender_of(evidence: list[Evidence]) -> str:
    """One gender when all the evidence agrees; ``unknown`` when there is none or it conflicts."""
    found = {gender for gender, _ in evidence}
    return found.pop() if len(found) == 1 else "unknown"


def compatible(known: str, wanted: str | None) -> bool:
    """Whether a person of gender ``known`` can be referred to by a word asking for ``wanted``."""
    return wanted is None or known in ("unknown", wanted)


def name_evidence(doc: Doc, start: int, end: int) -> list[Evidence]:
    """What the text around a name says of the named person's gender.

    The honorific right before the name or opening it ("Mr. Obama"), a title
    compound inside it ("Congresswoman Rita Vale"), and a gendered noun in
    apposition either way ("Dan Lee, her husband," / "her husband, Dan Lee,").
    """
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return []
    found: list[Evidence] = []
    before = doc[max(span.start - _HONORIFIC_REACH, 0) : span.start]
    for token in [*before, *span]:
        gender = gender_of_word(token.text)
        if gender and token.pos_ != "PRON" and (token.i < span.start or token.i < span.end - 1):
            found.append(_of(gender, token))
    root = span.root
    nouns = [c for c in root.children if c.dep_ == "appos"]
    if root.dep_ == "appos":
        nouns.append(root.head)
    found += [_of(g, noun) for noun in nouns if (g := gender_of_word(noun.text)) and noun.pos_ == "NOUN"]
    return found


def bound_pronoun_evidence(doc: Doc, start: int, end: int, blocked) -> list[Evidence]:
    """The pronoun a subject name's own sentence ties to it: the first gendered pronoun after
    the name, when it is the subject of a clause under the name's verb and ``blocked`` (an
    offset -> bool test: another person named there, or a quotation) stops nothing before it.

    "Tom Hale said he would stay" ties "he" to Tom Hale. Nothing is tied in "Tom
    Hale told Ann Poe she could stay" (Ann Poe comes first), nor in "Ann Poe
    scolded him" or "Ann Poe met her" (an object of the name's own verb is
    someone else), nor in "Ann Poe waved, and he left" (a coordinated clause).
    """
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return []
    verb = span.root.head
    for token in doc[span.end : span.sent.end]:
        if blocked(token.idx):
            return []
        gender = gender_of_word(token.text) if token.pos_ == "PRON" else None
        if gender:
            bound = token.dep_ in ("nsubj", "nsubjpass") and _subordinate_to(token.head, verb)
            return [_of(gender, token)] if bound else []
    return []


def _subordinate_to(clause: Token, verb: Token) -> bool:
    """Whether ``clause`` hangs below ``verb`` through subordination only: "said he would",
    not "was waving, and she was leaving" (a coordinated clause with a subject of its own)."""
    while clause.i != verb.i:  # spaCy makes a new Token object on each access: compare indices
        if clause.dep_ == "conj" or clause.head.i == clause.i:
            return False
        clause = clause.head
    return True


def head_evidence(head: Token) -> list[Evidence]:
    """A description's head noun as evidence: "the woman said", "a spokesman for the firm said"."""
    gender = gender_of_word(head.text) if head.pos_ == "NOUN" else None
    return [_of(gender, head)] if gender else []


def pronoun_gender(head: Token) -> str | None:
    """The gender a pronoun or a gendered description asks of its antecedent."""
    if head.pos_ == "PRON" or head.pos_ == "NOUN":
        return gender_of_word(head.text)
    return None


def _of(gender: str, token: Token) -> Evidence:
    return gender, (token.idx, token.idx + len(token.text))
