"""The logistic regression both learnt stages of the analysis fit: feature names and tagger vectors in, a ``Scorer`` out.

The choice among candidates (``training/choice.py``) and the boundary of
reported contents (``training/boundaries.py``) see their examples the same
way: a bag of feature names, kept when at least ``min_count`` examples have
them (a name of one example is that example, not a pattern), beside the
tagger's vectors standardised and then scaled by ``dense_scale`` (their
regularisation relative to the names'). What is saved is rounded, so that
a model file is small and the same fit writes the same bytes.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import numpy as np

from onrecord.attribution.choice import Scorer, standardised

_MIN_WEIGHT = 1e-4  # smaller weights change no decision; leaving them out keeps the file small


@dataclass
class Design:
    """Examples as the regression sees them, and how to see new ones the same way."""

    matrix: object  # scipy CSR: the kept feature names, then the standardised vectors
    names: list[str]
    center: list[float]
    spread: list[float]


def design(features: list[list[str]], vectors: np.ndarray, *, min_count: int, dense_scale: float) -> Design:
    """The feature names seen ``min_count`` times or more, and the vectors standardised over these examples."""
    from scipy.sparse import csr_matrix, hstack
    from sklearn.feature_extraction import DictVectorizer

    seen = Counter(name for row in features for name in set(row))
    vectorizer = DictVectorizer()
    sparse = vectorizer.fit_transform({name: 1 for name in row if seen[name] >= min_count} for row in features)
    center = [round(float(c), 5) for c in vectors.mean(axis=0)]
    spread = [round(float(s), 5) for s in (vectors.std(axis=0) + 1e-3) / dense_scale]
    matrix = hstack([sparse, csr_matrix(standardised(vectors, center, spread))]).tocsr()
    return Design(matrix, list(vectorizer.get_feature_names_out()), center, spread)


def fit_scorer(examples: Design, labels: list[int], *, regularisation: float, max_iter: int) -> Scorer:
    """An L2 logistic regression (scikit-learn, inverse strength ``regularisation``) as a rounded ``Scorer``."""
    from sklearn.linear_model import LogisticRegression

    regression = LogisticRegression(C=regularisation, max_iter=max_iter)
    regression.fit(examples.matrix, labels)
    coefficients = regression.coef_[0]
    names = examples.names
    weights = {name: round(float(w), 5) for name, w in zip(names, coefficients) if abs(w) >= _MIN_WEIGHT}
    dense = tuple(round(float(w), 5) for w in coefficients[len(names):])
    return Scorer(weights, round(float(regression.intercept_[0]), 5), dense)
