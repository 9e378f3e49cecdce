"""Training the tagger: PolNeAR -> paragraph Docs, and a few steps of training that load and predict."""

from __future__ import annotations

import hashlib
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import spacy
from click.testing import CliRunner

from onrecord import model
from onrecord.attribution.boundaries import boundary_model
from onrecord.attribution.choice import choice_model
from onrecord.attribution.tagger import tagged_drafts
from onrecord.evaluation import load_gold
from onrecord.training.data import labelled_spans, paragraph_docs
from onrecord.cli import main
from onrecord.training import record
from onrecord.training.record import CONSTRAINTS_FILE, TRAINING_PACKAGES, data_hash, read_record

# (source, cue, content, words after the content): the parse reads "the vote was rigged, despite the
# recount" and "that the bridge would close" as the contents, one too long, one too short, and "taxes
# were too high, especially for small farmers" right, so the boundary stage has readings that mend
# contents and one that would break one.
SENTENCES = [
    ("The senator", "said", "the bill would pass next week", ""),
    ("Officials", "told", "reporters the plant was safe", ""),
    ("She", "believes", "the vote was rigged", ", despite the recount"),
    ("The mayor", "announced", "that the bridge would close, angering drivers across the whole county", ""),
    ("He", "argued", "taxes were too high, especially for small farmers", ""),
]


def _write_corpus(folder: Path) -> None:
    """Five small articles in PolNeAR layout, two paragraphs each."""
    (folder / "text").mkdir(parents=True)
    (folder / "attributions").mkdir()
    for n, (source, cue, content, after) in enumerate(SENTENCES):
        first = f"{source} {cue} {content}{after}."
        text = f"{first}\n\nNothing else happened on Tuesday in the town of Springfield.\n"
        c_start = len(source) + 1
        t_start = c_start + len(cue) + 1
        ann = (
            f"T1\tSource 0 {len(source)}\t{source}\n"
            f"T2\tCue {c_start} {c_start + len(cue)}\t{cue}\n"
            f"T3\tContent {t_start} {t_start + len(content)}\t{content}\n"
            f"T4\tAttribution {c_start} {c_start + len(cue)}\t{cue}\n"
            "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\n"
        )
        (folder / "text" / f"a{n}.txt").write_text(text, encoding="utf-8")
        (folder / "attributions" / f"a{n}.ann").write_text(ann, encoding="utf-8")


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    _write_corpus(tmp_path / "corpus")
    return tmp_path / "corpus"


def test_paragraph_docs_carry_the_gold_spans(corpus: Path):
    gold = load_gold(corpus)[0]
    assert [label for *_, label in labelled_spans(gold)] == ["SOURCE", "CUE", "CONTENT"]
    docs = list(paragraph_docs(spacy.blank("en"), gold))
    assert len(docs) == 2
    assert [(e.text, e.label_) for e in docs[0].ents] == [
        ("The senator", "SOURCE"), ("said", "CUE"), ("the bill would pass next week", "CONTENT"),
    ]
    assert docs[1].ents == ()


def test_paragraph_docs_keep_the_outer_span_where_spans_nest(tmp_path: Path):
    folder = tmp_path / "nested"
    (folder / "text").mkdir(parents=True)
    (folder / "attributions").mkdir()
    text = "Kim said Lee thinks it rains."
    (folder / "text" / "x.txt").write_text(text, encoding="utf-8")
    (folder / "attributions" / "x.ann").write_text(
        "T1\tSource 0 3\tKim\nT2\tCue 4 8\tsaid\nT3\tContent 9 28\tLee thinks it rains\n"
        "T4\tSource 9 12\tLee\nT5\tCue 13 19\tthinks\nT6\tContent 20 28\tit rains\n"
        "E1\tAttribution:T2 Content:T3 Cue:T2 Source:T1\nE2\tAttribution:T5 Content:T6 Cue:T5 Source:T4\n",
        encoding="utf-8",
    )
    doc = next(paragraph_docs(spacy.blank("en"), load_gold(folder)[0]))
    assert [(e.text, e.label_) for e in doc.ents] == [
        ("Kim", "SOURCE"), ("said", "CUE"), ("Lee thinks it rains", "CONTENT"),
    ]


