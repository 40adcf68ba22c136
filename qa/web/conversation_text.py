"""The conversation as text: *Copy answer* (plain and Markdown) and the
downloaded conversation (Markdown), with what they share with the page's
HTML (``qa.web.render``): the conversation's citation numbers, the answer
line and the passages an answer rests on, a passage's reference.

Citation numbers are the conversation's: a passage gets the next number the
first time it is shown and keeps it in later answers, in *Copy answer* and in
the downloaded conversation. Text from documents or users goes through
``md_escape`` in Markdown, so it cannot add links, images or formatting.

    >>> p = {"title": "Border Paper", "meta": {"organization": "NPF"}, "section": "Intro", "paragraph": 2}
    >>> reference(p), md_reference(p)
    ('Border Paper, NPF, Intro, para. 2', '*Border Paper*, NPF, Intro, para. 2')
"""

from __future__ import annotations

from qa.answer.citations import md_escape, page_shown, quote_text, source_parts


def shown_page(p: dict):
    """The page a passage's citation gives: its printed label, and whether it was read by OCR."""
    return page_shown(p.get("page"), p.get("page_label"), bool(p.get("ocr")))


def reference(p: dict) -> str:
    """Title, organization, date, section, paragraph or page."""
    return ", ".join(source_parts(p["title"], p.get("meta") or {}, p.get("section"), p.get("paragraph"), shown_page(p)))


def md_reference(p: dict) -> str:
    parts = source_parts(p["title"], p.get("meta") or {}, p.get("section"), p.get("paragraph"), shown_page(p))
    return f"*{md_escape(parts[0])}*" + "".join(f", {md_escape(str(x))}" for x in parts[1:])


def numbering(turns: list[dict]) -> dict[str, int]:
    """Each shown passage's citation number in the conversation, in order of
    first appearance.

    >>> t = lambda *a: {"answer": {"passages": [{"anchor": x} for x in a]}}
    >>> numbering([t("a", "b"), t("c", "a")])
    {'a': 1, 'b': 2, 'c': 3}
    """
    numbers: dict[str, int] = {}
    for t in turns:
        for p in t["answer"]["passages"]:
            numbers.setdefault(p["anchor"], len(numbers) + 1)
    return numbers


def answer_line(ans: dict) -> tuple[dict, dict] | None:
    """(the answer line, the passage it quotes), or None when not answered."""
    line = ans.get("answer")
    if not (ans["answered"] and isinstance(line, dict) and line.get("text")):
        return None
    rank = int(line.get("passage") or 1)
    p = next((p for p in ans["passages"] if p.get("rank") == rank), None) or ans["passages"][rank - 1]
    return line, p


def supporting(ans: dict) -> list[dict]:
    """The passages an answer rests on: the one its answer line quotes (or,
    without a line, the best one); none when the documents do not answer."""
    if not (ans["answered"] and ans["passages"]):
        return []
    found = answer_line(ans)
    return [found[1]] if found else ans["passages"][:1]


def copy_answer(ans: dict, numbers: dict[str, int]) -> tuple[str, str]:
    """*Copy answer*: the answer line and the passages that support it, with
    the conversation's citation numbers: (plain, Markdown)."""
    found, ps = answer_line(ans), supporting(ans)
    plain, md = [], []
    if found:
        n = numbers[found[1]["anchor"]]
        plain.append(f'{quote_text(found[0]["text"])} [{n}]')
        md.append(f'{md_escape(quote_text(found[0]["text"]))}[^{n}]')
    plain += [f'"{quote_text(p["text"])}" [{numbers[p["anchor"]]}]' for p in ps]
    md += [f'> {md_escape(quote_text(p["text"]))}[^{numbers[p["anchor"]]}]' for p in ps]
    plain.append("\n".join(f"[{numbers[p['anchor']]}] {reference(p)}" for p in ps))
    md.append("\n".join(f"[^{numbers[p['anchor']]}]: {md_reference(p)}" for p in ps))
    return "\n\n".join(plain), "\n\n".join(md)


def conversation_markdown(turns: list[dict], when: str = "") -> str:
    """The conversation as Markdown: each question, its answer line and the
    passages that support it, footnoted with the conversation's numbers."""
    numbers, cited = numbering(turns), {}
    out = ["# Questions and answers" + (f" ({when})" if when else ""), ""]
    for q, t in enumerate(turns, 1):
        ans = t["answer"]
        out += [f"## {q}. {md_escape(' '.join(t['question'].split()))}", ""]
        reading = t.get("reading")
        reading = reading.get("text") or reading.get("question") if isinstance(reading, dict) else reading
        if reading and reading != t["question"]:
            out += [f"*Read as: {md_escape(reading)}*", ""]
        if t.get("note"):
            out += [f"*{md_escape(t['note'])}*", ""]
        found, ps = answer_line(ans), supporting(ans)
        if found:
            out += [f"**Answer:** {md_escape(quote_text(found[0]['text']))}[^{numbers[found[1]['anchor']]}]", ""]
        if ps:
            out += ["Supporting passage" + ("s:" if len(ps) > 1 else ":"), ""]
        else:
            out += ["The documents do not answer this question.", ""]
        for p in ps:
            out += [f"> {md_escape(quote_text(p['text']))}[^{numbers[p['anchor']]}]", ""]
            cited[numbers[p["anchor"]]] = p
    out += [f"[^{n}]: {md_reference(p)} ({md_escape(p['anchor'])})" for n, p in sorted(cited.items())]
    return "\n".join(out) + "\n"
