"""Write the sourcing gate's floors (quality/sources_floors.json) from the figures at this commit.

    python scripts/sources_floors.py [--output quality/sources_floors.json]

Runs ``onrecord eval --sources evaluation/sources`` in process and keeps, per group, field and
measure, the figure less one standard error (``onrecord.evaluation.sources.floors``).
tests/test_sources_gate.py fails when a figure falls below its floor. Regenerate the floors only
when a change that moves the figures is accepted, and say the figures in the commit message.
"""

from __future__ import annotations

import argparse
import json
import subprocess
from pathlib import Path

from onrecord.evaluation import sources

ROOT = Path(__file__).resolve().parent.parent
PASSAGES = ROOT / "evaluation" / "sources"
COMMAND = "python scripts/sources_floors.py"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=ROOT / "quality" / "sources_floors.json")
    args = parser.parse_args()
    groups, _ = sources.evaluate([PASSAGES], sources.analyze_passages)
    commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
                            capture_output=True, text=True).stdout.strip() or "unknown"
    payload = {"command": COMMAND, "commit": commit, "passages": {g: r["passages"] for g, r in groups.items()},
               "figures": {g: {name: {m: round(row[m]["value"], 4) for m in ("precision", "recall")}
                               for name, row in r["figures"].items()} for g, r in groups.items()},
               "floors": sources.floors(groups)}
    args.output.write_text(json.dumps(payload, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {args.output}")


if __name__ == "__main__":
    main()
