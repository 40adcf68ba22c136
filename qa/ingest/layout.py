"""Page layout, format-free: positioned text segments in, reading-order blocks out.

A ``Seg`` is a run of text on one line with its box in page points (y grows
upwards, as in PDF). ``reading_order`` finds the columns of a page (gutters
that long text lines never cross) and reads each band between full-width
items column by column; ``rows`` puts segments that share a baseline on one
row. The same code lays out PDF text layers and Tesseract's words.

>>> a = Seg("Left column text that runs on and on", 50, 290, 700, 710, 10)
>>> b = Seg("Right column text that runs on as well", 310, 560, 700, 710, 10)
>>> c = Seg("and continues on the next line below it", 50, 290, 688, 698, 10)
>>> d = Seg("and the right one continues below too", 310, 560, 688, 698, 10)
>>> e = Seg("third line of the left column, still going", 50, 290, 676, 686, 10)
>>> f = Seg("third line of the right column, going on", 310, 560, 676, 686, 10)
>>> [s.text[:5] for s in reading_order([a, b, c, d, e, f], 612)]
['Left ', 'and c', 'third', 'Right', 'and t', 'third']
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Seg:
    text: str
    x0: float
    x1: float
    y0: float          # bottom
    y1: float          # top
    size: float        # font size in points
    bold: bool = False
    src: list = field(default_factory=list)   # per character of text: the page's char index, or -1
    font: str = ""     # font name (PDF), to tell a heading set in another face

    @property
    def width(self) -> float:
        return self.x1 - self.x0


def _is_flow(s: Seg, page_width: float) -> bool:
    """A line of running text (not a table cell, label or page number)."""
    return len(s.text) >= 25 and len(s.text.split()) >= 4 and s.width >= 0.12 * page_width


def gutters(segs: list[Seg], page_width: float) -> list[tuple[float, float]]:
    """Vertical strips between columns: crossed by (almost) no line of running text,
    with at least three such lines on either side.

    >>> lines = [Seg("x" * 30 + " a b c", x, x + 200, y, y + 10, 10) for x in (50, 320) for y in (100, 120, 140)]
    >>> gutters(lines, 612)
    [(250.0, 321.0)]
    """
    flow = [s for s in segs if _is_flow(s, page_width)]
    if len(flow) < 6:
        return []
    lo, hi = int(min(s.x0 for s in flow)), int(max(s.x1 for s in flow)) + 1
    cover = [0] * (hi - lo + 1)
    for s in flow:
        for x in range(int(s.x0) + 1 - lo, int(s.x1) - lo):
            cover[x] += 1
    allowed = max(1, len(flow) // 25)  # a title or a full-width table may cross a gutter
    good, x = [], 10
    while x < len(cover) - 10:
        if cover[x] > allowed:
            x += 1
            continue
        end = x
        while end < len(cover) - 10 and cover[end] <= allowed:
            end += 1
        g0, g1 = float(lo + x), float(lo + end)
        left = sum(1 for s in flow if s.x1 < g1)
        right = sum(1 for s in flow if s.x0 > g0)
        if end - x >= 5 and left >= 3 and right >= 3:
            good.append((g0, g1))
        x = end
    return good


def reading_order(segs: list[Seg], page_width: float) -> list[Seg]:
    """Segments in the order a person reads them: the page's head (what sits
    above every column's text), then bands between full-width items top to
    bottom; inside a band, columns left to right, each top to bottom, a line's
    segments left to right.

    >>> head = Seg("Vol. 85, No. 152", 320, 400, 740, 748, 8)
    >>> cols = [Seg(t * 6 + " a b c", x, x + 200, y, y + 10, 10) for x, t in ((50, "left"), (320, "right")) for y in (700, 688, 676)]
    >>> [s.text[:5] for s in reading_order([head] + cols, 612)]
    ['Vol. ', 'leftl', 'leftl', 'leftl', 'right', 'right', 'right']

    When one column starts lower (a figure above it), a heading atop the other is not the page's head:

    >>> low = [Seg("left" * 6 + " a b c", 50, 250, y, y + 10, 10) for y in (500, 488, 476)]
    >>> heading = Seg("3 Method", 320, 400, 720, 732, 12)
    >>> [s.text[:5] for s in reading_order([heading] + low + cols[3:], 612)]
    ['leftl', 'leftl', 'leftl', '3 Met', 'right', 'right', 'right']
    """
    return [s for row in rows(segs, page_width) for s in row]


def _lines(segs: list[Seg]) -> list[list[Seg]]:
    """Segments grouped into lines (heights overlapping by half), top to bottom, each left to right."""
    out: list[list[Seg]] = []
    band = None
    for s in sorted(segs, key=lambda s: -s.y1):
        if out and band and same_row(band, s):
            out[-1].append(s)
        else:
            out.append([s])
            band = s
    return [sorted(r, key=lambda s: s.x0) for r in out]


def rows(segs: list[Seg], page_width: float) -> list[list[Seg]]:
    """The page's lines in reading order, each a list of segments left to right."""
    cols = gutters(segs, page_width)
    if not cols:
        return _lines(segs)
    bounds = [c[0] for c in cols]

    def column(s: Seg) -> int | None:
        for g0, g1 in cols:
            if s.x0 < g0 - 1 and s.x1 > g1 + 1:
                return None  # crosses a gutter: spans the columns
        mid = (s.x0 + s.x1) / 2
        return sum(1 for b in bounds if mid > b)

    table = cross_column_table(segs, column)
    in_table = {id(s) for row in table for cell in row for s in cell.parts}
    free = [s for s in segs if id(s) not in in_table]
    spanning = sorted(_lines([s for s in free if column(s) is None]) + [[c.seg for c in row] for row in table],
                      key=lambda line: -max(s.y1 for s in line))
    out, rest = [], [s for s in free if column(s) is not None]
    stops = [(max(s.y1 for s in line), line) for line in spanning]
    tops: dict[int, float] = {}
    for s in rest:
        if _is_flow(s, page_width):
            c = column(s)
            tops[c] = max(tops.get(c, s.y1), s.y1)
    line = max((s.y1 - s.y0 for s in rest), default=0)
    if len(tops) == len(cols) + 1 and max(tops.values()) - min(tops.values()) <= 2 * line:
        # the columns start level: the page's head above them all (a masthead, a page number) is read first
        # (not when one column starts lower, under a figure: a heading atop the other is the text's)
        stops.append((max(tops.values()) + 1, []))
    stops.sort(key=lambda stop: -stop[0])
    for top, line in stops + [(float("-inf"), [])]:
        band = [s for s in rest if (s.y0 + s.y1) / 2 > top]
        rest = [s for s in rest if (s.y0 + s.y1) / 2 <= top]
        for c in range(len(cols) + 1):
            out += _lines([s for s in band if column(s) == c])
        if line:
            out.append(line)
    return out


def same_row(a: Seg, b: Seg) -> bool:
    """Whether two segments sit on one line (their heights overlap by half).

    >>> same_row(Seg("a", 0, 10, 100, 110, 10), Seg("b", 50, 60, 102, 111, 10))
    True
    """
    overlap = min(a.y1, b.y1) - max(a.y0, b.y0)
    return overlap > 0.5 * min(a.y1 - a.y0, b.y1 - b.y0)


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
