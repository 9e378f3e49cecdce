"""The outlet: who did the reporting, from the page's facts or the article's words, and where it was found."""

from __future__ import annotations

from onrecord.sourcing.outlet import find_outlet

WIRE_TEXT = ("The pier will close for two weeks, officials said. CNN could not confirm the date of the work, "
             "and CNN has reached out to the harbour board for its plans.")
DESK_TEXT = ("The pier will close for two weeks, the harbourmaster told Herald Business on Monday. "
             "A board member told Herald Business the dredging would start in May.")


def test_the_reporter_the_page_declares_is_the_outlet_with_where_it_was_found():
    outlet = find_outlet(WIRE_TEXT, "Newsreel", None, site_found_in="og:site_name",
                         reporter="Valley Courier", reporter_found_in="json-ld provider")
    assert (outlet.name, outlet.source, outlet.found_in) == ("Valley Courier", "metadata", "json-ld provider")


def test_the_site_name_is_the_outlet_with_the_page_fact_that_gave_it():
    outlet = find_outlet("The pier will close for two weeks, officials said.", "Harbor Light", None,
                         site_found_in="json-ld publisher")
    assert (outlet.name, outlet.found_in) == ("Harbor Light", "json-ld publisher")


def test_a_news_organisation_named_twice_as_reporter_beats_an_aggregators_site_name():
    outlet = find_outlet(WIRE_TEXT, "Newsreel", None, site_found_in="og:site_name")
    assert (outlet.name, outlet.source, outlet.found_in) == ("CNN", "text", "text")


def test_the_sites_own_desk_named_twice_does_not_beat_the_site_name():
    outlet = find_outlet(DESK_TEXT, "The Harbor Herald", None, site_found_in="json-ld publisher")
    assert (outlet.name, outlet.found_in) == ("The Harbor Herald", "json-ld publisher")


def test_another_paper_named_twice_beats_the_site_name():
    text = DESK_TEXT.replace("Herald Business", "Valley Herald")
    outlet = find_outlet(text, "The Harbor Herald", None, site_found_in="json-ld publisher")
    assert (outlet.name, outlet.found_in) == ("Valley Herald", "text")


def test_without_metadata_the_text_names_the_outlet():
    outlet = find_outlet(WIRE_TEXT)
    assert (outlet.name, outlet.found_in) == ("CNN", "text")


def test_the_listing_says_where_the_outlet_and_the_site_were_found():
    from onrecord.output import to_text
    from onrecord.records import Article, Outlet

    article = Article(id="a", text="The pier will close.", site_name="Newsreel", site_name_found_in="og:site_name",
                      outlet=Outlet(name="Valley Courier", source="metadata", found_in="json-ld provider"))
    listing = to_text(article)
    assert "Outlet: Valley Courier (from the json-ld provider)" in listing
    assert "Published on: Newsreel (from the og:site_name)" in listing


def test_the_listing_names_the_site_once_when_it_is_the_outlet():
    from onrecord.output import to_text
    from onrecord.records import Article, Outlet

    article = Article(id="a", text="The pier will close.", site_name="Newsreel", site_name_found_in="og:site_name",
                      outlet=Outlet(name="Newsreel", source="metadata", found_in="og:site_name"))
    listing = to_text(article)
    assert "Outlet: Newsreel (from the og:site_name)" in listing and "Published on" not in listing
