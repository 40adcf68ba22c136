"""The store protocol: what a store holds and finds, and nothing more.

A store keeps **collections**; a collection holds documents (text, metadata,
sha256), their chunks under stable ids, one vector per chunk, the sentences
of each chunk with their vectors, each chunk's lexical terms, a manifest and
users' metadata corrections. It finds chunks by dense similarity (optionally
within some documents) and by BM25 over the terms it was given.

Everything that decides an answer stays in ``qa``: reading, chunking,
tokenising (the store is handed terms, never raw text to tokenise), embedding,
fusion, answer selection, claim checking and citations. So every store gives
the same answers; a store that scores differently from the rules written here
is a bug in that store.

Two implementations: ``qa.store.local`` (the default: a folder of immutable
generations) and ``qa.store.qdrant`` (a Qdrant server, cluster or local mode).

Contract common to every method:

* Chunk ids are strings made by ``qa.store.records.chunk_id`` from the
  document (its name and the sha256 of its bytes) and the chunk's offsets,
  never row numbers: the same words at the same place of the same file have
  the same id in every store, build and process; two copies of a file under
  two names do not collide.
* Vectors are float32, L2-normalised, of the manifest's ``dim``; the score of
  a dense hit is the inner product (cosine).
* Errors a user can fix (a missing collection, an unreachable store, a
  collection built with another model) raise ``qa.errors.QAError`` (or a
  subclass) with one line naming the thing and what to do.
* Results are plain values (the NamedTuples and dataclasses of
  ``qa.store.records``, numpy arrays); nothing a caller gets back changes when
  the store is written to.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

import numpy as np

from qa.ingest.documents import Document
from qa.store.records import (ChunkId, CollectionInfo, DocumentInfo, DocumentWrite, Hit, Manifest, Sentence,
                              StoredChunk)

BM25_K1, BM25_B = 1.2, 0.75   # lexical scoring every store must reproduce (see lexical_search)
META_FIELDS = ("title", "organization", "author", "date", "reference")  # what set_meta may correct


@runtime_checkable
class CollectionStore(Protocol):
    """One collection: what it holds, how to find in it, how to change it.

    A reader sees one consistent state: the local store opens one immutable
    generation, so a ``CollectionStore`` never changes under its reader, and
    ``write`` returns the new state. A store whose writes are visible at once
    (Qdrant) returns itself, and must apply one ``write`` so that a document
    is never half visible (its chunks upserted before its old ones go, its
    text and metadata stored with them).
    """

    name: str
    manifest: Manifest

    # --- what it holds -------------------------------------------------
    def documents(self) -> dict[str, DocumentInfo]:
        """Every document by name, sorted by name, corrections applied."""

    def document(self, doc: str) -> Document:
        """One document with its full text (corrections applied to title/meta);
        QAError naming the known documents if there is no such document."""

    def chunk_ids(self, docs: list[str] | None = None) -> list[ChunkId]:
        """Ids of the chunks of ``docs`` (None: all), documents by name, then
        chunks in document order. This order is the tie-break of every
        ranking in qa: stores must return it identically."""

    def chunks(self, ids: list[ChunkId]) -> list[StoredChunk]:
        """The chunks of ``ids``, in that order; KeyError for an unknown id."""

    def positions(self, ids: list[ChunkId]) -> list[int]:
        """Each chunk's place in ``chunk_ids()`` order (the number a passage
        reports as ``chunk``), without listing every chunk; KeyError for an
        unknown id."""

    def vectors(self, ids: list[ChunkId]) -> np.ndarray:
        """(len(ids), dim) float32: the stored vectors of ``ids``, in that order."""

    def known_vectors(self, input_hashes: list[str]) -> dict[str, np.ndarray]:
        """Stored vectors of chunks whose ``input_hash`` is among these (any
        document): what an incremental build need not embed again."""

    def sentences(self, ids: list[ChunkId]) -> tuple[list[Sentence], np.ndarray]:
        """The sentences of the chunks ``ids`` (chunk by chunk in that order,
        each in text order) and their vectors; empty when none were stored."""

    # --- how to find in it -----------------------------------------------
    def dense_search(self, vector: np.ndarray, k: int, docs: list[str] | None = None) -> list[Hit]:
        """The ``k`` chunks whose vectors have the highest inner product with
        ``vector`` (within ``docs`` if given), best first, ties by
        ``chunk_ids`` order. Exact up to 100k chunks; an approximate index
        beyond must keep recall@10 >= 0.95. Unknown document names: QAError."""

    def lexical_search(self, terms: list[str], k: int, docs: list[str] | None = None) -> list[Hit]:
        """The ``k`` chunks of highest BM25 for the query ``terms`` (qa's
        tokens; a term given n times counts n times, as bm25s scores a
        query), positive scores only, best
        first, ties by ``chunk_ids`` order. BM25 as bm25s "lucene" computes
        it (no (k1 + 1) factor): for each query term t in the chunk (a term
        given n times: n times), idf(t) * tf / (tf + k1 * (1 - b + b * len / avglen)), with
        idf(t) = ln(1 + (N - df + 0.5) / (df + 0.5)), k1 = BM25_K1,
        b = BM25_B, len = the chunk's number of terms, N, df and avglen over
        the whole collection (not just ``docs``)."""

    def sentence_scores(self, vector: np.ndarray, ids: list[ChunkId]) -> np.ndarray:
        """float32: for each chunk of ``ids``, the highest inner product between
        ``vector`` and one of its stored sentences' vectors; NaN for a chunk
        stored without sentences. (The store computes it: the sentences'
        vectors need not travel.)"""

    def lexical_scores(self, terms: list[str], ids: list[ChunkId]) -> np.ndarray:
        """float32 BM25 (as in ``lexical_search``) of each chunk of ``ids``; 0 where no term occurs."""

    def terms_held(self, terms: list[str], ids: list[ChunkId]) -> np.ndarray:
        """bool (len(terms), len(ids)): whether each chunk of ``ids`` holds each
        term (where ``lexical_scores`` of the term alone is positive), found in
        one pass over those chunks, not one query per term."""

    def idf(self, terms: list[str]) -> list[float]:
        """``idf(t)`` of ``lexical_search`` for each term; a term no chunk
        holds gets ln(1 + (N + 0.5) / 0.5), the highest value."""

    # --- how to change it --------------------------------------------------
    def write(self, add: list[DocumentWrite], remove: list[str] = (), manifest: Manifest | None = None) -> "CollectionStore":
        """Store ``add`` (a document replaces any stored one of the same name,
        all its chunks and sentences with it) and delete the documents named in
        ``remove``, as one change; return the collection as it is after it.

        ``manifest`` (optional) replaces the manifest (new sources, build id,
        chunker); if its encoder differs (``same_encoder``), every document
        kept must be in ``add``, else QAError. A vector of the wrong dimension
        is a QAError and nothing is written. Corrections are not touched."""

    def corrections(self) -> dict[str, dict[str, str]]:
        """Users' metadata corrections: {doc name: {field: value}}, fields of
        META_FIELDS. They outlive documents' re-indexing and file updates
        (keyed by name, not by sha256)."""

    def set_meta(self, doc: str, fields: dict[str, str | None]) -> dict[str, str]:
        """Correct metadata of ``doc`` (a stored document, else QAError); a
        value None or "" drops that correction. Returns the document's
        corrections after the change. Visible to readers that open the
        collection afterwards (local: without a new generation)."""


@runtime_checkable
class Store(Protocol):
    """Where collections live: a local folder, a Qdrant URL."""

    location: str              # as the user gave it (for messages)

    def collections(self) -> list[CollectionInfo]:
        """Every collection, by name, with its document and chunk counts."""

    def open(self, name: str) -> CollectionStore:
        """The collection ``name``; ``qa.errors.CollectionMissing`` listing the
        ones that exist (or saying how to create one) if it does not."""

    def create(self, name: str, manifest: Manifest) -> CollectionStore:
        """A new empty collection; QAError if the name is taken or invalid
        (names: letters, digits, ``_ . -``, at most 64, starting with a letter
        or digit). A store must refuse to adopt data it did not create."""

    def drop(self, name: str) -> None:
        """Delete the collection and everything in it (corrections too)."""
