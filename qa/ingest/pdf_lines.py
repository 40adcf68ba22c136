"""What one line of a PDF page is, from its text, size, weight and place:
a caption, a footnote, a heading (and its level), a run-in title, or the
next line of the paragraph above it. ``qa.ingest.pdf_blocks`` asks these
questions line by line as it builds a page's blocks.

    >>> heading_level("5.2 Ablation Study", 10, True, 10), line_kind("Figure 2: Recall", 10, 10, None, 792, None)
    (2, 'caption')
"""

from __future__ import annotations

import re

from qa.ingest.layout import Seg
from qa.ingest.textblocks import Block, classify_line

NUMBERED = re.compile(r"^(?:(?:\d{1,2}(?:\.\d{1,2}){0,3})|[IVX]{1,5}|[A-H])\.?\s+\S")
CAPTION = re.compile(r"^(?:Figure|Fig\.|Table|Chart|Exhibit|Plate|Map)\s*(?:\d+(?:[.-]\d+)*|[IVX]+)[A-Za-z]?(?:\s*[.:—–]|\s+[A-Z(])")
TRAILING_WORDS = {"a", "an", "the", "of", "to", "and", "or", "for", "in", "on", "at", "by", "with", "will", "be", "is",
                  "are", "was", "that", "this", "these", "which", "as", "from", "its", "their", "not"}
FIELD = re.compile(r"^[A-Z][A-Za-z]*(?: [A-Za-z]+){0,3}:\s+\S")  # "Organization: Coastal Beacon Office"


def line_kind(text: str, size: float, body: float, first: Seg, height: float, prev: Block | None) -> str:
    if CAPTION.match(text):
        return "caption"
    if prev is not None and prev.kind == "footnote" and size <= body - 0.9:
        return "footnote"  # a footnote running on into the next column
    if size <= body - 0.9 and first.y1 < 0.45 * height and re.match(r"^\W?\d{1,3}\s?\D|^[*†‡§]", text):
        return "footnote"
    kind = classify_line(text)
    return kind


def heading_level(text: str, size: float, bold: bool, body: float) -> int | None:
    """A heading's level (1 largest) from its size and numbering, or None.

    >>> heading_level("5.2 Ablation Study", 10, True, 10)
    2
    >>> heading_level("The model is trained on SQuAD.", 12, False, 10) is None
    True
    """
    t = text.strip()
    if not t or len(t) > 120 or t.endswith((".", ",", ";")) and not NUMBERED.match(t) or not re.search(r"[A-Za-z]{2}", t):
        return None
    if t.endswith((",", ";", ":")) or t[0].islower() or len(t.split()) > 16:
        return None
    if re.search(r"[a-z]\. [A-Z]", t) or t.split()[-1] in TRAILING_WORDS:
        return None  # two sentences, or a line that runs on ("... The FAA will")
    bigger = size >= body + 1.5
    if not (bigger or (bold and size >= body - 1.0 and len(t) <= 90)):
        return None  # a bold line on its own, even set a little smaller than the text ("DEPARTMENT OF STATE"), is one
    m = re.match(r"^(\d{1,2}(?:\.\d{1,2}){0,3})\.?\s", t)
    if m and size >= body - 0.5:  # ("14 CFR Part 39" set small and bold is a minor heading, not chapter 14)
        return m.group(1).count(".") + 1
    if size >= body + 6:
        return 1
    if size >= body + 3:
        return 2
    return 3 if bigger else 4


def run_in_title(text: str, row: list[Seg], below: list[Seg], prev: Block | None, body: float) -> bool:
    """A short Title Case line set in another face than the text under it
    ("Boots Self-Locking Nut" in italics above its paragraph).

    >>> a, b = Seg("Elastic Stop Nut", 0, 80, 100, 112, 11, font="Times-Italic"), Seg("The nut is tall.", 0, 200, 86, 98, 11, font="Times-Roman")
    >>> run_in_title("Elastic Stop Nut", [a], [b], None, 11)
    True
    """
    t = text.strip()
    words = t.split()
    if not 1 <= len(words) <= 9 or len(t) > 70 or t.endswith((".", ",", ";", ":")) or len(row) > 1:
        return False
    if re.match(r"^[•◦▪●‣∙·*–-]", t) or below[0].text[:1].islower():
        return False  # a bullet's line, or a line whose sentence runs on below it
    small = {"a", "an", "the", "of", "and", "or", "for", "in", "on", "to", "with", "by", "at", "from"}
    if not all(w[0].isupper() or w[0].isdigit() or w.lower() in small for w in words if w[0].isalpha() or w[0].isdigit()):
        return False
    first, nxt = row[0], below[0]
    if not first.font or first.font == nxt.font or abs(first.size - body) > 2:
        return False
    if prev is not None and prev.level is None and not prev.text.rstrip().endswith((".", "!", "?", ":", ")")):
        return False
    return first.y0 - nxt.y1 < 1.5 * first.size


def continues(prev: Block, row: list[Seg], size: float, kind: str) -> bool:
    """Whether a line continues the paragraph above it."""
    last = prev.rows[-1][0]
    first = row[0]
    if kind != prev.kind and kind != "body":
        return False
    if abs(last.size - size) > 0.8 or last.bold != first.bold and len(prev.rows) == 1 and prev.text.strip().endswith(":"):
        return False
    gap = last.y0 - first.y1
    if kind == "body" and prev.kind == "body" and first.y1 > last.y1 + size and first.x0 > last.x1 \
            and (first.text[:1].islower() or re.search(r"[a-z,]$", prev.text) and first.text[:1].isalnum()) \
            and not prev.text.rstrip().endswith((".", "!", "?", ":", ";")):
        return True  # a sentence running on from the foot of one column to the top of the next ("... contact Ian" "Won, ...")
    if gap > 0.9 * size or gap < -2 * size:
        return False
    same_column = [r for r in prev.rows if r[0].x0 < last.x1 and r[-1].x1 > last.x0]  # a paragraph may start in the column before
    if len(same_column) >= 2 and prev.rows[-2][0].y0 > last.y1:
        above = prev.rows[-2][0]
        usual = above.y0 - last.y1
        if gap > usual + max(1.5, 0.2 * size):
            return False  # more space than between the paragraph's own lines
        left = min(r[0].x0 for r in same_column)
        right = max(r[-1].x1 for r in same_column)
        if prev.text.rstrip().endswith((".", "!", "?", ":")) and prev.rows[-1][-1].x1 < right - 0.25 * (right - left):
            return False  # the paragraph's last line stopped short
    if first.x0 > last.x1 or first.x1 < last.x0:  # another column
        return False
    if re.match(r"^\s*(?:[•◦▪●‣∙·\-–*]|\d{1,3}[.)]|\([a-z0-9]{1,3}\))\s", first.text):
        return False
    if FIELD.match(first.text) and (len(prev.rows) == 1 or FIELD.match(prev.rows[-1][0].text)):
        return False  # "Organization: ...", "Date: ..." under a title line or another field: a field of its own
    if len(prev.rows) == 1 and FIELD.match(last.text) and first.text[:1].isupper() and last.x1 < first.x1 - 2 * size:
        return False  # a field's value ended short of the line below, which starts anew
    if prev.kind == "footnote" and re.match(r"^\d{1,3}\s?[A-Z]", first.text) and prev.text.rstrip().endswith((".", ")")):
        return False  # the next footnote
    if prev.text.rstrip().endswith((".", "!", "?", ":", "”", "’’")) and first.x0 > last.x0 + 0.6 * size:
        return False  # an indented first line
    return True
