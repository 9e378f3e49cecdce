"""Print candidate passages for the sourcing evaluation: paragraphs that use a sourcing form.

Run from the repo root:
    .venv/bin/python evaluation/sources/collect_candidates.py ../shared/data/polnear/train/text train
    .venv/bin/onrecord analyze --format jsonl ../shared/data/pages > /tmp/pages.jsonl
    .venv/bin/python evaluation/sources/collect_candidates.py /tmp/pages.jsonl pages

Each line is JSON: split, file, start, end (character offsets into the file's text, or into the
analysed page text for pages), the forms found and the text. The candidates are only a reading
list: every passage kept in real.jsonl was read and annotated by hand, many were cut to the
sentence(s) that matter, and candidates with nothing to annotate were dropped.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

FORMS = [
    "anonymity", "declined to", "did not respond", "didn't respond", "familiar with", "not authorized",
    "could not be reached", "would not say", "no evidence", "without offering", "independently",
    "allegedly", "reportedly", "denied", "disput", "not to be identified", "first name", "not be named",
    "did not return", "unverified", "purportedly", "not her real name", "not his real name",
    "refused to", "no comment", "unnamed", "speaking on condition", "rejected", "alleged",
]
PATTERN = re.compile("|".join(re.escape(f) for f in FORMS), re.IGNORECASE)


def paragraphs(text: str):
    """(start, end) of every non-empty paragraph (blank-line or line separated)."""
    for match in re.finditer(r"[^\n]+", text):
        if match.group().strip():
            yield match.start(), match.end()


def texts(source: Path):
    if source.suffix == ".jsonl":
        for line in source.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            yield record["id"], record["text"]
    else:
        for path in sorted(source.glob("*.txt")):
            yield path.name, path.read_text(encoding="utf-8")


def main(source: str, split: str) -> None:
    for name, text in texts(Path(source)):
        for start, end in paragraphs(text):
            found = sorted({m.group().lower() for m in PATTERN.finditer(text, start, end)})
            if found:
                print(json.dumps({"split": split, "file": name, "start": start, "end": end,
                                  "forms": found, "text": text[start:end]}, ensure_ascii=False))


if __name__ == "__main__":
    main(*sys.argv[1:3])