def test_a_few_training_steps_give_a_model_that_loads_and_predicts(corpus: Path, tmp_path: Path, monkeypatch):
    arguments = ["train", "--train", str(corpus), "--dev", str(corpus), "--output", str(tmp_path / "model"),
                 "--max-steps", "4", "--eval-frequency", "2", "--limit", "5"]
    monkeypatch.setattr(sys, "argv", ["onrecord", *arguments])  # as the console script sees it
    run = CliRunner().invoke(main, arguments)
    assert run.exit_code == 0, run.output
    output = tmp_path / "model"
    assert (output / "config.cfg").is_file()
    assert sum(f.stat().st_size for f in output.rglob("*") if f.is_file()) < 50_000_000
    _assert_training_recorded(read_record(output), corpus, run.output)
    tagger = model.load_tagger(output)
    assert tagger.get_pipe("ner").labels == ("CONTENT", "CUE", "SOURCE")
    assert any(label.startswith("B-") for label in tagger.get_pipe(model.ENTITY_HEAD).labels)
    from onrecord.nlp import parse
    from onrecord.options import Options

    doc = parse("The senator said the bill would pass next week.\n\nNothing else happened.", Options())
    tagging = model.tag(doc, tagger)
    spans = tagging.spans
    assert tagging.vectors.shape[0] == len(doc)
    assert all(s.label in ("SOURCE", "CUE", "CONTENT") and 0 <= s.start < s.end <= len(doc) for s in spans)
    assert isinstance(tagged_drafts(doc, spans), list)
    # The entity head's types replace the parse's: every entity is one of en_core_web_sm's labels.
    assert {e.label_ for e in doc.ents} <= {label[2:] for label in tagger.get_pipe(model.ENTITY_HEAD).labels}
    # The third stage: the choice among candidates, learnt on the same five articles.
    choice = choice_model(output)
    assert choice is not None and choice.reach.weights and choice.boundary.weights and 0 < choice.threshold < 1
    assert choice.reach.weights["D=ccomp"] > 0  # "The senator said the bill would pass": a clause is what was said
    # The tagger's vectors of a candidate (cue, content mean, first, last, speaker, word before) have a weight
    # each, and a standardisation.
    width = 6 * tagging.vectors.shape[1]
    assert len(choice.reach.dense) == len(choice.boundary.dense) == len(choice.center) == len(choice.spread) == width
    assert all(s > 0 for s in choice.spread)
    # The fourth stage: where contents end, learnt from the readings that mend or break a content.
    boundaries = boundary_model(output)
    assert boundaries is not None and boundaries.scorer.weights and 0 < boundaries.threshold < 1
    assert len(boundaries.scorer.dense) == len(boundaries.center) == 6 * tagging.vectors.shape[1]
    from onrecord.pipeline import analyze

    with model.using_model(output):
        article = analyze("The senator said the bill would pass next week.\n\nNothing else happened.")
    assert all(q.content.text.strip() for q in article.quotes)


def _assert_training_recorded(trained_with: dict, corpus: Path, printed: str) -> None:
    """What a rebuild elsewhere needs to match the weights: how they were made, from what, on which versions."""
    assert trained_with["command"] == shlex.join(["onrecord", *sys.argv[1:]])
    assert trained_with["seed"] == 0 and trained_with["arguments"]["limit"] == 5
    assert trained_with["arguments"]["max_steps"] == 4 and trained_with["arguments"]["eval_frequency"] == 2
    assert trained_with["packages"]["spacy"] == spacy.__version__
    assert set(trained_with["packages"]) == set(TRAINING_PACKAGES)
    assert trained_with["data"]["train"] == {"sha256": _sha256_of_corpus(corpus), "articles": 5}
    assert trained_with["data"]["dev"]["sha256"] == _sha256_of_corpus(corpus)
    source = subprocess.run(["git", "rev-parse", "HEAD"], cwd=Path(record.__file__).parent, capture_output=True,
                            text=True)
    expected_commit = source.stdout.strip() if source.returncode == 0 else None
    assert (trained_with["onrecord"] or {}).get("commit") == expected_commit
    figures = trained_with["dev_figures"]
    assert figures["documents"] == 5 and figures["dev_sha256"] == _sha256_of_corpus(corpus)
    printed_row = next(line for line in printed.splitlines() if line.startswith("attribution "))
    assert printed_row.split()[1:4] == [f"{figures['attribution'][k]:.3f}" for k in ("precision", "recall", "f1")]


