"""The attribution passes as far as the learned steps see them, for training those steps.

The boundary model (``training/boundaries.py``) learns on the drafts as the
``boundaries`` pass receives them: ``gather_attributions`` runs the passes of
``attribution/passes.toml`` up to that one, as the analysis does. The choice
(``training/choice.py``) learns on the rules' drafts before any learned step:
``direct_and_reported_rules`` runs the direct-quote, interview-turn and
reported-speech passes alone.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc

from onrecord.attribution.assemble import Attributions
from onrecord.attribution.draft import Draft
from onrecord.attribution.passes import Context, run_passes
from onrecord.model import Tagging
from onrecord.options import Options
from onrecord.spans import DisjointSpans

BOUNDARY_PASS = "boundaries"
RULE_PASSES = ("direct-quotes", "transcript-turns", "reported-speech-rules")


@dataclass
class Gathered(Attributions):
    """The drafts as the boundary stage receives them (``training/boundaries.py`` learns on these)."""

    quoted: list[tuple[int, int]]  # the direct quotes' contents
    quotations: DisjointSpans  # every quotation, marks included


def gather_attributions(doc: Doc, options: Options, tagging: Tagging | None = None) -> Gathered:
    """Direct quotes, the rules' and the choice's reported speech and the tagger's, one per content."""
    context = Context.start(doc, options, tagging)
    drafts = run_passes(doc, [], context, until=BOUNDARY_PASS)
    return Gathered(drafts, context.direct.names, context.scan.warnings, context.quoted, context.quotations)


def direct_and_reported_rules(doc: Doc) -> tuple[list[Draft], list[Draft]]:
    """The rules' direct quotes and reported speech, before any learned choice (for training it)."""
    context = Context.start(doc, Options(), None)
    run_passes(doc, [], context, only=RULE_PASSES)
    return context.direct_drafts, context.reported
