"""Build or update a collection from files: read, chunk, embed, hand to a store.

Incremental: a document whose bytes are unchanged (same name, same sha256,
same encoder and chunker settings) is not read again nor sent; a changed
document is re-chunked, and any chunk whose embedding input the store already
holds keeps its vector (``known_vectors``). Every document is read before
anything is written: a file that can't be read is left out and reported (a
version of it indexed before stays), and the rest is indexed; when none can
be read, a ``QAError`` leaves the collection as it was. The store applies the
change as one write (the local store: one new generation).
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
import sys
import time
from typing import NamedTuple

import numpy as np

from qa.config import ChunkSettings
from qa.errors import QAError
from qa.ingest.chunking import Chunk, chunk_document
from qa.ingest.documents import discover, read_document
from qa.encode.sentences import encode_chunks, method_used, sentence_spans
from qa.store import lexical
from qa.store.base import Store
from qa.store.records import DocumentWrite, Manifest, Sentence, StoredChunk, chunk_id

ORDINALS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"]
MODEL_READS = 254  # word pieces the model reads, less its two special tokens
BATCH = 64


class BuildReport(NamedTuple):
    documents: int
    added: list[str]
    changed: list[str]
    removed: list[str]
    chunks: int
    embedded: int          # chunks whose vectors had to be computed
    seconds: float
    sentences: int = 0     # sentence vectors stored
    skipped: list = []     # [(name, reason)]: files that could not be read, left out (a version indexed before stays)


def keys(chunk: Chunk, title: str) -> str:
    """Words that locate a chunk besides its text: title, section, and the
    ordinal of a numbered item ("2. Expand ..." is the second).

    >>> keys(Chunk("d", 0, "Actions", 3, None, 0, 9, "2. Expand units."), "Paper")
    'Paper. Actions. second'
    """
    parts = [title, chunk.section]
    m = re.match(r"\s*(\d{1,2})[.)]\s", chunk.text)
    if m and 1 <= int(m.group(1)) <= len(ORDINALS):
        parts.append(ORDINALS[int(m.group(1)) - 1])
    return ". ".join(p for p in parts if p)


def embed_input(chunk: Chunk, title: str, count_tokens=None) -> str:
    """What the model reads for a chunk: its keys, then its text, the keys
    cut so that the chunk's text is never truncated.

    >>> embed_input(Chunk("d", 0, "Background", 1, None, 0, 5, "Hello"), "Paper")
    'Paper. Background.\\nHello'
    """
    head = keys(chunk, title)[:200]
    if count_tokens and head:
        room = MODEL_READS - count_tokens(chunk.text) - 1
        while head and count_tokens(head) > room:
            head = head.rsplit(" ", 1)[0] if " " in head else ""
    return f"{head}.\n{chunk.text}" if head else chunk.text


def input_hash(embedder, text: str) -> str:
    key = f"{embedder.name}\x00{getattr(embedder, 'backend', '')}\x00{text}"
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def wanted_manifest(embedder, settings: ChunkSettings, sources) -> Manifest:
    return Manifest(model=embedder.name, backend=getattr(embedder, "backend", None), dim=int(embedder.dim),
                    chunker=settings.as_dict(), sources=tuple(str(s) for s in sources))


class Plan(NamedTuple):
    """What a build (single-process or Ray) starts from."""

    files: list                # (path, name) of every supported file under the sources
    wanted: Manifest           # what this build writes
    old: object | None         # the collection as stored (a CollectionStore), None if missing or unreadable
    old_docs: dict             # its documents' sha256 by name
    reusable: bool             # its chunks may be kept for unchanged files (same encoder and chunker, not an old layout)


def plan(sources, store: Store, collection: str, embedder, settings: ChunkSettings) -> Plan:
    """The files to index and the collection as it is; ``QAError`` if there are no files."""
    files = discover(sources)
    if not files:
        raise QAError(f"no supported documents in {', '.join(map(str, sources))}")
    wanted = wanted_manifest(embedder, settings, sources)
    old = _previous(store, collection, wanted)
    old_docs = {name: info.sha256 for name, info in old.documents().items()} if old else {}
    reusable = bool(old) and old.manifest.same_encoder(wanted) and old.manifest.chunker == wanted.chunker \
        and not getattr(old, "legacy", False)
    return Plan(files, wanted, old, old_docs, reusable)


def _sha256(path) -> str | None:
    try:
        with open(path, "rb") as f:
            return hashlib.file_digest(f, "sha256").hexdigest()
    except OSError:
        return None  # read_document will say why


def build(sources, store: Store, collection: str, embedder, settings: ChunkSettings = ChunkSettings(),
          progress=None) -> BuildReport:
    """Build or update ``collection`` of ``store`` from the files under ``sources``.

    ``progress`` is an optional callable(done, total, message). A file that
    can't be read is left out and reported in ``BuildReport.skipped``; if no
    file can be read, nothing is written.
    """
    t0 = time.perf_counter()
    say = progress or (lambda done, total, msg: None)
    files, wanted, old, old_docs, reusable = plan(sources, store, collection, embedder, settings)
    docs, chunks, inputs, skipped = [], [], [], []
    for i, (path, name) in enumerate(files):
        say(i, len(files), f"reading {name}")
        if reusable and old_docs.get(name) == _sha256(path):
            continue
        try:
            # a scanned PDF is slow to read: each OCR'd page is a progress message ("scan.pdf: OCR of page 3 of 12")
            doc = read_document(path, name, progress=lambda msg, i=i, name=name: say(i, len(files), f"{name}: {msg}"))
        except Exception as e:  # one bad file never blocks the rest
            why = str(e).replace(str(path), "").lstrip(": ") if isinstance(e, QAError) else f"cannot read it ({type(e).__name__})"
            skipped.append((name, why))
            continue
        doc_chunks = chunk_document(doc, settings, embedder.count_tokens)
        docs.append((doc, doc_chunks))
        chunks.extend(doc_chunks)
        inputs.extend(embed_input(c, doc.title, embedder.count_tokens) for c in doc_chunks)
    if len(skipped) == len(files):
        raise QAError(f"none of the {len(files)} documents could be read: " + "; ".join(f"{n}: {r}" for n, r in skipped[:3]))
    hashes = [input_hash(embedder, t) for t in inputs]
    known = old.known_vectors(hashes) if old and old.manifest.same_encoder(wanted) else {}
    # longest first, so each batch holds texts of similar length (less padding)
    todo = sorted((i for i, h in enumerate(hashes) if h not in known), key=lambda i: -len(inputs[i]))
    matrix = np.zeros((len(chunks), embedder.dim), dtype=np.float32)
    for i, h in enumerate(hashes):
        if h in known:
            matrix[i] = known[h]
    spans = [sentence_spans(doc.text, c.start, c.end) for doc, doc_chunks in docs for c in doc_chunks]
    texts = [doc.text for doc, doc_chunks in docs for _ in doc_chunks]
    per_chunk: list = [None] * len(chunks)
    for b in range(0, len(todo), BATCH):
        say(b, len(todo), f"embedding {len(todo)} chunks and their sentences")
        ids = todo[b:b + BATCH]
        # one encoder pass gives a chunk's vector and its sentences' (qa.encode.sentences)
        shift = [len(inputs[i]) - len(chunks[i].text) - chunks[i].start for i in ids]
        matrix[ids], vecs = encode_chunks(embedder, [inputs[i] for i in ids],
                                          [[(s + d, e + d) for s, e in spans[i]] for i, d in zip(ids, shift)])
        for i, v in zip(ids, vecs):
            per_chunk[i] = v
    # a reused chunk of a changed document: its sentences encoded alone
    rest = [i for i in range(len(chunks)) if per_chunk[i] is None]
    alone = _encode_sentences(embedder, [texts[i][s:e] for i in rest for s, e in spans[i]], say)
    pos = 0
    for i in rest:
        per_chunk[i], pos = alone[pos:pos + len(spans[i])], pos + len(spans[i])
    sentence_vectors = np.concatenate([v.reshape(-1, embedder.dim) for v in per_chunk]).astype(np.float32) if chunks \
        else np.zeros((0, embedder.dim), dtype=np.float32)
    say(len(todo), len(todo), "writing the index")
    writes, row, srow = [], 0, 0
    for doc, doc_chunks in docs:
        n = len(doc_chunks)
        ids = [chunk_id(doc.doc, doc.sha256, c.start, c.end) for c in doc_chunks]
        stored = [StoredChunk(cid, c, h) for cid, c, h in zip(ids, doc_chunks, hashes[row:row + n])]
        terms = lexical.tokenize([f"{keys(c, doc.title)} {c.text}" for c in doc_chunks]) if n else []
        sentences = [Sentence(cid, s, e) for cid, ss in zip(ids, spans[row:row + n]) for s, e in ss]
        writes.append(DocumentWrite(doc, stored, matrix[row:row + n], terms, sentences,
                                    sentence_vectors[srow:srow + len(sentences)]))
        row, srow = row + n, srow + len(sentences)
    names = {name for _, name in files}
    removed = sorted(set(old_docs) - names)
    wanted = dataclasses.replace(wanted, sentences=_methods(old, set(old_docs) - {d.doc for d, _ in docs} - set(removed),
                                                            method_used(embedder) if todo else None, bool(rest)))
    if old is not None and not writes and not removed and old.manifest.sources == wanted.sources and reusable:
        after = old  # nothing changed: no new generation, only what killed builds left is removed
        if hasattr(old, "clean"):
            old.clean()
    else:
        target = old if old is not None else store.create(collection, wanted)
        after = target.write(writes, removed, manifest=wanted)
    sent = {d.doc for d, _ in docs}
    return BuildReport(
        len(names) - len([n for n, _ in skipped if n not in old_docs]),  # a damaged file indexed before stays
        sorted(sent - set(old_docs)),
        sorted(d for d in sent if d in old_docs and old_docs[d] != next(x.sha256 for x, _ in docs if x.doc == d)),
        removed, len(after.chunk_ids()), len(todo), time.perf_counter() - t0, srow, skipped,
    )


def _methods(old, kept: set, encoded: str | None, alone: bool) -> str:
    """What the manifest says of the sentence vectors: the method of this
    build's, "alone" for reused chunks' re-encoded ones, the old manifest's for
    the documents kept as they were.

    >>> _methods(None, set(), "pool", True)
    'alone+pool'
    """
    methods = {encoded} | ({"alone"} if alone else set())
    if old is not None and kept:
        if not old.manifest.sentences:
            return ""  # an index from before the manifest said: unknown
        methods |= set(old.manifest.sentences.split("+"))
    return "+".join(sorted(m for m in methods if m))


def _encode_sentences(embedder, texts: list[str], say) -> np.ndarray:
    """One vector a sentence, each distinct sentence encoded once, longest first."""
    unique = sorted(set(texts), key=lambda t: -len(t))
    out = np.zeros((len(unique), embedder.dim), dtype=np.float32)
    for b in range(0, len(unique), BATCH):
        say(b, len(unique), f"embedding {len(unique)} sentences")
        out[b:b + BATCH] = embedder.encode(unique[b:b + BATCH])
    row = {t: i for i, t in enumerate(unique)}
    return out[[row[t] for t in texts]] if texts else np.zeros((0, embedder.dim), dtype=np.float32)


def _previous(store: Store, collection: str, wanted: Manifest):
    """The collection as stored, or None if it is missing or unreadable (then
    it is rebuilt whole). Another encoder: its documents are all re-sent."""
    try:
        old = store.open(collection)
    except QAError as e:
        if "unreadable" in str(e) or "inconsistent" in str(e) or "incomplete" in str(e) or "format" in str(e):
            print(f"qa: {e}; building it again", file=sys.stderr)
        return None
    if getattr(old, "legacy", False):
        print(f"qa: converting the index at {store.location} to the generations layout (vectors are reused)", file=sys.stderr)
    return old
