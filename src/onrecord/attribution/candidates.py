"""Candidate attributions from the parse: a word that may report, and a phrase it governs.

The rules (``indirect.py``) find reported speech through lexicons of verbs.
PolNeAR counts much more as attribution: stances (``Clinton blasted the
American media``), nominal cues (``disdain for the nominee``), verbs no
lexicon lists (``Scholars have long debated the salience of ethnic ties``).
Here every word of a sentence and each phrase that hangs from it is a
candidate; ``choice.py`` scores them with a model learnt on PolNeAR train.
Measured on dev: 83% of gold contents have a candidate at their cue word with
character Jaccard >= 0.5.

``candidate_features`` describes a candidate in words the model weighs: the
word and the relation (``say|ccomp``), the phrase's first word (``that``,
``to``, ``whether``), the subject's kind, and what the other stages think of
the same words (the tagger's CONTENT spans, a rule's draft, a quotation).
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field
from array import array
from itertools import accumulate

import numpy as np
from spacy.tokens import Doc, Token

from onrecord.attribution.subjects import reported_speaker
from onrecord.attribution.indirect import before_conjunction, end_before_own_reports
from onrecord.attribution.draft import DASHES, Draft, trimmed_range
from onrecord import lexicons
from onrecord.spans import doc_text
from onrecord.model import Tagged

# Dependents that are never what was said: function words, modifiers, the subject itself.
_NOT_CONTENT = frozenset({
    "punct", "det", "aux", "auxpass", "neg", "cc", "case", "nsubj", "nsubjpass", "expl", "mark", "poss",
    "compound", "amod", "nummod", "prt", "dep", "intj", "predet", "quantmod", "nmod", "npadvmod", "advmod",
    "csubj", "agent", "dative", "appos",
})
# What follows an object to say something of it: "for shooting ...", "as an evangelist".
_COMPLEMENTS = ("prep", "oprd", "acomp", "xcomp", "advcl")
# A reporting clause set into what it reports: "The election, he said, was rigged."
_SET_INTO = ("parataxis", "advcl", "prep", "ccomp")


@dataclass(frozen=True)
class Candidate:
    """``cue`` reports the tokens ``[start, end)``, the phrase of ``head`` (its ``relation`` to the cue);
    ``speaker`` is whom it would name as source (``subjects.reported_speaker``), read once for the
    choice's features, its vectors and its draft, which must agree."""

    cue: Token
    head: Token
    relation: str
    start: int
    end: int
    speaker: Token | None


@dataclass
class Evidence:
    """What the other stages found in one article, as the model's features read it."""

    tag_labels: list[str]  # per token: SOURCE, CUE, CONTENT or O, from the learned tagger
    tag_starts: set[int]
    tag_ends: set[int]
    rules: dict[int, list[Draft]]  # reported-speech drafts of the rules, by cue token
    # Counts of non-space characters before each offset, all and inside direct quotes: a
    # candidate's share of quoted characters in constant time, not a set per candidate.
    solid_before: list[int]
    quoted_before: list[int]
    # Per token, counted from the start: words (not punctuation or space), verbs among them,
    # tokens tagged CONTENT; and the first word at or after each token. Features of ~500
    # candidates an article read these instead of walking each candidate's tokens.
    words_before: list[int]
    verbs_before: list[int]
    content_before: list[int]
    next_word: list[int]
    _matches: dict = field(default_factory=dict)  # (cue, start, end) -> rule_for's answer

    @classmethod
    def gather(cls, doc: Doc, tagged: list[Tagged], rules: list[Draft], direct: list[Draft]) -> "Evidence":
        labels = ["O"] * len(doc)
        starts, ends = set(), set()
        for span in tagged:
            labels[span.start : span.end] = [span.label] * (span.end - span.start)
            if span.label == "CONTENT":
                starts.add(span.start)
                ends.add(span.end)
        by_cue: dict[int, list[Draft]] = {}
        for draft in rules:
            by_cue.setdefault(draft.cue_head, []).append(draft)
        text = doc_text(doc)
        solid = bytearray(0 if c.isspace() else 1 for c in text)
        quoted = bytearray(len(text))
        for d in direct:
            for start, end in d.content:
                quoted[start:end] = solid[start:end]
        is_word = [not (t.is_punct or t.is_space) for t in doc]
        verbs = [w and t.pos_ in ("VERB", "AUX") for w, t in zip(is_word, doc)]
        next_word, following = [0] * len(doc), len(doc)
        for i in range(len(doc) - 1, -1, -1):
            following = i if is_word[i] else following
            next_word[i] = following
        return cls(
            labels, starts, ends, by_cue,
            # running counts as machine integers: a list of Python ints cost 36 bytes a character
            solid_before=array("q", accumulate(solid, initial=0)), quoted_before=array("q", accumulate(quoted, initial=0)),
            words_before=array("q", accumulate(is_word, initial=0)), verbs_before=array("q", accumulate(verbs, initial=0)),
            content_before=array("q", accumulate((label == "CONTENT" for label in labels), initial=0)),
            next_word=next_word,
        )

    def solid(self, start: int, end: int) -> int:
        """Non-space characters in ``[start, end)``."""
        return self.solid_before[end] - self.solid_before[start] if end > start else 0

    def quoted_share(self, start: int, end: int) -> float:
        return (self.quoted_before[end] - self.quoted_before[start]) / max(1, self.solid(start, end))

    def rule_for(self, doc: Doc, candidate: Candidate) -> Draft | None:
        """The rules' draft with the same cue word and much the same content (Jaccard >= 0.5)."""
        drafts = self.rules.get(candidate.cue.i)
        if not drafts:
            return None
        key = (candidate.cue.i, candidate.start, candidate.end)
        if key not in self._matches:
            start, end = char_range(doc, candidate.start, candidate.end)
            self._matches[key] = next((d for d in drafts if self.similar(start, end, d.content)), None)
        return self._matches[key]

    def similar(self, start: int, end: int, spans: list[tuple[int, int]]) -> bool:
        """Characters ``[start, end)`` and disjoint ``spans`` have Jaccard >= 0.5: the evaluation's test."""
        return self.jaccard(start, end, spans) >= 0.5

    def jaccard(self, start: int, end: int, spans: list[tuple[int, int]]) -> float:
        """Character Jaccard of ``[start, end)`` and disjoint ``spans``, white space left out."""
        shared = sum(self.solid(max(start, s), min(end, e)) for s, e in spans)
        union = self.solid(start, end) + sum(self.solid(s, e) for s, e in spans) - shared
        return shared / union if shared > 0 else 0.0


