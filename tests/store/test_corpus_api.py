"""The notebook API: Corpus, to_frame and analyze_many, on hand-built records and on texts written for the test."""

from __future__ import annotations

import json
import warnings

import pytest
from store_records import HAS_IDENTITY, three_articles

import onrecord
from onrecord.corpus_api import InputSkipped
from onrecord.errors import InputError
from onrecord.ingest import RawArticle

pd = pytest.importorskip("pandas")


@pytest.fixture(scope="module")
def corpus():
    built = onrecord.Corpus.from_records(three_articles())
    yield built
    built.close()


def test_quotes_frame_has_the_cli_json_columns_and_rows(corpus):
    frame = corpus.quotes()
    assert list(frame.columns) == ["key", "article_id", "quote_id", "speaker", "identity", "outlet", "published",
                                   "title", "type", "cue", "content"]
    assert len(frame) == 7
    assert frame["key"].tolist() == (frame["article_id"] + ":" + frame["quote_id"]).tolist()
    unresolved = frame[frame["content"] == "Nobody knows where he is"]
    assert unresolved["speaker"].isna().all()  # None in data; `(unresolved)` only in the terminal table


def test_filters_are_the_clis(corpus):
    assert sorted(corpus.quotes(outlet="GOTHAM")["content"]) == ["Nobody knows where he is", "Wagner will go on"]
    assert len(corpus.quotes(speaker="prigozhin", since="2023-06-01")) == 2
    key = corpus.quotes(search="calm")["key"].iloc[0]
    assert corpus.quotes(key=key)["content"].tolist() == ["The city is calm"]
    assert len(corpus.quotes(key=[key, key.split(":")[0]])) == 3  # one quote, then its whole article
    with pytest.raises(TypeError, match="unknown filter"):
        corpus.quotes(outlets="gotham")


def test_an_empty_frame_says_which_filter_emptied_it(corpus):
    empty = corpus.quotes(outlet="gothm")
    assert empty.empty and "nearest outlets: Gotham Gazette" in empty.attrs["why_empty"]
    found = corpus.quotes(outlet="gotham")
    assert not found.empty and found.attrs["why_empty"] == ""


def test_speakers_and_report_frames(corpus):
    speakers = corpus.speakers(top=1)
    assert speakers[["speaker", "quotes", "articles", "outlets"]].values.tolist() == [["Yevgeny Prigozhin", 3, 3, 2]]
    assert corpus.speakers(outlet="gotham")["quotes"].tolist() == [1]
    report = corpus.report(min_articles=2)
    assert report["outlet"].tolist() == ["Daily Planet", "(all outlets)"]
    assert report.attrs["hidden"] == ["Gotham Gazette"]
    if HAS_IDENTITY:
        planet = report.iloc[0]
        assert planet.anonymous_share_low < planet.anonymous_share == 0.2 < planet.anonymous_share_high


def test_to_arrow_gives_the_same_table(corpus):
    arrow = corpus.to_arrow("quotes", outlet="planet")
    assert arrow.num_rows == 5 and arrow.column_names[0] == "key"
    assert arrow.to_pandas()["content"].tolist() == corpus.quotes(outlet="planet")["content"].tolist()
    with pytest.raises(ValueError, match="unknown table"):
        corpus.to_arrow("articles")


def test_a_corpus_file_answers_as_the_records_in_memory(corpus, tmp_path):
    path = tmp_path / "saved.duckdb"
    onrecord.Corpus.from_records(three_articles(), path=path)
    from_file = onrecord.Corpus(path)
    pd.testing.assert_frame_equal(from_file.quotes(), corpus.quotes())
    pd.testing.assert_frame_equal(onrecord.to_frame(three_articles()), corpus.quotes())
    assert from_file.sql("SELECT count(*) AS n FROM articles")["n"].tolist() == [3]
    with pytest.raises(FileNotFoundError, match="no such corpus"):
        onrecord.Corpus(tmp_path / "missing.duckdb")


def test_analyze_many_takes_texts_paths_and_raw_articles(tmp_path):
    page = tmp_path / "ferry.html"
    page.write_text("<html><head><title>Ferry fares</title></head><body><article>"
                    "<p>The ferry company raised its fares on Monday.</p>"
                    "<p>“Fuel costs doubled this year,” Ana Ortiz said.</p></article></body></html>",
                    encoding="utf-8")
    folder = tmp_path / "more"
    folder.mkdir()
    (folder / "bakery.txt").write_text("“We bake at four,” Sam Reyes said.\n", encoding="utf-8")
    (folder / "empty.txt").write_text("", encoding="utf-8")
    inputs = ["“The park opens in May,” Lea Moss said.", page,
              RawArticle(id="raw", text="“The road is closed,” Omar Haddad said."), folder]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        records = list(onrecord.analyze_many(inputs))
    speakers = [[s.name for s in r.speakers] for r in records]
    assert speakers == [["Lea Moss"], ["Ana Ortiz"], ["Omar Haddad"], ["Sam Reyes"]]
    assert records[1].title == "Ferry fares"
    assert [w.category for w in caught] == [InputSkipped] and "empty.txt" in str(caught[0].message)
    with pytest.raises(InputError):
        list(onrecord.analyze_many(folder / "empty.txt", strict=True))
    one = list(onrecord.analyze_many("“Rain is coming,” Ida Berg said."))  # one text alone is one article
    assert [s.name for s in one[0].speakers] == ["Ida Berg"]
    assert json.loads(onrecord.to_frame(one).to_json(orient="records"))[0]["speaker"] == "Ida Berg"
