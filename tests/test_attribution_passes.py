"""The attribution pass registry: every pass registered once, listed in passes.toml, run in its order.

What the passes do to attributions is tested in tests/attribution/test_passes.py; these tests are of
the machinery alone, so they stay out of the stub check's attribution tests.
"""

from __future__ import annotations

import tomllib
from importlib import resources

import pytest
from click.testing import CliRunner

from onrecord.attribution import passes
from onrecord.attribution.assemble import find_attributions
from onrecord.cli import main
from onrecord.attribution.passes import Context, Pass, PassConfig, UnknownPass, run_passes
from onrecord.nlp import parse
from onrecord.options import Options


def _config_entries() -> list[dict]:
    text = resources.files("onrecord.attribution").joinpath("passes.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)["pass"]


def test_the_config_lists_every_registered_pass_once_with_a_reason():
    names = [entry["name"] for entry in _config_entries()]
    assert len(names) == len(set(names))
    assert sorted(names) == sorted(passes.registered())
    assert all(entry["why"].strip() for entry in _config_entries())
    assert all(isinstance(value, float) and 0 < value < 1
               for entry in _config_entries() for value in entry.get("thresholds", {}).values())


def test_the_source_passes_run_together_after_every_pass_that_changes_contents():
    names = passes.pass_names()
    at = [names.index(n) for n in ("reporters-going-on", "relative-pronoun-sources", "no-sources-inside")]
    assert at == list(range(at[0], at[0] + 3))
    assert at[0] > max(names.index(n) for n in ("boundaries", "shape-contents", "outermost-reports"))


def _recording(log: list[str], name: str) -> Pass:
    def run(doc, drafts, context):
        log.append(name)
        return drafts
    return Pass(name, run, False)


@pytest.mark.parametrize("order", [("headline-label", "call-signs"), ("call-signs", "headline-label")])
def test_passes_run_in_the_order_the_config_gives(monkeypatch, order):
    log: list[str] = []
    for name in order:
        monkeypatch.setitem(passes._REGISTRY, name, _recording(log, name))
    monkeypatch.setattr(passes, "configured", lambda: tuple(PassConfig(n, "test", {}) for n in order))
    doc = parse("Rain fell all week.", Options())
    run_passes(doc, [], Context.start(doc, Options(), None))
    assert log == list(order)
    log.clear()
    run_passes(doc, [], Context.start(doc, Options(without=frozenset({order[0]})), None))
    assert log == [order[1]]


def test_unknown_pass_names_are_rejected_with_the_valid_ones():
    doc = parse("Rain fell all week.", Options())
    with pytest.raises(UnknownPass, match="'no-such-pass'.*quotes-inside-reports"):
        find_attributions(doc, Options(without=frozenset({"no-such-pass"})))
    with pytest.raises(UnknownPass, match="'boundary'"):
        run_passes(doc, [], Context.start(doc, Options(), None), until="boundary")


def test_eval_without_an_unknown_pass_is_a_one_line_error(tmp_path):
    # the names are checked before any folder is read
    result = CliRunner().invoke(main, ["eval", str(tmp_path), "--without", "quotes-inside"])
    assert result.exit_code == 2
    assert result.output.count("\n") == 1 and "'quotes-inside'" in result.output
    assert "quotes-inside-reports" in result.output and "Traceback" not in result.output
