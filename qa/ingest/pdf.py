"""Read a PDF as a person would copy it, with pypdfium2 (PDFium: Apache-2.0/BSD).

Each page's characters become line segments with boxes and font sizes
(``pdf_chars.page_segments``); a page without a text layer, or with one
that has no Unicode map, is read by Tesseract (``qa.ingest.ocr``). Across
the pages ``read_pdf`` finds the running headers and footers and the body
text's size; ``pdf_blocks.page_blocks`` turns each page into blocks in
reading order, and ``pdf_meta`` describes the document (title candidates,
dates, printed page labels).
"""

from __future__ import annotations

import re
from collections import Counter

from qa.errors import QAError
from qa.ingest.layout import Seg
from qa.ingest.pdf_blocks import mark_reference_sections, norm_line, page_blocks
from qa.ingest.pdf_chars import open_pdf, page_segments
from qa.ingest.pdf_meta import page_labels, properties
from qa.ingest.textblocks import Block, word_counts


def running_lines(pages: list[tuple[list[Seg], float]]) -> set[str]:
    """Normalized texts of lines in the top or bottom margin that repeat on
    several pages (running headers and footers, digits folded).

    >>> top = lambda t, y: ([Seg(t, 50, 300, y, y + 9, 9)], 792.0)
    >>> sorted(running_lines([top("Vol. 85 / 47699", 760), top("Vol. 85 / 47700", 760), top("Body", 400)]))
    ['vol. # / #']
    """
    seen: Counter = Counter()
    for segs, height in pages:
        margin = [s for s in segs if s.y0 > 0.9 * height or s.y1 < 0.08 * height]
        keys = {norm_line(s.text) for s in margin} | {norm_line(" ".join(s.text for s in row)) for row in _margin_rows(margin)}
        seen.update(k for k in keys if k)
    need = 2 if len(pages) <= 4 else max(2, len(pages) // 4)
    return {k for k, c in seen.items() if c >= need}


def _margin_rows(segs: list[Seg]) -> list[list[Seg]]:
    from qa.ingest.layout import _lines

    return _lines(segs)


def body_size(pages) -> float:
    """The most common font size of the document's characters (half points)."""
    count: Counter = Counter()
    for segs, _ in pages:
        for s in segs:
            count[round(s.size * 2) / 2] += len(s.text)
    return count.most_common(1)[0][0] if count else 10.0


def read_pdf(data: bytes, name: str = "", progress=None):
    """Blocks, page count, printed page labels, OCR'd pages and properties of a PDF.

    ``progress`` is an optional callable(message) told about each OCR'd page.
    """
    from qa.ingest import ocr

    pdf = open_pdf(data)
    try:
        pages, ocr_pages, garbage = [], [], 0
        for i in range(len(pdf)):
            page = pdf[i]
            width, height = page.get_size()
            textpage = page.get_textpage()
            segs = page_segments(page, textpage)
            chars = sum(len(s.text) for s in segs)
            unreadable = chars > 0 and _unreadable(segs)
            garbage += unreadable
            if unreadable or (chars < 20 and _has_images(page)):
                if progress:
                    progress(f"OCR of page {i + 1} of {len(pdf)}")
                segs = ocr.page_segments(page, width, height, name)
                ocr_pages.append(i + 1)
            pages.append((segs, height, width))
        if garbage and not any(segs for segs, _, _ in pages):
            raise QAError("the PDF's text layer is unreadable (fonts without a Unicode map) and OCR found no text")
        geometry = [(segs, height) for segs, height, _ in pages]
        running = running_lines(geometry)
        body = body_size(geometry)
        vocab = word_counts(s.text for segs, _ in geometry for s in segs)
        blocks: list[Block] = []
        for number, (segs, height, width) in enumerate(pages, 1):
            for b in page_blocks(segs, width, height, body, running, vocab):
                b.page = number
                blocks.append(b)
        mark_reference_sections(blocks)
        return blocks, len(pdf), page_labels(pdf), ocr_pages, properties(pdf, blocks, running)
    finally:
        pdf.close()


def _unreadable(segs: list[Seg]) -> bool:
    """A text layer of mostly control or private-use characters (no Unicode map)."""
    text = "".join(s.text for s in segs)
    if len(text) < 20:
        return False
    return len(UNMAPPED.findall(text)) > 0.3 * len(text)


UNMAPPED = re.compile("[\x00-\x1f\ue000-\uf8ff\ufffd]")  # control, private-use and replacement characters


def _has_images(page) -> bool:
    import pypdfium2.raw as raw

    return any(obj.type == raw.FPDF_PAGEOBJ_IMAGE for obj in page.get_objects(max_depth=2))

