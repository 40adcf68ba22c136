"""HTML for the conversation: passage cards, the answer line with its inline
citations (the check results: ``qa.web.verdicts``). The same conversation as
text, for *Copy answer* and the download, and its citation numbers, are
``qa.web.conversation_text``'s.

Every piece of document text, title, metadata or user input goes through
``esc`` (``html.escape``) before it reaches the page: a document holding
``<script>``, ``<img onerror=...>`` or Markdown link tricks is shown as those
characters and runs nothing. Buttons carry their text in ``data-`` attributes
(escaped too); the page's script (static/app.js) copies it or adds it to the
notes.
"""

from __future__ import annotations

import html
import json

from qa.answer.answer_line import lacking
from qa.answer.citations import cite, cite_markdown, quote_text, source_parts
from qa.web.conversation_text import answer_line, copy_answer, numbering, reference, shown_page, supporting



def esc(text) -> str:
    """HTML-escape anything for text or a quoted attribute.

    >>> esc('<img src=x onerror="alert(1)">')
    '&lt;img src=x onerror=&quot;alert(1)&quot;&gt;'
    """
    return html.escape("" if text is None else str(text), quote=True)


def marked(text: str, base: int, spans, cls: str = "qa-hl") -> str:
    """``text`` (starting at document offset ``base``) escaped, with ``spans``
    (document offsets) wrapped in <mark>.

    >>> marked("a <b> c", 10, [[12, 15]])
    'a <mark class="qa-hl">&lt;b&gt;</mark> c'
    """
    out, pos = [], 0
    for s, e in sorted((max(0, s - base), min(len(text), e - base)) for s, e in spans or []):
        if e <= pos or s >= len(text):
            continue
        s = max(s, pos)
        out += [esc(text[pos:s]), f'<mark class="{cls}">', esc(text[s:e]), "</mark>"]
        pos = e
    out.append(esc(text[pos:]))
    return "".join(out)


def sentence_case(message: str) -> str:
    """A message as a sentence: capital first letter, full stop at the end.

    >>> sentence_case("the question is empty")
    'The question is empty.'
    """
    m = (message or "").strip()
    if not m:
        return ""
    m = m[0].upper() + m[1:]
    return m if m[-1] in ".!?)”\"" else m + "."


def notice(message: str | None, kind: str = "warn") -> str:
    role = ' role="alert"' if kind == "error" else ' role="status"'
    return f'<div class="qa-notice {kind}"{role}>{esc(sentence_case(message))}</div>' if message else ""


def sentence_of(p: dict) -> str:
    """The highlighted words of a passage (its answer sentences)."""
    return " ".join(p["text"][s - p["start"]:e - p["start"]] for s, e in p.get("highlights") or [])



def copy_button(label: str, plain: str, md: str, cls: str = "qa-copy") -> str:
    return f'<button class="{cls}" data-copy-plain="{esc(plain)}" data-copy-md="{esc(md)}">{esc(label)}</button>'


def show_button(p: dict, start=None, end=None) -> str:
    marks = ",".join(f"{s}-{e}" for s, e in p.get("highlights") or [])
    return (f'<button class="qa-show" data-show-doc="{esc(p["doc"])}" data-collection="{esc(p.get("collection") or "")}" '
            f'data-start="{int(p["start"] if start is None else start)}" '
            f'data-end="{int(p["end"] if end is None else end)}" data-marks="{esc(marks)}">Show in document</button>')


def note_button(p: dict, text: str, kind: str, context: str = "", start=None, end=None) -> str:
    """*Add to notes*: the quote, where it is from, and what it was found for."""
    parts = source_parts(p["title"], p.get("meta") or {}, p.get("section"), p.get("paragraph"), shown_page(p))
    note = {"text": text, "title": parts[0], "where": ", ".join(map(str, parts[1:])), "doc": p["doc"],
            "start": int(p["start"] if start is None else start), "end": int(p["end"] if end is None else end),
            "anchor": p.get("anchor", ""), "kind": kind, "context": context,
            **({"collection": p["collection"]} if p.get("collection") else {})}   # the collection it is quoted from
    return f'<button class="qa-add-note" data-note="{esc(json.dumps(note, ensure_ascii=False))}">Add to notes</button>'



def inline_ref(n: int, p: dict) -> str:
    """[n] that shows its quote and source on hover, focus or tap."""
    return (f'<span class="qa-ref-wrap"><button class="qa-ref" aria-expanded="false" aria-label="Source {n}: {esc(p["title"])}">[{n}]</button>'
            f'<span class="qa-pop" role="tooltip"><span class="qa-pop-quote">“{esc(quote_text(p["text"]))}”</span>'
            f'<span class="qa-pop-source">{esc(reference(p))}</span></span></span>')


