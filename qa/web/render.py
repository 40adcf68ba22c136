"""HTML and Markdown for the app: passage cards, verdicts, the document viewer.

Every piece of document text, title, metadata or user input goes through
``esc`` (``html.escape``) before it reaches the page: a document holding
``<script>``, ``<img onerror=...>`` or Markdown link tricks is shown as those
characters and runs nothing. Copy buttons carry their text in ``data-``
attributes (escaped too); the page's script puts it on the clipboard.
"""

from __future__ import annotations

import html

from qa.answer.citations import cite, cite_markdown, md_escape, quote_text, source_parts

VIEW_WINDOW = 40_000  # characters of context shown on each side of a passage in long documents

CSS = """
.qa-empty { color: var(--body-text-color-subdued); padding: 1em 0; }
.qa-turn { margin: 0 0 1.2em 0; }
.qa-q { background: var(--color-accent-soft); border-radius: 10px; padding: .6em .9em; margin: 0 0 .6em 20%; white-space: pre-wrap; }
.qa-a { border: 1px solid var(--border-color-primary); border-radius: 10px; padding: .6em .9em; margin-right: 5%; }
.qa-status { font-weight: 600; margin-bottom: .4em; }
.qa-status.no { color: #b45309; }
.qa-note { font-size: .9em; color: var(--body-text-color-subdued); margin-bottom: .4em; }
.qa-card { border-left: 4px solid #2563eb; background: var(--background-fill-secondary); padding: .5em .8em; margin: .6em 0; border-radius: 4px; }
.qa-card.closest { border-left-color: #9ca3af; }
.qa-cite { font-size: .88em; color: var(--body-text-color-subdued); margin-bottom: .3em; }
.qa-num { font-weight: 700; color: #2563eb; margin-right: .3em; }
.qa-text { white-space: pre-wrap; margin: .2em 0 .4em 0; }
mark.qa-hl { background: #fde68a; color: inherit; padding: 0 1px; }
.qa-buttons button { font-size: .82em; border: 1px solid var(--border-color-primary); border-radius: 6px;
  padding: .15em .6em; margin: .1em .4em .1em 0; background: var(--background-fill-primary); cursor: pointer; }
.qa-buttons button:hover { border-color: #2563eb; }
.qa-badge { display: inline-block; font-weight: 700; font-size: .8em; padding: .15em .6em; border-radius: 999px;
  margin-right: .5em; text-transform: uppercase; letter-spacing: .03em; color: #fff; }
.qa-badge.supported { background: #15803d; } .qa-badge.contradicted { background: #b91c1c; }
.qa-badge.partly_supported { background: #b45309; } .qa-badge.not_found { background: #6b7280; }
.qa-claim { border: 1px solid var(--border-color-primary); border-radius: 10px; padding: .6em .9em; margin: 0 0 1em 0; }
.qa-claim-text { font-weight: 600; }
.qa-rel { font-size: .8em; font-weight: 700; text-transform: uppercase; margin-right: .4em; }
.qa-rel.contradicts { color: #b91c1c; } .qa-rel.supports { color: #15803d; }
.qa-diff { color: #b91c1c; font-size: .9em; margin: .2em 0; }
.qa-parts { margin: .3em 0 .3em 1em; font-size: .92em; }
.qa-doc-head { font-weight: 600; margin-bottom: .2em; }
.qa-doc { white-space: pre-wrap; font-family: inherit; max-height: 70vh; overflow: auto; margin: 0;
  border: 1px solid var(--border-color-primary); border-radius: 6px; padding: .6em .8em; background: var(--background-fill-secondary); }
mark.qa-passage { background: #dbeafe; color: inherit; outline: 2px solid #93c5fd; }
mark.qa-passage mark.qa-hl { background: #fde68a; }
.qa-cut { color: var(--body-text-color-subdued); font-style: italic; }
.qa-notice { border-radius: 6px; padding: .5em .8em; margin: .3em 0; }
.qa-notice.warn { background: #fef3c7; color: #78350f; } .qa-notice.error { background: #fee2e2; color: #7f1d1d; }
.qa-notice.ok { background: #dcfce7; color: #14532d; } .qa-notice.info { background: #e0f2fe; color: #0c4a6e; }
table.qa-docs { border-collapse: collapse; width: 100%; font-size: .92em; }
table.qa-docs th, table.qa-docs td { border-bottom: 1px solid var(--border-color-primary); padding: .35em .5em; text-align: left; vertical-align: top; }
"""

