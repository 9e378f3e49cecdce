"""Whether the article names a speaker, one meaning each value:

- ``named``: a full personal name ("Yevgeny Prigozhin", then "Prigozhin"), a
  title and surname ("Mr. Cruz"), a surname the article uses bare as the name
  it goes by ("Trump said"), or an organisation by its name ("the Kremlin").
- ``partial``: only one name where the article shows it gives no other: the
  one name is how it introduces the person ("Olena, a nurse in the city,"
  "Dariya, 52,"), the article says the rest is withheld ("who gave only her
  first name"), or initials.
- ``pseudonym``: a name the article says is not the real one: a call-sign or
  nickname ("goes by the call-sign “Caesar”"), "not her real name".
- ``anonymous``: a person described, not named ("a senior official"), or
  people the reporter counts, points at or calls by a word for unnamed sources
  ("two people familiar with the talks", "the loggers", "aides").
- ``not-applicable``: groups, institutions taken as a body and documents
  ("Republicans", "the ministry", "online records", "a 2014 study", "a Morning
  Consult Poll"): nobody withheld a name, so they never count as unnamed sources.
  A bare plural naming a kind of people is such a group, whatever the kind
  ("critics", "researchers", "health care workers", "loved ones"; the rule of
  docs/sourcing-evaluation.md).
  A body described by a name it belongs to is named ("Trump's campaign", "the
  Saudi government").
- ``unknown``: nothing to tell by: a pronoun, or a definite description of one
  person or body the article names elsewhere ("the spokesman", "his campaign"),
  unless the article says it withholds that name.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from onrecord.spans import DisjointSpans, doc_text, paragraph_end, paragraph_start
from onrecord.lexicons import words
from onrecord.records import Offsets
from onrecord.sourcing.common import tokens_at
from onrecord.sourcing.lexicon import names_in_place, pattern
from onrecord.speakers.resolve import Cluster

_INITIALS = re.compile(r"^(?:[A-Z]\.\s?){1,3}[A-Z]?\.?$|^[A-Z]{1,2}$")
_QUOTES = "“”\"‘’'«»"
_UNNAMED_SOURCES = words("unnamed_source_nouns")
_DOCUMENTS = words("document_nouns")
_TITLES = words("speaker_titles")  # "Mr.", "Sen.": a title before one name makes it a surname
_POINTING = words("pointing_determiners")  # determiners of a definite description
_QUANTITIES = words("quantity_nouns")  # "a number of studies": the members are the source
_INDEFINITE_PERSONS = words("indefinite_person_pronouns")
_POLLS = words("poll_nouns")  # "poll", "survey": a name ending in one names a poll, not a body


def identity_of(doc: Doc, cluster: Cluster, withheld: list[Offsets], quoted: DisjointSpans) -> str:
    """The identity of one speaker cluster; ``withheld``: the sentences that say the article keeps
    the name back (they may call the name a call-sign where the name itself is not in them)."""
    text = doc_text(doc)
    head, span = _name_head(doc, cluster)
    if cluster.kind == "document":
        return "not-applicable"  # a letter, a poll: no name to withhold, whatever its determiner
    if cluster.kind == "group":
        return _people_identity(head)
    if (members := _counted_members(head)) is not None:
        return _people_identity(members)  # "A number of studies", "a significant number of Democrats"
    if head is not None and head.lower_ in _INDEFINITE_PERSONS:
        return "anonymous"  # "someone at the meeting": a person the article does not name
    if head is None or head.pos_ == "PRON" or not any(c.isalpha() for c in cluster.name):
        return "unknown"
    if _called_so(text, cluster, quoted, "pseudonym_phrases", near=True):
        # "Hammer (not his real name) said": a name said not to be real, whatever the tagger makes of it
        return "pseudonym"
    if _names_a_poll(head):
        # "a Morning Consult Poll found", "a new CBS News Battleground Tracker poll": a poll by its name
        return "not-applicable"
    if not _is_proper(head, span) and not _bare_name_opening(head, cluster.kind):
        return _description_identity(head, text, cluster.kind, withheld)
    if head.ent_type_ == "NORP" and cluster.kind != "organization":
        return "not-applicable"  # "some Russians": a nationality, not a name
    if _INITIALS.match(cluster.name.strip()):
        # "J.D., a nurse at the hospital": a person's initials; "the F.B.I.": a body's name
        person = cluster.kind != "organization" or _introduced_by_one_name(text, cluster, quoted)
        return "partial" if person else "named"
    if cluster.kind == "organization":
        return "named"
    if _says(text, withheld, "pseudonym_phrases"):
        return "pseudonym"
    if len(cluster.name.split()) > 1:
        # "Paul Ryan": a full name is a name, whatever a withholding sentence or a word on
        # someone's surname near it is about ("Zoe Saldana revealed her husband had taken her last name")
        return "named"
    if _called_so(text, cluster, quoted, "partial_name_phrases"):
        return "partial"
    if _introduced_by_one_name(text, cluster, quoted) and not _more_of_the_name(doc, cluster):
        return "partial"  # "Olena, a nurse in the city": the one name is all the article gives
    return "pseudonym" if withheld else "named"


def _people_identity(head: Token | None) -> str:
    """A group: unnamed people the reporter counts or points at ("two officials", "the loggers")
    or whose word names unnamed sources ("aides") are anonymous; a body of people taken as
    such ("Republicans", "organizers", "some Russians") is not-applicable."""
    if head is None:
        return "not-applicable"
    if head.lemma_.lower() in _UNNAMED_SOURCES:
        return "anonymous"
    if head.pos_ == "PROPN" or head.ent_type_ == "NORP":
        # "Republicans": a party as a body; "a Democrat familiar with the remarks": one person
        return "anonymous" if _one_of_them(head) else "not-applicable"
    counted = any(c.dep_ == "nummod" and c.like_num for c in head.children)
    pointed = any(c.dep_ == "det" and c.lower_ in _POINTING for c in head.children)
    return "anonymous" if counted or pointed else "not-applicable"


def _one_of_them(head: Token) -> bool:
    """A singular party or nationality word with "a" or "one" ("a Democrat familiar with ...",
    "one Republican"): one unnamed person, not the body."""
    if head.tag_ in ("NNPS", "NNS") or head.lower_.endswith("s"):
        return False
    return any(c.dep_ in ("det", "nummod") and c.lower_ in ("a", "an", "one") for c in head.children)


def _counted_members(head: Token | None) -> Token | None:
    """The members a quantity noun counts: "studies" in "A number of studies"; None otherwise."""
    if head is None or head.lemma_.lower() not in _QUANTITIES:
        return None
    for prep in head.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            return next((o for o in prep.children if o.dep_ == "pobj"), None)
    return None


def _description_identity(head: Token, text: str, kind: str, withheld: list[Offsets]) -> str:
    """A source described, not named: a call-sign it goes by, a document, a body, a person."""
    if _names_itself(head, text):
        return "pseudonym"  # "The commander, known only as Grom,": a description that gives a call-sign
    if head.lemma_.lower() in _DOCUMENTS or head.lower_ in _DOCUMENTS:
        return "not-applicable"  # "the letter", "a 2014 study"
    possessed = any(c.dep_ == "poss" and c.pos_ == "PRON" for c in head.children)
    pointed = any(c.dep_ == "det" and c.lower_ in _POINTING for c in head.children)
    if kind == "organization":
        if _named_by_its_modifiers(head):
            return "named"  # "Huckabee's campaign", "the Saudi government", "the government in Riyadh"
        # "the ministry": a body; "his campaign": one the article names elsewhere
        return "unknown" if possessed else "not-applicable"
    if withheld:
        return "anonymous"  # "The soldier, whose name CNN agreed not to reveal,"
    if (pointed or possessed) and head.tag_ == "NN" and not _restricted(head):
        return "unknown"  # "the spokesman said": someone the article names elsewhere
    return "anonymous"


def _named_by_its_modifiers(head: Token) -> bool:
    """A body described by a name it belongs to: a proper possessor ("Huckabee's campaign"), a
    proper adjective or nationality ("the Saudi government") or a place it sits in ("the
    government in Riyadh"). Which body it is, the passage says, as "Trump's campaign" does."""
    for child in head.children:
        if child.dep_ in ("poss", "amod", "compound") and _proper_word(child):
            return True
        if child.dep_ == "prep" and child.lower_ == "in":
            if any(_proper_word(obj) and obj.ent_type_ == "GPE" for obj in child.children if obj.dep_ == "pobj"):
                return True
    return False


def _proper_word(token: Token) -> bool:
    return token.text[:1].isupper() and (token.pos_ == "PROPN" or token.ent_type_ in ("NORP", "GPE", "ORG", "PERSON"))


def _names_a_poll(head: Token) -> bool:
    """A name whose last word is a poll noun ("Morning Consult Poll"), or a name word compounded
    onto one ("Tracker" in "the CBS News Battleground Tracker poll"). Only polls: other document
    nouns end the names of bodies ("the New York Post", "the Daily Record")."""
    if not head.text[:1].isupper():
        return False
    noun = head.head if head.dep_ == "compound" and head.head.i > head.i else head
    return noun.lemma_.lower() in _POLLS or noun.lower_ in _POLLS


def _bare_name_opening(head: Token, kind: str) -> bool:
    """A person's one capitalised word opening the sentence with no determiner ("Snyder, for his
    part, has denied ..."): where the tagger reads it as a common noun, it is still a name, as a
    singular common noun does not stand alone as a subject."""
    if kind != "person" or head.i != head.sent.start or not head.is_title or head.tag_ != "NN":
        return False
    return not any(c.dep_ in ("det", "poss", "nummod", "amod", "compound") for c in head.children)


def _restricted(head: Token) -> bool:
    """A description that says which person it is, not who ("The woman who received the photos",
    "the person familiar with the plans"): an unnamed source, not a name given elsewhere."""
    return any(c.dep_ in ("relcl", "acl") for c in head.children) or head.lemma_.lower() in _UNNAMED_SOURCES


def _introduced_by_one_name(text: str, cluster: Cluster, quoted: DisjointSpans) -> bool:
    """One of the cluster's one-word mentions is followed by an apposition that introduces the person
    ("Olena, a nurse in the city," "Dariya, 52,"): the article gives that name and no other. A bare
    surname ("Trump said", "Mr. Cruz") is how an article names someone it has named, or who is known."""
    for start, end in cluster.mentions:
        if quoted.covers(start, end) or len(text[start:end].split()) != 1:
            continue
        if _INTRODUCTION.match(text, end):
            return True
    return False


def _more_of_the_name(doc: Doc, cluster: Cluster) -> bool:
    """The article gives more than the one name: a title before it ("Mr. Prasad, a former
    official,") or a longer name ending in it anywhere ("Parker Eaton, a nominal Republican,"
    where the speaker's mentions hold "Eaton" alone)."""
    name = cluster.name.strip()
    for start, _ in cluster.mentions:
        before = doc_text(doc)[max(0, start - 12) : start].split()
        if before and before[-1].lower().rstrip(".") in _TITLES:
            return True
    # a capitalised proper noun just before the name, anywhere: "Parker Eaton", "Stan Greenberg"
    return any(
        token.text == name and token.i > 0 and _first_name(doc[token.i - 1]) for token in doc
    )


def _first_name(token: Token) -> bool:
    return token.pos_ == "PROPN" and token.is_alpha and token.text[:1].isupper() and token.lower_ not in _TITLES


# A comma, then an indefinite description or an age: "Olena, a nurse", "Dariya, 52,".
_INTRODUCTION = re.compile(r"[”\"’']?,\s+(?:an?\s|\d{1,3}\b)")


def _says(text: str, sentences: list[Offsets], lexicon: str) -> bool:
    return any(pattern(lexicon).search(text, start, end) for start, end in sentences)


def _names_itself(head: Token, text: str) -> bool:
    tokens = sorted(head.subtree, key=lambda t: t.i)
    start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
    while (match := names_in_place(text, start, end)) is not None:
        start = match.end()
        after = text[match.end() : end].lstrip(" “\"‘'")
        if after[:1].isupper():
            return True
    return False


def _name_head(doc: Doc, cluster: Cluster) -> tuple[Token | None, Span | None]:
    text = doc_text(doc)
    spans = sorted(cluster.mentions)
    preferred = [m for m in spans if text[m[0] : m[1]].strip(_QUOTES + " ,.").endswith(cluster.name.split()[-1])] if cluster.name else []
    for start, end in preferred or spans:
        span = tokens_at(doc, start, end)
        if span is not None and len(span):
            return span.root, span
    return None, None


def _is_proper(head: Token, span: Span | None) -> bool:
    if head.pos_ == "PROPN" and head.text[:1].isupper():
        return True
    if head.ent_type_ in ("PERSON", "ORG", "GPE", "NORP") and head.text[:1].isupper():
        return True
    # A call-sign the tagger reads as a noun or adjective ("Silent says"): capitalised mid-sentence.
    return head.text[:1].isupper() and head.i > head.sent.start and head.pos_ in ("NOUN", "ADJ", "PROPN")


def _called_so(text: str, cluster: Cluster, quoted: DisjointSpans, lexicon: str, near: bool = False) -> bool:
    """A name mention in a sentence with a phrase of ``lexicon``.

    With ``near``, the phrase must be about that name: it introduces the name ("goes by the
    call-sign Owl", "known only as Bear") or follows it ("Maria (not her real name)", "Sam, a
    pseudonym,"). A call-sign phrase elsewhere in the sentence is about something else: in "Tomas
    Varga, whose rivals gave him the nickname 'the Hammer', said", Tomas Varga is his name. A
    partial-name phrase needs no such nearness ("Olena, who asked to be identified only by her first
    name"): it can only be about the speaker's own name.
    """
    found = pattern(lexicon)
    for start, end in cluster.mentions:
        if not text[start:end][:1].isupper() or quoted.covers(start, end):
            continue
        lo = max(text.rfind(".", 0, start), paragraph_start(text, start), start - 160, 0)
        hi = min(x for x in (text.find(". ", end), paragraph_end(text, end), end + 160) if x != -1)
        for match in found.finditer(text, lo, hi):
            if not near or _about(text, match, cluster.name):
                return True
    return False


def _about(text: str, match: re.Match[str], name: str) -> bool:
    """Whether the naming phrase ``match`` introduces ``name`` or follows it, with at most
    ``_NEAR`` between; the whole name or its last word counts ("the call-sign Grey Wolf", "Wolf")."""
    words = name.split()
    forms = "|".join(re.escape(f) for f in {name.strip(), words[-1]} if f) if words else None
    if forms is None:
        return False
    after = re.compile(rf"{_NEAR.pattern}(?:{forms})(?![\w-])")
    # "Netanyahu's nickname": another name of his, not a word on the name "Netanyahu"
    before = re.compile(rf"(?<![\w-])(?:{forms})(?![’']s\b){_NEAR.pattern}$")
    return bool(after.match(text, match.end(), match.end() + 80) or before.search(text, max(match.start() - 80, 0), match.start()))


# What may stand between a naming phrase and the name it is about: punctuation, quotes, brackets
# and at most two words ("goes by the call-sign Owl", "Sam, a pseudonym", "Maria (not her real name)").
_NEAR = re.compile(r"[\s,;:(\[—–“”\"‘’'-]*(?:[\w-]+[\s,;:(\[—–“”\"‘’'-]+){0,2}")


def is_named_span(doc: Doc, span: Offsets) -> bool:
    """Whether a mention is a proper name (for descriptors: names are not descriptions)."""
    tokens = tokens_at(doc, *span)
    return tokens is not None and len(tokens) > 0 and _is_proper(tokens.root, tokens)
