"""Time and memory of one article as its length doubles, on text dense with quotations.

An article's analysis must cost time linear in its length: each doubling of
the text at most 2.2x the time, and the memory it adds no more than doubles.
The text is synthetic news made from templates with varied names and numbers,
nearly every sentence a direct quote or reported speech, so that every stage
that compares attributions with each other is stressed (the all-pairs checks
that once made 400 KB take 68 s lived there).

Each size runs in a fresh process: load the pipeline, warm it on a short
text, then analyze the article once, timed; memory is the peak RSS of the
process less its RSS before the article (what the article itself costs).
The doubling bound reads CPU time, which other jobs on the machine move far
less than wall time; both are printed.

    python benchmarks/doubling.py [--sizes 50 100 200 400] [--check] [--markdown FILE]
    python benchmarks/doubling.py --sizes 2000 --max-seconds 180 --max-peak-mb 1000

``--check`` exits 1 when a doubling costs more than ``--max-ratio`` (2.2) in
time or in added memory; ``--max-seconds`` and ``--max-peak-mb`` bound every
size's time and whole-process peak RSS. ``--markdown`` writes the table.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path

TEMPLATES = (
    "“We will rebuild the {thing},” the mayor of {town} said. Officials said the work would take {n} months.",
    "Residents of {town} said they had waited too long. “Nobody listens to us,” said {name}, a teacher.",
    "{name}, a spokeswoman for the council, said the budget for the {thing} was {n} million. "
    "She added that the plan “is not finished yet.”",
    "According to {name}, the {thing} had been closed since {n}. “It is a scandal,” {name} told reporters.",
    "“I don't know when it will open,” {name} said, “but it will not be this year.”",
    "The minister denied that the {thing} in {town} was unsafe, saying inspectors had found {n} minor faults.",
)
NAMES = ("Ana Ruiz", "Tom Becker", "Priya Nair", "Olu Adeyemi", "Marta Kowalska", "Jin Park", "Sam Ortiz")
TOWNS = ("Eastbridge", "Lowmoor", "Kettering Vale", "Port Almond", "Redfield")
THINGS = ("bridge", "library", "swimming pool", "school", "tram line", "harbour wall")


def dense_text(size_kb: float) -> str:
    """About ``size_kb`` KB of paragraphs from the templates, every one different in its fillers."""
    paragraphs, length, n = [], 0, 0
    while length < size_kb * 1000:
        template = TEMPLATES[n % len(TEMPLATES)]
        paragraph = template.format(
            name=NAMES[(n // 2) % len(NAMES)], town=TOWNS[(n // 3) % len(TOWNS)],
            thing=THINGS[(n // 5) % len(THINGS)], n=n % 97 + 2,
        )
        paragraphs.append(paragraph)
        length += len(paragraph) + 2
        n += 1
    return "\n\n".join(paragraphs) + "\n"


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def measure_one(size_kb: float) -> dict:
    """Analyze one article of ``size_kb`` KB in this process, after a warm-up; time and memory."""
    from onrecord.ingest import RawArticle
    from onrecord.pipeline import analyze_many

    list(analyze_many([RawArticle(id="warm-up", text=dense_text(2))]))
    text = dense_text(size_kb)
    before = _rss_mb()
    start, cpu_start = time.perf_counter(), time.process_time()
    article = next(iter(analyze_many([RawArticle(id=f"dense-{size_kb}", text=text)])))
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"size_kb": size_kb, "chars": len(text), "quotes": len(article.quotes), "seconds": round(seconds, 2),
            "cpu_seconds": round(cpu, 2), "rss_before_mb": round(before, 1), "peak_mb": round(peak, 1),
            "added_mb": round(peak - before, 1)}


def measure(sizes: list[float]) -> list[dict]:
    """Each size in a fresh process of its own, so one size's memory never counts against the next."""
    rows = []
    for size in sizes:
        done = subprocess.run([sys.executable, __file__, "--one", str(size)], capture_output=True, text=True)
        if done.returncode != 0:
            raise SystemExit(f"doubling.py: the {size} KB run failed:\n{done.stderr[-2000:]}")
        rows.append(json.loads(done.stdout.strip().splitlines()[-1]))
    return rows


