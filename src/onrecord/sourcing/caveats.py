"""The outlet's caveats: what it could not verify, what is disputed, what it hedges.

- ``unverified``: phrases (unverified_phrases: "could not be independently
  verified", "unconfirmed") and negated verbs of checking
  (verification_verbs) whose checker is the outlet, "we", a reporter, or done
  "independently": "CNN has not been able independently to confirm this number".
- ``unsupported``: the outlet notes the absence of evidence: that the speaker
  gave none (unsupported_phrases: "asserted, without offering proof, that ...",
  "provided no evidence") or that there is none (no_evidence_phrases: "there is
  no evidence that ...").
- ``disputed``: denial verbs (denial_verbs) with a claim noun, pronoun or
  clause as object ("has previously denied allegations of war crimes") and
  rebuttals (disputed_phrases: "despite extensive evidence").
- ``hedged``: a quote whose cue is a hedging verb ("he claims"), hedging
  adverbs or adjectives outside quotation marks ("reportedly", "alleged"), and
  claim nouns with the claim in a "that" clause (hedge_nouns: "allegations
  that he assaulted her"), and claims reported as no one's (hedge_phrases:
  "It is understood that ...").

Words inside a quote's content are the speaker's, not the outlet's, and are
skipped (a hedge inside reported speech qualifies that quote). A caveat is
linked to the quotes it is about: those in its sentence, else the one its
object points back to ("this number": the nearest earlier quote with a
number; "the claim": the nearest earlier quote), within two paragraphs.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from onrecord.attribution.draft import Draft
from onrecord.spans import DisjointSpans, SpanIndex, doc_text
from onrecord.records import Offsets, Outlet
from onrecord.sourcing.common import Paragraphs, subtree_bounds, tokens_at, trim
from onrecord.sourcing.denials import claim_denied, denies_a_claim, without_that
from onrecord.lexicons import words
from onrecord.sourcing.lexicon import pattern
from onrecord.sourcing.outlet import is_outlet_name

_LOOK_BACK = 2  # paragraphs a caveat may point back over
_NEGATIVE = words("negative_words")


@dataclass
class CaveatDraft:
    kind: str
    spans: list[Offsets]
    drafts: list[Draft] = field(default_factory=list)
    claim: Offsets | None = None


def find_caveats(doc: Doc, drafts: list[Draft], outlet: Outlet | None) -> list[CaveatDraft]:
    text = doc_text(doc)
    quoted = DisjointSpans(span for d in drafts for span in d.content)
    direct = DisjointSpans(span for d in drafts if d.type == "direct" for span in d.content)
    context = _Context(doc, text, drafts, quoted, direct, Paragraphs(text))
    found: list[CaveatDraft] = []
    for sent in doc.sents:
        found += _unverified(sent, context, outlet)
        found += _unsupported(sent, context)
        found += _disputed(sent, context)
        found += _hedged_words(sent, context)
        found += _hedged_nouns(sent, context)
        found += _hedged_phrases(sent, context)
        found += _hedging_verbs(sent, context)
    found += _hedging_cues(doc, drafts, text)
    found.sort(key=lambda c: c.spans[0])
    return found


@dataclass
class _Context:
    doc: Doc
    text: str
    drafts: list[Draft]
    quoted: DisjointSpans
    direct: DisjointSpans
    paragraphs: Paragraphs

    def outside_quotes(self, start: int, end: int) -> bool:
        return not self.quoted.overlapping(start, end)

    def sentence_span(self, sent: Span, match: Offsets) -> Offsets:
        """The sentence as the caveat's text; only the matched words when it holds a quotation."""
        if self.direct.overlapping(sent.start_char, sent.end_char):
            return match
        return trim(self.text, sent.start_char, sent.end_char)

    def in_sentence(self, sent: Span, skip_cue: int | None = None) -> list[Draft]:
        lo, hi = sent.start_char, sent.end_char
        return [
            d
            for d in self._drafts_near(lo, hi)
            if d.cue_head != skip_cue and any(lo <= s < hi or s <= lo < e for s, e in d.content + d.cue)
        ]

    def _drafts_near(self, lo: int, hi: int) -> list[Draft]:
        """The drafts a content or cue span of which overlaps ``[lo, hi)`` or is empty inside it, in
        list order: looked up in an index built once, since scanning every draft for every
        sentence made a long article quadratic (800 KB: 27 s here alone)."""
        if self._index is None:
            spans = [(s, e, n) for n, d in enumerate(self.drafts) for s, e in d.content + d.cue]
            self._index = SpanIndex((s, e, n) for s, e, n in spans if s < e)
            self._empty = [(s, n) for s, e, n in spans if s >= e]
        found = {n for _, _, n in self._index.overlapping(lo, hi)}
        found |= {n for s, n in self._empty if lo <= s < hi}
        return [self.drafts[n] for n in sorted(found)]

    def earlier(self, sent: Span, prefer=None, not_by: int | None = None) -> list[Draft]:
        here = self.paragraphs.index(sent.start_char)
        before = [
            d
            for d in self._drafts_from_paragraph(here - _LOOK_BACK, sent.start_char)
            if d.end <= sent.start_char
            and here - self.paragraphs.index(d.start) <= _LOOK_BACK
            and (not_by is None or d.speaker_key != not_by)
        ]
        if prefer is not None:
            before = [d for d in before if prefer(d)] or before
        return before[-1:] if before else []

    def _drafts_from_paragraph(self, first: int, until: int) -> list[Draft]:
        """The drafts that start in paragraph ``first`` or later and no later than offset ``until``,
        in list order. The drafts come sorted by start (``find_attributions``), so two binary
        searches find them; unsorted, all of them (the callers filter on the same conditions)."""
        if not self._sorted:
            return self.drafts
        start = bisect_left(self.drafts, first, key=lambda d: self.paragraphs.index(d.start))
        stop = bisect_right(self.drafts, until, key=lambda d: d.start)
        return self.drafts[start:stop]

    def __post_init__(self) -> None:
        self._index: SpanIndex | None = None
        self._empty: list[tuple[int, int]] = []
        starts = [d.start for d in self.drafts]
        self._sorted = all(a <= b for a, b in zip(starts, starts[1:]))


