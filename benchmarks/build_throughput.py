"""Index build throughput on SciFact abstracts, beside the bare model in the same run.

    .venv/bin/python benchmarks/build_throughput.py [--docs 500] [--backend onnx|torch] [--model all-MiniLM-L6-v2]

Each side runs in its own fresh process (so each peak RSS is its own):
  1. bare:  the model alone (the ONNX encoder, or SentenceTransformer.encode)
            on exactly the texts the index embeds (each chunk's title/section
            keys + text), in one call, batch 32 -- the floor;
  2. build: qa's build_index from scratch: read, chunk, count word pieces,
            embed, BM25, FAISS, write the folder;
  3. the same build with random vectors instead of the model: the part of
     the build that is not the model (reading, chunking, BM25, FAISS, writing).
Model loading is timed apart and left out of both rates. The build's
overhead over the model is (build seconds - bare seconds) / bare seconds.
--docs 0 takes all 5,183 abstracts (slow on 2 cores: several minutes a side).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
SCIFACT = ROOT.parent / "shared" / "bench" / "scifact"
sys.path.insert(0, str(ROOT))


def child_build(docs: str, out: str, model: str) -> dict:
    t0 = time.perf_counter()
    from qa.encode.embedding import load_embedder
    from qa.store.index import build_index

    embedder = load_embedder(model)
    embedder.encode(["warm up"])
    load = time.perf_counter() - t0
    report = build_index([Path(docs)], Path(out), embedder)
    return {"load_s": load, "work_s": report.seconds, "chunks": report.chunks, "documents": report.documents}


class NoModel:
    """Everything but the model: real word-piece counting, random vectors."""

    def __init__(self, model: str):
        from qa.encode.embedding import WordPieceCounter, model_dir

        self.name, self.backend, self.dim = f"{model}-no-model", "none", 384
        self.count_tokens = WordPieceCounter(model_dir(model))
        self.rng = np.random.default_rng(0)

    def encode(self, texts):
        x = self.rng.standard_normal((len(texts), self.dim)).astype(np.float32)
        return x / np.linalg.norm(x, axis=1, keepdims=True)


def child_nomodel(docs: str, out: str, model: str) -> dict:
    from qa.store.index import build_index

    t0 = time.perf_counter()
    embedder = NoModel(model)
    load = time.perf_counter() - t0
    report = build_index([Path(docs)], Path(out), embedder)
    return {"load_s": load, "work_s": report.seconds, "chunks": report.chunks, "documents": report.documents}


def child_bare(texts_file: str, model: str) -> dict:
    t0 = time.perf_counter()
    from qa.encode.embedding import load_embedder

    embedder = load_embedder(model)
    embedder.encode(["warm up"])
    load = time.perf_counter() - t0
    texts = json.loads(Path(texts_file).read_text(encoding="utf-8"))
    t1 = time.perf_counter()
    if hasattr(embedder, "encoder"):  # ONNX
        embedder.encoder.encode(texts, batch_size=32)
    else:
        embedder.model.encode(texts, batch_size=32, normalize_embeddings=True, convert_to_numpy=True)
    return {"load_s": load, "work_s": time.perf_counter() - t1, "chunks": len(texts)}


def run_child(*args: str) -> dict:
    """Run this script as a child; its JSON result plus its own peak RSS (MB).
    (This process stays small, so the child's peak is the child's own.)"""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        p = subprocess.Popen([sys.executable, __file__, "--child", *args], stdout=out, stderr=err, text=True)
        _, status, usage = os.wait4(p.pid, 0)
        out.seek(0), err.seek(0)
        if status:
            raise SystemExit(f"child {args[0]} failed: {err.read().strip()[-500:]}")
        return {**json.loads(out.read().strip().splitlines()[-1]), "peak_mb": usage.ru_maxrss / 1024}


def embed_inputs(index_dir: Path, model: str) -> list[str]:
    """What build_index gave the model, chunk by chunk."""
    from qa.encode.embedding import WordPieceCounter, model_dir
    from qa.store.index import embed_input, load_index

    index = load_index(index_dir)
    folder = model_dir(model)
    count = WordPieceCounter(folder) if folder and (folder / "tokenizer.json").exists() else None
    return [embed_input(c, index.documents[c.doc].title, count) for c in index.chunks]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=500, help="first N SciFact abstracts (0: all)")
    ap.add_argument("--model", default="all-MiniLM-L6-v2")
    ap.add_argument("--backend", choices=["onnx", "torch"], default=os.environ.get("QA_BACKEND", "onnx"))
    ap.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = ap.parse_args()
    os.environ["QA_BACKEND"] = args.backend  # children load the same backend
    if args.child:
        kind, *rest = args.child
        fn = {"build": child_build, "bare": child_bare, "nomodel": child_nomodel}[kind]
        print(json.dumps(fn(*rest, args.model)))
        return

    from qa.evaluate import load_beir, write_corpus

    beir = load_beir(SCIFACT, "train")
    ids = list(beir.corpus)[: args.docs or None]
    with tempfile.TemporaryDirectory() as tmp:
        docs, out, texts = Path(tmp) / "docs", Path(tmp) / "index", Path(tmp) / "texts.json"
        write_corpus({i: beir.corpus[i] for i in ids}, docs)
        build = run_child("build", str(docs), str(out))
        texts.write_text(json.dumps(embed_inputs(out, args.model)), encoding="utf-8")
        bare = run_child("bare", str(texts))
        nomodel = run_child("nomodel", str(docs), str(Path(tmp) / "index-no-model"))
    n = build["chunks"]
    print(f"SciFact: {build['documents']} abstracts -> {n} chunks, model {args.model} ({args.backend}), {os.cpu_count()} cores (shared: figures are noisy)")
    print(f"  {'':30s}{'seconds':>9s}{'chunks/s':>10s}{'docs/s':>8s}{'model load':>12s}{'peak RSS':>10s}")
    for name, r in (("bare encode (floor)", bare), ("qa build_index", build), ("  of which not the model", nomodel)):
        print(f"  {name:30s}{r['work_s']:9.1f}{n / r['work_s']:10.1f}{len(ids) / r['work_s']:8.1f}"
              f"{r['load_s']:11.1f}s{r['peak_mb']:8.0f} MB")
    print(f"  overhead of build_index over the model: {100 * (build['work_s'] - bare['work_s']) / bare['work_s']:+.0f}%")


if __name__ == "__main__":
    main()
