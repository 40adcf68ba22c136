"""One PDF page's lines as blocks, the way a person would copy them.

``page_blocks`` joins wrapped lines (re-joining words hyphenated at a line
break), keeps table rows as rows with cells separated by " | ", and tells
headings, labelled paragraphs ("DATES: ..."), captions, footnotes and the
running headers/footers (found across pages by ``qa.ingest.pdf``) apart;
``mark_reference_sections`` then marks the text under a "References" heading.
The line-by-line tests (is this a heading, does it continue the paragraph
above) are ``qa.ingest.pdf_lines``'.
"""

from __future__ import annotations

import re
from collections import Counter

from qa.ingest.layout import Seg, rows
from qa.ingest.pdf_chars import split_leaders
from qa.ingest.pdf_lines import TRAILING_WORDS, continues, heading_level, run_in_title
from qa.ingest.pdf_lines import line_kind as kind_of
from qa.ingest.textblocks import Block, dehyphenate_join

# a paragraph led by a label in capitals ("DATES:", "FOR FURTHER INFORMATION CONTACT:"), a section of its own
LABELLED = re.compile(r"^([A-Z][A-Z&/’'-]*(?: [A-Z][A-Z&/’'-]*){0,5}):(?=\s|$)")
LABEL_LEVEL = 5
REFERENCE_HEADING = re.compile(r"^(?:\d+\.?\s+)?(?:references|bibliography|works cited|literature cited|sources|endnotes|notes)$", re.I)


def norm_line(text: str) -> str:
    """A line's text as running headers are matched: lower case, digits folded.

    >>> norm_line("Federal Register / Vol. 85, No. 154 ")
    'federal register / vol. #, no. #'
    """
    return re.sub(r"\d+", "#", text.lower()).strip()


def page_blocks(segs: list[Seg], width: float, height: float, body: float, running: set[str], vocab: Counter) -> list[Block]:
    """One page's blocks in reading order, each with its kind and heading level."""
    # a part of a running header, set alone in the margin of one page ("Proposed Rules" in large type on
    # the first page of "Federal Register / Vol. 85 / Proposed Rules"), is the publication's, not the text's
    parts = {p.strip() for line in running for p in re.split(r"\s[/|•·]\s", line) if p.strip() != line}
    lines: list[tuple[list[Seg], str]] = []
    for row in rows(segs, width):
        row = [piece for seg in row for piece in split_leaders(seg)]  # a dot leader parts two cells
        text = " ".join(s.text for s in row)
        kind = "body"
        top_or_bottom = row[0].y0 > 0.9 * height or row[0].y1 < 0.08 * height
        if top_or_bottom and (norm_line(text) in running or norm_line(text) in parts or all(norm_line(s.text) in running for s in row) or re.fullmatch(r"[\divxlc\s.–-]{1,8}|page \d+( of \d+)?", text.strip(), re.I)):
            kind = "boilerplate"
        lines.append((row, kind))
    blocks: list[Block] = []
    boiler: list[Block] = []
    table_rows = _table_rows([r for r, _ in lines])
    body_lines = [s for s in segs if abs(s.size - body) < 0.6 and len(s.text) > 20]
    for i, (row, kind) in enumerate(lines):
        if kind == "boilerplate":
            boiler.append(_block([row], "boilerplate", None))
            continue
        first = row[0]
        size = max(s.size for s in row)
        text = " ".join(s.text for s in row)
        if i in table_rows:
            _add_table_row(blocks, row, i - 1 in table_rows)
            continue
        prev = blocks[-1] if blocks else None
        line_kind = kind_of(text, size, body, first, height, prev)
        if line_kind == "footnote" and any(s.y1 < first.y0 and s.x0 < first.x1 and s.x1 > first.x0 for s in body_lines):
            line_kind = "body"  # small print with body text below it is not a footnote
        label = LABELLED.match(text) if line_kind == "body" else None
        if label and len(label.group(1)) >= 3:
            # "DATES: The FAA must ...": the label heads its own section, the text under it is the paragraph
            k = label.end()
            blocks.append(Block(text[:k], "body", LABEL_LEVEL, _src(row)[:k], [row]))
            rest = text[k:].lstrip()
            if rest:
                cut = len(text) - len(rest)
                seg = row[0]
                lead = Seg(seg.text[cut:], seg.x0, seg.x1, seg.y0, seg.y1, seg.size, seg.bold, seg.src[cut:], seg.font)
                blocks.append(Block(rest, "body", None, _src(row)[cut:], [[lead] + row[1:] if lead.text else row[1:]]))
            continue
        bold = all(s.bold for s in row) and (len(row) == 1 or size >= body - 0.5)  # small bold cells are no heading
        heading = heading_level(text, size, bold, body) if line_kind == "body" else None
        if heading is None and line_kind == "body" and bold and i + 1 < len(lines) and text.split()[-1] in TRAILING_WORDS:
            below = lines[i + 1][0]  # a bold heading wrapped after "of" or "the": decided with its next line
            if all(s.bold for s in below) and abs(below[0].size - size) < 0.3 and first.y0 - below[0].y1 < 0.8 * size:
                heading = heading_level(text + " " + " ".join(s.text for s in below), size, True, body)
        if heading is None and line_kind == "body" and i + 1 < len(lines) and run_in_title(text, row, lines[i + 1][0], prev, body):
            heading = 5
        if heading is not None:
            if prev and prev.level is not None and abs(prev.rows[-1][0].size - size) < 0.3 and len(prev.text) + len(text) < 150 \
                    and prev.rows[-1][0].y0 - first.y1 < 0.8 * size and not prev.text.endswith(":"):
                prev.rows.append(row)   # a heading wrapped onto two lines
                prev.text = prev.text + " " + text
                prev.src = prev.src + [-1] + _src(row)
                continue
            blocks.append(_block([row], "body", heading))
            continue
        if line_kind == "body" and prev is not None and prev.kind == "footnote" and text[:1].islower():
            # a paragraph that a column's footnotes interrupted continues at the top of the next column
            before = next((b for b in reversed(blocks) if b.kind != "footnote"), None)
            if before is not None and before.level is None and before.kind == "body":
                prev = before
        if prev and prev.level is None and prev.kind in ("body", "caption", "footnote", "reference") and \
                continues(prev, row, size, line_kind):
            joined, src = dehyphenate_join(prev.text, prev.src, text, _src(row), vocab)
            prev.text, prev.src = joined, src
            prev.rows.append(row)
            if prev is not blocks[-1]:  # run on past the footnotes (which go after the page's text anyway)
                blocks.remove(prev)
                blocks.append(prev)
            continue
        blocks.append(_block([row], line_kind, None))
    # footnotes out of the flow: after the page's text, before its running header and footer
    return [b for b in blocks if b.kind != "footnote"] + [b for b in blocks if b.kind == "footnote"] + boiler


