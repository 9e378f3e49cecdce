"""The corpus merge rule (issue 27, item 6): the same full name and kind, normalised; each negative has a positive twin.

Names are invented for these tests; each article holds one speaker with one quote.
"""

from __future__ import annotations

import pytest
from store_records import HAS_IDENTITY, NO_IDENTITY, article, quote, speaker

from onrecord.store import Store, merge_speakers, shard_tables
from onrecord.store.queries import speakers as find_speakers


@pytest.fixture
def store(tmp_path):
    with Store.open(tmp_path / "corpus.duckdb") as s:
        yield s


def merged(store, *people: tuple[str, str] | tuple[str, str, str]) -> int:
    """Store one article per ``(name, kind[, outlet])``, merge, and return how many corpus speakers they make."""
    articles = []
    for i, person in enumerate(people):
        name, kind, outlet = (*person, "Harbour Herald")[:3]
        articles.append(article(f"m{i}", outlet, "2024-02-01", [quote("q1", f"we said thing {i}", 3, "s1")],
                                [speaker("s1", name, kind=kind, identity="named")]))
    store.write_shard(shard_tables(articles))
    merge_speakers(store)
    return store.con.execute("SELECT count(DISTINCT corpus_speaker_id) FROM speakers").fetchone()[0]


def test_the_same_full_name_written_differently_is_one_corpus_speaker(store):
    assert merged(store, ("Marisol Okafor-Brandt", "person"), ("marisol  okafor brandt", "person"),
                  ("Marísol Okafor-Brandt", "person"), ("MARISOL OKAFOR-BRANDT.", "person")) == 1


def test_two_different_full_names_never_merge(store):
    # The twin of the test above: a middle initial makes another full name.
    assert merged(store, ("Marisol Okafor", "person"), ("Marisol T. Okafor", "person")) == 2


def test_names_in_other_scripts_are_compared_by_their_letters(store):
    assert merged(store, ("Олена Коваль", "person"), ("олена  коваль", "person")) == 1


def test_names_in_other_scripts_that_differ_stay_apart(store):
    assert merged(store, ("Олена Коваль", "person"), ("Олена Ковальчук", "person")) == 2


def test_an_apostrophe_does_not_count(store):
    assert merged(store, ("Dara O'Sullivan", "person"), ("Dara O’Sullivan", "person"),
                  ("Dara OSullivan", "person")) == 1


def test_a_letter_more_is_another_name(store):
    # The twin of the test above: "O" is a letter of the name, not punctuation.
    assert merged(store, ("Dara O'Sullivan", "person"), ("Dara Sullivan", "person")) == 2


def test_the_same_name_of_another_kind_is_another_corpus_speaker(store):
    assert merged(store, ("Halvorsen Brothers", "person"), ("Halvorsen Brothers", "organization")) == 2


def test_the_same_name_of_the_same_kind_merges(store):
    assert merged(store, ("Halvorsen Brothers", "organization"), ("the Halvorsen Brothers", "organization"),
                  ("Halvorsen Brothers", "organization", "Valley Courier")) == 1


def test_a_bare_surname_is_not_joined_to_a_full_name_in_another_article(store):
    assert merged(store, ("Tomasz Wieczorek", "person"), ("Wieczorek", "person"), ("Wieczorek", "person")) == 3


def test_a_full_name_in_two_articles_is_joined(store):
    # The twin of the test above: the full name in both articles.
    assert merged(store, ("Tomasz Wieczorek", "person"), ("Tomasz Wieczorek", "person")) == 1


def test_a_leading_title_is_not_part_of_the_name(store):
    assert merged(store, ("Sen. Ines Varga", "person"), ("Ines Varga", "person"), ("Dr Ines Varga", "person")) == 1


def test_a_suffix_is_part_of_the_name(store):
    # The twin of the title test: Jr. and Sr. are father and son.
    assert merged(store, ("Cole Ramsey Jr.", "person"), ("Cole Ramsey Sr.", "person")) == 2


