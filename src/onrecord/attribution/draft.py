"""The working form of an attribution while the stages build it.

A ``Draft`` holds token-level facts (the cue and source head tokens) that the
speaker stage needs and the output record does not; ``assemble`` turns drafts
into ``records.Quote`` once speakers are known.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from spacy.tokens import Doc, Span, Token

Offsets = tuple[int, int]

_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


@dataclass
class Draft:
    """One attribution under construction; spans are character offsets."""

    type: str  # direct | indirect | mixed
    content: list[Offsets]
    cue: list[Offsets] = field(default_factory=list)
    source: list[Offsets] = field(default_factory=list)
    source_head: int | None = None  # token index of the source's head word
    cue_head: int | None = None  # token index of the reporting verb
    flags: list[str] = field(default_factory=list)
    continues: "Draft | None" = None  # takes its speaker from this draft
    speaker_key: int | None = None  # filled by the speaker stage

    @property
    def start(self) -> int:
        return min(s for s, _ in self.content)

    @property
    def end(self) -> int:
        return max(e for _, e in self.content)


def paragraph_spans(text: str) -> list[Offsets]:
    """Paragraphs are separated by a blank line; single line breaks are hard wraps."""
    spans, start = [], 0
    for match in _PARAGRAPH_BREAK.finditer(text):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    return spans


def token_offsets(tokens: Span | list[Token]) -> Offsets:
    """The character span of a run of tokens, without trailing white space."""
    first, last = tokens[0], tokens[-1]
    return first.idx, last.idx + len(last.text)


def trimmed(doc: Doc, start: int, end: int) -> Offsets | None:
    """Token range ``[start, end)`` minus punctuation and spaces at both edges."""
    while start < end and (doc[start].is_punct or doc[start].is_space) and not _is_quote(doc[start]):
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space) and not _is_quote(doc[end - 1]):
        end -= 1
    if start >= end:
        return None
    return token_offsets(doc[start:end])


def _is_quote(token: Token) -> bool:
    return token.is_quote


@lru_cache(maxsize=None)
def lexicon(name: str) -> frozenset[str]:
    """A lexicon file: one phrase a line, ``#`` starts a comment."""
    text = resources.files("onrecord.lexicons").joinpath(f"{name}.txt").read_text(encoding="utf-8")
    entries = (line.split("#", 1)[0].strip().lower() for line in text.splitlines())
    return frozenset(e for e in entries if e)
