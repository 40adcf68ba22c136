"""Writing a qa collection in Qdrant: documents in, documents out, users'
corrections (the writing half of ``qa.store.base.CollectionStore``).

Only the documents named in a write are touched: their new chunk points are
upserted (ids from chunk ids, so an unchanged chunk overwrites itself), then
the document's point, then its chunk points that are gone are deleted, so a
document is never missing from a reader's results while it is replaced.

BM25 weights depend on the collection's average chunk length (see
``qa.store.sparse``). Each chunk point records the average its weights used
("wavg"); after a write that moves the average, the other chunks' weights are
recomputed from their stored vectors: always up to EXACT_MAX chunks (so
scores equal the local store's), beyond that once the average has drifted by
more than DRIFT (re-sending a million sparse vectors for every small upload
is not worth a 1% change in length normalisation). A build that writes in
batches passes ``final=False`` but for its last write, so weights are
recomputed once, not after every batch.
"""

from __future__ import annotations

from dataclasses import asdict

import numpy as np

from qa.errors import QAError
from qa.store import sparse
from qa.store.records import DocumentWrite, Manifest
from qa.store.corrections import merged
from qa.store.qdrant_collection import MANIFEST_ID, PAGE, _manifest_payload, _match, create_collections, point_id

EXACT_MAX = 100_000
DRIFT = 0.01


def _check(col, add: list[DocumentWrite], remove: list[str], manifest: Manifest | None) -> int:
    """Validate before anything is written; the dimension vectors must have."""
    dim = (manifest or col.manifest).dim
    for w in add:
        v = np.asarray(w.vectors)
        if v.shape != (len(w.chunks), dim) or len(w.terms) != len(w.chunks):
            raise QAError(f"vectors of {w.document.doc} have shape {v.shape}, expected ({len(w.chunks)}, {dim}); nothing was written")
        if w.sentences and np.asarray(w.sentence_vectors).shape != (len(w.sentences), dim):
            raise QAError(f"sentence vectors of {w.document.doc} do not match its {len(w.sentences)} sentences; nothing was written")
    if manifest and not manifest.same_encoder(col.manifest):
        kept = set(col.documents()) - set(remove) - {w.document.doc for w in add}
        if kept:
            raise QAError(f"the collection {col.name!r} was built with {col.manifest.model}; re-index every document to change the model ({len(kept)} would be left behind)")
    return dim


def _chunk_points(w: DocumentWrite, avglen: float) -> list:
    from qdrant_client import models as m

    sents: dict[str, list] = {}
    for s, v in zip(w.sentences, np.asarray(w.sentence_vectors) if w.sentences else []):
        sents.setdefault(s.chunk, []).append((s.start, s.end, v))
    points = []
    for sc, vec, terms in zip(w.chunks, np.asarray(w.vectors, dtype=np.float32), w.terms):
        c = sc.chunk
        sv = sparse.document_vector(terms, avglen)
        vector = {"dense": vec.tolist(), "bm25": m.SparseVector(indices=sv.indices, values=sv.values)}
        mine = sorted(sents.get(sc.id, []), key=lambda x: x[0])
        if mine:
            vector["sentences"] = [np.asarray(v, dtype=np.float32).tolist() for _, _, v in mine]
        payload = {**asdict(c), "cid": sc.id, "input_hash": sc.input_hash,
                   "terms": len(terms), "wavg": avglen, "sentences": [[s, e] for s, e, _ in mine]}
        points.append(m.PointStruct(id=point_id(sc.id), vector=vector, payload=payload))
    return points


def _old_chunks(col, docs: list[str]) -> dict[str, list[tuple[str, int]]]:
    """(chunk id, number of terms) of the stored chunks of ``docs``, by document."""
    from qdrant_client import models as m

    out: dict[str, list] = {d: [] for d in docs}
    if docs:
        flt = m.Filter(must=[_match("doc", docs)])
        for p in col._scroll(col.qchunks, flt, payload=["cid", "doc", "terms"]):
            out[p.payload["doc"]].append((p.payload["cid"], p.payload["terms"]))
    return out


