"""Which candidates are attributions: a linear model over ``candidates.py``'s features.

The model is two logistic regressions learnt on PolNeAR train (``onrecord
train``), stored beside the tagger as ``choice.json`` (the form to read and
diff) and ``choice.npz`` (the same numbers as arrays, what analysis loads:
parsing 276,000 weights of JSON took a third of a second per process): for each, a weight per
feature name, a weight per dimension of the tagger's vectors of the candidate
(``candidate_vectors``: what the tagger, which read the paragraph, makes of
the cue and the content) and a bias; and two thresholds chosen on dev. One
scores whether a candidate is an attribution, the other which of a cue's
overlapping candidates has the right boundaries. Scoring is a sum of weights
and one dot product, so no learning library is needed to use it.

How its choices combine with the rules': candidates are taken best first, one
per cue word, none overlapping another or a direct quote. When the rules
drafted the same attribution, the rules' draft is kept (their sources and
boundaries score better on dev than the candidate's own); a rules' draft that
no candidate reaches is kept; one whose candidates all score below
``keep_rule_above`` is dropped. Measured on dev (attribution F1): rules and
tagger alone 0.616, with the chosen candidates added 0.64.
"""

from __future__ import annotations

import json
import math
from itertools import repeat
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

import numpy as np
from spacy.tokens import Doc, Token

from onrecord.attribution.candidates import (
    Candidate, Evidence, around_the_cue, candidate_features, candidate_vectors, find_candidates,
    RunningRows,
)
from onrecord.attribution.subjects import negated, silence_reported, subject_before, subject_of, subject_offsets
from onrecord.attribution.draft import Draft, trimmed_range
from onrecord.spans import DisjointSpans, share_inside, token_offsets
from onrecord.model import Tagging, active_model

CHOICE_FILE = "choice.json"
CHOICE_ARRAYS = "choice.npz"
_NAME_SEPARATOR = "\0"  # between the feature names in the arrays file; no feature name holds it
_CLIMB_TO_VERB = 4  # "attacks" -> "with" -> "peppered": a cue's verb is seldom more than a few heads up


@dataclass(frozen=True)
class Scorer:
    """A logistic regression over feature names (a weight per name) and, when the model has them,
    the tagger's vectors of the candidate (``dense``: a weight per standardised dimension)."""

    weights: dict[str, float]
    bias: float
    dense: tuple[float, ...] = ()

    def probability(self, features: list[str], vector: np.ndarray | None = None) -> float:
        return self.probabilities([features], None if vector is None else vector[None, :])[0]

    def probabilities(self, features: list[list[str]], vectors: np.ndarray | None) -> list[float]:
        """``probability`` of each candidate; ``vectors`` holds one standardised row per candidate."""
        dense = (vectors @ self._dense).tolist() if self.dense and vectors is not None else [0.0] * len(features)
        # map over dict.get: the same weights summed in the same order, at half a generator's cost.
        weight, absent = self.weights.get, repeat(0.0)
        return [_sigmoid(self.bias + sum(map(weight, f, absent)) + d) for f, d in zip(features, dense)]

    @cached_property
    def _dense(self) -> np.ndarray:
        return np.asarray(self.dense, dtype=np.float32)

    def to_json(self) -> dict:
        return {"bias": self.bias, "weights": dict(sorted(self.weights.items())), "dense": list(self.dense)}

    @classmethod
    def from_json(cls, payload: dict) -> "Scorer":
        return cls({k: float(v) for k, v in payload["weights"].items()}, float(payload["bias"]),
                   tuple(float(w) for w in payload.get("dense", ())))

    def to_arrays(self, prefix: str, position: dict[str, int]) -> dict[str, np.ndarray]:
        """The scorer as arrays: each feature name's place in the shared name list, and its weight as
        float64 (each JSON number's float exactly)."""
        names = sorted(self.weights)
        return {f"{prefix}index": np.array([position[n] for n in names], dtype=np.int32),
                f"{prefix}weights": np.array([self.weights[n] for n in names], dtype=np.float64),
                f"{prefix}bias": np.array(self.bias, dtype=np.float64),
                f"{prefix}dense": np.array(self.dense, dtype=np.float64)}

    @classmethod
    def from_arrays(cls, arrays, prefix: str, names: list[str]) -> "Scorer":
        # The two scorers' dicts share the name strings, so each name is hashed once.
        words = map(names.__getitem__, arrays[f"{prefix}index"].tolist())
        return cls(dict(zip(words, arrays[f"{prefix}weights"].tolist())), float(arrays[f"{prefix}bias"]),
                   tuple(arrays[f"{prefix}dense"].tolist()))


def standardised(vectors: np.ndarray, center, spread) -> np.ndarray:
    """``(vectors - center) / spread``, row by row: how training and scoring both see the vectors."""
    return (vectors - np.asarray(center, dtype=np.float32)) / np.asarray(spread, dtype=np.float32)


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))


