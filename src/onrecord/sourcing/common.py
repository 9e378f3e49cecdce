"""Small look-ups over the spaCy Doc shared by the sourcing modules."""

from __future__ import annotations

from bisect import bisect_right

from spacy.tokens import Doc, Span, Token

from onrecord.attribution.draft import Draft
from onrecord.spans import DisjointSpans, paragraph_spans
from onrecord.records import Offsets

_CLAUSES = ("relcl", "acl", "advcl")
_DETERMINERS = {"the", "a", "an", "another", "this", "that", "these", "those", "some"}


def tokens_at(doc: Doc, start: int, end: int) -> Span | None:
    return doc.char_span(start, end, alignment_mode="expand")


def top_token(span: Span) -> Token:
    """The token of ``span`` whose head lies outside it (the highest one)."""
    return span.root


def subtree_bounds(token: Token) -> Offsets:
    tokens = sorted(token.subtree, key=lambda t: t.i)  # not in text order where the parse crosses
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)


def enclosing_clause(token: Token) -> Token | None:
    """The relative, participial or adverbial clause ``token`` is in, below the sentence root."""
    for ancestor in [token, *token.ancestors]:
        if ancestor.dep_ in _CLAUSES:
            return ancestor
    return None


def trim(text: str, start: int, end: int) -> Offsets:
    """``[start, end)`` without white space and commas, dashes or colons at the edges."""
    edge = " \t\n\u00a0,;:–—-"
    while start < end and text[start] in edge:
        start += 1
    while end > start and text[end - 1] in edge:
        end -= 1
    return start, end


def phrase_without_clauses(head: Token, drop_det: bool = True, limit: int = 12) -> Offsets | None:
    """A noun phrase around ``head``: its subtree minus clauses, appositions and edge punctuation."""
    skip: set[int] = set()
    for child in head.children:
        if child.dep_ in ("appos", "conj", "cc", "punct") and child.i > head.i:
            skip.update(t.i for t in child.subtree)
    for t in head.subtree:
        if t != head and t.dep_ in _CLAUSES + ("ccomp", "pcomp", "xcomp"):
            skip.update(x.i for x in t.subtree)
    tokens = sorted((t for t in head.subtree if t.i not in skip), key=lambda t: t.i)
    # Keep the run that contains the head.
    run = [head]
    for t in reversed([t for t in tokens if t.i < head.i]):
        if t.i != run[0].i - 1:
            break
        run.insert(0, t)
    for t in [t for t in tokens if t.i > head.i]:
        if t.i != run[-1].i + 1 or len(run) >= limit:
            break
        run.append(t)
    while run and (run[0].is_punct or run[0].is_space or (drop_det and run[0].lower_ in _DETERMINERS)):
        run.pop(0)
    while run and (run[-1].is_punct or run[-1].is_space or run[-1].dep_ in ("prep", "cc", "det", "case")):
        run.pop()
    if not run:
        return None
    return run[0].idx, run[-1].idx + len(run[-1].text)


class Paragraphs:
    def __init__(self, text: str):
        self.spans = paragraph_spans(text)
        self._starts = [s for s, _ in self.spans]

    def index(self, offset: int) -> int:
        return max(0, bisect_right(self._starts, offset) - 1)


def direct_spans(drafts: list[Draft]) -> DisjointSpans:
    """What the speakers say in quotation marks: not the outlet's words."""
    return DisjointSpans(span for d in drafts if d.type == "direct" for span in d.content)