def find_candidates(doc: Doc) -> list[Candidate]:
    """Every (word, governed phrase) pair of ``doc``, the phrase trimmed as the rules trim contents."""
    found = []
    comments = comments_on_quotations(doc)
    for cue, head, relation, start, end in _raw_candidates(doc):
        start, end = _shaped(doc, cue, head, start, end, comments)
        if end > start:
            found.append(Candidate(cue, head, relation, start, end, reported_speaker(cue, relation)))
    return found


def _raw_candidates(doc: Doc):
    # Where a complement's "that" could be: most objects hold none, and their subtrees need no walk.
    marks = [t.i for t in doc if t.lower_ == "that" and t.dep_ == "mark"]
    for cue in doc:
        if cue.is_punct or cue.is_space:
            continue
        for child in cue.children:
            if child.dep_ in _NOT_CONTENT:
                continue
            yield cue, child, child.dep_, child.left_edge.i, child.right_edge.i + 1
            if child.dep_ == "prep":
                # "disdain for the nominee": the object of the preposition alone, too
                for obj in (c for c in child.children if c.dep_ in ("pobj", "pcomp")):
                    yield cue, obj, "prep-" + obj.dep_, obj.left_edge.i, obj.right_edge.i + 1
        yield from _object_and_complement(cue)
        clause = _complement_parsed_into_object(cue, marks)
        if clause is not None:
            yield cue, clause, "ccomp", clause.left_edge.i, clause.right_edge.i + 1
        if cue.dep_ in _SET_INTO:  # a root is its own head, never set into anything
            # "The election, he said, was rigged": the clause around the cue, on its longer side.
            before, after = around_the_cue(cue)
            if before[1] - before[0] >= after[1] - after[0]:
                yield cue, cue.head, "around-" + cue.dep_, *before
            else:
                yield cue, cue.head, "around-" + cue.dep_, *after


def around_the_cue(cue: Token) -> tuple[tuple[int, int], tuple[int, int]]:
    """The token ranges of the clause a cue is set into, before and after the cue's own phrase:
    "The election" and ", was rigged" around "he said"."""
    head = cue.head
    return (head.left_edge.i, cue.left_edge.i), (cue.right_edge.i + 1, head.right_edge.i + 1)


def _object_and_complement(cue: Token):
    """``blasted Betty Shelby for shooting ...``, ``described Mr. Obama as a climate evangelist``:
    the object and what is said of it, one content (PolNeAR's reading of such stances)."""
    objects = [c for c in cue.rights if c.dep_ == "dobj"]
    if not objects:
        return
    complements = [c for c in cue.rights if c.i > objects[0].i and c.dep_ in _COMPLEMENTS]
    if complements:
        yield cue, objects[0], "dobj+" + complements[-1].dep_, objects[0].left_edge.i, complements[-1].right_edge.i + 1


