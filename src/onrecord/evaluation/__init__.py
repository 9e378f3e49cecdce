"""Measuring attribution quality against a PolNeAR-layout gold corpus.

Implements ``docs/evaluation.md`` exactly: content, attribution (headline),
exact and cue P/R/F1 plus direct recall, micro-averaged over articles.
Library code only: nothing here prints or exits; the CLI formats and reports.

* ``spans``   - non-whitespace character arithmetic and text normalization;
* ``gold``    - reading brat ``.ann`` files (with PolNeAR's quirks);
* ``scoring`` - pairing, counts, the result object, the table.
"""

from onrecord.evaluation.gold import GoldDocument, load_gold, parse_ann
from onrecord.evaluation.scoring import (
    DocumentCounts,
    EvalResult,
    Figure,
    MissedAttribution,
    WrongSpeaker,
    attributions_from_article,
    format_table,
    score,
    score_by,
    worst_missed,
    wrong_speakers,
)
from onrecord.evaluation.spans import SpanAttribution

__all__ = [
    "DocumentCounts", "EvalResult", "Figure", "GoldDocument", "MissedAttribution", "SpanAttribution",
    "WrongSpeaker", "attributions_from_article", "format_table", "load_gold", "parse_ann", "score", "score_by",
    "worst_missed", "wrong_speakers",
]
