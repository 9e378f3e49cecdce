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

from onrecord import lexicons
from onrecord.attribution.quotes import Quotation

_PERSON_LABELS = {"PERSON"}
_ORG_LABELS = {"ORG", "GPE", "NORP"}
_TITLES = lexicons.words("speaker_titles")
_JOINERS = {"-", "\u2010", "\u2011", "'", "\u2019"}  # inside one written name: "Al-Hams", "O'Neill"
_PARTICLES = lexicons.words("name_particles")  # "Laurence des Cars", "Ruud van Dijk"
_NAME_SUFFIXES = lexicons.words("name_suffixes")  # "Donald Trump Jr" is not "Donald Trump" + a verb
_TITLE_CASE_SHARE = 0.6  # a line with this share of capitalised words or more is a headline


@dataclass
class NameMention:
    start: int
    end: int
    name: str  # cleaned: no title, no possessive
    kind: str  # person | organization
    subject: bool  # a clause subject: more salient as an antecedent than a possessor
    quoted: bool = False  # a quoted name after a naming cue: “Caesar”
    head: str | None = None  # a description's head noun ("nurse" of "The nurse"); None for a name


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
        # Only names are widened: "Mexican-American" or "US-UK" (NORP, GPE) are modifiers, not names.
        start, end = _whole_written_name(ent) if ent.label_ in ("PERSON", "ORG") else (ent.start_char, ent.end_char)
        name = clean_name(doc_text(doc)[start:end])
        if not name or not name[0].isupper():
            continue
        kind = "person" if ent.label_ in _PERSON_LABELS else "group" if ent.label_ == "NORP" else "organization"
        mentions.append(NameMention(start, end, name, kind, _is_subject(ent.root)))
    for quote in names:
        name = clean_name(doc_text(doc)[quote.content_start : quote.content_end])
        if name:
            mentions.append(NameMention(quote.content_start, quote.content_start + len(name), name, "person", True, True))
    # A piece the tagger typed apart inside a widened personal name is that person: the ORG
    # "Pryce" of "Helen Ward-Pryce" is no organisation and no second name.
    people = DisjointSpans((m.start, m.end) for m in mentions if m.kind == "person")
    mentions = [m for m in mentions if m.kind == "person" or not people.covers(m.start, m.end)]
    mentions.sort(key=lambda m: m.start)
    return mentions


PERSON_NOUNS = lexicons.words("person_nouns") | lexicons.words("unnamed_source_nouns") | (
    lexicons.words("female_words") | lexicons.words("male_words"))
_DESCRIPTION_DETERMINERS = lexicons.words("leading_determiners")  # the, a, this ... (a plural noun is not taken)
_UNNAMED_SIGNALS = lexicons.entries("unnamed_person_signals")


def trim_headline_names(doc: Doc, mentions: list[NameMention]) -> None:
    """Cut the headline's verb off a person's name: in a title-case line the tagger runs the name
    on ("Ted Cruz Apologizes to Marco Rubio", "Obama Just Pulled A Fast One"); where the article
    names the person elsewhere ("Ted Cruz", "Mr. Obama"), the name ends where that name ends."""
    text = doc_text(doc)
    headline = {m.start for m in mentions if _in_title_case_line(text, m.start)}
    known = [set(m.name.lower().split()) for m in mentions
             if m.kind == "person" and m.head is None and m.start not in headline]
    for mention in mentions:
        if mention.kind != "person" or mention.head is not None or mention.start not in headline:
            continue
        words = mention.name.split()
        for cut in range(len(words) - 1, 0, -1):
            kept, next_word = {w.lower() for w in words[:cut]}, words[cut].lower().rstrip(".")
            if next_word not in _NAME_SUFFIXES and any(kept <= name and next_word not in name for name in known):
                at = text.find(words[cut - 1], mention.start)
                mention.name, mention.end = " ".join(words[:cut]), at + len(words[cut - 1])
                break


def _in_title_case_line(text: str, offset: int) -> bool:
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    words = [w for w in text[start : end if end >= 0 else len(text)].split() if w[:1].isalpha()]
    capitalised = sum(w[:1].isupper() for w in words)
    return len(words) >= 4 and capitalised >= _TITLE_CASE_SHARE * len(words)


