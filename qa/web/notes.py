"""The notebook's exports: collected quotes as Markdown or as a Word file.

The browser keeps the notes (localStorage) and sends them here to export, so
nothing in a note is trusted: ``clean`` keeps the known fields as bounded
strings and drops the rest. No Gradio here.

The Word file uses real footnotes: each quote is a paragraph ending in a
footnote reference, and the citation is the footnote's text. python-docx has
no footnote API, so ``to_docx`` writes the footnotes part itself (the
``/word/footnotes.xml`` part, its relationship and the separator footnotes
Word expects). Real footnotes rather than a numbered list at the end because
the file is meant to be pasted into a draft: copied into another Word
document, a footnote travels with its quote and Word renumbers it, where a
typed "[3]" would point at the wrong source.
"""

from __future__ import annotations

import base64
import io
from typing import NamedTuple

from qa.answer.citations import md_escape, quote_text
from qa.errors import QAError

MAX_NOTES = 500
MAX_FIELD = 20_000
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


class Note(NamedTuple):
    text: str         # the quote, verbatim
    title: str        # the document's title
    where: str = ""   # organization, date, section, paragraph or page
    comment: str = ""  # the user's own note
    context: str = ""  # the question or claim it was collected for
    anchor: str = ""

    @property
    def citation(self) -> str:
        return ", ".join(x for x in (self.title, self.where) if x)


def clean(notes) -> list[Note]:
    """Notes as sent by the page, checked: a list of objects with a quote.

    >>> clean([{"text": " A quote ", "title": "Paper", "where": "p. 2", "x": 1}, {"text": ""}, "junk"])
    [Note(text='A quote', title='Paper', where='p. 2', comment='', context='', anchor='')]
    """
    if not isinstance(notes, list):
        raise QAError("the notes could not be read; reload the page and try again")
    if len(notes) > MAX_NOTES:
        raise QAError(f"there are {len(notes)} notes; export at most {MAX_NOTES} at a time")
    out = []
    for n in notes:
        if not isinstance(n, dict):
            continue
        field = {k: str(n.get(k) or "").strip()[:MAX_FIELD] for k in Note._fields}
        if field["text"]:
            out.append(Note(**field))
    return out


def to_markdown(notes: list[Note]) -> str:
    """Block quotes with footnotes, each note's comment under its quote.

    >>> print(to_markdown([Note("It *was* 4,234.", "Border Paper", "NPF, para. 20", "check the year")]))
    # Notes
    <BLANKLINE>
    > It \\*was\\* 4,234.[^1]
    <BLANKLINE>
    Note: check the year
    <BLANKLINE>
    [^1]: *Border Paper*, NPF, para. 20
    <BLANKLINE>
    """
    out = ["# Notes", ""]
    for i, n in enumerate(notes, 1):
        out += [f"> {md_escape(quote_text(n.text))}[^{i}]", ""]
        if n.comment:
            out += [f"Note: {md_escape(' '.join(n.comment.split()))}", ""]
    out += [f"[^{i}]: *{md_escape(n.title)}*" + (f", {md_escape(n.where)}" if n.where else "") for i, n in enumerate(notes, 1)]
    return "\n".join(out) + "\n"


def to_docx(notes: list[Note]) -> bytes:
    """A Word document: a heading, each quote as a paragraph with a footnote
    holding its citation, the user's comment under it."""
    from docx import Document
    from docx.shared import Pt

    doc = Document()
    doc.add_heading("Notes", level=1)
    if not notes:
        doc.add_paragraph("No quotes were collected.")
    footnotes = []
    for i, n in enumerate(notes, 1):
        p = doc.add_paragraph()
        p.paragraph_format.left_indent = Pt(18)
        p.add_run(f"“{quote_text(n.text)}”")
        p._p.append(_footnote_reference(i))
        footnotes.append(n.citation)
        if n.comment:
            c = doc.add_paragraph()
            c.add_run("Note: ").bold = True
            c.add_run(" ".join(n.comment.split()))
    _add_footnotes_part(doc, footnotes)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def to_docx_base64(notes: list[Note]) -> str:
    return base64.b64encode(to_docx(notes)).decode("ascii")


