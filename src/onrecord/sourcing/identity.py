"""Whether the article names a speaker: named, pseudonym, anonymous or unknown.

- ``named``: a personal name ("Yevgeny Prigozhin", "Prigozhin") or an
  organisation by its name ("the Kremlin", "Reuters").
- ``pseudonym``: a name the article uses in place of the real one: a
  call-sign or nickname ("goes by the call-sign “Caesar”"), a first name or
  initials the article says are partial, or any name of a source whose real
  name the article says it withholds.
- ``anonymous``: a description, not a name ("a senior official",
  "officials", "two people familiar with the talks"), and groups by
  nationality ("some Russians").
- ``unknown``: nothing to tell by (a pronoun, an empty name).
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from onrecord.spans import DisjointSpans, doc_text, paragraph_end, paragraph_start
from onrecord.records import Offsets
from onrecord.sourcing.common import tokens_at
from onrecord.sourcing.lexicon import pattern
from onrecord.speakers.resolve import Cluster

_INITIALS = re.compile(r"^(?:[A-Z]\.\s?){1,3}[A-Z]?\.?$|^[A-Z]{1,2}$")
_QUOTES = "“”\"‘’'«»"


def identity_of(doc: Doc, cluster: Cluster, withheld: bool, quoted: DisjointSpans) -> str:
    """The identity of one speaker cluster; ``withheld``: the article says it keeps the name back."""
    text = doc_text(doc)
    head, span = _name_head(doc, cluster)
    if head is None:
        return "unknown"
    if head.pos_ == "PRON" or not any(c.isalpha() for c in cluster.name):
        return "unknown"
    if not _is_proper(head, span):
        # "The commander, known only as Grom,": a description that gives a call-sign.
        return "pseudonym" if _names_itself(head, text) else "anonymous"
    if _INITIALS.match(cluster.name.strip()):
        return "pseudonym"
    if cluster.kind == "group" or head.ent_type_ == "NORP":
        return "anonymous"  # "some Russians": a nationality, not a name
    if cluster.kind == "organization":
        return "named"
    if withheld or _called_so(text, cluster, quoted):
        return "pseudonym"
    return "named"


def _names_itself(head: Token, text: str) -> bool:
    tokens = sorted(head.subtree, key=lambda t: t.i)
    start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
    for match in pattern("pseudonym_phrases").finditer(text, start, end):
        after = text[match.end() : end].lstrip(" “\"‘'")
        if after[:1].isupper():
            return True
    return False


def _name_head(doc: Doc, cluster: Cluster) -> tuple[Token | None, Span | None]:
    text = doc_text(doc)
    spans = sorted(cluster.mentions)
    preferred = [m for m in spans if text[m[0] : m[1]].strip(_QUOTES + " ,.").endswith(cluster.name.split()[-1])] if cluster.name else []
    for start, end in preferred or spans:
        span = tokens_at(doc, start, end)
        if span is not None and len(span):
            return span.root, span
    return None, None


def _is_proper(head: Token, span: Span | None) -> bool:
    if head.pos_ == "PROPN" and head.text[:1].isupper():
        return True
    if head.ent_type_ in ("PERSON", "ORG", "GPE", "NORP") and head.text[:1].isupper():
        return True
    # A call-sign the tagger reads as a noun or adjective ("Silent says"): capitalised mid-sentence.
    return head.text[:1].isupper() and head.i > head.sent.start and head.pos_ in ("NOUN", "ADJ", "PROPN")


def _called_so(text: str, cluster: Cluster, quoted: DisjointSpans) -> bool:
    """A name mention in a sentence that calls it a call-sign, nickname or partial name."""
    found = pattern("pseudonym_phrases")
    for start, end in cluster.mentions:
        if not text[start:end][:1].isupper() or quoted.covers(start, end):
            continue
        lo = max(text.rfind(".", 0, start), paragraph_start(text, start), start - 160)
        hi = min(x for x in (text.find(". ", end), paragraph_end(text, end), end + 160) if x != -1)
        if found.search(text, max(lo, 0), hi):
            return True
    return False


def is_named_span(doc: Doc, span: Offsets) -> bool:
    """Whether a mention is a proper name (for descriptors: names are not descriptions)."""
    tokens = tokens_at(doc, *span)
    return tokens is not None and len(tokens) > 0 and _is_proper(tokens.root, tokens)
