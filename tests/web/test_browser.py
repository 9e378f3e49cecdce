"""The real pages in headless Chromium (Debian's package, driven by Playwright) against a live server.

Screenshots go to the session's screenshot folder (pytest tmp dir, or
``$ONRECORD_SCREENSHOTS``): ``ONRECORD_SCREENSHOTS=docs`` refreshes
``docs/screenshot-{analyze,article,speaker,corpus}.png``, the pictures of the README's tour.
"""

from __future__ import annotations

import pytest

from onrecord.web.assets import sample_text

pytestmark = pytest.mark.slow

SAMPLE_SPEAKERS = {"Caesar", "Silent", "Vinnie", "Yevgeny Prigozhin"}


def test_paste_the_founding_sample_and_see_every_quote_by_speaker(page, live_server, output_dir):
    page.goto(live_server + "/")
    page.fill("#text", sample_text())
    page.click("#analyze-button")
    page.wait_for_selector("#speaker-panel")
    quote_data = page.evaluate("JSON.parse(document.getElementById('quote-data').textContent)")
    assert len(quote_data) >= 30
    # Every quote is highlighted: one focusable mark per quote, in the panel under the right speaker.
    marked = page.eval_on_selector_all("mark.q[tabindex='0']", "els => els.map(e => e.id)")
    assert sorted(marked) == sorted(quote_data)
    names = set(page.eval_on_selector_all("#speaker-panel .speaker-name", "els => els.map(e => e.textContent)"))
    assert SAMPLE_SPEAKERS <= names
    for name in SAMPLE_SPEAKERS:
        section = page.locator("#speaker-panel .speaker", has=page.locator(".speaker-name", has_text=name))
        listed = section.locator("a[data-jump]").evaluate_all("els => els.map(e => e.dataset.jump)")
        assert listed, name
        for quote_id in listed:
            assert quote_data[quote_id]["speaker"] == name
            colour = quote_data[quote_id]["colour"]
            assert "q " + colour in page.get_attribute(f"#{quote_id}", "class")
    # Hover a Caesar quote: the card names the speaker, identity, descriptors.
    caesar = next(q for q, d in quote_data.items() if d["speaker"] == "Caesar" and d["descriptors"])
    page.hover(f"#{caesar}")
    tip = page.locator("#tip")
    tip.wait_for(state="visible")
    assert "Caesar" in tip.inner_text() and "pseudonym" in tip.inner_text() and "soldier" in tip.inner_text()
    page.screenshot(path=str(output_dir / "analyze-pasted.png"))
    # Keyboard focus shows the card too.
    prigozhin = next(q for q, d in quote_data.items() if d["speaker"] == "Yevgeny Prigozhin")
    page.focus(f"#{prigozhin}")
    assert "Yevgeny Prigozhin" in tip.inner_text() and "named" in tip.inner_text()
    assert not page.js_errors, page.js_errors


def test_the_sample_is_one_click_away(page, live_server, output_dir):
    page.goto(live_server + "/")
    page.click("#try-sample")
    page.wait_for_selector("#speaker-panel")
    assert page.locator("mark.q").count() > 30
    first = page.locator("mark.q[tabindex='0']").first
    first.hover()
    page.locator("#tip").wait_for(state="visible")
    page.screenshot(path=str(output_dir / "screenshot-analyze.png"))
    assert not page.js_errors, page.js_errors


def test_script_in_pasted_text_runs_nothing(page, live_server):
    page.goto(live_server + "/")
    page.fill("#text", "<script>window.__pwned = 1</script><img src=x onerror='window.__pwned = 2'> "
                       "“Hello,” said Ann Lee.")
    page.click("#analyze-button")
    page.wait_for_selector("#article-text")
    assert page.evaluate("window.__pwned === undefined")
    assert "<script>window.__pwned = 1</script>" in page.inner_text("#article-text")


def test_an_oversized_file_gets_a_clear_message(page, live_server, tmp_path):
    big = tmp_path / "big.txt"
    big.write_bytes(b"word " * 500_000)  # 2.5 MB, over the 2 MB cap
    page.goto(live_server + "/")
    page.set_input_files("#file", str(big))
    page.click("#analyze-button")
    message = page.locator("#form-message")
    message.wait_for(state="visible")
    assert "the limit is 2.0 MB" in message.inner_text()


