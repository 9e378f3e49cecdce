"""The stage order, in one place: checks -> parse -> model -> attribution -> speakers -> sources -> record.

The CLI, tests and later the web app and batch runners call ``analyze`` or
``analyze_many`` and never reach into a stage.
"""

from __future__ import annotations

import re

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace

from spacy.tokens import Doc

from onrecord.attribution.assemble import find_attributions
from onrecord.attribution.boundaries import boundary_model
from onrecord.attribution.draft import Draft
from onrecord.ingest import DamageReport, DuplicateFinder, RawArticle, detect_language, find_damage
from onrecord.ingest.furniture import find_furniture
from onrecord.ingest.headline import find_headline
from onrecord.model import Tagging, model_available, tag
from onrecord.nlp import parse_many
from onrecord.options import DEFAULT_OPTIONS, Options
from onrecord.records import Article, Caveat, NonResponse, Quote, Speaker, TextSpans, Warning
from onrecord.sourcing import Sourcing, describe_sources, summarize
from onrecord.speakers.resolve import RESOLUTIONS, Cluster, resolve_speakers
from onrecord.timing import StageTimes


def analyze(text: str, options: Options = DEFAULT_OPTIONS, *, id: str = "article") -> Article:  # noqa: A002
    """Analyze one article's text: ``onrecord.analyze(text) -> Article``."""
    return next(analyze_many([RawArticle(id=id, text=text)], options))


@dataclass
class _Prepared:
    """An article after the checks that come before parsing."""

    raw: RawArticle
    damage: DamageReport
    language: str | None
    duplicate_of: str | None
    skip_reason: Warning | None
    headline: list[tuple[int, int]]


def analyze_many(
    raws: Iterable[RawArticle], options: Options = DEFAULT_OPTIONS, *, timings: StageTimes | None = None
) -> Iterator[Article]:
    """Analyze articles in order, parsing them in batches (the model loads once).

    Articles in a language other than English are returned without analysis,
    with a warning saying so, unless ``options.any_language``. ``timings``,
    when given, adds up the seconds spent in each stage.
    """
    clock = timings if timings is not None else StageTimes()
    with_model = model_available()  # its entity types stand in for the parse's ner
    duplicates = DuplicateFinder()
    pending: list[_Prepared] = []  # in input order, skipped ones included

    def texts() -> Iterator[str]:
        for raw in raws:
            with clock.stage("checks"):
                prepared = _prepare(_valid_unicode(raw), duplicates, options)
                pending.append(prepared)
                masked = _masked(prepared.raw.text, prepared.damage.excluded) if prepared.skip_reason is None else None
            if masked is not None:
                yield masked

    docs = parse_many(texts(), options)
    while True:
        with clock.stage("parse"):
            doc = next(docs, None)
        if doc is None:
            break
        while pending[0].skip_reason is not None:
            yield _record(pending.pop(0), [], [], [])
        with clock.stage("model"):
            tagging = tag(doc) if with_model else None
        yield build_article(pending.pop(0), doc, options, tagging, clock)
    for prepared in pending:
        yield _record(prepared, [], [], [])


PAGE_FORMATS = ("html", "warc")
"""Inputs that are web pages, whose frame leaks into the text: furniture is looked for by its shape."""


def _prepare(raw: RawArticle, duplicates: DuplicateFinder, options: Options) -> _Prepared:
    language = detect_language(raw.text)
    skip = None
    if language not in (None, "en") and not options.any_language:
        skip = Warning(
            code="not-english",
            message=f"text detected as {language!r}; not analyzed (use --any-language to analyze it)",
        )
    headline = find_headline(raw.text, raw.title)
    damage = find_damage(raw.text, find_furniture(raw.text) if raw.source_format in PAGE_FORMATS else [], headline)
    return _Prepared(raw, damage, language, duplicates.check(raw), skip, headline)



_SURROGATE = re.compile("[\ud800-\udfff]")


