"""``export --partition-by outlet,year`` writes a hive-partitioned Parquet dataset, and ``--db`` reads it in place.

Every answer from the dataset must be the answer from the database it was
exported from: the query commands, the notebook API and the web API are run
on both and compared. The corpus is the store tests' three hand-made articles
plus one without a date from an outlet whose name has a slash (both partition
values must survive the folder names).
"""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient
from store_records import article, quote, speaker, three_articles

from onrecord import Corpus
from onrecord.cli import main
from onrecord.store import Store, StoreError, merge_speakers, shard_tables
from onrecord.web import create_app


def undated_article():
    return article("a4", "Wire/Service", None, [quote("q1", "Roads reopen at dawn", 3, "s1")],
                   [speaker("s1", "Ines Okafor", identity="named")])


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("dataset")
    db = folder / "corpus.duckdb"
    with Store.open(db) as store:
        store.write_shard(shard_tables([*three_articles(), undated_article()]))
        merge_speakers(store)
    out = folder / "parts"
    result = CliRunner().invoke(main, ["export", str(out), "--db", str(db), "--format", "parquet",
                                       "--partition-by", "outlet,year"])
    assert result.exit_code == 0, result.output
    return db, out


def cli(*args) -> CliRunner:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def test_the_tables_of_articles_are_partitioned_by_outlet_and_year(corpus):
    _, out = corpus
    assert (out / "articles" / "outlet=Daily%20Planet" / "year=2023").is_dir()
    assert (out / "quotes" / "outlet=Gotham%20Gazette" / "year=2023").is_dir()
    assert (out / "speakers" / "outlet=Wire%2FService" / "year=__HIVE_DEFAULT_PARTITION__").is_dir()
    assert (out / "corpus_speakers.parquet").is_file() and not (out / "corpus_speakers").exists()


@pytest.mark.parametrize("query", [
    ["quotes", "--format", "json"],
    ["quotes", "--format", "json", "--outlet", "planet", "--since", "2023-06"],
    ["quotes", "--format", "json", "--speaker", "prigozhin"],
    ["quotes", "--format", "json", "--search", "reopen"],
    ["speakers", "--format", "json", "--top", "50"],
    ["report", "--format", "json", "--min-articles", "1"],
])
def test_every_query_answers_the_same_from_the_dataset(corpus, query):
    db, out = corpus
    from_db = json.loads(cli(*query, "--db", str(db)))
    assert from_db  # the comparison means something only when there is an answer
    assert json.loads(cli(*query, "--db", str(out))) == from_db


def test_the_undated_article_and_the_slashed_outlet_come_back_as_they_were(corpus):
    _, out = corpus
    rows = json.loads(cli("quotes", "--format", "json", "--outlet", "wire/service", "--db", str(out)))
    assert [(r["outlet"], r["published"], r["content"]) for r in rows] == [
        ("Wire/Service", None, "Roads reopen at dawn")]


def test_the_notebook_api_reads_the_dataset(corpus):
    pytest.importorskip("pandas")  # the [corpus] extra, as in test_corpus_api
    db, out = corpus
    assert Corpus(out).quotes().to_dict("records") == Corpus(db).quotes().to_dict("records")
    assert Corpus(out).report(min_articles=1).equals(Corpus(db).report(min_articles=1))


def test_the_web_api_reads_the_dataset(corpus):
    db, out = corpus
    answers = []
    for path in (db, out):
        client = TestClient(create_app(path))
        ids = [a["id"] for a in client.get("/api/articles").json()]
        speaker_id = client.get("/api/speakers").json()[0]["corpus_speaker_id"]
        urls = ["/api/status", "/api/corpus/stats", "/api/quotes?search=march", f"/api/speakers/{speaker_id}",
                *[f"/api/articles/{i}" for i in sorted(ids)]]
        answers.append({url: client.get(url).json() for url in urls})
        assert len(ids) == 4 and answers[-1]["/api/status"]["articles"] == 4
        app_state = client.app.state.settings.shared
        app_state.close()
    for url in answers[0]:
        if url == "/api/status":  # names the --db given
            assert answers[1][url]["articles"] == answers[0][url]["articles"]
        else:
            assert answers[1][url] == answers[0][url], url


def test_a_dataset_is_read_only_and_a_database_file_is_not(corpus, tmp_path):
    db, out = corpus
    with pytest.raises(StoreError, match="read-only"):
        Store.open(out)
    with Store.open(db) as store:  # the twin: the file it came from opens for writing
        assert not store.read_only


def test_a_folder_without_articles_is_not_a_corpus_but_one_with_them_is(corpus, tmp_path):
    _, out = corpus
    (tmp_path / "notes.txt").write_text("not a corpus", encoding="utf-8")
    result = CliRunner().invoke(main, ["quotes", "--db", str(tmp_path)])
    assert result.exit_code == 2
    assert "E402" in result.stderr and "no articles.parquet" in result.stderr and "Traceback" not in result.output
    assert CliRunner().invoke(main, ["quotes", "--db", str(out)]).exit_code == 0


@pytest.mark.parametrize("args, message", [
    (["--partition-by", "outlet,month"], "give one or more of outlet, year"),
    (["--partition-by", "year,year"], "each once"),
    (["--format", "csv", "--partition-by", "year"], "Parquet only"),
])
def test_a_bad_partitioning_is_one_line_and_exit_2(corpus, tmp_path, args, message):
    db, _ = corpus
    result = CliRunner().invoke(main, ["export", str(tmp_path / "x"), "--db", str(db), *args])
    assert result.exit_code == 2 and message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    good = CliRunner().invoke(main, ["export", str(tmp_path / "y"), "--db", str(db), "--partition-by", "year"])
    assert good.exit_code == 0 and (tmp_path / "y" / "quotes" / "year=2023").is_dir()
