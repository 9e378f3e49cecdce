"""The committed reference: per-document counts of accepted code, which the CI gate compares against.

``quality/reference.json`` holds, for every PolNeAR train and dev article, the
counts ``score`` gives (one row per document, columns named once), the commit
of the code that produced them and the command that did. Counts, not
predictions: they are all the paired bootstrap needs, and a few tens of
kilobytes.
"""

from __future__ import annotations

import json
import subprocess
from dataclasses import astuple, fields
from pathlib import Path

from onrecord.errors import GoldCorpusError
from onrecord.evaluation.bootstrap import RESAMPLES, SEED
from onrecord.evaluation.scoring import DocumentCounts

COLUMNS = [f.name for f in fields(DocumentCounts)]


def code_commit() -> str:
    """The commit of the code being measured (``-dirty`` when it has uncommitted changes),
    or ``unknown`` outside a git checkout."""
    try:
        run = subprocess.run(["git", "describe", "--always", "--dirty", "--abbrev=12"],
                             cwd=Path(__file__).resolve().parent, capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return run.stdout.strip() if run.returncode == 0 and run.stdout.strip() else "unknown"


def write_reference(path: Path, documents: list[DocumentCounts], command: str, folders: list[str]) -> None:
    """Write the reference: a header, then one compact line per document."""
    header = {
        "_comment": "Per-document counts of the accepted code on PolNeAR train and dev. The CI gate "
                    "(tests/test_quality_gate.py) fails when a figure is worse than these beyond noise. "
                    "Regenerate with the command below whenever a change that moves figures is accepted.",
        "commit": code_commit(),
        "command": command,
        "folders": folders,
        "bootstrap": {"resamples": RESAMPLES, "seed": SEED, "over": "documents"},
        "columns": COLUMNS,
    }
    body = ",\n".join("    " + json.dumps(list(astuple(d)), ensure_ascii=False) for d in documents)
    text = json.dumps(header, indent=2, ensure_ascii=False)[:-2] + ',\n  "documents": [\n' + body + "\n  ]\n}\n"
    Path(path).write_text(text, encoding="utf-8")


def read_reference(path: Path) -> tuple[dict, list[DocumentCounts]]:
    """The header and the documents of a reference file. Raises GoldCorpusError naming the file."""
    where = str(path)
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise GoldCorpusError(where, f"cannot read the reference ({exc.strerror})") from exc
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise GoldCorpusError(where, f"not a JSON reference ({exc})") from exc
    if not isinstance(data, dict) or data.get("columns") != COLUMNS or not isinstance(data.get("documents"), list):
        raise GoldCorpusError(where, f"not a reference of this version (expected columns {COLUMNS}); regenerate it")
    documents = []
    for number, row in enumerate(data["documents"], start=1):
        if not isinstance(row, list) or len(row) != len(COLUMNS):
            raise GoldCorpusError(where, f"document row {number} does not have {len(COLUMNS)} columns")
        documents.append(DocumentCounts(*row))
    return {k: v for k, v in data.items() if k != "documents"}, documents


def aligned(current: list[DocumentCounts], reference: list[DocumentCounts],
            where: str) -> list[DocumentCounts]:
    """The reference's counts of the documents of ``current``, in its order.

    A part of the reference may be compared (dev alone, for a quick look); a
    document the reference lacks is a GoldCorpusError (the corpus changed, or
    the reference is of other folders: regenerate it).
    """
    by_name = {d.name: d for d in reference}
    missing = [d.name for d in current if d.name not in by_name]
    if missing:
        raise GoldCorpusError(where, f"{len(missing)} document(s) are not in the reference "
                                     f"(e.g. {missing[0]}); regenerate it or compare the folders it covers")
    return [by_name[d.name] for d in current]