def _valid_unicode(raw: RawArticle) -> RawArticle:
    """Lone surrogates (text that is not valid Unicode) become U+FFFD, one for one, with a warning.

    The readers refuse such input; a caller of ``analyze`` may still pass it,
    and spaCy cannot encode it.
    """
    found = [match.span() for match in _SURROGATE.finditer(raw.text)]
    if not found:
        return raw
    warning = Warning(code="invalid-unicode", spans=found[:100],
                      message=f"{len(found)} lone surrogate code point(s) replaced by U+FFFD")
    return replace(raw, text=_SURROGATE.sub("\ufffd", raw.text), warnings=[*raw.warnings, warning])


_LONG_RUN = re.compile(r"\S{%d,}" % 500)


def _masked(text: str, regions: list[tuple[int, int]]) -> str:
    """The text the parser sees, every offset where it was: site furniture blanked,
    and a space every 500 characters inside runs of non-space characters.

    spaCy's tokenizer strips affixes one at a time, so ten thousand "!" or quotation
    marks in a row took 8-15 s; no word is that long, and the record's spans are
    cut from the original text.
    """
    if not regions and not _LONG_RUN.search(text):
        return text
    chars = list(text)
    for start, end in regions:
        chars[start:end] = [c if c in "\n" else " " for c in text[start:end]]
    for run in _LONG_RUN.finditer(text):
        for at in range(run.start() + 499, run.end(), 500):
            chars[at] = " "
    return "".join(chars)


def build_article(
    prepared: _Prepared, doc: Doc, options: Options, tagging: Tagging | None, clock: StageTimes
) -> Article:
    raw = prepared.raw
    with clock.stage("attribution"):
        found = find_attributions(doc, options, tagging,
                                  boundaries=boundary_model() if tagging is not None else None)
        in_headline = _headline_drafts(found.drafts, prepared.headline)
        found.drafts = [d for d in found.drafts if d not in in_headline]
    with clock.stage("speakers"):
        clusters = resolve_speakers(doc, found.drafts, found.names)
    with clock.stage("sources"):
        sourcing = describe_sources(
            doc, found.drafts, clusters, text=raw.text, **_outlet_facts(raw)
        )
        kept = sourcing.not_outlet(found.drafts)  # the outlet's own statements are not quotes
    if len(kept) < len(found.drafts):
        # Resolve the speakers again without the outlet's statements, so that no speaker is
        # clustered on one (it would be the "last attribution" of a pronoun).
        with clock.stage("speakers"):
            for draft in found.drafts:
                draft.speaker_key = None
            clusters = resolve_speakers(doc, kept, found.names)
        with clock.stage("sources"):
            sourcing = describe_sources(
                doc, kept, clusters, text=raw.text, **_outlet_facts(raw)
            )
            kept = sourcing.not_outlet(kept)
    drafts = sourcing.quoted(kept)  # refusals and silences are records of their own
    with clock.stage("records"):
        speakers, speaker_ids = _speaker_records(raw.text, drafts, clusters, sourcing)
        drafts = in_headline + drafts  # the headline block opens the text
        quotes = [_quote_record(raw.text, n, d, speaker_ids) for n, d in enumerate(drafts, start=1)]
        for quote in quotes:
            if prepared.damage.touching(quote.content.spans):
                quote.flags.append("damaged")
        caveats = sourcing.caveat_records(raw.text, {id(d): q.id for d, q in zip(drafts, quotes)})
        non_responses = sourcing.non_response_records(raw.text, speaker_ids)
        return _record(prepared, quotes, speakers, found.warnings, caveats, sourcing, non_responses)


def _outlet_facts(raw: RawArticle) -> dict:
    """What the reader found about who published and who reported the article, for ``find_outlet``."""
    return {"site_name": raw.site_name, "author": raw.author, "site_found_in": raw.site_name_found_in,
            "reporter": raw.reporter, "reporter_found_in": raw.reporter_found_in}