def passage_card(n: int, p: dict, answering: bool = True, extra: str = "", kind: str = "passage", context: str = "") -> str:
    """One quoted passage: numbered citation, text with the answer marked, buttons."""
    highlights = p.get("highlights") if answering else []
    meta = p.get("meta") or {}
    buttons = [copy_button("Copy quote", p["citation"], p["citation_markdown"]), note_button(p, p["text"], kind, context)]
    sentence = sentence_of(p) if highlights else ""
    if sentence and quote_text(sentence) != quote_text(p["text"]):
        args = (p["title"], meta, p.get("section"), p.get("paragraph"), shown_page(p))
        buttons.insert(1, copy_button("Copy sentence", cite(sentence, *args), cite_markdown(sentence, *args), "qa-copy-sentence"))
    buttons.append(show_button(p))
    return (f'<div class="qa-card{"" if answering else " closest"}" data-doc="{esc(p["doc"])}" data-n="{n}" data-anchor="{esc(p.get("anchor", ""))}">'
            f'<div class="qa-cite"><span class="qa-num">[{n}]</span>{esc(reference(p))}</div>{extra}'
            f'<div class="qa-text">{marked(p["text"], p["start"], highlights)}</div>'
            f'<div class="qa-buttons">{"".join(buttons)}</div></div>')


def status_line(ans: dict) -> str:
    if not ans["passages"]:
        return '<div class="qa-status no">No passages matched; the selected documents may be empty.</div>'
    if ans["answered"]:
        n = len({p["doc"] for p in ans["passages"]})
        return f'<div class="qa-status yes">Found in {n} document{"s" if n > 1 else ""}; best passages first.</div>'
    return ('<div class="qa-status no">The documents do not answer this question. '
            'The closest passages are shown below; they do not answer it.</div>')


def answer_block(ans: dict, numbers: dict[str, int]) -> str:
    """The answer line, verbatim, with its [n], copyable and collectable."""
    found = answer_line(ans)
    if not found:
        return ""
    line, p = found
    n = numbers[p["anchor"]]
    args = (p["title"], p.get("meta") or {}, p.get("section"), p.get("paragraph"), shown_page(p))
    start, end = int(line.get("start", p["start"])), int(line.get("end", p["end"]))
    buttons = [copy_button("Copy answer line", cite(line["text"], *args), cite_markdown(line["text"], *args), "qa-copy-line"),
               note_button(p, line["text"], "answer", ans.get("question", ""), start, end), show_button(p, start, end)]
    # the sentence lacks a year, figure or name the question names: the closest, not the answer
    closest = bool(line.get("closest"))
    lacks = f' (it does not mention {esc(lacking(line["lacks"]))})' if closest and line.get("lacks") else ""
    label = f"Closest sentence, not an answer{lacks}" if closest else "Answer"
    return (f'<div class="qa-answer{" qa-closest" if closest else ""}"><div class="qa-answer-label">{label}</div>'
            f'<div class="qa-answer-text">{esc(line["text"])} {inline_ref(n, p)}</div>'
            f'<div class="qa-buttons">{"".join(buttons)}</div></div>')


def reading_line(t: dict) -> str:
    """How a follow-up was read, with one click to ask it on its own."""
    reading = t.get("reading")
    if isinstance(reading, dict):
        reading = reading.get("text") or reading.get("question")
    if not reading or reading == t["question"]:
        return f'<div class="qa-note">{esc(t["note"])}</div>' if t.get("note") else ""
    return (f'<div class="qa-reading">Read as: “{esc(reading)}” '
            f'<button class="qa-ask-alone" data-ask="{esc(t["question"])}">Ask “{esc(t["question"])}” on its own</button></div>'
            + (f'<div class="qa-note">{esc(t["note"])}</div>' if t.get("note") else ""))


def turn(t: dict, numbers: dict[str, int]) -> str:
    """One question and its answer."""
    ans = t["answer"]
    cards = "".join(passage_card(numbers[p["anchor"]], p, ans["answered"], context=t["question"]) for p in ans["passages"])
    copy_all = copy_button("Copy answer", *copy_answer(ans, numbers), "qa-copy-answer") if supporting(ans) else ""
    return (f'<div class="qa-turn"><div class="qa-q">{esc(t["question"])}</div><div class="qa-a">'
            f'{status_line(ans)}{reading_line(t)}{answer_block(ans, numbers)}{cards}<div class="qa-buttons">{copy_all}</div></div></div>')


def transcript(turns: list[dict], hint: str = "") -> str:
    if not turns:
        return f'<div class="qa-empty">{esc(hint)}</div>'
    numbers = numbering(turns)
    return "".join(turn(t, numbers) for t in turns)