def read_footnotes(docx_bytes: bytes) -> list[str]:
    """The footnotes' texts of a Word file (the separators left out), in order.

    >>> read_footnotes(to_docx([Note("Quote one.", "Paper", "p. 1"), Note("Two.", "Memo")]))
    ['Paper, p. 1', 'Memo']
    """
    from docx import Document
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from lxml import etree

    part = Document(io.BytesIO(docx_bytes)).part.part_related_by(RT.FOOTNOTES)
    root = etree.fromstring(part.blob)
    w = f"{{{W_NS}}}"
    return ["".join(t.text or "" for t in f.iter(f"{w}t")).strip()
            for f in root.iter(f"{w}footnote") if int(f.get(f"{w}id")) > 0]


def _w(tag: str, **attrs):
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    e = OxmlElement(f"w:{tag}")
    for k, v in attrs.items():
        e.set(qn(f"w:{k}"), str(v))
    return e


def _footnote_reference(n: int):
    r, rpr = _w("r"), _w("rPr")
    rpr.append(_w("vertAlign", val="superscript"))
    r.append(rpr)
    r.append(_w("footnoteReference", id=n))
    return r


def _add_footnotes_part(doc, texts: list[str]) -> None:
    """Write /word/footnotes.xml (separators -1 and 0, then one footnote per
    text, numbered from 1), relate it to the document, and name the
    separators in settings as Word does."""
    from docx.opc.constants import CONTENT_TYPE as CT, RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part
    from lxml import etree

    w = f"{{{W_NS}}}"
    root = etree.Element(f"{w}footnotes", nsmap={"w": W_NS})
    for fid, kind, mark in ((-1, "separator", "separator"), (0, "continuationSeparator", "continuationSeparator")):
        f = etree.SubElement(root, f"{w}footnote", {f"{w}type": kind, f"{w}id": str(fid)})
        p = etree.SubElement(f, f"{w}p")
        ppr = etree.SubElement(p, f"{w}pPr")
        etree.SubElement(ppr, f"{w}spacing", {f"{w}after": "0", f"{w}line": "240", f"{w}lineRule": "auto"})
        etree.SubElement(etree.SubElement(p, f"{w}r"), f"{w}{mark}")
    for i, text in enumerate(texts, 1):
        f = etree.SubElement(root, f"{w}footnote", {f"{w}id": str(i)})
        p = etree.SubElement(f, f"{w}p")
        r = etree.SubElement(p, f"{w}r")
        rpr = etree.SubElement(r, f"{w}rPr")
        etree.SubElement(rpr, f"{w}vertAlign", {f"{w}val": "superscript"})
        etree.SubElement(r, f"{w}footnoteRef")
        r = etree.SubElement(p, f"{w}r")
        rpr = etree.SubElement(r, f"{w}rPr")
        etree.SubElement(rpr, f"{w}sz", {f"{w}val": "20"})
        t = etree.SubElement(r, f"{w}t", {"{http://www.w3.org/XML/1998/namespace}space": "preserve"})
        t.text = " " + text
    blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    part = Part(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, blob, doc.part.package)
    doc.part.relate_to(part, RT.FOOTNOTES)
    settings = doc.settings.element
    pr = _w("footnotePr")
    for fid in (-1, 0):
        pr.append(_w("footnote", id=fid))
    later = ("endnotePr", "compat", "docVars", "rsids", "mathPr", "attachedSchema", "themeFontLang", "clrSchemeMapping")
    after = next((c for c in settings if etree.QName(c).localname in later), None)
    if after is not None:
        after.addprevious(pr)
    else:
        settings.append(pr)
