"""axe-core (bundled by axe-playwright-python) on every page in headless Chromium: no serious or critical violation.

axe checks what a screen-reader or keyboard user meets: names of controls and
links, contrast, landmarks, ARIA used correctly. Minor and moderate findings are
reported in the failure message of a serious one but do not fail the test.
"""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.slow

axe_playwright = pytest.importorskip("axe_playwright_python.sync_playwright",
                                     reason="axe-playwright-python is a test extra")

BLOCKING = {"serious", "critical"}


def _violations(page) -> list[dict]:
    results = axe_playwright.Axe().run(page)
    return results.response["violations"]


def _describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        targets = [" ".join(map(str, n["target"])) for n in v["nodes"][:3]]
        lines.append(f"{v['impact']}: {v['id']} ({len(v['nodes'])} nodes) {v['help']}; e.g. {targets}")
    return "\n".join(lines)


def _assert_accessible(page) -> None:
    found = _violations(page)
    blocking = [v for v in found if v["impact"] in BLOCKING]
    assert not blocking, _describe(found)


def _corpus_ids(page, live_server) -> tuple[str, str]:
    """An article and a speaker of the test corpus, as the corpus page links them."""
    page.goto(live_server + "/corpus")
    article = page.locator("#articles tbody a").first.get_attribute("href")
    speaker = page.locator("#chart-speakers a").first.get_attribute("href")
    return article, speaker


def test_the_analyze_page_and_its_result_pass_axe(page, live_server):
    page.goto(live_server + "/")
    _assert_accessible(page)
    page.click("#try-sample")
    page.wait_for_selector("#speaker-panel")
    _assert_accessible(page)


def test_the_corpus_page_passes_axe_with_and_without_filters(page, live_server):
    page.goto(live_server + "/corpus")
    _assert_accessible(page)
    page.goto(live_server + "/corpus?outlet=Evening+Ledger&q=library")
    page.wait_for_selector("#search-results")
    _assert_accessible(page)


def test_the_article_and_speaker_pages_pass_axe(page, live_server):
    article, speaker = _corpus_ids(page, live_server)
    page.goto(live_server + article)
    page.wait_for_selector("#article-text")
    _assert_accessible(page)
    page.goto(live_server + speaker)
    page.wait_for_selector("#speaker-name")
    _assert_accessible(page)