def problems(rows: list[dict], max_ratio: float, max_seconds: float | None, max_peak_mb: float | None) -> list[str]:
    """What breaks the bounds: a doubling over ``max_ratio`` in time or added memory, or a size over the caps."""
    found = []
    for small, big in zip(rows, rows[1:]):
        growth = big["size_kb"] / small["size_kb"]
        time_ratio = big["cpu_seconds"] / max(small["cpu_seconds"], 0.01)
        memory_ratio = big["added_mb"] / max(small["added_mb"], 10.0)  # below 10 MB it is allocator noise
        if time_ratio > max_ratio * growth / 2:
            found.append(f"{small['size_kb']:g} -> {big['size_kb']:g} KB: CPU time x{time_ratio:.2f}")
        if memory_ratio > max_ratio * growth / 2:
            found.append(f"{small['size_kb']:g} -> {big['size_kb']:g} KB: added memory x{memory_ratio:.2f}")
    for row in rows:
        if max_seconds is not None and row["seconds"] > max_seconds:
            found.append(f"{row['size_kb']:g} KB took {row['seconds']} s (limit {max_seconds:g})")
        if max_peak_mb is not None and row["peak_mb"] > max_peak_mb:
            found.append(f"{row['size_kb']:g} KB peaked at {row['peak_mb']} MB (limit {max_peak_mb:g})")
    return found


def markdown(rows: list[dict], command: str) -> str:
    lines = [
        "| size | characters | quotes | wall s | CPU s | x CPU | peak RSS MB | added MB | x added |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for n, row in enumerate(rows):
        ratio = f"{row['cpu_seconds'] / max(rows[n - 1]['cpu_seconds'], 0.01):.2f}" if n else ""
        added = f"{row['added_mb'] / max(rows[n - 1]['added_mb'], 10.0):.2f}" if n else ""
        lines.append(f"| {row['size_kb']:g} KB | {row['chars']:,} | {row['quotes']:,} | {row['seconds']} "
                     f"| {row['cpu_seconds']} | {ratio} | {row['peak_mb']} | {row['added_mb']} | {added} |")
    machine = f"{platform.machine()}, {os.cpu_count()} cores, {_cpu_model()}, Python {platform.python_version()}"
    load = os.getloadavg()[0]
    return (
        "# Scaling: one article as its length doubles\n\n"
        "Written by `benchmarks/doubling.py` (do not edit by hand; run it again). Synthetic news\n"
        "dense with quotations, each size analyzed in a fresh process after a warm-up; CPU time\n"
        "is the bound CI checks (`tests/test_scaling.py`: each doubling at most 2.2x, and the\n"
        "memory the article adds at most doubling with the same slack), wall time is shown beside\n"
        "it. Peak RSS includes the loaded models (about 300 MB before any article).\n\n"
        f"Command: `{command}`  \nMachine: {machine}; load average {load:.1f} when it finished  \n"
        f"Date: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}\n\n" + "\n".join(lines) + "\n"
    )


def _cpu_model() -> str:
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown CPU"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=float, nargs="+", default=[50, 100, 200, 400], help="sizes in KB")
    parser.add_argument("--one", type=float, help=argparse.SUPPRESS)
    parser.add_argument("--check", action="store_true", help="exit 1 when a bound is broken")
    parser.add_argument("--max-ratio", type=float, default=2.2, help="bound on each doubling's cost")
    parser.add_argument("--max-seconds", type=float, help="bound on any size's time")
    parser.add_argument("--max-peak-mb", type=float, help="bound on any size's peak RSS")
    parser.add_argument("--markdown", type=Path, help="write the table to this file")
    args = parser.parse_args()
    if args.one is not None:
        print(json.dumps(measure_one(args.one)))
        return
    rows = measure(args.sizes)
    print(json.dumps(rows, indent=1))
    if args.markdown:
        command = "python benchmarks/doubling.py " + " ".join(sys.argv[1:])
        args.markdown.write_text(markdown(rows, command), encoding="utf-8")
    broken = problems(rows, args.max_ratio, args.max_seconds, args.max_peak_mb)
    for line in broken:
        print(f"doubling.py: {line}", file=sys.stderr)
    if args.check and broken:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
