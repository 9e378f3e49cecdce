"""Turn a PolNeAR partition into JSONL with each article's outlet and date.

PolNeAR's .txt files carry no metadata; its metadata.tsv does. With this
JSONL, `onrecord ingest` knows the outlet of every article, so that
`onrecord report` can give the per-outlet table:

    python scripts/polnear_to_jsonl.py ../shared/data/polnear train > polnear-train.jsonl
    onrecord ingest polnear-train.jsonl --db polnear.duckdb
    onrecord report --db polnear.duckdb
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path


def main(root: str, part: str) -> None:
    folder = Path(root)
    with (folder / "metadata.tsv").open(encoding="utf-8", newline="") as handle:
        rows = {r["filename"]: r for r in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)}
    for path in sorted((folder / part / "text").glob("*.txt")):
        meta = rows.get(path.stem, {})
        record = {
            "id": path.stem,
            "text": path.read_text(encoding="utf-8"),
            "outlet": meta.get("publisher"),
            "published": meta.get("publication_date"),
            "title": meta.get("title"),
        }
        print(json.dumps(record, ensure_ascii=False))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
