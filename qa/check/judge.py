"""Judging one candidate sentence against a claim: supports, contradicts, is
related without settling it, or is not about it.

``Judge`` is the protocol: anything with ``judge(claim, candidates) ->
[Judgement]`` (an NLI model, for one) can replace the default ``RuleJudge``.
The rules: a sentence is about the claim when its embedding similarity and its
share of the claim's rarer words are high enough together, and it holds the
claim's own words outside names and figures (the same subject and predicate).
Only then are facts compared (``qa.check.align``: figures, years, dates,
opposite words, who did what) along with polarity (``qa.check.polarity``).
It contradicts when a fact differs on both sides and it holds nearly all the
claim's words. A sentence that states every fact of the claim, differs in none
and has its polarity is eligible to support it; the most related eligible one
supports it when the support model (``qa.check.support``, fitted on SciFact
train) is confident enough. Otherwise it is related, not settled.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Protocol

import numpy as np

from qa.check import facts as F
from qa.check import support
from qa.check.align import Comparison, align
from qa.check.align_words import align_parties
from qa.check.compare_figures import settle
from qa.check.comparatives import parse as comparative
from qa.check.candidates import Candidate, _word_vectors, holds, terms_of
from qa.check.findings import asks, missing_names
from qa.check.polarity import _stem, agrees, disagreement, word_opposite
from qa.check.swaps import swapped

RELATED_THRESHOLD = 0.5    # calibrated on seeds claims + tests/data/claims_not_found.txt
WORD_SIM_FLOOR = 0.4       # a missing word's closest word in the sentence counts from this cosine (fully at +0.25)
PREDICATE_MIN = 0.55       # share of the claim's words outside names a related sentence must hold
PROOF_MIN = 0.55           # ... that a sentence stating another figure, year or date must hold (the same subject and predicate)
WORDS_PROOF_MIN = 0.7      # ... that a sentence saying the opposite word, denying it, or naming another doer must hold
WORDS_LEAST = 0.1          # ... and the least credit any one claim word gets there (tuned on SciFact train: precision first)
CONTRADICT_MARGIN = 0.05   # a contradicting sentence is at most this much less related than the closest one
SIM_WEIGHT = 0.5           # relatedness = SIM_WEIGHT * cosine + (1 - SIM_WEIGHT) * rare-word coverage
UNSTATED = ("quantity", "date", "year", "direction", "party")



@dataclass
class Judgement:
    relation: str | None   # "supports", "contradicts", "related" (about it, not settling it), or None
    score: float           # how strongly it settles it (higher first)
    differences: list = field(default_factory=list)  # what differs; for "related", what is not settled
    features: dict | None = None  # the support model's inputs, for a sentence eligible to support (``qa.check.support``)
    probability: float | None = None  # the support model's output, for the eligible sentence given to it
    matched: int = 0               # the claim's facts it states alike
    compared: bool = False         # settles a comparative claim by the figures of both sides (``qa.check.compare_figures``)


class Judge(Protocol):
    def __call__(self, claim: str, candidates: list[Candidate]) -> list[Judgement]: ...


def _word_entry(word: str) -> tuple[frozenset, frozenset]:
    """One word as ``candidates.terms_of`` gives a text: its stem and the stem's prefixes of four letters or more."""
    stem = _stem(word)
    return frozenset({stem}), frozenset(stem[:n] for n in range(4, len(stem) + 1))


def relatedness(c: Candidate) -> float:
    return SIM_WEIGHT * c.similarity + (1 - SIM_WEIGHT) * c.coverage


