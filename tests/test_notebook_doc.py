"""docs/notebook.md runs: its Python blocks, in order, in one namespace, from the repository's root.

The walk analyzes the saved pages of ../shared/data/pages (about half a minute)
and must end with a report whose anonymous shares sit inside their intervals.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "notebook.md"
PAGES = ROOT.parent / "shared" / "data" / "pages"


def python_blocks(text: str) -> list[str]:
    return re.findall(r"^```python\n(.*?)^```", text, flags=re.S | re.M)


def test_the_doc_has_code_to_run():
    blocks = python_blocks(DOC.read_text(encoding="utf-8"))
    assert len(blocks) >= 5
    assert any("onrecord.analyze_many(" in b for b in blocks) and any(".report(" in b for b in blocks)


@pytest.mark.skipif(not PAGES.is_dir(), reason="the saved pages (../shared/data/pages) are not beside the repository")
def test_the_notebook_walk_runs(monkeypatch, capsys):
    pytest.importorskip("pandas")
    monkeypatch.chdir(ROOT)
    namespace: dict = {}
    for number, block in enumerate(python_blocks(DOC.read_text(encoding="utf-8")), start=1):
        exec(compile(block, f"docs/notebook.md block {number}", "exec"), namespace)  # noqa: S102
    printed = capsys.readouterr().out
    table = namespace["table"]
    pages = len(list(PAGES.glob("*.html")))
    assert len(namespace["records"]) == pages and f"{pages} articles;" in printed
    assert len(table) == len(namespace["report"]) - 1 and "(all outlets)" not in table["outlet"].tolist()
    assert table["anonymous_share"].is_monotonic_decreasing
    assert ((table.anonymous_share_low <= table.anonymous_share)
            & (table.anonymous_share <= table.anonymous_share_high)).all()
    assert "nearest outlets: The Intercept" in namespace["empty"].attrs["why_empty"]
    assert "anonymous: " in printed and "95% interval" in printed
