"""Top-k search of a chunk-vector index (``qa.store.vectors``), over every
vector or restricted to some ids (one document's chunks): a few allowed ids
are scored exactly from their decoded codes, more are searched with a faiss
selector that widens the approximate search by how rare the members are.

Worked example::

    >>> import numpy as np
    >>> from qa.store import vector_search, vectors
    >>> x = np.array([[1, 0], [0.6, 0.8], [0, 1]], dtype="float32")  # unit rows
    >>> index = vectors.build(x)
    >>> scores, ids = vector_search.search(index, x[:1], k=5)
    >>> ids.tolist(), [round(float(s), 2) for s in scores[0, :3]]  # -1 pads past ntotal
    ([[0, 1, 2, -1, -1]], [1.0, 0.6, 0.0])
    >>> vector_search.search(index, x[:1], k=2, allowed_ids=np.array([2]))[1].tolist()
    [[2, -1]]
"""

from __future__ import annotations

import faiss
import numpy as np

from qa.store.vectors import BUILD_THREADS, as_matrix, kind_of, threads

# Restricted search (allowed_ids, e.g. one document's chunks).  Up to
# EXACT_MAX_IDS allowed ids are decoded and scored exactly (~1 ms for 1000 at
# 1M).  Above that faiss searches with an IDSelector bitmap; as the ANN
# structure then meets members only at rate `share`, it is widened by 1/share
# (nprobe, efSearch), and HNSW scans its stored codes below EXACT_FILTER_SHARE.
EXACT_MAX_IDS = 2000
EXACT_FILTER_SHARE = 0.05

# Single queries run on one thread: faiss parallelises over queries anyway, and
# OpenMP spinning on 2 shared cores (next to the embedding model) only adds
# latency.  Large batches use every core (BUILD_THREADS).
SEARCH_THREADS = 1
_BATCH_MIN = 32


def _can_reconstruct(index: faiss.Index) -> bool:
    """True for ANN indexes that can decode a vector by id (IVF needs its direct map)."""
    kind = kind_of(index)
    if kind == "ivf_sq8":
        return index.direct_map.type != faiss.DirectMap.NoMap
    return kind == "hnsw_sq8"


def _exact_subset(index: faiss.Index, q: np.ndarray, ids: np.ndarray, k: int):
    """Exact top-k of ``q`` among the stored vectors ``ids`` (decoded codes)."""
    sims = q @ index.reconstruct_batch(ids).T
    top = np.argpartition(-sims, k - 1, axis=1)[:, :k]
    top_sims = np.take_along_axis(sims, top, axis=1)
    order = np.argsort(-top_sims, axis=1, kind="stable")
    return np.take_along_axis(top_sims, order, axis=1), ids[np.take_along_axis(top, order, axis=1)]


def _filtered(index: faiss.Index, q: np.ndarray, k: int, mask: np.ndarray):
    """faiss search restricted to ids where ``mask`` is True (see EXACT_MAX_IDS)."""
    kind = kind_of(index)
    sel = faiss.IDSelectorBitmap(np.packbits(mask, bitorder="little"))  # keeps the bitmap
    share = mask.sum() / index.ntotal
    target = index
    if kind == "flat":  # the selector skips non-members: exact and fast
        params = faiss.SearchParameters(sel=sel)
    elif kind == "ivf_sq8":
        nprobe = int(min(index.nlist, np.ceil(index.nprobe / share)))
        params = faiss.SearchParametersIVF(sel=sel, nprobe=nprobe)
    elif share < EXACT_FILTER_SHARE:  # HNSW: scan the SQ8 codes instead
        target, params = index.storage, faiss.SearchParameters(sel=sel)
    else:
        ef = int(min(max(index.hnsw.efSearch, k) / share, 4096))
        params = faiss.SearchParametersHNSW(sel=sel, efSearch=ef)
    return target.search(q, k, params=params)


def search(index: faiss.Index, queries: np.ndarray, k: int,
           allowed_ids: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Top-k (scores, ids), each of shape (len(queries), k), best first.

    Missing results (k > ntotal, or too few allowed ids) are padded like faiss:
    id -1, score -3.4e38 (-FLT_MAX).  ``allowed_ids`` restricts the search to
    those ids (out-of-range ones are ignored); up to EXACT_MAX_IDS of them are
    scored exactly.
    """
    q = as_matrix(queries, index.d)
    if hasattr(index, "search_rows"):  # a store searching for itself (qa.store.open.row_view)
        return index.search_rows(q, k, allowed_ids)
    scores = np.full((len(q), k), -np.finfo(np.float32).max, dtype=np.float32)
    ids = np.full((len(q), k), -1, dtype=np.int64)
    mask = None
    limit = index.ntotal
    if allowed_ids is not None:
        wanted = np.asarray(allowed_ids, dtype=np.int64).ravel()
        mask = np.zeros(index.ntotal, dtype=bool)
        mask[wanted[(wanted >= 0) & (wanted < index.ntotal)]] = True
        limit = int(mask.sum())
    kk = min(k, limit)
    if kk <= 0 or len(q) == 0:
        return scores, ids
    with threads(SEARCH_THREADS if len(q) < _BATCH_MIN else BUILD_THREADS):
        if mask is None:
            d, i = index.search(q, kk)
        elif limit <= EXACT_MAX_IDS and _can_reconstruct(index):
            d, i = _exact_subset(index, q, np.flatnonzero(mask), kk)
        else:
            d, i = _filtered(index, q, kk, mask)
    scores[:, :kk], ids[:, :kk] = d, i
    return scores, ids
