"""A table set across a page's column gutters, found and read row by row.

A multi-column page's layout (``layout.rows``) reads each column top to
bottom; a table whose cells run across the gutters would be cut into the
columns' text. ``cross_column_table`` finds such a table's lines (a cell
crossing a gutter beside other cells, or short cells side by side in one
column and beside others: a header), with the short lines just above it (its
title, header cells on two lines) and below or between its rows (a wrapped
cell), and reads them as rows of cells.
"""

from __future__ import annotations

from dataclasses import dataclass

from qa.ingest.layout import Seg, _lines


@dataclass
class _Cell:
    parts: list          # the segments stacked in this cell, top to bottom

    @property
    def seg(self) -> Seg:
        """The cell as one segment: its parts' text joined by spaces, their boxes united."""
        if len(self.parts) == 1:
            return self.parts[0]
        text, src = self.parts[0].text, list(self.parts[0].src)
        for p in self.parts[1:]:
            text, src = text + " " + p.text, src + [-1] + list(p.src)
        first = self.parts[0]
        return Seg(text, min(p.x0 for p in self.parts), max(p.x1 for p in self.parts), min(p.y0 for p in self.parts),
                   max(p.y1 for p in self.parts), first.size, first.bold, src, first.font)


CONNECTED = ("=", ",", "-", "–", "—", "/", "+", "×", "&")


def cross_column_table(segs: list[Seg], column) -> list[list[_Cell]]:
    """Rows of a table that runs across a page's column gutters, read row by row
    (each a list of cells left to right), or [] if there is none.

    A line is a table row when a cell crosses a gutter beside other cells, or
    when short cells sit in several columns with two side by side in one (the
    header). Two such lines or more make the table; short lines just above it
    (its title, header cells set on two lines) and just below or between its
    rows (a cell wrapped onto a second line) belong to it too.

    >>> col = lambda s: None if s.x0 < 200 < s.x1 else int(s.x0 > 200)
    >>> cells = [Seg("Action", 50, 80, 100, 108, 7), Seg("Labor", 150, 180, 100, 108, 7), Seg("Cost", 260, 290, 100, 108, 7),
    ...          Seg("Install ...", 50, 120, 88, 96, 7), Seg("1 hour × $85 =", 150, 250, 88, 96, 7), Seg("$85", 260, 280, 88, 96, 7),
    ...          Seg("$0 extra.", 155, 190, 79, 87, 7)]
    >>> [[c.seg.text for c in row] for row in cross_column_table(cells, col)]
    [['Action', 'Labor', 'Cost'], ['Install ...', '1 hour × $85 = $0 extra.', '$85']]
    """
    lines = _lines(segs)

    def tabular(line: list[Seg]) -> bool:
        if len(line) < 2 or any(len(s.text) >= 60 for s in line):
            return False
        where = [column(s) for s in line]
        if None in where:
            return True
        short = [c for s, c in zip(line, where) if not (len(s.text) >= 25 and where.count(c) == 1)]
        return len(set(short)) >= 2 and any(short.count(c) >= 2 for c in short)

    marks = [tabular(line) for line in lines]

    def running(k: int) -> bool:  # a line of running text (a header, a column's line), which no table holds
        return not marks[k] and any(len(s.text) >= 25 and len(s.text.split()) >= 4 for s in lines[k])

    found = [i for i, m in enumerate(marks) if m]
    if len(found) < 2:
        return []
    # the longest run of table lines with only short lines between them
    runs, start = [], found[0]
    for a, b in zip(found, found[1:]):
        if any(running(k) for k in range(a + 1, b)) \
                or any(_gap(lines[k], lines[k + 1]) > 2 * _height(lines[k + 1]) for k in range(a, b)):
            runs.append((start, a))
            start = b
    runs.append((start, found[-1]))
    first, last = max(runs, key=lambda r: (sum(marks[r[0]:r[1] + 1]), r[1] - r[0]))
    if sum(marks[first:last + 1]) < 2:
        return []
    while first > 0 and not running(first - 1) and _gap(lines[first - 1], lines[first]) <= 2 * _height(lines[first - 1]):
        first -= 1
    while last + 1 < len(lines) and not running(last + 1) and _gap(lines[last], lines[last + 1]) <= 0.6 * _height(lines[last + 1]) \
            and _wraps(lines[last + 1], lines[last]):
        last += 1
    return _table_rows(lines[first:last + 1])


def _height(line: list[Seg]) -> float:
    return max(s.y1 - s.y0 for s in line)


def _gap(above: list[Seg], below: list[Seg]) -> float:
    return min(s.y0 for s in above) - max(s.y1 for s in below)


def _wraps(line: list[Seg], row: list) -> bool:
    """Whether ``line`` holds the second lines of some cells of ``row`` (segments or cells):
    fewer pieces, each under one cell that runs on into it."""
    cells = [c.seg if isinstance(c, _Cell) else c for c in row]
    if len(line) >= len(cells):
        return False
    for s in line:
        above = [c for c in cells if min(c.x1, s.x1) - max(c.x0, s.x0) > 0]
        if len(above) != 1:
            return False
        c = above[0]
        runs_on = s.text[:1].islower() or c.text.rstrip().endswith(CONNECTED) or s.x0 > c.x0 + 0.4 * s.size
        if not runs_on:
            return False
    return True


def _table_rows(lines: list[list[Seg]]) -> list[list[_Cell]]:
    """Lines of a table as rows of cells: a line beside a row (header cells set
    a little higher or lower) joins it; a line of wrapped cell text joins the
    cells above it."""
    rows_: list[list[_Cell]] = []
    for line in lines:
        row = rows_[-1] if rows_ else None
        beside = row is not None and min(max(s.y1 for c in row for s in c.parts), max(s.y1 for s in line)) \
            - max(min(s.y0 for c in row for s in c.parts), min(s.y0 for s in line)) > 0
        wrapped = row is not None and not beside and _gap([s for c in row for s in c.parts], line) <= 0.6 * _height(line) \
            and _wraps(line, row)
        if not (beside or wrapped):
            rows_.append([_Cell([s]) for s in line])
            continue
        for s in line:
            under = [c for c in row if min(c.seg.x1, s.x1) - max(c.seg.x0, s.x0) > 0]
            if under:
                under[0].parts.append(s)
            else:
                row.append(_Cell([s]))
        row.sort(key=lambda c: c.seg.x0)
    return rows_
