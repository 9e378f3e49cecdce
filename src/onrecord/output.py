"""Renderings of an Article for people and machines, all derived from the record."""

from __future__ import annotations

import json
import textwrap

from onrecord.records import Article, Quote, article_json_schema

_WIDTH = 100


def to_json(articles: list[Article]) -> str:
    """A JSON array of article records (always an array, whatever the count)."""
    return json.dumps([a.model_dump(mode="json") for a in articles], ensure_ascii=False, indent=2)


def to_jsonl_line(article: Article) -> str:
    return article.model_dump_json()


def schema_json() -> str:
    return json.dumps(article_json_schema(), indent=2, ensure_ascii=False) + "\n"


def to_text(article: Article) -> str:
    """A readable listing: each speaker with their quotes, then what stayed unattributed."""
    lines = [f"{article.path or article.id}: {len(article.quotes)} quotes, {len(article.speakers)} speakers"]
    for speaker in article.speakers:
        quotes = [q for q in article.quotes if q.speaker_id == speaker.id]
        aliases = f"; also {', '.join(speaker.aliases)}" if speaker.aliases else ""
        lines.append("")
        lines.append(f"{speaker.name} ({speaker.kind}{aliases}; {len(quotes)} quotes)")
        lines.extend(_quote_lines(q) for q in quotes)
    unattributed = [q for q in article.quotes if q.speaker_id is None]
    if unattributed:
        lines.append("")
        lines.append(f"Speaker not resolved ({len(unattributed)} quotes)")
        lines.extend(_quote_lines(q) for q in unattributed)
    if article.warnings:
        lines.append("")
        lines.append(f"Warnings ({len(article.warnings)})")
        lines.extend(f"  {w.code}: {w.message}" for w in article.warnings)
    return "\n".join(lines) + "\n"


def _quote_lines(quote: Quote) -> str:
    content = " ".join(quote.content.text.split())
    how = []
    if quote.cue:
        how.append(f"cue: {' '.join(quote.cue.text.split())}")
    if quote.source:
        how.append(f"source: {' '.join(quote.source.text.split())}")
    how.extend(quote.flags)
    head = f"  {quote.id} [{quote.type}] "
    body = textwrap.fill(content, _WIDTH, initial_indent=head, subsequent_indent=" " * 6)
    return f"{body}\n      ({'; '.join(how)})" if how else body