@dataclass(frozen=True)
class ChoiceModel:
    """Two scorers: ``reach`` says whether a candidate is an attribution (its content within the
    evaluation's Jaccard 0.5 of one); ``boundary`` was taught only the closest candidate of each,
    and picks among overlapping candidates of one cue ("about the deficit" or "the deficit")."""

    reach: Scorer
    boundary: Scorer
    threshold: float  # a candidate whose reach scores at least this becomes an attribution
    keep_rule_above: float  # a rules' draft whose candidates all score below this is dropped
    # The tagger's candidate vectors are standardised as in training: (v - center) / spread.
    center: tuple[float, ...] = ()
    spread: tuple[float, ...] = ()

    def standardised(self, vectors: np.ndarray) -> np.ndarray | None:
        if not self.center or vectors.shape[1] != len(self.center):
            return None
        return standardised(vectors, self.center, self.spread)

    def save(self, path: Path) -> None:
        """Write the model as JSON at ``path`` and as arrays beside it (``path`` with ``.npz``)."""
        payload = {"threshold": self.threshold, "keep_rule_above": self.keep_rule_above,
                   "center": list(self.center), "spread": list(self.spread),
                   "reach": self.reach.to_json(), "boundary": self.boundary.to_json()}
        Path(path).write_text(json.dumps(payload, indent=0, sort_keys=False) + "\n", encoding="utf-8")
        self.save_arrays(Path(path).with_suffix(".npz"))

    def save_arrays(self, path: Path) -> None:
        names = sorted(set(self.reach.weights) | set(self.boundary.weights))
        if any(_NAME_SEPARATOR in name for name in names):
            raise ValueError(f"a feature name holds {_NAME_SEPARATOR!r}; it cannot go in {CHOICE_ARRAYS}")
        position = {name: n for n, name in enumerate(names)}
        blob = _NAME_SEPARATOR.join(names).encode("utf-8")
        arrays = {"names": np.frombuffer(blob, dtype=np.uint8), "name_count": np.array(len(names)),
                  "threshold": np.array(self.threshold, dtype=np.float64),
                  "keep_rule_above": np.array(self.keep_rule_above, dtype=np.float64),
                  "center": np.array(self.center, dtype=np.float64),
                  "spread": np.array(self.spread, dtype=np.float64),
                  **self.reach.to_arrays("reach_", position), **self.boundary.to_arrays("boundary_", position)}
        with open(path, "wb") as out:  # a file object: np.savez would add ".npz" to a name without it
            np.savez_compressed(out, **arrays)

    @classmethod
    def load_arrays(cls, path: Path) -> "ChoiceModel":
        """The model from its arrays file: the same floats as ``load`` reads from the JSON."""
        with np.load(path, allow_pickle=False) as arrays:
            count = int(arrays["name_count"])
            names = arrays["names"].tobytes().decode("utf-8").split(_NAME_SEPARATOR) if count else []
            if len(names) != count:
                raise ValueError(f"{path}: {len(names)} feature names where {count} were written")
            return cls(Scorer.from_arrays(arrays, "reach_", names), Scorer.from_arrays(arrays, "boundary_", names),
                       float(arrays["threshold"]), float(arrays["keep_rule_above"]),
                       tuple(arrays["center"].tolist()), tuple(arrays["spread"].tolist()))

    @classmethod
    def load(cls, path: Path) -> "ChoiceModel":
        payload = json.loads(Path(path).read_text(encoding="utf-8"))
        return cls(Scorer.from_json(payload["reach"]), Scorer.from_json(payload["boundary"]),
                   float(payload["threshold"]), float(payload["keep_rule_above"]),
                   tuple(float(c) for c in payload.get("center", ())), tuple(float(s) for s in payload.get("spread", ())))


def choice_model(model_dir: Path | None = None) -> ChoiceModel | None:
    """The active model's choice weights, or None when it has none (the rules' drafts stand alone).

    Read from ``choice.npz`` when the model has it, else from ``choice.json``.
    """
    return _load(str(model_dir or active_model()))


@lru_cache(maxsize=4)
def _load(model_dir: str) -> ChoiceModel | None:
    arrays, payload = Path(model_dir) / CHOICE_ARRAYS, Path(model_dir) / CHOICE_FILE
    if arrays.is_file():
        return ChoiceModel.load_arrays(arrays)
    return ChoiceModel.load(payload) if payload.is_file() else None


