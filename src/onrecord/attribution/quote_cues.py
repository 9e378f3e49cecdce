"""Where a quotation's cue and speaker are: after it (``“...,” Caesar explains``, ``“...,” said
Caddell``, ``“...” ― Sonya Herridge``), before it (``Prigozhin said: “...``, ``telling the crowd,
“...``), or in the clause a colon ends (``I had to change my answer: "..."``).

``direct.py`` asks these for each quotation and decides how the pieces join; the subject of a
cue comes from ``subjects.py``, checked here against the parser's usual slips: a subject inside
a quotation or inside an aside between dashes is not the speaker.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from spacy.tokens import Doc, Token

from onrecord.attribution.draft import DASHES
from onrecord import lexicons
from onrecord.spans import LINE_BREAK, PARAGRAPH_BREAK, break_before, doc_text, paragraph_start, token_offsets
from onrecord.attribution.quotes import Quotation
from onrecord.attribution.subjects import negated, noun_before, noun_head, subject_before, subject_of

_MAX_CUE_DISTANCE = 40  # tokens between a quote and its cue: ”, Scott Pruitt, the ... of Oklahoma, said
_MAX_RUN_ON = 8  # the writer's words between a quotation and ", she said": ” for criminal behavior, she said
_MAX_CUE_BEFORE = 8  # tokens between a cue and the quote it introduces: he told reporters on Monday:
SENTENCE_END = {".", "!", "?"}
_FINITE = ("VBD", "VBZ", "VBP")
_PERSONAL_PRONOUNS = lexicons.words("personal_pronouns")
# Between a verb and the next quotation: "To which she said, “...": the verb introduces it.
_ONLY_COMMA_OR_COLON = re.compile(r"\s*[,:]\s*")
# A line break after the end of a sentence is a paragraph break in texts
# that use single newlines between paragraphs; a hard wrap is mid-sentence.
LINE_END = re.compile(
    rf"(?<=[.!?\u201d\"\u2019:\w])[ \t\u00a0]*{LINE_BREAK}(?=[ \t\u00a0]*[\u201c\"\u2018'\u00abA-Z])|{PARAGRAPH_BREAK.pattern}"
)


class Cue(NamedTuple):
    head: Token  # the reporting verb, or the token holding a vox-pop dash
    subject: Token | None
    span: tuple[int, int] | None = None  # when the cue is not the whole head token



def is_cue_verb(token: Token) -> bool:
    return token.tag_.startswith("VB") and token.lemma_.lower() in lexicons.words("cue_verbs")


def is_quote_verb(token: Token) -> bool:
    """A verb that introduces a quotation next to it: ``She continued, “...”``."""
    return is_cue_verb(token) or (token.tag_.startswith("VB") and token.lemma_.lower() in lexicons.words("quote_verbs"))


def tokens_between(doc: Doc, start: int, end: int) -> list[Token]:
    span = doc.char_span(start, end, alignment_mode="contract")
    return [t for t in span if not t.is_space] if span is not None else []


def cue_after(doc: Doc, quote: Quotation, limit: int) -> Cue | None:
    """``“...,” he says`` / ``“...,” said Caddell`` / ``“...,” Scott Pruitt, the
    attorney general of Oklahoma, said``: the first reporting verb after the
    close, in the same sentence, whose subject follows the quote."""
    text = doc_text(doc)
    line_end = LINE_END.search(text, quote.end)
    end = min(limit, line_end.start() + 1 if line_end else len(text))
    tokens = tokens_between(doc, quote.end, end)[:_MAX_CUE_DISTANCE]
    vox_pop = _vox_pop(doc, text, quote.end, tokens)
    if vox_pop is not None:
        return vox_pop
    inner = text[quote.content_start : quote.content_end].rstrip()
    open_ended = bool(inner) and inner[-1] in ",?!—-"
    for position, token in enumerate(tokens):
        if token.text in SENTENCE_END:
            return None
        if not token.tag_.startswith("VB"):
            continue
        # After “...,” any verb of saying is a cue: “...,” the letter reads.
        if not (is_quote_verb(token) or (open_ended and token.dep_ == "ROOT")):
            continue
        if _subordinate(token, quote.end):
            continue  # “That makes me smart,” when Clinton blasted him: Clinton is not quoted
        if _describes_the_speaker(token, quote.end):
            continue
        introduces = _ONLY_COMMA_OR_COLON.match(text, token.idx + len(token.text), limit)
        if introduces is not None and introduces.end() == limit and inner[-1:] in ".!?":
            return None  # “... just kidding.” To which she said, “Thank God ...”: the next quote's cue
        subject = subject_of(token)
        if subject is not None and (subject.idx < quote.end or subject.i - token.i > 3):
            subject = None  # the parser took a word of the quote, or of a later clause
        if subject is None:
            subject = _speaker_described_before(tokens[:position], token)
        if subject is None:
            subject = noun_before(tokens[:position])  # "... Chuck Jordan said Monday", however parsed
        if subject is None and token.tag_ in _FINITE:
            # Inverted order: “...,” said Caddell. Only a finite verb inverts: in “...” Unable to
            # find a car, Haddad walked, "a car" is the object of an infinitive, not a speaker.
            following = tokens[position + 1 : position + 4]
            subject = next((t for t in following if t.pos_ in ("PROPN", "PRON", "NOUN")), None)
            subject = noun_head(subject) if subject is not None else None
        if subject is None and token.tag_ == "VB":
            continue  # "to find": an infinitive with no one to do it reports nothing
        # The speaker (or the inverted verb) must come right after the close.
        lead = subject.left_edge if subject is not None and subject.i < token.i else token
        if (max(lead.i, tokens[0].i) - tokens[0].i > 3 and not _words_run_on_to(lead, tokens, inner)
                and not _inverted_after_run_on(token, subject, tokens, inner)):
            return None
        return Cue(token, subject)
    return None


def _words_run_on_to(lead: Token, tokens: list[Token], inner: str) -> bool:
    """``“The only way Wall Street will change will be if executives face jail time” for criminal
    behavior, she said``: the quoted words run on into the writer's few words, then a comma and
    the speaker. No verb between, or the speaker would be a later clause's."""
    between = [t for t in tokens if t.i < lead.i]
    return (bool(inner) and inner[-1].isalnum() and 0 < len(between) <= _MAX_RUN_ON
            and between[-1].text == "," and not any(t.pos_ in ("VERB", "AUX") for t in between))


