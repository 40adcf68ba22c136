"""Hybrid search: dense (FAISS) and BM25 rankings fused by reciprocal rank."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from . import lexical, vectors
from .config import SEARCH_MODES
from .errors import QAError


class Hit(NamedTuple):
    chunk: int             # row in index.chunks
    score: float           # fused score (higher is better)
    similarity: float      # cosine between the query and the chunk's vector
    bm25: float            # BM25 score of the chunk (0 when no query term occurs)


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


def search(index, query_vector: np.ndarray, query: str, k: int = 5, docs: list[str] | None = None,
           mode: str = "hybrid", depth: int = 50, rrf_k: int = 60) -> list[Hit]:
    """The ``k`` best chunks for a query, by ``mode`` ("hybrid", "dense" or "bm25").

    ``depth`` candidates are taken from each ranking before fusion.
    """
    if mode not in SEARCH_MODES:
        raise QAError(f"unknown search mode {mode!r}; choose one of: {', '.join(SEARCH_MODES)}")
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
    fused = rrf(rankings, k=rrf_k)[:k]
    if not fused:
        return []
    rows = np.array([i for i, _ in fused])
    sims = np.asarray(index.vectors[rows]) @ q[0]
    return [Hit(int(i), float(s), float(sim), float(bm25[i])) for (i, s), sim in zip(fused, sims)]