# Runs once per HTML component (gr.HTML js_on_load); ``element`` is the
# component, ``trigger`` sends an event to the server. Delegated, so it works
# for buttons rendered later.
CLICK_JS = """
element.addEventListener('click', async (ev) => {
  const c = ev.target.closest('button[data-copy-plain]');
  if (c) {
    const md = (localStorage.getItem('qa-copy-format') || 'Plain text') === 'Markdown';
    const text = md ? c.dataset.copyMd : c.dataset.copyPlain;
    window.__lastCopied = text;
    let how = 'clipboard';
    try { await navigator.clipboard.writeText(text); }
    catch (e) {
      const ta = document.createElement('textarea'); ta.value = text;
      ta.style.position = 'fixed'; ta.style.opacity = '0'; document.body.appendChild(ta); ta.select();
      how = document.execCommand('copy') ? 'execCommand' : 'failed'; ta.remove();
    }
    c.dataset.copied = how;
    const label = c.dataset.label || c.textContent; c.dataset.label = label;
    c.textContent = how === 'failed' ? 'Copy failed' : (md ? 'Copied (Markdown)' : 'Copied');
    setTimeout(() => { c.textContent = label; }, 1500);
    return;
  }
  const s = ev.target.closest('button[data-show-doc]');
  if (s) trigger('select', {doc: s.dataset.showDoc, start: Number(s.dataset.start), end: Number(s.dataset.end), marks: s.dataset.marks || ''});
});
"""

VIEWER_JS = """
const focus = () => { const m = element.querySelector('mark.qa-passage');
  if (m) m.scrollIntoView({block: 'center', inline: 'nearest'}); };
watch('value', focus);
"""

TRANSCRIPT_JS = CLICK_JS + """
watch('value', () => { const t = element.querySelectorAll('.qa-turn');
  if (t.length) t[t.length - 1].scrollIntoView({block: 'start', behavior: 'smooth'}); });
"""


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


def notice(message: str | None, kind: str = "warn") -> str:
    return f'<div class="qa-notice {kind}">{esc(message)}</div>' if message else ""


def sentence_of(p: dict) -> str:
    """The highlighted words of a passage (its answer sentences)."""
    return " ".join(p["text"][s - p["start"]:e - p["start"]] for s, e in p.get("highlights") or [])


def reference(p: dict) -> str:
    """Title, organization, date, section, paragraph or page."""
    return ", ".join(source_parts(p["title"], p.get("meta") or {}, p.get("section"), p.get("paragraph"), p.get("page")))


def copy_button(label: str, plain: str, md: str, cls: str = "qa-copy") -> str:
    return f'<button class="{cls}" data-copy-plain="{esc(plain)}" data-copy-md="{esc(md)}">{esc(label)}</button>'


def show_button(p: dict) -> str:
    marks = ",".join(f"{s}-{e}" for s, e in p.get("highlights") or [])
    return (f'<button class="qa-show" data-show-doc="{esc(p["doc"])}" data-start="{int(p["start"])}" '
            f'data-end="{int(p["end"])}" data-marks="{esc(marks)}">Show in document</button>')


def passage_card(n: int, p: dict, answering: bool = True, extra: str = "") -> str:
    """One quoted passage: numbered citation, text with the answer marked, buttons."""
    highlights = p.get("highlights") if answering else []
    meta = p.get("meta") or {}
    buttons = [copy_button("Copy quote", p["citation"], p["citation_markdown"])]
    sentence = sentence_of(p) if highlights else ""
    if sentence and quote_text(sentence) != quote_text(p["text"]):
        args = (p["title"], meta, p.get("section"), p.get("paragraph"), p.get("page"))
        buttons.append(copy_button("Copy sentence", cite(sentence, *args), cite_markdown(sentence, *args), "qa-copy-sentence"))
    buttons.append(show_button(p))
    return (f'<div class="qa-card{"" if answering else " closest"}" data-doc="{esc(p["doc"])}">'
            f'<div class="qa-cite"><span class="qa-num">[{n}]</span>{esc(reference(p))}</div>{extra}'
            f'<div class="qa-text">{marked(p["text"], p["start"], highlights)}</div>'
            f'<div class="qa-buttons">{"".join(buttons)}</div></div>')


