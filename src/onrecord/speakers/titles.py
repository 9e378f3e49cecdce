"""Titles and descriptions written with a name, so that a later description finds the name.

"PAHO Director Carissa F. Etienne ... the Director noted" and "Conservative MP
Chris Grayling ... the Conservative MP said" are one person each: the
description repeats the title the article wrote before the name (or in
apposition to it: "Chris Grayling, the Conservative MP for East Surrey").
Only that evidence joins them; a description is never joined to a name for
being near it.

Organisations the same way: "the trust said" after "the Citizens' Independent
Transportation Trust" is that trust, and an acronym written in brackets after a
name ("California Independent System Operator (ISO)") is that name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from onrecord import lexicons
from onrecord.spans import doc_text

_DEFINITE = lexicons.words("definite_determiners")
_TITLES = lexicons.words("speaker_titles")
_NAME_GLUE = lexicons.words("name_glue")  # not initials
_MAX_TITLE_WORDS = 8
_BRACKETS = {"(", ")"}
_ABBREVIATIONS = dict(entry.lower().split() for entry in lexicons.entries("title_abbreviations"))
_PERSON_NOUNS = lexicons.words("person_nouns") | lexicons.words("unnamed_source_nouns")


def _word(token: Token) -> str:
    """A title word as compared: lower-cased, a shortened title written whole ("Gov." -> "governor")."""
    word = token.lower_.rstrip(".")
    return _ABBREVIATIONS.get(word, word)


@dataclass(frozen=True)
class Title:
    """Words the article wrote with a name: the title's head noun last, all lower-cased."""

    words: tuple[str, ...]
    offset: int  # where it was written, for the most recent of several people with one title
    head: str = ""  # the head noun, when not the last word: "court" of "District Court of Appeal"

    def __post_init__(self) -> None:
        if not self.head:
            object.__setattr__(self, "head", self.words[-1])


def titles_of_name(doc: Doc, start: int, end: int) -> list[Title]:
    """The titles written before a name ("Conservative MP Chris Grayling") and in apposition
    to it ("Chris Grayling, the Conservative MP"), from the parse, never from proximity alone."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return []
    found = []
    before = _title_before(span)
    if before:
        found.append(Title(tuple(_word(t) for t in before), before[0].idx))
    for child in span.root.children:
        # Only after a comma: "Ted Cruz: Constitutional conservative?" is a headline, no apposition.
        if child.dep_ == "appos" and child.i >= span.end and _noun(child) and child.doc[span.end].text == ",":
            words = [t for t in child.doc[child.left_edge.i : child.i + 1] if _title_word(t)]
            if words and words[-1].i == child.i:
                found.append(Title(tuple(_word(t) for t in words), child.idx))
    return found


def _noun(token: Token) -> bool:
    return token.pos_ in ("NOUN", "PROPN") and not token.ent_type_ == "PERSON"


def _title_word(token: Token) -> bool:
    return token.pos_ in ("NOUN", "PROPN", "ADJ") and token.text not in _BRACKETS


def _title_before(span: Span) -> list[Token]:
    """The words right before a name that modify it: capitalised words and nouns compounded
    onto it ("Trust Executive Director", "trust member"), without brackets ("(PAHO) Director"
    keeps "Director")."""
    doc = span.doc
    words: list[Token] = []
    i = span.start - 1
    # A title the entity itself opens with: "President Ann Poe" tagged whole.
    inside = [t for t in span if t.lower_.rstrip(".") in _TITLES]
    while i >= 0 and len(words) < _MAX_TITLE_WORDS:
        token = doc[i]
        if token.text == ")" and words:
            words[:0] = _bracketed_name_before(doc, i)
            break
        attached = token.head.i in {w.i for w in words} | set(range(span.start, span.end))
        if token.dep_ not in ("compound", "amod") or not attached or token.pos_ not in ("PROPN", "NOUN", "ADJ"):
            break
        words.insert(0, token)
        i -= 1
    return words + inside if words or inside else []


def _bracketed_name_before(doc: Doc, close: int) -> list[Token]:
    """"Pan American Health Organization (PAHO)" before "Director": the name and its acronym,
    words of the title ("The PAHO Director" repeats it)."""
    open_ = next((j for j in range(close - 1, max(close - 5, 0), -1) if doc[j].text == "("), None)
    if open_ is None:
        return []
    inside = [t for t in doc[open_ + 1 : close] if t.pos_ == "PROPN"]
    name = []
    j = open_ - 1
    while j >= 0 and doc[j].pos_ == "PROPN" and len(name) < _MAX_TITLE_WORDS:
        name.insert(0, doc[j])
        j -= 1
    return name + inside if inside else []


def description_words(head: Token, start: int) -> tuple[str, ...] | None:
    """A definite description's words, lower-cased, head last: "the Conservative MP" ->
    ("conservative", "mp"); None when the source is no definite description."""
    if not any(c.dep_ == "det" and c.lower_ in _DEFINITE for c in head.children):
        return None
    words = [t for t in head.doc[head.left_edge.i : head.i + 1]
             if (t.idx >= start and t.dep_ in ("compound", "amod")) or t.i == head.i]
    # "The senator from Florida": the place must be in the title too ("Florida Sen. Ann Poe").
    places = [t for c in head.children if c.dep_ == "prep" and c.lower_ in ("from", "of")
              for t in c.subtree if t.dep_ in ("pobj", "compound") and t.text[:1].isupper()]
    return tuple(_word(t) for t in places + words)


def fits(words: tuple[str, ...], title: Title) -> bool:
    """Whether a description repeats a title: the same head noun, every other word in the title."""
    return words[-1] == title.head and set(words[:-1]) <= set(title.words)


def organisation_title(doc: Doc, start: int, end: int) -> Title | None:
    """An organisation's name as a title its head noun may repeat: "the trust" after
    "Citizens' Independent Transportation Trust", "the court" after "District Court of Appeal"."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or span.root.pos_ not in ("NOUN", "PROPN") or not span[-1].text[:1].isupper():
        return None  # "the Republic of": a name the tagger cut is no title
    if span.root.lower_ in _PERSON_NOUNS:
        return None  # "Candidate" tagged as an organisation is no body's name
    return Title(tuple(t.lower_ for t in span if _title_word(t)) or (span.root.lower_,), start, span.root.lower_)


def acronym_of(doc: Doc, start: int, end: int) -> str | None:
    """The acronym written in brackets right after a name, when its letters are the initials
    of the name's words: "California Independent System Operator (ISO)" -> "ISO"."""
    match = re.match(r"\s*\(([A-Z][A-Za-z&]{1,9})\)", doc_text(doc)[end : end + 14])
    if match is None:
        return None
    acronym = match.group(1)
    initials = "".join(w[0] for w in re.findall(r"[\w']+", doc_text(doc)[start:end]) if w.lower() not in _NAME_GLUE).upper()
    letters = acronym.replace("&", "").upper()
    return acronym if len(letters) >= 2 and initials.endswith(letters) else None