def _complement_parsed_into_object(cue: Token, marks: list[int]) -> Token | None:
    """``he told a meeting of Pacific Island leaders that few people understood the stakes``: the
    parser hung the told clause on "leaders" as a relative clause, though "that" is its conjunction
    (a mark, not the relative's subject) and the clause has a subject of its own. The clause is
    the cue's complement, a ``ccomp`` candidate. Measured: dev attribution +1, train +2 (exact +4).
    ``marks``: the positions of every "that" the parse made a mark, in order."""
    if any(c.dep_ == "ccomp" for c in cue.children):
        return None
    holder = next((c for c in cue.children if c.dep_ in ("dobj", "dative") and c.i > cue.i), None)
    if holder is None:
        return None
    at = bisect_left(marks, holder.left_edge.i)
    if at == len(marks) or marks[at] > holder.right_edge.i:
        return None  # no "that" among the object's words (its subtree spans left_edge to right_edge)
    for token in holder.subtree:
        first = token.left_edge
        if (token.dep_ in ("relcl", "acl") and token.pos_ in ("VERB", "AUX")
                and first.lower_ == "that" and first.dep_ == "mark"
                and any(c.dep_ in ("nsubj", "nsubjpass") and c.i > first.i for c in token.children)):
            return token
    return None


def _shaped(doc: Doc, cue: Token, head: Token, start: int, end: int, comments: list[int]) -> tuple[int, int]:
    """Inside the cue's sentence, never over the cue, then trimmed as the rules trim contents."""
    sentence = cue.sent
    start, end = max(start, sentence.start), min(end, sentence.end)
    if start <= cue.i < end:
        if head.i < cue.i:
            end = cue.i
        else:
            start = cue.i + 1
    if end <= start:
        return start, end
    if start <= head.i < end:
        end = max(start + 1, end_before_own_reports(head, end, coordinated=False))
    at = bisect_left(comments, start + 2)  # the first comment on a quotation inside the phrase, if any
    if at < len(comments) and comments[at] < end - 1:
        end = comments[at]
    return trimmed_range(doc, start, before_conjunction(doc, start, end))


def comments_on_quotations(doc: Doc) -> list[int]:
    """Dashes right after a closing quotation mark, in order: ``likened the rules to "burning the
    Constitution" - a charge that might have stung``: after the quotation, the dash opens the
    writer's comment on it, not more of what was said; a candidate's content stops there."""
    return [
        t.i for t in doc
        # the mark sits on the word before it: a closing mark, straight or curly
        if t.text in DASHES and t.i >= 2 and doc[t.i - 1].is_quote and not doc[t.i - 2].whitespace_
    ]


def candidate_features(doc: Doc, candidate: Candidate, evidence: Evidence) -> list[str]:
    """The candidate as feature names; the model's weights are keyed by them."""
    cue, relation = candidate.cue, candidate.relation
    lemma = cue.lemma_.lower()
    start, end = candidate.start, candidate.end
    n_words = evidence.words_before[end] - evidence.words_before[start]
    first = doc[evidence.next_word[start]].lower_ if n_words else "-"
    has_verb = evidence.verbs_before[end] > evidence.verbs_before[start]
    # with holder_of in the speaker the features read, refitted: dev attribution 1379 -> 1381
    subject = candidate.speaker
    kind = "none" if subject is None else (subject.ent_type_ or subject.pos_)
    size = size_bucket(n_words)
    below = candidate.head
    preposition = below.lower_ if relation == "prep" else below.head.lower_ if relation.startswith("prep-") else "-"
    features = [
        f"D={relation}", f"L={lemma}", f"LD={lemma}|{relation}", f"VP={cue.tag_}", f"VD={cue.dep_}",
        f"CP={below.tag_}", f"F={first}", f"FD={first}|{relation}", f"FL={first}|{lemma}",
        f"S={kind}", f"SD={kind}|{relation}", f"SL={kind}|{lemma}", f"LEN={size}", f"LEND={size}|{relation}",
        f"VERB={has_verb}|{relation}",
        f"LEX={lemma in lexicons.words('cue_verbs')}|{relation}", f"Q={doc[start].is_quote}",
        f"NEG={any(c.dep_ == 'neg' for c in cue.children)}", f"CL={below.lemma_.lower()}|{relation}",
        f"PREP={preposition}|{lemma}", f"VPOS={cue.pos_}|{relation}",
    ]
    if subject is not None:
        features.append(f"SL2={subject.lower_ if subject.pos_ == 'PRON' else subject.pos_}")
    return features + _evidence_features(doc, candidate, evidence, subject)


