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
from qa.check.align import align
from qa.check.candidates import Candidate, _word_vectors, holds, terms_of
from qa.ingest.sentences import split_sentences
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
# a sentence that asks, aims, supposes or tells the method ("to determine whether", "we hypothesized that") states no finding
OPEN_QUESTION = re.compile(r"\b(?:whether|hypothes[ie][sz]e?d?|to (?:determine|investigate|examine|assess|evaluate|test|explore|establish)"
                           r"|we (?:asked|sought|aimed)|(?:the|our|study) aims? (?:of|to|was)|purpose of|(?:remains?|is|are) (?:unclear|unknown|uncertain))\b"
                           r"|\b(?:OBJECTIVES?|PURPOSE|AIMS?|QUESTION|METHODS?|DESIGN|SETTING|PARTICIPANTS)\b")


@dataclass
class Judgement:
    relation: str | None   # "supports", "contradicts", "related" (about it, not settling it), or None
    score: float           # how strongly it settles it (higher first)
    differences: list = field(default_factory=list)  # what differs; for "related", what is not settled
    features: dict | None = None  # the support model's inputs, for a sentence eligible to support (``qa.check.support``)
    probability: float | None = None  # the support model's output, for the eligible sentence given to it
    matched: int = 0               # the claim's facts it states alike


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
        words = sorted({w.lower() for w in re.findall(r"[A-Za-z]{3,}", c.passage.text)})
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
        claim_facts = F.extract(claim)
        best = max((relatedness(c) for c in candidates), default=0.0)
        out = [self.judge_one(claim, claim_facts, c) for c in candidates]
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

    def judge_one(self, claim: str, claim_facts: F.Facts, c: Candidate) -> Judgement:
        rel = relatedness(c)
        if rel < self.threshold:
            return Judgement(None, rel)
        pred, least = self.credits(c)
        if pred < PREDICATE_MIN:
            return Judgement(None, rel)   # shares names, not what the claim says of them
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


def asks(c: Candidate) -> bool:
    """Whether a sentence asks, aims or supposes rather than finds: the open
    question leads it (in its first third); a pair of sentences, if either does
    (the other is judged on its own).

    >>> from qa.answer.answers import Passage
    >>> cand = lambda t, pair=False: Candidate(Passage(0, "d", "t", None, None, None, 0, len(t), t), 0.9, 0.9, "t", pair=pair)
    >>> asks(cand("OBJECTIVE To determine whether folic acid lowers mortality.")), asks(cand("Folic acid lowers homocysteine but whether it lowers mortality is unknown."))
    (True, False)
    """
    text = c.passage.text
    if c.pair:
        return any(OPEN_QUESTION.search(text[s:e]) for s, e in split_sentences(text))
    m = OPEN_QUESTION.search(text)
    return bool(m) and m.start() < len(text) / 3


# a name with a digit or a capital inside ("NR5A2", "IL-6", "MeCP2", "GlcNAc"); acronyms are parties (qa.check.roles)
NAME = re.compile(r"(?<![\w(-])(?:[A-Za-z]+[-/]?\d[\w-]*|\d+[-/]?[A-Za-z][\w-]*|[A-Z]?[a-z]+[A-Z][A-Za-z]*)(?![\w)])")


def missing_names(claim: str, c: Candidate) -> list[str]:
    """The claim's identifiers (gene, protein, model or product names: "NR5A2",
    "IL-6", "MeCP2"; not an abbreviation in brackets) that neither the
    sentence nor its passage names: a sentence about another thing does not support it.

    >>> from qa.answer.answers import Passage
    >>> cand = Candidate(Passage(0, "d", "t", None, None, None, 0, 9, "ApoE affects transport."), 0.9, 0.9, "t", context="ApoE")
    >>> missing_names("NR5A2 is important in reverse cholesterol transport (RCT).", cand)
    ['NR5A2']
    """
    have = re.sub(r"[-/]", "", f"{c.passage.text} {c.context}").lower()
    return [n for n in dict.fromkeys(NAME.findall(claim)) if re.sub(r"[-/]", "", n).lower() not in have]


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
