"""One qa collection in Qdrant: what it holds and how to find in it (the
reading half of ``qa.store.base.CollectionStore``; writing is in
``qa.store.qdrant_write``). See ``qa.store.qdrant`` for the layout.

Rankings break ties by ``chunk_ids`` order (document name, then position),
like every store: a search asks Qdrant for a few more than ``k`` and sorts,
asking again for more while the last one fetched ties with the ``k``-th.
"""

from __future__ import annotations

import uuid
import warnings
from dataclasses import asdict, fields

import numpy as np

from qa.errors import QAError
from qa.ingest.chunking import Chunk
from qa.ingest.documents import Document
from qa.store import sparse
from qa.store.base import DocumentInfo, Hit, Manifest, Sentence, StoredChunk
from qa.store.qdrant import marker, qdrant_names

NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "qa/store/qdrant")
MANIFEST_ID = str(uuid.uuid5(NAMESPACE, "manifest"))
PAGE = 512                  # points per scroll page and per retrieve/upsert batch
CHUNK_FIELDS = ("cid", "doc", "split")
DOC_FIELDS = [f.name for f in fields(Document)]
CHUNK_DATA = [f.name for f in fields(Chunk)]


def point_id(key: str) -> str:
    """The Qdrant point id of a chunk id (or of "doc:NAME", "fix:NAME").

    >>> point_id("7f742bbef5ba7267:10-16")
    '3f0fa1f6-31c7-56ae-b6e6-e104953715cc'
    """
    return str(uuid.uuid5(NAMESPACE, key))


def create_collections(store, name: str, manifest: Manifest) -> None:
    """Create both Qdrant collections of ``name``, their payload indexes and the manifest."""
    from qdrant_client import models as m

    chunks, docs = qdrant_names(name)
    dense = m.VectorParams(size=manifest.dim, distance=m.Distance.DOT)
    sentences = m.VectorParams(size=manifest.dim, distance=m.Distance.DOT, hnsw_config=m.HnswConfigDiff(m=0),
                               multivector_config=m.MultiVectorConfig(comparator=m.MultiVectorComparator.MAX_SIM))
    layout = dict(shard_number=store.shards, replication_factor=store.replicas)
    store.client.create_collection(docs, vectors_config={}, metadata=marker(name, "docs"), **layout)
    store.client.create_collection(
        chunks, vectors_config={"dense": dense, "sentences": sentences},
        sparse_vectors_config={"bm25": m.SparseVectorParams(modifier=m.Modifier.IDF)},
        on_disk_payload=True, metadata=marker(name, "chunks"), **layout)
    if not store.local:  # local mode scans payloads; it only warns about indexes
        for qname, key in ((chunks, "doc"), (chunks, "input_hash"), (docs, "kind")):
            store.client.create_payload_index(qname, key, field_schema=m.PayloadSchemaType.KEYWORD)
    store.client.upsert(docs, [m.PointStruct(id=MANIFEST_ID, vector={}, payload={
        "kind": "manifest", "manifest": _manifest_payload(manifest), "bm25": {"n": 0, "total": 0, "avglen": 0.0}})])


def _manifest_payload(manifest: Manifest) -> dict:
    out = asdict(manifest)
    out["sources"] = list(manifest.sources)
    return out


def _match(key: str, values) -> object:
    from qdrant_client import models as m

    return m.FieldCondition(key=key, match=m.MatchAny(any=list(values)))


