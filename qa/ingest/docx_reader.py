"""Read a DOCX with python-docx: paragraphs and tables in document order,
headings by style with their level, list items as bullets, tables as rows
(cells separated by " | "), footnotes and endnotes after the body. Page
headers and footers are left out of the text flow.
"""

from __future__ import annotations

import io
import re

from qa.ingest.textblocks import Block

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def heading_level(style: str) -> int | None:
    """Level of a heading style: Title 0, "Heading 2" 2; None for text.

    >>> heading_level("Heading 2"), heading_level("Title"), heading_level("Normal")
    (2, 0, None)
    """
    if style == "Title":
        return 0
    m = re.match(r"^(?:Heading|Überschrift|Titre|Titolo)\s*(\d)$", style or "")
    return int(m.group(1)) if m else None


def _text(element) -> str:
    """The visible text of a paragraph element: runs, tabs and breaks as spaces."""
    parts = []
    for node in element.iter(f"{W}t", f"{W}tab", f"{W}br", f"{W}cr"):
        parts.append(node.text or "" if node.tag == f"{W}t" else " ")
    return " ".join("".join(parts).split())


def _table_rows(tbl) -> list[str]:
    rows = []
    for tr in tbl.iter(f"{W}tr"):
        cells, last = [], None
        for tc in tr.iterchildren(f"{W}tc"):
            text = " ".join(_text(p) for p in tc.iter(f"{W}p"))
            text = " ".join(text.split())
            if text and text != last:  # a merged cell repeats its text
                cells.append(text)
            last = text
        if cells:
            rows.append(" | ".join(cells))
    return rows


def _notes(package, name: str, tag: str) -> list[Block]:
    """Footnotes or endnotes (their own part of the package) as blocks."""
    from lxml import etree

    out = []
    for part in package.parts:
        if str(part.partname) != f"/word/{name}.xml":
            continue
        root = etree.fromstring(part.blob)
        for note in root.iter(f"{W}{tag}"):
            if note.get(f"{W}type") in ("separator", "continuationSeparator", "continuationNotice"):
                continue
            text = " ".join(_text(p) for p in note.iter(f"{W}p")).strip()
            if text:
                out.append(Block(f"[{note.get(f'{W}id')}] {text}", "footnote"))
    return out


def read_docx(data: bytes):
    """Blocks and core properties of a DOCX."""
    import docx
    from docx.text.paragraph import Paragraph

    d = docx.Document(io.BytesIO(data))
    styles = {}
    blocks: list[Block] = []
    for el in d.element.body.iterchildren():
        if el.tag == f"{W}p":
            text = _text(el)
            if not text:
                continue
            style_id = el.pPr.pStyle.val if el.pPr is not None and el.pPr.pStyle is not None else None
            if style_id not in styles:
                styles[style_id] = (Paragraph(el, d._body).style.name if style_id else "") or ""
            style = styles[style_id]
            level = heading_level(style)
            if level is not None and len(text) <= 200:
                blocks.append(Block(text, "body", level))
                continue
            is_list = style.startswith("List") or (el.pPr is not None and el.pPr.numPr is not None)
            kind = "caption" if style == "Caption" else "body"
            blocks.append(Block(("• " + text) if is_list else text, kind))
        elif el.tag == f"{W}tbl":
            rows = _table_rows(el)
            if rows:
                blocks.append(Block("\n".join(rows), "table"))
    blocks += _notes(d.part.package, "footnotes", "footnote") + _notes(d.part.package, "endnotes", "endnote")
    cp = d.core_properties
    props = {"title": cp.title, "author": cp.author, "date": cp.created.date().isoformat() if cp.created else None,
             "organization": None}
    return blocks, props
