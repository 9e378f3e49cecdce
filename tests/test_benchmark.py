"""``onrecord benchmark speed``: both pipelines timed on the same texts, stages accounted for."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from onrecord.benchmark import STAGES
from onrecord.cli import main

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


@pytest.mark.slow
def test_speed_reports_both_runs_the_ratio_and_every_stage():
    result = CliRunner().invoke(main, ["benchmark", "speed", str(EXAMPLES), "--json"])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.output)
    assert figures["articles"] == len(list(EXAMPLES.glob("*.txt")))
    bare, ours = figures["bare"], figures["onrecord"]
    assert bare["tokens"] == ours["tokens"] > 1000
    assert figures["ratio"] == pytest.approx(bare["seconds"] / ours["seconds"], rel=1e-2)
    assert set(ours["stages"]) == set(STAGES)
    assert ours["stages"]["parse"] > 0 and ours["stages"]["model"] > 0
    assert sum(ours["stages"].values()) == pytest.approx(ours["seconds"], rel=1e-6)
    assert 50 < ours["peak_rss_mb"] < 2000 and 50 < bare["peak_rss_mb"] < 2000
    assert ours["quotes"] > 20  # the founding sample's quotes, so the analysis really ran


def test_speed_on_nothing_is_a_one_line_error(tmp_path: Path):
    result = CliRunner().invoke(main, ["benchmark", "speed", str(tmp_path)])
    assert result.exit_code != 0
    assert str(tmp_path) in result.output and "Traceback" not in result.output
