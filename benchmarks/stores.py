"""The local store against Qdrant's local mode, and the Ray build against the
single-process build, on the same SciFact abstracts.

    nice -n 10 .venv/bin/python benchmarks/stores.py                 # 5,000 abstracts, 200 queries, Ray on 200
    nice -n 10 .venv/bin/python benchmarks/stores.py --docs 1000 --ray-docs 0

1. The abstracts are built once into the local store (read, chunk as the
   real model counts word pieces, vectors of its dimension from the hash
   embedder: see StoreBenchEmbedder; cached under ~/.cache/qa-bench/stores/).
2. The same documents, chunks, vectors, sentences and terms, read back from
   it, are written into a fresh local store and into a Qdrant store in
   ``path=`` mode (batches of WRITE_DOCS documents): the store's own build time.
3. Each store is opened in a fresh process: memory it adds (RSS), then per
   query one dense and one BM25 top-50 search at the store (what a hybrid
   search asks of it), p50 and p95 over the queries. Printed side by side.
   Then qa's own hybrid search (``qa.retrieve.search``, k=20, as ``ask``
   takes its candidates) through the store protocol, hits by chunk id, p50
   and the memory after it; beside it, the same search through a row view of
   the collection (``qa.store.open.row_view``: every chunk and vector loaded,
   BM25 scored over every chunk: how search read a Qdrant collection before
   chunk-id hits), its load time, memory and p50.
4. ``--ray-docs N``: N abstracts built by the single-process build and by
   ``--workers ray`` (local Ray, 2 workers): overhead, and from the per-batch
   times the throughput of one worker and so the speed-up per added worker.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.stores_data import (CACHE, SCIFACT, WRITE_DOCS, StoreBenchEmbedder, corpus_folder,  # noqa: E402
                                    reference_build, write_store, writes_of)


def rss_mb() -> float:
    with open("/proc/self/status") as f:
        return next(int(line.split()[1]) for line in f if line.startswith("VmRSS")) / 1024


def measure(location: str, queries: int) -> dict:
    """In a fresh process: open time, RSS added, p50/p95 of dense + BM25 top-50 at the store."""
    import numpy as np

    from qa.store import lexical
    from qa.store.open import open_store

    texts = [json.loads(line)["text"] for line in open(SCIFACT / "queries.jsonl", encoding="utf-8")][:queries]
    vecs = StoreBenchEmbedder().encode(texts)
    terms = lexical.tokenize(texts)
    base = rss_mb()
    t0 = time.perf_counter()
    col = open_store(location).open("default")
    col.dense_search(vecs[0], 50)
    col.lexical_search(terms[0], 50)
    opened = time.perf_counter() - t0
    times = []
    for v, t in zip(vecs, terms):
        s = time.perf_counter()
        col.dense_search(v, 50)
        col.lexical_search(t, 50)
        times.append(1000 * (time.perf_counter() - s))
    out = {"open_s": opened, "rss_mb": rss_mb() - base, "p50_ms": float(np.percentile(times, 50)),
           "p95_ms": float(np.percentile(times, 95)), "chunks": len(col.chunk_ids())}
    from qa.retrieve.search import search
    from qa.store.open import row_view

    def qa_search(target) -> float:
        times = []
        for v, text in zip(vecs, texts):
            s = time.perf_counter()
            search(target, v, text, k=20)
            times.append(1000 * (time.perf_counter() - s))
        return float(np.percentile(times, 50))

    out["search_p50_ms"] = qa_search(col)
    out["search_rss_mb"] = rss_mb() - base
    t0 = time.perf_counter()
    view = row_view(col)
    out["view_load_s"] = time.perf_counter() - t0
    out["view_p50_ms"] = qa_search(view)
    out["view_rss_mb"] = rss_mb() - base
    return out


def in_child(location: str, queries: int) -> dict:
    code = f"import json, benchmarks.stores as b; print(json.dumps(b.measure({location!r}, {queries})))"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True,
                         env={**os.environ, "PYTHONPATH": str(ROOT)})
    return json.loads(out.stdout.strip().splitlines()[-1])


def du_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in Path(path).rglob("*") if p.is_file()) / 2**20


def ray_vs_single(n: int, workers: int = 2) -> dict:
    """Single-process build and Ray build of the first ``n`` abstracts (local store each)."""
    from qa.encode.embedding import load_embedder
    from qa.store.build import build
    from qa.store.local import LocalStore
    from qa.store.ray_build import build_ray

    docs = corpus_folder(n)
    emb = load_embedder()
    out_dir = CACHE / "ray-run"
    shutil.rmtree(out_dir, ignore_errors=True)
    t0 = time.perf_counter()
    single = build([docs], LocalStore(out_dir / "single"), "default", emb)
    single_s = time.perf_counter() - t0
    timings: list = []
    t0 = time.perf_counter()
    ray = build_ray([docs], LocalStore(out_dir / "ray"), "default", emb, workers=workers, timings=timings)
    ray_s = time.perf_counter() - t0
    shutil.rmtree(out_dir, ignore_errors=True)
    busy = sum(t.seconds for t in timings)
    per_worker = sum(t.chunks for t in timings) / busy if busy else 0.0
    return {"docs": n, "chunks": single.chunks, "single_s": single_s, "ray_s": ray_s, "workers": workers,
            "batches": len(timings), "embed_busy_s": busy, "chunks_per_s_per_worker": per_worker,
            "single_chunks_per_s": single.chunks / single_s, "sentences": ray.sentences}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=5000, help="SciFact abstracts in both stores (default 5000; 0: skip)")
    ap.add_argument("--queries", type=int, default=200, help="SciFact queries timed (default 200)")
    ap.add_argument("--ray-docs", type=int, default=200, help="abstracts for the Ray comparison, real model (0: skip)")
    args = ap.parse_args(argv)
    if args.docs:
        compare_stores(args.docs, args.queries)
    if args.ray_docs:
        compare_builds(args.ray_docs)
    return 0


def compare_stores(docs: int, queries: int) -> None:
    from qa.store.local import LocalStore

    path, built_s = reference_build(docs)
    ref = LocalStore(path).open("default")
    t0 = time.perf_counter()
    writes = writes_of(ref)
    print(f"{docs} abstracts: {sum(len(w.chunks) for w in writes)} chunks, "
          f"{sum(len(w.sentences) for w in writes)} sentences; read back in {time.perf_counter() - t0:.1f} s"
          + (f"; read, chunked, hash-embedded and written to the local store in {built_s:.0f} s" if built_s else " (built earlier, cached)"))
    rows = {}
    for kind, location in (("local", CACHE / "bench-local"), ("qdrant path", CACHE / "bench-qdrant")):
        secs = write_store("local" if kind == "local" else "qdrant", writes, ref.manifest, location)
        target = str(location) if kind == "local" else f"qdrant+path:{location}"
        rows[kind] = {"write_s": secs, "disk_mb": du_mb(location), **in_child(target, queries)}
    print(f"\n{'store':<12} {'write s':>8} {'disk MB':>8} {'open s':>7} {'RSS MB':>7} {'p50 ms':>7} {'p95 ms':>7}  chunks")
    for kind, r in rows.items():
        print(f"{kind:<12} {r['write_s']:>8.1f} {r['disk_mb']:>8.1f} {r['open_s']:>7.2f} {r['rss_mb']:>7.0f} "
              f"{r['p50_ms']:>7.2f} {r['p95_ms']:>7.2f}  {r['chunks']}")
    print("(query: one dense and one BM25 top-50 search at the store, as a hybrid search asks; write: the store's own "
          f"share of a build, the same documents and vectors, Qdrant in batches of {WRITE_DOCS} documents)")
    print(f"\n{'store':<12} {'qa search p50 ms':>17} {'RSS MB':>7} | {'row view: load s':>16} {'RSS MB':>7} {'search p50 ms':>14}")
    for kind, r in rows.items():
        print(f"{kind:<12} {r['search_p50_ms']:>17.2f} {r['search_rss_mb']:>7.0f} | {r['view_load_s']:>16.2f} "
              f"{r['view_rss_mb']:>7.0f} {r['view_p50_ms']:>14.2f}")
    print("(qa search: hybrid, k=20, fusion and best sentence, hits by chunk id through the store protocol; row view: "
          "the same search over every chunk loaded, as search read a collection before; RSS: added since the store was opened)")


def compare_builds(docs: int) -> None:
    r = ray_vs_single(docs)
    print(f"\nRay build vs single-process build, {r['docs']} abstracts ({r['chunks']} chunks, {r['sentences']} sentences), same machine:")
    print(f"  single process: {r['single_s']:.1f} s; Ray ({r['workers']} workers, local): {r['ray_s']:.1f} s; "
          f"overhead {r['ray_s'] - r['single_s']:+.1f} s")
    print(f"  per-batch times: {r['batches']} batches, {r['embed_busy_s']:.1f} s embedding in all, "
          f"{r['chunks_per_s_per_worker']:.1f} chunks (with their sentences) a second per worker; "
          f"single process end to end: {r['single_chunks_per_s']:.1f} chunks a second")
    print(f"  so each added worker on an idle core of its own adds about {r['chunks_per_s_per_worker']:.1f} chunks a second "
          f"({3600 * r['chunks_per_s_per_worker']:,.0f} an hour); here the workers shared this machine's cores "
          f"(load average {os.getloadavg()[0]:.0f}), so these rates are lower bounds")


if __name__ == "__main__":
    raise SystemExit(main())
