"""SciFact: hybrid search's settings side by side, each beside today's, with
the rule a ranking change must pass to land (qa/retrieve/search.py).

    python benchmarks/scifact_fusion.py                                   # today's settings alone
    python benchmarks/scifact_fusion.py dense_weight=0.5,0.6,0.7 coverage_weight=0.2,0.3
    python benchmarks/scifact_fusion.py sentence_share=0.4,0.6 --split train

Every combination of the values given (keyword arguments of
``qa.retrieve.search.search``) is measured over the cached index that
``benchmarks/scifact_retrieval.py`` uses, the queries encoded once. Each line
gives nDCG@10, its change from today's settings, and that change on both halves
of five fixed random splits of the claims. The rule: a gain of at least 0.003
that wins on both halves of at least three splits (a peak that one half
carries is noise: single-query int8 encoding alone moves nDCG@10 by 0.002).
About 25 s a setting on 2 cores.
"""

from __future__ import annotations

import argparse
import itertools
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from qa.config import DEFAULT_MODEL  # noqa: E402
from qa.encode.embedding import load_embedder  # noqa: E402
from qa.evaluate import beir_run, cache_root, load_beir  # noqa: E402
from qa.store.index import load_index  # noqa: E402

SPLITS = 5
NEEDED_GAIN, NEEDED_SPLITS = 0.003, 3


def per_query_ndcg(qrels: dict, run: dict, qids: list[str]) -> np.ndarray:
    """nDCG@10 of each query of ``qids`` (0 where the run has none)."""
    import pytrec_eval

    run = {q: run.get(q) or {"\x00none": 0.0} for q in qids}
    got = pytrec_eval.RelevanceEvaluator({q: qrels[q] for q in qids}, {"ndcg_cut.10"}).evaluate(run)
    return np.array([got[q]["ndcg_cut_10"] for q in qids])


def halves(n: int, splits: int = SPLITS) -> list[np.ndarray]:
    """Fixed random halves of ``n`` queries: a boolean mask per split.

    >>> [int(m.sum()) for m in halves(9, 2)]
    [4, 4]
    """
    out = []
    for s in range(splits):
        mask = np.zeros(n, dtype=bool)
        mask[np.random.default_rng(100 + s).permutation(n)[: n // 2]] = True
        out.append(mask)
    return out


def verdict(delta: np.ndarray, masks: list[np.ndarray]) -> str:
    """The change's mean, per half, and whether it passes the rule.

    >>> verdict(np.array([0.01, 0.02, 0.0, 0.01]), halves(4, 3)).split()[-1]
    'passes'
    """
    parts = [(float(delta[m].mean()), float(delta[~m].mean())) for m in masks]
    wins = sum(a > 0 and b > 0 for a, b in parts)
    ok = delta.mean() >= NEEDED_GAIN and wins >= NEEDED_SPLITS
    return (f"{delta.mean():+.4f}  halves " + " ".join(f"{a:+.3f}/{b:+.3f}" for a, b in parts)
            + f"  both halves {wins}/{len(masks)}  " + ("passes" if ok else "fails"))


def parse(settings: list[str]) -> list[dict]:
    """``name=v1,v2`` arguments to every combination of their values.

    >>> parse(["dense_weight=0.5,0.6", "coverage_weight=0.3"])
    [{'dense_weight': 0.5, 'coverage_weight': 0.3}, {'dense_weight': 0.6, 'coverage_weight': 0.3}]
    """
    names, values = [], []
    for s in settings:
        name, _, vals = s.partition("=")
        if not vals:
            raise SystemExit(f"a setting is name=value[,value...], got {s!r}")
        names.append(name)
        values.append([float(v) for v in vals.split(",")])
    return [dict(zip(names, combo)) for combo in itertools.product(*values)]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("settings", nargs="*", help="search() keyword=value[,value...], e.g. dense_weight=0.5,0.7")
    ap.add_argument("--beir", type=Path, default=ROOT.parent / "shared" / "bench" / "scifact")
    ap.add_argument("--split", default="train")
    ap.add_argument("--index", type=Path, default=cache_root() / "scifact-index-sv")
    args = ap.parse_args()
    if not args.index.exists():
        sys.exit(f"{args.index} is missing: run benchmarks/scifact_retrieval.py first (it builds or finds the index)")
    beir = load_beir(args.beir, args.split)
    embedder = load_embedder(DEFAULT_MODEL)
    index = load_index(args.index)
    qids = [q for q in beir.queries if q in beir.qrels]
    vectors = embedder.encode([beir.queries[q] for q in qids])  # in batches, as scifact_retrieval.py does
    queries = {q: beir.queries[q] for q in qids}
    masks = halves(len(qids))
    today = per_query_ndcg(beir.qrels, beir_run(index, embedder, queries, "hybrid", vectors), qids)
    print(f"{beir.name} {args.split}: {len(qids)} queries; today's settings nDCG@10 {today.mean():.4f}")
    for kw in parse(args.settings):
        got = per_query_ndcg(beir.qrels, beir_run(index, embedder, queries, "hybrid", vectors, **kw), qids)
        name = " ".join(f"{k}={v:g}" for k, v in kw.items())
        print(f"{name:50s} {got.mean():.4f}  {verdict(got - today, masks)}", flush=True)


if __name__ == "__main__":
    main()
