"""Fit and cross-validate the support model (qa/check/support.py) on SciFact
train, and say why supported claims are missed.

    python benchmarks/scifact_claims.py --index DIR --dump ~/.cache/qa-bench/claims.pkl   # once: save candidates
    python benchmarks/scifact_claims_support.py ~/.cache/qa-bench/claims.pkl             # diagnose, cross-validate
    python benchmarks/scifact_claims_support.py ~/.cache/qa-bench/claims.pkl --write     # ... and store the fit

Every claim part is judged by the rules with the support model switched off;
the most related sentence eligible to support it (every fact stated, none
differing, the claim's polarity, a finding not a question) gives the model's
features, labelled 1 when the claim is gold SUPPORT and the sentence is from a
cited abstract. Prints:
- why gold SUPPORT claims end not found or unsettled: the furthest rule the best
  sentence of a cited abstract reaches;
- 5-fold cross-validation by claim (5 shuffles): the held-out confusion of the
  claim verdicts and macro-F1 (unsettled as not found), the threshold chosen on
  the training folds only (least probability whose training precision of
  "supported" is at least 0.8 + MARGIN); and the held-out curve over thresholds;
- ceilings: every gold SUPPORT claim supported where a sentence is eligible
  in every part (a perfect model under the rules), then also every gold
  CONTRADICT claim contradicted where a cited sentence states a differing fact
  (visible proof exists), and every gold SUPPORT claim supported where a cited
  abstract is retrieved at all (a perfect reader; contradictions as the rules give them).
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.claims_scoring import GOLD  # noqa: E402
from benchmarks.claims_support_rows import gather  # noqa: E402

MARGIN = 0.02   # the training precision asked above 0.8, so that held out it stays at 0.8
K, SHUFFLES = 5, 5


def verdicts(claims, probs, T: float) -> list[str]:
    """Claim verdicts: supported when every part's eligible sentence reaches T (a contradiction stays)."""
    out = []
    for c, ps in zip(claims, probs):
        ok = [p is not None and p >= T for p in ps]
        if c["base"] == "contradicted" or not any(ok):
            out.append("unsettled" if c["base"] == "supported" else c["base"])
        else:
            out.append("supported" if all(ok) else "partly_supported")
    return out


def scores(gold: list[str], pred: list[str]) -> dict:
    m = Counter(zip(gold, pred))
    f1s, out = [], {}
    for g, ps in (("SUPPORT", ("supported",)), ("CONTRADICT", ("contradicted",)), ("NOT_ENOUGH_INFO", ("not_found", "unsettled"))):
        tp = sum(m[g, q] for q in ps)
        said, total = sum(v for (x, q), v in m.items() if q in ps), sum(v for (x, q), v in m.items() if x == g)
        prec, rec = tp / max(1, said), tp / max(1, total)
        f1s.append(2 * prec * rec / max(1e-9, prec + rec))
        out[g] = (tp, said, total)
    return {"macro": sum(f1s) / 3, "f1": f1s, "counts": out, "matrix": m}


def design(claims, idx):
    from qa.check.support import FEATURES

    X, y = [], []
    for i in idx:
        for part in claims[i]["parts"]:
            if part:
                X.append([part[0][f] for f in FEATURES])
                y.append(float(claims[i]["gold"] == "SUPPORT" and part[1]))
    return np.array(X), np.array(y)


def probs_for(claims, idx, w, b):
    from qa.check.support import FEATURES, probability

    coef = dict(zip(FEATURES, w))
    return [[probability(p[0], coef, b) if p else None for p in claims[i]["parts"]] for i in idx]


def choose(claims, idx, probs, least: float) -> float:
    """The least threshold whose precision of "supported" over ``idx`` is at least ``least``."""
    gold = [claims[i]["gold"] for i in idx]
    sub = [claims[i] for i in idx]
    for T in np.arange(0.05, 1.0, 0.01):
        s = scores(gold, verdicts(sub, probs, T))["counts"]["SUPPORT"]
        if s[1] and s[0] / s[1] >= least:
            return round(float(T), 2)
    return 1.0


