"""Speed, measured the only way that means anything: beside bare spaCy, same texts, same run.

The bare pipeline is ``nlp.pipe`` over the texts with every component of
the stock pipeline. onrecord's figure is the whole job a user waits for:
reading the files, the checks, the parse, the learned model, attribution,
speakers, sources, record building and JSON serialisation, in one process.

Three comparisons, each run in fresh child processes of its own, one after
the other, so that each one's peak memory is its own and neither inherits the
other's warm caches:

- whole process (the product comparison): ``onrecord analyze --format jsonl``
  against a Python process that imports spaCy, loads the pipeline and runs
  ``nlp.pipe`` over the same files at the bare side's best batch size; model
  loading, imports and interpreter start included on both sides;
- in process (``bare``, ``onrecord``): the same work after loading and a
  warm-up on two articles, with onrecord's time by stage;
- the internal cost: bare spaCy at onrecord's own batch size, with all its
  components and without ``ner`` (the parse onrecord runs: its own model types
  the entities), so time and peak memory are compared at equal batch size too.

onrecord multiplies through numpy's BLAS, not spaCy's default blis
(``onrecord.compute``). The product comparison keeps bare spaCy as a user runs
it, stock; so that the BLAS is not mistaken for onrecord's own economy, the
whole bare process is also timed under the same switch, and the internal-cost
runs use it.

With ``repeat`` above 1 the runs alternate and each keeps its fastest, which
is what a machine shared with other work can still measure.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import platform
import resource
import subprocess
import sys
import tempfile
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
class Process:
    """One whole process, timed from outside: interpreter start, imports, loading and the work.

    ``cpu_seconds`` (user + system, the child's own) moves less than wall time when other jobs
    share the cores, and shows whether a process used more than one.
    """

    seconds: float
    peak_rss_mb: float
    cpu_seconds: float = 0.0


@dataclass
class SpeedResult:
    articles: int
    characters: int
    bare: Run
    onrecord: Run
    machine: str
    repeat: int
    whole_bare: Process
    whole_onrecord: Process
    whole_bare_same_blas: Process  # the bare process multiplying through numpy's BLAS, as onrecord does
    bare_batch_size: int
    onrecord_batch_size: int
    bare_same_batch: Run  # every stock component, at onrecord's batch size
    bare_no_ner: Run  # without ``ner``, at onrecord's batch size: the parse onrecord runs

    @property
    def whole_ratio(self) -> float:
        """Bare spaCy's whole-process seconds over ``onrecord analyze``'s: 1.0 or more means the
        command is as fast as loading spaCy and parsing the same files."""
        return self.whole_bare.seconds / self.whole_onrecord.seconds

    @property
    def whole_ratio_same_blas(self) -> float:
        """As ``whole_ratio``, bare spaCy multiplying through the same BLAS as onrecord."""
        return self.whole_bare_same_blas.seconds / self.whole_onrecord.seconds

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
        data["whole_ratio"] = round(self.whole_ratio, 3)
        data["whole_ratio_same_blas"] = round(self.whole_ratio_same_blas, 3)
        data["ratio_to_bare_no_ner"] = round(self.bare_no_ner.seconds / self.onrecord.seconds, 3)
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
        lines += [
            f"whole process, loading included (bare nlp.pipe at batch size {self.bare_batch_size}):",
            f"  bare spaCy (python: import, load, parse)  {self.whole_bare.seconds:8.2f} s "
            f"{self.whole_bare.peak_rss_mb:6.0f} MB  CPU {self.whole_bare.cpu_seconds:.2f} s",
            f"  onrecord analyze --format jsonl           {self.whole_onrecord.seconds:8.2f} s "
            f"{self.whole_onrecord.peak_rss_mb:6.0f} MB  CPU {self.whole_onrecord.cpu_seconds:.2f} s",
            f"  ratio bare/onrecord: {self.whole_ratio:.2f}",
            f"  bare spaCy through numpy's BLAS, as onrecord {self.whole_bare_same_blas.seconds:8.2f} s "
            f"{self.whole_bare_same_blas.peak_rss_mb:6.0f} MB  CPU {self.whole_bare_same_blas.cpu_seconds:.2f} s",
            f"  ratio at the same BLAS: {self.whole_ratio_same_blas:.2f}",
            f"internal cost, bare spaCy at onrecord's batch size ({self.onrecord_batch_size}) and BLAS, after loading:",
        ]
        for name, run in (("all components", self.bare_same_batch), ("without ner (onrecord's parse)", self.bare_no_ner)):
            lines.append(f"  {name:40} {run.seconds:8.2f} s {run.peak_rss_mb:6.0f} MB")
        lines.append(f"  onrecord's whole analysis over its parse alone: "
                     f"{self.onrecord.seconds / self.bare_no_ner.seconds:.2f}x the time")
        lines.append("onrecord by stage:")
        for stage in STAGES:
            seconds = self.onrecord.stages.get(stage, 0.0)
            lines.append(f"  {stage:14} {seconds:7.2f} s {100 * seconds / self.onrecord.seconds:5.1f} %")
        return "\n".join(lines)


def measure_speed(paths: list[str], options: Options, repeat: int = 1) -> SpeedResult:
    """Time bare spaCy and onrecord on the articles under ``paths``; keep each run's fastest."""
    raws = [item for item in iter_inputs(paths) if isinstance(item, RawArticle)]
    texts = [r.text for r in raws]
    context = multiprocessing.get_context("spawn")
    runs: dict[str, list] = {name: [] for name in ("bare", "onrecord", "whole_bare", "whole_onrecord",
                                                   "whole_bare_same_blas", "bare_same_batch", "bare_no_ner")}
    with context.Pool(1, maxtasksperchild=1) as pool:
        for _ in range(max(1, repeat)):
            runs["whole_bare"].append(_whole_bare(texts, options))
            runs["whole_onrecord"].append(_whole_onrecord(paths))
            runs["whole_bare_same_blas"].append(_whole_bare(texts, options, same_blas=True))
            runs["bare"].append(pool.apply(_bare_run, (texts, options)))
            runs["onrecord"].append(pool.apply(_onrecord_run, (paths, options)))
            runs["bare_same_batch"].append(pool.apply(_bare_run, (texts, options, options.batch_size, [], True)))
            runs["bare_no_ner"].append(pool.apply(_bare_run, (texts, options, options.batch_size, ["ner"], True)))
    best = {name: min(found, key=lambda run: run.seconds) for name, found in runs.items()}
    best["onrecord"].tokens = best["bare"].tokens  # the same texts: tokens as the stock tokenizer splits them
    return SpeedResult(
        articles=len(raws),
        characters=sum(len(text) for text in texts),
        machine=f"{platform.machine()}, {_cores()} cores, Python {platform.python_version()}, "
                f"spaCy {spacy.__version__}",
        repeat=max(1, repeat),
        bare_batch_size=BARE_BATCH_SIZE,
        onrecord_batch_size=options.batch_size,
        **best,
    )


def _bare_run(texts: list[str], options: Options, batch_size: int = BARE_BATCH_SIZE,
              exclude: list[str] | None = None, same_blas: bool = False) -> Run:
    from contextlib import nullcontext

    from onrecord.compute import numpy_blas, one_blas_thread

    if same_blas:
        one_blas_thread()
    with numpy_blas() if same_blas else nullcontext():
        nlp = spacy.load(options.spacy_model, exclude=exclude or [])
    list(nlp.pipe(texts[:2]))  # warm-up: first calls allocate
    start = time.perf_counter()
    tokens = sum(len(doc) for doc in nlp.pipe(texts, batch_size=batch_size))
    return Run(time.perf_counter() - start, tokens, _peak_rss_mb())


# The two whole processes. Each reports its own peak (VmHWM) on its last line of stderr; the
# clock runs in this process, from before the interpreter starts to after it has exited.
_PEAK = "import sys; from onrecord.benchmark import _peak_rss_mb; print(_peak_rss_mb(), file=sys.stderr)"
# The bare side reads the texts from one JSON file (the readers onrecord needs are not its cost).
# With a fourth argument "numpy" it multiplies through numpy's BLAS, as onrecord does.
_BARE_PROCESS = """
import json, sys
import spacy
if sys.argv[4:] == ["numpy"]:  # and on one thread, as onrecord analyze multiplies
    from thinc.api import use_ops
    from onrecord.compute import one_blas_thread
    import numpy
    one_blas_thread()
    with use_ops("numpy", use_blis=False):
        nlp = spacy.load(sys.argv[1])
else:
    nlp = spacy.load(sys.argv[1])
with open(sys.argv[3], encoding="utf-8") as texts:
    for doc in nlp.pipe(json.load(texts), batch_size=int(sys.argv[2])):
        pass
"""
_ONRECORD_PROCESS = """
import sys
from onrecord.cli import main
try:
    main(["analyze", "--format", "jsonl", *sys.argv[1:]], standalone_mode=False)
except SystemExit as exit:
    if exit.code not in (None, 0, 1):  # 1: some inputs skipped, the rest analyzed
        raise
sys.stdout.flush()
"""


def _whole_bare(texts: list[str], options: Options, same_blas: bool = False) -> Process:
    with tempfile.NamedTemporaryFile("w", suffix=".json", encoding="utf-8", delete=False) as out:
        json.dump(texts, out)
    try:
        blas = ["numpy"] if same_blas else []
        return _timed_process(_BARE_PROCESS, [options.spacy_model, str(BARE_BATCH_SIZE), out.name, *blas])
    finally:
        os.unlink(out.name)


def _whole_onrecord(paths: list[str]) -> Process:
    return _timed_process(_ONRECORD_PROCESS, list(paths))


def _timed_process(code: str, args: list[str]) -> Process:
    with tempfile.TemporaryFile("w+", encoding="utf-8") as errors:
        start = time.perf_counter()
        child = subprocess.Popen([sys.executable, "-c", f"{code}\n{_PEAK}", *args],
                                 stdout=subprocess.DEVNULL, stderr=errors)
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        errors.seek(0)
        lines = errors.read().strip().splitlines()
    if child.returncode != 0 or not lines:
        raise RuntimeError(f"benchmark process failed: {' '.join(lines[-5:])[-500:]}")
    return Process(seconds, float(lines[-1]), usage.ru_utime + usage.ru_stime)


def _onrecord_run(paths: list[str], options: Options) -> Run:
    from onrecord.compute import one_blas_thread
    from onrecord.pipeline import analyze_many
    from onrecord.timing import StageTimes

    one_blas_thread()  # as ``onrecord analyze`` runs
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


__all__ = ["Process", "Run", "STAGES", "SpeedResult", "measure_speed"]
