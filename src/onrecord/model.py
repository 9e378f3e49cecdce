"""The learned model stage: SOURCE, CUE and CONTENT spans and entity types from onrecord's tagger.

The model (``onrecord/models/attribution_tagger``, built by ``onrecord
train``) is a small spaCy pipeline with two heads: a ``ner`` for attribution
spans on a tok2vec fine-tuned from en_core_web_sm's, and an ``entity_tagger``
whose BIO tags (``B-PERSON``, ``I-ORG``) were learnt from en_core_web_sm's own
``ner``, on a two-layer tok2vec started from that ner's weights. The second
head is why the parse can leave that ``ner`` out: it was half of the stock
pipeline's time, and the tagger costs about a third of it.

It runs on the article's own tokens, one paragraph at a time as in training,
so its spans come back in the article's token offsets.
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy as np
import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

from onrecord.compute import numpy_blas
from onrecord.empty_tokenizer import EMPTY_TOKENIZER
from onrecord.spans import doc_text, paragraph_spans
from onrecord.errors import ModelUnavailable

MODEL_NAME = "attribution_tagger"
ENTITY_HEAD = "entity_tagger"
_override: list[Path] = []  # paths set by using_model, innermost last


@lru_cache(maxsize=1)
def packaged_model() -> Path:
    """Where the shipped weights live inside the installed package (asked for three times an
    article: importlib.resources is not free)."""
    return Path(str(resources.files("onrecord.models").joinpath(MODEL_NAME)))


def model_available(path: Path | None = None) -> bool:
    path = path or active_model()
    return (path / "config.cfg").is_file()


def active_model() -> Path:
    return _override[-1] if _override else packaged_model()


@contextmanager
def using_model(path: Path):
    """Use the model at ``path`` instead of the shipped one (training's dev table)."""
    _override.append(Path(path))
    try:
        yield
    finally:
        _override.pop()


@lru_cache(maxsize=4)
def _load(path: str) -> Language:
    # Without its tokenizer and its vocab's 1.3 MB of strings: ``tag`` gives it Docs of the article's
    # own tokens, in the parse's vocab (``empty_tokenizer``).
    try:
        with numpy_blas():
            return spacy.load(path, exclude=["tokenizer", "vocab"], config=EMPTY_TOKENIZER)
    except OSError as exc:
        raise ModelUnavailable(path, "attribution tagger is missing; rebuild it with `onrecord train`") from exc


def load_tagger(path: Path | None = None) -> Language:
    """The model's pipeline, loaded once per process and path. Its tokenizer and vocab are left
    out, so it reads Docs of another pipeline's vocab (``tag``), not text."""
    return _load(str(path or active_model()))


def provides_entities(path: Path | None = None) -> bool:
    """Whether the active model types entities, so the parse needs no ``ner`` of its own."""
    return model_available(path) and ENTITY_HEAD in load_tagger(path).pipe_names


@dataclass(frozen=True)
class Tagged:
    """One predicted span, in token indices of the article's Doc."""

    label: str  # SOURCE | CUE | CONTENT
    start: int
    end: int
    paragraph: int


@dataclass
class Tagging:
    """The tagger's spans in an article, and its token vectors: one row per token of the article's
    Doc, the tagger's own tok2vec (what its heads read), for the choice to weigh candidates by."""

    spans: list[Tagged]
    vectors: np.ndarray


_TAGGER_BATCH = 64
"""Paragraphs the tagger reads at once: enough for its matrix products to run at full speed,
few enough that a long article's activations are never all held together."""


def tag(doc: Doc, tagger: Language | None = None) -> Tagging:
    """Every attribution span the model predicts in ``doc``, in order, and its token vectors.

    When the model has an entity head, ``doc.ents`` is set from it as well.
    """
    tagger = tagger or load_tagger()
    pieces: list[tuple[int, int, int]] = []  # (paragraph, first token, end token)
    for number, (start, end) in enumerate(paragraph_spans(doc_text(doc))):
        span = doc.char_span(start, end, alignment_mode="expand") if end > start else None
        if span is None or not span.text.strip():
            continue
        pieces.append((number, span.start, span.end))
    typed = ENTITY_HEAD in tagger.pipe_names
    heads = ("ner", ENTITY_HEAD) if typed else ("ner",)
    for label in (label for head in heads for label in tagger.get_pipe(head).labels):
        doc.vocab.strings.add(label)  # the pieces share the article's vocab, not the tagger's
    # Fresh Docs of words and spaces, not Span.as_doc(): as_doc copies the whole
    # article's arrays for every paragraph, which makes a long article quadratic.
    # The tagger reads only lexical features, and a fresh Doc has no entities
    # for it to take as given. Made as the tagger asks for them, not all at once: each
    # holds the tagger's activations until its vectors are copied out, and a list of them
    # all held a long article's activations together (400 KB: 1 GB).
    docs = (
        Doc(doc.vocab, words=[t.text for t in doc[first:last]], spaces=[bool(t.whitespace_) for t in doc[first:last]])
        for _, first, last in pieces
    )
    out: list[Tagged] = []
    entities: list[Span] = []
    vectors = np.zeros((len(doc), tagger.get_pipe("tok2vec").model.get_dim("nO")), dtype=np.float32)
    for (number, first, last), piece in zip(pieces, tagger.pipe(docs, batch_size=_TAGGER_BATCH)):
        out.extend(Tagged(e.label_, first + e.start, first + e.end, number) for e in piece.ents)
        vectors[first:last] = piece.tensor
        if typed:
            entities.extend(Span(doc, first + s, first + e, label=label) for label, s, e in entity_spans(piece))
    if typed:
        doc.ents = entities
    return Tagging(out, vectors)


def entity_spans(doc: Doc) -> list[tuple[str, int, int]]:
    """Read BIO tags as ``(label, start, end)``; an ``I-`` with nothing to continue opens an entity.

    Spaces never start or end an entity, as in spaCy's own ``ner``.
    """
    spans: list[tuple[str, int, int]] = []
    label, start = None, 0

    def close(end: int) -> None:
        while end > start and doc[end - 1].is_space:
            end -= 1
        if label is not None and end > start:
            spans.append((label, start, end))

    for token in doc:
        prefix, _, kind = token.tag_.partition("-")
        if prefix == "I" and kind == label:
            continue
        close(token.i)
        label, start = None, token.i
        if prefix in ("B", "I") and kind and not token.is_space:
            label = kind
    close(len(doc))
    return spans


__all__ = ["ENTITY_HEAD", "Tagged", "Tagging", "active_model", "entity_spans", "load_tagger", "model_available",
           "packaged_model", "provides_entities", "tag", "using_model"]
