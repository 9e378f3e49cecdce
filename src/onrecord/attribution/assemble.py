"""Combine direct quotes and reported speech into one list of attributions.

Direct quotes win where both stages claim the same words: the parser often
reads ``“X,” he says`` as ``says`` with a clausal complement inside the
quote, which is the same attribution seen twice.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass

from spacy.tokens import Doc

from onrecord.attribution.direct import attach_direct
from onrecord.attribution.draft import DisjointSpans, Draft, doc_text
from onrecord.attribution.indirect import find_indirect
from onrecord.attribution.quotes import Quotation, find_quotations
from onrecord.options import Options
from onrecord.records import Warning


@dataclass
class Attributions:
    drafts: list[Draft]
    names: list[Quotation]  # quoted names (call-signs), for the speaker stage
    warnings: list[Warning]


def find_attributions(doc: Doc, options: Options) -> Attributions:
    scan = find_quotations(doc_text(doc))
    direct = attach_direct(doc, scan.quotations)
    drafts = list(direct.drafts)
    if options.indirect:
        taken = {d.cue_head for d in direct.drafts if d.cue_head is not None}
        quoted = DisjointSpans(span for d in direct.drafts for span in d.content)
        fragments = [(f.start, f.end) for f in direct.fragments]
        for draft in find_indirect(doc, taken):
            if not draft.source and "source-lost" not in draft.flags:
                continue  # "CNN has not been able to confirm ...": no one is reported
            if _share_inside(draft.content, quoted) > 0.5:
                continue
            if any(_contains(span, fragments) for span in draft.content):
                draft.type = "mixed"
            drafts.append(draft)
    drafts.sort(key=lambda d: d.start)
    return Attributions(drafts, direct.names, scan.warnings)


def _share_inside(spans: list[tuple[int, int]], others: DisjointSpans) -> float:
    """Share of ``spans`` characters that fall inside ``others``."""
    total = sum(e - s for s, e in spans) or 1
    return sum(others.shared_chars(s, e) for s, e in spans) / total


def _contains(span: tuple[int, int], fragments: list[tuple[int, int]]) -> bool:
    """Whether a quoted fragment lies inside ``span`` (fragments are sorted)."""
    at = bisect_left(fragments, (span[0], span[0]))
    return at < len(fragments) and fragments[at][1] <= span[1]

