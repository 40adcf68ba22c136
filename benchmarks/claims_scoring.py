"""SciFact claims and how verdicts score against their labels: the claims
read from JSON Lines, each claim's gold label from its evidence (SUPPORT,
CONTRADICT, NOT_ENOUGH_INFO, or MIXED), and the confusion matrix of gold by
predicted verdict with the precision of "supported" and "contradicted" and
macro-F1, each beside main's figures before issue 10 (``BASELINE``).
Used by benchmarks/scifact_claims.py and benchmarks/scifact_claims_support.py.

    >>> gold_label({"evidence": {"4": [{"label": "SUPPORT"}]}}), gold_label({"evidence": {}})
    ('SUPPORT', 'NOT_ENOUGH_INFO')
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

GOLD = ("SUPPORT", "CONTRADICT", "NOT_ENOUGH_INFO")
PRED = ("supported", "contradicted", "unsettled", "not_found", "partly_supported")
# main before issue 10 (README): 809 claims, 55.9% agreement, contradicted said 145 times and right 54 times
BASELINE = {"accuracy": 0.559, "precision supported": 229 / 401, "precision contradicted": 54 / 145,
            "macro-F1": 0.523, "strict macro-F1": 0.523}


def read_jsonl(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


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
