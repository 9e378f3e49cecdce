"""The ``onrecord`` command: a thin layer that turns library errors into messages.

Exit codes: 0 all inputs analyzed, 1 some inputs were skipped (each is
reported on stderr), 2 usage error or nothing usable was given.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path

import click

from onrecord.errors import InputError, OnrecordError
from onrecord.ingest import IngestStats, RawArticle, iter_inputs
from onrecord.options import Options

EXIT_PARTIAL = 1
EXIT_NOTHING = 2


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="onrecord")
def main() -> None:
    """onrecord: who said what in the news, and how the outlet knows."""


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json", "jsonl"]),
    default="text",
    show_default=True,
    help="text: a listing by speaker; json: an array of records; jsonl: one record per line.",
)
@click.option(
    "--input-format",
    type=click.Choice(["txt", "html", "warc", "jsonl"]),
    help="Read every input as this format instead of guessing from extension and content.",
)
@click.option("--no-indirect", is_flag=True, help="Direct quotes only; skip reported speech.")
@click.option("--any-language", is_flag=True, help="Analyze text that is not English instead of skipping it.")
def analyze(
    paths: tuple[str, ...], output_format: str, input_format: str | None, no_indirect: bool, any_language: bool
) -> None:
    """Find every attribution in the articles at PATHS.

    A path is a .txt, .html, .warc(.gz) or .jsonl file, a folder (every such
    file in it, sorted by name), or - for standard input.
    """
    from onrecord import output
    from onrecord.pipeline import analyze_many
    from onrecord.compute import one_blas_thread

    one_blas_thread()
    options = Options(indirect=not no_indirect, any_language=any_language)
    skipped: list[InputError] = []
    stats = IngestStats()
    collected = []
    analyzed = 0

    def usable() -> Iterator[RawArticle]:
        for item in iter_inputs(paths, input_format=input_format, stats=stats):
            if isinstance(item, InputError):
                skipped.append(item)
            else:
                yield item

    try:
        for article in analyze_many(usable(), options):
            analyzed += 1
            if output_format == "jsonl":
                click.echo(output.to_jsonl_line(article))
            elif output_format == "text":
                click.echo(output.to_text(article))
            else:
                collected.append(article)
    except OnrecordError as exc:
        _fail(str(exc))
    if output_format == "json" and analyzed:
        click.echo(output.to_json(collected))
    if stats.skipped:
        reasons = ", ".join(f"{n} {reason}" for reason, n in sorted(stats.skipped.items()))
        click.echo(f"archive records not analyzed: {reasons}", err=True)
    if skipped:
        click.echo(f"{len(skipped)} input(s) skipped:", err=True)
        for error in skipped:
            click.echo(f"  {error}", err=True)
        sys.exit(EXIT_PARTIAL if analyzed else EXIT_NOTHING)


def _fail(message: str) -> None:
    click.echo(f"error: {message}", err=True)
    sys.exit(EXIT_NOTHING)


@main.command(name="eval")
@click.argument("gold_dirs", nargs=-1, required=True, type=click.Path(file_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@click.option("--by", "by", type=click.Choice(["publisher"]), help="One table per publisher as well.")
@click.option("--errors", "n_errors", type=int, default=0, help="List the N worst-missed gold attributions "
                   "(with --sources: the first N sourcing misses and extras).")
@click.option("--agreement", is_flag=True,
              help="Instead: how the corpus's two annotations of a paragraph found in two articles agree, "
                   "and onrecord on the same paragraphs.")
@click.option("--sources", is_flag=True,
              help="Instead: sourcing precision and recall per field (identity, anonymity reason and its "
                   "category, non-responses, caveats) on the annotated passages (*.jsonl) in the folders.")
@click.option("--write-reference", "write_to", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write the per-document counts as the quality gate's reference (quality/reference.json).")
@click.option("--compare", "compare_with", type=click.Path(dir_okay=False, path_type=Path),
              help="Also compare with a reference, paired over documents, as the CI gate does.")
@click.option("--without", "without", multiple=True, metavar="PASS",
              help="Skip this attribution pass (one of attribution/passes.toml; repeatable) and compare "
                   "with the full run, paired over documents: what the pass buys.")
def eval_command(gold_dirs: tuple[Path, ...], as_json: bool, by: str | None, n_errors: int, agreement: bool,
                 sources: bool, write_to: Path | None, compare_with: Path | None, without: tuple[str, ...]) -> None:
    """Score onrecord on PolNeAR-layout folders (text/, attributions/), taken together.

    Every figure comes with a 95% bootstrap interval over the documents
    (1000 resamples, fixed seed: the same counts always give the same interval).
    """
    from onrecord import evaluation
    from onrecord.evaluation import bootstrap, reference

    if agreement:
        _agreement(gold_dirs, as_json)
        return
    if sources:
        _sources(gold_dirs, as_json, n_errors)
        return
    options = _options_without(without)
    try:
        gold = _load_gold(gold_dirs)
        pairs, result = _scored(gold, options)
        compared = _compared(result, compare_with) if compare_with else None
        against_full = _against_full_run(gold, result) if without else None
    except OnrecordError as exc:
        _fail(str(exc))
    spans = bootstrap.intervals(result.documents)
    parts = sorted(result.by_publisher().items()) if by else []
    if as_json:
        payload = {"overall": result.to_dict(intervals=spans),
                   "bootstrap": {"level": bootstrap.LEVEL, "resamples": bootstrap.RESAMPLES,
                                 "seed": bootstrap.SEED, "over": "documents"}}
        if by:
            payload["by_publisher"] = {k: r.to_dict(intervals=bootstrap.intervals(r.documents)) for k, r in parts}
        if compared:
            payload["compared_with"] = compared
        if against_full:
            payload["without"] = {"passes": list(without), **against_full}
        click.echo(json.dumps(payload, indent=2))
    else:
        if without:
            click.echo(f"without the attribution passes: {', '.join(without)}")
        click.echo(evaluation.format_table(result, spans, bootstrap.note()))
        for publisher, part in parts:
            click.echo(f"\n{publisher}\n{evaluation.format_table(part, bootstrap.intervals(part.documents))}")
        if compared:
            click.echo(f"\nagainst {compare_with} (commit {compared['commit']}), paired over documents:\n"
                       f"{compared['table']}\nworse beyond noise: {', '.join(compared['worse']) or 'none'}")
        if against_full:
            click.echo(f"\nwithout {', '.join(without)} (now) against the full run (ref), paired over documents:\n"
                       f"{against_full['table']}\nworse beyond noise: {', '.join(against_full['worse']) or 'none'}")
    if write_to:
        command = " ".join(["onrecord eval", *map(str, gold_dirs), "--write-reference", str(write_to)])
        reference.write_reference(write_to, result.documents, command, [str(d) for d in gold_dirs])
        click.echo(f"reference written to {write_to} ({len(result.documents)} documents)", err=True)
    for missed in evaluation.worst_missed(pairs, n_errors) if n_errors else []:
        click.echo(
            f"\nmissed in {missed.document} (best Jaccard {missed.best_jaccard:.2f})\n"
            f"  content: {_one_line(missed.content)}\n"
            f"  source: {_one_line(missed.source) or '-'}   cue: {_one_line(missed.cue) or '-'}\n"
            f"  closest prediction: {_one_line(missed.closest_prediction) or '-'}"
        )


def _options_without(without: tuple[str, ...]) -> Options:
    """The options that skip the passes ``--without`` names; an unknown name is a one-line error (exit 2)."""
    from onrecord.attribution.passes import UnknownPass, check_names

    try:
        check_names(without)
    except UnknownPass as exc:
        _fail(f"--without: {exc}")
    return Options(without=frozenset(without))


def _scored(gold: list, options: Options) -> tuple[list, object]:
    """The analysis of the gold documents' texts under ``options``, paired with them, and its score."""
    from onrecord import evaluation
    from onrecord.pipeline import analyze_many

    articles = analyze_many((RawArticle(id=d.name, text=d.text, path=d.name) for d in gold), options)
    pairs = [(d, evaluation.attributions_from_article(a)) for d, a in zip(gold, articles)]
    return pairs, evaluation.score(pairs)


