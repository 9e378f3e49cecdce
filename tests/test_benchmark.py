"""``onrecord benchmark speed``: both pipelines timed on the same texts, stages accounted for."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from onrecord.benchmark import STAGES
from onrecord.cli import main
from onrecord.options import Options

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
    _check_whole_process_and_internal_cost(figures)


def _check_whole_process_and_internal_cost(figures: dict) -> None:
    """The product comparison (whole processes, loading included) and the internal cost (bare spaCy
    at onrecord's batch size, with and without ``ner``) are reported beside the in-process figures.

    Timing bounds are generous on purpose: the figures are recorded, not judged, on a shared
    machine; only an order-of-magnitude regression fails.
    """
    whole_bare, whole_ours = figures["whole_bare"], figures["whole_onrecord"]
    # A whole process holds at least its in-process work, and a few seconds of loading at most
    # a few times over: interpreter start, imports and models are in it.
    assert whole_bare["seconds"] > figures["bare"]["seconds"]
    assert whole_ours["seconds"] > figures["onrecord"]["seconds"]
    assert figures["whole_ratio"] == pytest.approx(whole_bare["seconds"] / whole_ours["seconds"], rel=1e-2)
    assert 0.25 < figures["whole_ratio"] < 4
    same_blas = figures["whole_bare_same_blas"]
    assert figures["whole_ratio_same_blas"] == pytest.approx(same_blas["seconds"] / whole_ours["seconds"], rel=1e-2)
    assert 50 < same_blas["peak_rss_mb"] < 2000 and same_blas["cpu_seconds"] > 0
    assert 50 < whole_bare["peak_rss_mb"] < 2000 and 50 < whole_ours["peak_rss_mb"] < 2000
    assert figures["onrecord_batch_size"] == Options().batch_size
    assert figures["bare_batch_size"] >= 1
    same, no_ner = figures["bare_same_batch"], figures["bare_no_ner"]
    assert same["tokens"] == no_ner["tokens"] == figures["bare"]["tokens"]
    assert 50 < no_ner["peak_rss_mb"] < 2000 and 50 < same["peak_rss_mb"] < 2000
    assert figures["ratio_to_bare_no_ner"] == pytest.approx(
        no_ner["seconds"] / figures["onrecord"]["seconds"], rel=1e-2)
    assert 0.1 < figures["ratio_to_bare_no_ner"] < 10


def test_the_table_states_the_whole_process_and_the_internal_cost():
    from onrecord.benchmark import Process, Run, SpeedResult

    run = Run(2.0, 1000, 300.0, {"parse": 1.0}, 5)
    result = SpeedResult(articles=4, characters=9000, bare=Run(1.5, 1000, 400.0), onrecord=run, machine="test",
                         repeat=1, whole_bare=Process(3.0, 410.0), whole_onrecord=Process(3.5, 320.0),
                         whole_bare_same_blas=Process(2.8, 400.0), bare_batch_size=16, onrecord_batch_size=4, bare_same_batch=Run(1.6, 1000, 250.0),
                         bare_no_ner=Run(1.0, 1000, 240.0))
    table = result.table()
    assert "whole process, loading included" in table and "ratio bare/onrecord: 0.86" in table
    assert "without ner" in table and "2.00x the time" in table
    assert "ratio at the same BLAS: 0.80" in table
    figures = result.to_dict()
    assert figures["whole_ratio"] == pytest.approx(3.0 / 3.5, rel=1e-3)
    assert figures["ratio_to_bare_no_ner"] == 0.5


def test_speed_on_nothing_is_a_one_line_error(tmp_path: Path):
    result = CliRunner().invoke(main, ["benchmark", "speed", str(tmp_path)])
    assert result.exit_code != 0
    assert str(tmp_path) in result.output and "Traceback" not in result.output
