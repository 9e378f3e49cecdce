"""Train the attribution tagger on PolNeAR and measure the whole analysis on dev.

``train_tagger`` converts the train folder to paragraph Docs and trains in
two stages with a fixed seed: ``config.cfg``, the attribution ``ner`` with
its tok2vec (checkpoint chosen on dev's span F1), then ``entities.cfg``, the
entity head on that tok2vec frozen (checkpoint chosen on dev's tag
accuracy). A third stage fits the choice among the parse's candidate
attributions (``training/choice.py``) on train, with the new tagger's spans
among its evidence; a fourth, where reported contents end (``training/boundaries.py``), on
the drafts the analysis then makes of train. Dev is for model selection only, it is never
trained on.
The result goes to ``output``, with how it was trained in its meta.json
(``training/record.py``). ``dev_table`` then runs ``onrecord``'s own
evaluation on dev with that model, the figures of ``docs/evaluation.md``.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import time
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import spacy
from spacy.cli.train import train as spacy_train

from onrecord.model import using_model
from onrecord.evaluation import EvalResult, attributions_from_article, load_gold, score
from onrecord.ingest import RawArticle
from onrecord.options import Options
from onrecord.training.boundaries import train_boundaries
from onrecord.training.choice import train_choice
from onrecord.training.data import write_docbin
from onrecord.training.record import onrecord_commit, training_record, write_record

# Files of a trained pipeline that loading needs; the rest (optimizer state, ...) is left out.
_KEEP = ("config.cfg", "meta.json", "tokenizer", "vocab", "tok2vec", "ner", "entity_tagger")


@dataclass
class TrainResult:
    output: Path
    seconds: float
    train_paragraphs: int
    dev_paragraphs: int
    size_bytes: int


def config_path(name: str = "config.cfg") -> Path:
    return Path(str(resources.files("onrecord.training").joinpath(name)))


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
    command: str | None = None,
) -> TrainResult:
    """Train on ``train_dir`` (``limit`` articles at most), pick the checkpoint on ``dev_dir``.

    The model's meta.json records how (``training/record.py``): ``command`` is the command line
    that asked for it, when there was one.
    """
    started = time.perf_counter()
    source = onrecord_commit()
    base = spacy.load(options.spacy_model, exclude=["tok2vec", "tagger", "parser", "senter",
                                                    "attribute_ruler", "lemmatizer", "ner"])
    silver = spacy.load(options.spacy_model, exclude=["tok2vec", "tagger", "parser", "senter",
                                                      "attribute_ruler", "lemmatizer"])
    with tempfile.TemporaryDirectory(prefix="onrecord-train-") as tmp:
        work = Path(tmp)
        n_train = write_docbin(base, Path(train_dir), work / "train.spacy", limit=limit, entities=silver)
        n_dev = write_docbin(base, Path(dev_dir), work / "dev.spacy", limit=limit, entities=silver)
        corpora = {"paths.train": str(work / "train.spacy"), "paths.dev": str(work / "dev.spacy"),
                   "system.seed": seed}
        limits = {key: value for key, value in (("training.max_epochs", max_epochs),
                                                 ("training.max_steps", max_steps),
                                                 ("training.eval_frequency", eval_frequency))
                  if value is not None}
        attribution = _train_stage("config.cfg", work / "attribution",
                                   {**corpora, **limits, "paths.base": options.spacy_model})
        entities = _train_stage("entities.cfg", work / "entities",
                                {**corpora, **limits, "paths.attribution": str(attribution),
                                 "paths.base": options.spacy_model})
        output = Path(output)
        _copy_model(entities, output)
    train_choice(Path(train_dir), output, limit=limit, options=options)
    train_boundaries(Path(train_dir), output, limit=limit, options=options)
    seconds = time.perf_counter() - started
    write_record(output, training_record(command=command, seed=seed, train_dir=Path(train_dir),
                                         dev_dir=Path(dev_dir), limit=limit, max_epochs=max_epochs,
                                         max_steps=max_steps, eval_frequency=eval_frequency,
                                         seconds=seconds, source=source))
    size = sum(f.stat().st_size for f in output.rglob("*") if f.is_file())
    return TrainResult(output, seconds, n_train, n_dev, size)


@spacy.registry.callbacks("onrecord.entity_tok2vec_from_ner.v1")
def entity_tok2vec_from_ner(pipeline: str):
    """Start the entity head's tok2vec from ``pipeline``'s ner tok2vec: its embedding, then as
    many of its convolution layers as the head has (the first ones)."""

    def copy_weights(nlp):
        ner = spacy.load(pipeline, exclude=["tok2vec", "tagger", "parser", "senter", "attribute_ruler",
                                            "lemmatizer"]).get_pipe("ner")
        # The ner's "tok2vec" is that network followed by a projection for the parser: take the network.
        source = ner.model.get_ref("tok2vec").layers[0]
        target = nlp.get_pipe("entity_tagger").model.get_ref("tok2vec")
        target.layers[0].from_bytes(source.layers[0].to_bytes())  # the embedding
        source_layers = source.layers[1].layers[0].layers  # with_array(chain(residual, ...))
        target_layers = target.layers[1].layers[0].layers
        for theirs, ours in zip(source_layers, target_layers):
            ours.from_bytes(theirs.to_bytes())
        return nlp

    return copy_weights


def _train_stage(config: str, out: Path, overrides: dict) -> Path:
    """Train one stage; the folder of its best checkpoint (the last when none was better)."""
    spacy_train(config_path(config), out, use_gpu=-1, overrides=overrides)
    best = out / "model-best"
    return best if best.is_dir() else out / "model-last"


def _copy_model(trained: Path, output: Path) -> None:
    """Keep only what loading needs (not the optimizer state)."""
    if output.exists():
        shutil.rmtree(output)
    output.mkdir(parents=True)
    for name in _KEEP:
        source = trained / name
        if source.is_dir():
            shutil.copytree(source, output / name)
        elif source.is_file():
            shutil.copy2(source, output / name)


def dev_table(dev_dir: Path, model: Path, options: Options = Options()) -> EvalResult:
    """``onrecord eval`` figures on ``dev_dir`` with the tagger at ``model``."""
    from onrecord.pipeline import analyze_many

    gold = load_gold(Path(dev_dir))
    with using_model(model):
        articles = list(analyze_many((RawArticle(id=d.name, text=d.text) for d in gold), options))
    return score([(d, attributions_from_article(a)) for d, a in zip(gold, articles)])
