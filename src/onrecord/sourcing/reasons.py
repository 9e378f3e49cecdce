"""Why a source is not named, and whom the article says it about.

A sentence that withholds a name (anonymity_phrases: "whose name CNN agreed
not to reveal", "on condition of anonymity", "covering his face") and gives a
reason (one lexicon per category, REASON_LEXICONS: "to protect his identity",
"for his safety", "fearing ...": safety; "not authorized to": not-authorized;
...) yields the reason alone, the justification from its conjunction
("because they were not authorized to ...", "to protect his identity"), with
its category; one that gives none, in it or in the next sentence of the
paragraph ("She asked that her surname be withheld. Her parents still live
under occupation."), yields the anonymity phrase itself, category
``unspecified``.
Some reasons say it on their own ("not authorized to speak", "for fear of
reprisals": anonymity_reasons_alone); they count only for a speaker who is
not named, which the identity step checks.

The clause goes to the speaker it describes: the source it modifies, a name
in the same sentence ("The soldier, whose name ..., goes by the call-sign
“Caesar.”"), or, when the sentence names no one, the next speaker the
article introduces ("another soldier whose full name CNN is not disclosing
... Silent says").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from onrecord.attribution.draft import Draft
from onrecord.spans import DisjointSpans, doc_text
from onrecord.records import Offsets
from onrecord.sourcing.common import Paragraphs, enclosing_clause, subtree_bounds, tokens_at, trim
from onrecord.lexicons import words
from onrecord.sourcing.lexicon import pattern

_INTRODUCED_WITHIN = 2
_OWN_CLAUSES = ("ccomp", "advcl", "relcl", "conj", "parataxis")  # clauses that say something of their own  # paragraphs after an unnamed description in which its speaker must appear


REASON_LEXICONS = {
    "safety": "reason_safety",
    "not-authorized": "reason_not_authorized",
    "sensitive-matter": "reason_sensitive_matter",
    "privacy": "reason_privacy",
    "policy": "reason_policy",
}
"""One lexicon of reasons per category; a withholding without any is ``unspecified``."""


@dataclass
class Withholding:
    """One sentence's statement that a source is not named."""

    spans: list[Offsets] | None  # the reason, or the anonymity phrase when no reason is given
    signal: bool  # the sentence itself withholds a name (not only a reason)
    noun: Token | None  # the noun the clause describes ("soldier")
    key: int | None = None  # the speaker cluster it is about
    sentence: Offsets = (0, 0)
    category: str = "unspecified"


@dataclass
class Withheld:
    by_key: dict[int, list[Withholding]] = field(default_factory=dict)

    def reason(self, key: int) -> Withholding | None:
        """The withholding that gives a reason, from a sentence that withholds the name first; else
        one that only withholds it (category unspecified)."""
        found = [w for w in self.by_key.get(key, []) if w.spans]
        given = [w for w in found if w.category != "unspecified"]
        return next((w for w in given if w.signal), None) or (given or found or [None])[0]

    def signalled(self, key: int) -> list[Offsets]:
        """The sentences that withhold this speaker's name (empty when none does)."""
        return [w.sentence for w in self.by_key.get(key, []) if w.signal]


def find_withheld(doc: Doc, drafts: list[Draft], speaking: dict[int, list[Offsets]], quoted: DisjointSpans) -> Withheld:
    """Every statement that withholds a speaker's name, by speaker cluster key.

    ``speaking``: the mentions of each cluster that speaks (the outlet left out).
    """
    text = doc_text(doc)
    paragraphs = Paragraphs(text)
    out = Withheld()
    sentences = list(doc.sents)
    for n, sent in enumerate(sentences):
        found = _withholding_in(sent, text, quoted)
        if found is None:
            continue
        if found.category == "unspecified" and n + 1 < len(sentences):
            _reason_next(found, sentences[n + 1], text, quoted, paragraphs)
        found.key = _about_whom(sent, found, drafts, speaking, paragraphs)
        if found.key is not None:
            out.by_key.setdefault(found.key, []).append(found)
    return out


