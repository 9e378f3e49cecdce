"""The per-outlet report: counts per outlet, shares with their n and 95% Wilson interval.

Built in three steps so that a new kind of figure slots in without touching the
others: a *count* query gives whole numbers per outlet (``COUNTS``); ``_figures``
turns counts into shares with intervals; a ``Section`` of the report says which
figures the table shows under one heading (``SECTIONS``). JSON and CSV get every
figure as its own column, one row per outlet shown plus ``(all outlets)``, which
counts every article the filters keep, hidden outlets included.

Outlets with fewer than ``min_articles`` articles are hidden: one article says
nothing about an outlet, and its share would read like a finding.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from onrecord.store import counted
from onrecord.store.db import Store
from onrecord.store.filters import Filters, where_sql
from onrecord.store.intervals import wilson
from onrecord.store.queries import IDENTITIES, Result, run

ALL_OUTLETS = "(all outlets)"
UNKNOWN_OUTLET = "(unknown)"
DEFAULT_MIN_ARTICLES = 5


@dataclass
class Section:
    """One table of the report: a heading and the cells it shows, each made from a row's figures."""

    title: str
    cells: list[tuple[str, Callable[[dict], str]]]


@dataclass
class Report:
    result: Result
    """One row per outlet shown (most articles first), then ``(all outlets)``; every figure a column."""
    sections: list[Section]
    min_articles: int
    hidden: list[str] = field(default_factory=list)
    """The outlets with fewer than ``min_articles`` articles, not in ``result``."""

    def notes(self) -> list[str]:
        """What a reader must know besides the tables: which outlets were hidden, and how to see them."""
        if not self.hidden:
            return []
        return [f"{len(self.hidden)} outlet(s) with fewer than {self.min_articles} articles hidden "
                f"({', '.join(self.hidden[:5])}{', ...' if len(self.hidden) > 5 else ''}); "
                f"{ALL_OUTLETS} counts them; --min-articles 1 shows them."]


def column(identity: str) -> str:
    """The identity as a column-name part: ``not-applicable`` -> ``not_applicable``."""
    return identity.replace("-", "_")


def _quote_counts(store: Store, articles_sql: str, params: list) -> Result:
    """Per outlet: articles, quotes, quotes by speaker identity, quotes of unnamed persons, and the
    articles quoting an anonymous speaker or an unnamed person.

    Unnamed persons are speakers of kind person whose identity is anonymous or pseudonym: groups,
    documents and organisations have no name to withhold ("Republicans", "Online records").
    """
    has_identity = store.has_column("speakers", "identity")
    ident = "COALESCE(s.identity, 'unknown')" if has_identity else "NULL"
    unnamed = f"s.kind = 'person' AND {ident} IN ('anonymous', 'pseudonym')"
    by_identity = ", ".join(f"count(q.id) FILTER (WHERE {ident} = '{k}') AS {column(k)}_quotes" for k in IDENTITIES)
    sql = (
        f"WITH ar AS ({articles_sql}) "
        f"SELECT ar.outlet, count(DISTINCT ar.id) AS articles, count(q.id) AS quotes, {by_identity}, "
        f"count(q.id) FILTER (WHERE {unnamed}) AS unnamed_quotes, "
        f"count(DISTINCT q.article_id) FILTER (WHERE {ident} = 'anonymous') AS anonymous_articles, "
        f"count(DISTINCT q.article_id) FILTER (WHERE {unnamed}) AS unnamed_articles "
        "FROM ar LEFT JOIN quotes q ON q.article_id = ar.id "
        "LEFT JOIN speakers s ON s.article_id = q.article_id AND s.id = q.speaker_id GROUP BY ar.outlet"
    )
    result = run(store, sql, params)
    if not has_identity:  # counted as zero above; the records cannot say, so null
        result.rows = [tuple(None if c.endswith(("_quotes", "_articles")) else v
                             for c, v in zip(result.columns, row)) for row in result.rows]
    return result


