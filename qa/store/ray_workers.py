"""What runs on the Ray workers of the distributed build (``qa.store.ray_build``):
reading and chunking documents, and embedding their chunks and sentences on
actors that load the encoder once. Rows travel as pickled tuples, one
document a row, so Ray Data never needs to know qa's types.

Nothing here imports Ray: these are plain callables that Ray Data runs.
"""

from __future__ import annotations

import os
import pickle
import time
from typing import NamedTuple

import numpy as np

from qa.config import ChunkSettings
from qa.errors import QAError


class BatchTime(NamedTuple):
    worker: int            # pid of the actor that embedded it
    chunks: int
    seconds: float


class _Named(NamedTuple):
    """What ``input_hash`` reads of an embedder."""
    name: str
    backend: str | None


def _counter(model: str, backend: str | None):
    """The model's word-piece counter, without loading the model when its files are on disk."""
    from qa.encode import embedding

    folder = embedding.model_dir(model)
    if folder is not None and hasattr(embedding, "WordPieceCounter"):
        return embedding.WordPieceCounter(folder)
    return embedding.load_embedder(model, _backend_arg(backend)).count_tokens


def _backend_arg(backend: str | None) -> str | None:
    """``load_embedder``'s backend argument for an embedder's ``backend`` attribute."""
    return None if backend is None else "onnx" if backend == "onnx-int8" else "torch"


class ReadAndChunk:
    """Ray Data UDF: file rows -> document rows (document, chunks, inputs, hashes, terms)."""

    def __init__(self, model: str, backend: str | None, settings: dict):
        self.embedder = _Named(model, backend)
        self.count_tokens = _counter(model, backend)
        self.settings = ChunkSettings(settings["max_tokens"], settings["target_tokens"])

    def __call__(self, batch: dict) -> dict:
        from qa.ingest.chunking import chunk_document
        from qa.ingest.documents import read_document
        from qa.encode.sentences import sentence_spans
        from qa.store import lexical
        from qa.store.build import embed_input, input_hash, keys

        out, errors = [], []
        for path, name in zip(batch["path"], batch["name"]):
            try:
                doc = read_document(path, name)
            except QAError as e:   # sent back as data: the driver stops the build before any write
                out.append(b"")
                errors.append(str(e))
                continue
            errors.append("")
            chunks = chunk_document(doc, self.settings, self.count_tokens)
            inputs = [embed_input(c, doc.title, self.count_tokens) for c in chunks]
            hashes = [input_hash(self.embedder, t) for t in inputs]
            terms = lexical.tokenize([f"{keys(c, doc.title)} {c.text}" for c in chunks]) if chunks else []
            spans = [list(sentence_spans(doc.text, c.start, c.end)) for c in chunks]
            out.append(pickle.dumps((doc, chunks, inputs, hashes, terms, spans)))
        return {"name": list(batch["name"]), "doc": out, "error": errors}


class Embed:
    """Ray Data UDF on an actor: the encoder is loaded once per worker."""

    def __init__(self, model: str, backend: str | None, known: frozenset):
        from qa.encode.embedding import load_embedder

        self.embedder = load_embedder(model, _backend_arg(backend))
        self.known = known

    def __call__(self, batch: dict) -> dict:
        """As ``qa.store.build.build``: one encoder pass gives a chunk's vector and
        its sentences'; a chunk whose vector is reused gets its sentences encoded alone."""
        from qa.encode.sentences import encode_chunks
        from qa.store.build import BATCH, _encode_sentences

        rows = [pickle.loads(b) for b in batch["doc"]]
        todo = [(r, i) for r, row in enumerate(rows) for i, h in enumerate(row[3]) if h not in self.known]
        todo.sort(key=lambda ri: -len(rows[ri[0]][2][ri[1]]))   # by length: less padding
        vectors = [np.full((len(r[1]), self.embedder.dim), np.nan, dtype=np.float32) for r in rows]
        sents: list[list] = [[None] * len(r[1]) for r in rows]
        t0 = time.perf_counter()
        for b in range(0, len(todo), BATCH):
            part = todo[b:b + BATCH]
            inputs = [rows[r][2][i] for r, i in part]
            shift = [len(rows[r][2][i]) - len(rows[r][1][i].text) - rows[r][1][i].start for r, i in part]
            spans = [[(s + d, e + d) for s, e in rows[r][5][i]] for (r, i), d in zip(part, shift)]
            got, per = encode_chunks(self.embedder, inputs, spans)
            for (r, i), v, sv in zip(part, got, per):
                vectors[r][i], sents[r][i] = v, sv
        rest = [(r, i) for r, row in enumerate(rows) for i in range(len(row[1])) if sents[r][i] is None]
        alone = _encode_sentences(self.embedder, [rows[r][0].text[s:e] for r, i in rest for s, e in rows[r][5][i]],
                                  lambda *a: None)
        pos = 0
        for r, i in rest:
            n = len(rows[r][5][i])
            sents[r][i], pos = alone[pos:pos + n], pos + n
        dim = self.embedder.dim
        flat = [np.concatenate([np.asarray(v, np.float32).reshape(-1, dim) for v in per_doc]) if per_doc
                else np.zeros((0, dim), np.float32) for per_doc in sents]
        took = BatchTime(os.getpid(), len(todo), time.perf_counter() - t0)
        return {"name": list(batch["name"]),
                "doc": [pickle.dumps((*row, vec, f, took)) for row, vec, f in zip(rows, vectors, flat)]}
