"""The stage order, in one place: ingest -> nlp -> attribution -> speakers -> record.

The CLI, tests and later the web app and batch runners call ``analyze`` or
``analyze_many`` and never reach into a stage.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.tokens import Doc

from onrecord.attribution.assemble import find_attributions
from onrecord.attribution.draft import Draft
from onrecord.ingest import RawArticle
from onrecord.nlp import parse_many
from onrecord.options import DEFAULT_OPTIONS, Options
from onrecord.records import Article, Quote, Speaker, TextSpans
from onrecord.speakers.resolve import Cluster, resolve_speakers


def analyze(text: str, options: Options = DEFAULT_OPTIONS, *, id: str = "article") -> Article:  # noqa: A002
    """Analyze one article's text: ``onrecord.analyze(text) -> Article``."""
    return next(analyze_many([RawArticle(id=id, text=text)], options))


def analyze_many(raws: Iterable[RawArticle], options: Options = DEFAULT_OPTIONS) -> Iterator[Article]:
    """Analyze articles in order, parsing them in batches (the model loads once)."""
    pending: list[RawArticle] = []

    def texts() -> Iterator[str]:
        for raw in raws:
            pending.append(raw)
            yield raw.text

    for doc in parse_many(texts(), options):
        yield build_article(pending.pop(0), doc, options)


def build_article(raw: RawArticle, doc: Doc, options: Options) -> Article:
    found = find_attributions(doc, options)
    clusters = resolve_speakers(doc, found.drafts, found.names)
    speakers, speaker_ids = _speaker_records(found.drafts, clusters)
    quotes = [_quote_record(raw.text, n, d, speaker_ids) for n, d in enumerate(found.drafts, start=1)]
    return Article(
        id=raw.id,
        path=raw.path,
        text=raw.text,
        quotes=quotes,
        speakers=speakers,
        warnings=found.warnings,
    )


def _speaker_records(drafts: list[Draft], clusters: list[Cluster]) -> tuple[list[Speaker], dict[int, str]]:
    """One Speaker per cluster that speaks, numbered in order of first quote."""
    ids: dict[int, str] = {}
    speakers: list[Speaker] = []
    for draft in drafts:
        key = draft.speaker_key
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
                aliases=sorted({n for n in cluster.names if n != name}),
                mentions=sorted(set(cluster.mentions)),
            )
        )
    return speakers, ids


def _quote_record(text: str, number: int, draft: Draft, speaker_ids: dict[int, str]) -> Quote:
    return Quote(
        id=f"q{number}",
        type=draft.type,
        content=TextSpans.from_spans(text, draft.content),
        cue=TextSpans.from_spans(text, draft.cue) if draft.cue else None,
        source=TextSpans.from_spans(text, draft.source) if draft.source else None,
        speaker_id=speaker_ids.get(draft.speaker_key) if draft.speaker_key is not None else None,
        flags=list(draft.flags),
    )
