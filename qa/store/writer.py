"""One write to a local collection: the kept documents of the current
generation merged with the added ones, written as a new generation and
published (see ``qa.store.generations``)."""

from __future__ import annotations

import numpy as np

from qa.errors import QAError
from qa.store import generations, layout, lexical
from qa.store.records import DocumentWrite, Manifest


class _Part:
    """One document's share of a generation, from the old one or from a write."""

    def __init__(self, doc, chunks, ids, hashes, matrix, terms, spans, sentence_vectors):
        self.doc, self.chunks, self.ids, self.hashes = doc, chunks, ids, hashes
        self.matrix, self.terms, self.spans, self.sentence_vectors = matrix, terms, spans, sentence_vectors


def _kept_parts(coll, names: set[str]) -> list[tuple[_Part, list[int]]]:
    """The documents ``names`` as the current generation holds them."""
    index = coll.index
    if not names:
        return []
    terms = lexical.load_terms(index.path / "terms.npz")
    rows: dict[str, list[int]] = {}
    for i, c in enumerate(index.chunks):
        if c.doc in names:
            rows.setdefault(c.doc, []).append(i)
    spans = index.sentence_spans if index.sentence_spans is not None else np.zeros((0, 3), np.int64)
    parts = []
    for name in names:
        r = rows.get(name, [])
        srows = [j for i in r for j in index.sentence_rows(i)]
        order = [k for k, i in enumerate(r) for _ in index.sentence_rows(i)]
        parts.append((_Part(index.documents[name], [index.chunks[i] for i in r], [index.ids[i] for i in r],
                           [index.raw["input_hashes"][i] for i in r], np.asarray(index.vectors[r], np.float32).reshape(len(r), -1),
                           [terms[i] for i in r], spans[srows, 1:], index.sentences[srows] if srows else None), order))
    return parts


def _new_part(w: DocumentWrite, dim: int) -> tuple[_Part, list[int]]:
    n = len(w.chunks)
    matrix = np.asarray(w.vectors, dtype=np.float32).reshape(n, -1) if n else np.zeros((0, dim), np.float32)
    if matrix.shape[1] != dim or len(w.terms) != n:
        raise QAError(f"{w.document.doc}: {matrix.shape[1]}-dimensional vectors for a collection of {dim}; nothing was written")
    offsets = {cid: i for i, cid in enumerate(c.id for c in w.chunks)}
    spans = np.array([(s.start, s.end) for s in w.sentences], dtype=np.int64).reshape(-1, 2)
    order = [offsets[s.chunk] for s in w.sentences]
    if order != sorted(order):
        raise QAError(f"{w.document.doc}: sentences must come chunk by chunk")
    return _Part(w.document, [c.chunk for c in w.chunks], [c.id for c in w.chunks], [c.input_hash for c in w.chunks],
                 matrix, w.terms, spans, w.sentence_vectors if len(w.sentences) else None), order


def write_generation(coll, add: list[DocumentWrite], remove: list[str], manifest: Manifest) -> None:
    """Merge and publish under the collection's build lock; the base is the
    generation published now (another process may have published one since
    ``coll`` was opened: its documents are kept, not lost)."""
    with generations.lock(coll.folder):
        generations.clean(coll.folder)
        live = generations.current(coll.folder)
        if coll.index is not None and live is not None and live != coll.index.path and not coll.legacy:
            coll = coll.store.open(coll.name)
        _write_locked(coll, add, remove, manifest)


def _write_locked(coll, add: list[DocumentWrite], remove: list[str], manifest: Manifest) -> None:
    dim = manifest.dim
    added = {w.document.doc for w in add}
    old = set(coll.index.documents) if coll.index is not None else set()
    kept = old - added - set(remove)
    if kept and (coll.legacy or not manifest.same_encoder(coll.manifest) or manifest.chunker != coll.manifest.chunker):
        raise QAError(f"the collection {coll.name!r} changes encoder or chunking: every document must be re-sent "
                      f"({len(kept)} were not, e.g. {sorted(kept)[0]})")
    # each part with, for each of its sentences, the position of its chunk in the part
    ordered = sorted([_new_part(w, dim) for w in add] + _kept_parts(coll, kept), key=lambda x: x[0].doc.doc)
    chunks, ids, hashes, mats, terms, table, svecs, row = [], [], [], [], [], [], [], 0
    for part, order in ordered:
        for (s, e), i in zip(part.spans, order):
            table.append((row + i, int(s), int(e)))
        if part.sentence_vectors is not None and len(part.spans):
            svecs.append(np.asarray(part.sentence_vectors, np.float32).reshape(len(part.spans), dim))
        chunks += part.chunks
        ids += part.ids
        hashes += part.hashes
        mats.append(part.matrix)
        terms += part.terms
        row += len(part.chunks)
    matrix = np.concatenate(mats) if mats else np.zeros((0, dim), np.float32)
    sentence_vectors = np.concatenate(svecs) if svecs else np.zeros((0, dim), np.float32)
    spans = np.array(table, dtype=np.int64).reshape(-1, 3)
    if len(spans) != len(sentence_vectors):
        raise QAError(f"the collection {coll.name!r}: sentence spans and vectors disagree; nothing was written")
    gid = generations.new_id()
    raw = {"model": manifest.model, "backend": manifest.backend, "dim": dim, "chunker": manifest.chunker,
           "sources": list(manifest.sources), "built": gid[:15], "input_hashes": hashes,
           "sentences": {"method": manifest.sentences}}
    tmp = generations.begin(coll.folder, gid)
    layout.write(tmp, gid, raw, [p.doc for p, _ in ordered], chunks, ids, matrix, terms, sentence_vectors, spans)
    generations.publish(coll.folder, tmp)
