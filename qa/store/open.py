"""Open a store from what the user typed, and the row view of a collection.

``open_store`` takes a folder (the local store) or a ``qa+...`` URL:
``qdrant+http://host:6333`` or ``qdrant+path:DIR`` (``qa.store.qdrant``).

``reader`` gives what the retrieve, answer and check stages read: a
``CollectionStore`` (a row view stands for the local collection it was loaded
from). They search by chunk id and fetch only what they show
(``qa.store.shown``).

``row_view`` is the older adapter, kept for callers that still want rows (the
``Collection.index`` property, tests, tools over a local store): an ``Index``
whose rows are the collection's chunks in ``chunk_ids`` order. The local store
has one already; for any other store it is materialised from the protocol
(documents, chunks and vectors in memory: costly, nothing in the app, the
CLI or the evaluation uses it).
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np

from qa.errors import QAError
from qa.store.base import CollectionStore, Store
from qa.store.records import Manifest
from qa.store.index import Index

SCHEMES = ("qdrant+http://", "qdrant+https://", "qdrant+path:")


def open_store(location=None) -> Store:
    """The store at ``location`` (None: $QA_STORE, else $QA_INDEX, else index/);
    a store object is returned as it is."""
    if hasattr(location, "collections") and hasattr(location, "open"):
        return location
    location = location or os.environ.get("QA_STORE") or os.environ.get("QA_INDEX") or "index"
    text = str(location)
    if text.startswith("qdrant+"):
        if not text.startswith(SCHEMES):
            raise QAError(f"unknown store URL {text!r}; use a folder, {SCHEMES[0]}HOST:PORT or {SCHEMES[2]}DIR")
        try:
            from qa.store.qdrant import QdrantStore
        except ImportError as e:
            raise QAError(f"the Qdrant store needs its client: pip install 'qa[qdrant]' ({e.name or e})") from None
        return QdrantStore(text)
    if "://" in text:
        raise QAError(f"unknown store URL {text!r}; use a folder, {SCHEMES[0]}HOST:PORT or {SCHEMES[2]}DIR")
    from qa.store.local import LocalStore

    return LocalStore(Path(text))


class _StoreDense:
    """Looks enough like a faiss index for ``vector_search.search``: the store searches."""

    def __init__(self, store: CollectionStore, ids: list[str]):
        self.store, self.ntotal, self.d = store, len(ids), store.manifest.dim
        self.row = {cid: i for i, cid in enumerate(ids)}
        self.ids = ids

    def search_rows(self, q: np.ndarray, k: int, allowed: np.ndarray | None):
        docs = None
        if allowed is not None:
            keep = set(int(i) for i in allowed)
            docs = sorted({self.store.chunks([self.ids[i]])[0].chunk.doc for i in keep})
        hits = self.store.dense_search(q[0], k, docs)
        rows = [self.row[h.id] for h in hits if allowed is None or self.row[h.id] in keep]
        scores = [h.score for h in hits if allowed is None or self.row[h.id] in keep]
        return np.array([scores], np.float32), np.array([rows], np.int64)


class _StoreLexical:
    """Looks enough like a bm25s retriever for ``lexical.scores``/``idf``: the store scores."""

    def __init__(self, store: CollectionStore, ids: list[str]):
        self.store, self.ids = store, ids
        self.scores = {"num_docs": len(ids)}
        self.vocab_dict = _Everything()

    def get_scores(self, tokens: list[str]) -> np.ndarray:
        return self.store.lexical_scores(list(tokens), self.ids)  # repeats count each time, as in bm25s

    def store_idf(self, tokens: list[str]) -> list[float]:
        return self.store.idf(tokens)


class _Everything:
    def __contains__(self, _):
        return True


def reader(source) -> CollectionStore:
    """The ``CollectionStore`` a search reads: a store's collection as it is,
    or the local collection a row view (``Index``) was loaded from."""
    if isinstance(source, Index):
        return source.reader()
    return source


def row_view(store: CollectionStore) -> Index:
    """The ``Index`` (row view) of a collection: the local store's own, or one
    built from the protocol for other stores (costly: ``Collection`` builds it
    once per opened collection and keeps it)."""
    own = getattr(store, "index", None)
    if isinstance(own, Index):
        return own
    ids = store.chunk_ids()
    stored = store.chunks(ids)
    documents = {name: store.document(name) for name in store.documents()}
    m: Manifest = store.manifest
    raw = {"model": m.model, "backend": m.backend, "dim": m.dim, "chunker": m.chunker, "sources": list(m.sources),
           "documents": [{"doc": d.doc, "title": d.title, "kind": d.kind, "sha256": d.sha256, "meta": d.meta,
                          "chunks": d.chunks, "pages": d.pages} for d in store.documents().values()],
           "input_hashes": [s.input_hash for s in stored]}
    sentences, sentence_vectors = store.sentences(ids)
    row = {cid: i for i, cid in enumerate(ids)}
    spans = np.array([(row[s.chunk], s.start, s.end) for s in sentences], np.int64).reshape(-1, 3)
    return Index(Path(getattr(store, "location", "") or "."), m, documents, [s.chunk for s in stored],
                 store.vectors(ids), _StoreDense(store, ids), _StoreLexical(store, ids), sentence_vectors, spans, ids, raw,
                 store.name)
