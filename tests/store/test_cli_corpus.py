"""The corpus commands end to end on three small articles written for the test, counted by hand."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from onrecord.cli import main

# Each article: direct quotations with a plain "X said" cue, nothing else that reports speech.
ARTICLES = [
    {"id": "bridge", "url": "https://planet.example/bridge", "outlet": "Daily Planet", "published": "2023-05-01",
     "text": "Bridge closes for repairs\n\n"
             "The old bridge closed on Monday.\n\n"
             "“The repairs will take two months,” Maria Lopez said.\n\n"
             "“Traffic will use the ferry,” Lopez said.\n"},
    {"id": "harbour", "url": "https://planet.example/harbour", "outlet": "Daily Planet", "published": "2023-06-02",
     "text": "Harbour opens\n\n"
             "The new harbour opened on Friday.\n\n"
             "“This is a great day for the town,” Maria Lopez said.\n"},
    {"id": "school", "url": "https://gazette.example/school", "outlet": "Gotham Gazette", "published": "2023-07-03",
     "title": "School meals for every pupil from next term, the board decides after a long debate",
     "text": "School meals\n\n"
             "The school board met on Tuesday.\n\n"
             "“Every child will get a hot lunch,” Tom Baker said.\n\n"
             "“We found the money in the budget,” Baker said.\n\n"
             "“Parents asked for this for years,” Baker said.\n"},
]
# Hand counts: Daily Planet 2 articles, 3 quotes (1.5 per article), all Maria Lopez;
# Gotham Gazette 1 article, 3 quotes, all Tom Baker.


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    folder = tmp_path_factory.mktemp("three")
    inputs = folder / "three.jsonl"
    inputs.write_text("".join(json.dumps(a) + "\n" for a in ARTICLES), encoding="utf-8")
    (folder / "broken.jsonl").write_text("{not json\n", encoding="utf-8")
    path = folder / "corpus.duckdb"
    result = CliRunner().invoke(main, ["ingest", str(inputs), str(folder / "broken.jsonl"), "--db", str(path)])
    assert result.exit_code == 1, result.output  # one input could not be analyzed
    assert "3 article(s) stored" in result.output
    assert "E113" in result.output
    return path


def run(*args):
    """The command's standard output (notes go to stderr); it must succeed."""
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def run_both(*args):
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout, result.stderr


def test_report_spot_check(db):
    rows = {r["outlet"]: r for r in json.loads(run("report", "--db", str(db), "--format", "json",
                                                   "--min-articles", "1"))}
    assert set(rows) == {"Daily Planet", "Gotham Gazette", "(all outlets)"}
    planet, gazette = rows["Daily Planet"], rows["Gotham Gazette"]
    assert (planet["articles"], planet["quotes"], planet["quotes_per_article"]) == (2, 3, 1.5)
    assert (gazette["articles"], gazette["quotes"], gazette["quotes_per_article"]) == (1, 3, 3.0)
    assert planet["top_speakers"] == "Maria Lopez (3)"
    assert gazette["top_speakers"] == "Tom Baker (3)"
    everything = rows["(all outlets)"]
    assert (everything["articles"], everything["quotes"], everything["quotes_per_article"]) == (3, 6, 2.0)


def test_report_hides_small_outlets_and_says_so(db):
    out, err = run_both("report", "--db", str(db), "--format", "json", "--min-articles", "2")
    assert [r["outlet"] for r in json.loads(out)] == ["Daily Planet", "(all outlets)"]
    assert "1 outlet(s) with fewer than 2 articles hidden (Gotham Gazette)" in err
    out, err = run_both("report", "--db", str(db), "--format", "json", "--min-articles", "1")
    assert len(json.loads(out)) == 3 and err == ""


def test_report_table_has_per_article_and_per_quote_sections(db):
    out = run("report", "--db", str(db), "--min-articles", "1")
    assert "Per article (n = articles" in out and "Per quote (n = quotes" in out
    assert "--min-articles" not in out  # nothing hidden, nothing to say
    hidden = run("report", "--db", str(db))  # default 5: both outlets hidden, the total stays
    assert "(all outlets)" in hidden and "2 outlet(s) with fewer than 5 articles hidden" in hidden


def test_report_table(db):
    out = run("report", "--db", str(db), "--min-articles", "1")
    assert out.splitlines()[2].split()[:4] == ["outlet", "articles", "quotes/article", "caveats/article"]


