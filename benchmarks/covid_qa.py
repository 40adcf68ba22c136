"""COVID-QA: long scientific articles the project chunks itself, questions
with their answer spans. Measures what a reader sees, on a fixed sample.

    nice -n 10 .venv/bin/python benchmarks/covid_qa.py [--sample 300] [--seed 0] [--docs N] [--held-out] [--show-misses]

``--held-out`` measures the other questions (about 1,080 of 1,380) instead of
the sample: tune on the sample, report both. ``--show-misses`` prints each hit
whose answer is outside the highlight and the answer line.

Each article is written once as ``<n>.txt`` under ~/.cache/qa-bench/covid-qa/
and indexed there (the index is reused while the code's index format holds).
For each sampled question (``random.Random(seed).sample`` over all 1,380):

* hit@1 / hit@5: a passage of the source article among the first 1 / 5
  contains the answer text (case-folded, spaces collapsed);
* in highlight: of the questions hit at rank r, the share whose answer text
  is inside that passage's highlighted sentences or the answer line
  (an answer longer than a sentence counts when the highlight lies inside it);
* answered: the share ``answer()`` calls answered; answered_when_in_top3 /
  answered_otherwise: that share among the questions whose answer is in one of
  the first three passages, and among the others;
* highlighted_sentences / highlighted_share: of the hit passages, the mean
  number of highlighted sentences and the share of their characters
  highlighted (a highlight that grows to the whole passage would make "in
  highlight" meaningless).

``--docs N`` keeps only the first N articles (and their questions): a small
run for timing builds (``--build-only`` prints the build time and stops).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))

SOURCE = SHARED / "bench/covid-qa/200423_covidQA.json"


def fold(text: str) -> str:
    return " ".join(text.casefold().split())


def load(n_docs: int | None = None):
    """[(doc file name, text)], [(question, doc, answer text)] in file order."""
    data = json.loads(SOURCE.read_text(encoding="utf-8"))["data"]
    docs, questions = [], []
    for i, article in enumerate(data[:n_docs] if n_docs else data):
        name = f"{i:03d}.txt"
        for para in article["paragraphs"][:1]:
            docs.append((name, para["context"]))
            for qa in para["qas"]:
                if qa["answers"]:
                    questions.append((qa["question"], name, qa["answers"][0]["text"]))
    return docs, questions


def sample(questions, n: int, seed: int):
    return random.Random(seed).sample(questions, min(n, len(questions)))


def corpus_folder(docs, tag: str) -> Path:
    from qa.evaluate import cache_root

    folder = cache_root() / "covid-qa" / f"docs-{tag}"
    if not (folder / ".complete").exists():
        folder.mkdir(parents=True, exist_ok=True)
        for name, text in docs:
            (folder / name).write_text(text, encoding="utf-8")
        (folder / ".complete").write_text("ok")
    return folder


def get_index(docs, tag: str, embedder, rebuild: bool = False):
    """The cached index (built if missing or unreadable) and its build seconds (None if reused)."""
    from qa.errors import QAError
    from qa.store.index import build_index, load_index

    folder = corpus_folder(docs, tag)
    out = folder.parent / f"index-{tag}"
    if not rebuild:
        try:
            return load_index(out), None
        except QAError:
            pass
    import shutil

    shutil.rmtree(out, ignore_errors=True)
    t0 = time.perf_counter()
    build_index([folder], out, embedder)
    return load_index(out), time.perf_counter() - t0


def in_highlight(ans, p, gold: str) -> bool:
    g = fold(gold)
    parts = [p.highlighted_text()]
    line = getattr(ans, "answer", None)
    if line is not None and line.passage == p.rank:
        parts.append(line.text)
    return any(g in fold(t) or (t.strip() and fold(t) in g) for t in parts)


def measure(index, embedder, questions, k: int = 5, show_misses: bool = False) -> dict:
    from qa.answer.answers import answer

    hit1 = hit5 = inhl = answered = 0
    top3 = [0, 0, 0, 0]  # answer in the top 3: questions, answered; not: questions, answered
    shown = []  # highlighted sentences and characters of each hit passage (a highlight must stay tight)
    misses = []
    for q, doc, gold in questions:
        ans = answer(index, embedder, q, k=k)
        answered += ans.answered
        rank = next((p.rank for p in ans.passages if p.doc == doc and fold(gold) in fold(p.text)), None)
        found = rank is not None and rank <= 3
        top3[0 if found else 2] += 1
        top3[1 if found else 3] += ans.answered
        if rank is None:
            misses.append(q)
            continue
        hit5 += rank <= 5
        hit1 += rank == 1
        shown_ok = in_highlight(ans, ans.passages[rank - 1], gold)
        inhl += shown_ok
        if show_misses and not shown_ok:
            p = ans.passages[rank - 1]
            print(json.dumps({"question": q, "gold": gold, "rank": rank, "highlight": p.highlighted_text(),
                              "line": ans.answer.text if ans.answer else None, "passage": p.text}, ensure_ascii=False))
        hl = ans.passages[rank - 1].highlights
        shown.append((len(hl), sum(e - s for s, e in hl), ans.passages[rank - 1].end - ans.passages[rank - 1].start))
    n = len(questions)
    return {"questions": n, "hit@1": round(hit1 / n, 3), "hit@5": round(hit5 / n, 3),
            "in_highlight": round(inhl / max(1, hit5), 3), "answered": round(answered / n, 3),
            "highlighted_sentences": round(sum(s for s, _, _ in shown) / max(1, len(shown)), 2),
            "highlighted_share": round(sum(c for _, c, _ in shown) / max(1, sum(t for _, _, t in shown)), 3),
            "answered_when_in_top3": round(top3[1] / max(1, top3[0]), 3), "answered_otherwise": round(top3[3] / max(1, top3[2]), 3)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sample", type=int, default=300)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--docs", type=int, default=None, help="only the first N articles")
    ap.add_argument("--rebuild", action="store_true", help="rebuild the cached index (and time it)")
    ap.add_argument("--build-only", action="store_true")
    ap.add_argument("--held-out", action="store_true",
                    help="measure the questions outside the sample instead (the honest figure: tune on the sample)")
    ap.add_argument("--show-misses", action="store_true",
                    help="print each hit whose answer is outside the highlight and the answer line")
    ap.add_argument("--tag", default=None, help="cache folder name (default: all or first-N)")
    ap.add_argument("--sentence-method", choices=["alone", "pool"], default=None,
                    help="how sentence vectors are made (default: the index's; for comparing the two)")
    args = ap.parse_args()
    if args.sentence_method:
        import qa.encode.sentences as sentences_module

        sentences_module.SENTENCE_METHOD = args.sentence_method

    from qa.encode.embedding import load_embedder

    embedder = load_embedder("all-MiniLM-L6-v2")
    docs, questions = load(args.docs)
    tag = args.tag or (f"first{args.docs}" if args.docs else "all") + (f"-{args.sentence_method}" if args.sentence_method else "")
    index, seconds = get_index(docs, tag, embedder, args.rebuild or args.build_only)
    if seconds is not None:
        print(f"build: {len(index.documents)} articles, {len(index.chunks)} chunks, "
              f"{0 if getattr(index, 'sentences', None) is None else len(index.sentences)} sentences in {seconds:.1f} s")
    if args.build_only:
        return
    qs = sample(questions, args.sample, args.seed)
    if args.held_out:
        chosen = set(map(tuple, qs))
        qs = [q for q in questions if tuple(q) not in chosen]
    print(json.dumps(measure(index, embedder, qs, show_misses=args.show_misses)))


if __name__ == "__main__":
    main()
