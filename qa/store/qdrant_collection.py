"""One qa collection in Qdrant: what it holds (the reading half of
``qa.store.base.CollectionStore``; searching is in ``qa.store.qdrant_search``,
writing in ``qa.store.qdrant_write``). See ``qa.store.qdrant`` for the layout.
"""

from __future__ import annotations

from dataclasses import asdict, fields

import numpy as np

from qa.errors import QAError
from qa.ingest.chunking import Chunk
from qa.ingest.documents import Document
from qa.store.records import DocumentInfo, Manifest, Sentence, StoredChunk
from qa.store.qdrant import marker, qdrant_names
from qa.store.qdrant_search import CHUNK_FIELDS, PAGE, QdrantSearch, point_id

MANIFEST_ID = point_id("manifest")
DOC_FIELDS = [f.name for f in fields(Document)]
CHUNK_DATA = [f.name for f in fields(Chunk)]


def create_collections(store, name: str, manifest: Manifest) -> None:
    """Create both Qdrant collections of ``name``, their payload indexes and the manifest."""
    from qdrant_client import models as m

    chunks, docs = qdrant_names(name)
    dense = m.VectorParams(size=manifest.dim, distance=m.Distance.DOT)
    # sentence vectors are read back with their chunk, never searched: no index, kept on disk
    sentences = m.VectorParams(size=manifest.dim, distance=m.Distance.DOT, hnsw_config=m.HnswConfigDiff(m=0), on_disk=True,
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


class QdrantCollection(QdrantSearch):
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

    def positions(self, ids: list[str]) -> list[int]:
        """From the documents' chunk counts (one scroll of the documents, not of the chunks)."""
        offset, n = {}, 0
        for name, info in self.documents().items():  # by name, as chunk_ids orders them
            offset[name], n = n, n + info.chunks
        found = self._retrieve(self.qchunks, list(ids), payload=["doc", "split"])
        out = []
        for cid in ids:
            if cid not in found:
                raise KeyError(cid)
            out.append(offset[found[cid].payload["doc"]] + found[cid].payload["split"])
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
