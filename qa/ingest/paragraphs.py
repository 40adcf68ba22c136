"""A text's structure as blocks: paragraphs, bullets, "Label:" fields and
headings, found from its lines (a plain text) or taken from the spans a
reader marked (PDF, DOCX, HTML headings and kinds of text).

``blocks()`` is the first stage of chunking: ``qa.ingest.chunking`` gives
each block its section and paragraph number and cuts and merges blocks to
the model's token limits. A block is ``(start, end)`` offsets into the text.
"""

from __future__ import annotations

import re
from typing import Callable, NamedTuple

from qa.ingest.metadata import DATELINE_RE
from qa.ingest.textblocks import classify_line


class Block(NamedTuple):
    start: int
    end: int
    heading: bool
    kind: str = "body"
    level: int | None = None


BULLET = re.compile(r"^\s*(?:[•◦▪●‣∙·\-–*+]|\d{1,3}[.)]|[a-z][.)]|\(\w{1,3}\))\s+")
LABEL = re.compile(r"^\s*[A-Za-z][A-Za-z /]{1,30}:\s*$")


def _looks_like_heading(line: str, next_is_bullet: bool) -> bool:
    """A short title-like line: no sentence ending, starts with a capital.

    >>> _looks_like_heading("Addressing Firearms Smuggling", False)
    True
    >>> _looks_like_heading("The border is long.", False)
    False
    """
    s = line.strip()
    if s.startswith("#"):
        return True
    if not s or len(s) > 100 or len(s.split()) > 14 or BULLET.match(s) or DATELINE_RE.match(s):
        return False
    if s.endswith("?"):
        return next_is_bullet and len(s) <= 200
    if s.endswith((".", ",", ";", "!")) or not (s[0].isupper() or s[0].isdigit()):
        return False
    return bool(re.search(r"[A-Za-z]{3}", s))


def _runs(text: str) -> list[list[tuple[int, int]]]:
    """Runs of non-blank lines, each as (start, end) line spans."""
    runs, run = [], []
    for m in re.finditer(r"[^\n]*(?:\n|$)", text):
        s, e = m.start(), m.end()
        if s == len(text):
            break
        line = text[s:e].rstrip("\r\n")
        if line.strip():
            run.append((s, s + len(line)))
        elif run:
            runs.append(run)
            run = []
    if run:
        runs.append(run)
    return runs


def blocks(text: str, heading_spans: list | None = None, kind_spans: list | None = None, guess: bool = True) -> list[Block]:
    """Paragraphs, bullets, "Label:" fields and headings of ``text``.

    A new block starts after a blank line, after a line that ends a sentence,
    and at a bullet; a "Label:" line joins the short value line under it.

    >>> t = "Title\\n\\nDate:\\nMay 1, 2025\\n• One.\\n• Two\\nwraps."
    >>> [(t[b.start:b.end], b.heading) for b in blocks(t)]
    [('Title', True), ('Date:\\nMay 1, 2025', False), ('• One.', False), ('• Two\\nwraps.', False)]
    """
    marked = {(span[0], span[1]): (span[2] if len(span) > 2 else None) for span in heading_spans or []}
    out: list[Block] = []
    for run in _runs(text):
        groups: list[list[tuple[int, int]]] = []
        for i, (s, e) in enumerate(run):
            line = text[s:e].strip()
            prev = text[run[i - 1][0]:run[i - 1][1]].strip() if i else ""
            joins_field = bool(LABEL.match(prev)) and len(line) < 80 and not BULLET.match(line)
            starts_new = (
                i == 0
                or (prev.endswith((".", "!", "?", ":", ";", "\"", "”", ")")) and not joins_field)
                or BULLET.match(line)
                or line.startswith("#")
                or prev.startswith("#")
                or (len(prev) <= 60 and line[:1].isupper() and _looks_like_heading(prev, False) and not joins_field)
            )
            if starts_new:
                groups.append([(s, e)])
            else:
                groups[-1].append((s, e))
        for g in groups:
            s, e = g[0][0], g[-1][1]
            s += len(text[s:e]) - len(text[s:e].lstrip())
            e -= len(text[s:e]) - len(text[s:e].rstrip())
            out.append(Block(s, e, False))
    # decide headings once neighbours are known
    explicit, guessed = set(), set()
    for i, b in enumerate(out):
        line = text[b.start:b.end]
        if (b.start, b.end) in marked or (guess and line.startswith("#") and "\n" not in line):
            explicit.add(i)
        elif guess and "\n" not in line and i + 1 < len(out):
            nxt = text[out[i + 1].start:out[i + 1].end]
            if _looks_like_heading(line, bool(BULLET.match(nxt))):
                guessed.add(i)
    guessed = _drop_heading_runs(guessed, explicit)
    if len(guessed) == len(out):  # a text of headings only has none
        guessed = set()
    kinds = _kind_finder(kind_spans)
    result = []
    for i, b in enumerate(out):
        heading = i in explicit or i in guessed
        level = marked.get((b.start, b.end)) if heading else None
        if heading and level is None:
            line = text[b.start:b.end]
            level = len(line) - len(line.lstrip("#")) or None
        kind = "body" if heading else (kinds(b.start) if kind_spans else classify_line(text[b.start:b.end]))
        result.append(b._replace(heading=heading, kind=kind, level=level))
    return result


def _kind_finder(spans: list | None) -> Callable[[int], str]:
    """The kind of text at an offset, from a reader's [[start, end, kind]] spans (in order)."""
    import bisect

    spans = sorted(spans or [])
    starts = [s[0] for s in spans]

    def kind(offset: int) -> str:
        i = bisect.bisect_right(starts, offset) - 1
        return spans[i][2] if i >= 0 and spans[i][0] <= offset < spans[i][1] else "body"
    return kind


def _drop_heading_runs(guessed: set[int], explicit: set[int]) -> set[int]:
    """In three or more guessed heading lines in a row (a list, a table of
    contents), only the last is a heading.

    >>> sorted(_drop_heading_runs({0, 1, 2, 4}, set()))
    [2, 4]
    """
    kept = set(guessed)
    for i in guessed:
        run = [j for j in range(i, i + 3)]
        if all(j in guessed for j in run):
            kept.discard(i)
            kept.discard(i + 1)
    return kept
