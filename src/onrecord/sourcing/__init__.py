"""Sourcing: who is named and who is not and why, what the outlet could not verify.

``describe_sources`` runs after the speaker stage on the drafts and speaker
clusters; ``pipeline.build_article`` turns its result into record fields:
``Speaker.identity``, ``anonymity_reason``, ``descriptors``,
``Article.caveats``, ``Article.non_responses``, ``Article.outlet`` (and
``summarize`` the summary).

Refusals and silences ("declined to comment") are not quotes either: the
draft the attribution stage made of one keeps its resolved speaker but
becomes a non-response record (``Sourcing.quoted`` leaves it out). A refusal
to act ("refused to sign the agreement") stays a quote, an attribution of
intent, flagged ``refused``: it reports nothing said, and neither the summary
nor the sourcing evaluation counts it as a statement. Nor is a
request not to be named ("who requested anonymity to speak freely"): its
draft is left out too, and the reason it gives goes to the source it is about.

The outlet's own statements are never quotes: a draft whose speaker is the
outlet ("CNN has learned that ...") is dropped from the quotes (its words
are narration, and a caveat where a caveat pattern says so). Which drafts
those are is known only once speakers are resolved, so ``pipeline`` then
resolves the speakers again on the quotes alone (``Sourcing.quoted``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc

from onrecord.attribution.draft import Draft
from onrecord.records import AnonymityReason, Caveat, NonResponse, Offsets, Outlet, TextSpans
from onrecord.sourcing.caveats import CaveatDraft, find_caveats
from onrecord.sourcing.common import direct_spans
from onrecord.sourcing.descriptors import describe
from onrecord.sourcing.identity import identity_of
from onrecord.sourcing.non_responses import NonResponseDraft, find_non_responses
from onrecord.sourcing.outlet import find_outlet, is_outlet_name, is_outlets_journalist
from onrecord.sourcing.refusals import REFUSED, refusals_to_act
from onrecord.sourcing.reasons import anonymity_requests, find_withheld
from onrecord.sourcing.summary import summarize
from onrecord.speakers.resolve import Cluster

__all__ = ["Sourcing", "describe_sources", "summarize"]


@dataclass
class SpeakerSourcing:
    identity: str
    reason: list[Offsets] | None
    descriptors: list[Offsets]
    reason_category: str = "unspecified"


@dataclass
class Sourcing:
    outlet: Outlet | None
    outlet_keys: set[int]
    speakers: dict[int, SpeakerSourcing] = field(default_factory=dict)
    caveats: list[CaveatDraft] = field(default_factory=list)
    non_responses: list[NonResponseDraft] = field(default_factory=list)
    silences: list[NonResponseDraft] = field(default_factory=list)
    """Requests to act left unanswered: not non-responses, and their drafts are no quotes either."""
    requests: list[Draft] = field(default_factory=list)
    """Drafts made of a request not to be named ("who asked that her surname be withheld"): no quotes."""

    def not_outlet(self, drafts: list[Draft]) -> list[Draft]:
        """The drafts that are not the outlet's own statements."""
        return [d for d in drafts if d.speaker_key is None or d.speaker_key not in self.outlet_keys]

    def quoted(self, drafts: list[Draft]) -> list[Draft]:
        """The drafts that are quotes: not the outlet's own statements, not refusals or silences."""
        refusals = {id(n.draft) for n in self.non_responses + self.silences if n.draft is not None}
        refusals |= {id(d) for d in self.requests}
        return [d for d in self.not_outlet(drafts) if id(d) not in refusals]

    def non_response_keys(self) -> list[int]:
        """The speakers of non-responses, in text order."""
        return [n.speaker_key for n in self.non_responses if n.speaker_key is not None]

    def non_response_records(self, text: str, speaker_ids: dict[int, str]) -> list[NonResponse]:
        records = []
        for number, found in enumerate(self.non_responses, start=1):
            records.append(
                NonResponse(
                    id=f"n{number}",
                    kind=found.kind,
                    text=TextSpans.from_spans(text, [found.phrase]),
                    cue=TextSpans.from_spans(text, [found.cue]),
                    source=TextSpans.from_spans(text, [found.source]) if found.source else None,
                    speaker_id=speaker_ids.get(found.speaker_key) if found.speaker_key is not None else None,
                    about=TextSpans.from_spans(text, [found.about]) if found.about else None,
                )
            )
        return records

    def speaker_fields(self, key: int, text: str) -> dict:
        found = self.speakers.get(key)
        if found is None:
            return {}
        return {
            "identity": found.identity,
            "anonymity_reason": AnonymityReason(
                **TextSpans.from_spans(text, found.reason).model_dump(), category=found.reason_category
            )
            if found.reason
            else None,
            "descriptors": [TextSpans.from_spans(text, [span]) for span in found.descriptors],
        }

    def caveat_records(self, text: str, quote_ids: dict[int, str]) -> list[Caveat]:
        """``quote_ids``: the quote id of each draft, by ``id(draft)``."""
        records = []
        for number, caveat in enumerate(self.caveats, start=1):
            ids = [quote_ids[id(d)] for d in caveat.drafts if id(d) in quote_ids]
            pieces = TextSpans.from_spans(text, caveat.spans)
            records.append(
                Caveat(
                    id=f"c{number}",
                    text=pieces.text,
                    spans=pieces.spans,
                    kind=caveat.kind,
                    quote_ids=sorted(set(ids), key=lambda q: int(q[1:])),
                    claim=TextSpans.from_spans(text, [caveat.claim]) if caveat.claim else None,
                )
            )
        return records


