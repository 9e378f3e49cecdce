"""Name mentions: who is named where, outside the quotations.

A person who only appears inside a quote is not a candidate speaker (in
``“Nuzhin betrayed his people”`` Nuzhin is quoted about, not quoting), so
quoted regions are excluded. Quoted names after a naming cue (``goes by the
call-sign “Caesar.”``) are person mentions whatever the NER says.
"""

from __future__ import annotations

from dataclasses import dataclass

from onrecord.spans import DisjointSpans, doc_text
from spacy.tokens import Doc, Token

from onrecord.attribution.quotes import Quotation

_PERSON_LABELS = {"PERSON"}
_ORG_LABELS = {"ORG", "GPE", "NORP"}
_TITLES = {"mr", "mrs", "ms", "dr", "sen", "rep", "gov", "gen", "president", "senator", "sir", "lord", "pres"}


@dataclass
class NameMention:
    start: int
    end: int
    name: str  # cleaned: no title, no possessive
    kind: str  # person | organization
    subject: bool  # a clause subject: more salient as an antecedent than a possessor
    quoted: bool = False  # a quoted name after a naming cue: “Caesar”


def clean_name(text: str) -> str:
    """``Russian President Vladimir Putin’s`` -> ``Vladimir Putin``-like cleaning of edges."""
    text = text.strip(" \t\n\u00a0,.;:“”\"'‘’«»")
    for suffix in ("’s", "'s", "’", "'"):
        if text.endswith(suffix):
            text = text[: -len(suffix)]
    words = text.split()
    while len(words) > 1 and words[0].lower().rstrip(".") in _TITLES:
        words = words[1:]
    if words and words[0].lower() == "the":
        words = words[1:]
    return " ".join(words)


def find_name_mentions(doc: Doc, quoted: DisjointSpans, names: list[Quotation]) -> list[NameMention]:
    """Every named person or organisation outside ``quoted`` regions, in text order."""
    name_quotes = DisjointSpans([(q.start, q.end) for q in names])
    mentions: list[NameMention] = []
    for ent in doc.ents:
        if ent.label_ not in _PERSON_LABELS | _ORG_LABELS:
            continue
        if quoted.overlapping(ent.start_char, ent.start_char + 1) or name_quotes.overlapping(ent.start_char, ent.end_char):
            continue
        name = clean_name(ent.text)
        if not name or not name[0].isupper():
            continue
        kind = "person" if ent.label_ in _PERSON_LABELS else "group" if ent.label_ == "NORP" else "organization"
        mentions.append(NameMention(ent.start_char, ent.end_char, name, kind, _is_subject(ent.root)))
    for quote in names:
        name = clean_name(doc_text(doc)[quote.content_start : quote.content_end])
        if name:
            mentions.append(NameMention(quote.content_start, quote.content_start + len(name), name, "person", True, True))
    mentions.sort(key=lambda m: m.start)
    return mentions


def proper_name_at(token: Token) -> tuple[int, int, str] | None:
    """A capitalised name the NER missed: ``Silent says`` (a call-sign as subject)."""
    if token.pos_ not in ("PROPN", "NOUN", "ADJ") or not token.text[:1].isupper():
        return None
    # The compounds right before it, not every compound below it: under the root of
    # "PENCE: And that's why Donald Trump ..." hang "Donald" and "White" too.
    words = [token]
    for left in reversed(list(token.lefts)):
        if left.dep_ != "compound" or left.i != words[0].i - 1:
            break
        words.insert(0, left)
    if any(not w.text[:1].isupper() for w in words):
        return None
    start, end = words[0].idx, words[-1].idx + len(words[-1].text)
    return start, end, clean_name(doc_text(token.doc)[start:end])


def _is_subject(token: Token) -> bool:
    return token.dep_ in ("nsubj", "nsubjpass", "appos") or (
        token.dep_ == "compound" and token.head.dep_ in ("nsubj", "nsubjpass")
    )
