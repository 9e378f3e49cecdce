"""The working form of an attribution while the stages build it.

A ``Draft`` holds token-level facts (the cue and source head tokens) that the
speaker stage needs and the output record does not; ``assemble`` turns drafts
into ``records.Quote`` once speakers are known.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc

from onrecord.spans import Offsets, SpanIndex, token_offsets

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


class OtherDrafts:
    """Whether a span takes in another draft's words, for every draft of an article at once.

    The stages that widen a content ask this once per draft; building the other drafts' spans
    anew each time made them quadratic in the number of drafts. The index is built once; a
    draft whose content a stage changes afterwards is told with ``moved`` and then read as it
    is now.
    """

    def __init__(self, drafts: list[Draft]):
        self._index = SpanIndex((start, end, id(draft)) for draft in drafts for start, end in draft.content)
        self._moved: dict[int, Draft] = {}

    def moved(self, draft: Draft) -> None:
        self._moved[id(draft)] = draft

    def overlap(self, start: int, end: int, besides: Draft) -> bool:
        """Whether ``[start, end)`` shares a character with a draft other than ``besides``."""
        if any(owner != id(besides) and owner not in self._moved
               for _, _, owner in self._index.overlapping(start, end)):
            return True
        # a moved draft read as it is now, with the index's rule: empty spans share nothing
        return any(max(s, start) < min(e, end) for key, draft in self._moved.items() if key != id(besides)
                   for s, e in draft.content)
