"""Bootstrap intervals over documents: how far a figure would move on another sample of articles.

Every figure is a micro-average of per-document counts, so one resample draws
the documents with replacement and adds up their counts again. Documents, not
attributions, are the unit drawn, because attributions of one article share a
writer, a style and a topic and succeed or fail together.

Two uses:

* ``intervals``: a 95% interval of each figure of one result;
* ``paired_differences``: the same resamples applied to two results on the
  same documents (the code now and a reference), giving an interval of the
  difference that cancels what the documents themselves contribute. A figure
  is *worse beyond noise* when the upper end of that interval is below zero.

Deterministic: 1000 resamples drawn from a fixed seed, so the same counts
always give the same intervals (and CI never fails by luck of the draw).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from onrecord.evaluation.scoring import DocumentCounts

RESAMPLES = 1000
SEED = 20261126
LEVEL = 0.95

FIGURES: dict[str, tuple[str, str | None, str]] = {
    "content": ("content_tp", "predicted", "gold"),
    "attribution": ("attribution_tp", "predicted", "gold"),
    "exact": ("exact_tp", "predicted", "gold"),
    "cue": ("cue_tp", "cue_predicted", "cue_gold"),
    "direct": ("direct_tp", None, "direct_gold"),  # direct quotes: recall only
    "speaker": ("attribution_tp", None, "content_tp"),  # of the contents matched, source right
}
"""Each figure's true-positive, predicted and gold fields of ``DocumentCounts``. A figure
without a predicted field has one measure, named in ``SINGLE_MEASURE``."""

SINGLE_MEASURE = {"direct": "recall", "speaker": "accuracy"}
"""The one measure of the figures that have no predicted side."""

GATED = (("content", "f1"), ("attribution", "f1"), ("exact", "f1"), ("cue", "f1"), ("direct", "recall"),
         ("speaker", "accuracy"))
"""What the CI gate holds to the reference. Precision and recall alone are reported, not
gated: a change may rightly trade one for the other."""


@dataclass(frozen=True)
class Interval:
    low: float
    high: float

    def as_list(self) -> list[float]:
        return [self.low, self.high]


@dataclass(frozen=True)
class Difference:
    """One measure of one figure, now against the reference, with the paired interval."""

    figure: str
    measure: str
    current: float
    reference: float
    interval: Interval

    @property
    def difference(self) -> float:
        return self.current - self.reference

    @property
    def worse_beyond_noise(self) -> bool:
        """Worse on nearly every resample of the documents: the interval lies wholly below zero."""
        return self.interval.high < 0


def measures_of(figure: str) -> tuple[str, ...]:
    return (SINGLE_MEASURE[figure],) if FIGURES[figure][1] is None else ("precision", "recall", "f1")


def resample_weights(n_documents: int, resamples: int = RESAMPLES, seed: int = SEED) -> np.ndarray:
    """How many times each document is drawn in each resample: shape (resamples, n_documents)."""
    if n_documents == 0:
        return np.zeros((resamples, 0), dtype=np.int64)
    rng = np.random.default_rng(seed)
    return rng.multinomial(n_documents, np.full(n_documents, 1 / n_documents), size=resamples)


def measure_values(tp: np.ndarray, predicted: np.ndarray | None, gold: np.ndarray,
                   single: str = "recall") -> dict[str, np.ndarray]:
    """Precision, recall and F1 from summed counts, elementwise, 0 where a denominator is 0
    (as ``Figure`` does); without ``predicted``, tp/gold alone under the name ``single``."""
    def ratio(top, bottom):
        return np.divide(top, bottom, out=np.zeros(np.shape(top)), where=bottom > 0)

    if predicted is None:
        return {single: ratio(tp, gold)}
    return {"precision": ratio(tp, predicted), "recall": ratio(tp, gold),
            "f1": ratio(2 * tp, predicted + gold)}  # 2PR/(P+R), written in counts


def _resampled(documents: list[DocumentCounts], weights: np.ndarray) -> dict[str, dict[str, np.ndarray]]:
    """Every measure of every figure on every resample: figure -> measure -> (resamples,)."""
    out = {}
    for figure, fields in FIGURES.items():
        sums = [None if f is None else weights @ np.array([getattr(d, f) for d in documents], dtype=np.int64)
                for f in fields]
        out[figure] = measure_values(*sums, single=SINGLE_MEASURE.get(figure, "recall"))
    return out


def _interval(values: np.ndarray) -> Interval:
    tail = (1 - LEVEL) / 2 * 100
    low, high = np.percentile(values, [tail, 100 - tail])
    return Interval(float(low), float(high))


def intervals(documents: list[DocumentCounts], resamples: int = RESAMPLES,
              seed: int = SEED) -> dict[str, dict[str, Interval]]:
    """A 95% bootstrap interval of each measure of each figure: figure -> measure -> Interval."""
    values = _resampled(documents, resample_weights(len(documents), resamples, seed))
    return {figure: {m: _interval(v) for m, v in measures.items()} for figure, measures in values.items()}


def point_values(documents: list[DocumentCounts]) -> dict[str, dict[str, float]]:
    """The measures on the documents as they are (one "resample" drawing each once)."""
    values = _resampled(documents, np.ones((1, len(documents)), dtype=np.int64))
    return {figure: {m: float(v[0]) for m, v in measures.items()} for figure, measures in values.items()}


def paired_differences(current: list[DocumentCounts], reference: list[DocumentCounts],
                       resamples: int = RESAMPLES, seed: int = SEED) -> list[Difference]:
    """Every measure of ``current`` against ``reference``, the two aligned document by document.

    Each resample draws the same documents for both sides, so the interval is of
    the difference itself. Raises ValueError when the documents do not line up.
    """
    names = [d.name for d in current]
    if names != [d.name for d in reference]:
        raise ValueError("paired_differences needs the same documents in the same order on both sides")
    weights = resample_weights(len(current), resamples, seed)
    now, before = _resampled(current, weights), _resampled(reference, weights)
    now_point, before_point = point_values(current), point_values(reference)
    return [
        Difference(figure, measure, now_point[figure][measure], before_point[figure][measure],
                   _interval(now[figure][measure] - before[figure][measure]))
        for figure in FIGURES for measure in measures_of(figure)
    ]


def format_differences(differences: list[Difference]) -> str:
    """The paired comparison as a table; gated measures worse beyond noise are marked."""
    lines = [f"{'figure':<13}{'measure':<11}{'now':>7}{'ref':>7}{'diff':>8}   95% interval of the diff"]
    for d in differences:
        gated = (d.figure, d.measure) in GATED
        mark = "  WORSE" if gated and d.worse_beyond_noise else ("" if gated else "  (not gated)")
        lines.append(f"{d.figure:<13}{d.measure:<11}{d.current:>7.3f}{d.reference:>7.3f}{d.difference:>+8.3f}"
                     f"   {d.interval.low:+.4f} to {d.interval.high:+.4f}{mark}")
    return "\n".join(lines)


def failing(differences: list[Difference]) -> list[Difference]:
    """The gated measures that are worse than the reference beyond noise: what fails the gate."""
    return [d for d in differences if (d.figure, d.measure) in GATED and d.worse_beyond_noise]


def note() -> str:
    """How the intervals were drawn, for a table's last line."""
    return f"{LEVEL:.0%} intervals from {RESAMPLES} bootstrap resamples of the documents (seed {SEED})"
