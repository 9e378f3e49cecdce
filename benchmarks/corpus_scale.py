"""The corpus at scale: synthetic corpora of 10k, 100k, 1M articles, their load and query costs.

Usage: ``python benchmarks/corpus_scale.py --sizes 10000,100000 --dir /tmp/scale [--json out.json]``

Why synthetic: analyzing a million articles takes days; the corpus's costs depend
on the shapes of the rows (quotes per article, text lengths, how speakers repeat
across articles), not on what the words say. The records are generated in
DuckDB SQL (``build_corpus``), with shapes taken from PolNeAR dev as analyzed
(median 18 quotes and 7 speakers per article, 3-4 mentions per speaker, article
text about 4,900 characters, quotes 70-160 characters by type): 200 outlets of
long-tailed size, ten years of dates, and speakers drawn from a long-tailed
(log-uniform) distribution over 200,000 people whose names share first names
and surnames, some quoted by surname alone or with a middle initial.

For each size it measures, on the database as built (speakers merged):

- loading 1,000 more articles through the ingest's own steps for analyzed
  records (``write_shard`` per shard of 256 as a record JSONL ingest does,
  skipping stored ids by the primary key, ``merge_speakers``, checkpoint;
  no upfront read of every stored id: ``onrecord.batch.ingest`` too looks
  them up per shard), the records
  rebuilt as ``Article``s, and ``write_shard``'s milliseconds per article;
- database bytes per article;
- median and p95 latency of ``quotes --speaker``, ``quotes --search``,
  ``quotes --outlet --since``, ``speakers --top 50``, ``report`` (each opening
  the file read-only as the CLI does) and of the web API's corpus stats,
  speaker and article calls (in process, through Starlette's TestClient);
- the peak resident memory of the query phase (a process of its own).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

import duckdb

from onrecord.batch.record_inputs import RECORD_SHARD_SIZE
from onrecord.store import Store, merge_speakers, shard_tables

OUTLETS = 200
PEOPLE = 200_000
FIRST_NAMES = 400
SURNAMES = 3_000
PARAGRAPHS = 4_000
YEARS = 10
REPEATS = 20
"""Calls per query kind (each with other arguments): p95 of 20 is the second slowest."""

_SYLLABLES = ["an", "bel", "cor", "da", "el", "fen", "gor", "hal", "ir", "jon", "kas", "lin", "mor", "nad",
              "ol", "pet", "quin", "ros", "sal", "tor", "ul", "ven", "wal", "yar", "zel", "bri", "cha", "dru"]
_WORDS = ["the", "minister", "said", "on", "a", "plan", "would", "cost", "more", "than", "officials", "had",
          "expected", "and", "that", "voters", "in", "region", "were", "told", "of", "new", "rules", "for",
          "council", "budget", "court", "ruling", "market", "prices", "rose", "after", "talks", "failed",
          "police", "report", "school", "health", "workers", "strike", "weather", "storm", "energy", "deal"]


def _pools(con: duckdb.DuckDBPyConnection) -> None:
    """Name parts, outlets and text paragraphs the rows draw from, as one-row lists (temporary table ``pool``).

    Made from hashes, not ``random()``, so that every corpus and every batch of
    1,000 more articles draws the same people and outlets.
    """
    n_syl, n_word = len(_SYLLABLES), len(_WORDS)

    def name(parts: tuple[int, ...]) -> str:
        joined = " || ".join(f"syl[1 + (hash(i, {k}) % {n_syl})::BIGINT]" for k in parts)
        return f"upper(({joined})[1]) || ({joined})[2:]"

    con.execute("CREATE OR REPLACE TEMP TABLE pool AS "
                "WITH s AS (SELECT ?::VARCHAR[] AS syl, ?::VARCHAR[] AS words) SELECT "
                f"(SELECT list({name((1, 2))} ORDER BY i) FROM range({FIRST_NAMES}) t(i), s) AS firsts, "
                f"(SELECT list({name((3, 4, 5))} ORDER BY i) FROM range({SURNAMES}) t(i), s) AS surnames, "
                f"(SELECT list('Outlet ' || {name((6, 7))} || ' ' || i ORDER BY i) FROM range({OUTLETS}) t(i), s) "
                "AS outlets, "
                f"(SELECT list(para ORDER BY p) FROM (SELECT p, string_agg(words[1 + (hash(p, k) % {n_word})::BIGINT], ' ') "
                f"|| '. ' AS para FROM range({PARAGRAPHS}) a(p), range(100) b(k), s GROUP BY p)) AS paragraphs",
                [_SYLLABLES, _WORDS])


def _stage_articles(con: duckdb.DuckDBPyConnection, first: int, count: int) -> None:
    """Temporary table ``gen``: one row per article with its outlet, date, text, and how many quotes and speakers.

    Outlets are long-tailed (a squared uniform index), dates uniform over ten years,
    text eight paragraphs of the pool; quotes and speakers per article exponential
    (means 20 and 7: PolNeAR dev has medians 18 and 7, 90th percentiles 38 and 19).
    """
    text = " || ".join(f"paragraphs[1 + (hash(g, {k}) % {PARAGRAPHS})::BIGINT]" for k in range(8))
    con.execute(
        "CREATE OR REPLACE TEMP TABLE gen AS SELECT g, substr(md5('article' || g), 1, 24) AS id, "
        f"outlets[1 + floor({OUTLETS} * pow(random(), 2))::INT] AS outlet, "
        f"strftime(DATE '2015-01-01' + (floor(random() * 365.25 * {YEARS}))::INT, '%Y-%m-%d') AS published, "
        f"{text} AS text, 1 + least(80, floor(-ln(1 - random()) * 20))::INT AS n_quotes, "
        "1 + least(40, floor(-ln(1 - random()) * 7))::INT AS n_speakers "
        f"FROM range({first}, {first + count}) t(g), pool"
    )


_ANONYMOUS = ["officials", "a senior official", "a spokesperson", "one resident", "analysts",
              "people familiar with the matter", "a person close to the talks", "diplomats"]


def _stage_speakers(con: duckdb.DuckDBPyConnection) -> None:
    """Temporary table ``gen_speakers``: who speaks in each article.

    A person is drawn log-uniformly from ``PEOPLE`` (a few quoted everywhere, most
    once); their first name and surname come from hashes of their number, so
    surnames are shared and some full names too. One mention in ten is the
    surname alone, one in ten adds the person's middle initial.
    """
    con.execute(
        "CREATE OR REPLACE TEMP TABLE gen_speakers AS "
        "WITH drawn AS (SELECT gen.id AS article_id, gen.text, k, random() AS r, random() AS r2, "
        f"  floor(exp(random() * ln({PEOPLE})))::INT - 1 AS p FROM gen, range(gen.n_speakers) t(k)), "
        "typed AS (SELECT *, CASE WHEN r < 0.70 THEN 'person' WHEN r < 0.85 THEN 'organization' ELSE 'group' END "
        "  AS kind, CASE WHEN r >= 0.85 OR (r < 0.70 AND r2 < 0.22) OR (r >= 0.70 AND r2 < 0.15) "
        "  THEN 'anonymous' WHEN r < 0.70 AND r2 > 0.97 THEN 'pseudonym' ELSE 'named' END AS identity FROM drawn) "
        "SELECT article_id, 's' || (k + 1) AS id, kind, identity, CASE "
        "  WHEN identity = 'anonymous' THEN (?::VARCHAR[])[1 + (hash(article_id, k) % ?)::BIGINT] "
        f"  WHEN identity = 'pseudonym' THEN firsts[1 + (hash(p, 'f') % {FIRST_NAMES})::BIGINT] "
        f"  WHEN kind = 'organization' THEN 'The ' || surnames[1 + (hash(p, 'o') % {SURNAMES})::BIGINT] || ' Institute' "
        f"  WHEN hash(article_id, k, 'v') % 10 = 0 THEN surnames[1 + (hash(p, 'l') % {SURNAMES})::BIGINT] "
        f"  WHEN hash(article_id, k, 'v') % 10 = 1 THEN firsts[1 + (hash(p, 'f') % {FIRST_NAMES})::BIGINT] || ' ' "
        f"    || chr(65 + (p % 26)::INT) || '. ' || surnames[1 + (hash(p, 'l') % {SURNAMES})::BIGINT] "
        f"  ELSE firsts[1 + (hash(p, 'f') % {FIRST_NAMES})::BIGINT] || ' ' || surnames[1 + (hash(p, 'l') % {SURNAMES})::BIGINT] "
        "END AS name, 1 + least(20, floor(-ln(1 - random()) * 2.5))::INT AS n_mentions, "
        "(hash(article_id, k, 'm') % (length(text) - 40))::BIGINT AS pos FROM typed, pool",
        [_ANONYMOUS, len(_ANONYMOUS)],
    )


def _insert_rows(con: duckdb.DuckDBPyConnection, speaker_columns: list[str]) -> None:
    """The staged articles and speakers into the store's tables, with their quotes, mentions and caveats.

    Speakers get gender ``unknown`` without evidence and resolution ``name``, where the records have
    those fields.
    """
    optional = {"gender": "'unknown'", "gender_evidence": "'[]'", "resolution": "'name'", "resolutions": "'[\"name\"]'"}
    present = [c for c in optional if c in speaker_columns]
    extra = (", ".join(present), ", ".join(optional[c] for c in present))
    con.execute(
        "INSERT INTO articles (id, input_id, url, title, published, site_name, outlet_name, outlet_source, outlet_spans, "
        "language, source_format, text, ingested_at) SELECT id, 'a' || g, 'https://news.example/' || g, "
        "'Title ' || g, published, outlet, outlet, 'metadata', '[]', 'en', 'jsonl', text, now() FROM gen"
    )
    con.execute(
        f"INSERT INTO speakers (article_id, id, name, kind, identity, aliases, mentions, descriptors"
        f"{', ' + extra[0] if present else ''}) SELECT article_id, id, name, kind, identity, '[]', "
        f"'[[' || pos || ', ' || (pos + length(name)) || ']]', '[]'{', ' + extra[1] if present else ''} "
        "FROM gen_speakers"
    )
    con.execute(
        "INSERT INTO mentions (article_id, speaker_id, start_offset, end_offset, text) "
        "SELECT article_id, id, pos + 40 * m, pos + 40 * m + length(name), name "
        "FROM gen_speakers, range(n_mentions) t(m)"
    )
    # Quote lengths by type as in PolNeAR dev: direct 156, indirect 72, mixed 105 characters on average.
    con.execute(
        "INSERT INTO quotes (article_id, id, type, content_text, content_spans, cue_text, cue_spans, "
        "source_text, source_spans, speaker_id, flags) "
        "WITH q AS (SELECT gen.id AS article_id, gen.text, gen.n_speakers, k, random() AS r, random() AS r2, "
        "  CASE WHEN random() < 0.27 THEN 'direct' WHEN random() < 0.86 THEN 'indirect' ELSE 'mixed' END AS type "
        "  FROM gen, range(gen.n_quotes) t(k)), "
        "sized AS (SELECT *, (CASE type WHEN 'direct' THEN 156 WHEN 'indirect' THEN 72 ELSE 105 END "
        "  * (0.5 + r2))::INT AS len, (hash(article_id, k, 'q') % (length(text) - 400))::BIGINT AS pos FROM q) "
        "SELECT article_id, 'q' || (k + 1), type, substr(text, pos + 1, len), "
        "'[[' || pos || ', ' || (pos + len) || ']]', 'said', '[[' || (pos + len + 2) || ', ' || (pos + len + 6) || ']]', "
        "NULL, NULL, CASE WHEN r < 0.94 THEN 's' || (1 + hash(article_id, k, 's') % n_speakers) END, '[]' FROM sized"
    )
    con.execute(
        "INSERT INTO caveats (article_id, id, text, spans, kind, quote_ids) "
        "SELECT id, 'c1', 'reportedly', '[[10, 20]]', 'hedged', '[\"q1\"]' FROM gen WHERE hash(id, 'c') % 3 = 0"
    )


def _fill(store: Store, first: int, count: int, seed: int) -> None:
    """Add ``count`` synthetic articles numbered from ``first`` to an open store (speakers not merged)."""
    con = store.con
    con.execute(f"SELECT setseed({seed / 100})")
    _pools(con)
    _stage_articles(con, first, count)
    _stage_speakers(con)
    con.begin()
    _insert_rows(con, store.existing_columns("speakers"))
    con.commit()
    for temp in ("gen", "gen_speakers", "pool"):
        con.execute(f"DROP TABLE {temp}")


def build_corpus(path: Path, count: int, seed: int = 1) -> float:
    """Make the corpus at ``path`` with ``count`` synthetic articles, speakers merged; seconds taken."""
    started = time.perf_counter()
    with Store.open(path) as store:
        _fill(store, 0, count, seed)
        merge_speakers(store)
        store.checkpoint()
    return time.perf_counter() - started


def more_records(first: int, count: int = 1000, seed: int = 2) -> list:
    """``count`` more synthetic articles as ``Article`` records (made in memory, read back as the web app does)."""
    from onrecord.web.data import load_article

    with Store.open(":memory:") as scratch:
        _fill(scratch, first, count, seed)
        ids = [r[0] for r in scratch.con.execute("SELECT id FROM articles ORDER BY input_id").fetchall()]
        return [load_article(scratch, article_id)[0] for article_id in ids]


def load_more(path: Path, records: list, shard_size: int = RECORD_SHARD_SIZE) -> dict:
    """Store ``records`` as ``onrecord ingest`` stores record JSONL: ids, shards, merge, checkpoint.

    Returns the seconds of the whole load and the milliseconds per article of
    ``write_shard`` alone (one transaction per shard of ``shard_size``).
    """
    started = time.perf_counter()
    with Store.open(path) as store:
        fresh = list({r.url: r for r in records}.values())  # stored ones are skipped by write_shard's key lookup
        writing = 0.0
        for i in range(0, len(fresh), shard_size):
            tables = shard_tables(fresh[i:i + shard_size])
            began = time.perf_counter()
            store.write_shard(tables)
            writing += time.perf_counter() - began
        merge_speakers(store)
        store.checkpoint()
    return {"load_1000_s": time.perf_counter() - started, "write_ms_per_article": 1000 * writing / max(len(fresh), 1),
            "shard_size": shard_size}


def _arguments(path: Path, n: int, seed: int) -> dict[str, list]:
    """Arguments for each query kind, drawn from the corpus: half the speakers among the most quoted."""
    with Store.open(path, read_only=True) as store:
        con = store.con
        con.execute(f"SELECT setseed({seed / 100})")
        top = [r[0] for r in con.execute(
            "SELECT id FROM corpus_speakers WHERE kind = 'person' ORDER BY n_speakers DESC LIMIT 200").fetchall()]
        rest = [r[0] for r in con.execute(
            "SELECT id FROM corpus_speakers WHERE kind = 'person' AND identity = 'named' ORDER BY random() LIMIT ?",
            [n]).fetchall()]
        rng = random.Random(seed)
        ids = rng.sample(top, n // 2) + rest[: n - n // 2]
        names = [con.execute("SELECT name FROM corpus_speakers WHERE id = ?", [i]).fetchone()[0] for i in ids]
        phrases = [r[0] for r in con.execute(
            "SELECT trim(substr(content_text, 5, 14)) FROM (SELECT content_text FROM quotes USING SAMPLE 1000 ROWS) "
            "WHERE length(content_text) > 30 LIMIT ?", [n]).fetchall()]
        outlets = [r[0] for r in con.execute("SELECT DISTINCT outlet_name FROM articles").fetchall()]
        articles = [r[0] for r in con.execute("SELECT id FROM articles USING SAMPLE 1000 ROWS LIMIT ?", [n]).fetchall()]
    since = [f"{2015 + rng.randrange(YEARS)}-{1 + rng.randrange(12):02d}-01" for _ in range(n)]
    return {"speaker_ids": ids, "speaker_names": names, "phrases": phrases,
            "outlets": [rng.choice(outlets) for _ in range(n)], "since": since, "articles": articles}


def _cli_calls(path: Path, args: dict) -> dict[str, list]:
    """Per CLI query kind, the calls to time: each opens the file read-only as the command does."""
    from onrecord.store.filters import Filters
    from onrecord.store.queries import quotes, speakers
    from onrecord.store.report import report

    def opened(run):
        def call():
            with Store.open(path, read_only=True) as store:
                return run(store)
        return call

    n = len(args["speaker_names"])
    return {
        "quotes --speaker": [opened(lambda s, v=v: quotes(s, Filters(speaker=v), limit=100))
                             for v in args["speaker_names"]],
        "quotes --search": [opened(lambda s, v=v: quotes(s, Filters(search=v), limit=100)) for v in args["phrases"]],
        "quotes --outlet --since": [
            opened(lambda s, o=o, d=d: quotes(s, Filters(outlet=o, since=d), limit=100))
            for o, d in zip(args["outlets"], args["since"])],
        "speakers --top 50": [opened(lambda s, d=d: speakers(s, 50, Filters(since=d))) for d in args["since"]],
        "report": [opened(lambda s: report(s))] * min(n, 5),
    }


def _web_calls(path: Path, args: dict) -> dict[str, list]:
    """The web API's corpus stats, speaker and article calls, through the app in this process."""
    from starlette.testclient import TestClient

    from onrecord.web import create_app

    client = TestClient(create_app(path))

    def get(url: str):
        def call():
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code, response.text[:200])
        return call

    return {
        "GET /api/corpus/stats": [get("/api/corpus/stats")] + [get(f"/api/corpus/stats?since={d}")
                                                              for d in args["since"][:4]],
        "GET /api/speakers/{id}": [get(f"/api/speakers/{i}") for i in args["speaker_ids"]],
        "GET /api/articles/{id}": [get(f"/api/articles/{a}") for a in args["articles"]],
    }