def choose(
    doc: Doc, rules: list[Draft], direct: list[Draft], tagging: Tagging | None, model: ChoiceModel
) -> list[Draft]:
    """Reported speech for ``doc``: the rules' drafts and the candidates the model picks, as drafts."""
    evidence = Evidence.gather(doc, tagging.spans if tagging is not None else [], rules, direct)
    candidates = find_candidates(doc)
    reach, boundary = _scores(doc, candidates, evidence, tagging, model)
    passing: dict[int, list[int]] = {}  # cue token -> its candidates that pass the threshold
    for n, candidate in enumerate(candidates):
        if reach[n] >= model.threshold:
            passing.setdefault(candidate.cue.i, []).append(n)
    order = sorted(range(len(candidates)), key=lambda n: (-reach[n], candidates[n].start))
    quoted = DisjointSpans(span for d in direct for span in d.content)
    used_cues = {d.cue_head for d in direct if d.cue_head is not None}
    taken = TakenTokens(len(doc))
    unsourced: list[tuple[Candidate, tuple[int, int], bool]] = []  # passing candidates that name no one
    best_score: dict[int, float] = {}  # id(rules' draft) -> best score of a candidate matching it
    chosen: list[Draft] = []
    for n in order:
        rule = evidence.rule_for(doc, candidates[n])
        if rule is not None:
            best_score.setdefault(id(rule), reach[n])  # order is best first
    for n in order:
        candidate = candidates[n]
        if reach[n] < model.threshold or candidate.cue.i in used_cues:
            continue
        is_negated = negated(candidate.cue)
        if is_negated and not silence_reported(candidate.cue):
            continue  # "He does not regret his decision", "without acknowledging that ...": not a report
        # The content of this attribution: of the cue's passing candidates that overlap this one,
        # the one the boundary scorer likes best ("the deficit", not "about the deficit").
        family = [m for m in passing[candidate.cue.i] if _overlaps(candidates[m], candidate)]
        candidate = candidates[max(family, key=lambda m: boundary[m])]
        if taken.clash(candidate.start, candidate.end):
            continue
        rule = evidence.rule_for(doc, candidate)
        content = token_offsets(doc[candidate.start : candidate.end])
        if share_inside([content], quoted) > 0.5:
            continue
        draft = rule if rule is not None else _draft(candidate, content)
        if draft is None:
            unsourced.append((candidate, content, is_negated))
            continue
        sides = _both_sides_of_the_cue(candidate) if candidate.relation == "around-parataxis" else None
        if sides is not None:
            draft.content = [token_offsets(doc[a:b]) for a, b in sides]
            for a, b in sides:
                taken.add(a, b)
        _take(draft, candidate, is_negated, chosen, taken, used_cues)
    # "calling them “lone wolves”", "questions about what he might be concealing": the cue names no
    # one. After every candidate that names someone, which they would otherwise crowd out: taken in
    # the main loop, dev 1397 against 1395 right attributions, but train 12752 against 12782.
    for candidate, content, is_negated in unsourced:
        if candidate.cue.i not in used_cues and not taken.clash(candidate.start, candidate.end):
            draft = _draft_of_clause(candidate, content)
            if draft is not None:
                _take(draft, candidate, is_negated, chosen, taken, used_cues)
    picked = {id(d) for d in chosen}
    chosen_cues = {d.cue_head for d in chosen}
    for rule in rules:
        if id(rule) in picked or best_score.get(id(rule), 1.0) < model.keep_rule_above:
            continue
        if rule.cue_head in chosen_cues:
            # "blasted Shelby for shooting ...": the cue's better content was taken, the object alone
            # ("Shelby") is not a second attribution of the same word.
            continue
        chosen.append(rule)
        chosen_cues.add(rule.cue_head)
    return chosen


_SCORED_AT_ONCE = 2000
"""Candidates whose features and vectors are held together while scored: a long article has
hundreds of thousands, and all of theirs at once held a few KB per candidate (400 KB of text:
over 500 MB)."""


def _scores(doc: Doc, candidates: list[Candidate], evidence: Evidence, tagging: Tagging | None,
            model: ChoiceModel) -> tuple[list[float], list[float]]:
    """Each candidate's reach and boundary probabilities, scored a block at a time."""
    reach: list[float] = []
    boundary: list[float] = []
    running = RunningRows(tagging.vectors, candidates) if tagging is not None and candidates else None
    for at in range(0, len(candidates), _SCORED_AT_ONCE):
        block = candidates[at : at + _SCORED_AT_ONCE]
        features = [candidate_features(doc, c, evidence) for c in block]
        vectors = None
        if running is not None:
            vectors = model.standardised(candidate_vectors(block, tagging.vectors, running))
        reach += model.reach.probabilities(features, vectors)
        boundary += model.boundary.probabilities(features, vectors)
    return reach, boundary


def _take(draft: Draft, candidate: Candidate, is_negated: bool, chosen: list[Draft],
          taken: TakenTokens, used_cues: set[int]) -> None:
    if is_negated and "negated" not in draft.flags:
        draft.flags.append("negated")
    used_cues.add(candidate.cue.i)
    taken.add(candidate.start, candidate.end)
    chosen.append(draft)


