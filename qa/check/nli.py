"""An NLI model as the claim judge, in place of the rules (``qa.check.judge``):
the ``Judge`` protocol lets any cross-encoder NLI model a user has decide."""

from __future__ import annotations

from qa.check.candidates import Candidate
from qa.check.judge import RELATED_THRESHOLD, Judgement, relatedness


class NLIJudge:
    """An NLI model as the judge: ``predict(premise, hypothesis) -> (label, probability)``
    with label "entailment", "contradiction" or "neutral" (any cross-encoder NLI
    model gives that). Sentences below ``threshold`` relatedness are not shown to
    the model; its verdict is said in words, since it names no differing fact.

    >>> fake = lambda premise, claim: ("contradiction", 0.9) if "not" in premise else ("entailment", 0.8)
    >>> judge = NLIJudge(fake, threshold=0.0)
    >>> from qa.check.candidates import Candidate
    >>> from qa.answer.answers import Passage
    >>> c = Candidate(Passage(rank=0, doc="d", title="t", section=None, paragraph=None, page=None,
    ...                       start=0, end=10, text="It is not."), 0.9, 0.9, "“t”")
    >>> j = judge("It is.", [c])[0]
    >>> j.relation, j.differences
    ('contradicts', ['the model reads “t” as saying otherwise (0.90)'])
    """

    RELATION = {"entailment": "supports", "contradiction": "contradicts", "neutral": "related"}

    def __init__(self, predict, threshold: float = RELATED_THRESHOLD, min_probability: float = 0.5):
        self.predict, self.threshold, self.min_probability = predict, threshold, min_probability

    def __call__(self, claim: str, candidates: list[Candidate]) -> list[Judgement]:
        out = []
        for c in candidates:
            rel = relatedness(c)
            if rel < self.threshold:
                out.append(Judgement(None, rel))
                continue
            label, p = self.predict(c.passage.text, claim)
            relation = self.RELATION.get(label) if p >= self.min_probability else "related"
            why = [f"the model reads {c.source} as saying otherwise ({p:.2f})"] if relation == "contradicts" else []
            out.append(Judgement(relation, rel + p if relation in ("supports", "contradicts") else rel, why))
        return out
