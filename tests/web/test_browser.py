"""The real pages in headless Chromium (Debian's package, driven by Playwright) against a live server.

Screenshots go to the session's screenshot folder (pytest tmp dir, or
``$ONRECORD_SCREENSHOTS``); ``docs/screenshot-analyze.png`` is one of them.
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
    page.screenshot(path=str(output_dir / "speaker.png"), full_page=True)
    # On to the article, whose damaged paragraphs are shaded.
    sections.nth(0).locator("h2 a").click()
    page.wait_for_selector("#article-text")
    assert page.locator("#article-text .damaged").count() > 0
    shade = page.eval_on_selector("#article-text span.damaged", "e => getComputedStyle(e).backgroundColor")
    assert shade not in ("rgba(0, 0, 0, 0)", "transparent")
    page.screenshot(path=str(output_dir / "article.png"))
    assert not page.js_errors, page.js_errors


def test_the_corpus_charts_load_and_filter(page, live_server, output_dir):
    page.goto(live_server + "/corpus")
    for chart in ("#chart-outlets", "#chart-anonymous", "#chart-speakers"):
        box = page.locator(chart).bounding_box()
        assert box and box["width"] > 300 and box["height"] > 60, chart
    assert page.locator("#chart-outlets rect.id-pseudonym").count() >= 1
    assert page.locator("#chart-anonymous rect.id-anonymous:has(title)").count() == 3
    page.screenshot(path=str(output_dir / "corpus.png"), full_page=True)
    page.select_option("#outlet", "Evening Ledger")
    page.fill("#q", "library")
    page.click("#filters button")
    page.wait_for_selector("#search-results")
    assert "keeps every library open" in page.inner_text("#search-results")
    assert page.locator("#articles tbody tr").count() == 2
    assert not page.js_errors, page.js_errors
