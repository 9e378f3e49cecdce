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


def speech_possessor(head: Token) -> Token | None:
    """The possessor of a speech noun heading the source: "his speech" -> "his",
    "the minister's statement" -> "minister": the one who spoke, not the speech."""
    if head.pos_ != "NOUN" or _lemma(head) not in _SPEECH_NOUNS:
        return None
    return next((c for c in head.children if c.dep_ == "poss"), None)
