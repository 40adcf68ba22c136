"""From judged sentences to a claim's verdict, with its evidence.

supported / contradicted: the best settling sentences, each quoted verbatim with
what differs; unsettled ("related, not settled"): sentences about the claim that
neither prove nor disprove it, with why; not_found: nothing is about it.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

RELATIONS = {"supports": "supported", "contradicts": "contradicted", "related": "unsettled"}
PAIR_PENALTY = 0.05   # one sentence is better evidence than two that settle the claim about as well
EVIDENCE = 3          # sentences quoted per verdict
WITHIN = 0.15         # ... each within this score of the best


@dataclass
class ClaimResult:
    claim: str
    verdict: str                                   # supported, contradicted, unsettled, not_found, partly_supported, not_checked (a draft sentence that states nothing to check)
    documents: list = field(default_factory=list)  # [{"doc", "title", "relation"}], best settling first
    evidence: list = field(default_factory=list)   # [(Passage, relation, differences)]: for "supports", what it shows
                                                   # (a comparison's two figures), "proof" in to_dict
    parts: list = field(default_factory=list)      # [ClaimResult] when the claim has several parts
    closest: list = field(default_factory=list)    # [Passage]: the nearest passages, whatever the verdict
    note: str = ""
    score: float = 0.0                             # relatedness of the best sentence
    span: list | None = None                       # [start, end] in a draft

    def to_dict(self) -> dict:
        out = {"claim": self.claim, "verdict": self.verdict, "documents": self.documents,
               "evidence": [{**asdict(p), "relation": r, "differences": [] if r == "supports" else d,
                              "proof": d if r == "supports" else []} for p, r, d in self.evidence],
               "parts": [p.to_dict() for p in self.parts] if len(self.parts) > 1 else [],
               "score": round(self.score, 4), "closest": [asdict(p) for p in self.closest]}
        if self.note:
            out["note"] = self.note
        if self.span is not None:
            out["span"] = self.span
        return out


def decide(claim: str, judged: list, closest: list, best: float) -> ClaimResult:
    """The verdict from ``judged`` [(Judgement, Candidate)]: the best-scoring
    settling sentence decides; failing any, the best related one makes it unsettled."""
    judged = sorted(judged, key=lambda jc: -(jc[0].score - PAIR_PENALTY * jc[1].pair))
    settling = [(j, c) for j, c in judged if j.relation in ("supports", "contradicts")]
    settling = settling or [(j, c) for j, c in judged if j.relation == "related"]
    if not settling:
        return ClaimResult(claim, "not_found", closest=closest, score=best)
    relation = settling[0][0].relation
    evidence, documents, seen = [], [], set()  # seen: (doc, start, end) already quoted
    for j, c in settling:
        p = c.passage
        if j.relation != relation or len(evidence) == EVIDENCE or j.score < settling[0][0].score - WITHIN \
                or any(d == p.doc and s < p.end and p.start < e for d, s, e in seen):
            continue
        seen.add((p.doc, p.start, p.end))
        p.rank = len(evidence) + 1
        evidence.append((p, relation, j.differences))
        if p.doc not in {d["doc"] for d in documents}:
            documents.append({"doc": p.doc, "title": p.title, "relation": relation})
    return ClaimResult(claim, RELATIONS[relation], documents, evidence, closest=closest, score=best)
