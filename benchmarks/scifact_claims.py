"""Claim checking on SciFact (809 labelled train claims over 5,183 abstracts),
and claim latency on the seed claims.

    python benchmarks/scifact_claims.py [--cache ~/.cache/qa-bench] [-k 5] [--limit N]
    python benchmarks/scifact_claims.py --build-only      # just (re)build the index
    python benchmarks/scifact_claims.py --seeds-only      # just the seeds: calibration and latency
    python benchmarks/scifact_claims.py --index DIR       # reuse a qa index of the same files (<id>.txt)
    python benchmarks/scifact_claims.py --dump A.pkl --limit 405; ... --dump B.pkl --offset 405
    python benchmarks/scifact_claims.py --replay A.pkl B.pkl   # judge the saved candidates again (tuning)
    python benchmarks/scifact_claims.py --replay A.pkl --halves 5   # ... and the figures on 5 random splits in halves

Each abstract becomes one .txt file (title on the first line) under
CACHE/scifact-docs/, indexed once into CACHE/scifact-index/ with the real
model and reused afterwards. Nothing is written inside the project.

Prints:
- found rate: the share of claims whose cited abstract (``cited_doc_ids``) is
  among the top-k passages ``check_claim`` retrieves (``closest``), and among the
  documents it reports as supporting or contradicting (``documents``);
- the verdict confusion matrix: gold SUPPORT / CONTRADICT / NOT_ENOUGH_INFO
  (empty ``evidence``) by predicted supported / contradicted / unsettled /
  not_found / partly_supported; the precision of supported and of contradicted,
  and macro-F1 over supported / contradicted / not found (unsettled counted as
  not found: SciFact's NOT_ENOUGH_INFO is "related, not settled"; and strictly,
  as wrong), each beside main's figures before issue 10;
- claim latency (median, p90) and CPU per claim (p50, p90, after the first) over
  SciFact; the median of 50 seed-claim checks in one process over the seeds
  index, and the time of a 50-sentence draft;
- for calibration (``--seeds-only``): the relatedness of the best sentence for
  the seed claims and for tests/data/claims_not_found.txt, against
  RELATED_THRESHOLD in qa/check/judge.py.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))

from benchmarks.claims_scoring import gold_label, print_matrix, read_jsonl  # noqa: E402
from benchmarks.claims_seeds import run_seeds_latency  # noqa: E402


def write_docs(corpus: Path, folder: Path) -> int:
    """One file per abstract, ``<id>.txt``, title on the first line."""
    folder.mkdir(parents=True, exist_ok=True)
    n = 0
    for row in read_jsonl(corpus):
        path = folder / f"{row['_id']}.txt"
        text = f"{row['title'].strip()}\n\n{row['text'].strip()}\n"
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
        n += 1
    return n


def ensure_index(cache: Path, embedder, existing: Path | None = None):
    from qa.errors import QAError
    from qa.store.index import build_index, load_index

    if existing:
        return load_index(existing)
    docs, out = cache / "scifact-docs", cache / "scifact-index"
    try:
        return load_index(out)
    except QAError:
        pass
    n = write_docs(SHARED / "bench/scifact/corpus.jsonl", docs)
    print(f"indexing {n} abstracts into {out} (once; several minutes on 2 cores)", flush=True)
    last = [0.0]

    def progress(done, total, message):
        if time.time() - last[0] > 30:
            last[0] = time.time()
            print(f"  {message}: {done}/{total}", flush=True)

    report = build_index([docs], out, embedder, progress=progress)
    print(f"indexed {report.documents} documents, {report.chunks} chunks in {report.seconds:.0f} s", flush=True)
    return load_index(out)


def run_scifact(index, embedder, k: int, limit: int | None, dump: Path | None = None, offset: int = 0) -> None:
    import pickle

    from qa.check.claims import PASSAGES, ClaimResult, check_claim, gather, split_parts
    from qa.check.judge import RuleJudge
    from qa.errors import QAError
    from qa.retrieve.search import search

    claims = read_jsonl(SHARED / "bench/scifact/claims_train.jsonl")[offset:]
    claims = claims[:limit]
    matrix: Counter = Counter()
    found = reported = found_with_evidence = with_evidence = 0
    latencies, cpu, base_cpu = [], [], []
    out = open(dump, "wb") if dump else None
    judge = RuleJudge(embedder)
    for i, c in enumerate(claims, 1):
        t0, c0 = time.perf_counter(), time.process_time()
        if out:  # the same path as check_claim, keeping each part's candidates for --replay
            parts = [(p, *gather(index, embedder, p, None, k)) for p in split_parts(c["claim"])]
            result = judged(parts, judge)
            pickle.dump({"claim": c, "parts": parts}, out)
        else:
            try:
                result = check_claim(index, embedder, c["claim"], k=k)
            except QAError as e:  # not a claim (a question, a word): counted as not found
                print(f"  claim {c['id']}: {e}", file=sys.stderr)
                result = ClaimResult(c["claim"], "not_found")
        latencies.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
        c0 = time.process_time()   # the same-run baseline: retrieval alone (encode the claim, hybrid search)
        search(index, embedder.encode([c["claim"]])[0], c["claim"], k=max(k, PASSAGES))
        base_cpu.append(time.process_time() - c0)
        cited = {f"{d}.txt" for d in c["cited_doc_ids"]}
        hit = bool({p.doc for p in result.closest} & cited)
        found += hit
        reported += bool({d["doc"] for d in result.documents if d["relation"] != "related"} & cited)
        gold = gold_label(c)
        if gold != "NOT_ENOUGH_INFO":
            with_evidence += 1
            found_with_evidence += hit
        matrix[gold, result.verdict] += 1
        if i % 100 == 0:
            print(f"  {i}/{len(claims)} claims", file=sys.stderr, flush=True)
    n = len(claims)
    print(f"\nSciFact train claims: {n} (k={k})")
    print(f"cited abstract among the top-{k} passages found: {found}/{n} = {found / n:.1%}"
          f"  (claims with labelled evidence: {found_with_evidence}/{with_evidence} = {found_with_evidence / max(1, with_evidence):.1%})")
    print(f"cited abstract among the documents reported as supporting/contradicting: {reported}/{n} = {reported / n:.1%}")
    print_matrix(matrix, n)
    lat, cp = sorted(latencies), sorted(cpu[1:] or cpu)
    print(f"latency per claim: median {statistics.median(lat) * 1000:.0f} ms, p90 {lat[int(0.9 * (n - 1))] * 1000:.0f} ms; "
          f"CPU per claim after the first: p50 {statistics.median(cp) * 1000:.0f} ms, p90 {cp[int(0.9 * (len(cp) - 1))] * 1000:.0f} ms"
          f"; same-run baseline, retrieval alone (encode + search): p50 {statistics.median(base_cpu[1:] or base_cpu) * 1000:.0f} ms")
    print(f"index has stored sentence vectors: {getattr(index, 'sentences', None) is not None}")


def judged(parts: list, judge):
    """One claim's result from its parts' candidates, as ``check_claim`` combines them."""
    from qa.check.claims import ClaimResult, combine, judge_part

    results = [judge_part(p, cands, closest, judge) for p, cands, closest in parts]
    if len(results) == 1:
        return results[0]
    return ClaimResult("", combine([r.verdict for r in results]), [d for r in results for d in r.documents],
                       closest=results[0].closest)


def replay(paths: list[Path], embedder, halves: int = 0) -> None:
    """Judge the candidates saved by --dump again (tuning the rules without the index)."""
    import pickle

    from qa.check.judge import RuleJudge

    judge, matrix, n, rows = RuleJudge(embedder), Counter(), 0, []
    for path in paths:
        with open(path, "rb") as f:
            while True:
                try:
                    row = pickle.load(f)
                except (EOFError, pickle.UnpicklingError):
                    break
                c = row["claim"]
                result = judged(row["parts"], judge)
                matrix[gold_label(c), result.verdict] += 1
                rows.append((gold_label(c), result.verdict))
                n += 1
    print(f"replayed {n} claims from {', '.join(map(str, paths))}")
    print_matrix(matrix, n)
    print_halves(rows, halves)


def print_halves(rows: list, halves: int) -> None:
    """The precision of supported / contradicted and macro-F1 on random halves of
    the claims (seeds 0..halves-1, both halves of each), so a change is not read from noise."""
    import random

    from benchmarks.claims_scoring import metrics

    for seed in range(halves):
        order = list(range(len(rows)))
        random.Random(seed).shuffle(order)
        for half in (order[:len(order) // 2], order[len(order) // 2:]):
            m = metrics(Counter(rows[i] for i in half))
            (ps, ts, ss), (pc, tc, sc) = m["precision supported"], m["precision contradicted"]
            print(f"  half (seed {seed}): precision supported {ps:.3f} ({ts}/{ss}), contradicted {pc:.3f} ({tc}/{sc}), "
                  f"macro-F1 {m['macro-F1']:.3f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cache", type=Path, default=Path.home() / ".cache/qa-bench")
    ap.add_argument("-k", type=int, default=5)
    ap.add_argument("--limit", type=int, default=None, help="only the first N claims")
    ap.add_argument("--offset", type=int, default=0, help="skip the first N claims (with --dump, to split a run)")
    ap.add_argument("--index", type=Path, default=None, help="an existing qa index of the same abstracts (<id>.txt)")
    ap.add_argument("--threads", type=int, default=None,
                    help="torch threads (default: torch's own); 1 is much faster when other processes share the CPU")
    ap.add_argument("--build-only", action="store_true")
    ap.add_argument("--seeds-only", action="store_true")
    ap.add_argument("--dump", type=Path, default=None, help="save each claim's candidate sentences here (for --replay)")
    ap.add_argument("--replay", type=Path, nargs="+", default=None, help="judge the candidates saved by --dump again, no index needed")
    ap.add_argument("--halves", type=int, default=0, help="with --replay: also the figures on N random splits in halves")
    args = ap.parse_args()
    if args.threads:
        import torch

        torch.set_num_threads(args.threads)
    if not (SHARED / "bench/scifact/corpus.jsonl").exists():
        sys.exit(f"{SHARED / 'bench/scifact'} is absent (the shared folder sits beside the project)")
    if args.replay:
        from qa.encode.embedding import load_embedder

        replay(args.replay, load_embedder("all-MiniLM-L6-v2"), args.halves)
        return
    if not args.seeds_only:
        from qa.encode.embedding import load_embedder

        embedder = load_embedder("all-MiniLM-L6-v2")
        index = ensure_index(args.cache.expanduser(), embedder, args.index)
        if args.build_only:
            return
        run_scifact(index, embedder, args.k, args.limit, args.dump, args.offset)
    print()
    run_seeds_latency()


if __name__ == "__main__":
    main()
