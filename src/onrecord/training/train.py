"""Train the attribution tagger on PolNeAR and measure the whole analysis on dev.

``train_tagger`` converts the train folder to paragraph Docs, trains the
``config.cfg`` next to this file with a fixed seed and writes the best
checkpoint (chosen on dev's span F1: dev is for model selection only, it is
never trained on) to ``output``. ``dev_table`` then runs ``onrecord``'s own
evaluation on dev with that model, the figures of ``docs/evaluation.md``.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import spacy
from spacy.cli.train import train as spacy_train

from onrecord.attribution.tagger import using_model
from onrecord.evaluation import EvalResult, attributions_from_article, load_gold, score
from onrecord.ingest import RawArticle
from onrecord.options import Options
from onrecord.training.data import write_docbin

# Files of a trained pipeline that loading needs; the rest (optimizer state, ...) is left out.
_KEEP = ("config.cfg", "meta.json", "tokenizer", "vocab", "tok2vec", "ner")


@dataclass
class TrainResult:
    output: Path
    seconds: float
    train_paragraphs: int
    dev_paragraphs: int
    size_bytes: int


def config_path() -> Path:
    return Path(str(resources.files("onrecord.training").joinpath("config.cfg")))


def train_tagger(
    train_dir: Path,
    dev_dir: Path,
    output: Path,
    *,
    seed: int = 0,
    max_epochs: int | None = None,
    max_steps: int | None = None,
    eval_frequency: int | None = None,
    limit: int | None = None,
    options: Options = Options(),
) -> TrainResult:
    """Train on ``train_dir`` (``limit`` articles at most), pick the checkpoint on ``dev_dir``."""
    started = time.perf_counter()
    base = spacy.load(options.spacy_model, exclude=["tok2vec", "tagger", "parser", "senter",
                                                    "attribute_ruler", "lemmatizer", "ner"])
    with tempfile.TemporaryDirectory(prefix="onrecord-train-") as tmp:
        work = Path(tmp)
        n_train = write_docbin(base, Path(train_dir), work / "train.spacy", limit=limit)
        n_dev = write_docbin(base, Path(dev_dir), work / "dev.spacy", limit=limit)
        overrides = {
            "paths.train": str(work / "train.spacy"),
            "paths.dev": str(work / "dev.spacy"),
            "paths.base": options.spacy_model,
            "system.seed": seed,
        }
        if max_epochs is not None:
            overrides["training.max_epochs"] = max_epochs
        if max_steps is not None:
            overrides["training.max_steps"] = max_steps
        if eval_frequency is not None:
            overrides["training.eval_frequency"] = eval_frequency
        spacy_train(config_path(), work / "out", use_gpu=-1, overrides=overrides)
        best = work / "out" / "model-best"
        if not best.is_dir():
            best = work / "out" / "model-last"
        output = Path(output)
        if output.exists():
            shutil.rmtree(output)
        output.mkdir(parents=True)
        for name in _KEEP:
            source = best / name
            if source.is_dir():
                shutil.copytree(source, output / name)
            elif source.is_file():
                shutil.copy2(source, output / name)
    size = sum(f.stat().st_size for f in output.rglob("*") if f.is_file())
    return TrainResult(output, time.perf_counter() - started, n_train, n_dev, size)


def dev_table(dev_dir: Path, model: Path, options: Options = Options()) -> EvalResult:
    """``onrecord eval`` figures on ``dev_dir`` with the tagger at ``model``."""
    from onrecord.pipeline import analyze_many

    gold = load_gold(Path(dev_dir))
    with using_model(model):
        articles = list(analyze_many((RawArticle(id=d.name, text=d.text) for d in gold), options))
    return score([(d, attributions_from_article(a)) for d, a in zip(gold, articles)])