def _inverted_after_run_on(verb: Token, subject: Token | None, tokens: list[Token], inner: str) -> bool:
    """``“He can assert it, but it seems extremely unlikely” that Sanders can catch Clinton, said Steve
    Elmendorf``: the writer's words that finish the quoted sentence may hold verbs when the cue is
    inverted, the verb right after their comma and the speaker after it; that order ends a quoted
    sentence in news prose. Not after a closing full stop inside the marks (a new sentence).
    Train attribution +6 (direct +4), dev the same."""
    between = [t for t in tokens if t.i < verb.i]
    return (subject is not None and subject.i > verb.i and bool(inner) and inner[-1] not in ".!?"
            and 0 < len(between) <= 2 * _MAX_RUN_ON and between[-1].text == ",")


def _speaker_described_before(tokens: list[Token], cue: Token) -> Token | None:
    """``“...,” an intelligence source, who was not authorized to speak on the record, told
    Fox News``: the noun right after the close whose phrase, description and all, runs up to
    the cue, when the parser gave the cue no subject (it hung "source" on the quote's verb)."""
    first = next((t for t in tokens[:3] if t.pos_ in ("PROPN", "NOUN")), None)
    if first is None:
        return None
    head = noun_head(first)
    between = cue.doc[head.right_edge.i + 1 : cue.i]
    return head if head.i < cue.i and all(t.is_punct or t.is_space for t in between) else None


