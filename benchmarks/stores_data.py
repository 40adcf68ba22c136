"""The data the store benchmark (benchmarks/stores.py) measures on: the first
``n`` SciFact abstracts as text files, an embedder that chunks as the real
model does but gives hash vectors of its dimension (``StoreBenchEmbedder``),
the reference local store built from them (cached under
~/.cache/qa-bench/stores/), its documents read back as the ``DocumentWrite``s
that would store them again, and those written into a fresh local or Qdrant
store.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SCIFACT = ROOT.parent / "shared" / "bench" / "scifact"
CACHE = Path(os.environ.get("QA_BENCH_CACHE", Path.home() / ".cache" / "qa-bench")) / "stores"
WRITE_DOCS = 256


def corpus_folder(n: int) -> Path:
    """The first ``n`` SciFact abstracts as text files (cached)."""
    from qa.evaluate import write_corpus

    folder = CACHE / f"scifact-{n}" / "docs"
    if not folder.exists():
        corpus = {}
        with open(SCIFACT / "corpus.jsonl", encoding="utf-8") as f:
            for line in f:
                d = json.loads(line)
                corpus[d["_id"]] = (d.get("title", ""), d["text"])
                if len(corpus) == n:
                    break
        tmp = folder.with_name("docs.tmp")
        shutil.rmtree(tmp, ignore_errors=True)
        write_corpus(corpus, tmp)
        tmp.rename(folder)
    return folder


class StoreBenchEmbedder:
    """Chunks as the real model cuts them (its word pieces), vectors of its
    dimension from the hash embedder: what a store costs to write, hold and
    search does not depend on the vectors' values (both stores scan them
    exactly at this size), and encoding 5,000 abstracts and their 50,000
    sentences with the real model would take most of an hour on 2 shared
    cores. The real encoder's cost is measured in part 4."""

    backend = "hash"

    def __init__(self):
        from qa.encode.embedding import HashEmbedder, WordPieceCounter, model_dir

        self.hash = HashEmbedder(dim=384, name="hash-384-bench")
        self.name, self.dim = self.hash.name, self.hash.dim
        self.count_tokens = WordPieceCounter(model_dir("all-MiniLM-L6-v2"))

    def encode(self, texts, progress=False):
        return self.hash.encode(texts)


def reference_build(n: int) -> tuple[Path, float | None]:
    """The local store built from the abstracts (cached); its build seconds if built now."""
    from qa.store.build import build
    from qa.store.local import LocalStore

    path = CACHE / f"scifact-{n}" / "local"
    if (path / "default").exists():
        return path, None
    docs = corpus_folder(n)
    t0 = time.perf_counter()
    build([docs], LocalStore(path), "default", StoreBenchEmbedder())
    return path, time.perf_counter() - t0


def writes_of(col) -> list:
    """Every document of a collection as the DocumentWrite that would store it again."""
    from qa.store import lexical
    from qa.store.records import DocumentWrite
    from qa.store.build import keys

    out = []
    for name in col.documents():
        doc = col.document(name)
        ids = col.chunk_ids([name])
        stored = col.chunks(ids)
        sentences, svec = col.sentences(ids)
        terms = lexical.tokenize([f"{keys(s.chunk, doc.title)} {s.chunk.text}" for s in stored]) if stored else []
        out.append(DocumentWrite(doc, stored, col.vectors(ids), terms, sentences, svec))
    return out


def write_store(kind: str, writes: list, manifest, path: Path) -> float:
    """Seconds to write ``writes`` into a new store of ``kind`` at ``path``."""
    from qa.store.local import LocalStore
    from qa.store.qdrant import QdrantStore

    shutil.rmtree(path, ignore_errors=True)
    t0 = time.perf_counter()
    if kind == "local":
        LocalStore(path).create("default", manifest).write(writes)
    else:
        store = QdrantStore(f"qdrant+path:{path}")
        col = store.create("default", manifest)
        for b in range(0, len(writes), WRITE_DOCS):
            col = col.write(writes[b:b + WRITE_DOCS], final=b + WRITE_DOCS >= len(writes))
        store.close()
    return time.perf_counter() - t0
