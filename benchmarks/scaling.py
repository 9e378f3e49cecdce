"""How analysis time grows with article length, and memory over a long stream.

Issue 8 asks for per-article time at 1, 10 and 100 KB of text (no worse
than linear) and flat memory over a 10,000-article stream. Articles are cut
from real news (PolNeAR dev by default): paragraphs are taken in order,
across articles, until an article reaches its size, so every size has the
same mix of quotes, reported speech and plain narration.

    /work/venv/bin/python benchmarks/scaling.py [--corpus ../shared/data/polnear/dev/text]
        [--sizes 1 10 100] [--stream 10000]

Prints one JSON object: seconds per article and per KB at each size, and the
process's RSS sampled along the stream (every 1,000 articles).
"""

from __future__ import annotations

import argparse
import itertools
import json
import time
from collections.abc import Iterator
from pathlib import Path

from onrecord.ingest import RawArticle
from onrecord.options import Options
from onrecord.pipeline import analyze_many


def paragraphs(corpus: Path) -> list[str]:
    out = []
    for path in sorted(corpus.glob("*.txt")) or sorted(p for p in corpus.iterdir() if p.is_file()):
        out += [p.strip() for p in path.read_text(encoding="utf-8").split("\n\n") if len(p.strip()) > 40]
    return out


def articles(pool: list[str], size_kb: float, count: int, prefix: str) -> Iterator[RawArticle]:
    """``count`` articles of about ``size_kb`` KB each, cycling through ``pool``."""
    source = itertools.cycle(pool)
    for n in range(count):
        parts, length = [], 0
        while length < size_kb * 1000:
            part = next(source)
            parts.append(part)
            length += len(part) + 2
        # A number in the first line keeps the duplicate check from skipping repeats.
        yield RawArticle(id=f"{prefix}-{n}", text=f"Report {prefix}-{n}.\n\n" + "\n\n".join(parts))


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def time_size(pool: list[str], size_kb: float, options: Options) -> dict:
    count = max(3, int(200 / size_kb))  # about 200 KB of text at each size
    batch = list(articles(pool, size_kb, count, f"s{size_kb}"))
    start = time.perf_counter()
    for article in analyze_many(batch, options):
        article.model_dump_json()
    seconds = time.perf_counter() - start
    kb = sum(len(a.text) for a in batch) / 1000
    return {"size_kb": size_kb, "articles": count, "s_per_article": round(seconds / count, 4),
            "s_per_kb": round(seconds / kb, 5)}


def stream(pool: list[str], count: int, options: Options) -> list[dict]:
    samples = [{"articles": 0, "rss_mb": round(rss_mb(), 1)}]
    start = time.perf_counter()
    for n, article in enumerate(analyze_many(articles(pool, 1, count, "stream"), options), start=1):
        article.model_dump_json()
        if n % 1000 == 0:
            samples.append({"articles": n, "rss_mb": round(rss_mb(), 1),
                            "seconds": round(time.perf_counter() - start, 1)})
    return samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=Path("../shared/data/polnear/dev/text"))
    parser.add_argument("--sizes", type=float, nargs="+", default=[1, 10, 100])
    parser.add_argument("--stream", type=int, default=10_000)
    args = parser.parse_args()
    options = Options()
    pool = paragraphs(args.corpus)
    list(analyze_many(articles(pool, 1, 2, "warm"), options))  # load the models before timing
    sizes = [time_size(pool, size, options) for size in args.sizes]
    samples = stream(pool, args.stream, options) if args.stream else []
    print(json.dumps({"sizes": sizes, "stream": samples}, indent=2))


if __name__ == "__main__":
    main()
