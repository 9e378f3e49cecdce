"""Text spans: the one paragraph definition, span sets and an interval index.

Every stage reads the same text through these: character offsets into the
article text (Python ``str`` indices, end exclusive), paragraphs as the
blank-line-separated blocks a writer or a scraper made, and containment and
overlap queries that stay logarithmic however many quotations an article
has (long articles have thousands: testing every attribution against every
other made the analysis quadratic in length).

This module sits below every stage (ingest, nlp, attribution, speakers,
sourcing) and imports none of them.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Hashable, Iterable, Iterator
from functools import lru_cache

Offsets = tuple[int, int]

LINE_BREAK = r"(?>\r\n|\r|\n)"
"""A line ends with LF, CRLF or a lone CR (old Mac files, some scrapers). Atomic: a CRLF is
never read as a CR and then an LF, two line breaks (a blank line) where there is one."""

_BLANK = r"[^\S\r\n\u2028\u2029]*"  # white space inside one line: spaces, tabs, NBSP
PARAGRAPH_BREAK = re.compile(
    rf"{LINE_BREAK}(?:{_BLANK}+{LINE_BREAK})+|\u2029(?:[^\S\u2029]*+\u2029)*"
)
"""Where one paragraph ends and the next starts: a line break followed by one or more
white-space-only lines, in any of LF, CRLF or CR, or the Unicode paragraph separator
U+2029. A single line break is a hard wrap inside a paragraph. The white space that
opens the next paragraph's first line belongs to that paragraph (and white space before
a U+2029 to the paragraph it ends: a pattern that looked for it would try every run of
spaces in the text, quadratic on a megabyte of them)."""


def paragraph_breaks(text: str) -> list[Offsets]:
    """The paragraph breaks of ``text``, in order, as offsets."""
    return _paragraph_breaks(text)[0]


@lru_cache(maxsize=8)
def _paragraph_breaks(text: str) -> tuple[list[Offsets], list[int]]:
    """The breaks and their ends. Cached: the stages ask for the paragraphs of the same text
    many times; a str's hash is computed once per object, so a hit costs an identity check."""
    breaks = [match.span() for match in PARAGRAPH_BREAK.finditer(text)]
    return breaks, [end for _, end in breaks]


def paragraph_spans(text: str) -> list[Offsets]:
    """The paragraphs of ``text`` (empty ones included), between its breaks."""
    spans, start = [], 0
    for brk_start, brk_end in paragraph_breaks(text):
        spans.append((start, brk_start))
        start = brk_end
    spans.append((start, len(text)))
    return spans


def break_before(text: str, at: int) -> Offsets | None:
    """The last paragraph break that ends at or before offset ``at``, if any."""
    breaks, ends = _paragraph_breaks(text)
    n = bisect_right(ends, at) - 1
    return breaks[n] if n >= 0 else None


def paragraph_start(text: str, at: int) -> int:
    """Where the paragraph holding offset ``at`` starts (0 in the first paragraph)."""
    found = break_before(text, at)
    return found[1] if found is not None else 0


def paragraph_end(text: str, at: int) -> int:
    """Where the first paragraph break at or after offset ``at`` starts (the text's end if none)."""
    breaks = paragraph_breaks(text)
    n = bisect_left(breaks, (at, -1))
    return breaks[n][0] if n < len(breaks) else len(text)


def paragraph_break_between(text: str, start: int, end: int) -> bool:
    """Whether a paragraph break lies (even in part) within ``text[start:end]``."""
    breaks = paragraph_breaks(text)
    n = bisect_left(breaks, (start, -1))
    if n > 0 and breaks[n - 1][1] > start:
        n -= 1
    return n < len(breaks) and breaks[n][0] < end


def doc_text(doc) -> str:
    """A spaCy ``Doc``'s text, computed once: spaCy joins every token on each access."""
    text = doc.user_data.get("onrecord_text")
    if text is None:
        text = doc.user_data["onrecord_text"] = doc.text
    return text


def token_offsets(tokens) -> Offsets:
    """The character span of a run of spaCy tokens (a ``Span`` or a list), without trailing white space."""
    first, last = tokens[0], tokens[-1]
    return first.idx, last.idx + len(last.text)


def is_paragraph_break(whitespace: str) -> bool:
    """Whether a run of white space (a spaCy space token) holds a paragraph break."""
    return PARAGRAPH_BREAK.search(whitespace) is not None


class DisjointSpans:
    """Spans merged into sorted, non-overlapping ones, with overlap queries in log time."""

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


def share_inside(spans: list[Offsets], others: DisjointSpans) -> float:
    """Share of ``spans`` characters that fall inside ``others``."""
    total = sum(e - s for s, e in spans) or 1
    return sum(others.shared_chars(s, e) for s, e in spans) / total


def within(inner: list[Offsets], outer: list[Offsets]) -> bool:
    """Whether every piece of ``inner`` lies inside one piece of ``outer``."""
    return all(any(a <= s and e <= b for a, b in outer) for s, e in inner)


class SpanIndex:
    """Spans that may overlap, each with an owner, built once per article.

    Answers "which spans overlap (or contain) this one" without looking at
    every span: the spans are sorted by start, and a running maximum of their
    ends tells where a backward scan can stop. A query costs a binary search
    plus the spans it passes that start before the query ends and reach back
    towards it; in news text (contents a sentence or a paragraph long) that is
    a handful, so a pass over all drafts of an article stays linear in its
    length instead of quadratic.
    """

    def __init__(self, spans: Iterable[tuple[int, int, Hashable]]):
        self._items = sorted(spans, key=lambda item: (item[0], item[1]))
        self._starts = [start for start, _, _ in self._items]
        self._reach: list[int] = []  # the furthest end among the spans up to each index
        furthest = -1
        for _, end, _ in self._items:
            furthest = max(furthest, end)
            self._reach.append(furthest)

    def __len__(self) -> int:
        return len(self._items)

    def overlapping(self, start: int, end: int) -> Iterator[tuple[int, int, Hashable]]:
        """The spans sharing at least one character with ``[start, end)``, latest start first."""
        n = bisect_left(self._starts, end) - 1
        while n >= 0 and self._reach[n] > start:
            item = self._items[n]
            if item[1] > start and item[0] < item[1] and start < end:
                yield item
            n -= 1

    def containing(self, start: int, end: int) -> Iterator[tuple[int, int, Hashable]]:
        """The spans that hold all of ``[start, end)``."""
        n = bisect_right(self._starts, start) - 1
        while n >= 0 and self._reach[n] >= end:
            item = self._items[n]
            if item[1] >= end:
                yield item
            n -= 1
