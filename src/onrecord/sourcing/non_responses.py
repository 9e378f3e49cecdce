"""Refusals and silence: "declined to comment", "did not respond", "could not be reached".

They are records of their own (``Article.non_responses``), never quotes: a
source who declines to comment has said nothing the reader can quote. The
phrases are lexicon data (``non_response_phrases``) compiled to spaCy
Matcher patterns; each match gives

- ``kind``: ``declined``, ``no-response`` or ``unreachable``;
- the cue, from its first word to its last verb ("did not respond");
- the phrase itself, extended by what it was about when the sentence says
  ("on the letter", "about his investments", "whether she would run");
- the speaker: the draft the attribution stage made of the phrase when
  there is one (its speaker was resolved like any other), else the
  subject of the phrase's verb.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from spacy.matcher import Matcher
from spacy.tokens import Doc, Span, Token
from spacy.vocab import Vocab

from onrecord.attribution.draft import Draft
from onrecord.lexicons import entries, words
from onrecord.records import Offsets
from onrecord.speakers.resolve import Cluster
from onrecord.sourcing.common import phrase_without_clauses, subtree_bounds

_NOT = {"LOWER": {"IN": ["not", "n't", "n’t", "never"]}}  # "wouldn’t say": PolNeAR train 7, dev 1
_ADVERB = {"POS": "ADV", "OP": "?"}
_GAP = {"IS_PUNCT": False, "IS_SPACE": False, "OP": "{0,3}"}
_ABOUT = ("on", "about", "regarding", "over")
_ABOUT_CLAUSES = ("ccomp", "xcomp")
_WHEN = ("DATE", "TIME")
_SAID = "said "  # a lexicon kind so marked counts inside a quotation ("No comment," he said)


@dataclass
class NonResponseDraft:
    kind: str
    cue: Offsets
    phrase: Offsets
    about: Offsets | None = None
    source: Offsets | None = None
    speaker_key: int | None = None
    draft: Draft | None = None
    on_record: bool = True
    """False for a request to act left unanswered: no refusal to comment, and still no quote."""


def _token_pattern(token: str) -> dict:
    if token == "not":
        return _NOT
    if token == "{adv}":
        return _ADVERB
    if token == "~":
        return _GAP
    if token == "{request}":
        return {"LEMMA": {"IN": sorted(words("request_nouns"))}}
    optional = token.endswith("?")
    lemmas = token.rstrip("?").split("|")
    found: dict = {"LEMMA": {"IN": lemmas}} if len(lemmas) > 1 else {"LEMMA": lemmas[0]}
    return {**found, "OP": "?"} if optional else found


@lru_cache(maxsize=4)
def _matcher(vocab: Vocab) -> Matcher:
    matcher = Matcher(vocab)
    for number, line in enumerate(entries("non_response_phrases")):
        kind, _, phrase = line.partition(":")
        matcher.add(f"{kind.strip()}#{number}", [[_token_pattern(t) for t in phrase.split()]])
    return matcher


def find_non_responses(doc: Doc, drafts: list[Draft], clusters: list[Cluster]) -> list[NonResponseDraft]:
    """Every refusal or silence in the outlet's words, in text order, one per place (the longest);
    a request to act left unanswered comes with ``on_record`` False.

    One inside what a speaker says ("his lawyer said he would refuse to answer")
    is that speaker's claim, not the outlet's record of a refusal, and is skipped.
    """
    matches = _matcher(doc.vocab)(doc, as_spans=True)
    found: list[NonResponseDraft] = []
    taken: set[int] = set()
    for span in sorted(matches, key=lambda s: (s.start, -len(s))):
        # '"No comment," she said': the refusal itself; "she would have no comment" is still a claim
        said = doc.vocab.strings[span.label].startswith(_SAID) and not _foretold(span)
        if any(i in taken for i in range(span.start, span.end)) or (not said and _reported(span, drafts)):
            continue
        if span[-1].dep_ == "compound":
            continue  # "has no comment section": the last word names something else
        taken.update(range(span.start, span.end))
        found.append(_non_response(doc, span, drafts, clusters))
        # "did not respond to the request [to donate the profits]": no refusal to comment
        found[-1].on_record = not _asks_for_an_act(span)
    return found


def _asks_for_an_act(span: Span) -> bool:
    """The unanswered request asks for an act, not a comment: it spells out a verb that is not one
    of comment ("queries seeking to confirm their address"), or it is "the request" alone, one the
    article has described ("Trump asked the network to donate ... The network did not respond to
    the request"). "requests to comment", "calls seeking comment", "the request for comment" stay."""
    request = span[-1]
    if request.lemma_.lower() not in words("request_nouns"):
        return False
    if any(verb.lemma_.lower() not in words("comment_verbs") for verb in _asked_to(request)):
        return True
    bare = all(c.dep_ == "det" and c.lower_ == "the" for c in request.children)
    return bare and request.lemma_.lower() == "request" and request.tag_ == "NN"


def _foretold(span: Span) -> bool:
    """A refusal put in the future or a condition ("she would have no comment until the trial")."""
    verbs = {t for t in span} | {t.head for t in span}
    return any(c.dep_ == "aux" and c.lemma_.lower() in ("will", "would", "may", "might") for t in verbs for c in t.children)


def _asked_to(request: Token) -> list[Token]:
    """The verbs a request asks its reader to do: "requests to comment" (comment), "queries seeking
    to confirm their address" (confirm); none in "emails asking about the evictions"."""
    verbs = []
    for clause in (c for c in request.children if c.dep_ in ("acl", "relcl")):
        if any(a.dep_ == "aux" and a.lower_ == "to" for a in clause.children):
            verbs.append(clause)
        verbs.extend(x for x in clause.children if x.dep_ == "xcomp" and x.pos_ == "VERB")
    return verbs


def _reported(span: Span, drafts: list[Draft]) -> bool:
    """Whether the phrase lies in the content of a draft that is not the phrase itself."""
    lo, hi = span.start_char, span.end_char
    return any(
        any(s <= lo and hi <= e for s, e in d.content) for d in drafts if _draft_of(span, [d]) is None
    )


def _non_response(doc: Doc, span: Span, drafts: list[Draft], clusters: list[Cluster]) -> NonResponseDraft:
    kind = doc.vocab.strings[span.label].partition("#")[0].removeprefix(_SAID)
    verbs = [t for t in span if t.pos_ in ("VERB", "AUX") and t.lower_ not in ("not", "n't", "n’t")]
    last_verb = max(verbs, key=lambda t: t.i) if verbs else span[0]
    # "declined to comment": the cue ends at the refusing verb; "did not respond": at the main verb.
    head = _head_verb(span)
    cue_end = head if head.i >= span.start and head.lemma_ not in ("do", "have", "would", "will", "could", "can") else last_verb
    cue = (span.start_char, cue_end.idx + len(cue_end.text))
    about = _about(doc, span)
    # The phrase runs on over what the last word governs: "to queries seeking to confirm ...".
    last = span[-1].right_edge if span.start <= span[-1].right_edge.i < span.sent.end else span[-1]
    end = max(span.end_char, _without_end_punct(doc, last.idx + len(last.text)), about[1] if about else 0)
    end = _before_break(doc.text, span.end_char, end)
    found = NonResponseDraft(kind, cue, (span.start_char, end), about)
    draft = _draft_of(span, drafts)
    if draft is not None:
        found.draft, found.speaker_key = draft, draft.speaker_key
        found.source = draft.source[0] if draft.source else None
    else:
        found.source = _subject(head)
        found.speaker_key = _cluster_at(found.source, clusters) if found.source else None
    return found


def _cluster_at(source: Offsets, clusters: list[Cluster]) -> int | None:
    """The speaker cluster one of whose mentions lies in ``source`` ("Smith" in "Mayor Smith")."""
    lo, hi = source
    for cluster in clusters:
        if any(lo <= s and e <= hi for s, e in cluster.mentions):
            return cluster.key
    return None


def _head_verb(span: Span) -> Token:
    """The verb of the phrase that the sentence hangs the rest on: "declined", "respond", "reached"."""
    inside = [t for t in span if t.pos_ in ("VERB", "AUX")]
    for token in inside:
        if token.head == token or not (span.start <= token.head.i < span.end):
            return token
    return inside[0] if inside else span.root


def _about(doc: Doc, span: Span) -> Offsets | None:
    """What the refusal was about: "on the letter", "whether she would run again"."""
    sentence_end = span.sent.end
    thing = next((c for c in span[-1].children if c.dep_ == "dobj" and c.i >= span.end), None)
    if thing is not None and thing.lemma_.lower() not in words("request_nouns"):
        return phrase_without_clauses(thing, drop_det=False)  # "refuses to discuss potential appointees"
    for token in doc[span.end : min(span.end + 8, sentence_end)]:
        if token.is_punct and token.text in ".;:!?":
            break
        obj = next((c for c in token.children if c.dep_ == "pobj"), None)
        if token.lower_ in _ABOUT and obj is not None and obj.ent_type_ not in _WHEN:
            return subtree_bounds(obj)  # "on Friday" says when, not what about
        if token.dep_ in _ABOUT_CLAUSES and token.head.i in range(span.start, span.end):
            start, end = subtree_bounds(token)
            return start, _without_end_punct(doc, end)
    return None


def _before_break(text: str, start: int, end: int) -> int:
    """``end``, or the first comma, semicolon or dash after ``start`` if it comes earlier:
    "refuses to discuss appointees, aside from saying ..." ends at the comma."""
    cuts = [at for at in (text.find(mark, start, end) for mark in (",", ";", " –", " —")) if at != -1]
    return min(cuts, default=end)


def _without_end_punct(doc: Doc, end: int) -> int:
    text = doc.text
    while end > 0 and text[end - 1] in ".,;:!? ":
        end -= 1
    return end


def _draft_of(span: Span, drafts: list[Draft]) -> Draft | None:
    """The draft the attribution stage made of this phrase: its cue lies inside the phrase."""
    lo, hi = span.start_char, span.end_char
    for draft in drafts:
        if draft.cue_head is not None and span.start <= draft.cue_head < span.end:
            return draft
        if any(lo <= s and e <= hi for s, e in draft.cue):
            return draft
    return None


def _subject(verb: Token) -> Offsets | None:
    for token in [verb, *verb.ancestors]:
        subject = next((c for c in token.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is not None:
            if subject.pos_ == "PRON":
                return subject.idx, subject.idx + len(subject.text)
            return phrase_without_clauses(subject, drop_det=False)
        if token.dep_ not in ("xcomp", "conj", "aux", "auxpass"):
            break
    return None
