"""Claim checks over the seed documents (``benchmarks/scifact_claims.py
--seeds-only``): each seed claim's verdict and settling document, the
relatedness of the best sentence for the seed claims and for
tests/data/claims_not_found.txt against RELATED_THRESHOLD (calibration), the
median latency of 50 checks in one process, and the time of a 50-sentence
draft.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))

from benchmarks.claims_scoring import read_jsonl  # noqa: E402


def run_seeds_latency(rounds: int = 50) -> None:
    import tempfile

    from qa.check.claims import check_claim, check_draft
    from qa.encode.embedding import load_embedder
    from qa.store.index import build_index, load_index

    embedder = load_embedder("all-MiniLM-L6-v2")
    claims = read_jsonl(SHARED / "eval/seeds_claims.jsonl")
    with tempfile.TemporaryDirectory() as tmp:
        build_index([ROOT / "seeds"], Path(tmp) / "index", embedder)
        index = load_index(Path(tmp) / "index")
        right = 0
        for c in claims:
            r = check_claim(index, embedder, c["claim"])
            settled = r.documents[0]["doc"] if r.documents else None
            ok = r.verdict == c["verdict"] and settled == c["source"]
            right += ok
            print(f"  {'ok ' if ok else 'BAD'} {c['id']} expected {c['verdict']:12s} got {r.verdict:12s} {settled}")
        print(f"seeds claims right (verdict and settling document): {right}/{len(claims)}")
        calibrate(index, embedder, claims)
        times, cpu = [], []
        for i in range(rounds):
            c = claims[i % len(claims)]["claim"]
            t0, c0 = time.perf_counter(), time.process_time()
            check_claim(index, embedder, c)
            times.append(time.perf_counter() - t0)
            cpu.append(time.process_time() - c0)
        written = read_jsonl(ROOT / "tests/data/seeds_claims_written.jsonl")
        draft = " ".join(c["claim"] for c in ((claims + written) * 2)[:50])
        t0, c0 = time.perf_counter(), time.process_time()
        sentences = len(check_draft(index, embedder, draft))
        draft_wall, draft_cpu = time.perf_counter() - t0, time.process_time() - c0
    print(f"seeds claim latency over {rounds} checks in one process: median {statistics.median(times) * 1000:.0f} ms, "
          f"max {max(times) * 1000:.0f} ms; CPU median {statistics.median(cpu) * 1000:.0f} ms")
    print(f"a draft of {sentences} sentences over the seeds: {draft_wall:.1f} s ({draft_cpu:.1f} s CPU); target under 3 s")


def calibrate(index, embedder, claims) -> None:
    """Relatedness of the best sentence per claim: seeds (by verdict) and the
    hand-written not-found claims, against the threshold."""
    from qa.check.claims import RELATED_THRESHOLD, check_claim

    path = ROOT / "tests/data/claims_not_found.txt"
    extra = [l for l in path.read_text(encoding="utf-8").splitlines() if l.strip() and not l.startswith("#")]
    rows = [(c["verdict"], c["claim"]) for c in claims] + [("not_found", c) for c in extra]
    print(f"\ncalibration (threshold {RELATED_THRESHOLD}): best relatedness, expected -> got")
    right = 0
    for expected, claim in sorted(rows):
        r = check_claim(index, embedder, claim)
        right += r.verdict == expected
        print(f"  {r.score:.3f}  {expected:12s} -> {r.verdict:12s} {claim[:80]}")
    print(f"  {right}/{len(rows)} verdicts right")