def _vox_pop(doc: Doc, text: str, after: int, tokens: list[Token]) -> Cue | None:
    """``“Mr. Trump embodies ... our greatest shame.” ― Sonya Herridge``: a dash, then the name.

    The dash may be glued to the closing mark (``”―``), which spaCy reads as one token.
    """
    gap = text[after : after + 4]
    dash_at = after + len(gap) - len(gap.lstrip(" \u00a0"))
    if text[dash_at : dash_at + 1] not in DASHES:
        return None
    names = [t for t in tokens[:2] if t.pos_ == "PROPN" and t.idx > dash_at]
    if not names:
        return None
    holder = doc.char_span(dash_at, dash_at + 1, alignment_mode="expand")
    return Cue(holder[0], noun_head(names[0]), (dash_at, dash_at + 1))


def cue_before(doc: Doc, quote: Quotation, earlier: list[Quotation]) -> Cue | None:
    """``Prigozhin said: “...`` or ``He adds: “...``: a cue ending in ``:`` or ``,``.

    When the quotation opens its paragraph, the colon may end the previous
    one: ``Caddell continued:¶"The health issue...``.
    """
    text = doc_text(doc)
    floor = earlier[-1].end if earlier else 0
    before = text[max(floor, paragraph_start(text, quote.start)) : quote.start]
    previous_break = break_before(text, quote.start)
    if not before.strip() and previous_break is not None:
        # The quote opens its paragraph: look at the end of the previous paragraph.
        tail_end = len(text[: previous_break[0]].rstrip())
        if tail_end == 0 or text[tail_end - 1] != ":":
            return None
        return _last_cue(doc, max(floor, paragraph_start(text, tail_end)), tail_end, earlier)
    stripped = before.rstrip()
    if not stripped or stripped[-1] not in ":,":
        return None
    return _last_cue(doc, quote.start - len(before), quote.start, earlier)


def _last_cue(doc: Doc, start: int, end: int, earlier: list[Quotation]) -> Cue | None:
    """The reporting verb of the clause that introduces a quote: ``Said Ellis: “...``."""
    tokens = tokens_between(doc, start, end)
    colon = bool(tokens) and tokens[-1].text == ":"
    window = tokens[-_MAX_CUE_BEFORE:]
    for token in reversed(window):
        if token.text in SENTENCE_END:
            break
        if token.lower_ == "according" and token.i + 1 < len(doc) and doc[token.i + 1].lower_ == "to":
            # According to Limbaugh, “[I]f it was left up to Hillary, ...”
            source = next((c for c in doc[token.i + 1].children if c.dep_ == "pobj"), None)
            return Cue(token, source, token_offsets(doc[token.i : token.i + 2]))
        if is_quote_verb(token) or (colon and token.tag_.startswith("VB") and token.dep_ == "ROOT"):
            subject = subject_of(token)
            if subject is not None:
                # "Clinton seemed ready to riff on it, telling the crowd, “Some people get ...”": the
                # parser hung "telling" on the quotation's verb; the speaker is the clause's before
                # it, not a word of this quotation or of one before ("''That makes me smart'' --
                # and, when questioned, asserting, ''...''"), nor of an aside between dashes
                # ("protesters ... looping the streets around the stadium - where the Panthers
                # played - while chanting, “...”").
                not_speaking = [(q.start, q.end) for q in earlier[-3:]] + [(end, len(doc_text(doc)))] + _asides(token)
                if _inside(subject, not_speaking):
                    subject = subject_before(token, lambda t: not _inside(t, not_speaking))
            if subject is None:
                # "her senior policy adviser, Jake Sullivan, said:" however parsed; "Said Ellis:"
                subject = noun_before([t for t in window if t.i < token.i])
            if subject is None:
                # "Said Ellis:"; not the object of "before asking her,"
                after = [t for t in tokens if t.i > token.i and t.pos_ in ("PROPN", "PRON", "NOUN")
                         and t.dep_ not in ("dobj", "dative", "pobj")]
                subject = noun_head(after[0]) if after else None
            return Cue(token, subject)
    if colon and not any(t.text in SENTENCE_END or t.tag_.startswith("VB") for t in window[:-1]):
        # A headline: "Elizabeth Warren Hammers Wells Fargo CEO: ‘You Should Be ...’",
        # "A lesson from Loretta Lynch: 'Be the voice that people hear.'"
        names = [t for t in window if t.ent_type_ == "PERSON" or t.pos_ == "PROPN"]
        if names:
            return Cue(tokens[-1], noun_head(names[0]))
    return None