class RuleJudge:
    """Relatedness, then the claim's own words, then facts and polarity."""

    def __init__(self, embedder=None, threshold: float = RELATED_THRESHOLD):
        self.embedder, self.threshold = embedder, threshold

    def predicate(self, c: Candidate) -> float:
        """IDF-weighted share of the claim's words outside names and figures
        that the sentence holds; a missing word counts in part if the sentence
        has a word the model finds close to it."""
        return self.credits(c)[0]

    def credits(self, c: Candidate) -> tuple[float, float]:
        """(the IDF-weighted share of the claim's words the sentence holds, the
        least credit of any one word: 0 when a word and all close words are missing)."""
        if not c.terms:
            return 1.0, 1.0
        entry = terms_of([c.passage.text])[0]
        credit = {s: 1.0 for _, s, _ in c.terms if holds(entry, s)}
        missing = [w for w, s, _ in c.terms if s not in credit]
        words = sorted({w.lower() for w in re.findall(r"[^\W\d_]{3,}", c.passage.text)})
        if missing and words:
            # a sentence word that already stands for a claim word stands for no other: "human smuggling" holds
            # the claim's "smuggling", so it is not also the claim's "human trafficking" (one word, one match)
            words = [w for w in words if not any(holds(_word_entry(w), s) for s in credit)]
        if missing and words and self.embedder is not None:
            vectors = _word_vectors(self.embedder, missing + words)
            best = (vectors[:len(missing)] @ vectors[len(missing):].T).max(axis=1)
            for (w, s, _), b in zip([t for t in c.terms if t[1] not in credit], best):
                credit[s] = float(np.clip((b - WORD_SIM_FLOOR) / 0.25, 0.0, 1.0))
        share = sum(x * credit.get(s, 0.0) for _, s, x in c.terms) / (sum(x for _, _, x in c.terms) or 1.0)
        return share, min(credit.get(s, 0.0) for _, s, _ in c.terms)

    def __call__(self, claim: str, candidates: list[Candidate]) -> list[Judgement]:
        claim_facts, comp = F.extract(claim), comparative(claim)
        best = max((relatedness(c) for c in candidates), default=0.0)
        out = [self.judge_one(claim, claim_facts, c, comp) for c in candidates]
        settled = {j.relation for j in out if j.compared}
        for j in out:   # figures that go both ways (one agency's rose, another's fell): the claim is not settled
            if j.compared and settled >= {"supports", "contradicts"}:
                j.relation, j.differences = "related", [f"figures elsewhere go the other way; here: {d}" for d in j.differences]
        for j, c in zip(out, candidates):   # a contradiction is read in the sentences closest to the claim
            if j.relation == "contradicts" and relatedness(c) < best - CONTRADICT_MARGIN:
                j.relation, j.differences = "related", [f"not the same statement: {d}" for d in j.differences]
        self.support(out, candidates)
        return out

    @staticmethod
    def support(out: list[Judgement], candidates: list[Candidate]) -> None:
        """The most related sentence eligible to support the claim supports it if the support model says so."""
        eligible = [(j, c) for j, c in zip(out, candidates) if j.features is not None]
        if not eligible:
            return
        j, c = max(eligible, key=lambda jc: relatedness(jc[1]))
        other = max((relatedness(x) for x in candidates if x.passage.doc != c.passage.doc), default=0.0)
        j.features["margin"] = round(relatedness(c) - other, 4)
        j.probability = support.probability(j.features)
        if j.probability >= support.THRESHOLD:
            j.relation, j.differences, j.score = "supports", [], j.score + 0.05 * j.matched
        else:
            j.differences = [f"{c.source} states the claim's facts but may not say all it says "
                             f"(support {j.probability:.2f}, below {support.THRESHOLD:.2f})"]

    def judge_one(self, claim: str, claim_facts: F.Facts, c: Candidate, comp=None) -> Judgement:
        rel = relatedness(c)
        if rel < self.threshold:
            return Judgement(None, rel)
        pred, least = self.credits(c)
        if pred < PREDICATE_MIN:
            return Judgement(None, rel)   # shares names, not what the claim says of them
        if comp is None:
            return self.by_facts(claim, claim_facts, c, rel, pred, least)
        # a comparison ("more in 2024 than in 2023") is settled by a figure for each side, shown as proof
        s = settle(comp, c.passage.text, {t[1] for t in c.terms}, c.source, claim)
        if s.relation in ("supports", "contradicts"):
            why = unlike(claim, claim_facts, c)
            return Judgement("related", rel, why) if why else Judgement(s.relation, rel + 0.1, s.lines, compared=True)
        if s.relation == "related":
            return Judgement("related", rel, s.lines)
        j = self.by_facts(claim, claim_facts, c, rel, pred, least)
        if s.anchored or j.relation is None or comp.kind == "change":   # "rose in 2024" may be said in words, the year before unnamed
            return j
        return Judgement("related", rel, [f"{c.source} does not give figures for both {comp.sides[0].text} and {comp.sides[1].text} here"])

    def by_facts(self, claim: str, claim_facts: F.Facts, c: Candidate, rel: float, pred: float, least: float) -> Judgement:
        """A sentence about the claim judged by the facts both state, their polarity and their words."""
        cmp = align(claim_facts, facts_of(c.passage.text), c.source)
        differences = list(cmp.differences)
        flip = disagreement(claim, c.passage.text, nouns=False) or word_opposite(claim, c.passage.text)
        if flip:
            differences.append(f"the claim says “{flip[0]}”; {c.source} says “{flip[1]}”")
        if differences:
            if asks(c):
                return Judgement("related", rel, [f"{c.source} asks this; it does not say the answer here"])
            if pred >= PROOF_MIN and cmp.figures or pred >= WORDS_PROOF_MIN and least >= WORDS_LEAST:
                return Judgement("contradicts", rel + 0.05 * len(differences), differences)
            return Judgement("related", rel, [f"not the same statement: {d}" for d in differences])
        if [m for m in unstated_facts(cmp, c) if m.kind in UNSTATED]:
            return Judgement(None, rel)   # on topic, but the figure, date or party the claim states is not here
        if cmp.conflicts:
            return Judgement("related", rel, [f"not the same statement: {d}" for d in cmp.conflicts])
        if asks(c):
            return Judgement("related", rel, [f"{c.source} asks this; it does not say the answer here"])
        swap = swapped(claim, c.passage.text)
        if swap:   # "between official ports" where the claim says "at official ports": another place is said
            return Judgement("related", rel, [f"the claim says “{swap[0]}”; {c.source} says “{swap[1]}”"])
        unnamed = missing_names(claim, c)
        if unnamed:
            return Judgement("related", rel, [f"{c.source} does not name {', '.join(unnamed)} here"])
        if not agrees(claim, c.passage.text):
            return Judgement("related", rel, [f"{c.source} does not deny what the claim denies, or denies what it states"])
        return Judgement("related", rel, [f"{c.source} does not say all the claim says"],   # eligible to support
                         features=support.features(c.similarity, c.coverage, pred, 0.0), matched=len(cmp.matched))


def unlike(claim: str, claim_facts: F.Facts, c: Candidate) -> list[str]:
    """Why a sentence giving a comparison's figures is not about the claim's subject:
    it asks rather than finds, another party did the claim's deed, or it does not name the claim's identifier."""
    if asks(c):
        return [f"{c.source} asks this; it does not say the answer here"]
    out = Comparison()
    align_parties(claim_facts, facts_of(c.passage.text), out, f"{c.source} says")
    unnamed = missing_names(claim, c)
    return [f"not the same statement: {d}" for d in out.differences] + ([f"{c.source} does not name {', '.join(unnamed)} here"] if unnamed else [])


@lru_cache(maxsize=20_000)
def facts_of(text: str) -> F.Facts:
    """The facts of an evidence text, extracted once per process (sentences recur across claims)."""
    return F.extract(text)


def unstated_facts(cmp, c: Candidate) -> list:
    """Claim facts stated neither in the sentence nor (years, parties) in its passage."""
    if not cmp.unmatched:
        return []
    rest = [m for m in cmp.unmatched if m.kind in ("year", "date", "party")]
    around = align(F.Facts("", rest), facts_of(c.context))
    return [m for m in cmp.unmatched if m not in rest or m not in around.matched]
