"""The questions the CLI asks of a corpus: quotes, speakers, the per-outlet report, exports.

Each query returns a ``Result`` (column names and rows); ``render`` prints one
as a table, JSON or CSV. The SQL only uses the public schema of docs/corpus.md.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import get_args

import duckdb

from onrecord.records import Identity
from onrecord.store.db import Store
from onrecord.store.errors import StoreError, UnknownField, from_duckdb, from_os_error

IDENTITIES: tuple[str, ...] = get_args(Identity)  # the record model's one list, in its order


@dataclass
class Result:
    columns: list[str]
    rows: list[tuple]

    def dicts(self) -> list[dict]:
        return [dict(zip(self.columns, row)) for row in self.rows]


def quotes(
    store: Store,
    speaker: str | None = None,
    outlet: str | None = None,
    since: str | None = None,
    until: str | None = None,
    identity: str | None = None,
    search: str | None = None,
    limit: int | None = None,
) -> Result:
    """Quotes with their speaker and article, filtered; all filters are ANDed.

    ``speaker`` matches the corpus speaker's name or any name it was merged
    from, case-insensitively, as a substring; ``since``/``until`` compare the
    ISO date ``published`` (inclusive); ``search`` is a case-insensitive
    substring of the quoted content.
    """
    outlet_sql = store.outlet_sql("a")
    identity_sql = "s.identity" if store.has_column("speakers", "identity") else "NULL"
    where, params = [], []
    if speaker:
        where.append("(cs.name ILIKE ? ESCAPE '\\' OR CAST(cs.names AS VARCHAR) ILIKE ? ESCAPE '\\' "
                     "OR s.name ILIKE ? ESCAPE '\\')")
        params += [f"%{_literal(speaker)}%"] * 3
    if outlet:
        where.append(f"lower({outlet_sql}) = lower(?)")
        params.append(outlet)
    if since:
        where.append("a.published >= ?")
        params.append(since)
    if until:
        where.append("substr(a.published, 1, ?) <= ?")
        params += [len(until), until]
    if identity:
        if identity_sql == "NULL":
            raise UnknownField("--identity", "the records have no speaker identity yet")
        where.append(f"COALESCE({identity_sql}, 'unknown') = ?")
        params.append(identity)
    if search:
        where.append("q.content_text ILIKE ? ESCAPE '\\'")
        params.append(f"%{_literal(search)}%")
    sql = (
        f"SELECT q.article_id, q.id AS quote_id, COALESCE(cs.name, s.name) AS speaker, {identity_sql} AS identity, "
        f"{outlet_sql} AS outlet, a.published, q.type, q.cue_text AS cue, q.content_text AS content "
        "FROM quotes q JOIN articles a ON a.id = q.article_id "
        "LEFT JOIN speakers s ON s.article_id = q.article_id AND s.id = q.speaker_id "
        "LEFT JOIN corpus_speakers cs ON cs.id = s.corpus_speaker_id"
    )
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY a.published NULLS LAST, q.article_id, TRY_CAST(substr(q.id, 2) AS INTEGER), q.id"
    if limit:
        sql += f" LIMIT {int(limit)}"
    return _run(store, sql, params)


def speakers(store: Store, top: int = 20) -> Result:
    """Corpus speakers by number of quotes: quotes, articles, outlets, identity."""
    outlet_sql = store.outlet_sql("a")
    sql = (
        "SELECT cs.name AS speaker, cs.kind, cs.identity, count(q.id) AS quotes, "
        "count(DISTINCT s.article_id) AS articles, "
        f"count(DISTINCT {outlet_sql}) AS outlets, cs.id AS corpus_speaker_id "
        "FROM corpus_speakers cs JOIN speakers s ON s.corpus_speaker_id = cs.id "
        "JOIN articles a ON a.id = s.article_id "
        "LEFT JOIN quotes q ON q.article_id = s.article_id AND q.speaker_id = s.id "
        "GROUP BY cs.id, cs.name, cs.kind, cs.identity "
        "ORDER BY quotes DESC, articles DESC, speaker LIMIT ?"
    )
    return _run(store, sql, [top])


def report(store: Store, top_speakers: int = 3) -> Result:
    """Per outlet: articles, quotes per article, identity shares of quotes, caveats per article,
    non-responses (refusals and silences, by kind), top speakers.

    A share is the fraction of the outlet's quotes whose speaker has that
    identity; quotes without a resolved speaker count as ``unknown``. The
    unnamed share counts anonymous and pseudonymous persons only. Shares,
    caveats and non-responses are empty (null) while the records do not carry them.
    """
    outlet_sql = store.outlet_sql("a")
    has_identity = store.has_column("speakers", "identity")
    has_caveats = store.has_table("caveats")
    identity_sql = "COALESCE(s.identity, 'unknown')" if has_identity else "NULL"
    shares = ", ".join(
        (f"round(avg(CASE WHEN q.id IS NULL THEN NULL WHEN {identity_sql} = '{k}' THEN 1.0 ELSE 0.0 END), 3)"
         if has_identity else "NULL")
        + f" AS {k}_share"
        for k in ("named", "pseudonym", "anonymous")
    )
    # The unnamed share: anonymous and pseudonymous persons only (groups, documents and
    # organisations have no name to withhold), as in the article summary.
    unnamed = (
        "round(avg(CASE WHEN q.id IS NULL THEN NULL WHEN s.kind = 'person' AND "
        f"{identity_sql} IN ('anonymous', 'pseudonym') THEN 1.0 ELSE 0.0 END), 3)" if has_identity else "NULL"
    )
    caveats_cte, caveats = _caveats_per_outlet_sql(outlet_sql, has_caveats)
    refusals_cte, refusals, refusal_kinds = _non_responses_per_outlet_sql(outlet_sql, store.has_table("non_responses"))
    sql = f"""
    WITH qa AS (
      SELECT COALESCE({outlet_sql}, '(unknown)') AS outlet, a.id AS article_id, q.id, {identity_sql} AS ident
      FROM articles a
      LEFT JOIN quotes q ON q.article_id = a.id
      LEFT JOIN speakers s ON s.article_id = q.article_id AND s.id = q.speaker_id
    ),
    o AS (
      SELECT outlet, count(DISTINCT article_id) AS articles, count(id) AS quotes FROM qa GROUP BY outlet
    ),
    shares AS (
      SELECT COALESCE({outlet_sql}, '(unknown)') AS outlet, {shares}, {unnamed} AS unnamed_share
      FROM articles a
      LEFT JOIN quotes q ON q.article_id = a.id
      LEFT JOIN speakers s ON s.article_id = q.article_id AND s.id = q.speaker_id
      GROUP BY 1
    ),
    ranked AS (
      SELECT COALESCE({outlet_sql}, '(unknown)') AS outlet, COALESCE(cs.name, s.name) AS name, count(*) AS n,
             row_number() OVER (PARTITION BY COALESCE({outlet_sql}, '(unknown)')
                                ORDER BY count(*) DESC, COALESCE(cs.name, s.name)) AS r
      FROM quotes q JOIN articles a ON a.id = q.article_id
      JOIN speakers s ON s.article_id = q.article_id AND s.id = q.speaker_id
      LEFT JOIN corpus_speakers cs ON cs.id = s.corpus_speaker_id
      GROUP BY 1, 2
    ),
    cv AS ({caveats_cte}),
    nr AS ({refusals_cte}),
    top AS (
      SELECT outlet, string_agg(name || ' (' || n || ')', ', ' ORDER BY r) AS top_speakers
      FROM ranked WHERE r <= {int(top_speakers)} GROUP BY outlet
    )
    SELECT o.outlet, o.articles, o.quotes, round(o.quotes / o.articles, 2) AS quotes_per_article,
           sh.named_share, sh.pseudonym_share, sh.anonymous_share, sh.unnamed_share,
           round({caveats} / o.articles, 2) AS caveats_per_article,
           {refusals} AS non_responses, {refusal_kinds} AS non_responses_by_kind,
           COALESCE(t.top_speakers, '') AS top_speakers
    FROM o JOIN shares sh USING (outlet) LEFT JOIN top t USING (outlet) LEFT JOIN cv USING (outlet)
    LEFT JOIN nr USING (outlet)
    ORDER BY o.articles DESC, o.outlet
    """
    return _run(store, sql, [])


def _non_responses_per_outlet_sql(outlet_sql: str, has_table: bool) -> tuple[str, str, str]:
    """The report's non-responses per outlet (a CTE), and the columns reading it: the count and
    the count by kind ("declined 3, no-response 2"). Null for a corpus written before they were
    recorded, as for caveats."""
    if not has_table:
        return "SELECT NULL::VARCHAR AS outlet, NULL::BIGINT AS n, NULL::VARCHAR AS kinds WHERE false", "NULL", "NULL"
    cte = (
        "SELECT outlet, sum(k) AS n, string_agg(kind || ' ' || k, ', ' ORDER BY k DESC, kind) AS kinds FROM ("
        f"SELECT COALESCE({outlet_sql}, '(unknown)') AS outlet, r.kind, count(*) AS k "
        "FROM non_responses r JOIN articles a ON a.id = r.article_id GROUP BY 1, 2) GROUP BY outlet"
    )
    return cte, "COALESCE(nr.n, 0)", "COALESCE(nr.kinds, '')"


def _caveats_per_outlet_sql(outlet_sql: str, has_caveats: bool) -> tuple[str, str]:
    """The report's caveat count per outlet (a CTE) and the column that reads it.

    A corpus written before caveats were recorded has no ``caveats`` table: the CTE is then
    empty and the column null, so the report says "not recorded" rather than zero.
    """
    if not has_caveats:
        return "SELECT NULL::VARCHAR AS outlet, NULL::BIGINT AS n WHERE false", "NULL"
    cte = (f"SELECT COALESCE({outlet_sql}, '(unknown)') AS outlet, count(*) AS n "
           "FROM caveats c JOIN articles a ON a.id = c.article_id GROUP BY 1")
    return cte, "COALESCE(cv.n, 0)"


EXPORT_FORMATS = {"parquet": "(FORMAT parquet)", "csv": "(FORMAT csv, HEADER true)", "jsonl": "(FORMAT json)"}


def export(store: Store, out: str | Path, fmt: str) -> list[Path]:
    """Write every table to ``out/TABLE.EXT`` (``out`` is created); return the files written.

    A folder that cannot be created or written (read-only, no permission, disk
    full) raises ``NotWritable`` or ``DiskFull`` naming ``out``.
    """
    if fmt not in EXPORT_FORMATS:
        raise StoreError("--format", f"unknown export format {fmt!r}; use one of {', '.join(EXPORT_FORMATS)}")
    out = Path(out)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise from_os_error(str(out), exc, "cannot be created") from exc
    written = []
    with store.coded_errors("cannot be read"):
        tables = [r[0] for r in store.con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' ORDER BY table_name"
        ).fetchall()]
    for table in tables:
        path = out / f"{table}.{fmt}"
        target = str(path).replace("'", "''")
        try:
            store.con.execute(f"COPY (SELECT * FROM \"{table}\") TO '{target}' {EXPORT_FORMATS[fmt]}")
        except duckdb.Error as exc:
            raise from_duckdb(str(out), exc, f"{path.name} cannot be written") from exc
        written.append(path)
    return written


def _run(store: Store, sql: str, params: list) -> Result:
    with store.coded_errors("cannot be queried"):
        cursor = store.con.execute(sql, params)
        columns = [d[0] for d in cursor.description]
        return Result(columns, cursor.fetchall())


def render(result: Result, fmt: str = "table") -> str:
    """``table``: aligned columns; ``json``: an array of objects; ``csv``: with a header row."""
    if fmt == "json":
        return json.dumps(result.dicts(), ensure_ascii=False, indent=2, default=str)
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(result.columns)
        writer.writerows(result.rows)
        return buffer.getvalue().rstrip("\n")
    cells = [[_cell(v) for v in row] for row in result.rows]
    widths = [min(60, max([len(c)] + [len(r[i]) for r in cells])) for i, c in enumerate(result.columns)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(result.columns, widths)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    for row in cells:
        lines.append("  ".join(v[:w].ljust(w) for v, w in zip(row, widths)).rstrip())
    return "\n".join(lines)


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.3g}" if abs(value) < 1 else f"{value:.2f}"
    return " ".join(str(value).split())


def _literal(text: str) -> str:
    """``text`` for a LIKE pattern that matches it as written: ``%`` and ``_`` are not wildcards."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