def measure_queries(path: Path, repeats: int = REPEATS, seed: int = 3, only: str | None = None) -> dict:
    """Median and p95 seconds per query kind (or the kind ``only``), and the peak memory of this process (run it alone)."""
    args = _arguments(path, repeats, seed)
    timings = {}
    for kind, calls in {**_cli_calls(path, args), **_web_calls(path, args)}.items():
        if only is not None and kind != only:
            continue
        calls[0]()  # warm: the first call pays for imports and the file cache
        seconds = []
        for call in calls:
            started = time.perf_counter()
            call()
            seconds.append(time.perf_counter() - started)
        seconds.sort()
        p95 = seconds[-1] if len(seconds) < 20 else statistics.quantiles(seconds, n=20, method="inclusive")[18]
        timings[kind] = {"median_s": statistics.median(seconds), "p95_s": p95, "calls": len(seconds)}
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"queries": timings, "peak_rss_mb": peak_kb / 1024}


def _measured_apart(path: Path) -> dict:
    """``measure_queries`` on ``path`` in a process of its own, so that its peak memory is the queries' alone."""
    measured = subprocess.run([sys.executable, __file__, "--measure", str(path)], check=True,
                              capture_output=True, text=True)
    # Only the last JSON object: at 1M, something else printed to stdout first and the run was lost.
    return json.loads(measured.stdout[measured.stdout.rindex('{"queries"'):])


