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


SURROGATE = re.compile("[\ud800-\udfff]")


def _page_text(tp, n: int) -> str | None:
    """The text page's characters in one call, one per char index, or None when
    they do not line up (a character outside the BMP takes two UTF-16 units)."""
    import pypdfium2.raw as raw

    buf = ctypes.create_string_buffer(2 * (n + 1))
    got = raw.FPDFText_GetText(tp, 0, n, ctypes.cast(buf, ctypes.POINTER(ctypes.c_ushort)))
    text = buf.raw[:2 * max(got - 1, 0)].decode("utf-16-le", "surrogatepass")
    if len(text) != n or SURROGATE.search(text):
        return None
    return text


def page_segments(page, textpage) -> list[Seg]:
    """Line segments of a page's text layer: a new segment at a line break or
    at a gap wider than the font size (a table cell, a column).

    The loop runs once per character of the page, so it keeps its state in
    local variables and asks PDFium only for what it needs (the text comes in
    one call; box, size and angle per character).
    """
    import pypdfium2.raw as raw

    tp = textpage.raw
    n = textpage.count_chars()
    text = _page_text(tp, n)
    get_unicode, get_angle = raw.FPDFText_GetUnicode, raw.FPDFText_GetCharAngle
    get_box, get_size = raw.FPDFText_GetLooseCharBox, raw.FPDFText_GetFontSize
    rect = raw.FS_RECTF()
    rect_ref = ctypes.byref(rect)
    sin = math.sin
    buf, flags = ctypes.create_string_buffer(128), ctypes.c_int()
    records: list[list] = []   # per segment: [chars, src, sizes, lowercase sizes, x0, x1, y0, y1]
    rec = None
    parts: list = []
    src: list = []
    sizes: list = []
    lower: list = []
    sx0 = sx1 = sy0 = sy1 = 0.0
    last_x1 = None
    for i in range(n):
        ch = text[i] if text is not None else chr(get_unicode(tp, i))
        if ch == "\ufffe":  # the bulk text writes a hyphen at a line break (below) as this too
            ch = chr(get_unicode(tp, i))
        if ch == "\x02":  # PDFium's mark for a hyphen at a line break
            ch = "-"
        if ch in "\r\n\ufffe":
            if rec is not None:
                rec[4:] = sx0, sx1, sy0, sy1
                rec = None
            continue
        if ch < " " and ch != "\t":
            continue  # a glyph without a Unicode value
        if abs(sin(get_angle(tp, i))) > 0.2:
            continue  # rotated text: printer's marks and margin labels, not the page's text
        if ch.isspace():
            if rec is not None and parts[-1] != " ":
                parts.append(" ")
                src.append(i)
            continue
        # the loose box spans the font's ascent to descent and the glyph's advance
        get_box(tp, i, rect_ref)
        x0, x1, y0, y1 = rect.left, rect.right, rect.bottom, rect.top
        size = get_size(tp, i)
        if size < 3:  # text scaled by its matrix reports size 1: the box knows better
            size = (y1 - y0) or 1.0
        if rec is not None:
            gap = x0 - last_x1
            # on the segment's line: the heights overlap by 30% of the lower one (min/max written out: this runs per character)
            h0, h1 = sy1 - sy0, y1 - y0
            on_line = (sy1 if sy1 < y1 else y1) - (sy0 if sy0 > y0 else y0) > 0.3 * (h0 if h0 < h1 else h1)
            fraction = ch == "⁄" or parts[-1] == "⁄"  # 1⁄4: the slash's box sits apart
            if not on_line or (gap > (size if size > 6 else 6) and not fraction) or gap < -2 * size:
                rec[4:] = sx0, sx1, sy0, sy1
                rec = None
            elif gap > 0.45 * size and parts[-1] != " ":
                parts.append(" ")
                src.append(-1)
        if rec is None:
            parts, src, sizes, lower = [], [], [], []
            rec = [parts, src, sizes, lower, x0, x1, y0, y1]
            records.append(rec)
            sx0, sx1, sy0, sy1 = x0, x1, y0, y1
        parts.append(ch)
        src.append(i)
        if x0 < sx0:
            sx0 = x0
        if x1 > sx1:
            sx1 = x1
        if y0 < sy0:
            sy0 = y0
        if y1 > sy1:
            sy1 = y1
        sizes.append(size)
        if ch.islower():
            lower.append(size)  # sizes of lowercase letters: the text's size even beside small capitals
        last_x1 = x1
    if rec is not None:
        rec[4:] = sx0, sx1, sy0, sy1

    def font(i: int) -> str:
        raw.FPDFText_GetFontInfo(tp, i, buf, 128, ctypes.byref(flags))
        return buf.value.decode("latin-1", "replace")

    def is_bold(i: int) -> bool:
        return bool(BOLD_FONT.search(font(i))) or raw.FPDFText_GetFontWeight(tp, i) >= 600

    segs = []
    for chars_, src_, sizes_, lower_, x0, x1, y0, y1 in records:
        found = sorted(lower_ or sizes_)
        s = Seg("".join(chars_), x0, x1, y0, y1, found[len(found) // 2], False, src_)
        chars = [i for i in s.src if i >= 0]
        if chars:
            sample = {chars[0], chars[len(chars) // 2], chars[-1]}
            s.bold = sum(map(is_bold, sample)) * 2 > len(sample)
            s.font = font(chars[len(chars) // 2])
        while s.text.endswith(" "):
            s.text, s.src = s.text[:-1], s.src[:-1]
        if s.text.strip():
            segs.append(s)
    return segs


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
