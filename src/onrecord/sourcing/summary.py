"""The article-level summary, computed from the finished records."""

from __future__ import annotations

from onrecord.records import Caveat, CaveatCounts, IdentityCounts, Quote, SourcingSummary, Speaker
from onrecord.sourcing.refusals import REFUSED

_UNNAMED = ("pseudonym", "anonymous")


def is_unnamed_person(speaker: Speaker | None) -> bool:
    """Whether a speaker counts in the unnamed share: a person who is anonymous or pseudonymous.

    Groups ("Republicans"), documents ("online records") and organisations are
    left out: counting them inflated the share to half the quote text of an
    article whose unnamed "sources" were mostly groups and records.
    """
    return speaker is not None and speaker.kind == "person" and speaker.identity in _UNNAMED


def summarize(quotes: list[Quote], speakers: list[Speaker], caveats: list[Caveat]) -> SourcingSummary:
    by_id = {s.id: s for s in speakers}
    by_identity = IdentityCounts()
    unnamed = total = 0
    for quote in quotes:
        if REFUSED in quote.flags:
            continue  # "refused to sign the agreement": nothing said, no sourced text
        speaker = by_id.get(quote.speaker_id) if quote.speaker_id else None
        field = speaker.identity.replace("-", "_") if speaker is not None else "unresolved"
        setattr(by_identity, field, getattr(by_identity, field) + 1)
        length = sum(e - s for s, e in quote.content.spans)
        total += length
        unnamed += length if is_unnamed_person(speaker) else 0
    by_kind = CaveatCounts()
    for caveat in caveats:
        setattr(by_kind, caveat.kind, getattr(by_kind, caveat.kind) + 1)
    return SourcingSummary(
        quotes_by_identity=by_identity,
        unnamed_share=round(unnamed / total, 3) if total else 0.0,
        caveats_by_kind=by_kind,
    )