def _caveat_counts(store: Store, articles_sql: str, params: list) -> Result:
    """Per outlet: caveats (hedges, unverified, unsupported or disputed claims); null when the corpus has no caveats table."""
    if not store.has_table("caveats"):
        return Result(["outlet", "caveats"], [])
    sql = (f"WITH ar AS ({articles_sql}) SELECT ar.outlet, count(c.article_id) AS caveats "
           "FROM ar LEFT JOIN caveats c ON c.article_id = ar.id GROUP BY ar.outlet")
    return run(store, sql, params)


def _by_kind(store: Store, articles_sql: str, params: list, items_sql: str, name: str, by: str) -> Result:
    """Per outlet: the rows of ``items_sql`` (``article_id``, ``kind``) in all (column ``name``) and by
    kind (column ``name_by``: "declined 3, no-response 2"), 0 and '' for an outlet with none."""
    sql = (
        f"WITH ar AS ({articles_sql}), k AS (SELECT ar.outlet, i.kind, count(*) AS n "
        f"  FROM ar JOIN ({items_sql}) i ON i.article_id = ar.id GROUP BY 1, 2) "
        f"SELECT ar.outlet, COALESCE(any_value(t.n), 0) AS {name}, "
        f"  COALESCE(any_value(t.kinds), '') AS {name}_by_{by} FROM (SELECT DISTINCT outlet FROM ar) ar "
        "LEFT JOIN (SELECT outlet, sum(n) AS n, string_agg(kind || ' ' || n, ', ' ORDER BY n DESC, kind) AS kinds "
        "  FROM k GROUP BY outlet) t ON t.outlet = ar.outlet GROUP BY ar.outlet"
    )
    return run(store, sql, params)


def _non_response_counts(store: Store, articles_sql: str, params: list) -> Result:
    """Per outlet: non-responses (declined to comment, did not respond, could not be reached), in all
    and by kind; absent when the corpus was written before they were recorded."""
    if not store.has_table("non_responses"):
        return Result(["outlet", "non_responses"], [])
    return _by_kind(store, articles_sql, params, "SELECT article_id, kind FROM non_responses", "non_responses", "kind")


def _reason_counts(store: Store, articles_sql: str, params: list) -> Result:
    """Per outlet: unnamed sources (speakers, not quotes) with the reason the outlet gives for not
    naming them, in all and by category ("safety 3, unspecified 2"); absent before categories were
    recorded."""
    if not store.has_column("speakers", "anonymity_reason_category"):
        return Result(["outlet", "anonymity_reasons"], [])
    reasons = ("SELECT article_id, anonymity_reason_category AS kind FROM speakers "
               "WHERE anonymity_reason_category IS NOT NULL")
    return _by_kind(store, articles_sql, params, reasons, "anonymity_reasons", "category")


def sourcing_counts(store: Store, articles_sql: str, params: list) -> dict[str, dict]:
    """Per outlet, then ``(all outlets)``: anonymity reasons by category and non-responses by kind,
    for the articles of ``articles_sql`` (columns ``id`` and ``outlet``): the web page's table."""
    per_outlet: dict[str, dict] = {}
    for count in (_reason_counts, _non_response_counts):
        for row in count(store, articles_sql, params).dicts():
            per_outlet.setdefault(row.pop("outlet"), {}).update(row)
    if per_outlet:
        per_outlet[ALL_OUTLETS] = _sum_counts(per_outlet.values())
    return per_outlet


# Each count query: (store, SQL of the kept articles with their outlet, its parameters) -> counts per outlet.
COUNTS: list[Callable[[Store, str, list], Result]] = [_quote_counts, _caveat_counts, _non_response_counts,
                                                      _reason_counts]


def _share(row: dict, count: str, n: str, name: str) -> None:
    """Add ``name``, ``name_low``, ``name_high``: ``row[count] / row[n]`` and its Wilson interval."""
    k, total = row.get(count), row.get(n)
    if k is None or not total:
        row[name] = row[f"{name}_low"] = row[f"{name}_high"] = None
        return
    low, high = wilson(k, total)
    # Unrounded: the table rounds once when it prints; rounding here too would round twice.
    row[name], row[f"{name}_low"], row[f"{name}_high"] = k / total, low, high