def anonymity_requests(doc: Doc, drafts: list[Draft], quoted: DisjointSpans) -> list[Draft]:
    """The drafts the attribution stage made of a request not to be named, which say nothing a
    reader can quote: "a pharmacist who asked that her surname be withheld because ...", "who
    requested anonymity to speak freely", "spoke about the missions only on the condition of
    anonymity". Their reporting verb is the request itself, or a verb of talking (talk_verbs)
    the anonymity phrase hangs on, whose object is a topic, not a statement. A statement
    made on that condition keeps its own verb: in "Two officials, speaking on condition of
    anonymity, said the talks had stalled" the phrase hangs on "speaking", not on "said"; in "The
    aide confirmed the meeting on condition of anonymity" on "confirmed", which reports a fact.
    A content that runs on past the phrase and its reason into a reporting verb holds more than
    the request ("A medic who asked that his real name not be used for security reasons said the
    clinic had been shelled", parsed with "said" under "asked") and is kept."""
    text = doc_text(doc)
    found: list[Draft] = []
    for sent in doc.sents:
        signals = [m for m in _matches("anonymity_phrases", sent, text, quoted) if not _withholds_a_thing(sent, m)]
        if not signals:
            continue
        base = sent.start_char
        phrases = [(base + m.start(), base + m.end()) for m in signals]
        ends = [e for _, e in phrases] + [_reason_end(doc, base + m.start(), base + m.end())
                                          for m, _ in _reasons(sent, text, quoted)]
        for draft in drafts:
            if draft.type == "direct" or draft.cue_head is None or not sent.start <= draft.cue_head < sent.end:
                continue
            if not _says_more(doc, draft, max(ends)) and any(_hangs_on(doc, phrase, draft.cue_head) for phrase in phrases):
                found.append(draft)
    return found


def _says_more(doc: Doc, draft: Draft, end: int) -> bool:
    """The content runs on past the anonymity phrase and its reason (``end``) into a reporting verb
    of its own: "... asked that his real name not be used for security reasons said the clinic had
    been shelled", parsed with "said" under "asked"."""
    tail = tokens_at(doc, end, draft.end) if draft.end > end else None
    return tail is not None and any(t.pos_ in ("VERB", "AUX") and t.lemma_.lower() in words("cue_verbs") for t in tail)


def _hangs_on(doc: Doc, phrase: Offsets, cue_head: int) -> bool:
    """The reporting verb is in the anonymity phrase ("requested anonymity") or is a verb of
    talking the phrase hangs on ("spoke ... on the condition of anonymity")."""
    cue = doc[cue_head]
    if phrase[0] <= cue.idx < phrase[1]:
        return True
    if cue.lemma_.lower() not in words("talk_verbs"):
        return False
    # "spoke about issues related to the forces only on the condition of anonymity": the parser
    # may hang the phrase on a participle inside the verb's object; a clause of its own between
    # them ("spoke after aides, who asked for anonymity, ...") puts it on something else.
    token = _anchor(doc, *phrase)
    while token is not None and token.i != cue_head:
        if token.dep_ in _OWN_CLAUSES or token.head == token:
            return False
        token = token.head
    return token is not None


def _matches(name: str, sent: Span, text: str, quoted: DisjointSpans) -> list[re.Match]:
    chunk = text[sent.start_char : sent.end_char]
    return [
        m
        for m in pattern(name).finditer(chunk)
        if not quoted.overlapping(sent.start_char + m.start(), sent.start_char + m.end())
    ]


def _reasons(sent: Span, text: str, quoted: DisjointSpans) -> list[tuple[re.Match, str]]:
    """Every reason phrase of the sentence with its category, in text order."""
    found = [(m, category) for category, name in REASON_LEXICONS.items() for m in _matches(name, sent, text, quoted)]
    return sorted(found, key=lambda pair: pair[0].start())