def _matches(name: str, sent: Span, context: _Context, direct_only: bool = False) -> list[Offsets]:
    """The lexicon's phrases in the sentence outside quotes (outside direct quotations only, with
    ``direct_only``)."""
    base = sent.start_char
    chunk = context.text[base : sent.end_char]
    spans = [(base + m.start(), base + m.end()) for m in pattern(name).finditer(chunk)]
    if direct_only:
        return [s for s in spans if not context.direct.overlapping(*s)]
    return [s for s in spans if context.outside_quotes(*s)]


def _unverified(sent: Span, context: _Context, outlet: Outlet | None) -> list[CaveatDraft]:
    hits = _matches("unverified_phrases", sent, context)
    objects: list[Token] = []
    for token in sent:
        if token.lemma_.lower() in words("verification_verbs") and context.outside_quotes(token.idx, token.idx + 1):
            if _negated(token) and _checker_is_outlet(token, outlet):
                hits.append((token.idx, token.idx + len(token.text)))
                objects += [c for c in token.children if c.dep_ == "dobj"]
    if not hits:
        return []
    for start, end in hits:
        span = tokens_at(context.doc, start, end)
        if span is not None:
            objects += [c for t in span for c in t.children if c.dep_ in ("nsubjpass", "dobj")]
    spans = [context.sentence_span(sent, min(hits))]
    linked = context.in_sentence(sent) or _pointed_at(sent, context, objects)
    return [CaveatDraft("unverified", spans, linked)]


def _unsupported(sent: Span, context: _Context) -> list[CaveatDraft]:
    """"He said, without offering proof, that ...": tied to the quotes of the sentence, else to the
    claim nearest before it; with neither, to the sentence's own narrated claim."""
    hits = _matches("unsupported_phrases", sent, context, direct_only=True) + _matches("no_evidence_phrases", sent, context)
    if not hits:
        return []
    spans = [context.sentence_span(sent, min(hits))]
    linked = context.in_sentence(sent) or context.earlier(sent)
    claim = None if linked else trim(context.text, sent.start_char, sent.end_char)
    return [CaveatDraft("unsupported", spans, linked, claim)]