def _record(
    prepared: _Prepared,
    quotes: list[Quote],
    speakers: list[Speaker],
    found: list[Warning],
    caveats: list[Caveat] | None = None,
    sourcing: Sourcing | None = None,
    non_responses: list[NonResponse] | None = None,
) -> Article:
    raw = prepared.raw
    warnings = list(raw.warnings) + list(prepared.damage.warnings) + found
    if prepared.skip_reason is not None:
        warnings.insert(0, prepared.skip_reason)
    warnings.sort(key=lambda w: w.spans[0][0] if w.spans else -1)
    return Article(
        id=raw.id,
        path=raw.path,
        url=raw.url,
        title=raw.title,
        author=raw.author,
        published=raw.published,
        site_name=raw.site_name,
        site_name_found_in=raw.site_name_found_in,
        language=prepared.language,
        source_format=raw.source_format,
        duplicate_of=prepared.duplicate_of,
        text=raw.text,
        quotes=quotes,
        speakers=speakers,
        caveats=caveats or [],
        non_responses=non_responses or [],
        outlet=sourcing.outlet if sourcing is not None else None,
        summary=summarize([q for q in quotes if "headline" not in q.flags], speakers, caveats or []),
        warnings=warnings,
    )


def _headline_drafts(drafts: list[Draft], headline: list[tuple[int, int]]) -> list[Draft]:
    """The drafts inside the headline block, flagged ``headline``, without a source or speaker.

    A headline's label is a rubric as often as a speaker ("Wildfires: County orders ..."),
    and a headline has no reporting verb to tell them apart, so its quotes are kept
    unattributed and kept out of speaker resolution.
    """
    inside = [d for d in drafts if any(hs <= d.start and d.end <= he for hs, he in headline)]
    for draft in inside:
        draft.source, draft.source_as_written, draft.source_head, draft.continues = [], [], None, None
        if "headline" not in draft.flags:
            draft.flags.append("headline")
    # A title-case headline's own report (attribution/headline.py) keeps its source span, but no
    # speaker: the parser reads the line as one run of names ("Mayor Lucia Okafor Praises" made
    # a speaker "Lucia"; "Senator" alone a named person).
    return inside + [d for d in drafts if "headline" in d.flags and d not in inside]


def _speaker_records(
    text: str, drafts: list[Draft], clusters: list[Cluster], sourcing: Sourcing
) -> tuple[list[Speaker], dict[int, str]]:
    """One Speaker per cluster that speaks, numbered in order of first quote, then those
    who only declined or did not answer."""
    ids: dict[int, str] = {}
    speakers: list[Speaker] = []
    for key in [d.speaker_key for d in drafts] + sourcing.non_response_keys():
        if key is None or key in ids:
            continue
        cluster = clusters[key]
        ids[key] = f"s{len(ids) + 1}"
        name = cluster.name
        speakers.append(
            Speaker(
                id=ids[key],
                name=name,
                kind=cluster.kind,
                resolution=cluster.resolution,
                resolutions=[how for how in RESOLUTIONS if how in cluster.ties],
                aliases=sorted({n for n in cluster.names if n != name}),
                mentions=sorted(set(cluster.mentions)),
                gender=cluster.gender,
                gender_evidence=[TextSpans.from_spans(text, [span]) for span in
                                 sorted({span for _, span in cluster.evidence})] if cluster.gender != "unknown" else [],
                **sourcing.speaker_fields(key, text),
            )
        )
    return speakers, ids


def _quote_record(text: str, number: int, draft: Draft, speaker_ids: dict[int, str]) -> Quote:
    return Quote(
        id=f"q{number}",
        type=draft.type,
        content=TextSpans.from_spans(text, draft.content),
        cue=TextSpans.from_spans(text, draft.cue) if draft.cue else None,
        source=TextSpans.from_spans(text, draft.source_as_written or draft.source) if draft.source else None,
        speaker_id=speaker_ids.get(draft.speaker_key) if draft.speaker_key is not None else None,
        flags=list(draft.flags),
    )