def clause_before_colon(doc: Doc, quote: Quotation, earlier: list[Quotation]) -> Cue | None:
    """The clause a colon ends introduces the quotation, whatever its verb: ``I had to change my
    answer: "Of course I believe ..."``, ``President Obama is rolling out a new and more personal
    campaign message: "It's about me."`` The last verb of the colon's sentence whose subject is in
    that sentence, before it (not a word of a quotation: those are the sentence's own words), and
    not in a relative clause: "The statement also referenced the impact it said Clinton would have
    on women in the workplace: “...”" is the statement's. Only when no verb of saying is the
    quotation's cue, before or after it ("... as he walked out:¶“...,” he said")."""
    floor = earlier[-1].end if earlier else 0
    tokens = tokens_between(doc, max(floor, paragraph_start(doc_text(doc), quote.start)), quote.start)
    if not tokens:
        return None
    sentence: list[Token] = []
    for token in reversed(tokens[:-1]):
        if token.text in SENTENCE_END or token.is_quote:
            break
        sentence.append(token)
    first = sentence[-1].i if sentence else tokens[-1].i
    for token in sentence:  # nearest the colon first
        if not token.tag_.startswith("VB") or negated(token):
            continue
        if any(t.dep_ == "relcl" and t.i >= first for t in (token, *token.ancestors)):
            continue
        subject = subject_of(token)
        if subject is not None and first <= subject.i < token.i:
            return Cue(token, subject) if _names_someone(subject) else None
    return None


def _names_someone(token: Token) -> bool:
    """A person, a group or an organisation, a personal pronoun, or a thing named with a determiner
    that can carry words: "Rubio", "she", "The statement also referenced ...", "The piece used one of
    her quotes as its headline"; not "Signs were ...", "few keep ...", "it has ..."."""
    return (token.ent_type_ in ("PERSON", "ORG", "NORP", "GPE") or token.pos_ == "PROPN"
            or token.lower_ in _PERSONAL_PRONOUNS
            or (token.pos_ == "NOUN" and any(c.dep_ in ("det", "poss") for c in token.children)))


def _asides(verb: Token) -> list[tuple[int, int]]:
    """Character spans of the asides set between two dashes before ``verb`` in its sentence."""
    # a hyphen inside a word ("Co-anchor", "off-screen") is no dash
    dashes = [t for t in verb.doc[verb.sent.start : verb.i] if t.text in DASHES
              and (t.text != "-" or (t.whitespace_ and t.i > 0 and t.doc[t.i - 1].whitespace_))]
    return [(opening.idx, closing.idx) for opening, closing in zip(dashes[::2], dashes[1::2])]


def _inside(token: Token, spans: list[tuple[int, int]]) -> bool:
    return any(start <= token.idx < end for start, end in spans)


def _describes_the_speaker(verb: Token, after: int) -> bool:
    """``“...,” Rosa Lind, a Lyon resident who posted about the storm, said``: the verb of a
    relative clause on a noun after the quotation describes the speaker; the cue is the verb
    the speaker's phrase is subject of, further on."""
    return verb.dep_ == "relcl" and verb.head.idx >= after and any(
        child.dep_ in ("nsubj", "nsubjpass") and child.tag_ in ("WP", "WDT") for child in verb.children)


def _subordinate(verb: Token, after: int) -> bool:
    """``when Clinton blasted him``, ``as he left``: a clause that tells when or why, not who speaks.

    Only words after character ``after`` (the quotation's end) count: the parser
    sometimes hangs a word of the quotation on the cue.
    """
    return any(child.dep_ == "mark" or (child.dep_ == "advmod" and child.tag_ == "WRB")
               for child in verb.children if after <= child.idx < verb.idx)
