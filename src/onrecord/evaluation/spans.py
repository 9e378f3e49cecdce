"""Character arithmetic shared by every figure: segments, overlaps, trimming.

Every overlap in ``docs/evaluation.md`` ignores white space, so sizes are
counts of *non-whitespace* characters. Rather than building Python sets of
offsets for every pair (slow on long contents), a per-document prefix sum
answers "how many non-whitespace characters in ``[s, e)``" in O(1), and an
intersection of two segment lists is a merge of sorted intervals.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from itertools import accumulate

Segments = tuple[tuple[int, int], ...]
"""Sorted ``(start, end)`` pairs, end exclusive, into one document's text."""

QUOTE_MARKS = "\"“”„‘’'«»‹›`"
"""Every quotation mark the definitions trim or look for, straight and curly."""

EXACT_TRIM = QUOTE_MARKS + " .,;:-–—"
"""Trimmed from both ends of a content text before the exact comparison."""


@dataclass(frozen=True)
class SpanAttribution:
    """One attribution as offsets only, the common ground of gold and prediction.

    ``source`` and ``cue`` are empty tuples when absent (PolNeAR's
    ``Attribution-no-source``, or a system quote without a speaker mention).
    """

    content: Segments
    source: Segments = ()
    cue: Segments = ()


def as_segments(spans) -> Segments:
    """Sorted tuple-of-tuples form of any iterable of pairs (lists from JSON too)."""
    return tuple(sorted((int(s), int(e)) for s, e in spans))


def merged(segments: Segments) -> Segments:
    """Sort, drop empty pieces and merge overlapping or touching ones.

    Overlap arithmetic below needs disjoint sorted intervals; the text of a
    span (for the exact figure) is taken from the unmerged segments instead.
    """
    out: list[list[int]] = []
    for s, e in sorted(segments):
        if e <= s:
            continue
        if out and s <= out[-1][1]:
            out[-1][1] = max(out[-1][1], e)
        else:
            out.append([s, e])
    return tuple((s, e) for s, e in out)


def segments_text(text: str, segments: Segments) -> str:
    """The span's text: segments in order joined by one space (brat's and TextSpans' rule)."""
    return " ".join(text[s:e] for s, e in sorted(segments))


def exact_key(content_text: str) -> str:
    """What the exact figure compares: white space collapsed, quotes/space/punctuation trimmed."""
    return " ".join(content_text.split()).strip(EXACT_TRIM)


def opens_with_quote(content_text: str) -> bool:
    """A direct quote, in PolNeAR's sense: the content opens with a quotation mark."""
    first = content_text.lstrip()[:1]
    return bool(first) and first in QUOTE_MARKS


class CharCounter:
    """Non-whitespace character counts over one document's text, in O(1) per range."""

    def __init__(self, text: str):
        self._prefix = list(accumulate((not ch.isspace() for ch in text), initial=0))
        self._n = len(text)

    def count(self, start: int, end: int) -> int:
        start, end = max(0, min(start, self._n)), max(0, min(end, self._n))
        return self._prefix[end] - self._prefix[start] if end > start else 0

    def size(self, segs: Segments) -> int:
        """Size of merged (disjoint) segments."""
        return sum(self.count(s, e) for s, e in segs)

    def overlap(self, a: Segments, b: Segments) -> int:
        """Shared non-whitespace characters of two merged segment lists (two-pointer merge)."""
        i = j = total = 0
        while i < len(a) and j < len(b):
            s, e = max(a[i][0], b[j][0]), min(a[i][1], b[j][1])
            if s < e:
                total += self.count(s, e)
            if a[i][1] <= b[j][1]:
                i += 1
            else:
                j += 1
        return total

    def matches(self, a: Segments, b: Segments) -> bool:
        """Whether two merged segment lists have Jaccard >= 0.5: the evaluation's test of a content."""
        shared = self.overlap(a, b)
        return shared > 0 and 2 * shared >= self.size(a) + self.size(b) - shared  # in integers


class OverlapIndex:
    """Which items' segments may touch a query, by fixed-size character blocks.

    Only pairs that share a block are ever compared, so pairing is near
    linear in the number of attributions instead of all-pairs.
    """

    BLOCK = 128

    def __init__(self, items: list[Segments]):
        self._blocks: dict[int, list[int]] = defaultdict(list)
        for idx, segs in enumerate(items):
            for b in self._block_ids(segs):
                self._blocks[b].append(idx)

    def _block_ids(self, segs: Segments) -> set[int]:
        return {b for s, e in segs for b in range(s // self.BLOCK, (e - 1) // self.BLOCK + 1)}

    def candidates(self, segs: Segments) -> set[int]:
        found: set[int] = set()
        for b in self._block_ids(segs):
            found.update(self._blocks.get(b, ()))
        return found
