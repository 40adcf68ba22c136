"""Whether the documents answer a question: a small logistic regression over
a few readable features of the best candidates.

Features (each computed by ``qa.answer.features.features``):

* ``sentence``   cosine between the question and the answer sentence
* ``chunk``      cosine between the question and the first passage
* ``rare``       IDF-weighted share of the question's rarer half of subject
                 terms found in the answer sentence
* ``cover``      IDF-weighted share of all its subject terms found in the
                 best of the first three passages (with title and section)
* ``lacks``      share of the years, figures and names the question names that
                 the answer sentence (or, for names, its passage) lacks
* ``margin``     the answer sentence's score minus the best sentence's of
                 another passage (a clear winner vs many lookalikes)
* ``focus``      IDF-weighted share of the words naming what is asked about
                 ("ghost guns" in "How many ghost guns ...?", ``qa.answer.focus``)
                 that the answer sentence or its section heading holds; 1.0
                 when the question names none

Before the model, what a reader checks first (``answer_line.choose_line``): a
question is not answered, whatever its confidence, when the answer line lacks
the kind of answer asked for (a count for "how many": "almost half" is not
one; a date for "when was"), never names the thing a "how many/how much"
question counts ("ghost guns", "fentanyl"), gives its figure over another
period than the one asked ("each year": "daily", ``qa.answer.periods``),
lacks a year or figure the question names (in the line or the sentence it
follows on from), names no company (city, country, organization) a "which company"
question asks for, or only restates the question (``qa.answer.entities``); the
line is then shown as the closest, with what it lacks.

The coefficients below are fitted by ``benchmarks/answerability.py --write``
on the questions those checks leave: answerable ones (COVID-QA, realdocs, the
seed sample) and unanswerable ones (each answerable question asked with its
source document left out, plus hand-written on-topic and off-topic ones over
the seeds), on the fit part only; that command prints the held-out figures.
``confidence`` is the model's probability; answered means at least THRESHOLD
and not ruled out by the checks above.
"""

from __future__ import annotations

import math

import numpy as np

FEATURES = ("sentence", "chunk", "rare", "cover", "lacks", "margin", "focus")

# --- fitted: benchmarks/answerability.py --write (do not edit by hand) ---
COEFFICIENTS = {"sentence": 2.4545, "chunk": 2.8789, "rare": 2.2514, "cover": 2.5065, "lacks": -0.4798, "margin": 0.8744, "focus": 1.6132}
INTERCEPT = -6.3422
THRESHOLD = 0.39
# --- end fitted ---


def probability(x: dict, coefficients: dict | None = None, intercept: float | None = None) -> float:
    """The model's probability that the documents answer, from features ``x``.

    >>> round(probability({"sentence": 1.0}, {"sentence": 2.0}, -2.0), 3)
    0.5
    """
    coefficients = COEFFICIENTS if coefficients is None else coefficients
    intercept = INTERCEPT if intercept is None else intercept
    z = intercept + sum(coefficients.get(f, 0.0) * float(x.get(f, 0.0)) for f in FEATURES)
    return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))


def fit(X: np.ndarray, y: np.ndarray, l2: float = 1.0, steps: int = 50, weights: np.ndarray | None = None) -> tuple[np.ndarray, float]:
    """Logistic regression by Newton's method with an L2 penalty on the
    weights (not the intercept), each row weighted by ``weights`` (default 1).
    Returns (weights, intercept).

    >>> w, b = fit(np.array([[0.0], [1.0], [2.0], [3.0]]), np.array([0, 0, 1, 1]), l2=0.01)
    >>> bool(w[0] > 0 and -w[0] * 1.5 - 1 < b < -w[0] * 1.5 + 1)
    True
    """
    n, d = X.shape
    A = np.hstack([X, np.ones((n, 1))])
    theta = np.zeros(d + 1)
    reg = np.full(d + 1, l2)
    reg[-1] = 0.0
    sw = np.ones(n) if weights is None else np.asarray(weights, dtype=float)
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-np.clip(A @ theta, -50, 50)))
        grad = A.T @ (sw * (p - y)) + reg * theta
        H = (A * (sw * p * (1 - p))[:, None]).T @ A + np.diag(reg) + 1e-9 * np.eye(d + 1)
        step = np.linalg.solve(H, grad)
        theta -= step
        if np.max(np.abs(step)) < 1e-8:
            break
    return theta[:-1], float(theta[-1])


def roc_auc(scores, labels) -> float:
    """Area under the ROC curve (ties count half).

    >>> roc_auc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1])
    0.75
    """
    scores, labels = np.asarray(scores, dtype=float), np.asarray(labels, dtype=int)
    pos, neg = scores[labels == 1], scores[labels == 0]
    if not len(pos) or not len(neg):
        return float("nan")
    greater = (pos[:, None] > neg[None, :]).sum() + 0.5 * (pos[:, None] == neg[None, :]).sum()
    return float(greater / (len(pos) * len(neg)))
