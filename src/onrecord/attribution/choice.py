"""Which candidates are attributions: a linear model over ``candidates.py``'s features.

The model is a logistic regression learnt on PolNeAR train (``onrecord
train``), stored beside the tagger as ``choice.json``: a weight per feature
name, a bias and two thresholds chosen on dev. Scoring is a sum of weights,
so no learning library is needed to use it.

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
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from spacy.tokens import Doc

from onrecord.attribution.candidates import Candidate, Evidence, candidate_features, find_candidates
from onrecord.attribution.direct import subject_of, subject_offsets
from onrecord.attribution.draft import DisjointSpans, Draft, share_inside, token_offsets
from onrecord.attribution.indirect import negated
from onrecord.model import Tagged, active_model

CHOICE_FILE = "choice.json"


@dataclass(frozen=True)
class ChoiceModel:
    weights: dict[str, float]
    bias: float
    threshold: float  # a candidate scoring at least this becomes an attribution
    keep_rule_above: float  # a rules' draft whose candidates all score below this is dropped

    def probability(self, features: list[str]) -> float:
        z = self.bias + sum(self.weights.get(f, 0.0) for f in features)
        return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))

    def save(self, path: Path) -> None:
        payload = {"bias": self.bias, "threshold": self.threshold, "keep_rule_above": self.keep_rule_above,
                   "weights": dict(sorted(self.weights.items()))}
        Path(path).write_text(json.dumps(payload, indent=0, sort_keys=False) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> "ChoiceModel":
        payload = json.loads(Path(path).read_text(encoding="utf-8"))
        return cls({k: float(v) for k, v in payload["weights"].items()}, float(payload["bias"]),
                   float(payload["threshold"]), float(payload["keep_rule_above"]))


def choice_model(model_dir: Path | None = None) -> ChoiceModel | None:
    """The active model's choice weights, or None when it has none (the rules' drafts stand alone)."""
    return _load(str((model_dir or active_model()) / CHOICE_FILE))


@lru_cache(maxsize=4)
def _load(path: str) -> ChoiceModel | None:
    return ChoiceModel.load(Path(path)) if Path(path).is_file() else None


def choose(
    doc: Doc, rules: list[Draft], direct: list[Draft], tagged: list[Tagged], model: ChoiceModel
) -> list[Draft]:
    """Reported speech for ``doc``: the rules' drafts and the candidates the model picks, as drafts."""
    evidence = Evidence.gather(doc, tagged, rules, direct)
    scored = [(model.probability(candidate_features(doc, c, evidence)), c) for c in find_candidates(doc)]
    scored.sort(key=lambda pc: (-pc[0], pc[1].start))
    quoted = DisjointSpans(span for d in direct for span in d.content)
    used_cues = {d.cue_head for d in direct if d.cue_head is not None}
    taken: list[tuple[int, int]] = []
    best_score: dict[int, float] = {}  # id(rules' draft) -> best score of a candidate matching it
    chosen: list[Draft] = []
    for probability, candidate in scored:
        rule = evidence.rule_for(doc, candidate)
        if rule is not None:
            best_score.setdefault(id(rule), probability)  # scored is best first
        if probability < model.threshold or candidate.cue.i in used_cues or negated(candidate.cue):
            continue  # "The ministry did not say whether ...": PolNeAR counts it, onrecord does not
        if any(candidate.start < end and start < candidate.end for start, end in taken):
            continue
        content = token_offsets(doc[candidate.start : candidate.end])
        if share_inside([content], quoted) > 0.5:
            continue
        draft = rule if rule is not None else _draft(candidate, content)
        if draft is None:
            continue
        used_cues.add(candidate.cue.i)
        taken.append((candidate.start, candidate.end))
        chosen.append(draft)
    picked = {id(d) for d in chosen}
    for rule in rules:
        if id(rule) in picked or best_score.get(id(rule), 1.0) < model.keep_rule_above:
            continue
        if any(d.cue_head == rule.cue_head for d in chosen):
            # "blasted Shelby for shooting ...": the cue's better content was taken, the object alone
            # ("Shelby") is not a second attribution of the same word.
            continue
        chosen.append(rule)
    return chosen


def _draft(candidate: Candidate, content: tuple[int, int]) -> Draft | None:
    """The candidate with its cue word's subject as source; None without one (no one is reported)."""
    cue = candidate.cue
    subject = subject_of(cue)
    if subject is None or candidate.start <= subject.i < candidate.end:
        return None
    return Draft("indirect", [content], cue=[token_offsets(cue.doc[cue.i : cue.i + 1])], cue_head=cue.i,
                 source=[subject_offsets(subject)], source_head=subject.i)