def _sha256_of_corpus(folder: Path) -> str:
    """The data hash as record.data_hash documents it, computed here from the files themselves."""
    digest = hashlib.sha256()
    names = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())
    for name in names:
        content = (folder / name).read_bytes()
        digest.update(name.encode() + b"\0" + str(len(content)).encode() + b"\0" + content)
    return digest.hexdigest()


def test_data_hash_covers_names_and_contents_of_the_articles_read(corpus: Path):
    assert data_hash(corpus) == _sha256_of_corpus(corpus)
    # The first two articles only, as --limit 2 reads them: a0 and a1, text and attributions.
    first_two = hashlib.sha256()
    for name in ("attributions/a0.ann", "attributions/a1.ann", "text/a0.txt", "text/a1.txt"):
        content = (corpus / name).read_bytes()
        first_two.update(name.encode() + b"\0" + str(len(content)).encode() + b"\0" + content)
    assert data_hash(corpus, limit=2) == first_two.hexdigest()
    before = data_hash(corpus)
    (corpus / "README.txt").write_text("not an article\n", encoding="utf-8")
    assert data_hash(corpus) == before  # a file training does not read is not its data
    text = corpus / "text" / "a3.txt"
    text.write_text(text.read_text(encoding="utf-8").replace("Tuesday", "Monday"), encoding="utf-8")
    assert data_hash(corpus) != before  # one changed word of an article is another corpus
    assert data_hash(corpus, limit=2) == first_two.hexdigest()  # ... but not of the first two


def test_a_renamed_article_changes_the_data_hash(corpus: Path):
    before = data_hash(corpus)
    (corpus / "text" / "a4.txt").rename(corpus / "text" / "b4.txt")
    (corpus / "attributions" / "a4.ann").rename(corpus / "attributions" / "b4.ann")
    assert data_hash(corpus) != before
    (corpus / "text" / "b4.txt").rename(corpus / "text" / "a4.txt")
    (corpus / "attributions" / "b4.ann").rename(corpus / "attributions" / "a4.ann")
    assert data_hash(corpus) == before


def test_the_constraints_file_pins_every_package_training_records():
    pins = {}
    for line in CONSTRAINTS_FILE.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, _, pinned = line.partition("==")
            pins[re.sub(r"[-_.]+", "-", name).lower()] = pinned
    for package in TRAINING_PACKAGES:
        assert re.fullmatch(r"[0-9][0-9A-Za-z.+-]*", pins.get(package, "")), f"{package} is not pinned"


def test_paragraphs_carry_the_entity_tags_of_the_given_ner(tmp_path: Path):
    from onrecord.training.data import set_entity_tags

    entities = spacy.blank("en")
    ruler = entities.add_pipe("entity_ruler", name="ner")
    ruler.add_patterns([{"label": "PERSON", "pattern": "Kim Lee"}, {"label": "ORG", "pattern": "NATO"}])
    doc = entities.make_doc("Kim Lee said NATO would act.")
    set_entity_tags(doc, entities)
    assert [t.tag_ for t in doc] == ["B-PERSON", "I-PERSON", "O", "B-ORG", "O", "O", "O"]
    assert not doc.ents  # the entities are tags only; ents hold the attribution spans
