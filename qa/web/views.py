"""HTML for the page's frame: the header, the side panel (notes, or a source
document with the passage marked) and the documents list.

All text is escaped with ``render.esc``. The notes inside the panel are drawn
by the page's script from the browser's storage; this module gives their
frame only.
"""

from __future__ import annotations

from qa.web.render import esc, marked

VIEW_WINDOW = 40_000  # characters of context shown on each side of a passage in long documents


def header() -> str:
    """The title, and (on a phone) the button that opens the notes."""
    return ('<div class="qa-title-wrap"><h1>Ask your documents</h1>'
            '<p>Verbatim passages with citations, from the documents in this library.</p></div>'
            '<div class="qa-header-tools"><button class="qa-open-notes" aria-haspopup="dialog">'
            'Notes (<span class="qa-notes-count">0</span>)</button></div>')


def side_panel() -> str:
    """The panel beside the work: notes by default, a source when one is opened."""
    return (
        '<div class="qa-panel">'
        '<section class="qa-notes-view" aria-labelledby="qa-notes-h">'
        '<div class="qa-panel-bar"><h2 id="qa-notes-h">Notes (<span class="qa-notes-count">0</span>)</h2>'
        '<button class="qa-back qa-back-phone">← Back</button></div>'
        '<p class="qa-empty qa-notes-empty">Quotes you collect with “Add to notes” gather here, with their citations, '
        'ready to reorder, annotate and export for your draft. They stay in this browser.</p>'
        '<ol class="qa-note-list"></ol>'
        '<div class="qa-buttons qa-notes-tools" hidden><button data-export="md">Export Markdown</button>'
        '<button data-export="docx">Export Word (.docx)</button><button data-notes-clear>Clear notes</button></div>'
        '</section>'
        '<section class="qa-source-view" aria-labelledby="qa-source-h" hidden>'
        '<div class="qa-panel-bar"><h2 id="qa-source-h">Source</h2>'
        '<button class="qa-back" aria-keyshortcuts="Escape" title="Close (Escape)">← Back</button></div>'
        '<div class="qa-source-body"></div></section>'
        '<div class="qa-live qa-sr" aria-live="polite"></div></div>')


def document_view(doc, start: int, end: int, marks=(), page_image: str | None = None, page: int | None = None) -> str:
    """A document's text with one passage marked (its answer sentences inside
    marked again); long documents show a window around it. For a PDF,
    ``page_image`` (a data: URL) shows the page with the passage highlighted
    above the text."""
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
             f'<pre class="qa-doc" tabindex="0" aria-label="Text of {esc(doc.title)}">{esc(text[lo:start])}<mark class="qa-passage">',
             marked(text[start:end], start, inner), f"</mark>{esc(text[end:hi])}</pre>",
             f'<div class="qa-cut">… {len(text) - hi:,} characters after this point not shown …</div>' if hi < len(text) else ""]
    head = ", ".join(x for x in (doc.meta.get("organization"), doc.meta.get("date")) if x)
    image = ""
    if page_image:
        image = (f'<details class="qa-page" open><summary>Page {esc(page or "")} as printed</summary>'
                 f'<img class="qa-page-img" src="{esc(page_image)}" alt="Page {esc(page or "")} of {esc(doc.title)}, the passage highlighted"></details>')
    return (f'<div class="qa-viewer" data-doc="{esc(doc.doc)}"><div class="qa-doc-head">{esc(doc.title)}</div>'
            f'<div class="qa-cite">{esc(head)}{" · " if head else ""}{esc(doc.doc)} · characters {start:,}–{end:,}</div>'
            + image + "".join(parts) + "</div>")


DOC_COLUMNS = ("Title", "File", "Organization", "Date", "Type", "Chunks", "Origin")


def documents_table(entries: list[dict], uploaded: set[str], others: str = "seed") -> str:
    """The documents as a table (a list of cards on a narrow screen: each
    cell carries its column's name); a document not uploaded through the app
    is marked ``others``."""
    rows = []
    for e in entries:
        meta = e.get("meta") or {}
        cells = (e.get("title"), e["doc"], meta.get("organization", ""), meta.get("date", ""), e.get("kind"),
                 e.get("chunks"), "uploaded" if e["doc"] in uploaded else others)
        rows.append("<tr>" + "".join(f'<td data-label="{h}">{esc(x)}</td>' for h, x in zip(DOC_COLUMNS, cells)) + "</tr>")
    head = "".join(f'<th scope="col">{h}</th>' for h in DOC_COLUMNS)
    return (f'<table class="qa-docs"><caption class="qa-sr">Documents in the library</caption>'
            f'<thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>')
