"""The article-level summary, computed from the finished records."""

from __future__ import annotations

from onrecord.records import Caveat, CaveatCounts, IdentityCounts, Quote, SourcingSummary, Speaker

_UNNAMED = ("pseudonym", "anonymous")


def summarize(quotes: list[Quote], speakers: list[Speaker], caveats: list[Caveat]) -> SourcingSummary:
    identity = {s.id: s.identity for s in speakers}
    by_identity = IdentityCounts()
    unnamed = total = 0
    for quote in quotes:
        kind = identity.get(quote.speaker_id) if quote.speaker_id else None
        field = kind or "unresolved"
        setattr(by_identity, field, getattr(by_identity, field) + 1)
        length = sum(e - s for s, e in quote.content.spans)
        total += length
        unnamed += length if kind in _UNNAMED else 0
    by_kind = CaveatCounts()
    for caveat in caveats:
        setattr(by_kind, caveat.kind, getattr(by_kind, caveat.kind) + 1)
    return SourcingSummary(
        quotes_by_identity=by_identity,
        unnamed_share=round(unnamed / total, 3) if total else 0.0,
        caveats_by_kind=by_kind,
    )