def _draft(candidate: Candidate, content: tuple[int, int]) -> Draft | None:
    """The candidate with the speaker its cue reports as source; None without one (no one is reported).

    A verb the parse gives no subject at all takes the subject of the clause before it in its
    sentence when that names someone ("Trump spoke to a gathering of fracking industry leaders,
    promising to lift environmental regulations"). A last resort for the draft only: the features
    the choice learnt from read the parse's speaker. Measured: dev attribution 1412 -> 1416,
    train 12871 -> 12898 (content +43).
    """
    cue, subject = candidate.cue, candidate.speaker
    if subject is None and cue.pos_ == "VERB":
        subject = subject_before(cue, lambda token: not candidate.start <= token.i < candidate.end)
        if subject is not None and not (subject.pos_ in ("PROPN", "PRON") or subject.ent_type_):
            subject = None  # "Signs were ...": a thing, not a speaker
    if subject is None or candidate.start <= subject.i < candidate.end:
        return None
    return _reported(candidate, content, subject)


def _both_sides_of_the_cue(candidate: Candidate) -> list[tuple[int, int]] | None:
    """The token ranges before and after a parenthetical cue, when both hold words.

    "The latest test, North Korea said, was its biggest yet": what was said is "The latest test"
    and "was its biggest yet" (PolNeAR's content has both pieces); the candidate, and the rules'
    draft it matches, hold only the longer side. Measured on dev: exact 1205 -> 1215 right,
    attribution 1442 -> 1444, content 1506 -> 1509 (train exact 10998 -> 11071, attribution and
    content +1). Read so for every clause a cue is set into (``around-advcl``, ``-prep``,
    ``-ccomp``): the same dev figures, train exact 11068; only the parenthetical is.
    """
    sides = [trimmed_range(candidate.cue.doc, *side) for side in around_the_cue(candidate.cue)]
    return sides if all(start < end for start, end in sides) else None


def _draft_of_clause(candidate: Candidate, content: tuple[int, int]) -> Draft | None:
    """A candidate whose cue names no one, with the subject of the clause it stands in as source.

    "She then peppered him with attacks on his biography and platform": "attacks" has no
    possessor, but the clause's subject, "She", holds them. Found by climbing from the cue to
    the first verb above it, never from inside the content. Under a negated verb there is no
    draft: "he does not regret his decision to join" reports no decision. Without a subject the
    draft is flagged "unsourced": the tagger may lend it one (``assemble``), or it is kept naming
    no one.

    Measured on dev (right attributions / right contents of 2,192 gold). Before, such drafts were
    taken from probability 0.7 and kept only with a source the tagger lent: 1426 / 1487. Kept
    unsourced and taken at the model's threshold (0.5): 1433 / 1507. With the clause's subject:
    1443 / 1507; none under a negated verb: 1442 / 1506 (train 13024 -> 13182 / 13869 -> 14102).
    Taken from 0.6 or 0.7 instead of 0.5: 1431 and 1430.
    """
    verb = _verb_above(candidate.cue)
    if verb is not None and negated(verb):
        return None
    subject = subject_of(verb) if verb is not None else None
    inside = subject is not None and candidate.start <= subject.i < candidate.end
    return _reported(candidate, content, None if inside else subject)


def _reported(candidate: Candidate, content: tuple[int, int], subject: Token | None) -> Draft:
    """The candidate as reported speech by ``subject``; flagged "unsourced" without one."""
    cue = candidate.cue
    draft = Draft("indirect", [content], cue=[token_offsets(cue.doc[cue.i : cue.i + 1])], cue_head=cue.i)
    if subject is None:
        draft.flags.append("unsourced")
    else:
        draft.source, draft.source_head = [subject_offsets(subject)], subject.i
    return draft


def _verb_above(token: Token) -> Token | None:
    """The first verb among the heads above ``token``: "attacks" -> "with" -> "peppered"."""
    for _ in range(_CLIMB_TO_VERB):
        if token.head is token:
            return None
        token = token.head
        if token.pos_ in ("VERB", "AUX"):
            return token
    return None


class TakenTokens:
    """The tokens that contents taken so far cover: a candidate overlapping them clashes
    (PolNeAR never nests contents). One flag a token, so a check costs the candidate's length,
    not the number of contents taken before it."""

    def __init__(self, length: int):
        self._flags = bytearray(length)

    def add(self, start: int, end: int) -> None:
        end = min(end, len(self._flags))
        self._flags[start:end] = b"\x01" * max(0, end - start)

    def clash(self, start: int, end: int) -> bool:
        return any(self._flags[start:end])


def _overlaps(one: Candidate, other: Candidate) -> bool:
    return one.start < other.end and other.start < one.end