class QdrantCollection:
    """A qa collection in Qdrant; every call reads the store as it is now."""

    def __init__(self, store, name: str):
        self.store, self.client, self.name = store, store.client, name
        self.qchunks, self.qdocs = qdrant_names(name)
        record = self.client.retrieve(self.qdocs, [MANIFEST_ID])
        if not record:
            raise QAError(f"the collection {name!r} in {store.location} has no manifest; re-index it into a new collection")
        payload = record[0].payload
        self.manifest = Manifest(**{**payload["manifest"], "sources": tuple(payload["manifest"]["sources"])})
        self.bm25 = payload["bm25"]   # n, total terms, avglen the stored weights use

    # --- iteration helpers ---------------------------------------------------
    def _scroll(self, qname: str, flt=None, payload=True, vectors=False):
        offset = None
        while True:
            points, offset = self.client.scroll(qname, scroll_filter=flt, limit=PAGE, offset=offset,
                                                with_payload=payload, with_vectors=vectors)
            yield from points
            if offset is None:
                return

    def _retrieve(self, qname: str, keys: list[str], payload=True, vectors=False) -> dict[str, object]:
        """Records by key (missing keys are left out)."""
        out = {}
        for b in range(0, len(keys), PAGE):
            ids = {point_id(k): k for k in keys[b:b + PAGE]}
            for r in self.client.retrieve(qname, list(ids), with_payload=payload, with_vectors=vectors):
                out[ids[str(r.id)]] = r
        return out

    def _filter(self, docs: list[str] | None):
        from qdrant_client import models as m

        if not docs:
            return None
        known = self._retrieve(self.qdocs, [f"doc:{d}" for d in docs], payload=False)
        unknown = [d for d in docs if f"doc:{d}" not in known]
        if unknown:
            raise QAError(f"unknown document {unknown[0]!r}; indexed: {', '.join(sorted(self.documents()))}")
        return m.Filter(must=[_match("doc", docs)])

    def count_chunks(self) -> int:
        return self.client.count(self.qchunks, exact=True).count

    def count_documents(self) -> int:
        from qdrant_client import models as m

        flt = m.Filter(must=[_match("kind", ["document"])])
        return self.client.count(self.qdocs, count_filter=flt, exact=True).count

    # --- what it holds -------------------------------------------------------
    def corrections(self) -> dict[str, dict[str, str]]:
        from qdrant_client import models as m

        flt = m.Filter(must=[_match("kind", ["correction"])])
        return {p.payload["doc"]: p.payload["fields"] for p in self._scroll(self.qdocs, flt) if p.payload["fields"]}

    def documents(self) -> dict[str, DocumentInfo]:
        from qdrant_client import models as m

        flt = m.Filter(must=[_match("kind", ["document"])])
        fixes = self.corrections()
        out = {}
        for p in self._scroll(self.qdocs, flt, payload=m.PayloadSelectorExclude(exclude=["text"])):
            d = p.payload
            fix = fixes.get(d["doc"], {})
            meta = {**d["meta"], **{k: v for k, v in fix.items() if k != "title"}}
            out[d["doc"]] = DocumentInfo(d["doc"], d["sha256"], d["kind"], fix.get("title", d["title"]), meta,
                                         d["pages"], d["headings"], d["chunks"], tuple(sorted(fix)))
        return dict(sorted(out.items()))

    def document(self, doc: str) -> Document:
        found = self._retrieve(self.qdocs, [f"doc:{doc}"])
        if not found:
            raise QAError(f"unknown document {doc!r}; indexed: {', '.join(sorted(self.documents())) or 'none'}")
        d = found[f"doc:{doc}"].payload
        fix = self._retrieve(self.qdocs, [f"fix:{doc}"])
        fix = fix[f"fix:{doc}"].payload["fields"] if fix else {}
        values = {k: d[k] for k in DOC_FIELDS if k in d}
        values["title"] = fix.get("title", values["title"])
        values["meta"] = {**values["meta"], **{k: v for k, v in fix.items() if k != "title"}}
        return Document(**values)

    def chunk_ids(self, docs: list[str] | None = None) -> list[str]:
        from qdrant_client import models as m

        flt = m.Filter(must=[_match("doc", docs)]) if docs else None
        rows = [(p.payload["doc"], p.payload["split"], p.payload["cid"])
                for p in self._scroll(self.qchunks, flt, payload=list(CHUNK_FIELDS))]
        return [cid for _, _, cid in sorted(rows)]

    def chunks(self, ids: list[str]) -> list[StoredChunk]:
        found = self._retrieve(self.qchunks, list(ids), payload=m_exclude("sentences"))
        out = []
        for cid in ids:
            if cid not in found:
                raise KeyError(cid)
            p = found[cid].payload
            out.append(StoredChunk(cid, Chunk(**{k: p[k] for k in CHUNK_DATA if k in p}), p["input_hash"]))
        return out

    def vectors(self, ids: list[str]) -> np.ndarray:
        found = self._retrieve(self.qchunks, list(ids), payload=False, vectors=["dense"])
        out = np.zeros((len(ids), self.manifest.dim), dtype=np.float32)
        for i, cid in enumerate(ids):
            out[i] = found[cid].vector["dense"]
        return out

    def known_vectors(self, input_hashes: list[str]) -> dict[str, np.ndarray]:
        from qdrant_client import models as m

        out: dict[str, np.ndarray] = {}
        wanted = sorted(set(input_hashes))
        for b in range(0, len(wanted), PAGE):
            flt = m.Filter(must=[_match("input_hash", wanted[b:b + PAGE])])
            for p in self._scroll(self.qchunks, flt, payload=["input_hash"], vectors=["dense"]):
                out.setdefault(p.payload["input_hash"], np.asarray(p.vector["dense"], dtype=np.float32))
        return out

    def sentences(self, ids: list[str]) -> tuple[list[Sentence], np.ndarray]:
        found = self._retrieve(self.qchunks, list(ids), payload=["sentences"], vectors=["sentences"])
        spans, rows = [], []
        for cid in ids:
            r = found.get(cid)
            if r is None or not r.payload.get("sentences"):
                continue
            spans += [Sentence(cid, s, e) for s, e in r.payload["sentences"]]
            rows += list((r.vector or {}).get("sentences", []))
        return spans, np.asarray(rows, dtype=np.float32).reshape(len(spans), self.manifest.dim)

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
            out.append(float(pts[0].score) / vec.values[vec.indices.index(i)])
        return out

    # --- how to change it ----------------------------------------------------
    def write(self, add, remove=(), manifest: Manifest | None = None, final: bool = True) -> "QdrantCollection":
        """See ``CollectionStore.write``; ``final=False`` for all but the last
        write of a build in batches (BM25 weights are settled by the last)."""
        from qa.store.qdrant_write import write

        write(self, add, list(remove), manifest, final)
        return QdrantCollection(self.store, self.name)

    def set_meta(self, doc: str, fields: dict[str, str | None]) -> dict[str, str]:
        from qa.store.qdrant_write import set_meta

        return set_meta(self, doc, fields)


def m_exclude(*keys: str):
    from qdrant_client import models as m

    return m.PayloadSelectorExclude(exclude=list(keys))
