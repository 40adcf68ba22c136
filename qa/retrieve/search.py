"""Hybrid search: dense (FAISS) and BM25 candidates, fused.

Each ranking contributes its ``depth`` best chunks. The default fusion
("cc") is a convex combination: over the union of candidates, both scores are
min-max normalized, then ``dense_weight * dense + (1 - dense_weight) * bm25``.
Every candidate has both scores (BM25 is computed for all chunks, the cosine
from the stored vectors), so a chunk found by one ranking alone is not
penalized for missing from the other. "rrf" (reciprocal-rank fusion, k=60)
is kept as an option. Hybrid search then adds ``COVERAGE_WEIGHT`` times the
chunk's query-term coverage: the idf-weighted share of the query's distinct
terms it holds, question words left out (``coverage``). BM25 saturates a
term's count and rewards a chunk that repeats one rare word; coverage rewards
holding all of them, which is what a passage that answers a question (or
states a claim) usually does.

Chosen on the SciFact train split (809 claims, ``benchmarks/scifact_retrieval.py``),
nDCG@10: RRF k=60 0.714; convex 0.736 with dense_weight anywhere in 0.5-0.7
(a flat optimum, so the default does not hinge on this collection); with
coverage 0.3: 0.739 (0.1: 0.736, 0.2: 0.738, 0.5: 0.737). Coverage is kept for what it
does on COVID-QA (benchmarks/covid_qa.py, 300 questions): hit@1 0.513 -> 0.553,
hit@5 0.727 -> 0.777; on another 300 (``--seed 1``) 0.527 -> 0.557, 0.747 -> 0.777
(counting question words as terms: hit@5 0.760 and 0.770, and "What is
migrant smuggling?" found a passage that merely asks "What ...").
Coverage weighs each term by its idf squared (``COVERAGE_IDF_POWER``), and a word the query repeats counts
once in BM25: SciFact train 0.739 -> 0.745 (random halves 0.739/0.739 -> 0.744/0.746), COVID-QA unchanged.
Everything else tried on SciFact train and left out (about 120 settings, each with its figure) is
listed in benchmarks/scifact_tried.md, so that nobody retries it; ``benchmarks/scifact_fusion.py``
measures a new setting beside today's on both halves of five random splits.
answer() asks search for 120 candidates per ranking (answers.py).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from qa.store import lexical
from qa.config import SEARCH_MODES
from qa.errors import QAError

FUSIONS = ("cc", "rrf")
FUSION = "cc"
DENSE_WEIGHT = 0.6
# Share of the dense side given to the chunk's best sentence rather than the
# whole chunk (a question usually matches one sentence of a long passage).
SENTENCE_SHARE = 0.5
# Weight of query-term coverage added to the hybrid score (see the docstring).
COVERAGE_WEIGHT = 0.3
# Each term counts in coverage by its idf to this power (see the docstring).
COVERAGE_IDF_POWER = 2.0


class Hit(NamedTuple):
    chunk: str             # the chunk's stable id (qa.store.records.chunk_id); qa.store.shown resolves it
    score: float           # fused score (higher is better)
    similarity: float      # cosine between the query and the chunk's vector
    bm25: float            # BM25 score of the chunk (0 when no query term occurs)
    sentence: float = 0.0  # cosine between the query and the chunk's closest sentence


def best_sentences(store, ids: list[str], q: np.ndarray, chunk_vectors: np.ndarray | None = None) -> np.ndarray:
    """For each chunk of ``ids``, the highest cosine between ``q`` and one of
    its sentences (the chunk's own cosine when it has no stored sentences)."""
    if not len(ids):
        return np.zeros(0, dtype=np.float32)
    vecs = store.vectors(ids) if chunk_vectors is None else chunk_vectors
    own = np.asarray(vecs, dtype=np.float32) @ q
    best = np.asarray(store.sentence_scores(q, ids), dtype=np.float32)
    return np.where(np.isnan(best), own, best).astype(np.float32)


def query_coverage(store, terms: list[str], ids: list[str]) -> np.ndarray:
    """``coverage`` of each chunk of ``ids`` by the query's distinct terms less
    question words ("what", "how": ``lexical.QUESTION_WORDS``); a term is held
    where its BM25 score is positive."""
    asked = lexical.question_stems()
    distinct = [t for t in dict.fromkeys(terms) if t not in asked]
    idf = np.asarray(store.idf(distinct) if distinct else [], dtype=np.float64)
    return coverage(store.terms_held(distinct, ids), idf ** COVERAGE_IDF_POWER)


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


def minmax(x: np.ndarray) -> np.ndarray:
    """Scale to [0, 1]; a constant array maps to 1 where positive, else 0.

    >>> minmax(np.array([2.0, 4.0, 3.0])).tolist(), minmax(np.array([0.0, 0.0])).tolist()
    ([0.0, 1.0, 0.5], [0.0, 0.0])
    """
    lo, hi = float(x.min()), float(x.max())
    if hi > lo:
        return (x - lo) / (hi - lo)
    return (x > 0).astype(np.float64)


def coverage(present: np.ndarray, idf) -> np.ndarray:
    """Each chunk's idf-weighted share of the query's distinct terms: ``present``
    is a (terms, chunks) array, true where the chunk holds the term.

    >>> coverage(np.array([[True, True, False], [False, True, False]]), [1.0, 3.0]).tolist()
    [0.25, 1.0, 0.0]
    """
    idf = np.asarray(idf, dtype=np.float64)
    if not len(idf) or idf.sum() <= 0:
        return np.zeros(np.shape(present)[-1] if np.ndim(present) == 2 else 0)
    return idf @ np.asarray(present, dtype=np.float64) / idf.sum()


def convex(candidates: np.ndarray, dense: np.ndarray, bm25: np.ndarray, dense_weight: float = DENSE_WEIGHT,
           sentence: np.ndarray | None = None, sentence_share: float = 0.0,
           covered: np.ndarray | None = None, coverage_weight: float = 0.0) -> list[tuple[int, float]]:
    """Convex combination of min-max normalized scores, best first (ties: lower id).
    With ``sentence`` scores, the dense side is ``(1 - sentence_share) * chunk
    + sentence_share * sentence``; with ``covered`` (``coverage``), the sum
    gains ``coverage_weight * covered``.

    >>> convex(np.array([7, 8, 9]), np.array([0.9, 0.5, 0.4]), np.array([0.0, 10.0, 2.0]), 0.5)
    [(8, 0.6), (7, 0.5), (9, 0.1)]
    >>> convex(np.array([7, 8]), np.array([0.9, 0.5]), np.array([0.0, 0.0]), 1.0, np.array([0.2, 0.8]), 0.75)
    [(8, 0.75), (7, 0.25)]
    >>> convex(np.array([7, 8]), np.array([0.9, 0.5]), np.array([4.0, 5.0]), 0.5, covered=np.array([0.0, 1.0]), coverage_weight=0.3)
    [(8, 0.8), (7, 0.5)]
    """
    if len(candidates) == 0:
        return []
    dense_side = minmax(np.asarray(dense, dtype=np.float64))
    if sentence is not None and sentence_share > 0:
        dense_side = (1 - sentence_share) * dense_side + sentence_share * minmax(np.asarray(sentence, dtype=np.float64))
    fused = dense_weight * dense_side + (1 - dense_weight) * minmax(np.asarray(bm25, dtype=np.float64))
    if covered is not None and coverage_weight > 0:
        fused = fused + coverage_weight * np.asarray(covered, dtype=np.float64)
    order = np.lexsort((candidates, -fused))
    return [(int(candidates[i]), float(fused[i])) for i in order]


def search(index, query_vector: np.ndarray, query: str, k: int = 5, docs: list[str] | None = None,
           mode: str = "hybrid", depth: int = 50, rrf_k: int = 60, fusion: str = FUSION,
           dense_weight: float = DENSE_WEIGHT, sentence_share: float = SENTENCE_SHARE,
           coverage_weight: float = COVERAGE_WEIGHT) -> list[Hit]:
    """The ``k`` best chunks for a query, by ``mode`` ("hybrid", "dense" or "bm25"),
    as hits keyed by chunk id (``qa.store.shown.Shown`` fetches what they show).

    ``index`` is a collection of a store (``qa.store.base.CollectionStore``)
    or a loaded row view; only the protocol is used: each ranking's ``depth``
    candidates, then the vectors, sentences and BM25 scores of those alone.
    ``fusion`` is "cc" (convex combination, weight ``dense_weight`` on the dense
    side, plus ``coverage_weight`` times the query-term coverage in "hybrid")
    or "rrf" (reciprocal rank, constant ``rrf_k``). A single mode ranks by
    its own score (normalized to [0, 1] under "cc"). Ties go to the chunk first
    in the collection's order (document name, then position).
    """
    from qa.store.open import reader

    if mode not in SEARCH_MODES:
        raise QAError(f"unknown search mode {mode!r}; choose one of: {', '.join(SEARCH_MODES)}")
    if fusion not in FUSIONS:
        raise QAError(f"unknown fusion {fusion!r}; choose one of: {', '.join(FUSIONS)}")
    if not 0.0 <= dense_weight <= 1.0:
        raise QAError(f"dense_weight must be between 0 and 1, got {dense_weight}")
    store, docs = reader(index), list(docs) if docs else None
    depth = max(depth, k)
    q = np.asarray(query_vector, dtype=np.float32).reshape(-1)
    terms = list(dict.fromkeys(lexical.tokenize([query])[0]))  # a repeated word counts once (see the docstring)
    rankings = []
    if mode in ("hybrid", "dense"):
        rankings.append([h.id for h in store.dense_search(q, depth, docs)])
    if mode in ("hybrid", "bm25"):
        rankings.append([h.id for h in store.lexical_search(terms, depth, docs)])
    ids = list(dict.fromkeys(i for r in rankings for i in r))
    if not ids:
        return []
    # the collection's order of the candidates: what breaks ties
    order = {s.id: (s.chunk.doc, s.chunk.split) for s in store.chunks(ids)}
    ids.sort(key=order.__getitem__)
    place = {cid: i for i, cid in enumerate(ids)}
    vecs = store.vectors(ids)
    sims = np.asarray(vecs, dtype=np.float32) @ q
    bm25 = np.asarray(store.lexical_scores(terms, ids), dtype=np.float32)
    sents = best_sentences(store, ids, q, vecs)
    if fusion == "rrf":
        fused = rrf([[place[i] for i in r] for r in rankings], k=rrf_k)[:k]
    else:
        weight = {"hybrid": dense_weight, "dense": 1.0, "bm25": 0.0}[mode]
        share = sentence_share if mode != "bm25" else 0.0
        covered = query_coverage(store, terms, ids) if mode == "hybrid" and coverage_weight > 0 else None
        fused = convex(np.arange(len(ids)), sims, bm25, weight, sents if share > 0 else None, share,
                       covered, coverage_weight)[:k]
    return [Hit(ids[i], float(s), float(sims[i]), float(bm25[i]), float(sents[i])) for i, s in fused]
