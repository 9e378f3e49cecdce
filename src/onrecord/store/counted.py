"""The report's and ``speakers --top``'s figures read from the counts kept at ingest (``onrecord.store.aggregates``).

Each function here returns what its scanning twin in ``onrecord.store.report``
or ``onrecord.store.queries`` returns, column for column, from tables of
thousands of rows instead of every quote; the tests compare the two on the
same corpus. They answer only when the counts cover the corpus and the filters
are exact on them (``count_filters``); otherwise the callers scan as before.
"""

from __future__ import annotations

from onrecord.store.aggregates import (ARTICLE_COUNTS, KIND_COUNTS, QUOTE_COUNTS, SPEAKER_COUNTS, SPEAKER_TOTALS,
                                        are_current)
from onrecord.store.db import Store
from onrecord.store.filters import Filters, like_literal
from onrecord.store.queries import IDENTITIES, Result, run

UNKNOWN_OUTLET = "(unknown)"
DAY_LENGTH = 10
"""``day`` is ``published``'s first 10 characters: a date filter up to that long is exact on it."""


def count_filters(filters: Filters, alias: str = "") -> tuple[list[str], list] | None:
    """The article filters as conditions on a count table's ``outlet`` and ``day``; ``None`` when not exact.

    ``--since D`` is ``published >= D``, which equals ``day >= D`` whenever D
    has at most 10 characters (a longer ``published`` shares its first 10);
    ``--until`` compares a prefix of the same length, so the same holds.
    """
    if filters.speaker or filters.identity or filters.search or filters.keys:
        return None
    where, params = [], []
    if filters.outlet:
        where.append(f"{alias}outlet ILIKE ? ESCAPE '\\'")
        params.append(f"%{like_literal(filters.outlet)}%")
    if filters.since:
        if len(filters.since) > DAY_LENGTH:
            return None
        where.append(f"{alias}day >= ?")
        params.append(filters.since)
    if filters.until:
        if len(filters.until) > DAY_LENGTH:
            return None
        where.append(f"substr({alias}day, 1, ?) <= ?")
        params += [len(filters.until), filters.until]
    return where, params


def answers(store: Store, filters: Filters) -> bool:
    """Whether the counts may answer for ``filters`` on this corpus (exact filters, counts that cover it)."""
    return count_filters(filters) is not None and are_current(store)


def _conditions(filters: Filters, alias: str = "") -> tuple[list[str], list]:
    found = count_filters(filters, alias)
    if found is None:
        raise ValueError(f"the counts cannot answer for {filters}: check answers() first")
    return found


def _where(conditions: list[str], extra: str = "") -> str:
    every = conditions + ([extra] if extra else [])
    return f" WHERE {' AND '.join(every)}" if every else ""


def _outlet(alias: str = "") -> str:
    return f"COALESCE({alias}outlet, '{UNKNOWN_OUTLET}')"


def quote_counts(store: Store, filters: Filters) -> Result:
    """``report._quote_counts`` from the counts: per outlet, articles, quotes by identity, unnamed quotes, and
    the articles quoting an anonymous speaker or an unnamed person."""
    by_identity = ", ".join(f"COALESCE(sum(quotes) FILTER (WHERE identity = '{k}'), 0)::BIGINT AS "
                            f"{k.replace('-', '_')}_quotes" for k in IDENTITIES)
    conditions, params = _conditions(filters)
    where = _where(conditions)
    sql = (
        f"WITH ac AS (SELECT {_outlet()} AS outlet, sum(articles)::BIGINT AS articles, "
        "sum(anonymous_articles)::BIGINT AS anonymous_articles, sum(unnamed_articles)::BIGINT AS unnamed_articles "
        f"FROM {ARTICLE_COUNTS}{where} GROUP BY 1), "
        f"qc AS (SELECT {_outlet()} AS outlet, sum(quotes)::BIGINT AS quotes, {by_identity}, "
        "COALESCE(sum(person_quotes) FILTER (WHERE identity IN ('anonymous', 'pseudonym')), 0)::BIGINT "
        f"AS unnamed_quotes FROM {QUOTE_COUNTS}{where} GROUP BY 1) "
        "SELECT ac.outlet, ac.articles, COALESCE(qc.quotes, 0) AS quotes, "
        + ", ".join(f"COALESCE(qc.{k.replace('-', '_')}_quotes, 0) AS {k.replace('-', '_')}_quotes"
                    for k in IDENTITIES)
        + ", COALESCE(qc.unnamed_quotes, 0) AS unnamed_quotes, ac.anonymous_articles, ac.unnamed_articles "
        "FROM ac LEFT JOIN qc ON qc.outlet = ac.outlet"
    )
    return run(store, sql, params * 2)