def main() -> None:
    from qa.answer.answerability import fit

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dumps", type=Path, nargs="+", help="candidates saved by benchmarks/scifact_claims.py --dump")
    ap.add_argument("--write", action="store_true", help="store the fit in qa/check/support.py")
    args = ap.parse_args()
    claims, reasons = gather(args.dumps)
    gold = [c["gold"] for c in claims]
    n = len(claims)
    print(f"{n} claims; gold SUPPORT not supported by the rules alone, by the furthest rule a cited sentence reaches:")
    for k, v in reasons.most_common():
        print(f"  {v:4d}  {k}")
    base = scores(gold, [v if v != "supported" else "unsettled" for v in (c["base"] for c in claims)])
    print(f"rules without any support verdict: macro-F1 {base['macro']:.3f}")
    held, curve, Ts = [], Counter(), []
    for seed in range(SHUFFLES):
        fold = np.random.default_rng(seed).permutation(n) % K
        pred = [None] * n
        for k in range(K):
            train, test = np.flatnonzero(fold != k), np.flatnonzero(fold == k)
            w, b = fit(*design(claims, train), l2=1.0)
            T = choose(claims, train, probs_for(claims, train, w, b), 0.8 + MARGIN)
            Ts.append(T)
            ptest = probs_for(claims, test, w, b)
            for i, v in zip(test, verdicts([claims[i] for i in test], ptest, T)):
                pred[i] = v
            for t in np.arange(0.1, 0.95, 0.05):
                for i, v in zip(test, verdicts([claims[i] for i in test], ptest, t)):
                    curve[round(float(t), 2), gold[i], v] += 1
        held.append(scores(gold, pred))
    s = held[0]
    print(f"\nheld-out ({K}-fold by claim, threshold chosen on the training folds), shuffle 0:")
    print(f"{'':17s}" + "".join(f"{p:>17s}" for p in ("supported", "contradicted", "unsettled", "not_found", "partly_supported")))
    for g in GOLD:
        print(f"{g:17s}" + "".join(f"{s['matrix'][g, p]:17d}" for p in ("supported", "contradicted", "unsettled", "not_found", "partly_supported")))
    for r in held:
        tp, said, total = r["counts"]["SUPPORT"]
        ctp, csaid, _ = r["counts"]["CONTRADICT"]
        print(f"  macro-F1 {r['macro']:.3f}  precision supported {tp / max(1, said):.3f} ({tp}/{said}), recall {tp / total:.3f}; "
              f"precision contradicted {ctp / max(1, csaid):.3f} ({ctp}/{csaid})")
    print(f"held-out macro-F1 over {SHUFFLES} shuffles: mean {np.mean([r['macro'] for r in held]):.3f}; "
          f"thresholds chosen {min(Ts):.2f}-{max(Ts):.2f}")
    print("\nheld-out curve (all shuffles pooled): threshold, supported said / right, precision, macro-F1")
    for t in sorted({k[0] for k in curve}):
        pairs = [(g, p) for (tt, g, p) in curve if tt == t]
        m = Counter({(g, p): curve[t, g, p] // SHUFFLES for g, p in pairs})
        flat = [g for (g, p), v in m.items() for _ in range(v)], [p for (g, p), v in m.items() for _ in range(v)]
        r = scores(*flat)
        tp, said, _ = r["counts"]["SUPPORT"]
        print(f"  {t:.2f}  {said:4d} / {tp:4d}  {tp / max(1, said):.3f}  {r['macro']:.3f}")
    ceilings(claims, gold)
    if args.write:
        write(claims, fit, np.median(Ts))


def ceilings(claims, gold) -> None:
    keep = lambda c: "unsettled" if c["base"] == "supported" else c["base"]
    eligible = [("supported" if c["gold"] == "SUPPORT" and all(c["parts"]) else keep(c)) for c in claims]
    reader = [("supported" if c["gold"] == "SUPPORT" and c["retrieved"] else keep(c)) for c in claims]
    proof = [("contradicted" if c["gold"] == "CONTRADICT" and c["differs"] else "unsettled" if p == "contradicted" else p)
             for c, p in zip(claims, eligible)]
    for name, pred in (("a perfect support model under the rules (a sentence eligible in every part)", eligible),
                       ("... and every gold CONTRADICT claim contradicted where a cited sentence states a differing fact", proof),
                       ("a perfect reader (a cited abstract retrieved)", reader)):
        r = scores(gold, pred)
        tp, said, total = r["counts"]["SUPPORT"]
        print(f"ceiling, {name}: supported {tp}/{total}, macro-F1 {r['macro']:.3f} "
              f"(F1 supported / contradicted / not found {' / '.join(f'{f:.3f}' for f in r['f1'])})")


def write(claims, fit, T: float) -> None:
    from qa.check.support import FEATURES

    w, b = fit(*design(claims, range(len(claims))), l2=1.0)
    coef = ", ".join(f'"{f}": {x:.4f}' for f, x in zip(FEATURES, w))
    block = (f"COEFFICIENTS = {{{coef}}}\nINTERCEPT = {b:.4f}\nTHRESHOLD = {T:.2f}\n")
    path = ROOT / "qa/check/support.py"
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"(# --- fitted:[^\n]*\n).*?(# --- end fitted ---)", lambda m: m.group(1) + block + m.group(2), text, flags=re.S)
    path.write_text(text, encoding="utf-8")
    print(f"\nwrote {path}: {block.strip()}")


if __name__ == "__main__":
    main()