def _withholding_in(sent: Span, text: str, quoted: DisjointSpans) -> Withholding | None:
    base = sent.start_char
    signals = [m for m in _matches("anonymity_phrases", sent, text, quoted) if not _withholds_a_thing(sent, m)]
    reasons = _reasons(sent, text, quoted)
    alone = _matches("anonymity_reasons_alone", sent, text, quoted)
    if not signals and not alone:
        return None
    doc = sent.doc
    where = (sent.start_char, sent.end_char)
    if not signals:
        return _reason_alone(sent, text, alone[0], reasons)
    signal = signals[0]
    anchor = _anchor(doc, base + signal.start(), base + signal.end())
    clause = enclosing_clause(anchor) if anchor is not None else None
    start = min(base + signal.start(), subtree_bounds(clause)[0] if clause is not None else base + signal.start())
    noun = _described_noun(clause if clause is not None else anchor, sent)
    reason = next((r for r in reasons if r[0].end() > signal.start()), reasons[0] if reasons else None)
    if reason is None:
        return Withholding([trim(text, start, base + signal.end())], True, noun, sentence=where)
    # The reason is the justification alone ("to protect his identity"), not the withholding clause.
    match, category = reason
    floor = base + signal.end() if signal.end() <= match.start() else sent.start_char
    start = _reason_start(doc, base + match.start(), base + match.end(), floor)
    end = _reason_end(doc, base + match.start(), base + match.end())
    return Withholding([trim(text, start, end)], True, noun, sentence=where, category=category)


def _withholds_a_thing(sent: Span, signal: re.Match) -> bool:
    """ "withheld"/"withholding" said of something other than a name or a person: "the emails have
    been withheld from public view", "withholding his endorsement". A name, an identity or a person
    withheld ("her name was withheld", "withholding the soldier's name") is the signal."""
    span = tokens_at(sent.doc, sent.start_char + signal.start(), sent.start_char + signal.end())
    if span is None or len(span) != 1 or span[0].lemma_.lower() != "withhold":
        return False
    withheld = [c for c in span[0].children if c.dep_ in ("nsubjpass", "dobj")]
    return bool(withheld) and all(
        t.pos_ == "NOUN" and t.lemma_.lower() not in words("name_nouns") and t.tag_ != "WP" for t in withheld
    )


def _reason_alone(sent: Span, text: str, reason: re.Match, reasons: list[tuple[re.Match, str]]) -> Withholding:
    """A reason that says on its own that the name is withheld: "who is not authorized to speak"."""
    base, doc = sent.start_char, sent.doc
    anchor = _anchor(doc, base + reason.start(), base + reason.end())
    clause = enclosing_clause(anchor) if anchor is not None else None
    start, end = subtree_bounds(clause) if clause is not None else (base + reason.start(), base + reason.end())
    end = max(end, _reason_end(doc, base + reason.start(), base + reason.end()))
    noun = _described_noun(clause if clause is not None else anchor, sent)
    category = next((c for m, c in reasons if m.start() <= reason.start() < m.end() or reason.start() <= m.start() < reason.end()), "unspecified")
    return Withholding([trim(text, start, end)], False, noun, sentence=(sent.start_char, sent.end_char), category=category)


def _reason_next(found: Withholding, sent: Span, text: str, quoted: DisjointSpans, paragraphs: Paragraphs) -> None:
    """"She asked that her surname be withheld. Her parents still live under occupation, she said.":
    a reason in the next sentence of the same paragraph, when the withholding one gives none."""
    if paragraphs.index(sent.start_char) != paragraphs.index(found.sentence[0]):
        return
    reasons = _reasons(sent, text, quoted)
    if not reasons:
        return
    match, category = reasons[0]
    base = sent.start_char
    end = _reason_end(sent.doc, base + match.start(), base + match.end())
    found.spans = [trim(text, base + match.start(), end)]
    found.category = category


