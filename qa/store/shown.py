"""What a result shows, fetched from the store: the chunks of some search
hits, their sentences and documents, and nothing else.

A search (``qa.retrieve.search``) finds chunks by their stable ids; the answer
and check stages then need the text, provenance and sentence vectors of those
few chunks only. ``Shown(store, ids)`` asks the store for exactly them (one
``chunks`` and one ``sentences`` call; a document's text when it is first
read), so a collection in Qdrant is never loaded whole to answer a question.

Inside a ``Shown`` a chunk is known by its **number**: its place in the
collection's ``chunk_ids`` order (``CollectionStore.positions``), which is what
passages report as ``chunk`` in the public JSON. The attributes are the ones the
answer and check stages read: ``chunks`` and ``documents`` (mappings),
``sentence_rows(number)`` into ``sentences`` / ``sentence_spans``, and ``bm25``
(the store's IDF, for ``qa.store.lexical.idf``)::

    >>> import tempfile; from pathlib import Path
    >>> from qa.encode.embedding import HashEmbedder
    >>> from qa.store.build import build
    >>> from qa.store.local import LocalStore
    >>> docs, store = Path(tempfile.mkdtemp()), LocalStore(Path(tempfile.mkdtemp()))
    >>> _ = (docs / "a.txt").write_text("Ports\\n\\nLacolle processed 1,204 travellers.", encoding="utf-8")
    >>> _ = build([docs], store, "default", HashEmbedder())
    >>> coll = store.open("default")
    >>> hit = coll.lexical_search(["lacoll"], 1)[0]
    >>> shown = Shown(coll, [hit.id])
    >>> n = shown.number[hit.id]
    >>> shown.chunks[n].text, shown.documents["a.txt"].title, len(shown.sentence_rows(n))
    ('Lacolle processed 1,204 travellers.', 'Ports', 1)
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from qa.store.base import CollectionStore
from qa.store.records import ChunkId


class Shown:
    def __init__(self, store: CollectionStore, ids: list[ChunkId]):
        ids = list(dict.fromkeys(ids))
        self.store, self.ids = store, ids
        self.number = dict(zip(ids, store.positions(ids))) if ids else {}
        self.chunks = {self.number[s.id]: s.chunk for s in store.chunks(ids)} if ids else {}
        self.documents = _Documents(store)
        self.bm25 = _StoreIdf(store)
        sentences, vectors = store.sentences(ids) if ids else ([], np.zeros((0, store.manifest.dim), np.float32))
        self.sentences = np.asarray(vectors, dtype=np.float32)
        self.sentence_spans = np.array([(self.number[s.chunk], s.start, s.end) for s in sentences],
                                       dtype=np.int64).reshape(-1, 3)
        self._rows: dict[int, range] = {}
        for j, s in enumerate(sentences):  # a chunk's sentences are consecutive (the protocol's order)
            n = self.number[s.chunk]
            r = self._rows.get(n)
            self._rows[n] = range(j, j + 1) if r is None else range(r.start, j + 1)

    @property
    def manifest(self):
        return self.store.manifest

    def sentence_rows(self, number: int) -> range:
        """Rows of ``sentences`` / ``sentence_spans`` that belong to chunk ``number``."""
        return self._rows.get(number, range(0))


class _Documents(Mapping):
    """The collection's documents by name, each fetched when first read."""

    def __init__(self, store: CollectionStore):
        self.store, self.got = store, {}

    def __getitem__(self, name: str):
        if name not in self.got:
            self.got[name] = self.store.document(name)
        return self.got[name]

    def __iter__(self):
        return iter(self.store.documents())

    def __len__(self) -> int:
        return len(self.store.documents())


class _StoreIdf:
    """Stands for the bm25s object in ``qa.store.lexical.idf``: the store's own statistics."""

    def __init__(self, store: CollectionStore):
        self.store = store

    def store_idf(self, tokens: list[str]) -> list[float]:
        return self.store.idf(list(tokens))


def resolve(source, hits: list) -> tuple[Shown, list]:
    """The chunks of search ``hits`` fetched from ``source`` (a store's
    collection or a row view), and the hits with each chunk id replaced by
    that chunk's number in the ``Shown``."""
    from qa.store.open import reader

    shown = Shown(reader(source), [h.chunk for h in hits])
    return shown, [h._replace(chunk=shown.number[h.chunk]) for h in hits]
