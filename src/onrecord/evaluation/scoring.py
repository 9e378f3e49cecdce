"""Scoring predictions against gold, as defined in ``docs/evaluation.md``.

Interpretation choices (the definitions leave these open):

* **Content pairing** is greedy 1-1, highest Jaccard first, over pairs with
  Jaccard >= 0.5 (non-whitespace characters). Ties in Jaccard are broken in
  favour of pairs whose sources agree, then by position, so the result is
  deterministic and a duplicated gold content (two events, one content, two
  sources) pairs with the prediction that names the right source.
* **Attribution pairing** is that same 1-1 content pairing, kept only where
  the source rule holds: the gold has no source, or the predicted source
  shares at least one non-whitespace character with the gold source. So the
  headline is 1-1 and can never exceed the content figure.
* **Exact** compares normalized content texts only (no position), as a 1-1
  multiset match; contents that normalize to the empty string never match.
* **Cue** pairs the cues of attributions that have one on both sides, 1-1,
  any non-whitespace overlap being enough; it takes a maximum matching
  because all overlapping pairs are equally good. Denominators: predicted
  and gold attributions that have a cue.
* **Direct recall** is attribution recall over gold contents that open with
  a quotation mark (after leading white space).
* **Speaker accuracy** is, of the gold contents paired by the content figure,
  the share the attribution figure also counts: the source is right (or the
  gold has none). It separates "who said it" from "what was said".
* A ratio with a zero denominator is 0.0.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass
from typing import Callable

from onrecord.evaluation.gold import GoldDocument
from onrecord.evaluation.spans import (
    CharCounter,
    OverlapIndex,
    SpanAttribution,
    exact_key,
    merged,
    opens_with_quote,
    segments_text,
)
from onrecord.records import Article

Scored = list[tuple[GoldDocument, list[SpanAttribution]]]


def attributions_from_article(article: Article) -> list[SpanAttribution]:
    """The system's quotes as offsets, in the form ``score`` compares with gold.

    PolNeAR's attributions include refusals ("declined" + "to comment"), which
    onrecord records as non-responses, not quotes: each counts here with the
    words after its cue as content, so that the figures measure the same thing.
    """
    out = []
    for quote in article.quotes:
        out.append(
            SpanAttribution(
                content=tuple(sorted(tuple(s) for s in quote.content.spans)),
                source=tuple(sorted(tuple(s) for s in quote.source.spans)) if quote.source else (),
                cue=tuple(sorted(tuple(s) for s in quote.cue.spans)) if quote.cue else (),
            )
        )
    for refusal in article.non_responses:
        content = _refusal_content(article.text, refusal)
        if content is None:
            continue  # "could not be reached": nothing PolNeAR would call content
        out.append(
            SpanAttribution(
                content=(content,),
                source=tuple(sorted(tuple(s) for s in refusal.source.spans)) if refusal.source else (),
                cue=tuple(sorted(tuple(s) for s in refusal.cue.spans)),
            )
        )
    return out


def _refusal_content(text: str, refusal) -> tuple[int, int] | None:
    """The words after a non-response's cue, as PolNeAR would mark its content: "declined" +
    "to comment"; for a silence, the object of "respond to" / "reply to" without the particle,
    which PolNeAR puts in the cue ("did not respond to" + "a request for comment")."""
    start, end = refusal.cue.end, refusal.text.end
    words = text[start:end]
    if refusal.kind == "no-response" and words.lstrip().lower().startswith("to "):
        start += len(words) - len(words.lstrip()) + 3
    if not text[start:end].strip():
        return None
    return (start, end)


@dataclass(frozen=True)
class DocumentCounts:
    """The raw counts of one article; figures are sums of these, then ratios."""

    name: str
    publisher: str | None
    predicted: int
    gold: int
    content_tp: int
    attribution_tp: int
    exact_tp: int
    cue_predicted: int
    cue_gold: int
    cue_tp: int
    direct_gold: int
    direct_tp: int


@dataclass(frozen=True)
class Figure:
    """One row of the table: true positives over predicted (P) and gold (R)."""

    tp: int
    predicted: int
    gold: int

    @property
    def precision(self) -> float:
        return self.tp / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.tp / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict:
        return {"precision": self.precision, "recall": self.recall, "f1": self.f1,
                "tp": self.tp, "predicted": self.predicted, "gold": self.gold}


@dataclass
class EvalResult:
    """Per-document counts; every figure is micro-averaged from them on demand.

    Keeping the counts (not the ratios) is what lets a result be split by
    publisher or any other key and still be averaged correctly.
    """

    documents: list[DocumentCounts]

    def _sum(self, field: str) -> int:
        return sum(getattr(d, field) for d in self.documents)

    @property
    def content(self) -> Figure:
        return Figure(self._sum("content_tp"), self._sum("predicted"), self._sum("gold"))

    @property
    def attribution(self) -> Figure:
        return Figure(self._sum("attribution_tp"), self._sum("predicted"), self._sum("gold"))

    @property
    def exact(self) -> Figure:
        return Figure(self._sum("exact_tp"), self._sum("predicted"), self._sum("gold"))

    @property
    def cue(self) -> Figure:
        return Figure(self._sum("cue_tp"), self._sum("cue_predicted"), self._sum("cue_gold"))

    @property
    def direct_recall(self) -> float:
        gold = self._sum("direct_gold")
        return self._sum("direct_tp") / gold if gold else 0.0

    @property
    def speaker_accuracy(self) -> float:
        """Of the gold contents matched, the share whose source is right too."""
        matched = self._sum("content_tp")
        return self._sum("attribution_tp") / matched if matched else 0.0

    def by_publisher(self) -> dict[str, "EvalResult"]:
        """One result per publisher (``"unknown"`` when a document has none)."""
        return score_by(self, lambda d: d.publisher or "unknown")

    def to_dict(self, per_document: bool = False, intervals: dict | None = None) -> dict:
        """The figures as plain data; with ``intervals`` (``bootstrap.intervals``) each figure
        also carries ``"interval": {measure: [low, high]}``."""
        out = {
            "documents": len(self.documents),
            "content": self.content.to_dict(),
            "attribution": self.attribution.to_dict(),
            "exact": self.exact.to_dict(),
            "cue": self.cue.to_dict(),
            "direct_recall": {"recall": self.direct_recall, "tp": self._sum("direct_tp"),
                              "gold": self._sum("direct_gold")},
            "speaker_accuracy": {"accuracy": self.speaker_accuracy, "tp": self._sum("attribution_tp"),
                                 "matched": self._sum("content_tp")},
        }
        for figure, spans in (intervals or {}).items():
            key = {"direct": "direct_recall", "speaker": "speaker_accuracy"}.get(figure, figure)
            out[key]["interval"] = {measure: [span.low, span.high] for measure, span in spans.items()}
        if per_document:
            out["per_document"] = [asdict(d) for d in self.documents]
        return out


def score_by(result: EvalResult, key: Callable[[DocumentCounts], str]) -> dict[str, EvalResult]:
    """Split a result into groups of documents by ``key``, groups sorted by name."""
    groups: dict[str, list[DocumentCounts]] = {}
    for doc in result.documents:
        groups.setdefault(key(doc), []).append(doc)
    return {k: EvalResult(groups[k]) for k in sorted(groups)}


@dataclass
class _Match:
    """Everything computed for one document: pairings plus what the counts need."""

    counts: DocumentCounts
    attribution_paired: set[int]     # gold indices counted by the attribution figure
    content_pairs: dict[int, int]    # gold index -> the prediction its content is paired with
    best: list[tuple[float, int | None]]  # per gold: best content Jaccard and that prediction


def _match_document(gold: GoldDocument, predicted: list[SpanAttribution]) -> _Match:
    text, golds = gold.text, gold.attributions
    chars = CharCounter(text)
    g_content = [merged(a.content) for a in golds]
    p_content = [merged(a.content) for a in predicted]
    g_size = [chars.size(s) for s in g_content]
    p_size = [chars.size(s) for s in p_content]

    def source_ok(g: int, p: int) -> bool:
        if not golds[g].source:
            return True
        return bool(predicted[p].source) and chars.overlap(merged(golds[g].source), merged(predicted[p].source)) > 0

    # Content candidates: only pairs that share a block can overlap.
    best: list[tuple[float, int | None]] = [(0.0, None)] * len(golds)
    candidates = []
    index = OverlapIndex(g_content)
    for p, segs in enumerate(p_content):
        for g in index.candidates(segs):
            inter = chars.overlap(g_content[g], segs)
            if not inter:
                continue
            union = g_size[g] + p_size[p] - inter
            jaccard = inter / union
            if jaccard > best[g][0]:
                best[g] = (jaccard, p)
            if 2 * inter >= union:  # Jaccard >= 0.5, in integers
                ok = source_ok(g, p)
                candidates.append((-jaccard, not ok, g, p, ok))
    candidates.sort()
    p_used, content_tp, attribution_paired, content_pairs = set(), 0, set(), {}
    for _, _, g, p, ok in candidates:
        if g in content_pairs or p in p_used:
            continue
        content_pairs[g] = p
        p_used.add(p)
        content_tp += 1
        if ok:
            attribution_paired.add(g)

    # Exact: 1-1 multiset match of normalized content texts.
    gold_keys = Counter(k for a in golds if (k := exact_key(segments_text(text, a.content))))
    exact_tp = 0
    for a in predicted:
        k = exact_key(segments_text(text, a.content))
        if k and gold_keys[k] > 0:
            gold_keys[k] -= 1
            exact_tp += 1

    g_cues = [merged(a.cue) for a in golds if a.cue]
    p_cues = [merged(a.cue) for a in predicted if a.cue]
    cue_tp = _max_matching(g_cues, p_cues, chars)

    direct = [g for g, a in enumerate(golds) if opens_with_quote(segments_text(text, a.content))]
    counts = DocumentCounts(
        name=gold.name, publisher=gold.publisher, predicted=len(predicted), gold=len(golds),
        content_tp=content_tp, attribution_tp=len(attribution_paired), exact_tp=exact_tp,
        cue_predicted=len(p_cues), cue_gold=len(g_cues), cue_tp=cue_tp,
        direct_gold=len(direct), direct_tp=sum(g in attribution_paired for g in direct),
    )
    return _Match(counts, attribution_paired, content_pairs, best)


def _max_matching(gold: list, pred: list, chars: CharCounter) -> int:
    """Size of a maximum 1-1 matching where any shared character is an edge (Kuhn's algorithm)."""
    index = OverlapIndex(gold)
    edges = [[g for g in index.candidates(p) if chars.overlap(gold[g], p) > 0] for p in pred]
    owner: dict[int, int] = {}

    def augment(p: int, seen: set[int]) -> bool:
        for g in edges[p]:
            if g not in seen:
                seen.add(g)
                if g not in owner or augment(owner[g], seen):
                    owner[g] = p
                    return True
        return False

    return sum(augment(p, set()) for p in range(len(pred)))


def score(docs: Scored) -> EvalResult:
    """Counts for each (gold document, predicted attributions) pair."""
    return EvalResult([_match_document(gold, pred).counts for gold, pred in docs])


@dataclass(frozen=True)
class MissedAttribution:
    """A gold attribution the headline figure did not count, with text for a reader."""

    document: str
    best_jaccard: float
    content: str
    source: str
    cue: str
    closest_prediction: str | None  # content text of the best-overlapping prediction, if any
    attribution: SpanAttribution


def worst_missed(docs: Scored, n: int = 20) -> list[MissedAttribution]:
    """The ``n`` missed gold attributions whose best content Jaccard is lowest.

    "Missed" means not counted by the attribution figure (content unpaired or
    wrong source). Lowest Jaccard first shows what the system does not find
    at all; ties go by document name and position.
    """
    missed = []
    for gold, predicted in docs:
        match = _match_document(gold, predicted)
        for g, attr in enumerate(gold.attributions):
            if g in match.attribution_paired:
                continue
            jaccard, p = match.best[g]
            missed.append(MissedAttribution(
                document=gold.name, best_jaccard=jaccard,
                content=segments_text(gold.text, attr.content),
                source=segments_text(gold.text, attr.source),
                cue=segments_text(gold.text, attr.cue),
                closest_prediction=None if p is None else segments_text(gold.text, predicted[p].content),
                attribution=attr,
            ))
    missed.sort(key=lambda m: (m.best_jaccard, m.document, m.attribution.content))
    return missed[:n]


@dataclass(frozen=True)
class WrongSpeaker:
    """A gold content found, with a source the gold does not share: a speaker-accuracy error."""

    document: str
    content: str
    gold_source: str
    predicted_source: str   # "" when the prediction has none
    gold: SpanAttribution
    predicted: SpanAttribution


def wrong_speakers(docs: Scored) -> list[WrongSpeaker]:
    """Every matched content whose source is wrong, in document and text order: what lowers
    speaker accuracy, for reading."""
    out = []
    for gold, predicted in docs:
        match = _match_document(gold, predicted)
        for g, p in sorted(match.content_pairs.items()):
            if g in match.attribution_paired:
                continue
            attr = gold.attributions[g]
            out.append(WrongSpeaker(
                document=gold.name, content=segments_text(gold.text, attr.content),
                gold_source=segments_text(gold.text, attr.source),
                predicted_source=segments_text(gold.text, predicted[p].source),
                gold=attr, predicted=predicted[p],
            ))
    return out


def format_table(result: EvalResult, intervals: dict | None = None, note: str = "") -> str:
    """A plain-text table of every figure, for a terminal or a report.

    With ``intervals`` (``bootstrap.intervals`` of the same documents) each
    ratio is followed by its interval, ``0.721 (0.693-0.746)``; ``note`` is
    added to the last line (how the intervals were drawn).
    """
    width = 21 if intervals else 7

    def cell(value: float, figure: str, measure: str) -> str:
        if not intervals:
            return f"{value:>7.3f}"
        span = intervals[figure][measure]
        return f"  {value:.3f} ({span.low:.3f}-{span.high:.3f})"

    lines = [f"{'figure':<14}{'P':>{width}}{'R':>{width}}{'F1':>{width}}{'tp':>7}{'pred':>7}{'gold':>7}"]
    for name in ("content", "attribution", "exact", "cue"):
        f: Figure = getattr(result, name)
        lines.append(f"{name:<14}{cell(f.precision, name, 'precision')}{cell(f.recall, name, 'recall')}"
                     f"{cell(f.f1, name, 'f1')}{f.tp:>7}{f.predicted:>7}{f.gold:>7}")
    d = result.to_dict()["direct_recall"]
    lines.append(f"{'direct recall':<14}{'':>{width}}{cell(d['recall'], 'direct', 'recall')}{'':>{width}}"
                 f"{d['tp']:>7}{'':>7}{d['gold']:>7}")
    s = result.to_dict()["speaker_accuracy"]
    lines.append(f"{'speaker acc.':<14}{'':>{width}}{cell(s['accuracy'], 'speaker', 'accuracy')}{'':>{width}}"
                 f"{s['tp']:>7}{'':>7}{s['matched']:>7}")
    lines.append(f"documents: {len(result.documents)}" + (f"; {note}" if note else ""))
    return "\n".join(lines)


__all__ = [
    "DocumentCounts", "EvalResult", "Figure", "MissedAttribution", "WrongSpeaker",
    "attributions_from_article", "format_table", "score", "score_by", "worst_missed", "wrong_speakers",
]