def footnoted(ans: dict) -> tuple[str, str]:
    """All of an answer's passages with footnote references: (plain, Markdown)."""
    ps = ans["passages"]
    head = "" if ans["answered"] else f"The documents do not answer: {quote_text(ans['question'])}. Closest passages:\n\n"
    md_head = "" if ans["answered"] else f"*The documents do not answer:* {md_escape(quote_text(ans['question']))}. *Closest passages:*\n\n"
    plain = head + "\n\n".join(f'"{quote_text(p["text"])}" [{i}]' for i, p in enumerate(ps, 1))
    plain += "\n\n" + "\n".join(f"[{i}] {reference(p)}" for i, p in enumerate(ps, 1))
    md = md_head + "\n\n".join(f"> {md_escape(quote_text(p['text']))}[^{i}]" for i, p in enumerate(ps, 1))
    md += "\n\n" + "\n".join(f"[^{i}]: {_md_reference(p)}" for i, p in enumerate(ps, 1))
    return plain, md


def _md_reference(p: dict) -> str:
    parts = source_parts(p["title"], p.get("meta") or {}, p.get("section"), p.get("paragraph"), p.get("page"))
    return f"*{md_escape(parts[0])}*" + "".join(f", {md_escape(str(x))}" for x in parts[1:])


def status_line(ans: dict) -> str:
    if not ans["passages"]:
        return '<div class="qa-status no">No passages matched; the selected documents may be empty.</div>'
    if ans["answered"]:
        n = len({p["doc"] for p in ans["passages"]})
        return f'<div class="qa-status yes">Found in {n} document{"s" if n > 1 else ""}; best passages first.</div>'
    return ('<div class="qa-status no">The documents do not answer this question. '
            'The closest passages are shown below; they do not answer it.</div>')


def turn(t: dict) -> str:
    """One question and its answer."""
    ans = t["answer"]
    note = f'<div class="qa-note">{esc(t["note"])}</div>' if t.get("note") else ""
    cards = "".join(passage_card(i, p, ans["answered"]) for i, p in enumerate(ans["passages"], 1))
    copy_all = copy_button("Copy answer", *footnoted(ans), "qa-copy-answer") if ans["passages"] else ""
    return (f'<div class="qa-turn"><div class="qa-q">{esc(t["question"])}</div><div class="qa-a">'
            f'{status_line(ans)}{note}{cards}<div class="qa-buttons">{copy_all}</div></div></div>')


def transcript(turns: list[dict], hint: str = "") -> str:
    if not turns:
        return f'<div class="qa-empty">{esc(hint)}</div>'
    return "".join(turn(t) for t in turns)


def conversation_markdown(turns: list[dict], when: str = "") -> str:
    """The whole conversation as Markdown, each quote with its footnote."""
    out = ["# Questions and answers" + (f" ({when})" if when else ""), ""]
    for q, t in enumerate(turns, 1):
        ans = t["answer"]
        out += [f"## {q}. {md_escape(' '.join(t['question'].split()))}", ""]
        if t.get("note"):
            out += [f"*{md_escape(t['note'])}*", ""]
        if ans["answered"]:
            out += ["Answer, quoted from the documents:", ""]
        else:
            out += ["The documents do not answer this question. The closest passages, which do not answer it:", ""]
        for i, p in enumerate(ans["passages"], 1):
            out += [f"> {md_escape(quote_text(p['text']))}[^{q}-{i}]", ""]
            if ans["answered"] and p.get("highlights"):
                out += [f"Answer sentence: **{md_escape(quote_text(sentence_of(p)))}**", ""]
        out += [f"[^{q}-{i}]: {_md_reference(p)} ({md_escape(p['anchor'])})" for i, p in enumerate(ans["passages"], 1)]
        out.append("")
    return "\n".join(out)