def caveat_counts(store: Store, filters: Filters) -> Result:
    """``report._caveat_counts`` from the counts."""
    if not store.has_table("caveats"):
        return Result(["outlet", "caveats"], [])
    conditions, params = _conditions(filters)
    return run(store, f"SELECT {_outlet()} AS outlet, sum(caveats)::BIGINT AS caveats FROM {ARTICLE_COUNTS}"
                      f"{_where(conditions)} GROUP BY 1", params)


def kind_counts(store: Store, filters: Filters, what: str, by: str) -> Result:
    """``report._by_kind`` from the counts: per outlet kept, the ``what`` rows in all and by kind."""
    conditions, params = _conditions(filters)
    sql = (
        f"WITH ar AS (SELECT DISTINCT {_outlet()} AS outlet FROM {ARTICLE_COUNTS}{_where(conditions)}), "
        f"k AS (SELECT {_outlet()} AS outlet, kind, sum(n) AS n FROM {KIND_COUNTS}"
        f"{_where(conditions, 'what = ?')} GROUP BY 1, 2) "
        f"SELECT ar.outlet, COALESCE(any_value(t.n), 0)::BIGINT AS {what}, "
        f"COALESCE(any_value(t.kinds), '') AS {what}_by_{by} FROM ar "
        "LEFT JOIN (SELECT outlet, sum(n) AS n, string_agg(kind || ' ' || n, ', ' ORDER BY n DESC, kind) AS kinds "
        "FROM k GROUP BY outlet) t ON t.outlet = ar.outlet GROUP BY ar.outlet"
    )
    return run(store, sql, params + params + [what])


def non_response_counts(store: Store, filters: Filters) -> Result:
    if not store.has_table("non_responses"):
        return Result(["outlet", "non_responses"], [])
    return kind_counts(store, filters, "non_responses", "kind")


def reason_counts(store: Store, filters: Filters) -> Result:
    if not store.has_column("speakers", "anonymity_reason_category"):
        return Result(["outlet", "anonymity_reasons"], [])
    return kind_counts(store, filters, "anonymity_reasons", "category")


COUNTS = [quote_counts, caveat_counts, non_response_counts, reason_counts]
"""In the order of ``report.COUNTS``, so the report's columns come in the same order."""


def top_speakers(store: Store, filters: Filters, top: int, all_outlets: str) -> dict[str, str]:
    """``report._top_speakers`` from the speaker counts: ``Name (quotes), ...`` per outlet and for all."""
    if top <= 0:
        return {}
    conditions, params = _conditions(filters, "c.")
    # Counted by id first; only the speakers at or above each outlet's top-th count get their names and a rank.
    sql = (
        f"WITH c AS (SELECT {_outlet('c.')} AS outlet, c.corpus_speaker_id AS who, c.quotes "
        f"  FROM {SPEAKER_COUNTS} c{_where(conditions)}), "
        "counted AS (SELECT outlet, who, sum(quotes) AS n FROM c GROUP BY outlet, who "
        f"  UNION ALL SELECT '{all_outlets}', who, sum(quotes) FROM c GROUP BY who), "
        "cut AS (SELECT outlet, list_min(max(n, ?)) AS least FROM counted GROUP BY outlet), "
        "named AS (SELECT k.outlet, k.who, k.n, cs.name FROM counted k JOIN cut ON cut.outlet = k.outlet "
        "  JOIN corpus_speakers cs ON cs.id = k.who WHERE k.n >= cut.least), "
        "ranked AS (SELECT *, row_number() OVER (PARTITION BY outlet ORDER BY n DESC, name, who) AS r FROM named) "
        "SELECT outlet, string_agg(name || ' (' || n || ')', ', ' ORDER BY r) FROM ranked WHERE r <= ? GROUP BY outlet"
    )
    return dict(run(store, sql, params + [top, top]).rows)


FIRST_CANDIDATES = 100
CANDIDATES_PER_TOP = 4
"""How many of the most quoted corpus speakers in all are read first: ``FIRST_CANDIDATES``, or
``CANDIDATES_PER_TOP`` times the top asked when that is more."""
_CHUNK = 1000


def _total_at(store: Store, rank: int) -> int | None:
    """The quotes in all of the ``rank``-th most quoted corpus speaker; ``None`` when there are fewer."""
    found = store.con.execute(f"SELECT quotes FROM {SPEAKER_TOTALS} ORDER BY quotes DESC LIMIT 1 OFFSET ?",
                              [rank - 1]).fetchall()
    return found[0][0] if found else None