def find_description_mentions(doc: Doc, quoted: DisjointSpans, sources: DisjointSpans) -> list[NameMention]:
    """Clause subjects that describe one person the article says it does not name, outside
    quotations and sources: "The nurse asked not to be named because ...".

    Such a person may be the antecedent of a later "she said" (speakers.resolve). Only a
    singular common noun for a person, with a determiner, no name beside it (in "The nurse,
    Ann Poe, asked" the name is the mention), and a sentence that says the person goes
    unnamed (unnamed_person_signals): without it, "The governor added" or "the president
    appeared cowed" is someone the article has named already.
    """
    found = []
    for token in doc:
        if token.dep_ not in ("nsubj", "nsubjpass") or token.tag_ != "NN" or token.ent_type_:
            continue
        if token.lemma_.lower() not in PERSON_NOUNS and token.lower_ not in PERSON_NOUNS:
            continue
        if not any(c.dep_ == "det" and c.lower_ in _DESCRIPTION_DETERMINERS for c in token.children):
            continue
        if any(c.dep_ == "appos" or c.ent_type_ == "PERSON" for c in token.children):
            continue
        start, end = token.left_edge.idx, token.idx + len(token.text)
        if quoted.overlapping(start, end) or sources.overlapping(start, end):
            continue
        after = doc_text(doc)[end : token.sent.end_char].lower()
        if not any(signal in after for signal in _UNNAMED_SIGNALS):
            continue
        name = doc_text(doc)[start:end]
        found.append(NameMention(start, end, name, "person", True, head=token.lemma_.lower()))
    return found


def proper_name_at(token: Token) -> tuple[int, int, str] | None:
    """A capitalised name the NER missed: ``Silent says`` (a call-sign as subject)."""
    if token.pos_ not in ("PROPN", "NOUN", "ADJ") or not token.text[:1].isupper():
        return None
    # The compounds right before it, not every compound below it: under the root of
    # "PENCE: And that's why Donald Trump ..." hang "Donald" and "White" too.
    words = [token]
    while words[0].i > 0:
        left = token.doc[words[0].i - 1]
        if (joined := _joined_before(words[0])) is not None:
            words[:0] = joined
        elif left.dep_ == "compound" and any(left.head.i == w.i for w in words):
            words.insert(0, left)
        else:
            break
    if any(not w.text[:1].isupper() for w in words if w.text not in _JOINERS):
        return None
    start, end = words[0].idx, words[-1].idx + len(words[-1].text)
    return start, end, clean_name(doc_text(token.doc)[start:end])


def _whole_written_name(ent) -> tuple[int, int]:
    """An entity's offsets widened over hyphens and apostrophes written inside the name and over
    a lower-case surname particle: the tagger may cut "Mary Smith-Jones" to "Jones", "Al-Hams"
    to "Al" or "Laurence des Cars" to "Laurence"."""
    first, last = ent[0], ent[-1]
    while (joined := _joined_before(first)) is not None:
        first = joined[0]
    doc = ent.doc
    while (ent.label_ == "ORG" and first.i > 0 and (left := doc[first.i - 1]).dep_ == "compound"
           and left.tag_ == "NNP" and not left.ent_type_ and left.text[:1].isupper() and ent.start <= left.head.i < ent.end):
        first = left  # a capitalised word of the organisation's name the tagger left out: "Online Records Inc."
    if last.text in _JOINERS and not last.whitespace_ and last.i + 1 < len(doc) and doc[last.i + 1].text[:1].isupper():
        last = doc[last.i + 1]  # the tagger stopped on the hyphen: "Youssef Al-" of "Youssef Al-Najjar"
    while (last.i + 2 < len(doc) and not last.whitespace_ and doc[last.i + 1].text in _JOINERS
           and not doc[last.i + 1].whitespace_ and doc[last.i + 2].text[:1].isupper()):
        last = doc[last.i + 2]
    while (ent.label_ == "PERSON" and last.i + 2 < len(doc) and doc[last.i + 1].lower_ in _PARTICLES
           and doc[last.i + 1].text.islower() and doc[last.i + 2].text[:1].isupper()):
        last = doc[last.i + 2]  # a surname opening with a particle: "Laurence des Cars", "Ruud van Dijk"
    if ent.label_ == "PERSON" and last.lower_.rstrip(".") in _TITLES:
        # The tagger stopped on a title written without its full stop: "Dr" of "Dr Okafor said".
        while last.i + 1 < len(doc) and doc[last.i + 1].tag_ == "NNP" and doc[last.i + 1].text[:1].isupper():
            last = doc[last.i + 1]
    return first.idx, last.idx + len(last.text)


def _joined_before(token: Token) -> list[Token] | None:
    """The capitalised word and hyphen or apostrophe that make one name with ``token``, written
    with no space between ("Al-Hams", "Smith-Jones", "O'Neill" split by the tokenizer), else None."""
    if token.i < 2:
        return None
    joiner, word = token.doc[token.i - 1], token.doc[token.i - 2]
    if joiner.text not in _JOINERS or joiner.whitespace_ or word.whitespace_ or not word.text[:1].isupper():
        return None
    return [word, joiner]


def _is_subject(token: Token) -> bool:
    return token.dep_ in ("nsubj", "nsubjpass", "appos") or (
        token.dep_ == "compound" and token.head.dep_ in ("nsubj", "nsubjpass")
    )
