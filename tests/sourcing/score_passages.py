"""Precision and recall per sourcing field over the passages of ``passages.py``.

    .venv/bin/python tests/sourcing/score_passages.py

Counts, per field: identity (per label: a speaker found with that label),
anonymity reason, descriptors, caveats per kind (a caveat of that kind whose
text contains the expected words), caveat links (the expected quote among a
found caveat's quotes) and the outlet. A missing speaker counts as a miss of
its identity, reason and descriptors.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from passages import PASSAGES, Passage  # noqa: E402

from onrecord.ingest import RawArticle  # noqa: E402
from onrecord.pipeline import analyze_many  # noqa: E402
from onrecord.records import Article  # noqa: E402


def analyze_passage(passage: Passage) -> Article:
    raw = RawArticle(id=passage.id, text=passage.text, site_name=passage.site_name)
    return next(analyze_many([raw]))


def find_speaker(article: Article, name: str):
    return next((s for s in article.speakers if name.lower() in s.name.lower()), None)


def find_caveat(article: Article, kind: str, words: str):
    return next((c for c in article.caveats if c.kind == kind and _norm(words) in _norm(c.text)), None)


def linked_to(article: Article, caveat, words: str) -> bool:
    """The caveat qualifies ``words``: one of its quotes' contents, or the narrated claim, holds them."""
    quotes = [q for q in article.quotes if q.id in caveat.quote_ids]
    claims = [caveat.claim.text] if caveat.claim is not None else []
    return any(_norm(words) in _norm(t) for t in [q.content.text for q in quotes] + claims)


def _norm(text: str) -> str:
    return " ".join(text.split()).lower()


def score(passages: list[Passage] = PASSAGES, articles: dict[str, Article] | None = None) -> dict[str, Counter]:
    """{field: Counter(tp=, fp=, fn=)}"""
    counts: dict[str, Counter] = {}

    def add(field: str, key: str, n: int = 1) -> None:
        counts.setdefault(field, Counter())[key] += n

    for passage in passages:
        article = (articles or {}).get(passage.id) or analyze_passage(passage)
        expected_names = set()
        for who in passage.speakers:
            found = find_speaker(article, who.name)
            if found is not None:
                expected_names.add(found.id)
            got = found.identity if found else None
            if got == who.identity:
                add(f"identity: {who.identity}", "tp")
            else:
                add(f"identity: {who.identity}", "fn")
                if got:
                    add(f"identity: {got}", "fp")
            reason = found.anonymity_reason if found else None
            if who.reason is not None:
                add("anonymity_reason", "tp" if reason and _norm(who.reason) in _norm(reason.text) else "fn")
                if reason and _norm(who.reason) not in _norm(reason.text):
                    add("anonymity_reason", "fp")
            elif reason is not None:
                add("anonymity_reason", "fp")
            descriptors = [_norm(d.text) for d in found.descriptors] if found else []
            for want in who.descriptors:
                add("descriptors", "tp" if any(_norm(want) in d for d in descriptors) else "fn")
            for got_d in descriptors:
                if not any(_norm(want) in got_d for want in who.descriptors):
                    add("descriptors", "fp")
        # Speakers not listed: their identity and reason are not judged, but a listed non-speaker is an error.
        for name in passage.not_speakers:
            if find_speaker(article, name) is not None:
                add("outlet not a speaker", "fp")
            else:
                add("outlet not a speaker", "tp")
        matched = set()
        for kind, words, quote in passage.caveats:
            caveat = find_caveat(article, kind, words)
            add(f"caveat: {kind}", "tp" if caveat else "fn")
            if caveat:
                matched.add(caveat.id)
            if quote is not None:
                add("caveat links", "tp" if caveat and linked_to(article, caveat, quote) else "fn")
            if caveat is not None:
                wrong = [q for q in caveat.quote_ids if not (quote and linked_to_id(article, q, quote))]
                add("caveat links", "fp", len(wrong))
        for caveat in article.caveats:
            if caveat.id not in matched:
                add(f"caveat: {caveat.kind}", "fp")
        if passage.outlet is not None or article.outlet is not None:
            got = article.outlet.name if article.outlet else None
            if got == passage.outlet:
                add("outlet", "tp")
            else:
                add("outlet", "fn" if passage.outlet else "fp")
                if got and passage.outlet:
                    add("outlet", "fp")
    return counts


def linked_to_id(article: Article, quote_id: str, words: str) -> bool:
    quote = next(q for q in article.quotes if q.id == quote_id)
    return _norm(words) in _norm(quote.content.text)


def table(counts: dict[str, Counter]) -> str:
    lines = [f"{'field':32} {'P':>6} {'R':>6} {'tp':>4} {'fp':>4} {'fn':>4}"]
    for field in sorted(counts):
        c = counts[field]
        p = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 1.0
        r = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 1.0
        lines.append(f"{field:32} {p:6.2f} {r:6.2f} {c['tp']:4} {c['fp']:4} {c['fn']:4}")
    return "\n".join(lines)


if __name__ == "__main__":
    print(f"{len(PASSAGES)} passages")
    print(table(score()))