def test_speakers_merge_across_articles(db):
    top = json.loads(run("speakers", "--db", str(db), "--format", "json", "--top", "5"))
    lopez = next(s for s in top if s["speaker"] == "Maria Lopez")
    assert (lopez["quotes"], lopez["articles"], lopez["outlets"]) == (3, 2, 1)


def test_quotes_filters_and_csv(db):
    out = run("quotes", "--db", str(db), "--format", "csv", "--speaker", "lopez", "--since", "2023-06-01")
    lines = out.splitlines()
    assert lines[0].startswith("key,article_id,quote_id,speaker")
    assert len(lines) == 2 and "great day" in lines[1]


def test_quotes_table_is_a_card_per_quote_wrapped_to_width(db):
    out = run("quotes", "--db", str(db), "--outlet", "gazette", "--width", "30")
    cards = out.strip().split("\n\n")
    assert len(cards) == 3
    head, who, *body = cards[0].splitlines()
    key = head.split(" · ")[0]
    assert key.endswith(":q1") and "Gotham Gazette · 2023-07-03 · School meals" in head
    assert who.strip().startswith("Tom Baker")
    assert all(len(line) <= 30 for line in body) and len(body) >= 2
    assert "Every child will get a hot lunch" in " ".join(line.strip() for line in body)


def test_a_quote_key_finds_that_quote_again(db):
    rows = json.loads(run("quotes", "--db", str(db), "--format", "json", "--speaker", "baker"))
    chosen = rows[1]
    again = json.loads(run("quotes", "--db", str(db), "--format", "json", "--key", chosen["key"]))
    assert again == [chosen]
    article = json.loads(run("quotes", "--db", str(db), "--format", "json", "--key", chosen["article_id"]))
    assert [r["key"] for r in article] == [r["key"] for r in rows]


def test_outlet_matches_any_part_of_the_name(db):
    assert len(json.loads(run("quotes", "--db", str(db), "--format", "json", "--outlet", "PLANET"))) == 3
    assert len(json.loads(run("quotes", "--db", str(db), "--format", "json", "--outlet", "daily planet"))) == 3


def test_an_empty_query_names_the_filter_and_the_nearest_names(db):
    out, err = run_both("quotes", "--db", str(db), "--outlet", "gotam")
    assert out == ""
    assert "--outlet 'gotam' matches no quote" in err and "nearest outlets: Gotham Gazette" in err
    out, err = run_both("quotes", "--db", str(db), "--format", "csv", "--speaker", "Lopes")
    assert out.strip().startswith("key,") and "nearest speakers: Maria Lopez" in err
    _, err = run_both("quotes", "--db", str(db), "--outlet", "gazette", "--speaker", "lopez")
    assert "--outlet 'gazette' matches 3 quote(s) alone, but none together with --speaker 'lopez'" in err
    _, err = run_both("speakers", "--db", str(db), "--since", "2024-01-01")
    assert "no speakers: --since '2024-01-01'" in err and "from 2023-05-01 to 2023-07-03" in err


def test_speakers_take_the_quote_filters(db):
    top = json.loads(run("speakers", "--db", str(db), "--format", "json", "--outlet", "gazette"))
    assert [(s["speaker"], s["quotes"]) for s in top] == [("Tom Baker", 3)]


def test_errors_table_and_export(db, tmp_path):
    out = run("export", str(tmp_path / "out"), "--db", str(db), "--format", "jsonl")
    assert str(tmp_path / "out" / "errors.jsonl") in out
    errors = [json.loads(line) for line in (tmp_path / "out" / "errors.jsonl").read_text().splitlines()]
    assert [(e["code"], e["input"].endswith("broken.jsonl:1")) for e in errors] == [("E113", True)]


def test_query_without_database_exits_2(tmp_path):
    result = CliRunner().invoke(main, ["quotes", "--db", str(tmp_path / "none.duckdb")])
    assert result.exit_code == 2
    assert "E402" in result.output


def test_commands_are_documented():
    from pathlib import Path

    from onrecord.cli_corpus import COMMANDS

    doc = (Path(__file__).resolve().parents[2] / "docs" / "corpus.md").read_text()
    for command in COMMANDS:
        assert f"onrecord {command.name}" in doc
        for param in command.params:
            for opt in getattr(param, "opts", []):
                if opt.startswith("--"):
                    assert opt in doc, (command.name, opt)