def test_open_a_speaker_page_from_the_corpus(page, live_server, output_dir):
    page.goto(live_server + "/corpus")
    page.click("#chart-speakers a:has-text('Yevgeny Prigozhin')")
    page.wait_for_selector("#speaker-name")
    assert page.inner_text("#speaker-name") == "Yevgeny Prigozhin"
    sections = page.locator(".speaker-article")
    assert sections.count() == 2
    assert "2023-02-20" in sections.nth(0).inner_text() and "2023-03-14" in sections.nth(1).inner_text()
    assert "Russian oligarch" in page.inner_text("main")
    page.screenshot(path=str(output_dir / "screenshot-speaker.png"), full_page=True)
    # On to the article, whose damaged paragraphs are shaded.
    sections.nth(0).locator("h2 a").click()
    page.wait_for_selector("#article-text")
    assert page.locator("#article-text .damaged").count() > 0
    shade = page.eval_on_selector("#article-text span.damaged", "e => getComputedStyle(e).backgroundColor")
    assert shade not in ("rgba(0, 0, 0, 0)", "transparent")
    assert not page.js_errors, page.js_errors


def test_the_corpus_charts_load_and_filter(page, live_server, output_dir):
    page.goto(live_server + "/corpus")
    for chart in ("#chart-outlets", "#chart-anonymous", "#chart-speakers"):
        box = page.locator(chart).bounding_box()
        assert box and box["width"] > 300 and box["height"] > 60, chart
    assert page.locator("#chart-outlets rect.id-pseudonym").count() >= 1
    page.screenshot(path=str(output_dir / "screenshot-corpus.png"), full_page=True)
    page.select_option("#outlet", "Evening Ledger")
    page.fill("#q", "library")
    page.click("#filters button")
    page.wait_for_selector("#search-results")
    assert "keeps every library open" in page.inner_text("#search-results")
    assert page.locator("#articles tbody tr").count() == 2
    assert not page.js_errors, page.js_errors


def test_outlet_bars_are_shares_with_their_n_and_interval(page, live_server):
    page.goto(live_server + "/corpus")
    bars = page.locator("#chart-outlets g.outlet")
    assert bars.count() == 3
    for n in range(bars.count()):
        bar = bars.nth(n)
        widths = bar.locator("rect").evaluate_all("els => els.map(e => e.getBoundingClientRect().width)")
        full = page.locator("#chart-outlets").evaluate("svg => svg.getBoundingClientRect().width * 330 / 720")
        assert abs(sum(widths) - full) < 2, widths  # the shares fill the bar: 100%, whatever the count
        text = bar.text_content()
        assert "n = " in text and "%]" in text
    # Every outlet of the test corpus has one or two articles: all are marked as too few.
    assert page.locator("#chart-outlets g.outlet.few").count() == 3


def test_the_time_chart_has_a_real_date_axis_and_articles_per_bin(page, live_server):
    page.goto(live_server + "/corpus")
    assert "by week" in page.inner_text("#time-shares h2")  # two months of dates: weekly bins
    bins = page.locator("#chart-anonymous g.bin")
    starts = bins.evaluate_all("els => els.map(e => e.dataset.start)")
    assert starts == ["2023-02-20", "2023-03-13", "2023-03-27", "2023-04-17"]
    lefts = bins.evaluate_all("els => els.map(e => e.querySelector('rect').getBoundingClientRect().left)")
    # Three weeks, two weeks, three weeks apart: positions in proportion to time.
    assert abs((lefts[1] - lefts[0]) / (lefts[2] - lefts[1]) - 1.5) < 0.05
    assert abs((lefts[3] - lefts[2]) / (lefts[2] - lefts[1]) - 1.5) < 0.05
    # One article each: every bin hatched as too thin, and its article count shown under the axis.
    fills = bins.evaluate_all("els => els.map(e => getComputedStyle(e.querySelector('rect')).fill)")
    assert all("few-hatch" in f for f in fills), fills
    assert page.locator("#chart-anonymous rect.articles-bar").count() >= 4