def _against_full_run(gold: list, result) -> dict:
    """``eval --without``: the paired bootstrap of the run without the passes against the full run."""
    from onrecord.evaluation import bootstrap

    _, full = _scored(gold, Options())
    differences = bootstrap.paired_differences(result.documents, full.documents)
    return _differences_payload(differences)


def _differences_payload(differences: list) -> dict:
    """Paired differences as data, the gated ones worse beyond noise, and as a table."""
    from onrecord.evaluation import bootstrap

    return {"differences": [{"figure": d.figure, "measure": d.measure, "now": d.current, "reference": d.reference,
                             "difference": d.difference, "interval": d.interval.as_list()} for d in differences],
            "worse": [f"{d.figure} {d.measure}" for d in bootstrap.failing(differences)],
            "table": bootstrap.format_differences(differences)}


def _load_gold(gold_dirs: tuple[Path, ...]) -> list:
    """The documents of every folder, in the order given; a name found twice is an error."""
    from onrecord import evaluation
    from onrecord.errors import GoldCorpusError

    gold, seen = [], set()
    for folder in gold_dirs:
        for document in evaluation.load_gold(folder):
            if document.name in seen:
                raise GoldCorpusError(str(folder), f"article {document.name} is also in an earlier folder")
            seen.add(document.name)
            gold.append(document)
    return gold


def _compared(result, path: Path) -> dict:
    """``eval --compare``: the paired bootstrap of now against a reference, as data and as a table."""
    from onrecord.evaluation import bootstrap, reference

    header, before = reference.read_reference(path)
    differences = bootstrap.paired_differences(result.documents,
                                               reference.aligned(result.documents, before, str(path)))
    return {"reference": str(path), "commit": header.get("commit", "unknown"), **_differences_payload(differences)}


