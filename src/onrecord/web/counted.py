"""The corpus page's figures read from the counts kept at ingest (``onrecord.store.aggregates``).

``data.corpus_stats`` scans every quote with its article and speaker for each
figure: at 100,000 articles a corpus page took seconds, at a million it was
what pushed the server to 20 GB. ``counted_stats`` returns the same dict from
tables of per outlet and day counts; ``data.corpus_stats`` uses it whenever the
counts cover the corpus (the tests compare both answers on the same corpus).
The page's filters are an outlet (whole name) and dates of at most 10
characters, all exact on the counts' ``outlet`` and ``day``.
"""

from __future__ import annotations

from typing import Any

from onrecord.store import Store
from onrecord.store.aggregates import ARTICLE_COUNTS, KIND_COUNTS, QUOTE_COUNTS, SPEAKER_COUNTS
from onrecord.store.counted import corpus_speaker_rows, top_counted
from onrecord.store.report import ALL_OUTLETS, column, _sum_counts
from onrecord.web.bins import DatedArticle, time_bins

UNKNOWN = "(unknown)"


def conditions(filters, alias: str = "") -> tuple[str, list]:
    """``data.Filters`` (outlet, since, until) as SQL on a count table's ``outlet`` and ``day``."""
    return filters.where_on(f"{alias}outlet", f"{alias}day")