def _anchor(doc: Doc, start: int, end: int) -> Token | None:
    span = tokens_at(doc, start, end)
    return span.root if span is not None and len(span) else None


def _reason_start(doc: Doc, start: int, end: int, floor: int) -> int:
    """The start of the clause a reason phrase is in, from its conjunction: ``because most of the
    specifics are classified`` for the phrase "are classified"; never before ``floor``."""
    anchor = _anchor(doc, start, end)
    for token in [anchor, *anchor.ancestors] if anchor is not None else []:
        if token.dep_ in ("advcl", "xcomp", "ccomp", "acl", "relcl"):
            clause_start = subtree_bounds(token)[0]
            return clause_start if floor <= clause_start < start else start
    return start


def _reason_end(doc: Doc, start: int, end: int) -> int:
    """The end of the reason's phrase: ``fearing that the Kremlin's long arm might ... in Ukraine``."""
    anchor = _anchor(doc, start, end)
    if anchor is None:
        return end
    while anchor.dep_ in ("aux", "auxpass", "neg", "mark", "det", "poss", "pobj") and anchor.head != anchor:
        anchor = anchor.head
    if anchor.dep_ in ("acomp", "xcomp") and anchor.head.idx > start - 40 and anchor.head.idx < start:
        anchor = anchor.head
    return max(end, subtree_bounds(anchor)[1])


def _described_noun(token: Token | None, sent: Span) -> Token | None:
    """The noun a withholding clause describes: its head for a relative clause, else the subject."""
    if token is None:
        return None
    if token.dep_ in ("relcl", "acl") and token.head.pos_ in ("NOUN", "PROPN"):
        return token.head
    verb = token if token.pos_ in ("VERB", "AUX") else next((a for a in token.ancestors if a.pos_ in ("VERB", "AUX")), None)
    while verb is not None:
        subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is not None:
            return subject if subject.pos_ in ("NOUN", "PROPN") else None
        if verb.dep_ in ("relcl", "acl") and verb.head.pos_ in ("NOUN", "PROPN"):
            return verb.head
        verb = verb.head if verb.head != verb else None
    return None


def _about_whom(sent: Span, found: Withholding, drafts, speaking: dict[int, list[Offsets]], paragraphs) -> int | None:
    lo, hi = sent.start_char, sent.end_char
    noun = found.noun
    # 1. The source of a quote in this sentence is the noun described, or contains the clause.
    for draft in drafts:
        if draft.speaker_key not in speaking or not draft.source:
            continue
        s, e = draft.source[0]
        if not (lo <= s < hi):
            continue
        if noun is not None and draft.source_head == noun.i:
            return draft.speaker_key
        if found.spans and s <= found.spans[0][0] and found.spans[0][1] <= e:
            return draft.speaker_key
    # 2. A speaker named in the noun's phrase, else anywhere in the sentence.
    if noun is not None:
        nlo, nhi = subtree_bounds(noun)
        inside = _mentioned(speaking, nlo, nhi)
        if inside:
            return inside[0]
    named = _mentioned(speaking, lo, hi)
    if named:
        return named[0]
    # 3. A speaker named earlier in the same paragraph ("... “Wolf.” CNN agreed not to publish his name").
    here = paragraphs.index(lo)
    earlier = [(s, key) for key, mentions in speaking.items() for s, _ in mentions if s < lo and paragraphs.index(s) == here]
    if earlier:
        return max(earlier)[1]
    # 4. The next speaker the article introduces after this sentence.
    for key, mentions in sorted(speaking.items(), key=lambda kv: min(kv[1])[0]):
        first = min(mentions)[0]
        if first >= hi and paragraphs.index(first) - here <= _INTRODUCED_WITHIN:
            return key
    return None


def _mentioned(speaking: dict[int, list[Offsets]], lo: int, hi: int) -> list[int]:
    hits = [(s, key) for key, mentions in speaking.items() for s, e in mentions if lo <= s and e <= hi]
    return [key for _, key in sorted(hits)]
