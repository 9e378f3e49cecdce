"""Speed, measured the only way that means anything: beside bare spaCy, same texts, same run.

The bare pipeline is ``nlp.pipe`` over the texts with every component of
the stock pipeline; onrecord's figure is the whole analysis (checks, parse,
attribution, speakers, record building). Both run in this process, one
after the other, after a warm-up, so the machine's state is the same.
"""

from __future__ import annotations

import os
import platform
import resource
import time
from dataclasses import asdict, dataclass

import spacy

from onrecord.ingest import RawArticle
from onrecord.options import Options
from onrecord.pipeline import analyze_many


@dataclass
class SpeedResult:
    articles: int
    characters: int
    tokens: int
    bare_seconds: float
    onrecord_seconds: float
    quotes: int
    peak_rss_mb: float
    machine: str

    @property
    def bare_articles_per_s(self) -> float:
        return self.articles / self.bare_seconds

    @property
    def onrecord_articles_per_s(self) -> float:
        return self.articles / self.onrecord_seconds

    @property
    def ratio(self) -> float:
        """onrecord's articles/s over bare spaCy's: 1.0 means analysis costs no more than parsing."""
        return self.onrecord_articles_per_s / self.bare_articles_per_s

    def to_dict(self) -> dict:
        data = asdict(self)
        data.update(
            bare_articles_per_s=round(self.bare_articles_per_s, 2),
            onrecord_articles_per_s=round(self.onrecord_articles_per_s, 2),
            bare_tokens_per_s=round(self.tokens / self.bare_seconds),
            onrecord_tokens_per_s=round(self.tokens / self.onrecord_seconds),
            ratio=round(self.ratio, 3),
        )
        return data

    def table(self) -> str:
        rows = [
            ("bare spaCy (nlp.pipe, all components)", self.bare_seconds, self.bare_articles_per_s),
            ("onrecord analyze (full)", self.onrecord_seconds, self.onrecord_articles_per_s),
        ]
        lines = [f"{self.articles} articles, {self.characters:,} characters, {self.tokens:,} tokens; {self.machine}"]
        lines.append(f"{'run':40} {'seconds':>8} {'articles/s':>11} {'tokens/s':>9}")
        for name, seconds, rate in rows:
            lines.append(f"{name:40} {seconds:8.2f} {rate:11.2f} {self.tokens / seconds:9.0f}")
        lines.append(f"ratio onrecord/bare: {self.ratio:.2f}   peak memory (RSS): {self.peak_rss_mb:.0f} MB")
        return "\n".join(lines)


def measure_speed(raws: list[RawArticle], options: Options) -> SpeedResult:
    bare = spacy.load(options.spacy_model)
    texts = [r.text for r in raws]
    list(bare.pipe(texts[:2]))  # warm-up: first calls allocate
    list(analyze_many(raws[:2], options))

    start = time.perf_counter()
    tokens = sum(len(doc) for doc in bare.pipe(texts, batch_size=options.batch_size))
    bare_seconds = time.perf_counter() - start

    start = time.perf_counter()
    quotes = sum(len(article.quotes) for article in analyze_many(raws, options))
    onrecord_seconds = time.perf_counter() - start

    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return SpeedResult(
        articles=len(raws),
        characters=sum(len(t) for t in texts),
        tokens=tokens,
        bare_seconds=bare_seconds,
        onrecord_seconds=onrecord_seconds,
        quotes=quotes,
        peak_rss_mb=peak_kb / 1024,
        machine=f"{platform.machine()}, {_cores()} cores, Python {platform.python_version()}, spaCy {spacy.__version__}",
    )


def _cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
