"""The learned attribution models as objects: their files round-trip, their arithmetic, the shipped ones.

No text is analysed here; what the models do to a text is tested in
``tests/attribution/test_choice.py`` and ``tests/attribution/test_boundaries.py``.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from onrecord.attribution.boundaries import BoundaryModel, boundary_model
from onrecord.attribution.choice import ChoiceModel, Scorer, choice_model


def test_choice_model_round_trips_through_its_file(tmp_path: Path):
    model = ChoiceModel(Scorer({"L=say": 1.25, "D=ccomp": -0.5}, bias=-1.0, dense=(0.5, -0.25)),
                        Scorer({"F=that": 0.5}, bias=0.25, dense=(0.0, 1.0)),
                        threshold=0.55, keep_rule_above=0.02, center=(0.1, 0.2), spread=(2.0, 4.0))
    model.save(tmp_path / "choice.json")
    again = ChoiceModel.load(tmp_path / "choice.json")
    assert again == model
    assert again.reach.probability(["L=say"]) == pytest.approx(1 / (1 + 2.718281828459045 ** -0.25))
    assert again.reach.probability(["unknown feature"]) < 0.5


def test_the_vectors_weigh_in_once_standardised():
    model = ChoiceModel(Scorer({}, 0.0, dense=(1.0, -1.0)), Scorer({}, 0.0), 0.5, 0.02,
                        center=(1.0, 1.0), spread=(2.0, 2.0))
    rows = model.standardised(np.array([[3.0, 1.0], [1.0, 3.0]], dtype=np.float32))
    assert rows.tolist() == [[1.0, 0.0], [0.0, 1.0]]
    high, low = model.reach.probabilities([[], []], rows)
    assert high == pytest.approx(1 / (1 + np.exp(-1.0))) and low == pytest.approx(1 / (1 + np.exp(1.0)))
    # A tagger of another width (a model rebuilt without retraining the choice) leaves the vectors out.
    assert model.standardised(np.zeros((2, 3), dtype=np.float32)) is None


def test_the_model_file_round_trips(tmp_path: Path):
    model = BoundaryModel(Scorer({"K=tagger": 1.5, "R+W=which": -2.0}, -0.25, (0.5, -0.5)), 0.5, (0.1, 0.2), (1.0, 2.0))
    model.save(tmp_path / "boundaries.json")
    assert BoundaryModel.load(tmp_path / "boundaries.json") == model


def test_the_shipped_model_has_boundaries():
    model = boundary_model()
    assert model is not None and model.scorer.weights and 0 < model.threshold < 1


def test_the_shipped_choice_model_loads():
    model = choice_model()
    assert model is not None and model.reach.weights and 0 < model.threshold < 1


def test_the_shipped_arrays_hold_exactly_the_shipped_json():
    """``choice.npz`` is what analysis reads; ``choice.json`` is what a person reads: the same numbers."""
    from onrecord.attribution.choice import CHOICE_ARRAYS, CHOICE_FILE
    from onrecord.model import packaged_model

    as_json = ChoiceModel.load(packaged_model() / CHOICE_FILE)
    as_arrays = ChoiceModel.load_arrays(packaged_model() / CHOICE_ARRAYS)
    assert as_arrays == as_json
    assert len(as_arrays.reach.weights) > 1000 and len(as_arrays.center) > 0
    assert choice_model(packaged_model()) == as_json


def test_saving_writes_the_json_and_the_arrays_beside_it(tmp_path: Path):
    model = ChoiceModel(Scorer({"CL=say|ccomp": 0.75, "W=“": -0.125, "": 0.5}, bias=-1.0, dense=(0.5,)),
                        Scorer({}, bias=0.25), threshold=0.5, keep_rule_above=0.05, center=(0.1,), spread=(2.0,))
    model.save(tmp_path / "choice.json")
    assert ChoiceModel.load_arrays(tmp_path / "choice.npz") == model == ChoiceModel.load(tmp_path / "choice.json")
    assert choice_model(tmp_path) == model


def test_running_rows_give_the_full_running_sums_to_the_last_bit():
    """The choice keeps the running sums only where candidates read them; the means must not move."""
    from types import SimpleNamespace

    from onrecord.attribution.candidates import RunningRows, candidate_vectors

    rng = np.random.default_rng(0)
    vectors = rng.standard_normal((20_000, 96)).astype(np.float32)
    candidates = [
        SimpleNamespace(start=int(a), end=int(a) + int(rng.integers(1, 40)), cue=SimpleNamespace(i=int(a)),
                        speaker=None if a % 3 else SimpleNamespace(i=int(a) + 1))
        for a in rng.integers(0, 19_950, 3_000)
    ] + [SimpleNamespace(start=19_960, end=20_000, cue=SimpleNamespace(i=5), speaker=None)]
    full = candidate_vectors(candidates, vectors)
    kept = RunningRows(vectors, candidates)
    assert len(kept.rows) < 2 * len(candidates) < len(vectors)
    assert candidate_vectors(candidates, vectors, kept).tobytes() == full.tobytes()
