"""The support model's data (benchmarks/scifact_claims_support.py): the claims'
candidates saved by ``benchmarks/scifact_claims.py --dump`` judged again by
the rules with the support model switched off, giving per claim its gold
label, its verdict without the model, and per part the features of the most
related eligible sentence (labelled by whether it is from a cited abstract);
and, for each gold SUPPORT claim left unsupported, the furthest rule a
sentence of a cited abstract reaches (``why``).
"""

from __future__ import annotations

import pickle
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.claims_scoring import gold_label  # noqa: E402


def rows_of(paths: list[Path]):
    for path in paths:
        with open(path, "rb") as f:
            while True:
                try:
                    yield pickle.load(f)
                except (EOFError, pickle.UnpicklingError):
                    break


def why(judge, part: str, j, c) -> str:
    """The furthest rule a cited sentence reaches, in words."""
    from qa.check.align import align
    from qa.check.judge import UNSTATED, facts_of, relatedness, unstated_facts
    from qa.check import facts as F

    if j.features is not None:
        return "eligible: left to the support model" if j.probability is not None else "eligible, not the most related"
    if j.relation == "related":
        d = j.differences[0] if j.differences else ""
        return ("a method sentence (asks)" if " asks this" in d else "an identifier not named" if "does not name" in d
                else "polarity differs" if "does not deny" in d else "a fact differs (not the same statement)")
    if j.relation == "contradicts":
        return "read as contradicting"
    if relatedness(c) < judge.threshold:
        return f"relatedness below {judge.threshold}"
    from qa.check.judge import PREDICATE_MIN
    if judge.predicate(c) < PREDICATE_MIN:
        return f"claim's words held below {PREDICATE_MIN}"
    kinds = sorted({m.kind for m in unstated_facts(align(F.extract(part), facts_of(c.passage.text)), c) if m.kind in UNSTATED})
    return "unstated " + "+".join(kinds) if kinds else "other"


def gather(paths: list[Path]):
    """Per claim: gold, the base verdict (no support model), and per part the
    top eligible sentence's features and label; and the diagnosis counts."""
    from benchmarks.scifact_claims import judged
    from qa.check import support
    from qa.check.judge import RuleJudge, relatedness
    from qa.encode.embedding import load_embedder

    judge, saved = RuleJudge(load_embedder("all-MiniLM-L6-v2")), support.THRESHOLD
    support.THRESHOLD = 2.0   # the rules alone: nothing passes
    claims, reasons = [], Counter()
    try:
        for row in rows_of(paths):
            c, parts, cited = row["claim"], [], {f"{d}.txt" for d in row["claim"]["cited_doc_ids"]}
            gold, retrieved, differs = gold_label(c), False, False
            base = judged(row["parts"], judge).verdict
            best_why = None
            for p, cands, closest in row["parts"]:
                js = judge(p, cands)
                top = [(j, x) for j, x in zip(js, cands) if j.probability is not None]
                parts.append((top[0][0].features, top[0][1].passage.doc in cited) if top else None)
                on = [(relatedness(x), j, x) for j, x in zip(js, cands) if x.passage.doc in cited]
                retrieved |= bool(on)
                differs |= any(j.relation == "contradicts" or j.relation == "related" and j.differences
                               and j.differences[0].startswith("not the same statement") for _, j, _ in on)
                if gold == "SUPPORT" and base != "supported" and on:
                    r, j, x = max(on, key=lambda t: (t[1].features is not None, t[1].relation == "related", t[0]))
                    best_why = best_why or why(judge, p, j, x)
            if gold == "SUPPORT" and base != "supported":
                reasons[f"{base:>10s}: " + (best_why or "no sentence of a cited abstract retrieved")] += 1
            claims.append({"gold": gold, "base": base, "parts": parts, "retrieved": retrieved, "differs": differs})
    finally:
        support.THRESHOLD = saved
    return claims, reasons
