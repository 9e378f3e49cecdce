"""The pages table: onrecord's page facts on the 24 real pages and the founding sample, beside a reading by hand.

Runs onrecord on every page in ``../shared/data/pages`` and on the founding sample,
compares outlet, site_name, title, date and author with ``docs/pages_expected.json``
(read on each page by hand) and writes ``docs/pages.md``: what onrecord gives, what
the page says, a "right?" mark per field, the lines flagged as page furniture, and
whether any quote, speaker mention or other warning overlaps furniture. The totals
row counts fields right out of 24 x 5; the sample has its own table.

    .venv/bin/python scripts/pages_table.py [--out docs/pages.md]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from onrecord.ingest import iter_inputs
from onrecord.ingest.errors import InputError
from onrecord.pipeline import analyze_many
from onrecord.records import Article, Offsets

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data"
PAGES = DATA / "pages"
SAMPLE = DATA / "samples" / "russians-fighting-for-ukraine.txt"
EXPECTED = REPO / "docs" / "pages_expected.json"
FIELDS = ("outlet", "site_name", "title", "date", "author")
_SAME_CHARACTER = str.maketrans({"\u2018": "'", "\u2019": "'", "\u2032": "'", "\u201c": '"', "\u201d": '"'})


def given(article: Article) -> dict[str, str | None]:
    """The five page facts as onrecord's record gives them."""
    return {
        "outlet": article.outlet.name if article.outlet is not None else None,
        "site_name": article.site_name,
        "title": article.title,
        "date": article.published[:10] if article.published else None,
        "author": article.author,
    }


def _comparable(value: str | None) -> str | None:
    return " ".join(value.translate(_SAME_CHARACTER).casefold().split()) if value else None


def is_right(value: str | None, expected: str | list[str] | None) -> bool:
    """Whether onrecord's value is the hand reading, or one of its accepted names (case and quote marks aside)."""
    accepted = expected if isinstance(expected, list) else [expected]
    return _comparable(value) in {_comparable(a) for a in accepted}


def _overlaps(spans: list[Offsets], others: list[Offsets]) -> bool:
    return any(s < oe and os < e for s, e in spans for os, oe in others)


def furniture_leaks(article: Article) -> tuple[int, list[str]]:
    """Furniture warnings, and what overlaps their spans: quotes, speaker mentions, other warnings."""
    furniture = [w for w in article.warnings if w.code == "furniture"]
    spans = [s for w in furniture for s in w.spans]
    leaks = []
    for quote in article.quotes:
        parts = [quote.content] + [p for p in (quote.cue, quote.source) if p is not None]
        if any(_overlaps(p.spans, spans) for p in parts):
            leaks.append(f"quote {quote.id}")
    leaks += [f"speaker {s.id}" for s in article.speakers if _overlaps(s.mentions, spans)]
    leaks += [f"warning {w.code}" for w in article.warnings if w.code != "furniture" and _overlaps(w.spans, spans)]
    return len(furniture), leaks


def _cell(value: str | None) -> str:
    if value is None:
        return "—"
    return " ".join(value.split()).replace("|", "\\|")


def _expected_cell(expected: str | list[str] | None) -> str:
    return " / ".join(_cell(e) for e in expected) if isinstance(expected, list) else _cell(expected)


def table(rows: list[tuple[str, Article]], expected: dict) -> tuple[list[str], int]:
    """Markdown lines of one table, and the number of fields right."""
    head = ["page"]
    for field in FIELDS:
        head += [field, f"{field} on the page", "right?"]
    head += ["furniture lines", "furniture in quotes, speakers, warnings"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    right_total, furniture_total, leak_total = 0, 0, 0
    for name, article in rows:
        facts, reading = given(article), expected[name]
        cells = [name]
        for field in FIELDS:
            right = is_right(facts[field], reading[field])
            right_total += right
            cells += [_cell(facts[field]), _expected_cell(reading[field]), "yes" if right else "**no**"]
        count, leaks = furniture_leaks(article)
        furniture_total += count
        leak_total += len(leaks)
        cells += [str(count), ", ".join(leaks) if leaks else "none"]
        lines.append("| " + " | ".join(cells) + " |")
    total = ["**total**"] + [""] * (3 * len(FIELDS) - 1)
    total[-1] = f"**{right_total} of {len(rows) * len(FIELDS)}**"
    total += [str(furniture_total), str(leak_total)]
    lines.append("| " + " | ".join(total) + " |")
    return lines, right_total


def analyzed(paths: list[Path]) -> list[tuple[str, Article]]:
    raws = []
    for raw in iter_inputs(paths):
        if isinstance(raw, InputError):
            raise SystemExit(f"pages_table: {raw}")
        raws.append(raw)
    return [(Path(a.path).name, a) for a in analyze_many(raws)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "pages.md")
    args = parser.parse_args(argv)
    if not PAGES.is_dir() or not SAMPLE.is_file():
        print(f"pages_table: {PAGES} or {SAMPLE} not found: the shared data sits beside the repository", file=sys.stderr)
        return 2
    expected = json.loads(EXPECTED.read_text(encoding="utf-8"))
    pages = sorted(PAGES.glob("*.html"))
    missing = [p.name for p in pages + [SAMPLE] if p.name not in expected]
    if missing:
        print(f"pages_table: {EXPECTED} has no reading for {', '.join(missing)}", file=sys.stderr)
        return 2
    results = analyzed(pages + [SAMPLE])
    page_lines, right = table(results[:-1], expected)
    sample_lines, sample_right = table(results[-1:], expected)
    text = [
        "# Page facts on real pages",
        "",
        "Made by `scripts/pages_table.py` (run it to remake this file): onrecord's outlet, site_name,",
        "title, date and author on the 24 pages in `../shared/data/pages`, beside the page's own facts",
        "read by hand (`docs/pages_expected.json`); `—` is none. \"furniture lines\" counts warnings with",
        "code `furniture`; the last column names any quote, speaker mention or other warning overlapping one.",
        "",
        *page_lines,
        "",
        "## The founding sample",
        "",
        *sample_lines,
        "",
    ]
    args.out.write_text("\n".join(text), encoding="utf-8")
    print(f"pages: {right} of {len(pages) * len(FIELDS)} fields right; sample: {sample_right} of {len(FIELDS)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
