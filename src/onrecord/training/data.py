"""PolNeAR -> spaCy training data: one Doc per paragraph, spans SOURCE, CUE, CONTENT.

Each token also carries, as its ``tag_``, the entity tag (``B-PERSON``,
``I-ORG``, ``O``) that en_core_web_sm's own ``ner`` gives it: silver labels
for the model's ``entity_tagger``, which lets onrecord drop that ``ner``
(half of the stock pipeline's time) and still know who is a person and who
an organisation.

A paragraph is the unit the tagger sees (``draft.paragraph_spans``): it is
what a reader sees at once, and gold contents that run over several
paragraphs are cut at the breaks, each piece labelled CONTENT.

spaCy's ``ner`` cannot hold overlapping spans, and PolNeAR nests
attributions ("X said Y believes Z"). Where spans overlap the longest one is
kept (``spacy.util.filter_spans``), so the outer content wins over the
source and cue inside it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, DocBin, Span
from spacy.util import filter_spans

from onrecord.spans import paragraph_spans
from onrecord.evaluation import GoldDocument, load_gold

LABELS = ("SOURCE", "CUE", "CONTENT")
_ROLE_LABEL = {"source": "SOURCE", "cue": "CUE", "content": "CONTENT"}


def labelled_spans(gold: GoldDocument) -> list[tuple[int, int, str]]:
    """Every gold source, cue and content segment as ``(start, end, label)``, deduplicated."""
    out = set()
    for attribution in gold.attributions:
        for role, label in _ROLE_LABEL.items():
            for start, end in getattr(attribution, role):
                out.add((start, end, label))
    return sorted(out)


def paragraph_docs(nlp: Language, gold: GoldDocument, entities: Language | None = None) -> Iterator[Doc]:
    """The article's non-empty paragraphs as tokenized Docs with gold spans set.

    With ``entities`` (a pipeline with a ``ner``), every token's ``tag_`` is
    that pipeline's entity tag for it.
    """
    spans = labelled_spans(gold)
    for p_start, p_end in paragraph_spans(gold.text):
        text = gold.text[p_start:p_end]
        if not text.strip():
            continue
        doc = nlp.make_doc(text)
        if entities is not None:
            set_entity_tags(doc, entities)
        ents = []
        for start, end, label in spans:
            start, end = max(start, p_start) - p_start, min(end, p_end) - p_start
            if start >= end:
                continue
            while start < end and text[start].isspace():
                start += 1
            while end > start and text[end - 1].isspace():
                end -= 1
            if start >= end:
                continue
            span = doc.char_span(start, end, label=label, alignment_mode="expand")
            if span is not None and len(span):
                ents.append(span)
        doc.ents = _clean(filter_spans(ents))
        yield doc


def set_entity_tags(doc: Doc, entities: Language) -> None:
    """Write ``entities``' ner predictions on ``doc`` as BIO tags in ``token.tag_``."""
    predicted = entities.get_pipe("ner")(doc)
    for token in predicted:
        token.tag_ = f"{'B' if token.ent_iob_ == 'B' else 'I'}-{token.ent_type_}" if token.ent_type_ else "O"
    doc.ents = []


def _clean(spans: Iterable[Span]) -> list[Span]:
    """Drop entities made of white space only (ner cannot start or end on one)."""
    out = []
    for span in spans:
        start, end = span.start, span.end
        while start < end and span.doc[start].is_space:
            start += 1
        while end > start and span.doc[end - 1].is_space:
            end -= 1
        if start < end:
            out.append(Span(span.doc, start, end, label=span.label_))
    return out


def write_docbin(
    nlp: Language, folder: Path, out: Path, limit: int | None = None, entities: Language | None = None
) -> int:
    """Convert a PolNeAR folder to a ``.spacy`` file; returns the number of paragraphs."""
    golds = load_gold(folder)
    if limit is not None:
        golds = golds[:limit]
    docbin = DocBin(store_user_data=False)
    count = 0
    for gold in golds:
        for doc in paragraph_docs(nlp, gold, entities):
            docbin.add(doc)
            count += 1
    out.parent.mkdir(parents=True, exist_ok=True)
    docbin.to_disk(out)
    return count
