"""Ask a hand-written question set of an index and count what a reader would:
unanswerable questions declined; answerable ones with the answer's passage at
rank 1, answered, and answered with the answer in the answer line.

    nice -n 10 .venv/bin/python benchmarks/question_sets.py STORE FILE [FILE ...]

A file holds one question per line, ``question # note`` or ``question | answer
text`` (the answer: the start of the sentence that answers, verbatim). A file
whose name says "unanswerable" is all unanswerable, one saying "answerable" or
"reworded" all answerable; otherwise ``## unanswerable`` / ``## answerable``
lines start each part (any other ``##`` line keeps the part). Lines starting
with ``#`` are comments. Misses are listed, one per line.

Example (the fresh sets written for issue 9, in tests/data/):

    mkdir -p /tmp/lic/docs
    for f in GPL-3 Apache-2.0 MPL-2.0; do cp /usr/share/common-licenses/$f /tmp/lic/docs/$f.txt; done
    .venv/bin/qa --store /tmp/lic/index index /tmp/lic/docs
    .venv/bin/python benchmarks/question_sets.py /tmp/lic/index tests/data/licences_questions.txt
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def norm(text: str) -> str:
    return " ".join(text.translate(str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"'})).split()).casefold()


def questions(path: Path) -> list[tuple[str, str, str]]:
    """(part, question, answer text or note) of a question file."""
    name = path.name.lower()
    part = "un" if "unanswerable" in name else "ans" if ("answerable" in name or "reworded" in name) else "un"
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line.startswith("## "):
            part = "un" if "unanswerable" in line else "ans" if "answerable" in line else part
        elif line and not line.startswith("#"):
            q, _, rest = re.split(r"( # | \| )", line, maxsplit=1) if re.search(r" # | \| ", line) else (line, "", "")
            out.append((part, q.strip(), rest.strip().strip('"')))
    return out


def main() -> None:
    from qa.collection import Collection

    if len(sys.argv) < 3:
        sys.exit(__doc__)
    col = Collection.open(store=sys.argv[1])
    for f in map(Path, sys.argv[2:]):
        un, ans = [0, 0], [0, 0, 0, 0]
        for part, q, gold in questions(f):
            a = col.ask(q, k=5)
            line = a.answer.text if a.answer else ""
            if part == "un":
                un[0] += 1
                un[1] += not a.answered
                if a.answered:
                    print(f"  answered: {q} | {line[:140]} ({a.confidence:.2f})")
                continue
            g = norm(gold)[:60]
            rank = next((p.rank for p in a.passages if g and g in norm(p.text)), None)
            inline = bool(g and line and (g in norm(line) or norm(line) in norm(gold)))
            ans[0] += 1
            ans[1] += rank == 1
            ans[2] += a.answered
            ans[3] += a.answered and inline
            if not (rank == 1 and a.answered and inline):
                print(f"  missed: rank={rank} answered={a.answered} ({a.confidence:.2f}) in line={inline} {q} | {line[:120]}")
        figures = []
        if un[0]:
            figures.append(f"unanswerable declined {un[1]}/{un[0]}")
        if ans[0]:
            figures.append("answerable {}: passage at rank 1 {}, answered {}, answered with the answer in the line {}".format(*ans))
        print(f"{f.name}: " + "; ".join(figures))


if __name__ == "__main__":
    main()
