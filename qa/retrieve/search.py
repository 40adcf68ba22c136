"""Hybrid search: dense (FAISS) and BM25 candidates, fused.

Each ranking contributes its ``depth`` best chunks. The default fusion
("cc") is a convex combination: over the union of candidates, both scores are
min-max normalized, then ``dense_weight * dense + (1 - dense_weight) * bm25``.
Every candidate has both scores (BM25 is computed for all chunks, the cosine
from the stored vectors), so a chunk found by one ranking alone is not
penalized for missing from the other. "rrf" (reciprocal-rank fusion, k=60)
is kept as an option.

Chosen on the SciFact train split (809 claims, ``qa eval --beir``), nDCG@10:
RRF k=60 0.714; convex 0.733 with dense_weight anywhere in 0.5-0.7 (a flat
optimum, so the default does not hinge on this collection); BM25 k1/b and
pseudo-relevance feedback changed little or hurt (see the README).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from qa.store import lexical, vectors
from qa.config import SEARCH_MODES
from qa.errors import QAError

FUSIONS = ("cc", "rrf")
FUSION = "cc"
DENSE_WEIGHT = 0.6
# Share of the dense side given to the chunk's best sentence rather than the
# whole chunk (a question usually matches one sentence of a long passage).
SENTENCE_SHARE = 0.5


class Hit(NamedTuple):
    chunk: int             # row in index.chunks
    score: float           # fused score (higher is better)
    similarity: float      # cosine between the query and the chunk's vector
    bm25: float            # BM25 score of the chunk (0 when no query term occurs)
    sentence: float = 0.0  # cosine between the query and the chunk's closest sentence


def best_sentences(index, rows: np.ndarray, q: np.ndarray) -> np.ndarray:
    """For each chunk row, the highest cosine between ``q`` and one of its
    sentences (the chunk's own cosine when the index has no sentences)."""
    rows = np.asarray(rows, dtype=np.int64)
    out = np.asarray(index.vectors[rows], dtype=np.float32) @ q if len(rows) else np.zeros(0, dtype=np.float32)
    table = getattr(index, "sentence_spans", None)
    if table is None or not len(table) or not len(rows):
        return out
    first = np.searchsorted(table[:, 0], np.arange(len(index.chunks) + 1))  # sentences sorted by chunk row
    starts, ends = first[rows], first[rows + 1]
    counts = ends - starts
    has = counts > 0
    if not has.any():
        return out
    flat = np.concatenate([np.arange(a, b) for a, b in zip(starts[has], ends[has])])
    sims = np.asarray(index.sentences[flat], dtype=np.float32) @ q
    offsets = np.concatenate([[0], np.cumsum(counts[has])[:-1]])
    out[has] = np.maximum.reduceat(sims, offsets)
    return out


def rrf(rankings: list[list[int]], k: int = 60, weights: list[float] | None = None) -> list[tuple[int, float]]:
    """Reciprocal-rank fusion: each list adds weight / (k + rank) to its items.

    >>> rrf([[1, 2, 3], [3, 1]], k=1)
    [(1, 0.8333333333333333), (3, 0.75), (2, 0.3333333333333333)]
    """
    weights = weights or [1.0] * len(rankings)
    scores: dict[int, float] = {}
    for ranking, weight in zip(rankings, weights):
        for rank, item in enumerate(ranking, 1):
            scores[item] = scores.get(item, 0.0) + weight / (k + rank)
    return sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))


def allowed_chunks(index, docs: list[str] | None) -> np.ndarray | None:
    """Row numbers of the chunks of ``docs``; None means all. Unknown names are an error."""
    if not docs:
        return None
    unknown = [d for d in docs if d not in index.documents]
    if unknown:
        raise QAError(f"unknown document {unknown[0]!r}; indexed: {', '.join(sorted(index.documents))}")
    wanted = set(docs)
    return np.array([i for i, c in enumerate(index.chunks) if c.doc in wanted], dtype=np.int64)


def _top(scores: np.ndarray, n: int, allowed: np.ndarray | None) -> list[int]:
    """Indices of the ``n`` highest positive scores, best first."""
    if allowed is not None:
        masked = np.full_like(scores, -np.inf)
        masked[allowed] = scores[allowed]
        scores = masked
    n = min(n, int(np.sum(scores > 0)))
    if n <= 0:
        return []
    top = np.argpartition(-scores, n - 1)[:n]
    return [int(i) for i in top[np.argsort(-scores[top], kind="stable")]]