def _figures(row: dict) -> dict:
    """Shares (with intervals) and means from one outlet's counts."""
    articles = row["articles"]
    row["quotes_per_article"] = round(row["quotes"] / articles, 2) if articles else None
    for k in map(column, IDENTITIES):
        _share(row, f"{k}_quotes", "quotes", f"{k}_share")
    _share(row, "unnamed_quotes", "quotes", "unnamed_share")
    _share(row, "anonymous_articles", "articles", "anonymous_article_share")
    _share(row, "unnamed_articles", "articles", "unnamed_article_share")
    caveats = row.get("caveats")
    row["caveats_per_article"] = round(caveats / articles, 2) if caveats is not None and articles else None
    return row


def _top_speakers(store: Store, articles_sql: str, params: list, top: int) -> dict[str, str]:
    """``Name (quotes), ...`` per outlet and for all outlets: the ``top`` most quoted corpus speakers."""
    if top <= 0:
        return {}
    # Counted per corpus speaker, as `onrecord speakers` counts: two people the merge kept apart
    # (a single name in two outlets) stay two even when their names read the same.
    sql = (
        f"WITH ar AS ({articles_sql}), named AS ("
        "  SELECT ar.outlet, COALESCE(cs.id, s.article_id || ':' || s.id) AS who, COALESCE(cs.name, s.name) AS name "
        "  FROM ar JOIN quotes q ON q.article_id = ar.id "
        "  JOIN speakers s ON s.article_id = q.article_id AND s.id = q.speaker_id "
        "  LEFT JOIN corpus_speakers cs ON cs.id = s.corpus_speaker_id), "
        "counted AS (SELECT outlet, who, any_value(name) AS name, count(*) AS n FROM named GROUP BY outlet, who "
        f"  UNION ALL SELECT '{ALL_OUTLETS}', who, any_value(name), count(*) FROM named GROUP BY who), "
        "ranked AS (SELECT *, row_number() OVER (PARTITION BY outlet ORDER BY n DESC, name, who) AS r FROM counted) "
        "SELECT outlet, string_agg(name || ' (' || n || ')', ', ' ORDER BY r) FROM ranked WHERE r <= ? GROUP BY outlet"
    )
    return dict(run(store, sql, params + [top]).rows)


def _scanned(store: Store, filters: Filters, top: int) -> tuple[dict[str, dict], dict[str, str]]:
    """Counts per outlet and top speakers from the quotes, articles and speakers themselves."""
    where, params = where_sql(filters.clauses(store))
    articles_sql = f"SELECT a.id, COALESCE({store.outlet_sql('a')}, '{UNKNOWN_OUTLET}') AS outlet FROM articles a{where}"
    per_outlet: dict[str, dict] = {}
    for count in COUNTS:
        for row in count(store, articles_sql, params).dicts():
            per_outlet.setdefault(row.pop("outlet"), {}).update(row)
    return per_outlet, _top_speakers(store, articles_sql, params, top)


def _counted(store: Store, filters: Filters, top: int) -> tuple[dict[str, dict], dict[str, str]]:
    """The same from the counts kept at ingest (``onrecord.store.counted``)."""
    per_outlet: dict[str, dict] = {}
    for count in counted.COUNTS:
        for row in count(store, filters).dicts():
            per_outlet.setdefault(row.pop("outlet"), {}).update(row)
    return per_outlet, counted.top_speakers(store, filters, top, ALL_OUTLETS)


