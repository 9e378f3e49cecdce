"""The working form of an attribution while the stages build it.

A ``Draft`` holds token-level facts (the cue and source head tokens) that the
speaker stage needs and the output record does not; ``assemble`` turns drafts
into ``records.Quote`` once speakers are known.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from spacy.tokens import Doc, Span, Token

Offsets = tuple[int, int]

_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
# Dashes as the scraped text writes them: they set off a speaker ("― Sonya Herridge") or a comment.
DASHES = frozenset({"-", "--", "\u2013", "\u2014", "\u2015"})


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
    source_as_written: list[Offsets] = field(default_factory=list)  # "who", when ``source`` is its antecedent

    @property
    def start(self) -> int:
        return min(s for s, _ in self.content)

    @property
    def end(self) -> int:
        return max(e for _, e in self.content)


class DisjointSpans:
    """Spans merged into sorted, non-overlapping ones, with overlap queries in log time.

    Long articles have thousands of quotations; testing every attribution
    against every quotation would make the analysis quadratic in length.
    """

    def __init__(self, spans: Iterable[Offsets]):
        merged: list[Offsets] = []
        for start, end in sorted(spans):
            if merged and start < merged[-1][1]:
                merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
            else:
                merged.append((start, end))
        self.spans = merged
        self._starts = [s for s, _ in self.spans]
        self._ends = [e for _, e in self.spans]

    def overlapping(self, start: int, end: int) -> list[Offsets]:
        first = bisect_right(self._ends, start)
        last = bisect_left(self._starts, end)
        return self.spans[first:last]

    def shared_chars(self, start: int, end: int) -> int:
        return sum(min(end, e) - max(start, s) for s, e in self.overlapping(start, end))

    def covers(self, start: int, end: int) -> bool:
        """True when one span contains all of ``[start, end)``."""
        return any(s <= start and end <= e for s, e in self.overlapping(start, end))


def doc_text(doc: Doc) -> str:
    """``doc.text``, computed once: spaCy joins every token on each access."""
    text = doc.user_data.get("onrecord_text")
    if text is None:
        text = doc.user_data["onrecord_text"] = doc.text
    return text


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
    """Token range ``[start, end)`` minus punctuation and spaces at both edges, as offsets."""
    start, end = trimmed_range(doc, start, end)
    if start >= end:
        return None
    return token_offsets(doc[start:end])


def trimmed_range(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Token range ``[start, end)`` minus punctuation and spaces (not quotation marks) at both edges."""
    while start < end and (doc[start].is_punct or doc[start].is_space) and not doc[start].is_quote:
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space) and not doc[end - 1].is_quote:
        end -= 1
    return start, end


@lru_cache(maxsize=None)
def lexicon(name: str) -> frozenset[str]:
    """A lexicon file: one phrase a line, ``#`` starts a comment."""
    text = resources.files("onrecord.lexicons").joinpath(f"{name}.txt").read_text(encoding="utf-8")
    entries = (line.split("#", 1)[0].strip().lower() for line in text.splitlines())
    return frozenset(e for e in entries if e)


def share_inside(spans: list[Offsets], others: DisjointSpans) -> float:
    """Share of ``spans`` characters that fall inside ``others``."""
    total = sum(e - s for s, e in spans) or 1
    return sum(others.shared_chars(s, e) for s, e in spans) / total
