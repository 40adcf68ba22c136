"""The seeds: the 12 shared questions (rank 1, answered), the hand-written
unanswerable ones (on-topic by group, off-topic) and the hand-written
reworded answerable ones, over a fresh seeds index.

    nice -n 10 .venv/bin/python benchmarks/seeds_answers.py
"""

import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))


def main() -> None:
    from qa.answer.answers import answer
    from qa.encode.embedding import load_embedder
    from qa.store.index import build_index, load_index

    e = load_embedder()
    out = Path(tempfile.mkdtemp()) / "index"
    build_index([ROOT / "seeds"], out, e)
    idx = load_index(out)
    fold = lambda t: " ".join(t.casefold().replace("’", "'").split())
    qs = [json.loads(l) for l in (SHARED / "eval/seeds_questions.jsonl").read_text().splitlines() if l.strip()]
    first = answered = 0
    for q in qs:
        a = answer(idx, e, q["question"])
        first += bool(a.passages) and a.passages[0].doc == q["source"] and all(fold(s) in fold(a.passages[0].text) for s in q["answer"])
        answered += a.answered
    print(f"seeds: rank 1 {first}/{len(qs)}, answered {answered}/{len(qs)}")
    group, groups = "fit", {"fit": [], "held": []}
    for line in (ROOT / "tests/data/unanswerable_on_topic.txt").read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            group = "fit" if "fit" in line else "held"
        elif line.strip() and not line.startswith("#"):
            groups[group].append(line.strip())
    for g, lst in groups.items():
        kept = sorted(q for q in lst if answer(idx, e, q).answered)
        print(f"on-topic unanswerable ({g}): declined {len(lst) - len(kept)}/{len(lst)}; answered: {kept}")
    for name in ("seeds_reworded.txt", "seeds_reworded_held.txt"):   # answerable, in a reader's words
        rows = [l.split(" | ") for l in (ROOT / "tests/data" / name).read_text(encoding="utf-8").splitlines()
                if l.strip() and not l.startswith("#")]
        top = lined = said = 0
        for q, text in rows:
            a = answer(idx, e, q)
            top += bool(a.passages) and fold(text) in fold(a.passages[0].text)
            said += a.answered
            lined += a.answered and a.answer is not None and fold(text) in fold(a.answer.text)
        print(f"reworded ({name}): answer in passage 1 {top}/{len(rows)}, answered {said}/{len(rows)}, "
              f"answered with the answer in the line {lined}/{len(rows)}")
    off = [l.strip() for l in (ROOT / "tests/data/unanswerable.txt").read_text().splitlines() if l.strip() and not l.startswith("#")]
    print(f"off-topic: declined {sum(not answer(idx, e, q).answered for q in off)}/{len(off)}")


if __name__ == "__main__":
    main()
