"""Renderings of an Article for people and machines, all derived from the record."""

from __future__ import annotations

import json
import textwrap

from onrecord.records import Article, Caveat, NonResponse, Quote, Speaker, Warning, article_json_schema

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
    lines.extend(_page_fact_lines(article))
    caveats = _caveats_by_quote(article.caveats)
    for speaker in article.speakers:
        quotes = [q for q in article.quotes if q.speaker_id == speaker.id]
        aliases = f"; also {', '.join(speaker.aliases)}" if speaker.aliases else ""
        lines.append("")
        lines.append(f"{speaker.name} ({speaker.kind}, {speaker.identity}{aliases}; {len(quotes)} quotes)")
        lines.extend(_speaker_lines(speaker))
        lines.extend(_quote_lines(q, caveats.get(q.id, [])) for q in quotes)
        lines.extend(_non_response_line(n) for n in article.non_responses if n.speaker_id == speaker.id)
    unattributed = [q for q in article.quotes if q.speaker_id is None]
    if unattributed:
        lines.append("")
        lines.append(f"Speaker not resolved ({len(unattributed)} quotes)")
        lines.extend(_quote_lines(q, caveats.get(q.id, [])) for q in unattributed)
    unresolved = [n for n in article.non_responses if n.speaker_id is None]
    if unresolved:
        lines.append("")
        lines.append(f"Non-responses, speaker not resolved ({len(unresolved)})")
        lines.extend(_non_response_line(n) for n in unresolved)
    unlinked = [c for c in article.caveats if not c.quote_ids]
    if unlinked:
        lines.append("")
        lines.append(f"Caveats on narration ({len(unlinked)})")
        lines.extend(_caveat_line(c) for c in unlinked)
    lines.extend(_summary_lines(article))
    if article.warnings:
        lines.append("")
        lines.append(f"Warnings ({len(article.warnings)})")
        lines.extend(_warning_line(article.text, w) for w in article.warnings)
    return "\n".join(lines) + "\n"


def _page_fact_lines(article: Article) -> list[str]:
    """``Outlet: CNN (from the text)`` and, when the page was published elsewhere, where and how we know."""
    lines = []
    if article.outlet is not None:
        where = article.outlet.found_in or article.outlet.source
        lines.append(f"Outlet: {article.outlet.name} (from the {where})")
    if article.site_name and (article.outlet is None or article.outlet.name != article.site_name):
        where = f" (from the {article.site_name_found_in})" if article.site_name_found_in else ""
        lines.append(f"Published on: {article.site_name}{where}")
    return lines


def _warning_line(text: str, warning: Warning) -> str:
    """``line 41: cut-off: ... «captured by Russia earlier in the»``: where, what, and the words."""
    if not warning.spans:
        return f"  {warning.code}: {warning.message}"
    start, end = warning.spans[0]
    line = text.count("\n", 0, start) + 1
    words = " ".join(text[start:end].split())
    if len(words) > 60:
        words = words[:28] + " … " + words[-28:]
    return f"  line {line}: {warning.code}: {warning.message}  «{words}»"


def _speaker_lines(speaker: Speaker) -> list[str]:
    lines = []
    if speaker.anonymity_reason is not None:
        reason = speaker.anonymity_reason
        lines.append(_wrapped(f"why not named ({reason.category}): ", reason.text, "  "))
    if speaker.descriptors:
        lines.append(_wrapped("described as: ", "; ".join(" ".join(d.text.split()) for d in speaker.descriptors), "  "))
    return lines


def _caveats_by_quote(caveats: list[Caveat]) -> dict[str, list[Caveat]]:
    found: dict[str, list[Caveat]] = {}
    for caveat in caveats:
        for quote_id in caveat.quote_ids:
            found.setdefault(quote_id, []).append(caveat)
    return found


def _caveat_line(caveat: Caveat, indent: str = "  ") -> str:
    return _wrapped(f"{caveat.id} [{caveat.kind}] ", caveat.text, indent, " " * (len(indent) + 4))


def _non_response_line(found: NonResponse) -> str:
    """``n1 [declined] declined to comment on the letter (source: The ministry)``."""
    source = f" (source: {' '.join(found.source.text.split())})" if found.source else ""
    return _wrapped(f"{found.id} [{found.kind}] ", found.text.text + source, "  ", " " * 6)


def _summary_lines(article: Article) -> list[str]:
    summary = article.summary
    if not article.quotes and not article.caveats:
        return []
    counts = {k.replace("_", "-"): v for k, v in summary.quotes_by_identity.model_dump().items()}
    caveats = summary.caveats_by_kind.model_dump()
    line = (
        "Sourcing: quotes by speaker identity "
        + (", ".join(f"{k} {v}" for k, v in counts.items() if v) or "none")
        + f"; {summary.unnamed_share:.0%} of quote text from unnamed persons (anonymous or pseudonym); caveats "
        + (", ".join(f"{k} {v}" for k, v in caveats.items() if v) or "none")
    )
    return ["", textwrap.fill(line, _WIDTH, subsequent_indent="  ")]


def _wrapped(head: str, text: str, indent: str, subsequent: str | None = None) -> str:
    body = " ".join(text.split())
    later = subsequent if subsequent is not None else indent + "    "
    return textwrap.fill(body, _WIDTH, initial_indent=indent + head, subsequent_indent=later)


def _quote_lines(quote: Quote, caveats: list[Caveat] | None = None) -> str:
    content = " ".join(quote.content.text.split())
    how = []
    if quote.cue:
        how.append(f"cue: {' '.join(quote.cue.text.split())}")
    if quote.source:
        how.append(f"source: {' '.join(quote.source.text.split())}")
    how.extend(quote.flags)
    head = f"  {quote.id} [{quote.type}] "
    body = textwrap.fill(content, _WIDTH, initial_indent=head, subsequent_indent=" " * 6)
    body = f"{body}\n      ({'; '.join(how)})" if how else body
    return "\n".join([body, *(_caveat_line(c, " " * 6 + "caveat ") for c in caveats or [])])
