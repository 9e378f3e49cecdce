"""How well a gold corpus agrees with itself: the ceiling any system's figures are read against.

PolNeAR annotates each article once, but some paragraphs occur in two articles
(a story updated the next day, two "The Latest" live blogs, a weekly newsletter
quoting last week's text), and each article had its own annotation. Scoring one
annotation of such a paragraph against the other, with the evaluation's own
definitions, says how far two readings of the guidelines agree. A system that
scores above that on new text is fitting one annotator's habits.

Measured on PolNeAR train (``onrecord eval ../shared/data/polnear/train
--agreement``): 138 paragraphs of 80 characters or more in 15 pairs of
articles, attribution F1 0.709, content F1 0.717, direct recall 0.923
(benchmarks/quality.md has the table, and onrecord's figures on the same
paragraphs as they moved).
"""

from __future__ import annotations

from dataclasses import dataclass

from onrecord.evaluation.gold import GoldDocument
from onrecord.evaluation.scoring import Scored
from onrecord.evaluation.spans import SpanAttribution

MIN_PARAGRAPH = 80  # characters; a shorter line ("Read more.", a dateline) says nothing of agreement


@dataclass(frozen=True)
class SharedParagraph:
    """One paragraph that two articles of the corpus contain, and where it starts in each."""

    text: str
    first: GoldDocument
    first_start: int
    second: GoldDocument
    second_start: int

    def annotations(self, of_second: bool = False) -> list[SpanAttribution]:
        """One article's attributions that lie wholly in the paragraph, in the paragraph's offsets.

        An attribution whose source is in another paragraph is left out on both sides alike.
        """
        document, start = self.place(of_second)
        return within(document.attributions, start, start + len(self.text))

    def place(self, of_second: bool = False) -> tuple[GoldDocument, int]:
        """One of the two articles, and where the paragraph starts in it."""
        return (self.second, self.second_start) if of_second else (self.first, self.first_start)

    def as_gold(self, attributions: list[SpanAttribution]) -> GoldDocument:
        return GoldDocument(name=f"{self.first.name} | {self.second.name}", text=self.text,
                            attributions=attributions, publisher=self.first.publisher)


def shared_paragraphs(documents: list[GoldDocument], min_length: int = MIN_PARAGRAPH) -> list[SharedParagraph]:
    """Every paragraph (a line of ``min_length`` characters or more) found in two documents.

    A paragraph in three or more documents counts once, between the first two by name;
    a paragraph repeated within one document counts at its first place.
    """
    places: dict[str, dict[int, int]] = {}  # paragraph -> document index -> first start
    for index, document in enumerate(documents):
        start = 0
        for line in document.text.split("\n"):
            if len(line.strip()) >= min_length:
                places.setdefault(line, {}).setdefault(index, start)
            start += len(line) + 1
    shared = []
    for text, where in places.items():
        if len(where) < 2:
            continue
        (one, one_start), (two, two_start) = sorted(where.items(), key=lambda item: documents[item[0]].name)[:2]
        shared.append(SharedParagraph(text, documents[one], one_start, documents[two], two_start))
    return shared


def annotator_agreement(paragraphs: list[SharedParagraph]) -> Scored:
    """The second article's annotation of each shared paragraph scored as a prediction of the first's.

    F1 is the same whichever side is taken as gold; precision and recall swap.
    """
    return [(p.as_gold(p.annotations()), p.annotations(of_second=True)) for p in paragraphs]


def system_on_shared(paragraphs: list[SharedParagraph], predicted: dict[str, list[SpanAttribution]],
                     against_second: bool = False) -> Scored:
    """A system's attributions in each shared paragraph (``predicted`` by document name, as found
    in the whole article) scored against one article's annotation of it: the like-for-like
    comparison with ``annotator_agreement``."""
    scored = []
    for p in paragraphs:
        document, start = p.place(against_second)
        mine = within(predicted.get(document.name, []), start, start + len(p.text))
        scored.append((p.as_gold(p.annotations(of_second=against_second)), mine))
    return scored


def within(attributions: list[SpanAttribution], start: int, end: int) -> list[SpanAttribution]:
    """The attributions whose every span lies in ``[start, end)``, shifted to start at 0."""
    def shifted(segments):
        return tuple((s - start, e - start) for s, e in segments)

    return [
        SpanAttribution(content=shifted(a.content), source=shifted(a.source), cue=shifted(a.cue))
        for a in attributions
        if all(start <= s and e <= end for spans in (a.content, a.source, a.cue) for s, e in spans)
    ]
