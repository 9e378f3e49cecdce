"""The sourcing gate: on the annotated real and written passages (evaluation/sources), every
field's precision and recall stays at or above its floor in quality/sources_floors.json (the
figure at the commit that wrote it, less one standard error; scripts/sources_floors.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from onrecord.evaluation import sources

ROOT = Path(__file__).resolve().parents[1]
FLOORS = ROOT / "quality" / "sources_floors.json"


@pytest.fixture(scope="module")
def groups():
    result, _ = sources.evaluate([ROOT / "evaluation" / "sources"], sources.analyze_passages)
    return result


def test_the_floors_say_how_they_were_made_and_cover_every_group():
    payload = json.loads(FLOORS.read_text(encoding="utf-8"))
    assert payload["command"] == "python scripts/sources_floors.py" and payload["commit"] != "unknown"
    assert set(payload["floors"]) == {"train", "dev+pages", "written"}
    assert payload["passages"]["train"] >= 200


@pytest.mark.slow
def test_no_sourcing_figure_falls_below_its_floor(groups):
    floors = json.loads(FLOORS.read_text(encoding="utf-8"))["floors"]
    below = [f"{group} {name} {measure}: {groups[group]['figures'][name][measure]['value']:.3f} < {floor}"
             for group, fields in floors.items() for name, measures in fields.items()
             for measure, floor in measures.items()
             if groups[group]["figures"][name][measure]["value"] < floor]
    assert not below, "sourcing figures below their floors:\n" + "\n".join(below)


def test_the_floor_is_one_standard_error_under_the_figure():
    """A figure of 0.80 with the interval 0.70-0.90 has the floor 0.80 - 0.20 / 3.92 = 0.748."""
    row = {"gold": 10, "predicted": 10, "tp": 8,
           "precision": {"value": 0.8, "interval": [0.7, 0.9]}, "recall": {"value": 0.5, "interval": [0.5, 0.5]}}
    empty = {"gold": 0, "predicted": 0, "tp": 0,
             "precision": {"value": 0.0, "interval": [0.0, 0.0]}, "recall": {"value": 0.0, "interval": [0.0, 0.0]}}
    result = sources.floors({"train": {"passages": 3, "figures": {"caveat": row, "reason": empty}}})
    assert result == {"train": {"caveat": {"precision": 0.748, "recall": 0.5}}}
