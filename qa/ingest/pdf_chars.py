"""A PDF page's characters as line segments, with pypdfium2 (PDFium: Apache-2.0/BSD).

``page_segments`` walks the text layer character by character (loose boxes,
font sizes, faces) and starts a new segment at a line break or at a gap wider
than the font size (a table cell, a column); ``split_leaders`` cuts a segment
at its dot leaders.
"""

from __future__ import annotations

import ctypes
import math
import re

from qa.errors import QAError
from qa.ingest.layout import Seg

BOLD_FONT = re.compile(r"bold|black|heavy|semibold|demi|CMBX|\.B\b|,B\b|-B\b", re.I)


def open_pdf(data: bytes):
    """A ``PdfDocument`` or a one-line ``QAError`` (encrypted, damaged)."""
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as e:
        msg = str(e)
        if "password" in msg.lower():
            raise QAError("the PDF is encrypted with a password; save an unprotected copy and add that") from None
        raise QAError(f"cannot read it as PDF ({msg.splitlines()[0]})") from None


def page_segments(page, textpage) -> list[Seg]:
    """Line segments of a page's text layer: a new segment at a line break or
    at a gap wider than the font size (a table cell, a column)."""
    import pypdfium2.raw as raw

    tp = textpage.raw
    n = textpage.count_chars()
    rect = raw.FS_RECTF()
    buf, flags = ctypes.create_string_buffer(128), ctypes.c_int()
    segs: list[Seg] = []
    cur: Seg | None = None
    last_x1 = None
    sizes: dict[int, list[float]] = {}
    lower: dict[int, list[float]] = {}  # sizes of lowercase letters: the text's size even beside small capitals
    for i in range(n):
        ch = chr(raw.FPDFText_GetUnicode(tp, i))
        if ch == "\x02":  # PDFium's mark for a hyphen at a line break
            ch = "-"
        if ch in "\r\n\ufffe":
            cur = None
            continue
        if ord(ch) < 32 and ch not in "\t":
            continue  # a glyph without a Unicode value
        if abs(math.sin(raw.FPDFText_GetCharAngle(tp, i))) > 0.2:
            continue  # rotated text: printer's marks and margin labels, not the page's text
        if ch.isspace() or ch == "\x00":
            if cur is not None and cur.text and not cur.text.endswith(" "):
                cur.text += " "
                cur.src.append(i)
            continue
        # the loose box spans the font's ascent to descent and the glyph's advance
        raw.FPDFText_GetLooseCharBox(tp, i, rect)
        x0, x1, y0, y1 = rect.left, rect.right, rect.bottom, rect.top
        size = raw.FPDFText_GetFontSize(tp, i)
        if size < 3:  # text scaled by its matrix reports size 1: the box knows better
            size = (y1 - y0) or 1.0
        if cur is not None:
            gap = x0 - (last_x1 if last_x1 is not None else cur.x1)
            on_line = min(cur.y1, y1) - max(cur.y0, y0) > 0.3 * min(cur.y1 - cur.y0, y1 - y0)
            fraction = ch == "⁄" or cur.text.endswith("⁄")  # 1⁄4: the slash's box sits apart
            if not on_line or (gap > max(1.0 * size, 6) and not fraction) or gap < -2 * size:
                cur = None
            elif gap > 0.45 * size and not cur.text.endswith(" "):
                cur.text += " "
                cur.src.append(-1)
        if cur is None:
            cur = Seg("", x0, x1, y0, y1, size, False)
            segs.append(cur)
            sizes[id(cur)] = []
        cur.text += ch
        cur.src.append(i)
        cur.x0, cur.x1 = min(cur.x0, x0), max(cur.x1, x1)
        cur.y0, cur.y1 = min(cur.y0, y0), max(cur.y1, y1)
        sizes[id(cur)].append(size)
        if ch.islower():
            lower.setdefault(id(cur), []).append(size)
        last_x1 = x1
    def font(i: int) -> str:
        raw.FPDFText_GetFontInfo(tp, i, buf, 128, ctypes.byref(flags))
        return buf.value.decode("latin-1", "replace")

    def is_bold(i: int) -> bool:
        return bool(BOLD_FONT.search(font(i))) or raw.FPDFText_GetFontWeight(tp, i) >= 600

    for s in segs:
        found = sorted(lower.get(id(s)) or sizes[id(s)])
        s.size = found[len(found) // 2]
        chars = [i for i in s.src if i >= 0]
        if chars:
            sample = {chars[0], chars[len(chars) // 2], chars[-1]}
            s.bold = sum(map(is_bold, sample)) * 2 > len(sample)
            s.font = font(chars[len(chars) // 2])
        while s.text.endswith(" "):
            s.text, s.src = s.text[:-1], s.src[:-1]
    return [s for s in segs if s.text.strip()]


LEADER = re.compile(r"\s*(?:\.\s?){4,}\s*|\s*(?:…\s?){2,}\s*|\s+\.{2,3}$")  # a leader the cell's edge cut short: "Total .."


def split_leaders(seg: Seg) -> list[Seg]:
    """A segment cut at its dot leaders ("Notices ....... vii"), which part a label from its value.

    >>> [(s.text, round(s.x0)) for s in split_leaders(Seg("Costs ........ $85", 0, 180, 0, 10, 10, src=list(range(18))))]
    [('Costs', 0), ('$85', 150)]
    """
    pieces = []
    start = 0
    for m in LEADER.finditer(seg.text):
        pieces.append((start, m.start()))
        start = m.end()
    pieces.append((start, len(seg.text)))
    if len(pieces) == 1:
        return [seg]
    n = max(len(seg.text), 1)
    out = []
    for a, b in pieces:
        if b <= a:
            continue
        x0 = seg.x0 + seg.width * a / n
        x1 = seg.x0 + seg.width * b / n
        out.append(Seg(seg.text[a:b], x0, x1, seg.y0, seg.y1, seg.size, seg.bold, seg.src[a:b], seg.font))
    return out or [seg]
