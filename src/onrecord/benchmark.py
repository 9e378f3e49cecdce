"""Speed, measured the only way that means anything: beside bare spaCy, same texts, same run.

The bare pipeline is ``nlp.pipe`` over the texts with every component of
the stock pipeline. onrecord's figure is the whole job a user waits for:
reading the files, the checks, the parse, the learned model, attribution,
speakers, sources, record building and JSON serialisation, in one process.

Each side runs in a fresh child process of its own, one after the other, so
that each one's peak memory is its own and neither inherits the other's
warm caches; within a child the first two articles are a warm-up, not timed.
With ``repeat`` above 1 the two alternate and each keeps its fastest run,
which is what a machine shared with other work can still measure.
"""

from __future__ import annotations

import multiprocessing
import os
import platform
import resource
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

import spacy

from onrecord.ingest import RawArticle, iter_inputs
from onrecord.options import Options

# The bare pipeline's fastest batch size on PolNeAR dev among 4, 16, 64 and nlp.pipe's
# default 256 (13.3 s, 11.7 s, 13.3 s, 14.2 s): bare spaCy is measured at its best.
BARE_BATCH_SIZE = 16

# Stages in the order the data flows through them (``timing.StageTimes`` names).
STAGES = ("read", "checks", "parse", "model", "attribution", "speakers", "sources", "records",
          "serialisation", "other")


@dataclass
class Run:
    """One timed pass over the texts in a child process."""

    seconds: float
    tokens: int
    peak_rss_mb: float
    stages: dict[str, float] = field(default_factory=dict)
    quotes: int = 0


@dataclass
class SpeedResult:
    articles: int
    characters: int
    bare: Run
    onrecord: Run
    machine: str
    repeat: int

    @property
    def ratio(self) -> float:
        """onrecord's articles/s over bare spaCy's: 1.0 means the analysis costs what the parse costs."""
        return self.bare.seconds / self.onrecord.seconds

    def rate(self, run: Run) -> float:
        return self.articles / run.seconds

    def to_dict(self) -> dict:
        data = asdict(self)
        for name, run in (("bare", self.bare), ("onrecord", self.onrecord)):
            data[name].update(
                articles_per_s=round(self.rate(run), 2), tokens_per_s=round(run.tokens / run.seconds)
            )
        data["ratio"] = round(self.ratio, 3)
        return data

    def table(self) -> str:
        lines = [
            f"{self.articles} articles, {self.characters:,} characters, {self.onrecord.tokens:,} tokens; "
            f"{self.machine}; best of {self.repeat}",
            f"{'run':40} {'seconds':>8} {'articles/s':>11} {'tokens/s':>9} {'peak RSS':>9}",
        ]
        for name, run in (("bare spaCy (nlp.pipe, all components)", self.bare),
                          ("onrecord (read to JSON, full analysis)", self.onrecord)):
            lines.append(f"{name:40} {run.seconds:8.2f} {self.rate(run):11.2f} "
                         f"{run.tokens / run.seconds:9.0f} {run.peak_rss_mb:6.0f} MB")
        lines.append(f"ratio onrecord/bare: {self.ratio:.2f}")
        lines.append("onrecord by stage:")
        for stage in STAGES:
            seconds = self.onrecord.stages.get(stage, 0.0)
            lines.append(f"  {stage:14} {seconds:7.2f} s {100 * seconds / self.onrecord.seconds:5.1f} %")
        return "\n".join(lines)


def measure_speed(paths: list[str], options: Options, repeat: int = 1) -> SpeedResult:
    """Time bare spaCy and onrecord on the articles under ``paths``; keep each side's fastest run."""
    raws = [item for item in iter_inputs(paths) if isinstance(item, RawArticle)]
    context = multiprocessing.get_context("spawn")
    bare_runs, onrecord_runs = [], []
    with context.Pool(1, maxtasksperchild=1) as pool:
        for _ in range(max(1, repeat)):
            bare_runs.append(pool.apply(_bare_run, ([r.text for r in raws], options)))
            onrecord_runs.append(pool.apply(_onrecord_run, (paths, options)))
    bare, onrecord = (min(runs, key=lambda run: run.seconds) for runs in (bare_runs, onrecord_runs))
    onrecord.tokens = bare.tokens  # the same texts: tokens as the stock tokenizer splits them
    return SpeedResult(
        articles=len(raws),
        characters=sum(len(r.text) for r in raws),
        bare=bare,
        onrecord=onrecord,
        machine=f"{platform.machine()}, {_cores()} cores, Python {platform.python_version()}, "
                f"spaCy {spacy.__version__}",
        repeat=max(1, repeat),
    )


def _bare_run(texts: list[str], options: Options) -> Run:
    nlp = spacy.load(options.spacy_model)
    list(nlp.pipe(texts[:2]))  # warm-up: first calls allocate
    start = time.perf_counter()
    tokens = sum(len(doc) for doc in nlp.pipe(texts, batch_size=BARE_BATCH_SIZE))
    return Run(time.perf_counter() - start, tokens, _peak_rss_mb())


def _onrecord_run(paths: list[str], options: Options) -> Run:
    from onrecord.pipeline import analyze_many
    from onrecord.timing import StageTimes

    warm = [item for item in iter_inputs(paths) if isinstance(item, RawArticle)][:2]
    for article in analyze_many(warm, options):
        article.model_dump_json()
    clock = StageTimes()
    quotes = 0

    def read():
        items = iter_inputs(paths)
        while True:
            with clock.stage("read"):
                item = next(items, None)
            if item is None:
                return
            if isinstance(item, RawArticle):
                yield item

    start = time.perf_counter()
    for article in analyze_many(read(), options, timings=clock):
        with clock.stage("serialisation"):
            article.model_dump_json()
        quotes += len(article.quotes)
    seconds = time.perf_counter() - start
    stages = dict(clock.seconds)
    stages["other"] = seconds - clock.total()
    return Run(seconds, 0, _peak_rss_mb(), stages, quotes)


def _peak_rss_mb() -> float:
    """This process's own peak RSS.

    Linux's ``VmHWM``, not ``ru_maxrss``: a spawned child keeps the parent's
    ``ru_maxrss`` across exec, so a child of a large process would report the
    parent's peak.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


__all__ = ["Run", "STAGES", "SpeedResult", "measure_speed"]
