"""One collection of the local store (``qa.store.local``): its published
generation loaded whole (``index``, a ``qa.store.index.Index``), read and
searched by chunk id, and changed by writing the next generation.

Implements ``qa.store.base.CollectionStore``: what it holds (documents,
chunks, vectors, sentences), how to find in it (dense and BM25 search,
scores of given chunks), how to change it (``write``, ``clean``, metadata
corrections). Chunk ids are stable; rows are this generation's only.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from qa.errors import QAError
from qa.ingest.documents import Document
from qa.store import corrections as corrected
from qa.store import generations, legacy, lexical, vector_search
from qa.store.records import DocumentInfo, DocumentWrite, Hit, Manifest, Sentence, StoredChunk
from qa.store.index import DEFAULT_COLLECTION, Index

if TYPE_CHECKING:
    from qa.store.local import LocalStore


class LocalCollection:
    """One collection of a ``LocalStore``: its published generation, loaded
    whole (``index``, the row view). Implements ``qa.store.base.CollectionStore``."""

    def __init__(self, store: LocalStore, name: str, index: Index | None, folder: Path, legacy: bool = False):
        self.store, self.name, self.index, self.folder, self.legacy = store, name, index, folder, legacy
        self._rows = {cid: i for i, cid in enumerate(index.ids)} if index else {}

    @property
    def manifest(self) -> Manifest:
        return self.index.manifest

    # --- what it holds -------------------------------------------------
    def documents(self) -> dict[str, DocumentInfo]:
        fixed = corrected.read(self.folder)
        out = {}
        for e in sorted(self.index.raw["documents"], key=lambda e: e["doc"]):
            d = self.index.documents[e["doc"]]
            out[d.doc] = DocumentInfo(d.doc, d.sha256, d.kind, d.title, dict(d.meta), d.pages, d.headings,
                                      e.get("chunks", 0), tuple(sorted(fixed.get(d.doc, {}))))
        return out

    def document(self, doc: str) -> Document:
        if doc not in self.index.documents:
            raise QAError(f"unknown document {doc!r}; indexed: {', '.join(sorted(self.index.documents))}")
        return self.index.documents[doc]

    def _doc_rows(self, docs) -> np.ndarray:
        if docs is None:
            return np.arange(len(self.index.chunks))
        for d in docs:
            self.document(d)
        wanted = set(docs)
        return np.array([i for i, c in enumerate(self.index.chunks) if c.doc in wanted], dtype=np.int64)

    def chunk_ids(self, docs: list[str] | None = None) -> list[str]:
        return [self.index.ids[i] for i in self._doc_rows(docs)]

    def rows(self, ids) -> np.ndarray:
        return np.array([self._rows[i] for i in ids], dtype=np.int64)

    def positions(self, ids) -> list[int]:
        return [int(r) for r in self.rows(ids)]

    def chunks(self, ids) -> list[StoredChunk]:
        hashes = self.index.raw["input_hashes"]
        return [StoredChunk(i, self.index.chunks[r], hashes[r]) for i, r in zip(ids, self.rows(ids))]

    def vectors(self, ids) -> np.ndarray:
        return np.asarray(self.index.vectors[self.rows(ids)], dtype=np.float32).reshape(-1, self.manifest.dim)

    def known_vectors(self, input_hashes) -> dict[str, np.ndarray]:
        wanted, out = set(input_hashes), {}
        for row, h in enumerate(self.index.raw["input_hashes"]):
            if h in wanted and h not in out:
                out[h] = np.asarray(self.index.vectors[row])
        return out

    def sentences(self, ids) -> tuple[list[Sentence], np.ndarray]:
        out, rows = [], []
        spans = self.index.sentence_spans
        for cid, r in zip(ids, self.rows(ids)):
            for j in self.index.sentence_rows(int(r)):
                out.append(Sentence(cid, int(spans[j, 1]), int(spans[j, 2])))
                rows.append(j)
        vecs = self.index.sentences[rows] if rows else np.zeros((0, self.manifest.dim), np.float32)
        return out, np.asarray(vecs, dtype=np.float32)

    # --- how to find in it -----------------------------------------------
    def dense_search(self, vector, k: int, docs=None) -> list[Hit]:
        allowed = None if docs is None else self._doc_rows(docs)
        scores, rows = vector_search.search(self.index.dense, np.asarray(vector, np.float32).reshape(1, -1), k, allowed)
        return [Hit(self.index.ids[r], float(s)) for s, r in zip(scores[0], rows[0]) if r >= 0]

    def _bm25(self, terms) -> np.ndarray:
        known = [t for t in terms if t in self.index.bm25.vocab_dict]  # a repeated term counts each time
        if not known or not self.index.chunks:
            return np.zeros(len(self.index.chunks), dtype=np.float32)
        return np.asarray(self.index.bm25.get_scores(known), dtype=np.float32)

    def lexical_search(self, terms, k: int, docs=None) -> list[Hit]:
        scores = self._bm25(terms)
        rows = self._doc_rows(docs)
        rows = rows[scores[rows] > 0]
        order = rows[np.lexsort((rows, -scores[rows]))][:k]
        return [Hit(self.index.ids[r], float(scores[r])) for r in order]

    def sentence_scores(self, vector, ids) -> np.ndarray:
        out = np.full(len(ids), np.nan, dtype=np.float32)
        if self.index.sentence_spans is None or not len(self.index.sentence_spans) or not len(ids):
            return out
        spans = [self.index.sentence_rows(int(r)) for r in self.rows(ids)]
        has = np.array([len(r) > 0 for r in spans])
        if not has.any():
            return out
        flat = np.concatenate([np.arange(r.start, r.stop) for r in spans if len(r)])
        sims = np.asarray(self.index.sentences[flat], dtype=np.float32) @ np.asarray(vector, dtype=np.float32)
        offsets = np.concatenate([[0], np.cumsum([len(r) for r in spans if len(r)])[:-1]])
        out[has] = np.maximum.reduceat(sims, offsets)
        return out

    def lexical_scores(self, terms, ids) -> np.ndarray:
        return self._bm25(terms)[self.rows(ids)] if len(ids) else np.zeros(0, np.float32)

    def terms_held(self, terms, ids) -> np.ndarray:
        rows = self.rows(ids)  # a term alone is a sparse lookup in bm25s: cheap per term here
        return np.array([self._bm25([t])[rows] > 0 for t in terms], dtype=bool).reshape(len(terms), len(ids))

    def idf(self, terms) -> list[float]:
        return lexical.idf(self.index.bm25, list(terms))

    # --- how to change it --------------------------------------------------
    def write(self, add: list[DocumentWrite], remove=(), manifest: Manifest | None = None) -> "LocalCollection":
        from qa.store.writer import write_generation

        if self.legacy and legacy.pinned(self.index.path):
            raise QAError(f"{self.index.path} is one generation of a collection, read-only; "
                          f"build into its store instead: qa --store {self.index.path.parent.parent} index")
        write_generation(self, add, list(remove), manifest or self.manifest)
        if self.legacy and self.name == DEFAULT_COLLECTION:
            legacy.remove(self.store.path)
        return self.store.open(self.name)

    def clean(self) -> list[str]:
        """Remove what killed builds left in this collection's folder."""
        if self.legacy:
            return []
        with generations.lock(self.folder):
            return generations.clean(self.folder)

    def corrections(self) -> dict[str, dict[str, str]]:
        return corrected.read(self.folder)

    def set_meta(self, doc: str, fields: dict) -> dict[str, str]:
        self.document(doc)
        corrected.merged({}, fields)  # unknown fields fail before the lock
        with generations.lock(self.folder):
            return corrected.write(self.folder, doc, fields)
