"""Claim checking on SciFact (809 labelled train claims over 5,183 abstracts),
and claim latency on the seed claims.

    python benchmarks/scifact_claims.py [--cache ~/.cache/qa-bench] [-k 5] [--limit N]
    python benchmarks/scifact_claims.py --build-only      # just (re)build the index
    python benchmarks/scifact_claims.py --seeds-only      # just the seeds: calibration and latency
    python benchmarks/scifact_claims.py --index DIR       # reuse a qa index of the same files (<id>.txt)
    python benchmarks/scifact_claims.py --dump A.pkl --limit 405; ... --dump B.pkl --offset 405
    python benchmarks/scifact_claims.py --replay A.pkl B.pkl   # judge the saved candidates again (tuning)

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
import json
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))

GOLD = ("SUPPORT", "CONTRADICT", "NOT_ENOUGH_INFO")
PRED = ("supported", "contradicted", "unsettled", "not_found", "partly_supported")
# main before issue 10 (README): 809 claims, 55.9% agreement, contradicted said 145 times and right 54 times
BASELINE = {"accuracy": 0.559, "precision supported": 229 / 401, "precision contradicted": 54 / 145,
            "macro-F1": 0.523, "strict macro-F1": 0.523}


def read_jsonl(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


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


def gold_label(claim: dict) -> str:
    labels = {e["label"] for ev in claim["evidence"].values() for e in ev}
    if not labels:
        return "NOT_ENOUGH_INFO"
    return "SUPPORT" if labels == {"SUPPORT"} else ("CONTRADICT" if labels == {"CONTRADICT"} else "MIXED")


def metrics(matrix: Counter) -> dict:
    """Precision of supported and contradicted, and macro-F1 over supported /
    contradicted / not found, with ``unsettled`` counted as not found (SciFact's
    NOT_ENOUGH_INFO means "related, not settled") and, stricter, as wrong."""
    out = {}
    for name, nei in (("", ("not_found", "unsettled")), ("strict ", ("not_found",))):
        f1s = []
        for g, preds in (("SUPPORT", ("supported",)), ("CONTRADICT", ("contradicted",)), ("NOT_ENOUGH_INFO", nei)):
            tp = sum(matrix[g, p] for p in preds)
            said = sum(matrix[x, p] for x in GOLD + ("MIXED",) for p in preds)
            gold = sum(matrix[g, p] for p in PRED)
            prec, rec = tp / max(1, said), tp / max(1, gold)
            f1s.append(2 * prec * rec / max(1e-9, prec + rec))
            if not name and g != "NOT_ENOUGH_INFO":
                out[f"precision {preds[0]}"] = (prec, tp, said)
        out[f"{name}macro-F1"] = sum(f1s) / 3
    return out


def print_matrix(matrix: Counter, n: int) -> None:
    print("\nconfusion matrix (rows gold, columns predicted):")
    print(f"{'':17s}" + "".join(f"{p:>18s}" for p in PRED) + f"{'total':>8s}")
    for g in GOLD + ("MIXED",):
        row = [matrix[g, p] for p in PRED]
        if g == "MIXED" and not sum(row):
            continue
        print(f"{g:17s}" + "".join(f"{x:18d}" for x in row) + f"{sum(row):8d}")
    agree = matrix["SUPPORT", "supported"] + matrix["CONTRADICT", "contradicted"] + matrix["NOT_ENOUGH_INFO", "not_found"]
    agree_u = agree + matrix["NOT_ENOUGH_INFO", "unsettled"]
    print(f"\nexact verdict agreement: {agree}/{n} = {agree / n:.1%} (unsettled as not found: {agree_u / n:.1%};"
          f" baseline {BASELINE['accuracy']:.1%})")
    m = metrics(matrix)
    for key, value in m.items():
        base = BASELINE.get(key)
        shown = f"{value[0]:.3f} ({value[1]}/{value[2]})" if isinstance(value, tuple) else f"{value:.3f}"
        print(f"{key}: {shown}" + (f"   baseline {base:.3f}" if base is not None else ""))


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


def replay(paths: list[Path], embedder) -> None:
    """Judge the candidates saved by --dump again (tuning the rules without the index)."""
    import pickle

    from qa.check.judge import RuleJudge

    judge, matrix, n = RuleJudge(embedder), Counter(), 0
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
                n += 1
    print(f"replayed {n} claims from {', '.join(map(str, paths))}")
    print_matrix(matrix, n)


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
    args = ap.parse_args()
    if args.threads:
        import torch

        torch.set_num_threads(args.threads)
    if not (SHARED / "bench/scifact/corpus.jsonl").exists():
        sys.exit(f"{SHARED / 'bench/scifact'} is absent (the shared folder sits beside the project)")
    if args.replay:
        from qa.encode.embedding import load_embedder

        replay(args.replay, load_embedder("all-MiniLM-L6-v2"))
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
