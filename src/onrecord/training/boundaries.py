"""Learn which reading of a reported content to take (``attribution/boundaries.py``) on PolNeAR train.

Each train article is analysed as ``onrecord analyze`` would, with the tagger
and the choice just trained, up to the drafts the boundary stage receives
(``assemble.gather_attributions``). Every reading of every reported draft is an example when exactly
one of the two, the draft's own span or the reading, is within the
evaluation's Jaccard 0.5 of a gold content: the reading is labelled 1 when
it is that one. Readings that mend nothing and break nothing teach nothing
about where contents end. A logistic regression (scikit-learn, L2) is fitted
on their feature names and the tagger's vectors at the edges (standardised).
The threshold was chosen on dev, never fitted.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import numpy as np

from onrecord.attribution.assemble import gather_attributions
from onrecord.attribution.boundaries import BOUNDARIES_FILE, BoundaryModel, draft_readings
from onrecord.attribution.choice import Scorer, standardised
from onrecord.evaluation import load_gold
from onrecord.evaluation.spans import CharCounter, merged
from onrecord.model import load_tagger, tag, using_model
from onrecord.nlp import parse_many
from onrecord.options import Options

REGULARISATION_C = 0.1
THRESHOLD = 0.5
DENSE_SCALE = 0.3  # the vectors' weight against the feature names', as in the choice
MIN_COUNT = 2
_MIN_WEIGHT = 1e-4


def train_boundaries(train_dir: Path, model_dir: Path, *, limit: int | None = None,
                     options: Options = Options()) -> BoundaryModel | None:
    """Fit the boundary model on ``train_dir`` with the tagger and choice at ``model_dir``; save it there.

    None, and no file, when no reading both mends and breaks a content somewhere in ``train_dir``
    (a handful of articles): the analysis then keeps the drafts' own spans.
    """
    from scipy.sparse import csr_matrix, hstack
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    features, vectors, labels = reading_examples(train_dir, model_dir, limit=limit, options=options)
    (Path(model_dir) / BOUNDARIES_FILE).unlink(missing_ok=True)
    if len(set(labels)) < 2:
        return None
    seen = Counter(name for row in features for name in set(row))
    vectorizer = DictVectorizer()
    sparse = vectorizer.fit_transform({name: 1 for name in row if seen[name] >= MIN_COUNT} for row in features)
    names = vectorizer.get_feature_names_out()
    center = [round(float(c), 5) for c in vectors.mean(axis=0)]
    spread = [round(float(s), 5) for s in (vectors.std(axis=0) + 1e-3) / DENSE_SCALE]
    matrix = hstack([sparse, csr_matrix(standardised(vectors, center, spread))]).tocsr()
    regression = LogisticRegression(C=REGULARISATION_C, max_iter=5000)
    regression.fit(matrix, labels)
    coefficients = regression.coef_[0]
    weights = {name: round(float(w), 5) for name, w in zip(names, coefficients) if abs(w) >= _MIN_WEIGHT}
    dense = tuple(round(float(w), 5) for w in coefficients[len(names):])
    scorer = Scorer(weights, round(float(regression.intercept_[0]), 5), dense)
    model = BoundaryModel(scorer, THRESHOLD, tuple(center), tuple(spread))
    model.save(Path(model_dir) / BOUNDARIES_FILE)
    return model


def reading_examples(train_dir: Path, model_dir: Path, *, limit: int | None = None,
                     options: Options = Options()) -> tuple[list[list[str]], np.ndarray, list[int]]:
    """Feature names, edge vectors and labels of the readings that decide a gold content."""
    gold = load_gold(Path(train_dir))[:limit]
    features: list[list[str]] = []
    vectors: list[np.ndarray] = []
    labels: list[int] = []
    with using_model(Path(model_dir)):
        tagger = load_tagger()
        for document, doc in zip(gold, parse_many((d.text for d in gold), options)):
            tagging = tag(doc, tagger)
            gathered = gather_attributions(doc, options, tagging)
            chars = CharCounter(document.text)
            golds = [merged(a.content) for a in document.attributions]

            def reaches(spans: list[tuple[int, int]]) -> bool:
                segments = merged(spans)
                size = chars.size(segments)
                for content in golds:
                    shared = chars.overlap(content, segments)
                    if shared and 2 * shared >= chars.size(content) + size - shared:
                        return True
                return False

            for found in draft_readings(doc, gathered.drafts, tagging, gathered.quotations):
                own = reaches(found.draft.content)
                for n, reading in enumerate(found.readings):
                    spans = [(doc[a].idx, doc[b - 1].idx + len(doc[b - 1].text)) for a, b in reading.pieces]
                    if reaches(spans) == own:
                        continue
                    features.append(found.features[n])
                    vectors.append(found.vectors[n])
                    labels.append(int(not own))
    return features, np.vstack(vectors) if vectors else np.zeros((0, 0), dtype=np.float32), labels
