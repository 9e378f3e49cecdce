"""The corpus page's figures without a browser: time bins from the corpus's span, shares with n and
intervals, the filters' state and URL, quote types and speaker colours in the article view."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from onrecord.web import charts
from onrecord.web.bins import FEW_ARTICLES, DatedArticle, choose_unit, time_bins
from onrecord.web.data import Filters
from onrecord.web.pages import view_state
from onrecord.web.render import PALETTE_SIZE, article_view


def _article(published: str, quotes: int = 4, anonymous: int = 1, pseudonym: int = 0) -> DatedArticle:
    return DatedArticle(published, quotes, anonymous, anonymous + pseudonym)


def test_the_unit_follows_the_span_of_the_dates():
    assert choose_unit(date(2024, 1, 1), date(2024, 3, 1)) == "week"
    assert choose_unit(date(2022, 1, 1), date(2024, 6, 1)) == "month"
    assert choose_unit(date(2012, 5, 1), date(2023, 6, 1)) == "year"


def test_a_decade_is_binned_by_year_with_empty_years_kept_on_the_axis():
    found = time_bins([_article("2012-05-03"), _article("2015-02-01"), _article("2015-11-30"), _article("2021-07-09")])
    assert found["unit"] == "year"
    assert [b["label"] for b in found["bins"]] == [str(y) for y in range(2012, 2022)]
    by_year = {b["label"]: b for b in found["bins"]}
    assert by_year["2015"]["articles"] == 2 and by_year["2013"]["articles"] == 0
    assert by_year["2013"]["anonymous_share"] is None  # no quotes: no share, not 0%


def test_weekly_bins_start_on_monday_and_thin_bins_are_marked():
    articles = [_article("2024-03-06")] + [_article(f"2024-03-{d}") for d in ("18", "19", "20", "21")]
    found = time_bins(articles)
    assert found["unit"] == "week"
    assert [b["start"] for b in found["bins"]] == ["2024-03-04", "2024-03-11", "2024-03-18"]
    assert [b["few"] for b in found["bins"]] == [True, True, False]
    assert found["bins"][2]["articles"] == 4 >= FEW_ARTICLES
    # The share and its 95% interval: 4 anonymous of 16 quotes.
    last = found["bins"][2]
    assert last["anonymous_share"] == 0.25 and last["anonymous_low"] < 0.25 < last["anonymous_high"]


def test_a_date_coarser_than_the_unit_is_counted_not_placed():
    found = time_bins([_article("2024-01-10"), _article("2024-02-02"), _article("2024", quotes=7)])
    assert found["unit"] == "week"
    assert found["unplaced_articles"] == 1 and found["unplaced_quotes"] == 7
    assert sum(b["articles"] for b in found["bins"]) == 2
    placed = time_bins([_article("2024-01-10"), _article("2024-02-02")])
    assert placed["unplaced_articles"] == 0


def test_the_time_chart_puts_bins_on_a_real_date_axis():
    found = time_bins([_article("2016-04-01"), _article("2016-05-01"), _article("2019-04-01")])
    assert found["unit"] == "month"
    svg = str(charts.anonymous_over_time(found))
    starts = re.findall(r'<g class="bin[^"]*" data-start="([0-9-]+)"', svg)
    assert starts == ["2016-04-01", "2016-05-01", "2019-04-01"]
    xs = [float(x) for x in re.findall(r'<g class="bin[^"]*" data-start="[0-9-]+" data-articles="\d+"><rect x="([0-9.]+)"', svg)]
    # A month apart, then three years apart: the gaps are in proportion (not evenly spaced).
    assert (xs[2] - xs[1]) / (xs[1] - xs[0]) > 30
    assert "articles per month" in svg and "fewer than 3 articles" in svg


def test_outlet_shares_carry_their_n_and_interval_and_mark_small_outlets():
    rows = [{"outlet": "Harbour Times", "articles": 6, "quotes": 20,
             "named": {"count": 15, "share": 0.75, "low": 0.53, "high": 0.89},
             "partial": {"count": 0, "share": 0.0, "low": 0.0, "high": 0.16},
             "pseudonym": {"count": 0, "share": 0.0, "low": 0.0, "high": 0.16},
             "anonymous": {"count": 5, "share": 0.25, "low": 0.11, "high": 0.47},
             "not-applicable": {"count": 0, "share": 0.0, "low": 0.0, "high": 0.16},
             "unknown": {"count": 0, "share": 0.0, "low": 0.0, "high": 0.16}},
            {"outlet": "Valley Post", "articles": 1, "quotes": 0,
             **{k: {"count": 0, "share": None, "low": None, "high": None}
                for k in charts.IDENTITY_ORDER}}]
    svg = str(charts.outlet_shares(rows))
    assert "anonymous 25%" in svg and "[11–47%]" in svg and "n = 20 quotes, 6 articles" in svg
    assert '<g class="outlet">' in svg and '<g class="outlet few">' in svg
    assert "n = 0 quotes, 1 article (too few)" in svg and "no quotes" in svg


def test_the_view_state_names_every_filter_and_gives_a_url_with_only_those_set():
    empty = view_state(Filters())
    assert empty["url"] == "/corpus" and empty["parts"] == ["all outlets", "any date", "no text search"]
    assert not empty["filtered"]
    some = view_state(Filters(outlet="Harbour Times", since="2021-03", search="ferry & bridge"))
    assert some["url"] == "/corpus?outlet=Harbour+Times&since=2021-03&q=ferry+%26+bridge"
    assert some["parts"] == ["outlet Harbour Times", "from 2021-03", "quotes containing “ferry & bridge”"]


TYPES_TEXT = (
    "“The bridge will open in May,” said Nora Field, the city engineer.\n\n"
    "Nora Field said the ferry would keep running until then.\n\n"
    "Tim Ash, the harbour master, called the plan “a fair compromise for everyone.”"
)


def test_each_piece_knows_its_quote_type_and_speaker_number(analyze):
    view = article_view(analyze(TYPES_TEXT))
    firsts = [p for para in view.paragraphs for p in para if p.first]
    assert {p.type for p in firsts} >= {"direct", "indirect"}
    assert all(p.number for p in firsts)
    numbers = {s.name: s.number for s in view.speakers}
    tips = view.tips
    assert all(tips[p.quote]["number"] == p.number for p in firsts)
    assert all(tips[p.quote]["type_label"] in ("direct quote", "reported speech", "mixed: partly quoted")
               for p in firsts)
    assert sorted(n for n in numbers.values() if n) == list(range(1, len(view.article.speakers) + 1))


FIRST = ["Ada", "Ben", "Cleo", "Dev", "Edna", "Femi", "Gus", "Hana", "Ivo", "Jun", "Kai", "Lena",
         "Milo", "Nia", "Otto", "Pia", "Raj", "Sol", "Tess", "Uma", "Vic", "Wes", "Yara", "Zed"]
LAST = ["Moreau", "Okafor", "Lindqvist", "Tanaka", "Petrov", "Alvarez", "Nakamura", "Haddad", "Kowalski",
        "Brennan", "Oyelaran", "Castellano", "Varga", "Mbeki", "Sorensen", "Quispe", "Iyer", "Fontaine",
        "Abernathy", "Delacroix", "Rasmussen", "Takahashi", "Villanueva", "Zielinski"]


def test_twenty_four_speakers_get_twenty_four_different_colours(analyze):
    text = "\n\n".join(f"“The tide is turning for district {n + 1},” said {f} {l}, a local volunteer."
                      for n, (f, l) in enumerate(zip(FIRST, LAST)))
    view = article_view(analyze(text))
    named = [s for s in view.speakers if s.id]
    assert len(named) >= 20, [s.name for s in named]
    assert len({s.colour for s in named}) == len(named) <= PALETTE_SIZE
    # Each quote carries its speaker's colour and number, so the side panel is the key.
    speaker_of = {q.id: q.speaker_id for q in view.article.quotes}
    colour_of = {s.id: (s.colour, s.number) for s in named}
    firsts = [p for para in view.paragraphs for p in para if p.first and speaker_of[p.quote] in colour_of]
    assert len(firsts) >= 20
    assert all((p.colour, p.number) == colour_of[speaker_of[p.quote]] for p in firsts)


def test_the_stylesheet_draws_every_palette_colour_differently():
    css = (Path(charts.__file__).parent / "static" / "app.css").read_text()
    looks = set()
    for n in range(PALETTE_SIZE):
        rule = re.search(rf"\.c{n} \{{ --sp: var\(--(c\d+)\); \}}", css)
        assert rule, f"c{n} has no colour"
        striped = re.search(rf"\.c{n}[,\s][^{{}}]*\{{ --pattern", css) is not None
        looks.add((rule.group(1), striped))
    assert len(looks) == PALETTE_SIZE