def test_a_title_and_a_surname_is_still_a_bare_surname(store):
    assert merged(store, ("Gov. Ramsey", "person"), ("Gov. Ramsey", "person")) == 2


@pytest.mark.skipif(not HAS_IDENTITY, reason=NO_IDENTITY)
def test_an_anonymous_description_is_never_merged_but_a_named_one_is(store):
    articles = [article(f"n{i}", "Harbour Herald", "2024-03-01", [quote("q1", f"words {i}", 3, "s1")],
                        [speaker("s1", name, identity=identity)])
                for i, (name, identity) in enumerate([("a port official", "anonymous"),
                                                       ("a port official", "anonymous"),
                                                       ("Lena Brandvold", "named"), ("Lena Brandvold", "named")])]
    store.write_shard(shard_tables(articles))
    merge_speakers(store)
    groups = dict(store.con.execute(
        "SELECT name, count(DISTINCT corpus_speaker_id) FROM speakers GROUP BY name").fetchall())
    assert groups == {"a port official": 2, "Lena Brandvold": 1}


def test_speakers_shows_the_names_merged_into_each_corpus_speaker(store):
    merged(store, ("Ines Varga", "person"), ("Ines Varga", "person"), ("Sen. Ines Varga", "person"),
           ("Inés Varga", "person"))
    (row,) = find_speakers(store, 10).dicts()
    assert row["speaker"] == "Ines Varga"
    assert row["also_named"] == "Inés Varga; Sen. Ines Varga"
    assert row["quotes"] == 4


def test_a_corpus_speaker_with_one_name_shows_no_other_names(store):
    merged(store, ("Ines Varga", "person"), ("Ines Varga", "person"))
    (row,) = find_speakers(store, 10).dicts()
    assert (row["speaker"], row["also_named"], row["quotes"]) == ("Ines Varga", "", 2)


def test_a_name_in_capitals_is_shown_as_written_elsewhere(store):
    # A transcript writes speakers in capitals; the same name written normally is the one shown.
    merged(store, ("TOBIAS LINDQVIST", "person"), ("Tobias Lindqvist", "person"))
    (row,) = find_speakers(store, 10).dicts()
    assert (row["speaker"], row["also_named"]) == ("Tobias Lindqvist", "TOBIAS LINDQVIST")


def test_a_name_used_more_in_capitals_is_still_shown_in_capitals(store):
    # The twin: the most used form wins before the capitals tie-break.
    merged(store, ("TOBIAS LINDQVIST", "person"), ("TOBIAS LINDQVIST", "person"), ("Tobias Lindqvist", "person"))
    (row,) = find_speakers(store, 10).dicts()
    assert (row["speaker"], row["also_named"]) == ("TOBIAS LINDQVIST", "Tobias Lindqvist")


def _stale_names(store) -> list[str]:
    merged(store, ("Ines Varga", "person"), ("Tomasz Wieczorek", "person"))
    store.con.execute("UPDATE corpus_speakers SET name = 'stale'")
    return ["Ines Varga", "Tomasz Wieczorek"]


def test_a_corpus_made_before_the_counts_is_rebuilt_once(store):
    names = _stale_names(store)
    store.con.execute("DELETE FROM corpus_speaker_names")  # as an onrecord without the counts table left it
    merge_speakers(store)
    assert sorted(r[0] for r in store.con.execute("SELECT name FROM corpus_speakers").fetchall()) == names
    assert store.con.execute("SELECT sum(n) FROM corpus_speaker_names").fetchall() == [(2,)]


def test_a_corpus_with_counts_is_not_rebuilt(store):
    # The twin: with the counts there, a merge with nothing new leaves every row as it is.
    _stale_names(store)
    merge_speakers(store)
    assert [r[0] for r in store.con.execute("SELECT name FROM corpus_speakers").fetchall()] == ["stale", "stale"]
