"""A headline's own attribution: "Nurses Slam Hospital Board As A ‘Reckless Gamble’".

Headlines are set in title case, and the parser reads a title-case line as a
run of proper nouns: "Slam" is no verb to it, so no rule finds the report,
and the quoted words are left without a cue or a source. Yet the headline
says who speaks, in the newsroom's fixed order: the subject, a reporting verb
in the present tense ("Says", "Slams", "Warns", "Urge"), then what was said.

The verb is found by its form, not its parse: the first word of the line
whose lower-cased form, less a third-person "-s", is a reporting verb of
``cue_verbs``, with a subject before it that ends in a noun. A plural
subject takes the bare form ("Nurses Slam"); a singular one the "-s" form
("Senator Warns"), which is tried first, so that "New Report Says" finds
"Says" and not "Report". The words before it are the source; the rest of the
line is the content. It adds a draft only where no draft with a cue or a
source holds the line's words (an earlier pass read the headline: a colon's
label, a lower-case headline the parser understood). The draft is flagged
``headline``: its source span stands, but the speaker stage does not name a
speaker from a line the parser read as one run of names.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from onrecord import lexicons
from onrecord.attribution.draft import Draft, trimmed
from onrecord.spans import doc_text

_SUBJECT_END = ("PROPN", "NOUN")
_QUOTE_MARKS = "\"“‘'"


def headline_verb_attribution(doc: Doc) -> Draft | None:
    """The first line's "Subject Verb(s) words", or None when the line has no such shape."""
    text = doc_text(doc)
    line_end = text.find("\n") if "\n" in text else len(text)
    line = doc.char_span(0, line_end, alignment_mode="contract")
    if line is None or len(line) < 3:
        return None
    tokens = list(line)
    if not _title_case(tokens):
        return None  # a headline in sentence case parses as a sentence: the rules read it
    verb = _reporting_verb(tokens, third_person=True) or _reporting_verb(tokens, third_person=False)
    if verb is None:
        return None
    first = tokens[0].i
    source = trimmed(doc, first, verb.i)
    content = trimmed(doc, verb.i + 1, _content_end(tokens, verb))
    if source is None or content is None or len(doc.char_span(*content, alignment_mode="expand")) < 2:
        return None
    words = text[content[0]:content[1]]
    kind = ("direct" if words[0] in _QUOTE_MARKS and words[-1] in "\"”’'" else
            "mixed" if any(mark in words for mark in _QUOTE_MARKS) else "indirect")
    return Draft(kind, [content], cue=[(verb.idx, verb.idx + len(verb))], cue_head=verb.i,
                 source=[source], source_head=_subject_head(doc, first, verb.i), flags=["headline"])


def _reporting_verb(tokens: list[Token], *, third_person: bool) -> Token | None:
    """The first title-case or lower-case reporting verb with a noun-ended subject before it."""
    verbs = lexicons.words("cue_verbs")
    for at, token in enumerate(tokens[1:-1], start=1):
        if token.is_quote or token.text in (":", ";", "?", "!"):
            return None  # what follows a quotation or a colon is no subject's verb
        if not token.is_alpha or token.text.isupper() or not _is_headline_word(token):
            continue
        if _lemma(token.lower_, third_person) not in verbs:
            continue
        before = tokens[at - 1]
        if before.pos_ in _SUBJECT_END:
            if third_person or before.lower_.endswith("s"):  # "Nurses Slam", not "Nurse Slam"
                return token
    return None


def _title_case(tokens: list[Token]) -> bool:
    """Whether most of the line's longer words are capitalised, as title case sets them."""
    longer = [t for t in tokens if t.is_alpha and len(t) >= 4]
    return len(longer) >= 2 and sum(t.text[:1].isupper() for t in longer) >= 0.7 * len(longer)


def _content_end(tokens: list[Token], verb: Token) -> int:
    """The token index the report ends at: the line's end, or a second report after a comma
    ("Mayor Says Budget Is Safe, Warns Of Cuts") or a semicolon."""
    after = [t for t in tokens if t.i > verb.i]
    for token, following in zip(after, after[1:]):
        if token.text == ";" or (token.text == "," and _lemma(following.lower_, True) in lexicons.words("cue_verbs")):
            return token.i
    return tokens[-1].i + 1


def _is_headline_word(token: Token) -> bool:
    """A word set as the headline sets its verbs: capitalised in a title-case line, or lower-case."""
    return token.text[:1].isupper() or token.text.islower()


def _lemma(word: str, third_person: bool) -> str | None:
    """The bare form of a present-tense verb: "slams" -> "slam", "denies" -> "deny", "urges" -> "urge"."""
    if not third_person:
        return word
    if not word.endswith("s") or word.endswith("ss"):
        return None
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(("shes", "ches", "xes", "sses", "zes")):
        return word[:-2]
    return word[:-1]


def _subject_head(doc: Doc, start: int, end: int) -> int:
    """The last noun of the subject: "Black Lawmakers" -> "Lawmakers"."""
    nouns = [t.i for t in doc[start:end] if t.pos_ in _SUBJECT_END]
    return nouns[-1] if nouns else end - 1