def _src(row: list[Seg]) -> list[int]:
    out: list[int] = []
    for j, s in enumerate(row):
        if j:
            out.append(-1)
        out += s.src
    return out


def _block(rows_: list[list[Seg]], kind: str, level) -> Block:
    text = " ".join(s.text for s in rows_[0])
    return Block(text, kind, level, _src(rows_[0]), rows_)


def _table_rows(lines: list[list[Seg]]) -> set[int]:
    """Indices of rows with two or more cells, in runs of at least two rows."""
    multi = [len(r) >= 2 and all(len(s.text) < 60 for s in r) for r in lines]
    out = set()
    for i, m in enumerate(multi):
        if m and ((i > 0 and multi[i - 1]) or (i + 1 < len(multi) and multi[i + 1])):
            out.add(i)
    # short lines right above a table, or between two of its rows, are its header cells
    def cell_like(r):
        t = " ".join(x.text for x in r)
        return len(r) == 1 and len(t) <= 30 and not t.rstrip().endswith((".", ":", ";", ","))
    for i in sorted(out):
        j = i - 1
        while j >= 0 and j not in out and i - j <= 4 and cell_like(lines[j]):
            j -= 1
        if j < i - 1 and (j < 0 or j in out or not cell_like(lines[j])):
            out.update(range(j + 1, i))
    return out


def _add_table_row(blocks: list[Block], row: list[Seg], continues: bool) -> None:
    text = " | ".join(s.text for s in row)
    src: list[int] = []
    for j, s in enumerate(row):
        if j:
            src += [-1, -1, -1]
        src += s.src
    if continues and blocks and blocks[-1].kind == "table":
        b = blocks[-1]
        b.text, b.src = b.text + "\n" + text, b.src + [-1] + src
        b.rows.append(row)
    else:
        blocks.append(Block(text, "table", None, src, [row]))


def mark_reference_sections(blocks: list[Block]) -> None:
    """Text under a "References" (or "Notes", "Bibliography") heading is a reference,
    up to the next heading of the same or a higher level."""
    level = None
    for b in blocks:
        if b.level is not None:
            if REFERENCE_HEADING.match(b.text.strip()):
                level = b.level
            elif level is not None and b.level <= level:
                level = None
        elif level is not None and b.kind == "body":
            b.kind = "reference"

