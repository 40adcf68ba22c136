"""The original page: a PDF page rendered to PNG with a passage's lines highlighted.

A passage is given by its document-text offsets (``document.text[start:end]``,
as every chunk and passage carries them). The page is read again with the same
layout code as at indexing time and the passage is found on it by its
characters (spaces, hyphens and the table separators " | " aside, since line
joining adds or removes only those), so each of its characters gets its box
on the page; the boxes are merged line by line and drawn over the rendered
page. Text that came from OCR is found the same way, with the boxes of its
words. Images are rendered on demand and cached on disk, keyed by the file's
content hash, the page, the offsets and the scale.

Example (``doc`` is the indexed ``Document`` of ``report.pdf``, and a passage
covers ``doc.text[1200:1450]``)::

    >>> from qa.ingest.pages import render_page                      # doctest: +SKIP
    >>> png = render_page("corpus/report.pdf", doc, 1200, 1450)      # doctest: +SKIP
    >>> png.name                                                     # doctest: +SKIP
    '3f2a...-p4-1200-1450-x2.png'

The result is a ``Path`` to a PNG under ``cache_dir`` (default
``~/.cache/qa/pages``); ``highlight_boxes`` gives the rectangles alone.
"""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

from qa.errors import QAError

CACHE = Path(os.environ.get("QA_PAGE_CACHE", Path.home() / ".cache" / "qa" / "pages"))
_SKIP = re.compile(r"[\s\-|‐‑–]")


def _key(text: str) -> tuple[str, list[int]]:
    """Characters that survive line joining, with their positions in ``text``.

    >>> _key("ques- tion | 5")
    ('question5', [0, 1, 2, 3, 6, 7, 8, 9, 13])
    """
    keep = [(c, i) for i, c in enumerate(text) if not _SKIP.match(c)]
    return "".join(c for c, _ in keep), [i for _, i in keep]


def highlight_boxes(pdf_path, page_number: int, passage: str) -> list[tuple[float, float, float, float]]:
    """Rectangles (x0, y0, x1, y1 in page points, y up) of a passage's lines on a page; [] if not found."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    from qa.ingest.layout import rows
    from qa.ingest.pdf_chars import page_segments

    pdf = pdfium.PdfDocument(str(pdf_path))
    try:
        page = pdf[page_number - 1]
        width, _ = page.get_size()
        textpage = page.get_textpage()
        segs = page_segments(page, textpage)
        if not segs:
            from qa.ingest import ocr
            segs = ocr.page_segments(page, width, page.get_size()[1])
        chars, where = [], []   # the page's characters in reading order, and (seg, char index) of each
        for row in rows(segs, width):
            for seg in row:
                for j, c in enumerate(seg.text):
                    if not _SKIP.match(c):
                        chars.append(c)
                        where.append((seg, seg.src[j] if j < len(seg.src) else -1))
        page_key = "".join(chars)
        want, _ = _key(passage)
        at = page_key.find(want) if want else -1
        if at < 0:
            return []
        boxes: list[list[float]] = []
        rect = raw.FS_RECTF()
        for seg, index in where[at:at + len(want)]:
            if index >= 0:
                raw.FPDFText_GetLooseCharBox(textpage.raw, index, rect)
                box = [rect.left, rect.bottom, rect.right, rect.top]
            else:
                box = [seg.x0, seg.y0, seg.x1, seg.y1]
            last = boxes[-1] if boxes else None
            if last and min(last[3], box[3]) - max(last[1], box[1]) > 0.5 * min(last[3] - last[1], box[3] - box[1]) \
                    and box[0] >= last[0] - 1:
                last[0], last[1], last[2], last[3] = min(last[0], box[0]), min(last[1], box[1]), max(last[2], box[2]), max(last[3], box[3])
            else:
                boxes.append(box)
        return [tuple(b) for b in boxes]
    finally:
        pdf.close()


def render_page(pdf_path, document, start: int, end: int, cache_dir: Path | None = None, scale: float = 2.0) -> Path:
    """PNG of the page holding ``document.text[start:end]``, that passage's lines highlighted.

    ``document`` is the indexed ``Document`` of ``pdf_path`` (its text, pages
    and sha256). Raises ``QAError`` for a document that is not a PDF or a file
    that changed since it was indexed.
    """
    import pypdfium2 as pdfium
    from PIL import Image, ImageDraw

    pdf_path = Path(pdf_path)
    if document.kind != "pdf" or not document.pages:
        raise QAError(f"{document.doc}: only PDF pages can be shown as images")
    page_number = document.page_at(start)
    data = pdf_path.read_bytes()
    if hashlib.sha256(data).hexdigest() != document.sha256:
        raise QAError(f"{pdf_path}: the file changed since it was indexed; re-index it to show its pages")
    cache = Path(cache_dir or CACHE)
    out = cache / f"{document.sha256[:16]}-p{page_number}-{start}-{end}-x{scale:g}.png"
    if out.exists():
        return out
    boxes = highlight_boxes(pdf_path, page_number, document.text[start:end])
    pdf = pdfium.PdfDocument(data)
    try:
        page = pdf[page_number - 1]
        left, _, _, top = page.get_cropbox()
        image = page.render(scale=scale).to_pil().convert("RGBA")
    finally:
        pdf.close()
    overlay = Image.new("RGBA", image.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    for x0, y0, x1, y1 in boxes:
        draw.rectangle([(x0 - left) * scale - 1, (top - y1) * scale - 1,
                        (x1 - left) * scale + 1, (top - y0) * scale + 1], fill=(255, 214, 0, 110))
    cache.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(f".tmp{os.getpid()}")
    Image.alpha_composite(image, overlay).convert("RGB").save(tmp, format="PNG")
    os.replace(tmp, out)
    return out
