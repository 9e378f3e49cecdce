"""Why a source is not named, and whom the article says it about.

A sentence that withholds a name (anonymity_phrases: "whose name CNN agreed
not to reveal", "on condition of anonymity", "covering his face") and gives a
reason (anonymity_reasons: "to protect his identity", "for his safety",
"fearing ...") yields the clause from the signal to the end of the reason.
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
from onrecord.sourcing.lexicon import pattern

_INTRODUCED_WITHIN = 2  # paragraphs after an unnamed description in which its speaker must appear


@dataclass
class Withholding:
    """One sentence's statement that a source is not named."""

    spans: list[Offsets] | None  # the reason, when the article gives one
    signal: bool  # the sentence itself withholds a name (not only a reason)
    noun: Token | None  # the noun the clause describes ("soldier")
    key: int | None = None  # the speaker cluster it is about
    sentence: Offsets = (0, 0)


@dataclass
class Withheld:
    by_key: dict[int, list[Withholding]] = field(default_factory=dict)

    def reason(self, key: int) -> Withholding | None:
        found = [w for w in self.by_key.get(key, []) if w.spans]
        return next((w for w in found if w.signal), found[0] if found else None)

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
    for sent in doc.sents:
        found = _withholding_in(sent, text, quoted)
        if found is None:
            continue
        found.key = _about_whom(sent, found, drafts, speaking, paragraphs)
        if found.key is not None:
            out.by_key.setdefault(found.key, []).append(found)
    return out


def _matches(name: str, sent: Span, text: str, quoted: DisjointSpans) -> list[re.Match]:
    chunk = text[sent.start_char : sent.end_char]
    return [
        m
        for m in pattern(name).finditer(chunk)
        if not quoted.overlapping(sent.start_char + m.start(), sent.start_char + m.end())
    ]


def _withholding_in(sent: Span, text: str, quoted: DisjointSpans) -> Withholding | None:
    base = sent.start_char
    signals = _matches("anonymity_phrases", sent, text, quoted)
    reasons = _matches("anonymity_reasons", sent, text, quoted)
    alone = _matches("anonymity_reasons_alone", sent, text, quoted)
    if not signals and not alone:
        return None
    doc = sent.doc
    if signals:
        signal = signals[0]
        anchor = _anchor(doc, base + signal.start(), base + signal.end())
        clause = enclosing_clause(anchor) if anchor is not None else None
        start = min(base + signal.start(), subtree_bounds(clause)[0] if clause is not None else base + signal.start())
        reason = next((r for r in reasons if r.end() > signal.start()), reasons[0] if reasons else None)
        reason = reason or (alone[0] if alone else None)
        noun = _described_noun(clause if clause is not None else anchor, sent)
        if reason is None:
            return Withholding(None, True, noun, sentence=(sent.start_char, sent.end_char))
        end = max(base + signal.end(), _reason_end(doc, base + reason.start(), base + reason.end()))
        if clause is not None:
            end = max(end, subtree_bounds(clause)[1]) if base + reason.start() < subtree_bounds(clause)[1] else end
        start = min(start, base + reason.start())
        return Withholding([trim(text, start, end)], True, noun, sentence=(sent.start_char, sent.end_char))
    reason = alone[0]
    anchor = _anchor(doc, base + reason.start(), base + reason.end())
    clause = enclosing_clause(anchor) if anchor is not None else None
    start, end = subtree_bounds(clause) if clause is not None else (base + reason.start(), base + reason.end())
    end = max(end, _reason_end(doc, base + reason.start(), base + reason.end()))
    noun = _described_noun(clause if clause is not None else anchor, sent)
    return Withholding([trim(text, start, end)], False, noun, sentence=(sent.start_char, sent.end_char))


def _anchor(doc: Doc, start: int, end: int) -> Token | None:
    span = tokens_at(doc, start, end)
    return span.root if span is not None and len(span) else None


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
