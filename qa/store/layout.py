"""The files of one local generation, written and read back with checks.

    g-<build id>/
      manifest.json      format version, build id, model, backend, dim, chunker,
                         sources, documents (sha256, metadata, text file, chunk
                         count), input hashes, FAISS structure, and the byte
                         size of every other part
      chunks.jsonl       a header {"build": id}, then one chunk a line with its id
      texts/             each document's indexed text (what offsets point into)
      vectors.npy        one float32 unit vector a chunk, in chunk order
      dense.faiss        FAISS index over those vectors
      bm25/              bm25s index over the chunks' terms
      terms.npz          each chunk's terms (for the next incremental write)
      sentences.npy      one vector a sentence of a chunk (may hold none)
      sentence_spans.npy (chunk row, start, end) of each sentence, in chunk order

``read`` checks that every part carries the generation's build id (in its
name, header or recorded size), that the parts agree on the number of chunks,
that vectors have the manifest's dimension and dtype, and that every chunk is
verbatim its document's text.
"""

from __future__ import annotations

import json
import os
import threading
from dataclasses import asdict
from pathlib import Path

import numpy as np

from qa.errors import IndexCorrupt
from qa.ingest.chunking import Chunk
from qa.ingest.documents import Document
from qa.store import lexical, vectors
from qa.store.records import FORMAT_VERSION

REBUILD = "rebuild it with: qa index"
# numpy reads .npy headers with ast.literal_eval, which CPython 3.11 does not
# make thread-safe ("AST constructor recursion depth mismatch" when two threads
# parse at once, seen in tests/test_generations.py): one read at a time per process.
_READING = threading.Lock()


def write(tmp: Path, gid: str, manifest: dict, docs: list[Document], chunks: list[Chunk], ids: list[str],
          matrix: np.ndarray, terms: list[list[str]], sentence_vectors: np.ndarray, spans: np.ndarray) -> None:
    """Write a generation's parts into the empty folder ``tmp``; ``manifest``
    gets the document entries, counts and part sizes added."""
    (tmp / "texts").mkdir()
    counts: dict[str, int] = {}
    for c in chunks:
        counts[c.doc] = counts.get(c.doc, 0) + 1
    manifest.update(format_version=FORMAT_VERSION, build=gid, documents=[], chunks=len(chunks))
    for d in docs:
        text_file = f"texts/{d.sha256[:16]}.txt"
        with open(tmp / text_file, "w", encoding="utf-8", newline="") as f:
            f.write(d.text)
        entry = {k: v for k, v in asdict(d).items() if k != "text"}
        entry.update(text_file=text_file, chunks=counts.get(d.doc, 0))
        manifest["documents"].append(entry)
    with open(tmp / "chunks.jsonl", "w", encoding="utf-8") as f:
        f.write(json.dumps({"build": gid, "chunks": len(chunks)}) + "\n")
        for cid, c in zip(ids, chunks):
            f.write(json.dumps({"id": cid, **asdict(c)}, ensure_ascii=False) + "\n")
    np.save(tmp / "vectors.npy", np.ascontiguousarray(matrix, dtype=np.float32))
    dense = vectors.build(matrix)
    manifest["faiss"] = vectors.describe(dense)
    vectors.save(dense, tmp / "dense.faiss")
    lexical.save(lexical.build_from_terms(terms), tmp / "bm25")
    lexical.save_terms(terms, tmp / "terms.npz")
    np.save(tmp / "sentences.npy", np.ascontiguousarray(sentence_vectors, dtype=np.float32))
    np.save(tmp / "sentence_spans.npy", np.asarray(spans, dtype=np.int64).reshape(-1, 3))
    manifest["sentences"] = {**manifest.get("sentences", {}), "count": int(len(spans))}
    manifest["parts"] = {str(p.relative_to(tmp)): p.stat().st_size for p in sorted(tmp.rglob("*")) if p.is_file()}
    (tmp / "manifest.json").write_text(json.dumps(manifest, indent=1, ensure_ascii=False), encoding="utf-8")


def read(path: Path, gid: str | None) -> dict:
    """The parts of the generation (or old-layout index, ``gid`` None) at ``path``.

    Returns {"manifest", "documents", "chunks", "ids", "vectors", "dense",
    "bm25", "sentences", "sentence_spans"}; raises ``IndexCorrupt``.
    """
    with _READING:
        return _read(path, gid)