def export_dataset(path: Path, size: int) -> tuple[Path, float, int]:
    """The corpus exported as a Parquet dataset partitioned by outlet and year: folder, seconds, bytes."""
    import shutil

    from onrecord.store.queries import export

    out = path.with_suffix(".parquet")
    shutil.rmtree(out, ignore_errors=True)
    started = time.perf_counter()
    with Store.open(path, read_only=True) as store:
        export(store, out, "parquet", ["outlet", "year"])
    seconds = time.perf_counter() - started
    return out, seconds, sum(f.stat().st_size for f in out.rglob("*.parquet"))


def run_size(directory: Path, size: int, parquet: bool = False) -> dict:
    """Build the corpus of ``size`` articles, measure its queries (another process), then load 1,000 more.

    With ``parquet``, the corpus as built is also exported as a partitioned
    dataset and the same queries are measured on it (``"parquet"`` in the result).
    """
    path = directory / f"corpus-{size}.duckdb"
    for stale in (path, Path(f"{path}.wal")):
        stale.unlink(missing_ok=True)
    built = build_corpus(path, size)
    db_bytes = path.stat().st_size
    result = {"articles": size, "build_s": built, "db_bytes": db_bytes, "bytes_per_article": db_bytes / size,
              **_measured_apart(path)}
    if parquet:
        out, seconds, data_bytes = export_dataset(path, size)
        result["parquet"] = {"export_s": seconds, "bytes": data_bytes, "bytes_per_article": data_bytes / size,
                             **_measured_apart(out)}
    result.update(load_more(path, more_records(first=size)))
    result["load_average"] = os.getloadavg()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="10000,100000", help="Corpus sizes, comma-separated.")
    parser.add_argument("--dir", default="/tmp/onrecord-scale", help="Where the corpora are built.")
    parser.add_argument("--json", help="Write the results here as JSON too.")
    parser.add_argument("--parquet", action="store_true", help="Also export each corpus as a partitioned "
                        "Parquet dataset and measure the same queries on it.")
    parser.add_argument("--measure", metavar="DB", help="Only measure the queries of this corpus (a file or a "
                        "dataset folder) and print them as JSON.")
    parser.add_argument("--only", metavar="KIND", help="With --measure, only this query kind "
                        "(as the table names it: 'GET /api/speakers/{id}').")
    parser.add_argument("--web-load", metavar="DB", help="Only flood `onrecord serve --db DB` (see web_load.py).")
    parser.add_argument("--requests", type=int, default=400, help="Requests of the --web-load flood.")
    parser.add_argument("--markdown", nargs="+", metavar="JSON", help="Only print the results in these "
                        "--json files as one Markdown table.")
    options = parser.parse_args()
    if options.markdown:
        print(markdown_table([r for f in options.markdown for r in json.loads(Path(f).read_text())["results"]]))
        return
    if options.measure:
        print(json.dumps(measure_queries(Path(options.measure), only=options.only)))
        return
    if options.web_load:
        from web_load import flood_served

        args = _arguments(Path(options.web_load), 40, seed=4)
        print(json.dumps(flood_served(Path(options.web_load), args, options.requests)))
        return
    directory = Path(options.dir)
    directory.mkdir(parents=True, exist_ok=True)
    results = []
    for size in (int(s) for s in options.sizes.split(",")):
        results.append(run_size(directory, size, options.parquet))
        print(json.dumps(results[-1]), flush=True)
    if options.json:
        Path(options.json).write_text(json.dumps({"machine": _machine(), "results": results}, indent=2) + "\n")


