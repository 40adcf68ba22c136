"""Whether a sentence that states every fact of a claim supports it: a small
logistic regression over a few readable features, in the style of
``qa.answer.answerability``.

The rules come first and never bend (``qa.check.judge``): a sentence can only
support a claim when it is about it (relatedness, the claim's own words), states
every figure, year, date, party, identifier and direction the claim states,
differs in none, has the claim's polarity and finds rather than asks. Of the
sentences that pass (``eligible``), the one most related to the claim is given to
this model, which says how likely it is to support the claim:

* ``similarity``  cosine between the claim and the sentence (stored sentence vectors)
* ``coverage``    IDF-weighted share of the claim's words in the sentence (or its passage)
* ``predicate``   IDF-weighted share of the claim's words outside names and figures
                  the sentence holds, a close word counting in part (``RuleJudge.credits``)
* ``margin``      its relatedness minus that of the best sentence of another document
                  (a clear winner rather than many lookalikes)

The coefficients are fitted by ``benchmarks/scifact_claims_support.py --write``
on SciFact train (candidates saved by ``benchmarks/scifact_claims.py --dump``);
that command prints the held-out (5-fold, by claim) figures. THRESHOLD is the
least probability said "supported": chosen so that held-out precision of
"supported" stays at least 0.8.
"""

from __future__ import annotations

import math

FEATURES = ("similarity", "coverage", "predicate", "margin")

# --- fitted: benchmarks/scifact_claims_support.py --write (do not edit by hand) ---
COEFFICIENTS = {"similarity": 1.4420, "coverage": 1.4976, "predicate": 1.0364, "margin": 2.8925}
INTERCEPT = -2.9174
THRESHOLD = 0.46
# --- end fitted ---


def probability(x: dict, coefficients: dict | None = None, intercept: float | None = None) -> float:
    """The model's probability that an eligible sentence supports the claim.

    >>> round(probability({"similarity": 1.0}, {"similarity": 2.0}, -2.0), 3)
    0.5
    >>> probability({"similarity": 0.9, "coverage": 0.9, "predicate": 1.0, "margin": 0.2}) > \\
    ...     probability({"similarity": 0.6, "coverage": 0.6, "predicate": 0.6, "margin": 0.0})
    True
    """
    coefficients = COEFFICIENTS if coefficients is None else coefficients
    intercept = INTERCEPT if intercept is None else intercept
    z = intercept + sum(coefficients.get(f, 0.0) * float(x.get(f, 0.0)) for f in FEATURES)
    return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))


def features(similarity: float, coverage: float, predicate: float, margin: float) -> dict:
    """The model's inputs, rounded (they are shown and saved).

    >>> features(0.81234, 0.7, 1.0, 0.05)
    {'similarity': 0.8123, 'coverage': 0.7, 'predicate': 1.0, 'margin': 0.05}
    """
    return {"similarity": round(similarity, 4), "coverage": round(coverage, 4), "predicate": round(predicate, 4),
            "margin": round(margin, 4)}