def _read(path: Path, gid: str | None) -> dict:
    try:
        manifest = json.loads((path / "manifest.json").read_text(encoding="utf-8"))
        version = manifest.get("format_version")
        if gid is None and version not in (1, 2):
            raise IndexCorrupt(f"the index at {path} has format version {version}, this qa reads 1 to {FORMAT_VERSION}; {REBUILD}")
        if gid is not None and (version != FORMAT_VERSION or manifest.get("build") != gid):
            raise IndexCorrupt(f"the index generation {path} is not build {gid} of format {FORMAT_VERSION}; {REBUILD}")
        _check_parts(path, manifest, gid)
        documents = {}
        for entry in manifest["documents"]:
            fields = {k: v for k, v in entry.items() if k not in ("text_file", "chunks")}
            with open(path / entry["text_file"], encoding="utf-8", newline="") as f:
                documents[entry["doc"]] = Document(text=f.read(), **fields)
        ids, chunks = [], []
        with open(path / "chunks.jsonl", encoding="utf-8") as f:
            if gid is not None and json.loads(f.readline()).get("build") != gid:
                raise IndexCorrupt(f"the index at {path} mixes two builds (chunks.jsonl); {REBUILD}")
            for line in f:
                row = json.loads(line)
                ids.append(row.pop("id"))
                chunks.append(Chunk(**row))
        matrix = np.load(path / "vectors.npy", mmap_mode="r")
        dense = vectors.load(path / "dense.faiss")
        bm25 = lexical.load(path / "bm25")
        sentences = spans = None
        if (path / "sentences.npy").exists():
            sentences, spans = np.load(path / "sentences.npy"), np.load(path / "sentence_spans.npy")
    except IndexCorrupt:
        raise
    except FileNotFoundError:
        raise
    except PermissionError:
        raise IndexCorrupt(f"cannot read the index at {path}: permission denied") from None
    except Exception as e:
        detail = str(e).splitlines()[0] if str(e) else ""
        raise IndexCorrupt(f"the index at {path} is unreadable ({type(e).__name__}: {detail}); {REBUILD}") from None
    dim = manifest.get("dim")
    if matrix.dtype != np.float32 or matrix.ndim != 2 or (dim is not None and matrix.shape[1] != dim) or dense.d != matrix.shape[1]:
        raise IndexCorrupt(f"the index at {path} has vectors of shape {matrix.shape} and type {matrix.dtype}, "
                           f"expected (n, {dim}) float32; {REBUILD}")
    n = len(chunks)
    lexical_n = bm25.scores["num_docs"] if n else 0  # bm25s needs one (empty) row to exist
    if not (n == manifest.get("chunks") == matrix.shape[0] == dense.ntotal == lexical_n == len(manifest["input_hashes"])):
        raise IndexCorrupt(f"the index at {path} is inconsistent (its parts disagree on the number of chunks); {REBUILD}")
    for c in chunks:
        doc = documents.get(c.doc)
        if doc is None or doc.text[c.start:c.end] != c.text:
            raise IndexCorrupt(f"the index at {path} is inconsistent (chunk of {c.doc} does not match its text); {REBUILD}")
    if sentences is not None and not _sentences_fit(sentences, spans, chunks, matrix.shape[1]):
        raise IndexCorrupt(f"the index at {path} is inconsistent (its sentence vectors do not match its chunks); {REBUILD}")
    return {"manifest": manifest, "documents": documents, "chunks": chunks, "ids": ids if gid is not None else None, "vectors": matrix,
            "dense": dense, "bm25": bm25, "sentences": sentences, "sentence_spans": spans}


def _check_parts(path: Path, manifest: dict, gid: str | None) -> None:
    """Every part the manifest names exists with the size it was written with."""
    if gid is None:
        missing = [f for f in ("chunks.jsonl", "vectors.npy", "dense.faiss", "bm25", "texts") if not (path / f).exists()]
        if missing:
            raise IndexCorrupt(f"the index at {path} is incomplete (missing {', '.join(missing)}); {REBUILD}")
        return
    missing, changed, root = [], [], str(path)
    for name, size in manifest.get("parts", {}).items():
        try:
            if os.stat(os.path.join(root, name)).st_size != size:
                changed.append(name)
        except FileNotFoundError:
            missing.append(name)
    if missing:
        raise IndexCorrupt(f"the index at {path} is incomplete (missing {', '.join(missing[:3])}); {REBUILD}")
    if changed:
        raise IndexCorrupt(f"the index at {path} is inconsistent ({', '.join(changed[:3])} is not the file build {gid} wrote); {REBUILD}")


def _sentences_fit(sentences, spans, chunks, dim) -> bool:
    """Sentence vectors and spans agree with each other and lie inside their chunks."""
    m = len(spans)
    ok = spans.ndim == 2 and spans.shape[1] == 3 and sentences.ndim == 2 and sentences.shape[0] == m \
        and (m == 0 or sentences.shape[1] == dim)
    if ok and m:
        rows = spans[:, 0]
        ok = bool(np.all(np.diff(rows) >= 0) and rows[0] >= 0 and rows[-1] < len(chunks))
        if ok:
            starts = np.array([c.start for c in chunks])[rows]
            ends = np.array([c.end for c in chunks])[rows]
            ok = bool(np.all((starts <= spans[:, 1]) & (spans[:, 1] < spans[:, 2]) & (spans[:, 2] <= ends)))
    return ok