def write(col, add: list[DocumentWrite], remove: list[str], manifest: Manifest | None, final: bool = True) -> None:
    from qdrant_client import models as m

    dim = _check(col, add, remove, manifest)
    if dim != col.manifest.dim:  # another model: every document is re-sent, the vectors change size
        fixes = col.corrections()
        col.client.delete_collection(col.qchunks)
        col.client.delete_collection(col.qdocs)
        create_collections(col.store, col.name, manifest)
        col.bm25 = {"n": 0, "total": 0, "avglen": 0.0}
        remove = []
        if fixes:  # corrections outlive a change of model
            col.client.upsert(col.qdocs, [m.PointStruct(id=point_id(f"fix:{d}"), vector={}, payload={
                "kind": "correction", "doc": d, "fields": f}) for d, f in fixes.items()], wait=True)
    names = [w.document.doc for w in add]
    old = _old_chunks(col, sorted(set(names) | set(remove)))
    n = col.bm25["n"] + sum(len(w.chunks) for w in add) - sum(len(v) for v in old.values())
    total = col.bm25["total"] + sum(len(t) for w in add for t in w.terms) - sum(t for v in old.values() for _, t in v)
    stored = col.bm25["avglen"]
    exact = total / n if n else 0.0
    refresh = final and exact != stored and (n <= EXACT_MAX or not stored or abs(exact - stored) > DRIFT * stored)
    avglen = exact if refresh or not stored else stored
    for w in add:
        points = _chunk_points(w, avglen)
        for b in range(0, len(points), PAGE // 4):
            col.client.upsert(col.qchunks, points[b:b + PAGE // 4], wait=True)
        entry = {**asdict(w.document), "kind": "document", "chunks": len(w.chunks)}
        col.client.upsert(col.qdocs, [m.PointStruct(id=point_id(f"doc:{w.document.doc}"), vector={}, payload=entry)])
        new_ids = {sc.id for sc in w.chunks}
        stale = [point_id(cid) for cid, _ in old[w.document.doc] if cid not in new_ids]
        if stale:
            col.client.delete(col.qchunks, m.PointIdsList(points=stale), wait=True)
    if remove:
        col.client.delete(col.qchunks, m.FilterSelector(filter=m.Filter(must=[_match("doc", remove)])), wait=True)
        col.client.delete(col.qdocs, m.PointIdsList(points=[point_id(f"doc:{d}") for d in remove]), wait=True)
    if refresh:
        reweight(col, avglen)
    payload = {"manifest": _manifest_payload(manifest or col.manifest), "bm25": {"n": n, "total": total, "avglen": avglen}}
    col.client.set_payload(col.qdocs, payload, points=[MANIFEST_ID], wait=True)


def reweight(col, avglen: float) -> int:
    """Recompute the BM25 weights of every chunk not already at ``avglen``; how many changed."""
    from qdrant_client import models as m

    changed = 0
    batch: list = []

    def flush():
        if batch:
            col.client.update_vectors(col.qchunks, batch, wait=True)
            col.client.set_payload(col.qchunks, {"wavg": avglen}, points=[p.id for p in batch], wait=True)
            batch.clear()

    for p in col._scroll(col.qchunks, payload=["terms", "wavg"], vectors=["bm25"]):
        if p.payload["wavg"] == avglen:
            continue
        v = p.vector["bm25"]
        values = sparse.reweight(v.values, p.payload["terms"], p.payload["wavg"], avglen)
        batch.append(m.PointVectors(id=p.id, vector={"bm25": m.SparseVector(indices=v.indices, values=values)}))
        changed += 1
        if len(batch) >= PAGE:
            flush()
    flush()
    return changed


def set_meta(col, doc: str, fields: dict[str, str | None]) -> dict[str, str]:
    from qdrant_client import models as m

    merged({}, fields)  # unknown fields fail before anything is read
    col.document(doc)  # QAError if there is no such document
    current = merged(col.corrections().get(doc, {}), fields)
    if current:
        col.client.upsert(col.qdocs, [m.PointStruct(id=point_id(f"fix:{doc}"), vector={},
                                                    payload={"kind": "correction", "doc": doc, "fields": current})])
    else:
        col.client.delete(col.qdocs, m.PointIdsList(points=[point_id(f"fix:{doc}")]), wait=True)
    return current
