"""How the ``qa`` command prints answers and claim checks as plain text
(``--json`` prints the results' ``to_dict()`` instead)."""

from __future__ import annotations

from qa.answer.answer_line import lacking
from qa.answer.citations import page_shown

BOLD, RESET = "\033[1;33m", "\033[0m"


def print_answer(ans, color: bool) -> None:
    print(f"Q: {ans.question}")
    if ans.answer is not None and ans.answered:
        closest = " (the closest: it does not mention " + lacking(ans.answer.lacks) + ")" if ans.answer.closest else ""
        print(f"A: {ans.answer.text} [{ans.answer.passage}]{closest}\n")
    if ans.note and not (ans.answer and ans.answer.closest and ans.answered):
        print(f"Note: {ans.note}\n")
    if ans.answered:
        print(f"Found in {len({p.doc for p in ans.passages})} document(s); best passages first.\n")
    elif ans.passages:
        print("The documents do not answer this question. The closest passages, which do not answer it:\n")
    for p in ans.passages:
        page = page_shown(p.page, p.page_label, p.ocr)  # as the citation gives it: the printed label ("iv", "20")
        where = ", ".join(x for x in (p.section, f"p. {page}" if page else (f"para. {p.paragraph}" if p.paragraph else None)) if x)
        print(f"[{p.rank}] {p.title}" + (f" — {where}" if where else "") + f"  ({p.doc}, {p.start}-{p.end})")
        text = p.text
        if color:
            for s, e in sorted(p.highlights, reverse=True):
                a, b = s - p.start, e - p.start
                text = text[:a] + BOLD + text[a:b] + RESET + text[b:]
        for line in text.splitlines():
            print(f"    {line}")
        if p.highlights and ans.answered:
            print(f"  Highlight: {p.highlighted_text()}")
        print(f"  Cite: {p.citation}\n")


VERDICT_LABELS = {"supported": "SUPPORTED", "contradicted": "CONTRADICTED", "unsettled": "RELATED, NOT SETTLED",
                  "not_found": "NOT FOUND", "partly_supported": "PARTLY SUPPORTED", "not_checked": "NOT CHECKED"}


def print_claim(r, indent: str = "", head: str = "") -> None:
    print(f"{indent}{head}{VERDICT_LABELS[r.verdict]}  {r.claim}")
    if r.note:
        print(f"{indent}  note: {r.note}")
    if len(r.parts) > 1:
        for i, part in enumerate(r.parts, 1):
            print_claim(part, indent + "  ", f"part {i}: ")
        return
    for d in r.documents:
        print(f"{indent}  {d['relation']}: {d['title']} ({d['doc']})")
    for p, relation, differences in r.evidence:
        for diff in differences:
            print(f"{indent}  {dict(related='why', supports='shows').get(relation, 'differs')}: {diff}")
        print(f"{indent}  [{p.rank}] {relation} ({p.doc}, {p.start}-{p.end}): {p.citation}")
    if r.verdict == "not_found":
        print(f"{indent}  No document supports or contradicts it.", end="")
        if r.closest:
            p = r.closest[0]
            print(f" Closest passage, which does not settle it ({p.doc}, {p.start}-{p.end}):\n{indent}    {' '.join(p.text.split())[:300]}")
        else:
            print()
