"""Finding in a qa collection in Qdrant: dense and BM25 searches, BM25
scores of given chunks, IDF (a mixin of ``QdrantCollection``).

Rankings break ties by ``chunk_ids`` order (document name, then position),
like every store: a search asks Qdrant for a few more than ``k`` and sorts,
asking again for more while the last one fetched ties with the ``k``-th.
"""

from __future__ import annotations

import uuid
import warnings

import numpy as np

from qa.errors import QAError
from qa.store import sparse
from qa.store.records import Hit

NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "qa/store/qdrant")
PAGE = 512                  # points per scroll page and per retrieve/upsert batch
CHUNK_FIELDS = ("cid", "doc", "split")


def point_id(key: str) -> str:
    """The Qdrant point id of a chunk id (or of "doc:NAME", "fix:NAME").

    >>> point_id("7f742bbef5ba7267:10-16")
    '3f0fa1f6-31c7-56ae-b6e6-e104953715cc'
    """
    return str(uuid.uuid5(NAMESPACE, key))



class QdrantSearch:
    """Needs ``client``, ``qchunks``, ``manifest``, ``count_chunks``, ``_filter`` and ``_retrieve`` (QdrantCollection)."""

    # --- how to find in it ---------------------------------------------------
    def _ranked(self, query, using: str, k: int, flt) -> list[Hit]:
        """Top ``k`` by score, ties by (doc, split); positive scores only for BM25."""
        limit = k + 8
        while True:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                pts = self.client.query_points(self.qchunks, query=query, using=using, limit=limit,
                                               query_filter=flt, with_payload=list(CHUNK_FIELDS)).points
            if using == "bm25":
                pts = [p for p in pts if p.score > 0]
            pts.sort(key=lambda p: (-p.score, p.payload["doc"], p.payload["split"]))
            if len(pts) < limit or len(pts) <= k or pts[-1].score < pts[k - 1].score:
                return [Hit(p.payload["cid"], float(p.score)) for p in pts[:k]]
            limit *= 4

    def dense_search(self, vector: np.ndarray, k: int, docs: list[str] | None = None) -> list[Hit]:
        q = np.asarray(vector, dtype=np.float32).reshape(-1)
        if q.shape[0] != self.manifest.dim:
            raise QAError(f"a query vector of dimension {q.shape[0]} against a collection of dimension {self.manifest.dim}")
        return self._ranked(q.tolist(), "dense", k, self._filter(docs))

    def lexical_search(self, terms: list[str], k: int, docs: list[str] | None = None) -> list[Hit]:
        from qdrant_client import models as m

        q = sparse.query_vector(terms)
        if not q.indices:
            return []
        return self._ranked(m.SparseVector(indices=q.indices, values=q.values), "bm25", k, self._filter(docs))

    def lexical_scores(self, terms: list[str], ids: list[str]) -> np.ndarray:
        from qdrant_client import models as m

        out = np.zeros(len(ids), dtype=np.float32)
        q = sparse.query_vector(terms)
        if not q.indices or not ids:
            return out
        where = {point_id(cid): i for i, cid in enumerate(ids)}
        # a few ids: only they are scored; many (every chunk, say): all chunks holding a term, kept if asked for
        flt = m.Filter(must=[m.HasIdCondition(has_id=list(where))]) if len(ids) <= PAGE else None
        pts = self.client.query_points(self.qchunks, query=m.SparseVector(indices=q.indices, values=q.values),
                                       using="bm25", limit=len(ids) if flt else max(len(ids), self.count_chunks()),
                                       query_filter=flt, with_payload=False).points
        for p in pts:
            if str(p.id) in where:
                out[where[str(p.id)]] = p.score
        return out

    def terms_held(self, terms: list[str], ids: list[str]) -> np.ndarray:
        """From the chunks' own BM25 sparse vectors, fetched once: a query per
        term made a hybrid search four times slower (60 -> 230 ms p50, realdocs)."""
        out = np.zeros((len(terms), len(ids)), dtype=bool)
        if not len(terms) or not len(ids):
            return out
        wanted = [sparse.term_index(t) for t in terms]
        found = self._retrieve(self.qchunks, list(ids), payload=False, vectors=["bm25"])
        for j, cid in enumerate(ids):
            if cid in found:
                held = set(found[cid].vector["bm25"].indices)
                out[:, j] = [i in held for i in wanted]
        return out

    def sentence_scores(self, vector: np.ndarray, ids: list[str]) -> np.ndarray:
        """Qdrant's own MaxSim of the one query vector against each chunk's sentences."""
        from qdrant_client import models as m

        out = np.full(len(ids), np.nan, dtype=np.float32)
        where = {point_id(cid): i for i, cid in enumerate(ids)}
        keys, q = list(where), [np.asarray(vector, dtype=np.float32).tolist()]
        for b in range(0, len(keys), PAGE):
            batch = keys[b:b + PAGE]
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                pts = self.client.query_points(self.qchunks, query=q, using="sentences", limit=len(batch), with_payload=False,
                                               query_filter=m.Filter(must=[m.HasIdCondition(has_id=batch)])).points
            for p in pts:
                out[where[str(p.id)]] = p.score
        return out

    def idf(self, terms: list[str]) -> list[float]:
        """Each term's idf, read off the best chunk holding it (score / stored weight)."""
        from qdrant_client import models as m

        n = self.count_chunks()
        out = []
        for t in terms:
            i = sparse.term_index(t)
            pts = self.client.query_points(self.qchunks, query=m.SparseVector(indices=[i], values=[1.0]), using="bm25",
                                           limit=1, with_payload=False, with_vectors=["bm25"]).points
            if not pts or pts[0].score <= 0:
                out.append(sparse.idf(0, n))
                continue
            vec = pts[0].vector["bm25"]
            approx = float(pts[0].score) / vec.values[vec.indices.index(i)]
            # back to the integer document frequency, then the exact value (ties between terms stay ties)
            df = min(n, max(1, round((n + 1) / np.exp(approx) - 0.5)))
            out.append(sparse.idf(df, n))
        return out
