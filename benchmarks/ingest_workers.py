"""Ingest throughput with ``--workers 1`` and ``--workers 2`` (issue 6 asks >= 1.7x).

    python benchmarks/ingest_workers.py [TEXT_DIR] [--workers 1 2]

Runs ``onrecord ingest TEXT_DIR --db <fresh tmp db> --workers N`` as a
subprocess for each N (a fresh database each time, so every article is
analyzed), measures articles stored / wall time of the whole command (model loading
included) and the CPU time of all its processes, and prints a Markdown
table. The machine must be otherwise idle: the load average is printed so a
contended run can be told apart. Default TEXT_DIR: ../shared/data/polnear/train/text.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DEFAULT = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "polnear" / "train" / "text"


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run(text_dir: Path, workers: int) -> tuple[int, float, float, float]:
    cpu_before = _children_cpu()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.duckdb"
        started = time.monotonic()
        proc = subprocess.run(
            [str(Path(sys.executable).parent / "onrecord"), "ingest", str(text_dir), "--db", str(db), "--workers", str(workers),
             "--no-progress"],
            capture_output=True, text=True, check=False,
        )
        wall = time.monotonic() - started
    if proc.returncode not in (0, 1):
        raise SystemExit(proc.stderr)
    match = re.search(r"(\d+) article\(s\) stored", proc.stderr)
    stored = int(match.group(1)) if match else 0
    return stored, wall, stored / wall, _children_cpu() - cpu_before


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("text_dir", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--workers", nargs="+", type=int, default=[1, 2])
    args = parser.parse_args()
    print(f"machine: {platform.platform()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"input: {args.text_dir}")
    print(f"load average before: {os.getloadavg()[0]:.2f}\n")
    print("| workers | articles | wall s | articles/s | speed-up | CPU s (all processes) | load avg after |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    base = None
    for n in args.workers:
        stored, wall, rate, cpu = run(args.text_dir, n)
        base = base or rate
        print(f"| {n} | {stored} | {wall:.1f} | {rate:.2f} | {rate / base:.2f}x | {cpu:.1f} | "
              f"{os.getloadavg()[0]:.2f} |", flush=True)


if __name__ == "__main__":
    main()
