"""What a store holds and gives back, as plain values: stable chunk ids, the
manifest a collection was built with, and the records that go in and come out
(``DocumentWrite`` in; ``StoredChunk``, ``Sentence``, ``Hit``,
``DocumentInfo``, ``CollectionInfo`` out). The protocol stores implement over
them is ``qa.store.base``.

Chunk ids are strings made by ``chunk_id`` from the document (its name and the
sha256 of its bytes) and the chunk's offsets, never row numbers: the same
words at the same place of the same file have the same id in every store,
build and process; two copies of a file under two names do not collide.

Worked example of the id rule::

    >>> chunk_id("npf.txt", "9c633c81c4f7a1b2d3e4", 10, 16)
    '7f742bbef5ba7267:10-16'
    >>> parse_chunk_id('7f742bbef5ba7267:10-16')
    ('7f742bbef5ba7267', 10, 16)
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np

from qa.ingest.chunking import Chunk
from qa.ingest.documents import Document

ChunkId = str
FORMAT_VERSION = 2            # the layout of stored collections (local: a generation folder)


def doc_key(doc: str, doc_sha256: str) -> str:
    """16 hex digits naming one version of one document: sha256 of its name,
    a NUL and the sha256 of its bytes."""
    return hashlib.sha256(f"{doc}\x00{doc_sha256}".encode("utf-8")).hexdigest()[:16]


def chunk_id(doc: str, doc_sha256: str, start: int, end: int) -> ChunkId:
    """A chunk's stable id: ``doc_key`` of its document, then its offsets."""
    return f"{doc_key(doc, doc_sha256)}:{start}-{end}"


def parse_chunk_id(cid: ChunkId) -> tuple[str, int, int]:
    """(doc_key, start, end) of a chunk id; ValueError if it is not one."""
    sha, _, span = cid.partition(":")
    start, _, end = span.partition("-")
    return sha, int(start), int(end)


@dataclass(frozen=True)
class Manifest:
    """What a collection was built with; a reader checks it before use.

    ``model``/``backend``/``dim`` name the encoder (a query encoded by another
    model is meaningless against these vectors); ``chunker`` is
    ``ChunkSettings.as_dict()``; ``sources`` are the folders last indexed;
    ``build`` is the id of the write that produced this state (local store: the
    generation id; every part of a generation carries it).
    """

    model: str
    backend: str | None
    dim: int
    chunker: dict
    format_version: int = FORMAT_VERSION
    sources: tuple[str, ...] = ()
    build: str = ""
    built: str = ""           # ISO time of that write
    sentences: str = ""       # how sentence vectors were made: "pool", "alone" or both ("alone+pool"); "" unknown

    def same_encoder(self, other: "Manifest") -> bool:
        return (self.model, self.backend, self.dim) == (other.model, other.backend, other.dim)


class StoredChunk(NamedTuple):
    id: ChunkId
    chunk: Chunk               # doc name, split, section, paragraph, page, offsets, text (verbatim)
    input_hash: str            # sha256 of what the encoder read (model, backend, input text): reuse key


class Sentence(NamedTuple):
    chunk: ChunkId
    start: int                 # document offsets: text[start:end] is the sentence
    end: int


class Hit(NamedTuple):
    id: ChunkId
    score: float               # dense: cosine; lexical: BM25 (higher is better)


class CollectionInfo(NamedTuple):
    name: str
    documents: int
    chunks: int
    model: str
    built: str


@dataclass
class DocumentInfo:
    """A stored document without its text. ``title`` and ``meta`` have the
    user's corrections applied; ``corrected`` lists the fields they changed."""

    doc: str
    sha256: str
    kind: str
    title: str
    meta: dict = field(default_factory=dict)
    pages: list = field(default_factory=list)
    headings: list = field(default_factory=list)
    chunks: int = 0
    corrected: tuple[str, ...] = ()


@dataclass
class DocumentWrite:
    """Everything ``qa`` computed for one document, ready to store.

    ``chunks[i]`` has vector ``vectors[i]`` and lexical terms ``terms[i]``
    (qa's tokens of the chunk's title, section and text, repeats kept: their
    count is the term frequency, their number the BM25 document length);
    ``sentences[j]`` has vector ``sentence_vectors[j]``. The document's
    ``title`` and ``meta`` are as read; corrections are kept apart.
    """

    document: Document
    chunks: list[StoredChunk]
    vectors: np.ndarray
    terms: list[list[str]]
    sentences: list[Sentence] = field(default_factory=list)
    sentence_vectors: np.ndarray | None = None