TARGETS_S = {"quotes --search": 3.0, "report": 3.0}
"""The 1M targets of issue 31: p95 under 1 s, these under 3 s."""


def markdown_table(results: list[dict]) -> str:
    """The results (one dict per corpus, as ``run_size`` returns) as a Markdown table, median / p95 per query."""
    kinds = list(results[0]["queries"])
    head = "| | " + " | ".join(f"{r['articles']:,}" for r in results) + " |"
    lines = [head, "|---" * (len(results) + 1) + "|"]
    if all("load_1000_s" in r for r in results):
        lines.append("| load 1,000 more (s) | " + " | ".join(f"{r['load_1000_s']:.1f}" for r in results) + " |")
    lines.append("| bytes / article | " + " | ".join(f"{r['bytes_per_article']:,.0f}" for r in results) + " |")
    for kind in kinds:
        target = TARGETS_S.get(kind, 1.0)
        cells = []
        for r in results:
            f = r["queries"][kind]
            cells.append(f"{f['median_s']:.2f} / {f['p95_s']:.2f}{'' if f['p95_s'] < target else ' ✗'}")
        lines.append(f"| `{kind}` median / p95 (s) | " + " | ".join(cells) + " |")
    lines.append("| query peak RSS (MB) | " + " | ".join(f"{r['peak_rss_mb']:,.0f}" for r in results) + " |")
    table = "\n".join(lines)
    datasets = [{"articles": r["articles"], **r["parquet"]} for r in results if "parquet" in r]
    return table + ("\n\nThe same corpora as Parquet datasets (outlet, year):\n\n" + markdown_table(datasets)
                    if datasets else "")


def _machine() -> dict:
    return {"cpus": os.cpu_count(), "load_average": os.getloadavg(), "duckdb": duckdb.__version__,
            "python": sys.version.split()[0]}


if __name__ == "__main__":
    main()
