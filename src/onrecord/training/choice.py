"""Learn the choice among candidate attributions (``attribution/choice.py``) on PolNeAR train.

Each article of the train folder is parsed and tagged with the tagger just
trained, as the analysis would; every candidate of ``find_candidates`` is
labelled an attribution when a gold attribution's cue shares a character
with the candidate's cue word and the contents have character Jaccard
>= 0.5 (the evaluation's own test). A logistic regression
(scikit-learn, L2, ``C``) is fitted on the candidates' feature names.

The tagger's spans on its own training articles are better than on new text,
so the regression learns to trust them somewhat more than it should; held-out
tagging would cost a second tagger training. The thresholds were chosen on
dev (attribution F1), never fitted.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from onrecord.attribution.assemble import direct_and_reported_rules
from onrecord.attribution.candidates import Evidence, candidate_features, char_range, find_candidates
from onrecord.attribution.choice import CHOICE_FILE, ChoiceModel
from onrecord.evaluation import load_gold
from onrecord.evaluation.spans import merged
from onrecord.model import load_tagger, tag, using_model
from onrecord.nlp import parse_many
from onrecord.options import Options

REGULARISATION_C = 0.1  # of 0.1, 0.3, 1.0: the best average precision on dev candidates
THRESHOLD = 0.55  # of 0.3-0.6: dev attribution F1 flat at 0.64 from 0.45 up, exact F1 best here
# Of 0, 0.02, 0.1, 0.25: 0.1 and 0.25 score 0.640 on dev but drop a correct nested
# attribution of the founding sample ("Silent says they've discussed the terrifying fact ...").
KEEP_RULE_ABOVE = 0.02
MIN_COUNT = 2  # a feature of one candidate only is that candidate's name, not a pattern
_MIN_WEIGHT = 1e-4  # smaller weights change no decision; leaving them out keeps the file small


def train_choice(train_dir: Path, model_dir: Path, *, limit: int | None = None,
                 options: Options = Options()) -> ChoiceModel:
    """Fit the choice on ``train_dir`` with the tagger at ``model_dir``; save it there too."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    features, labels = candidate_examples(train_dir, model_dir, limit=limit, options=options)
    seen = Counter(name for row in features for name in set(row))
    vectorizer = DictVectorizer()
    matrix = vectorizer.fit_transform({name: 1 for name in row if seen[name] >= MIN_COUNT} for row in features)
    if len(set(labels)) < 2:
        raise ValueError(f"{train_dir}: the candidates are all of one class; nothing to learn")
    regression = LogisticRegression(C=REGULARISATION_C, max_iter=2000)
    regression.fit(matrix, labels)
    weights = {
        name: round(float(w), 5)
        for name, w in zip(vectorizer.get_feature_names_out(), regression.coef_[0])
        if abs(w) >= _MIN_WEIGHT
    }
    model = ChoiceModel(weights, round(float(regression.intercept_[0]), 5), THRESHOLD, KEEP_RULE_ABOVE)
    model.save(Path(model_dir) / CHOICE_FILE)
    return model


def candidate_examples(train_dir: Path, model_dir: Path, *, limit: int | None = None,
                       options: Options = Options()) -> tuple[list[list[str]], list[int]]:
    """Feature names and labels (1 = a gold attribution) of every candidate in ``train_dir``."""
    gold = load_gold(Path(train_dir))[:limit]
    features: list[list[str]] = []
    labels: list[int] = []
    with using_model(Path(model_dir)):
        tagger = load_tagger()
        for document, doc in zip(gold, parse_many((d.text for d in gold), options)):
            tagged = tag(doc, tagger)
            direct, rules = direct_and_reported_rules(doc)
            evidence = Evidence.gather(doc, tagged, rules, direct)
            answers = [(merged(a.cue), merged(a.content)) for a in document.attributions]
            for candidate in find_candidates(doc):
                features.append(candidate_features(doc, candidate, evidence))
                labels.append(int(_is_gold(doc, candidate, evidence, answers)))
    return features, labels


def _is_gold(doc, candidate, evidence: Evidence, answers) -> bool:
    """A gold cue shares a character with the cue word, and the contents have Jaccard >= 0.5."""
    cue_start, cue_end = candidate.cue.idx, candidate.cue.idx + len(candidate.cue.text)
    start, end = char_range(doc, candidate.start, candidate.end)
    return any(
        any(s < cue_end and cue_start < e for s, e in gold_cue) and evidence.similar(start, end, gold_content)
        for gold_cue, gold_content in answers
    )
