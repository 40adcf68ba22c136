"""Confidence of answerable and unanswerable questions over the seeds, to set
ANSWER_THRESHOLD in qa/answers.py.

    python benchmarks/calibrate.py [--index index]

Answerable: ../shared/eval/seeds_questions.jsonl. Unanswerable: tests/data/unanswerable.txt
(written by hand; the seeds say nothing about them). Prints each question's
confidence, the gap between the two groups, and the accuracy of the current threshold.
"""

import argparse
import json
from pathlib import Path

from qa.answer.answers import ANSWER_THRESHOLD, answer
from qa.encode.embedding import load_embedder
from qa.store.index import load_index

ROOT = Path(__file__).resolve().parent.parent


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--index", default="index")
    args = ap.parse_args()
    index = load_index(Path(args.index))
    embedder = load_embedder(index.model)
    answerable = [json.loads(l)["question"] for l in (ROOT.parent / "shared/eval/seeds_questions.jsonl").read_text().splitlines() if l.strip()]
    unanswerable = [l for l in (ROOT / "tests/data/unanswerable.txt").read_text().splitlines() if l.strip() and not l.startswith("#")]
    results = {}
    for label, questions in (("answerable", answerable), ("unanswerable", unanswerable)):
        results[label] = [(answer(index, embedder, q).confidence, q) for q in questions]
        for c, q in sorted(results[label]):
            print(f"{label:13s} {c:.3f}  {q}")
    lo = min(c for c, _ in results["answerable"])
    hi = max(c for c, _ in results["unanswerable"])
    correct = sum(c >= ANSWER_THRESHOLD for c, _ in results["answerable"]) + sum(c < ANSWER_THRESHOLD for c, _ in results["unanswerable"])
    total = len(answerable) + len(unanswerable)
    print(f"\nlowest answerable {lo:.3f}; highest unanswerable {hi:.3f}; threshold {ANSWER_THRESHOLD}: {correct}/{total} decided right")


if __name__ == "__main__":
    main()
