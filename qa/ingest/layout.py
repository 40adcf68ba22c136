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

    from qa.ingest.table_band import cross_column_table  # (it lays rows out with this module's _lines)

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