def _rows(store: Store, sql: str, params: list) -> list[dict]:
    cursor = store.con.execute(sql, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def _by_outlet(store: Store, where: str, params: list, identities: tuple[str, ...]) -> list[dict]:
    counts = ", ".join(f"COALESCE(sum(quotes) FILTER (WHERE identity = '{k}'), 0)::BIGINT AS {column(k)}"
                       for k in identities)
    return _rows(store, f"SELECT COALESCE(outlet, '{UNKNOWN}') AS outlet, sum(quotes)::BIGINT AS quotes, {counts} "
                        f"FROM {QUOTE_COUNTS} WHERE {where} GROUP BY 1 ORDER BY quotes DESC, outlet", params)


def _by_month(store: Store, where: str, params: list) -> list[dict]:
    rows = _rows(store, (
        "SELECT substr(day, 1, 7) AS month, sum(quotes)::BIGINT AS quotes, "
        "COALESCE(sum(quotes) FILTER (WHERE identity = 'anonymous'), 0)::BIGINT AS anonymous, "
        "COALESCE(sum(quotes) FILTER (WHERE identity = 'pseudonym'), 0)::BIGINT AS pseudonym, "
        "COALESCE(sum(person_quotes) FILTER (WHERE identity IN ('anonymous', 'pseudonym')), 0)::BIGINT AS unnamed "
        f"FROM {QUOTE_COUNTS} WHERE {where} AND day IS NOT NULL AND length(day) >= 7 GROUP BY 1 ORDER BY 1"), params)
    for row in rows:
        row["anonymous_share"] = round(row["anonymous"] / row["quotes"], 3) if row["quotes"] else 0.0
        row["unnamed_share"] = round(row["unnamed"] / row["quotes"], 3) if row["quotes"] else 0.0
    return rows


def _sourcing(store: Store, where: str, params: list) -> dict[str, dict]:
    """``report.sourcing_counts`` from the kind counts: per outlet kept, reasons by category, non-responses by kind."""
    outlets = [r["outlet"] for r in _rows(store, f"SELECT DISTINCT COALESCE(outlet, '{UNKNOWN}') AS outlet "
                                                 f"FROM {ARTICLE_COUNTS} WHERE {where}", params)]
    per_outlet: dict[str, dict] = {}
    for what, by, present in (("anonymity_reasons", "category", store.has_column("speakers",
                                                                                    "anonymity_reason_category")),
                              ("non_responses", "kind", store.has_table("non_responses"))):
        if not present:
            continue
        found = {r["outlet"]: r for r in _rows(store, (
            "SELECT outlet, sum(n)::BIGINT AS n, string_agg(kind || ' ' || n, ', ' ORDER BY n DESC, kind) AS kinds "
            f"FROM (SELECT COALESCE(outlet, '{UNKNOWN}') AS outlet, kind, sum(n) AS n FROM {KIND_COUNTS} "
            f"WHERE {where} AND what = ? GROUP BY 1, 2) GROUP BY outlet"), params + [what])}
        for outlet in outlets:
            row = found.get(outlet, {})
            per_outlet.setdefault(outlet, {}).update({what: row.get("n", 0), f"{what}_by_{by}": row.get("kinds") or ""})
    if per_outlet:
        per_outlet[ALL_OUTLETS] = _sum_counts(per_outlet.values())
    return per_outlet


def _dated(store: Store, where: str, params: list) -> list[DatedArticle]:
    """The dated articles per day, each row standing for ``articles`` of them (the time chart's input)."""
    rows = _rows(store, (
        "WITH ac AS (SELECT day, sum(articles)::BIGINT AS articles FROM " + ARTICLE_COUNTS
        + f" WHERE {where} AND day IS NOT NULL GROUP BY day), "
        "qc AS (SELECT day, sum(quotes)::BIGINT AS quotes, "
        "COALESCE(sum(quotes) FILTER (WHERE identity = 'anonymous'), 0)::BIGINT AS anonymous, "
        "COALESCE(sum(person_quotes) FILTER (WHERE identity IN ('anonymous', 'pseudonym')), 0)::BIGINT AS unnamed "
        f"FROM {QUOTE_COUNTS} WHERE {where} AND day IS NOT NULL GROUP BY day) "
        "SELECT ac.day, ac.articles, COALESCE(qc.quotes, 0) AS quotes, COALESCE(qc.anonymous, 0) AS anonymous, "
        "COALESCE(qc.unnamed, 0) AS unnamed FROM ac LEFT JOIN qc ON qc.day = ac.day"), params * 2)
    return [DatedArticle(r["day"], r["quotes"], r["anonymous"], r["unnamed"], r["articles"]) for r in rows]


def _top_speakers(store: Store, filters, top: int) -> list[dict]:
    """The ``top`` most quoted corpus speakers under the filters (``onrecord.store.counted.top_counted``: the
    most quoted in all first; grouping every speaker count row took up to 1.2 s a page at a million articles)."""
    where, params = conditions(filters, "c.")
    counted = top_counted(store, where, params, top)
    people = corpus_speaker_rows(store, [r["id"] for r in counted])
    rows = [{"id": r["id"], "name": people[r["id"]]["name"], "identity": people[r["id"]]["identity"],
             "quotes": r["quotes"], "articles": r["articles"]} for r in counted if r["id"] in people]
    rows.sort(key=lambda row: (-row["quotes"], row["name"] is None, row["name"] or ""))
    return rows[:max(top, 0)]


def counted_stats(store: Store, filters, top: int, identities: tuple[str, ...], is_iso_date) -> dict[str, Any]:
    """``data.corpus_stats``' answer from the counts."""
    where, params = conditions(filters)
    by_outlet = _by_outlet(store, where, params, identities)
    undated = _rows(store, f"SELECT COALESCE(sum(quotes), 0)::BIGINT AS n FROM {QUOTE_COUNTS} WHERE {where} "
                           "AND (day IS NULL OR length(day) < 7)", params)[0]["n"]
    top_speakers = _top_speakers(store, filters, int(top))
    articles = {r["outlet"]: r["articles"] for r in _rows(
        store, f"SELECT COALESCE(outlet, '{UNKNOWN}') AS outlet, sum(articles)::BIGINT AS articles "
               f"FROM {ARTICLE_COUNTS} WHERE {where} GROUP BY 1", params)}
    totals = {"articles": sum(articles.values()), "quotes": sum(r["quotes"] for r in by_outlet)}
    dated = [d for d in _dated(store, where, params) if is_iso_date(d.published)]
    return {"totals": totals, "quotes_by_outlet": by_outlet, "anonymous_by_month": _by_month(store, where, params),
            "undated_quotes": undated, "top_speakers": top_speakers, "articles_by_outlet": articles,
            "sourcing": _sourcing(store, where, params), "time": time_bins(dated)}