def _evidence_features(doc: Doc, candidate: Candidate, evidence: Evidence, subject: Token | None) -> list[str]:
    start, end, relation = candidate.start, candidate.end, candidate.relation
    labels = evidence.tag_labels
    tagged = evidence.content_before[end] - evidence.content_before[start]
    share = "0" if tagged == 0 else "lo" if 2 * tagged < end - start else "mid" if tagged < 0.9 * (end - start) else "hi"
    spills = any(labels[i] == "CONTENT" for i in (start - 1, end) if 0 <= i < len(labels))
    cue_label = labels[candidate.cue.i]
    rule = ("match" if evidence.rule_for(doc, candidate) is not None
            else "verb" if candidate.cue.i in evidence.rules else "none")
    inside = evidence.quoted_share(*char_range(doc, start, end))
    quoted = "0" if inside == 0 else "all" if inside > 0.9 else "part"
    return [
        f"TC={share}", f"TCD={share}|{relation}", f"TS={start in evidence.tag_starts}|{end in evidence.tag_ends}",
        f"TO={spills}", f"TV={cue_label}", f"TVC={cue_label}|{share}",
        f"TSRC={labels[subject.i] if subject is not None else '-'}",
        f"R={rule}", f"RD={rule}|{relation}", f"DQ={quoted}", f"RQ={rule}|{quoted}",
    ]


def running_sums(vectors: np.ndarray) -> np.ndarray:
    """Row ``i`` holds the sum of the first ``i`` token vectors: a content's mean in two lookups."""
    return np.vstack([np.zeros((1, vectors.shape[1]), dtype=np.float32), np.cumsum(vectors, axis=0)])


class RunningRows:
    """The running sums of ``running_sums``, kept only at the rows the candidates read.

    A long article's full table is as big as its token vectors (2 MB of text: 180 MB); the
    candidates need two rows each. The sums are made in chunks, each starting from the last
    row of the one before, which adds the same numbers in the same order as one cumulative
    sum over the whole article, so every kept row is the same to the last bit.
    """

    _CHUNK = 8192

    def __init__(self, vectors: np.ndarray, candidates: list[Candidate]):
        wanted = np.fromiter((i for c in candidates for i in (c.start, c.end)), dtype=np.int64)
        self.rows = np.unique(wanted)
        self.sums = np.zeros((len(self.rows), vectors.shape[1]), dtype=np.float32)
        carry = np.zeros((1, vectors.shape[1]), dtype=np.float32)  # row ``first`` of the running sums
        for first in range(0, len(vectors), self._CHUNK):
            chunk = np.cumsum(np.vstack([carry, vectors[first : first + self._CHUNK]]), axis=0)
            lo, hi = np.searchsorted(self.rows, [first, first + len(chunk)])
            self.sums[lo:hi] = chunk[self.rows[lo:hi] - first]
            carry = chunk[-1:]

    def __getitem__(self, rows: np.ndarray) -> np.ndarray:
        return self.sums[np.searchsorted(self.rows, rows)]


def candidate_vectors(candidates: list[Candidate], vectors: np.ndarray,
                      running: np.ndarray | RunningRows | None = None) -> np.ndarray:
    """Per candidate, the tagger's token vectors (``model.Tagging``) of its cue word, of its
    content (their mean), of the content's first and last tokens, of the speaker it would name
    (zeros without one) and of the token before its content, side by side.

    The feature names above say what the words are; these say what the tagger, which has
    read the paragraph around them, makes of them: measured on dev candidates, the average
    precision of the reach scorer rose from 0.627 to 0.666 with the first four. The speaker's
    and the token before the content, refitted: dev attribution 1383 -> 1391, exact 1148 -> 1156.
    """
    count = len(candidates)
    starts = np.fromiter((c.start for c in candidates), dtype=np.int64, count=count)
    ends = np.fromiter((c.end for c in candidates), dtype=np.int64, count=count)
    cues = np.fromiter((c.cue.i for c in candidates), dtype=np.int64, count=count)
    speakers = np.fromiter((c.speaker.i if c.speaker is not None else 0 for c in candidates), dtype=np.int64, count=count)
    named = np.fromiter((c.speaker is not None for c in candidates), dtype=np.float32, count=count)
    running = running_sums(vectors) if running is None else running
    means = (running[ends] - running[starts]) / (ends - starts)[:, None]
    return np.hstack([vectors[cues], means, vectors[starts], vectors[ends - 1],
                      vectors[speakers] * named[:, None], vectors[np.maximum(starts - 1, 0)]]).astype(np.float32)


def size_bucket(n: int) -> str:
    """A count of words as a feature value: 1, 2-3, 4-7, 8-15 or more."""
    return "1" if n <= 1 else "2" if n <= 3 else "4" if n <= 7 else "8" if n <= 15 else "16"


def char_range(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Character offsets of tokens ``[start, end)``: spaCy's tokens hold every non-space character."""
    last = doc[end - 1]
    return doc[start].idx, last.idx + len(last.text)
