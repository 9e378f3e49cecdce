"""Attributions from the learned model's spans (``onrecord.model``).

``tagged_drafts`` groups the spans into drafts: each CONTENT takes the
nearest CUE in its sentence (else in its paragraph) and the SOURCE nearest
that cue; a content that opens a paragraph right after a content that ended
the previous one, with no cue of its own, continues it. Contents of one word
("says what") and negated cues ("without acknowledging that") are dropped.
"""

from __future__ import annotations

from collections import defaultdict

from spacy.tokens import Doc, Span

from onrecord.attribution.subjects import subject_of, subject_offsets
from onrecord.attribution.draft import Draft
from onrecord.model import Tagged


def tagged_drafts(doc: Doc, spans: list[Tagged]) -> list[Draft]:
    """Group tagged spans into drafts (one per CONTENT, continuations joined)."""
    cues: dict[int, list[Tagged]] = defaultdict(list)
    sources: dict[int, list[Tagged]] = defaultdict(list)
    for span in spans:
        if span.label == "CUE":
            cues[span.paragraph].append(span)
        elif span.label == "SOURCE":
            sources[span.paragraph].append(span)
    drafts: list[Draft] = []
    previous: tuple[Tagged, Draft] | None = None
    for content in (s for s in spans if s.label == "CONTENT"):
        cue = _nearest(doc, content, cues[content.paragraph])
        span = _offsets(doc, content.start, content.end)
        if cue is None and previous is not None and _continues(doc, previous[0], content):
            previous[1].content.append(span)
            previous = (content, previous[1])
            continue
        if sum(1 for t in doc[content.start : content.end] if not (t.is_punct or t.is_space)) < 2:
            continue  # "says what": a lone word is not something said
        if cue is not None and _negated(doc[cue.start : cue.end]):
            continue  # "Without directly acknowledging that ...": not a report
        draft = Draft("indirect", [span])
        if cue is not None:
            draft.cue = [_offsets(doc, cue.start, cue.end)]
            draft.cue_head = doc[cue.start : cue.end].root.i
            _attach_source(doc, draft, cue, content, sources[cue.paragraph])
        draft.type = "direct" if doc[content.start].is_quote else "indirect"
        drafts.append(draft)
        previous = (content, draft)
    return drafts


def _attach_source(doc: Doc, draft: Draft, cue: Tagged, content: Tagged, sources: list[Tagged]) -> None:
    """The tagged source that holds the cue's subject in the parse, else that subject, else the nearest."""
    subject = next((s for t in doc[cue.start : cue.end] if t.pos_ in ("VERB", "AUX") and (s := subject_of(t))), None)
    if subject is not None and content.start <= subject.i < content.end:
        subject = None
    chosen = None
    if subject is not None:
        chosen = next((s for s in sources if s.start <= subject.i < s.end), None)
        if chosen is None:
            draft.source = [subject_offsets(subject)]
            draft.source_head = subject.i
            return
    if chosen is None:
        chosen = _nearest(doc, cue, sources, avoid=content)
    if chosen is not None:
        draft.source = [_offsets(doc, chosen.start, chosen.end)]
        draft.source_head = doc[chosen.start : chosen.end].root.i


def _negated(cue: Span) -> bool:
    """``did not say``, ``without acknowledging``: the cue reports that nothing was said."""
    root = cue.root
    if any(c.dep_ == "neg" for c in root.children):
        return True
    return root.dep_ == "pcomp" and root.head.lower_ == "without"


def _offsets(doc: Doc, start: int, end: int) -> tuple[int, int]:
    return doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text)


def _nearest(doc: Doc, anchor: Tagged, candidates: list[Tagged], avoid: Tagged | None = None) -> Tagged | None:
    """The candidate closest to ``anchor`` in tokens, one in the same sentence first."""
    if not candidates:
        return None
    sentence = doc[anchor.start].sent

    def cost(c: Tagged) -> tuple[int, int]:
        gap = c.start - anchor.end if c.start >= anchor.end else anchor.start - c.end
        inside = avoid is not None and avoid.start <= c.start and c.end <= avoid.end
        same = doc[c.start].sent == sentence or doc[c.end - 1].sent == sentence
        return (int(inside) * 2 + int(not same), max(gap, 0))

    return min(candidates, key=cost)


def _continues(doc: Doc, before: Tagged, after: Tagged) -> bool:
    """``after`` opens the next paragraph and ``before`` ended its own."""
    if after.paragraph != before.paragraph + 1:
        return False
    between = doc[before.end : after.start]
    return all(t.is_space or t.is_punct for t in between)


__all__ = ["tagged_drafts"]