def minmax(x: np.ndarray) -> np.ndarray:
    """Scale to [0, 1]; a constant array maps to 1 where positive, else 0.

    >>> minmax(np.array([2.0, 4.0, 3.0])).tolist(), minmax(np.array([0.0, 0.0])).tolist()
    ([0.0, 1.0, 0.5], [0.0, 0.0])
    """
    lo, hi = float(x.min()), float(x.max())
    if hi > lo:
        return (x - lo) / (hi - lo)
    return (x > 0).astype(np.float64)


def convex(candidates: np.ndarray, dense: np.ndarray, bm25: np.ndarray, dense_weight: float = DENSE_WEIGHT,
           sentence: np.ndarray | None = None, sentence_share: float = 0.0) -> list[tuple[int, float]]:
    """Convex combination of min-max normalized scores, best first (ties: lower id).
    With ``sentence`` scores, the dense side is ``(1 - sentence_share) * chunk
    + sentence_share * sentence``.

    >>> convex(np.array([7, 8, 9]), np.array([0.9, 0.5, 0.4]), np.array([0.0, 10.0, 2.0]), 0.5)
    [(8, 0.6), (7, 0.5), (9, 0.1)]
    >>> convex(np.array([7, 8]), np.array([0.9, 0.5]), np.array([0.0, 0.0]), 1.0, np.array([0.2, 0.8]), 0.75)
    [(8, 0.75), (7, 0.25)]
    """
    if len(candidates) == 0:
        return []
    dense_side = minmax(np.asarray(dense, dtype=np.float64))
    if sentence is not None and sentence_share > 0:
        dense_side = (1 - sentence_share) * dense_side + sentence_share * minmax(np.asarray(sentence, dtype=np.float64))
    fused = dense_weight * dense_side + (1 - dense_weight) * minmax(np.asarray(bm25, dtype=np.float64))
    order = np.lexsort((candidates, -fused))
    return [(int(candidates[i]), float(fused[i])) for i in order]


def search(index, query_vector: np.ndarray, query: str, k: int = 5, docs: list[str] | None = None,
           mode: str = "hybrid", depth: int = 50, rrf_k: int = 60, fusion: str = FUSION,
           dense_weight: float = DENSE_WEIGHT, sentence_share: float = SENTENCE_SHARE) -> list[Hit]:
    """The ``k`` best chunks for a query, by ``mode`` ("hybrid", "dense" or "bm25").

    ``depth`` candidates are taken from each ranking before fusion; ``fusion``
    is "cc" (convex combination, weight ``dense_weight`` on the dense side) or
    "rrf" (reciprocal rank, constant ``rrf_k``). A single mode ranks by its own
    score (normalized to [0, 1] under "cc").
    """
    if mode not in SEARCH_MODES:
        raise QAError(f"unknown search mode {mode!r}; choose one of: {', '.join(SEARCH_MODES)}")
    if fusion not in FUSIONS:
        raise QAError(f"unknown fusion {fusion!r}; choose one of: {', '.join(FUSIONS)}")
    if not 0.0 <= dense_weight <= 1.0:
        raise QAError(f"dense_weight must be between 0 and 1, got {dense_weight}")
    allowed = allowed_chunks(index, docs)
    depth = max(depth, k)
    q = np.asarray(query_vector, dtype=np.float32).reshape(1, -1)
    rankings = []
    if mode in ("hybrid", "dense"):
        _, ids = vectors.search(index.dense, q, depth, allowed_ids=allowed)
        rankings.append([int(i) for i in ids[0] if i >= 0])
    bm25 = lexical.scores(index.bm25, query)
    if mode in ("hybrid", "bm25"):
        rankings.append(_top(bm25, depth, allowed))
    if fusion == "rrf":
        fused = rrf(rankings, k=rrf_k)[:k]
    else:
        cands = np.unique(np.array([i for r in rankings for i in r], dtype=np.int64))
        sims = np.asarray(index.vectors[cands], dtype=np.float32) @ q[0] if len(cands) else np.zeros(0)
        sents = best_sentences(index, cands, q[0]) if mode != "bm25" and sentence_share > 0 else None
        weight = {"hybrid": dense_weight, "dense": 1.0, "bm25": 0.0}[mode]
        fused = convex(cands, sims, bm25[cands], weight, sents, sentence_share)[:k]
    if not fused:
        return []
    rows = np.array([i for i, _ in fused])
    sims = np.asarray(index.vectors[rows]) @ q[0]
    sents = best_sentences(index, rows, q[0])
    return [Hit(int(i), float(s), float(sim), float(bm25[i]), float(b)) for (i, s), sim, b in zip(fused, sims, sents)]
