"""Page furniture on analyzed pages: lines found, and whether any became a quote, speaker or warning.

    onrecord analyze --format jsonl ../shared/data/pages > pages.jsonl
    python scripts/furniture_check.py pages.jsonl [--markdown]

For every record it finds the furniture lines of its text again
(``onrecord.ingest.furniture.find_furniture`` plus the lexicon's whole-line
phrases in ``damage.is_furniture``), so that output made before the furniture
rules existed is measured by the same lines, and counts the quotes whose
content, the speakers whose mentions and the warnings other than furniture
codes that touch one. It also counts quotes flagged ``headline`` and
``lead-lost`` warnings. Exit status 2 when the file cannot be read.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from onrecord.ingest.damage import FURNITURE_CODES, is_furniture
from onrecord.ingest.furniture import find_furniture

COLUMNS = ["page", "furniture lines", "quotes in them", "speakers in them", "warnings on them",
           "headline quotes", "lead-lost"]


def _lines(text: str) -> list[tuple[int, int]]:
    spans = {f.span for f in find_furniture(text)}
    pos = 0
    for raw in text.splitlines(keepends=True):
        stripped = raw.strip()
        if stripped and is_furniture(stripped):
            start = pos + len(raw) - len(raw.lstrip())
            spans.add((start, start + len(stripped)))
        pos += len(raw)
    return sorted(spans)


def _touch(spans, lines) -> bool:
    return any(s < le and ls < e for s, e in spans for ls, le in lines)


def row(record: dict) -> list:
    lines = _lines(record["text"])
    quotes = sum(_touch(q["content"]["spans"], lines) for q in record["quotes"])
    speakers = sum(_touch(s["mentions"], lines) for s in record["speakers"])
    warnings = sum(_touch(w["spans"], lines) for w in record["warnings"] if w["code"] not in FURNITURE_CODES)
    headline = sum("headline" in q["flags"] for q in record["quotes"])
    lost = sum(w["code"] == "lead-lost" for w in record["warnings"])
    return [Path(record.get("path") or record["id"]).name, len(lines), quotes, speakers, warnings, headline, lost]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("jsonl", type=Path)
    parser.add_argument("--markdown", action="store_true", help="a Markdown table instead of tab-separated")
    args = parser.parse_args(argv)
    try:
        records = [json.loads(line) for line in args.jsonl.read_text(encoding="utf-8").splitlines() if line.strip()]
    except (OSError, ValueError) as exc:
        print(f"{args.jsonl}: cannot read onrecord JSONL ({exc})", file=sys.stderr)
        return 2
    rows = [row(r) for r in records]
    rows.append(["total", *(sum(r[i] for r in rows) for i in range(1, len(COLUMNS)))])
    sep = " | " if args.markdown else "\t"
    print(("| " if args.markdown else "") + sep.join(COLUMNS) + (" |" if args.markdown else ""))
    if args.markdown:
        print("|" + "---|" * len(COLUMNS))
    for r in rows:
        print(("| " if args.markdown else "") + sep.join(map(str, r)) + (" |" if args.markdown else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
