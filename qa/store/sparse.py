"""BM25 as sparse vectors: what a search engine with a server-side IDF
modifier needs to reproduce qa's BM25 exactly.

An engine like Qdrant stores one sparse vector per chunk and, at query time,
multiplies each query term's weight by ``idf(t) = ln(1 + (N - df + 0.5) /
(df + 0.5))`` computed over the whole collection. Everything else of BM25 is
a property of the chunk alone once the average chunk length is fixed, so the
client sends, for each distinct term of a chunk,

    weight(tf, len) = tf / (tf + k1 * (1 - b + b * len / avglen))

and the query sends weight 1 for each distinct term. The dot product is then
BM25 as bm25s computes it (its "lucene" variant, which the local store
uses: no constant (k1 + 1) factor, so scores stay those qa has always shown),
to float32 precision (measured: |difference| < 4e-6 on 2,000 SciFact
abstracts).

The average length changes when chunks are added or removed, so a store
keeps the ``avglen`` its weights were computed with; ``term_counts`` recovers
the integer term frequencies from a stored vector, so weights can be
recomputed for a new average without keeping the terms twice.

Terms become indices by a stable 32-bit hash (the same in every process);
index 0 is reserved for chunks without any term, which must still count in
``N``.

>>> v = document_vector(["border", "border", "agency"], avglen=3.0)
>>> sorted(round(x, 4) for x in v.values)  # border: tf 2, agency: tf 1
[0.4545, 0.625]
>>> sorted(term_counts(v.values, length=3, avglen=3.0))
[1, 2]
>>> q = query_vector(["border", "border", "agency"])
>>> sorted(q.values), q.indices == v.indices
([1.0, 2.0], True)
"""

from __future__ import annotations

import hashlib
from collections import Counter
from typing import NamedTuple

import numpy as np

from qa.store.base import BM25_B, BM25_K1

EMPTY = 0          # the index of a chunk without terms (weight 0: never scores)


class SparseVector(NamedTuple):
    indices: list[int]
    values: list[float]


def term_index(term: str) -> int:
    """A term's sparse index: the first 4 bytes of its BLAKE2b hash, never 0.

    >>> term_index("border"), term_index("border") == term_index("bord")
    (3354698078, False)
    """
    h = int.from_bytes(hashlib.blake2b(term.encode("utf-8"), digest_size=4).digest(), "little")
    return h or 1


def _counts(terms: list[str]) -> dict[int, int]:
    """Term frequencies by index (two terms with one hash add up: a collision
    is as if they were one word, rare at 32 bits)."""
    out: dict[int, int] = {}
    for term, n in Counter(terms).items():
        i = term_index(term)
        out[i] = out.get(i, 0) + n
    return out


def _norm(length: int, avglen: float, k1: float, b: float) -> float:
    return k1 * (1 - b + b * length / avglen) if avglen > 0 else k1


def weight(tf: int, length: int, avglen: float, k1: float = BM25_K1, b: float = BM25_B) -> float:
    """BM25's term-frequency part for a term seen ``tf`` times in a chunk of
    ``length`` terms.

    >>> round(weight(1, 10, 10.0), 4)
    0.4545
    """
    return tf / (tf + _norm(length, avglen, k1, b))


def document_vector(terms: list[str], avglen: float, k1: float = BM25_K1, b: float = BM25_B) -> SparseVector:
    """The sparse vector of a chunk's terms (repeats kept: they are the tf)."""
    counts = _counts(terms)
    if not counts:
        return SparseVector([EMPTY], [0.0])
    length = len(terms)
    idx = sorted(counts)
    return SparseVector(idx, [weight(counts[i], length, avglen, k1, b) for i in idx])


def reweight(values: list[float], length: int, old_avglen: float, new_avglen: float,
             k1: float = BM25_K1, b: float = BM25_B) -> list[float]:
    """The values of a stored vector recomputed for a new average length.

    >>> v = document_vector(["a1", "b2", "b2"], avglen=3.0)
    >>> reweight(v.values, 3, 3.0, 6.0) == document_vector(["a1", "b2", "b2"], avglen=6.0).values
    True
    """
    tfs = term_counts(values, length, old_avglen, k1, b)
    return [weight(tf, length, new_avglen, k1, b) if tf else 0.0 for tf in tfs]


def term_counts(values: list[float], length: int, avglen: float,
                k1: float = BM25_K1, b: float = BM25_B) -> list[int]:
    """Invert ``weight``: the integer term frequencies behind stored values
    (weight w = tf / (tf + n) gives tf = w n / (1 - w))."""
    n = _norm(length, avglen, k1, b)
    return [int(round(w * n / (1 - w))) if w > 0 else 0 for w in values]


def query_vector(terms: list[str]) -> SparseVector:
    """Each query term weighs the number of times it is given (as bm25s scores a query)."""
    counts = Counter(term_index(t) for t in terms)
    idx = sorted(counts)
    return SparseVector(idx, [float(counts[i]) for i in idx])


def idf(df: int, n: int) -> float:
    """BM25's inverse document frequency (Lucene's, always positive).

    >>> round(idf(1, 2), 4), round(idf(0, 2), 4)
    (0.6931, 1.7918)
    """
    return float(np.log(1 + (n - df + 0.5) / (df + 0.5)))   # as the local store computes it, to the last bit
