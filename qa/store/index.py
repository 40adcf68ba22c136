"""The index on disk: a plain folder anyone can inspect.

    index/
      manifest.json   format version, model, dimension, chunker settings,
                      FAISS structure, sources, and each document's sha256,
                      metadata and text file
      chunks.jsonl    one chunk a line: doc, section, paragraph, page, offsets, text
      texts/          each document's indexed text (what offsets point into)
      vectors.npy     one normalized vector a chunk, in chunk order
      dense.faiss     FAISS index over those vectors
      bm25/           bm25s index over the same chunks

``build_index`` is incremental: a document whose bytes, the model and the
chunker settings are unchanged keeps its chunks and vectors, and any chunk whose
embedding input is unchanged keeps its vector. The new index is written
beside the old one and swapped in by renames, so a crash leaves the previous
index loadable.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import NamedTuple

import numpy as np

from qa.store import lexical, vectors
from qa.ingest.chunking import Chunk, chunk_document
from qa.config import ChunkSettings
from qa.ingest.documents import Document, discover, read_document
from qa.errors import IndexCorrupt, IndexMissing, QAError

FORMAT_VERSION = 1
FILES = ("manifest.json", "chunks.jsonl", "vectors.npy", "dense.faiss", "bm25", "texts")


@dataclass
class Index:
    path: Path
    manifest: dict
    documents: dict[str, Document]
    chunks: list[Chunk]
    vectors: np.ndarray
    dense: object          # faiss.Index
    bm25: object           # bm25s.BM25

    @property
    def model(self) -> str:
        return self.manifest["model"]


class BuildReport(NamedTuple):
    documents: int
    added: list[str]
    changed: list[str]
    removed: list[str]
    chunks: int
    embedded: int          # chunks whose vectors had to be computed
    seconds: float


ORDINALS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"]
MODEL_READS = 254  # word pieces the model reads, less its two special tokens


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


def _input_hash(embedder, text: str) -> str:
    key = f"{embedder.name}\x00{getattr(embedder, 'backend', '')}\x00{text}"
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def build_index(sources, out: Path, embedder, settings: ChunkSettings = ChunkSettings(), progress=None) -> BuildReport:
    """Build or update the index at ``out`` from the files under ``sources``.

    Every document is read before anything is written: one unreadable file
    stops the build with a ``QAError`` and leaves the existing index as it was.
    ``progress`` is an optional callable(done, total, message).
    """
    t0 = time.perf_counter()
    out = Path(out)
    say = progress or (lambda done, total, msg: None)
    files = discover(sources)
    if not files:
        raise QAError(f"no supported documents in {', '.join(map(str, sources))}")
    old = _load_previous(out, embedder)
    old_docs = {d["doc"]: d for d in old.manifest["documents"]} if old else {}
    same_settings = bool(old) and old.manifest["chunker"] == settings.as_dict()
    old_chunks: dict[str, list[Chunk]] = {}
    for c in old.chunks if old else []:
        old_chunks.setdefault(c.doc, []).append(c)
    docs, chunks, inputs = [], [], []
    for i, (path, name) in enumerate(files):
        say(i, len(files), f"reading {name}")
        doc = read_document(path, name)
        prev = old_docs.get(name)
        if same_settings and prev and prev["sha256"] == doc.sha256:
            doc_chunks = old_chunks.get(name, [])
        else:
            doc_chunks = chunk_document(doc, settings, embedder.count_tokens)
        docs.append(doc)
        chunks.extend(doc_chunks)
        inputs.extend(embed_input(c, doc.title, embedder.count_tokens) for c in doc_chunks)
    hashes = [_input_hash(embedder, t) for t in inputs]
    known = {}
    if old:
        for row, c_hash in enumerate(old.manifest["input_hashes"]):
            known.setdefault(c_hash, row)
    # longest first, so each batch holds texts of similar length (less padding)
    todo = sorted((i for i, h in enumerate(hashes) if h not in known), key=lambda i: -len(inputs[i]))
    matrix = np.zeros((len(chunks), embedder.dim), dtype=np.float32)
    for i, h in enumerate(hashes):
        if h in known:
            matrix[i] = old.vectors[known[h]]
    batch = 64
    for b in range(0, len(todo), batch):
        say(b, len(todo), f"embedding {len(todo)} chunks")
        ids = todo[b:b + batch]
        matrix[ids] = embedder.encode([inputs[i] for i in ids])
    say(len(todo), len(todo), "writing the index")
    titles = {d.doc: d.title for d in docs}
    lex_inputs = [f"{keys(c, titles[c.doc])} {c.text}" for c in chunks]
    manifest = {
        "format_version": FORMAT_VERSION,
        "model": embedder.name,
        "backend": getattr(embedder, "backend", None),
        "dim": int(embedder.dim),
        "chunker": settings.as_dict(),
        "sources": [str(s) for s in sources],
        "built": time.strftime("%Y-%m-%dT%H:%M:%S"),
        "documents": [],
        "input_hashes": hashes,
    }
    dense = vectors.build(matrix)
    manifest["faiss"] = vectors.describe(dense)
    _write(out, manifest, docs, chunks, matrix, dense, lexical.build(lex_inputs))
    names = {d.doc for d in docs}
    return BuildReport(
        len(docs),
        sorted(names - set(old_docs)),
        sorted(d.doc for d in docs if d.doc in old_docs and old_docs[d.doc]["sha256"] != d.sha256),
        sorted(set(old_docs) - names),
        len(chunks), len(todo), time.perf_counter() - t0,
    )


def _load_previous(out: Path, embedder) -> Index | None:
    """The current index if it is readable and built by the same embedder."""
    try:
        old = load_index(out)
    except QAError:
        return None
    same = old.model == embedder.name and old.manifest.get("backend") == getattr(embedder, "backend", None)
    return old if same else None


def _write(out: Path, manifest: dict, docs, chunks, matrix, dense, bm25) -> None:
    tmp = out.with_name(f"{out.name}.tmp-{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)
    (tmp / "texts").mkdir(parents=True)
    counts: dict[str, int] = {}
    for c in chunks:
        counts[c.doc] = counts.get(c.doc, 0) + 1
    for d in docs:
        text_file = f"texts/{d.sha256[:16]}.txt"
        with open(tmp / text_file, "w", encoding="utf-8", newline="") as f:
            f.write(d.text)
        entry = {k: v for k, v in asdict(d).items() if k != "text"}
        entry["text_file"] = text_file
        entry["chunks"] = counts.get(d.doc, 0)
        manifest["documents"].append(entry)
    with open(tmp / "chunks.jsonl", "w", encoding="utf-8") as f:
        for i, c in enumerate(chunks):
            f.write(json.dumps({"id": i, **asdict(c)}, ensure_ascii=False) + "\n")
    np.save(tmp / "vectors.npy", matrix)
    vectors.save(dense, tmp / "dense.faiss")
    lexical.save(bm25, tmp / "bm25")
    manifest["chunks"] = len(chunks)
    (tmp / "manifest.json").write_text(json.dumps(manifest, indent=1, ensure_ascii=False), encoding="utf-8")
    _swap(tmp, out)


def _swap(tmp: Path, out: Path) -> None:
    """Replace ``out`` by ``tmp`` with two renames; ``load_index`` falls back
    to ``out.old`` if a crash lands between them."""
    old = out.with_name(out.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if out.exists():
        os.rename(out, old)
    os.rename(tmp, out)
    shutil.rmtree(old, ignore_errors=True)


def load_index(path: Path) -> Index:
    """Load and check an index folder; raise ``IndexMissing`` or ``IndexCorrupt``."""
    path = Path(path)
    if not path.exists() and path.with_name(path.name + ".old").exists():
        path = path.with_name(path.name + ".old")  # a swap was interrupted
    if not (path / "manifest.json").exists():
        if path.exists() and any(path.iterdir()):
            raise IndexCorrupt(f"the index at {path} has no manifest.json (half-written?); rebuild it with: qa index")
        raise IndexMissing(f"no index at {path}; build it with: qa index  (or: qa index PATH...)")
    try:
        manifest = json.loads((path / "manifest.json").read_text(encoding="utf-8"))
        if manifest.get("format_version") != FORMAT_VERSION:
            raise IndexCorrupt(
                f"the index at {path} has format version {manifest.get('format_version')}, this qa reads {FORMAT_VERSION}; rebuild it with: qa index"
            )
        missing = [f for f in FILES if not (path / f).exists()]
        if missing:
            raise IndexCorrupt(f"the index at {path} is incomplete (missing {', '.join(missing)}); rebuild it with: qa index")
        documents = {}
        for entry in manifest["documents"]:
            fields = {k: v for k, v in entry.items() if k not in ("text_file", "chunks")}
            with open(path / entry["text_file"], encoding="utf-8", newline="") as f:
                text = f.read()
            documents[entry["doc"]] = Document(text=text, **fields)
        with open(path / "chunks.jsonl", encoding="utf-8") as f:
            chunks = [Chunk(**{k: v for k, v in json.loads(line).items() if k != "id"}) for line in f]
        matrix = np.load(path / "vectors.npy", mmap_mode="r")
        dense = vectors.load(path / "dense.faiss")
        bm25 = lexical.load(path / "bm25")
    except QAError:
        raise
    except Exception as e:
        raise IndexCorrupt(f"the index at {path} is unreadable ({type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''}); rebuild it with: qa index") from None
    n = len(chunks)
    if not (n == manifest.get("chunks") == matrix.shape[0] == dense.ntotal == bm25.scores["num_docs"] == len(manifest["input_hashes"])):
        raise IndexCorrupt(f"the index at {path} is inconsistent (its parts disagree on the number of chunks); rebuild it with: qa index")
    for c in chunks:
        doc = documents.get(c.doc)
        if doc is None or doc.text[c.start:c.end] != c.text:
            raise IndexCorrupt(f"the index at {path} is inconsistent (chunk of {c.doc} does not match its text); rebuild it with: qa index")
    return Index(path, manifest, documents, chunks, matrix, dense, bm25)
