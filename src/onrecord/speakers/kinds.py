"""What a source phrase's head noun can be: a document, a person, or nobody at all.

A speaker is a person, an organisation, a group or a document. A noun phrase
that names no one (an event, an act, a quality: "the focus on removing carbon",
"the country's energy use", "No one") is not a source, and its quote stays
unresolved rather than getting an invented speaker, which a later "he said"
would then join.
"""

from __future__ import annotations

from spacy.tokens import Token

from onrecord import lexicons
from onrecord.spans import doc_text

_DOCUMENTS = lexicons.words("document_nouns")
_NON_SOURCES = lexicons.words("non_source_nouns")
_ABSTRACT_ENDINGS = tuple(lexicons.entries("abstract_noun_endings"))
_DESPITE_ENDING = lexicons.words("sources_despite_ending")
_ORGANISATIONS = lexicons.words("organisation_nouns")
_SPEECH_NOUNS = lexicons.words("speech_nouns")
_NOBODY = {"nobody", "none", "noone"}


def _lemma(head: Token) -> str:
    return head.lemma_.lower()


def is_document(head: Token) -> bool:
    """A common noun for a document or recording: "the affidavit says", "a new poll found"."""
    return head.pos_ == "NOUN" and (_lemma(head) in _DOCUMENTS or head.lower_ in _DOCUMENTS)


def names_no_one(head: Token) -> bool:
    """Whether the source phrase headed by ``head`` names nobody who could speak.

    "No one knows", "Nobody said"; a common noun for an act, event or quality
    ("The focus on ...", "the country's energy use", "Urgent action is required"),
    told by a short list and by abstract endings (-tion, -ment, -ness, -ity, ...),
    except nouns for bodies and documents that end so ("the administration",
    "the city", "the legislation", "a witness").
    """
    if head.lower_ in _NOBODY or any(c.dep_ == "det" and c.lower_ == "no" for c in head.children):
        return True
    if head.pos_ != "NOUN" or head.ent_type_ or (head.text[:1].isupper() and head.i > head.sent.start):
        return False  # a capitalised word mid-sentence is a name the tagger took for a noun: "Hannity"
    lemma, word = _lemma(head), head.lower_
    if {lemma, word} & (_ORGANISATIONS | _DOCUMENTS | _SPEECH_NOUNS | _DESPITE_ENDING):
        return False
    return lemma in _NON_SOURCES or lemma.endswith(_ABSTRACT_ENDINGS)


_PLACES = ("GPE", "LOC", "FAC")
_LABEL_NAMES = ("PERSON", "ORG", "NORP")
_PERSON_OR_BODY = (lexicons.words("person_nouns") | lexicons.words("unnamed_source_nouns") | _ORGANISATIONS
                   | _DOCUMENTS)


def is_label(head: Token, end: int) -> bool:
    """A label before a colon, not a speaker: "Background: Schools are ...", "The Prison Papers:
    Exiled prisoners' plea" (a series name in a list of links). A name without "the" ("PENCE: ...",
    "Philip Bump: ...") and a noun for a person, a body or a document ("Police: ...") before a colon
    stay speakers."""
    after = doc_text(head.doc)[end : end + 3].lstrip(" ")
    if not after.startswith(":") or head.ent_type_ in _LABEL_NAMES or head.pos_ not in ("NOUN", "PROPN"):
        return False
    if head.text.isupper() or (head.pos_ == "PROPN" and not any(c.dep_ == "det" for c in head.children)):
        return False  # "TAPPER:", "Philip Bump:": a transcript's or headline's speaker; "The Prison Papers:" no one
    return _lemma(head) not in _PERSON_OR_BODY and head.lower_ not in _PERSON_OR_BODY


def is_number(head: Token) -> bool:
    """A number counting things, not people: "three of which demanded" (firms: "which" is never
    people). "Three of the nurses said" and "two said" keep their people."""
    if head.pos_ != "NUM":
        return False
    counted = [t for c in head.children if c.dep_ == "prep" and c.lower_ == "of" for t in c.children if t.dep_ == "pobj"]
    return any(t.lower_ == "which" for t in counted)


def place_host(head: Token) -> Token | None:
    """The noun a place in the source only modifies: "ruling" of "the Superior Court ruling in San
    Diego", "lawyer Jim Dunham" of "Maryland-based lawyer Jim Dunham". A place that is itself the
    subject ("Ukraine said") has none."""
    if head.ent_type_ not in _PLACES:
        return None
    token = head
    while token.dep_ == "compound" and token.head.ent_type_ in _PLACES and token.head.i > token.i:
        token = token.head
    if token.dep_ == "pobj" and token.head.dep_ == "prep" and token.head.head.pos_ in ("NOUN", "PROPN"):
        return token.head.head
    if token.dep_ not in ("npadvmod", "compound", "amod", "nmod") or token.head.i <= token.i:
        return None
    host = token.head
    while host.dep_ in ("amod", "compound") and host.head.i > host.i:
        host = host.head
    return host if host.pos_ in ("NOUN", "PROPN") else None


def is_place_modifier(token: Token) -> bool:
    """A place inside a prepositional phrase or a compound adjective: "of Ukraine's Central Bank",
    "Maryland-based": where, not who."""
    return token.ent_type_ in _PLACES and token.dep_ in ("pobj", "npadvmod")


def speech_possessor(head: Token) -> Token | None:
    """The possessor of a speech noun heading the source: "his speech" -> "his",
    "the minister's statement" -> "minister": the one who spoke, not the speech."""
    if head.pos_ != "NOUN" or _lemma(head) not in _SPEECH_NOUNS:
        return None
    return next((c for c in head.children if c.dep_ == "poss"), None)