def document_view(doc, start: int, end: int, marks=()) -> str:
    """A document's text with one passage marked (its answer sentences inside
    marked again); long documents show a window around it."""
    text = doc.text
    start, end = max(0, min(start, len(text))), max(0, min(end, len(text)))
    lo, hi = max(0, start - VIEW_WINDOW), min(len(text), end + VIEW_WINDOW)
    if lo:
        lo = text.find("\n", lo, start) + 1 or lo
    if hi < len(text):
        cut = text.rfind("\n", end, hi)
        hi = cut if cut > 0 else hi
    inner = [m for m in marks if start <= m[0] < m[1] <= end]
    parts = [f'<div class="qa-cut">… {lo:,} characters before this point not shown …</div>' if lo else "",
             f'<pre class="qa-doc">{esc(text[lo:start])}<mark class="qa-passage">',
             marked(text[start:end], start, inner), f"</mark>{esc(text[end:hi])}</pre>",
             f'<div class="qa-cut">… {len(text) - hi:,} characters after this point not shown …</div>' if hi < len(text) else ""]
    head = ", ".join(x for x in (doc.meta.get("organization"), doc.meta.get("date")) if x)
    return (f'<div class="qa-viewer" data-doc="{esc(doc.doc)}"><div class="qa-doc-head">{esc(doc.title)}</div>'
            f'<div class="qa-cite">{esc(head)}{" · " if head else ""}{esc(doc.doc)} · characters {start:,}–{end:,}</div>'
            + "".join(parts) + "</div>")


VERDICT_LABELS = {"supported": "Supported", "contradicted": "Contradicted", "not_found": "Not found",
                  "partly_supported": "Partly supported"}


def badge(verdict: str) -> str:
    v = str(verdict)
    return f'<span class="qa-badge {esc(v)}" data-verdict="{esc(v)}">{esc(VERDICT_LABELS.get(v, v.replace("_", " ")))}</span>'


def _differences(ev: dict) -> str:
    diffs = ev.get("differences") or []
    if isinstance(diffs, (str, dict)):
        diffs = [diffs]
    items = []
    for d in diffs:
        if isinstance(d, dict):
            d = d.get("text") or d.get("message") or "; ".join(f"{k}: {v}" for k, v in d.items())
        items.append(f'<div class="qa-diff">Differs: {esc(d)}</div>')
    return "".join(items)


def claim_result(r: dict) -> str:
    """One sentence of a draft: its verdict badge, then the quotes that settle it."""
    cards = []
    for i, ev in enumerate(r.get("evidence") or [], 1):
        rel = str(ev.get("relation") or "")
        extra = (f'<div><span class="qa-rel {esc(rel)}">{esc(rel.replace("_", " "))}</span></div>' if rel else "") + _differences(ev)
        cards.append(passage_card(i, ev, True, extra))
    parts = "".join(f'<div class="qa-part">{badge(p.get("verdict"))}{esc(p.get("claim"))}</div>'
                    for p in r.get("parts") or [] if isinstance(p, dict))
    note = f'<div class="qa-note">{esc(r["note"])}</div>' if r.get("note") else ""
    if not cards:
        cards.append('<div class="qa-note">No passage in the searched documents settles this. The closest ones:</div>')
        cards += [passage_card(i, p, False) for i, p in enumerate((r.get("closest") or [])[:2], 1)]
    return (f'<div class="qa-claim" data-verdict="{esc(r.get("verdict"))}">{badge(r.get("verdict"))}'
            f'<span class="qa-claim-text">{esc(r.get("claim"))}</span>{note}'
            + (f'<div class="qa-parts">{parts}</div>' if parts else "") + "".join(cards) + "</div>")


def claim_results(results: list[dict]) -> str:
    return "".join(claim_result(r) for r in results)


def documents_table(entries: list[dict], uploaded: set[str]) -> str:
    rows = []
    for e in entries:
        meta = e.get("meta") or {}
        rows.append("<tr>" + "".join(f"<td>{esc(x)}</td>" for x in (
            e.get("title"), e["doc"], meta.get("organization", ""), meta.get("date", ""), e.get("kind"),
            e.get("chunks"), "uploaded" if e["doc"] in uploaded else "seed")) + "</tr>")
    head = "".join(f"<th>{h}</th>" for h in ("Title", "File", "Organization", "Date", "Type", "Chunks", "Origin"))
    return f'<table class="qa-docs"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'
