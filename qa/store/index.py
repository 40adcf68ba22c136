"""The row view of one loaded collection, and the two calls most code uses.

``Index`` is what the retrieve, answer and check stages take today: chunks as
a list (a search hit is a row in it), documents by name, the vectors, FAISS
and bm25s objects. It is an adapter kept while those stages move to the store
protocol (``qa.store.base``) and chunk ids; ``Index.ids[row]`` is the stable
id of each row.

``load_index(path)`` opens the published generation of a local store's
collection (``qa.store.local``); ``build_index(sources, path, embedder)``
builds or updates it (``qa.store.build``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from qa.ingest.chunking import Chunk
from qa.ingest.documents import Document
from qa.store.records import Manifest
from qa.store.build import BuildReport, embed_input, keys  # noqa: F401  (re-exported)

DEFAULT_COLLECTION = "default"


@dataclass
class Index:
    path: Path                     # the generation folder (or an old-layout index folder)
    manifest: Manifest
    documents: dict[str, Document]  # by name; title and meta with the user's corrections
    chunks: list[Chunk]
    vectors: np.ndarray
    dense: object                  # faiss.Index
    bm25: object                   # bm25s.BM25
    sentences: np.ndarray | None = None        # (m, dim) sentence vectors
    sentence_spans: np.ndarray | None = None   # (m, 3) chunk row, start, end; sorted by chunk row
    ids: list[str] = field(default_factory=list)  # stable chunk id of each row
    raw: dict = field(default_factory=dict)        # manifest.json as written
    name: str = DEFAULT_COLLECTION
    _first: np.ndarray | None = field(default=None, repr=False)
    _reader: object = field(default=None, repr=False)

    def reader(self):
        """This collection read through the store protocol (``qa.store.local_collection.LocalCollection``), made once."""
        if self._reader is None:
            from qa.store.local_collection import LocalCollection

            self._reader = LocalCollection(None, self.name, self, self.path)
        return self._reader

    @property
    def model(self) -> str:
        return self.manifest.model

    def entries(self) -> list[dict]:
        """One dict a document (doc, title, kind, sha256, meta, chunks, pages), corrections applied."""
        out = []
        for e in self.raw["documents"]:
            d = self.documents[e["doc"]]
            out.append({**e, "title": d.title, "meta": dict(d.meta)})
        return out

    def chunk_count(self, doc: str) -> int:
        return next((e["chunks"] for e in self.raw["documents"] if e["doc"] == doc), 0)

    def sentence_rows(self, chunk: int) -> range:
        """Rows of ``sentences`` that belong to chunk row ``chunk``."""
        if self.sentence_spans is None:
            return range(0)
        if self._first is None:
            self._first = np.searchsorted(self.sentence_spans[:, 0], np.arange(len(self.chunks) + 1))
        return range(int(self._first[chunk]), int(self._first[chunk + 1]))


def load_index(path: Path, collection: str = DEFAULT_COLLECTION) -> Index:
    """Load and check a collection of the local store at ``path``; raise
    ``IndexMissing`` or ``IndexCorrupt`` (or another one-line ``QAError``)."""
    from qa.store.local import LocalStore

    return LocalStore(path).open(collection).index


def build_index(sources, out: Path, embedder, settings=None, progress=None, collection: str = DEFAULT_COLLECTION) -> BuildReport:
    """Build or update ``collection`` of the local store at ``out`` from the
    files under ``sources`` (see ``qa.store.build.build``)."""
    from qa.config import ChunkSettings
    from qa.store.build import build
    from qa.store.local import LocalStore

    return build(sources, LocalStore(out), collection, embedder, settings or ChunkSettings(), progress)