def top_counted(store: Store, where: str, params: list, top: int) -> list[dict]:
    """``id``, ``quotes``, ``articles``, ``outlets`` of the corpus speakers with at least as many quotes as the
    ``top``-th (ties included) among the speaker count rows ``where`` keeps (a condition on ``c.``), most first.

    Grouping every speaker count row per call took 0.9-2.2 s at a million
    articles (4.8 million rows). A speaker's quotes under any outlet or date
    filter are at most its quotes in all (``corpus_speaker_totals``), so the rows
    of the speakers with at least ``bound`` quotes in all are read first: when the
    ``top``-th speaker among them has at least ``bound`` quotes, no speaker left
    out (fewer than ``bound`` in all) could rank as high. Otherwise eight times
    as many are read, down to every speaker. The outlets are counted for the
    speakers kept only.
    """
    rank = max(FIRST_CANDIDATES, CANDIDATES_PER_TOP * top)
    while True:
        bound = _total_at(store, rank)
        rows = _counted_at_least(store, where, params, top, bound)
        if bound is None or top <= 0 or (len(rows) >= top and rows[top - 1]["quotes"] >= bound):
            return rows
        rank *= 8


def _counted_at_least(store: Store, where: str, params: list, top: int, bound: int | None) -> list[dict]:
    among = (f" AND c.corpus_speaker_id IN (SELECT corpus_speaker_id FROM {SPEAKER_TOTALS} WHERE quotes >= ?)"
             if bound is not None else "")
    sql = (
        "WITH c AS MATERIALIZED (SELECT c.corpus_speaker_id AS id, c.outlet, c.quotes, c.articles "
        f"FROM {SPEAKER_COUNTS} c WHERE {where or 'true'}{among}), "
        "counted AS (SELECT id, sum(quotes)::BIGINT AS quotes, sum(articles)::BIGINT AS articles FROM c GROUP BY id), "
        "cut AS (SELECT list_min(max(quotes, ?)) AS least FROM counted), "
        "kept AS (SELECT counted.* FROM counted JOIN cut ON counted.quotes >= cut.least), "
        "outlets AS (SELECT id, count(DISTINCT outlet) AS outlets FROM c WHERE id IN (SELECT id FROM kept) GROUP BY id) "
        "SELECT kept.id, kept.quotes, kept.articles, outlets.outlets FROM kept JOIN outlets ON outlets.id = kept.id "
        "ORDER BY kept.quotes DESC"
    )
    cursor = store.con.execute(sql, params + ([bound] if bound is not None else []) + [max(top, 1)])
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()] if top > 0 else []


def corpus_speaker_rows(store: Store, ids: list[str]) -> dict[str, dict]:
    """Name, kind, identity and other names (``also_named``) of the corpus speakers ``ids``, looked up by the
    primary key's index (``id IN (...)``): a join read all 3 million rows at a million articles."""
    found = {}
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start:start + _CHUNK]
        cursor = store.con.execute(
            "SELECT id, name, kind, identity, array_to_string(list_filter(from_json(names, '[\"VARCHAR\"]'), "
            f"lambda x: x <> name), '; ') AS also_named FROM corpus_speakers WHERE id IN ({', '.join('?' * len(chunk))})",
            chunk)
        names = [d[0] for d in cursor.description]
        found.update({row[0]: dict(zip(names, row)) for row in cursor.fetchall()})
    return found


def speakers(store: Store, top: int, filters: Filters) -> Result:
    """``queries.speakers`` from the speaker counts (no speaker, identity or search filter): the most quoted in
    all read first (``top_counted``), their names looked up for the few kept."""
    conditions, params = _conditions(filters, "c.")
    counted = top_counted(store, " AND ".join(conditions), params, top)
    people = corpus_speaker_rows(store, [r["id"] for r in counted])
    rows = []
    for r in counted:
        cs = people.get(r["id"])
        if cs is not None:
            rows.append((cs["name"], cs["kind"], cs["identity"], r["quotes"], r["articles"], r["outlets"],
                         cs["also_named"], r["id"]))
    rows.sort(key=lambda row: (-row[3], -row[4], row[0] is None, row[0] or ""))
    columns = ["speaker", "kind", "identity", "quotes", "articles", "outlets", "also_named", "corpus_speaker_id"]
    return Result(columns, rows[:max(top, 0)])
