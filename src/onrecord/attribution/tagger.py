"""The trained attribution tagger: SOURCE, CUE and CONTENT spans from a spaCy ``ner``.

The model (``onrecord/models/attribution_tagger``, built by ``onrecord
train``) is a small spaCy pipeline, ``tok2vec`` + ``ner``, trained on PolNeAR
paragraphs. It runs on the article's own tokens, one paragraph at a time as
in training, so its spans are in the article's offsets; the entities that the
main pipeline found are left as they were.

``tagged_drafts`` groups the spans into drafts: each CONTENT takes the
nearest CUE in its sentence (else in its paragraph) and the SOURCE nearest
that cue; a content that opens a paragraph right after a content that ended
the previous one, with no cue of its own, continues it. Contents of one word
("says what") and negated cues ("without acknowledging that") are dropped.
"""

from __future__ import annotations

from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

from onrecord.attribution.direct import subject_of, subject_offsets
from onrecord.attribution.draft import Draft, doc_text, paragraph_spans
from onrecord.errors import ModelUnavailable

MODEL_NAME = "attribution_tagger"
_override: list[Path] = []  # paths set by using_model, innermost last


def packaged_model() -> Path:
    """Where the shipped weights live inside the installed package."""
    return Path(str(resources.files("onrecord.models").joinpath(MODEL_NAME)))


def model_available(path: Path | None = None) -> bool:
    path = path or active_model()
    return (path / "config.cfg").is_file()


def active_model() -> Path:
    return _override[-1] if _override else packaged_model()


@contextmanager
def using_model(path: Path):
    """Use the tagger at ``path`` instead of the shipped one (training's dev table)."""
    _override.append(Path(path))
    try:
        yield
    finally:
        _override.pop()


@lru_cache(maxsize=4)
def _load(path: str) -> Language:
    try:
        return spacy.load(path)
    except OSError as exc:
        raise ModelUnavailable(path, "attribution tagger is missing; rebuild it with `onrecord train`") from exc


def load_tagger(path: Path | None = None) -> Language:
    """The tagger pipeline, loaded once per process and path."""
    return _load(str(path or active_model()))


@dataclass(frozen=True)
class Tagged:
    """One predicted span, in token indices of the article's Doc."""

    label: str  # SOURCE | CUE | CONTENT
    start: int
    end: int
    paragraph: int


def tag(doc: Doc, tagger: Language | None = None) -> list[Tagged]:
    """Every span the tagger predicts in ``doc``, in order."""
    tagger = tagger or load_tagger()
    pieces: list[tuple[int, int, int]] = []  # (paragraph, first token, end token)
    for number, (start, end) in enumerate(paragraph_spans(doc_text(doc))):
        span = doc.char_span(start, end, alignment_mode="expand") if end > start else None
        if span is None or not span.text.strip():
            continue
        pieces.append((number, span.start, span.end))
    for label in tagger.get_pipe("ner").labels:
        doc.vocab.strings.add(label)  # the pieces share the article's vocab, not the tagger's
    # Fresh Docs of words and spaces, not Span.as_doc(): as_doc copies the whole
    # article's arrays for every paragraph, which makes a long article quadratic.
    # The tagger reads only lexical features, and a fresh Doc has no entities
    # for it to take as given.
    docs = [
        Doc(doc.vocab, words=[t.text for t in doc[first:last]], spaces=[bool(t.whitespace_) for t in doc[first:last]])
        for _, first, last in pieces
    ]
    out = []
    for (number, first, _), piece in zip(pieces, tagger.pipe(docs)):
        out.extend(Tagged(e.label_, first + e.start, first + e.end, number) for e in piece.ents)
    return out


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


__all__ = ["Tagged", "active_model", "load_tagger", "model_available", "packaged_model", "tag",
           "tagged_drafts", "using_model"]