def _agreement(gold_dirs: tuple[Path, ...], as_json: bool) -> None:
    """``eval --agreement``: the annotators against each other, then onrecord against each of them,
    on the paragraphs the corpus annotates twice."""
    from onrecord import evaluation
    from onrecord.evaluation.agreement import annotator_agreement, shared_paragraphs, system_on_shared
    from onrecord.pipeline import analyze_many

    try:
        gold = _load_gold(gold_dirs)
        shared = shared_paragraphs(gold)
        if not shared:
            _fail(f"{', '.join(map(str, gold_dirs))}: no paragraph occurs in two articles; nothing to compare")
        involved = [d for d in gold if d.name in {p.first.name for p in shared} | {p.second.name for p in shared}]
        articles = analyze_many(RawArticle(id=d.name, text=d.text, path=d.name) for d in involved)
        predicted = {d.name: evaluation.attributions_from_article(a) for d, a in zip(involved, articles)}
    except OnrecordError as exc:
        _fail(str(exc))
    tables = {
        "annotators": evaluation.score(annotator_agreement(shared)),
        "onrecord_vs_first": evaluation.score(system_on_shared(shared, predicted)),
        "onrecord_vs_second": evaluation.score(system_on_shared(shared, predicted, against_second=True)),
    }
    pairs = len({(p.first.name, p.second.name) for p in shared})
    if as_json:
        click.echo(json.dumps({"paragraphs": len(shared), "article_pairs": pairs,
                               **{k: r.to_dict() for k, r in tables.items()}}, indent=2))
        return
    click.echo(f"{len(shared)} paragraphs annotated twice, in {pairs} pairs of articles")
    titles = {"annotators": "the second article's annotation scored against the first's",
              "onrecord_vs_first": "onrecord against the first article's annotation",
              "onrecord_vs_second": "onrecord against the second article's annotation"}
    for key, result in tables.items():
        click.echo(f"\n{titles[key]}\n{evaluation.format_table(result)}")


def _sources(folders: tuple[Path, ...], as_json: bool, n_errors: int) -> None:
    """``eval --sources``: each annotated passage analysed alone, scored per sourcing field and group;
    with ``--errors N``, the first N misses and extras as well."""
    from onrecord.evaluation import sources
    from onrecord.evaluation.bootstrap import LEVEL, RESAMPLES, SEED

    try:
        groups, errors = sources.evaluate(list(folders), sources.analyze_passages)
    except OnrecordError as exc:
        _fail(str(exc))
    if as_json:
        click.echo(json.dumps({"groups": groups, "errors": errors[:n_errors],
                               "bootstrap": {"level": LEVEL, "resamples": RESAMPLES, "seed": SEED,
                                             "over": "passages"}}, indent=2))
        return
    for group, result in groups.items():
        click.echo(sources.format_figures(f"{group}: {result['passages']} passages", result["figures"]) + "\n")
    click.echo(f"{LEVEL:.0%} intervals from {RESAMPLES} bootstrap resamples of the passages (seed {SEED})")
    if n_errors:
        click.echo(f"\nerrors ({min(n_errors, len(errors))} of {len(errors)}):\n" + "\n".join(errors[:n_errors]))


def _one_line(text: str | None, width: int = 160) -> str:
    flat = " ".join((text or "").split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


@main.group()
def benchmark() -> None:
    """Measure onrecord beside the bare spaCy pipeline."""


@benchmark.command("speed")
@click.argument("paths", nargs=-1)
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@click.option("--repeat", type=click.IntRange(1, 20), default=1, show_default=True,
              help="Alternate the two runs this many times and keep each one's fastest.")
def benchmark_speed(paths: tuple[str, ...], as_json: bool, repeat: int) -> None:
    """Articles/s of onrecord and of bare spaCy on the same texts, in one run.

    PATHS default to ../shared/data/polnear/dev/text when it exists, else the
    bundled examples.
    """
    from onrecord.benchmark import measure_speed

    if not paths:
        dev = Path("../shared/data/polnear/dev/text")
        paths = (str(dev),) if dev.is_dir() else (str(Path(__file__).resolve().parents[2] / "examples"),)
    if not any(isinstance(item, RawArticle) for item in iter_inputs(paths)):
        _fail(f"{', '.join(paths)}: no articles to measure")
    result = measure_speed(list(paths), Options(), repeat=repeat)
    click.echo(json.dumps(result.to_dict(), indent=2) if as_json else result.table())


@main.command()
def schema() -> None:
    """Print the JSON Schema of one article record."""
    from onrecord import output

    click.echo(output.schema_json(), nl=False)


# Commands defined in their own modules, registered on the one group.
from onrecord.cli_corpus import register as _register_corpus  # noqa: E402
from onrecord.cli_train import register as _register_train  # noqa: E402
from onrecord.cli_web import register as _register_web  # noqa: E402

_register_corpus(main)
_register_train(main)
_register_web(main)
