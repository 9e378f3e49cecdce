"""Stub check: the attribution tests must fail when the attribution stage finds nothing.

    .venv/bin/python scripts/stub_check.py            # run the check, exit 1 below the bar
    .venv/bin/python scripts/stub_check.py --min 0.95  # the bar (share of tests that must fail)

A test that still passes while attribution returns nothing does not test
attribution: it is negative-only ("X is not a quote"), or it checks something
else (a file format, a lexicon) and belongs elsewhere. This script runs
TESTED (the attribution, speaker, sourcing, golden and record tests, slow ones
included) under pytest with this same module loaded as a plugin (``-p
stub_check``), which swaps the attribution stage for one that returns nothing,
then prints every test that still passed and exits non-zero when fewer than
``--min`` of the tests that ran failed.

"The attribution stage", for this check, is every function of
``onrecord.attribution`` that finds, shapes or picks attributions in a text,
the ones the pipeline runs and the ones the unit tests call directly
(STUBBED below). Each is replaced by one with the same signature that returns
nothing of the right type:

* finding: ``quotes.find_quotations`` (an empty ``QuotationScan``),
  ``direct.attach_direct`` (an empty ``DirectResult``), ``indirect.find_indirect``,
  ``transcript.transcript_turns``, ``candidates.find_candidates``,
  ``tagger.tagged_drafts``, ``boundaries.draft_readings`` (empty lists),
  ``transcript.headline_attribution`` (None), ``direct._is_title`` (False);
* picking: ``choice.choose`` (no drafts), ``assemble._says_something`` (False),
  ``assemble._quotes_inside_reports`` (no drafts);
* the speaker a cue's parse names: ``subjects.subject_of`` (None);
* shaping drafts in place: ``boundaries.refine_boundaries``,
  ``contents.shape_contents``, ``contents._with_the_reason_for_praise_or_blame``,
  ``sources._lend_source`` (they leave the drafts as they are);
* assembling: ``assemble.find_attributions`` and ``training.drafts.gather_attributions``
  (no drafts, no names, no warnings), ``training.drafts.direct_and_reported_rules``
  (two empty lists).

What is not the stage, and stays real: parsing (``onrecord.nlp``), the learned
models' files and their arithmetic (``ChoiceModel``, ``Scorer``,
``BoundaryModel``), the data classes (``Draft``, ``DisjointSpans``), and every
later stage (speakers, sourcing, records), which then receive no attributions.

Counted: a test "still passes" when its call phase passed (an xfail that fails
under the stub is a failure like any other); skipped tests are left out.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TESTED = ["tests/attribution", "tests/speakers", "tests/sourcing", "tests/golden", "tests/test_records.py"]
OUTCOMES_ENV = "ONRECORD_STUB_OUTCOMES"


def _nothing(*_args, **_kwargs) -> None:
    return None


def _no_list(*_args, **_kwargs) -> list:
    return []


def _false(*_args, **_kwargs) -> bool:
    return False


def _stubs() -> dict[tuple[str, str], object]:
    """(module, function) -> the function that returns nothing in its place."""
    from onrecord.attribution.assemble import Attributions
    from onrecord.training.drafts import Gathered
    from onrecord.attribution.direct import DirectResult
    from onrecord.spans import DisjointSpans
    from onrecord.attribution.quotes import QuotationScan

    base = "onrecord.attribution."
    return {
        (base + "quotes", "find_quotations"): lambda *a, **k: QuotationScan([], []),
        (base + "direct", "attach_direct"): lambda *a, **k: DirectResult([], [], []),
        (base + "direct", "_is_title"): _false,
        (base + "indirect", "find_indirect"): _no_list,
        (base + "transcript", "transcript_turns"): _no_list,
        (base + "transcript", "headline_attribution"): _nothing,
        (base + "candidates", "find_candidates"): _no_list,
        (base + "tagger", "tagged_drafts"): _no_list,
        (base + "boundaries", "draft_readings"): _no_list,
        (base + "boundaries", "refine_boundaries"): _nothing,
        (base + "choice", "choose"): _no_list,
        (base + "subjects", "subject_of"): _nothing,
        (base + "contents", "shape_contents"): _nothing,
        (base + "contents", "_with_the_reason_for_praise_or_blame"): _nothing,
        (base + "assemble", "_says_something"): _false,
        (base + "assemble", "_quotes_inside_reports"): _no_list,
        (base + "sources", "_lend_source"): _nothing,
        (base + "assemble", "find_attributions"): lambda *a, **k: Attributions([], [], []),
        ("onrecord.training.drafts", "gather_attributions"):
            lambda *a, **k: Gathered([], [], [], [], DisjointSpans([])),
        ("onrecord.training.drafts", "direct_and_reported_rules"): lambda *a, **k: ([], []),
    }


def install_stubs() -> int:
    """Replace each stage function in its module and wherever ``from ... import`` copied it."""
    import onrecord.pipeline  # noqa: F401  (loads every module that imports a stage function)

    originals = {}
    for (module_name, name), stub in _stubs().items():
        module = importlib.import_module(module_name)
        originals[id(getattr(module, name))] = stub
    replaced = 0
    for module in list(sys.modules.values()):
        if not getattr(module, "__name__", "").startswith("onrecord"):
            continue
        for name, value in list(vars(module).items()):
            if callable(value) and id(value) in originals:
                setattr(module, name, originals[id(value)])
                replaced += 1
    return replaced


# --- the plugin half: loaded into the pytest run with ``-p stub_check`` ---------------------------

_outcomes: dict[str, str] = {}


def pytest_configure(config) -> None:
    if install_stubs() < len(_stubs()):
        raise RuntimeError("stub_check: a stage function was not found to replace")


def pytest_runtest_logreport(report) -> None:
    if report.skipped and hasattr(report, "wasxfail"):
        _outcomes[report.nodeid] = "failed"  # an xfail test that failed under the stub
    elif report.skipped:
        _outcomes.setdefault(report.nodeid, "skipped")
    elif report.when == "call" or report.failed:
        if _outcomes.get(report.nodeid) != "failed":
            _outcomes[report.nodeid] = "passed" if report.passed else "failed"


def pytest_sessionfinish(session) -> None:
    path = os.environ.get(OUTCOMES_ENV)
    if path:
        Path(path).write_text(json.dumps(_outcomes, indent=1), encoding="utf-8")


# --- the script half ---------------------------------------------------------------------------


def run_stubbed(paths: list[str]) -> dict[str, str]:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "outcomes.json"
        env = dict(os.environ, **{OUTCOMES_ENV: str(out)})
        env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "scripts"), env.get("PYTHONPATH", "")])
        subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "stub_check", "-p", "no:cacheprovider",
                        "--no-header", "-o", "addopts=", *paths],
                       cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        if not out.is_file():
            sys.exit("stub_check: pytest did not finish under the stub (no outcomes written)")
        return json.loads(out.read_text(encoding="utf-8"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--min", type=float, default=0.95, help="share of the tests that must fail (0.95)")
    parser.add_argument("paths", nargs="*", default=TESTED, help="test paths (default: the attribution tests)")
    args = parser.parse_args(argv)
    outcomes = run_stubbed(args.paths)
    ran = {node: outcome for node, outcome in outcomes.items() if outcome != "skipped"}
    survivors = sorted(node for node, outcome in ran.items() if outcome == "passed")
    failed = len(ran) - len(survivors)
    for node in survivors:
        print(f"passes with attribution stubbed: {node}")
    share = failed / len(ran) if ran else 0.0
    print(f"stub check: {failed} of {len(ran)} tests fail with attribution stubbed ({share:.1%}); "
          f"{len(survivors)} still pass; bar {args.min:.0%}")
    return 0 if ran and share >= args.min else 1


if __name__ == "__main__":
    sys.exit(main())