def _negated(token: Token) -> bool:
    chain = [token, *list(token.ancestors)[:3]]
    for t in chain:
        if any(c.dep_ == "neg" for c in t.children) or t.lower_ in _NEGATIVE:
            return True
        if t.dep_ not in ("xcomp", "acomp", "ccomp", "advcl", "conj"):
            break
    return any(c.dep_ == "neg" for c in chain[-1].children)


def _checker_is_outlet(token: Token, outlet: Outlet | None) -> bool:
    if any(c.lower_ == "independently" for t in [token, *token.ancestors] for c in t.children):
        return True
    for t in [token, *token.ancestors]:
        subject = next((c for c in t.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is None:
            continue
        if subject.dep_ == "nsubjpass":
            return True  # "could not be verified": impersonal, the outlet's
        phrase = " ".join(w.text for w in subject.subtree)
        return subject.lower_ in words("news_organisation_words") or is_outlet_name(phrase, outlet)
    return False


def _pointed_at(sent: Span, context: _Context, objects: list[Token]) -> list[Draft]:
    heads = [o for o in objects if o.pos_ in ("NOUN", "PRON", "PROPN")]
    if any(o.lemma_.lower() in words("number_nouns") for o in heads):
        return context.earlier(sent, prefer=lambda d: _has_number(context.doc, d))
    lemmas = {o.lemma_.lower() for o in heads if o.pos_ == "NOUN"} - words("claim_nouns")
    if lemmas:
        found = context.earlier(sent, prefer=lambda d: bool(lemmas & _lemmas(context.doc, d)))
        if found and lemmas & _lemmas(context.doc, found[0]):
            return found
    return context.earlier(sent)


def _has_number(doc: Doc, draft: Draft) -> bool:
    return any(t.like_num or t.ent_type_ in ("CARDINAL", "QUANTITY", "PERCENT", "MONEY") for t in _tokens(doc, draft))


def _lemmas(doc: Doc, draft: Draft) -> set[str]:
    return {t.lemma_.lower() for t in _tokens(doc, draft)}


def _tokens(doc: Doc, draft: Draft) -> list[Token]:
    out: list[Token] = []
    for start, end in draft.content:
        span = tokens_at(doc, start, end)
        out += list(span) if span is not None else []
    return out


def _disputed(sent: Span, context: _Context) -> list[CaveatDraft]:
    hits = _matches("disputed_phrases", sent, context)
    denial: Token | None = None
    for token in sent:
        # "an accusation the firm disputes": the tagger may read the relative clause's verb as a noun
        verb = token.pos_ == "VERB" or (token.dep_ == "relcl" and token.tag_ == "NNS")
        if token.lemma_.lower() in words("denial_verbs") and verb and denies_a_claim(token):
            if context.outside_quotes(token.idx, token.idx + len(token.text)):
                hits.append((token.idx, token.idx + len(token.text)))
                denial = denial or token
    if not hits:
        return []
    spans = [context.sentence_span(sent, min(hits))]
    if denial is not None:
        denied = claim_denied(denial, context.text)
        if denied is not None:
            return [CaveatDraft("disputed", spans, [], denied)]
    skip = denial.i if denial is not None else None
    denier = next((d.speaker_key for d in context.drafts if d.cue_head == skip), None) if skip is not None else None
    linked = [d for d in context.in_sentence(sent, skip_cue=skip) if denier is None or d.speaker_key != denier]
    return [CaveatDraft("disputed", spans, linked or context.earlier(sent, not_by=denier))]


def _hedged_words(sent: Span, context: _Context) -> list[CaveatDraft]:
    found = []
    base = sent.start_char
    for match in pattern("hedge_words").finditer(context.text, base, sent.end_char):
        start, end = match.span()
        if context.direct.overlapping(start, end):
            continue
        span = tokens_at(context.doc, start, end)
        if span is None or not _is_modifier(span, match.group()) or _is_hedging_cue(context, start, end):
            continue
        within = [d for d in context.drafts if any(s <= start and end <= e for s, e in d.content)]
        claim = None if within else trim(context.text, sent.start_char, sent.end_char)
        found.append(CaveatDraft("hedged", [(start, end)], within, claim))
    return found


def _hedging_verbs(sent: Span, context: _Context) -> list[CaveatDraft]:
    """A hedging verb no draft was made of, with what it hedges: its "that" clause ("the loggers
    alleged that he had asked them"), or, in an "as" clause, the sentence it hangs on ("as he's
    often alleged"). A quote cued by one is found by _hedging_cues; "claimed victory" hedges nothing."""
    found = []
    for token in sent:
        if token.pos_ != "VERB" or token.lemma_.lower() not in words("hedge_words"):
            continue
        start, end = token.idx, token.idx + len(token.text)
        if context.direct.overlapping(start, end) or _is_hedging_cue(context, start, end):
            continue
        clause = next((c for c in token.children if c.dep_ == "ccomp"), None)
        if clause is not None:
            found.append(CaveatDraft("hedged", [(start, end)], [], without_that(clause, context.text)))
        elif token.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ == "as" for c in token.children):
            claim = trim(context.text, sent.start_char, subtree_bounds(token)[0])
            found.append(CaveatDraft("hedged", [(start, end)], [], claim))
    return found


def _hedged_phrases(sent: Span, context: _Context) -> list[CaveatDraft]:
    """"It is understood that the club has agreed a fee": a claim the outlet reports without saying
    whose; the rest of the sentence is the claim it qualifies."""
    found = []
    base = sent.start_char
    for match in pattern("hedge_phrases").finditer(context.text[base : sent.end_char]):
        start, end = base + match.start(), base + match.end()
        if not context.outside_quotes(start, start + 1):
            continue  # the phrase's "that" may open the clause a draft made its content
        within = context.in_sentence(sent)
        claim = None if within else trim(context.text, end, sent.end_char)
        found.append(CaveatDraft("hedged", [(start, end)], within, claim))
    return found


def _hedged_nouns(sent: Span, context: _Context) -> list[CaveatDraft]:
    """"allegations that he assaulted her", "Claims were made that ...": the outlet names what
    the "that" clause says a claim; the clause is the claim it qualifies."""
    found = []
    for token in sent:
        if token.pos_ != "NOUN" or token.lemma_.lower() not in words("hedge_nouns"):
            continue
        start, end = token.idx, token.idx + len(token.text)
        if context.direct.overlapping(start, end):
            continue
        clause = _that_clause(token)
        if clause is None or token.head.lemma_.lower() in words("denial_verbs"):
            continue  # "contradicting the police's claim that ...": a dispute, found as one
        found.append(CaveatDraft("hedged", [(start, end)], [], without_that(clause, context.text)))
    return found


def _that_clause(noun: Token) -> Token | None:
    """The clause saying what the claim is: the noun's own ("the claim that ..."), or its passive
    verb's ("Claims were made that ..."); introduced by "that"."""
    holders = [noun] + ([noun.head] if noun.dep_ == "nsubjpass" else [])
    for holder in holders:
        for child in holder.children:
            if child.dep_ in ("acl", "ccomp") and any(c.dep_ == "mark" and c.lower_ == "that" for c in child.children):
                return child
    return None


def _is_hedging_cue(context: _Context, start: int, end: int) -> bool:
    """"The agency reportedly plans ...": the adverb is the quote's cue, found once by _hedging_cues."""
    return any(
        s < end and start < e
        for d in context.drafts
        if d.cue_head is not None and context.doc[d.cue_head].lemma_.lower() in words("hedge_words")
        for s, e in d.cue
    )


def _is_modifier(span: Span, word: str) -> bool:
    if "-" in word or word.lower().endswith("ly"):
        return True
    return any(t.dep_ in ("amod", "advmod") for t in span)


def _hedging_cues(doc: Doc, drafts: list[Draft], text: str) -> list[CaveatDraft]:
    found = []
    for draft in drafts:
        if draft.cue_head is None or doc[draft.cue_head].lemma_.lower() not in words("hedge_words"):
            continue
        spans = sorted(draft.cue)
        if draft.source and _adjacent(draft.source[0], spans, text):
            spans = [(min(draft.source[0][0], spans[0][0]), max(draft.source[0][1], spans[-1][1]))]
        found.append(CaveatDraft("hedged", spans, [draft]))
    return found


def _adjacent(source: Offsets, cue: list[Offsets], text: str) -> bool:
    lo, hi = sorted([source, cue[0]])
    return len(cue) == 1 and not text[lo[1] : hi[0]].strip()