def _only_reports(doc: Doc, drafts: list[Draft], key: int) -> bool:
    """Whether every attribution of a speaker has "report" for its cue: "the Courier's Ana Ruiz
    reports:" frames the outlet's reporting, where "the Courier's Tom Baker wrote" cites a colleague."""
    cues = [doc[d.cue_head] for d in drafts if d.speaker_key == key and d.cue_head is not None]
    return bool(cues) and all(c.lemma_.lower() == "report" for c in cues)


def describe_sources(
    doc: Doc,
    drafts: list[Draft],
    clusters: list[Cluster],
    *,
    text: str | None = None,
    site_name: str | None = None,
    author: str | None = None,
    site_found_in: str | None = None,
    reporter: str | None = None,
    reporter_found_in: str | None = None,
) -> Sourcing:
    """Identity, anonymity reason and descriptors of each speaking cluster; caveats; the outlet.

    ``text``: the article as read (unmasked), where the outlet is looked for
    (photo credits sit in what the parser sees as blanked site furniture).
    """
    outlet = find_outlet(text if text is not None else doc.text, site_name, author, site_found_in=site_found_in,
                         reporter=reporter, reporter_found_in=reporter_found_in)
    read = text if text is not None else doc.text
    outlet_keys = {c.key for c in clusters if any(is_outlet_name(n, outlet) for n in c.names)
                   or (c.kind == "person" and is_outlets_journalist(read, c.mentions, outlet)
                       and _only_reports(doc, drafts, c.key))}
    result = Sourcing(outlet, outlet_keys)
    kept = result.not_outlet(drafts)
    found = find_non_responses(doc, kept, clusters)
    result.non_responses = [n for n in found if n.on_record]
    result.silences = [n for n in found if not n.on_record]
    for draft in refusals_to_act(doc, result.quoted(kept)):
        # "refused to sign the agreement": an attribution of intent (PolNeAR counts them), kept as a
        # quote but flagged, so that its doer is not taken for a source of what the article reports
        if REFUSED not in draft.flags:
            draft.flags.append(REFUSED)
    quotes = result.quoted(kept)
    result.requests = anonymity_requests(doc, quotes, direct_spans(quotes))
    quotes = result.quoted(kept)
    speaking_keys = {d.speaker_key for d in quotes if d.speaker_key is not None} | set(result.non_response_keys())
    speaking = {key: list(clusters[key].mentions) for key in speaking_keys}
    quoted = direct_spans(quotes)
    withheld = find_withheld(doc, quotes, speaking, quoted)
    for key in speaking_keys:
        cluster = clusters[key]
        identity = identity_of(doc, cluster, withheld.signalled(key), quoted)
        reason = withheld.reason(key)
        if reason is not None and identity == "named":
            # "for his safety" said of a named person is not about anonymity; nor is a withholding
            # sentence near a full name about that name ("Hillary Clinton" and "a person familiar
            # with the planning, speaking on condition of anonymity")
            reason = None
        # the nouns withholding clauses describe ("soldier"), not a name ("Maria, who gave only her first name")
        nouns = [w.noun for w in withheld.by_key.get(key, []) if w.noun is not None and w.noun.pos_ != "PROPN"]
        result.speakers[key] = SpeakerSourcing(
            identity=identity,
            reason=reason.spans if reason is not None else None,
            descriptors=describe(doc, cluster, quotes, nouns, quoted),
            reason_category=reason.category if reason is not None else "unspecified",
        )
    result.caveats = find_caveats(doc, quotes, outlet)
    return result