def report(store: Store, top_speakers: int = 3, min_articles: int = DEFAULT_MIN_ARTICLES,
           filters: Filters | None = None, use_counts: bool | None = None, **given) -> Report:
    """Per outlet with at least ``min_articles`` articles, then all outlets: counts, shares, intervals.

    Only the article filters apply (``outlet``, ``since``, ``until``): a share
    is a fraction of an outlet's quotes or articles, so it has to count them all.
    The figures come from the counts kept at ingest when they cover the corpus,
    else from the quotes themselves (``use_counts=False`` forces that: the same answer, slower).
    """
    filters = (filters or Filters.of(**given)).article_only()
    per_outlet, tops = (_counted(store, filters, top_speakers) if use_counts is not False
                        and counted.answers(store, filters) else _scanned(store, filters, top_speakers))
    totals = _sum_counts(per_outlet.values())
    shown, hidden = [], []
    for outlet, counts in sorted(per_outlet.items(), key=lambda kv: (-kv[1]["articles"], kv[0])):
        (shown if counts["articles"] >= min_articles else hidden).append(outlet)
    rows = [{"outlet": o, **per_outlet[o]} for o in shown]
    if per_outlet:
        rows.append({"outlet": ALL_OUTLETS, **totals})
    rows = [_figures(r) | {"top_speakers": tops.get(r["outlet"], "")} for r in rows]
    columns = list(rows[0]) if rows else ["outlet", "articles", "quotes"]
    return Report(Result(columns, [tuple(r[c] for c in columns) for r in rows]), SECTIONS, min_articles, hidden)


def _sum_counts(rows) -> dict:
    """Counts summed over outlets (each article has one outlet); a count null everywhere stays null.
    Counts by kind (``declined 3, no-response 2``) are summed kind by kind."""
    total: dict = {}
    by_kind: dict[str, dict[str, int]] = {}
    for row in rows:
        for column, value in row.items():
            if isinstance(value, str):
                kinds = by_kind.setdefault(column, {})
                for part in filter(None, value.split(", ")):
                    kind, n = part.rsplit(" ", 1)
                    kinds[kind] = kinds.get(kind, 0) + int(n)
            elif value is not None:
                total[column] = total.get(column, 0) + value
            else:
                total.setdefault(column, None)
    for column, kinds in by_kind.items():
        total[column] = ", ".join(f"{k} {n}" for k, n in sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0])))
    return total


def _count(row: dict, column: str) -> str:
    return "" if row.get(column) is None else str(row[column])


def _mean(row: dict, column: str) -> str:
    return "" if row.get(column) is None else f"{row[column]:.2f}"


def share_cell(row: dict, name: str) -> str:
    """``12.4 (9.0-16.8)``: the share and its 95% interval in percent; empty when it cannot be told."""
    if row.get(name) is None:
        return ""
    return f"{100 * row[name]:.1f} ({100 * row[name + '_low']:.1f}-{100 * row[name + '_high']:.1f})"


SECTIONS = [
    Section("Per article (n = articles; share of articles quoting at least one anonymous speaker, "
            "% with 95% interval)", [
        ("outlet", lambda r: r["outlet"]),
        ("articles", lambda r: _count(r, "articles")),
        ("quotes/article", lambda r: _mean(r, "quotes_per_article")),
        ("caveats/article", lambda r: _mean(r, "caveats_per_article")),
        ("with anonymous", lambda r: _count(r, "anonymous_articles")),
        ("% with anonymous", lambda r: share_cell(r, "anonymous_article_share")),
        ("% with unnamed person", lambda r: share_cell(r, "unnamed_article_share")),
        ("non-responses", lambda r: _count(r, "non_responses")),
    ]),
    Section("Per quote (n = quotes; share by the speaker's identity, % with 95% interval; "
            "unknown includes quotes with no resolved speaker)", [
        ("outlet", lambda r: r["outlet"]),
        ("quotes", lambda r: _count(r, "quotes")),
        *[(k, (lambda key: lambda r: share_cell(r, f"{column(key)}_share"))(k)) for k in IDENTITIES],
        ("unnamed persons", lambda r: share_cell(r, "unnamed_share")),
    ]),
    Section("Unnamed sources and non-responses (speakers whose anonymity the outlet explains, by the "
            "reason's category; sources who declined, did not respond or could not be reached, by kind)", [
        ("outlet", lambda r: r["outlet"]),
        ("reasons given", lambda r: _count(r, "anonymity_reasons")),
        ("by category", lambda r: r.get("anonymity_reasons_by_category") or ""),
        ("non-responses", lambda r: _count(r, "non_responses")),
        ("by kind", lambda r: r.get("non_responses_by_kind") or ""),
    ]),
    Section("Most quoted speakers (quotes)", [
        ("outlet", lambda r: r["outlet"]),
        ("top speakers", lambda r: r.get("top_speakers") or ""),
    ]),
]