def test_filters_show_their_state_and_the_url_reproduces_the_view(page, live_server, browser):
    page.goto(live_server + "/corpus")
    assert page.locator("#filters [placeholder]").count() == 0
    assert page.inner_text("#view-state").startswith("Showing all outlets · any date · no text search")
    page.select_option("#outlet", "Evening Ledger")
    page.fill("#since", "2023-04")
    page.fill("#q", "library")
    page.click("#filters button")
    page.wait_for_selector("#search-results")
    url = page.url
    assert url == live_server + page.get_attribute("#view-link", "href")
    assert "until=" not in url  # empty fields stay out of the address
    state = page.inner_text("#view-state")
    assert "outlet Evening Ledger" in state and "from 2023-04" in state and "“library”" in state
    # Someone else opens the address: the same view, filters filled in.
    other = browser.new_page()
    other.goto(url)
    assert other.inner_text("#view-state") == state
    assert other.input_value("#since") == "2023-04" and other.input_value("#q") == "library"
    assert other.inner_text("#search-results") == page.inner_text("#search-results")
    other.close()
    page.click("#reset")
    page.wait_for_selector("#view-state")
    assert page.url == live_server + "/corpus"


def _assert_quote_shown(page, quote_id):
    """The article page opened at ``#quote_id``: the quote is scrolled into view and every piece of it highlighted."""
    page.wait_for_selector("#article-text")
    assert page.url.endswith("#" + quote_id)
    pieces = page.locator(f'#article-text [data-quote="{quote_id}"].targeted')
    assert pieces.count() >= 1
    assert page.locator(f"#article-text mark.targeted:not([data-quote='{quote_id}'])").count() == 0
    box = page.locator(f"#{quote_id}").bounding_box()
    assert 0 <= box["y"] <= page.viewport_size["height"] - box["height"], box
    page.locator("#tip").wait_for(state="visible")


def test_a_quote_on_the_speaker_page_opens_its_place_in_the_article(page, live_server, output_dir):
    page.goto(live_server + "/corpus")
    page.click("#chart-speakers a:has-text('Caesar')")
    page.wait_for_selector("#speaker-name")
    links = page.locator("a.quote-link")
    assert links.count() >= 10
    target = links.nth(8)
    href = target.get_attribute("href")
    quote_id = href.split("#")[1]
    words = target.inner_text()[:30]
    target.click()
    _assert_quote_shown(page, quote_id)
    assert words in page.locator(f"#{quote_id}").evaluate(
        "e => Array.from(document.querySelectorAll('[data-quote=\"' + e.dataset.quote + '\"]'))"
        ".map(p => p.textContent).join('')")
    page.screenshot(path=str(output_dir / "screenshot-article.png"))
    assert not page.js_errors, page.js_errors


def test_a_quote_found_on_the_corpus_page_opens_its_place_in_the_article(page, live_server):
    page.goto(live_server + "/corpus?q=waited+three+years")
    link = page.locator("#search-results a.quote-link")
    assert link.count() == 1
    quote_id = link.get_attribute("href").split("#")[1]
    link.click()
    _assert_quote_shown(page, quote_id)


def test_direct_reported_and_mixed_speech_differ_in_shape_not_only_colour(page, live_server):
    page.goto(live_server + "/analyze/sample")
    page.wait_for_selector("#article-text")
    looks = {}
    for kind in ("direct", "indirect", "mixed"):
        first = page.locator(f"mark.q.first.t-{kind}").first
        assert first.count() == 1, kind
        looks[kind] = first.evaluate("e => [getComputedStyle(e).borderBottomStyle, "
                                     "getComputedStyle(e, '::before').content]")
    assert len({look[0] for look in looks.values()}) == 3, looks  # none, dashed, dotted
    assert len({look[1] for look in looks.values()}) == 3, looks  # each start has its own glyph
    legend = page.inner_text(".legend-bar")
    assert "direct quote" in legend and "reported speech" in legend and "mixed" in legend
