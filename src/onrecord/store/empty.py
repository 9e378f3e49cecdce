"""Why a query found nothing: the filter that emptied it, and the nearest names the corpus has.

The filters are applied one more at a time, in ``Filters.clauses``'s order; the
first after which no quote is left is the one to blame. When that filter alone
matches nothing, the message suggests the nearest outlets or speakers (by
``difflib``, on whole names and on single words of them), the dates the corpus
covers, or the identities it has; when it matches quotes alone, the message says
it is the combination that is empty.
"""

from __future__ import annotations

import difflib

from onrecord.store.db import Store
from onrecord.store.filters import Clause, Filters, where_sql
from onrecord.store.queries import QUOTE_ROWS, run

_SUGGESTIONS = 5
_CUTOFF = 0.75  # difflib's ratio: 'clintn' ~ 'clinton' (0.92), not ~ 'coalition' (0.67)


def why_empty(store: Store, filters: Filters, what: str = "quotes") -> str:
    """One line saying which filter left no quotes, with suggestions; '' when the query is not empty."""
    clauses = filters.clauses(store)
    for i, clause in enumerate(clauses):
        if _count(store, clauses[: i + 1]):
            continue
        alone = _count(store, [clause]) if i else 0
        if alone:
            before = " ".join(f"{c.option} {c.value!r}" for c in clauses[:i])
            return (f"no {what}: {clause.option} {clause.value!r} matches {alone} quote(s) alone, "
                    f"but none together with {before}")
        return f"no {what}: {clause.option} {clause.value!r} matches no quote in the corpus{_hint(store, clause)}"
    if not clauses and not _count(store, []):
        return f"no {what}: the corpus has no quotes"
    return ""


def _count(store: Store, clauses: list[Clause]) -> int:
    where, params = where_sql(clauses)
    return run(store, f"SELECT count(*) {QUOTE_ROWS}{where}", params).rows[0][0]


def _hint(store: Store, clause: Clause) -> str:
    if clause.option == "--outlet":
        names = _column(store, f"SELECT {store.outlet_sql('a')}, count(*) {QUOTE_ROWS} "
                               f"WHERE {store.outlet_sql('a')} IS NOT NULL GROUP BY 1 ORDER BY 2 DESC, 1")
        return _nearest("outlet", clause.value, names)
    if clause.option == "--speaker":
        names = _column(store, f"SELECT cs.name, count(*) AS n {QUOTE_ROWS} WHERE cs.name IS NOT NULL "
                               "GROUP BY cs.name ORDER BY n DESC, cs.name")
        return _nearest("speaker", clause.value, names)
    if clause.option in ("--since", "--until"):
        first, last = run(store, f"SELECT min(a.published), max(a.published) {QUOTE_ROWS}", []).rows[0]
        return f"; its quotes were published from {first} to {last}" if first else "; no article has a date"
    if clause.option == "--identity":
        rows = run(store, f"SELECT COALESCE(s.identity, 'unknown') AS i, count(*) {QUOTE_ROWS} "
                          "GROUP BY i ORDER BY 2 DESC", []).rows
        return "; identities in it: " + ", ".join(f"{i} ({n})" for i, n in rows)
    if clause.option == "--key":
        return "; keys look like ARTICLE:qN (the first column of `onrecord quotes`)"
    return ""


def _column(store: Store, sql: str) -> list[str]:
    return [row[0] for row in run(store, sql, []).rows]


def _nearest(kind: str, wanted: str, names: list[str]) -> str:
    """'; nearest outlets: A, B' from ``names`` (most quoted first), or the most quoted ones when none is near."""
    if not names:
        return f"; it has no {kind} names"
    folded = wanted.casefold()
    by_word: dict[str, list[str]] = {}
    for name in names:
        by_word.setdefault(name.casefold(), []).append(name)
        for word in name.casefold().replace("-", " ").split():
            by_word.setdefault(word, []).append(name)
    close = difflib.get_close_matches(folded, list(by_word), n=_SUGGESTIONS * 2, cutoff=_CUTOFF)
    found = list(dict.fromkeys(name for match in close for name in by_word[match]))[:_SUGGESTIONS]
    if found:
        return f"; nearest {kind}s: " + ", ".join(found)
    return f"; most quoted {kind}s: " + ", ".join(names[:_SUGGESTIONS])
