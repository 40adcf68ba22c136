"""Cut a document into chunks along its structure.

Stages, each a plain function: ``blocks()`` finds paragraphs, bullets, fields
and headings; ``chunk_document()`` gives each block its section and paragraph
number, splits blocks longer than the model reads at sentence boundaries, and
merges short neighbours in one section. A chunk's text is always
``document.text[start:end]``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, NamedTuple

from qa.config import ChunkSettings
from qa.ingest.metadata import DATELINE_RE
from qa.ingest.sentences import split_sentences


class Block(NamedTuple):
    start: int
    end: int
    heading: bool


@dataclass
class Chunk:
    doc: str
    split: int                 # position of the chunk in its document
    section: str | None
    paragraph: int | None      # 1-based number of the first paragraph it covers
    page: int | None           # 1-based PDF page of its start
    start: int
    end: int
    text: str


BULLET = re.compile(r"^\s*(?:[•◦▪●‣∙·\-–*+]|\d{1,3}[.)]|[a-z][.)]|\(\w{1,3}\))\s+")
LEAD_IN_TOKENS = 40
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


def blocks(text: str, heading_spans: list | None = None) -> list[Block]:
    """Paragraphs, bullets, "Label:" fields and headings of ``text``.

    A new block starts after a blank line, after a line that ends a sentence,
    and at a bullet; a "Label:" line joins the short value line under it.

    >>> t = "Title\\n\\nDate:\\nMay 1, 2025\\n• One.\\n• Two\\nwraps."
    >>> [(t[b.start:b.end], b.heading) for b in blocks(t)]
    [('Title', True), ('Date:\\nMay 1, 2025', False), ('• One.', False), ('• Two\\nwraps.', False)]
    """
    marked = {tuple(span) for span in heading_spans or []}
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
        if (b.start, b.end) in marked or (line.startswith("#") and "\n" not in line):
            explicit.add(i)
        elif "\n" not in line and i + 1 < len(out):
            nxt = text[out[i + 1].start:out[i + 1].end]
            if _looks_like_heading(line, bool(BULLET.match(nxt))):
                guessed.add(i)
    guessed = _drop_heading_runs(guessed, explicit)
    if len(guessed) == len(out):  # a text of headings only has none
        guessed = set()
    return [b._replace(heading=i in explicit or i in guessed) for i, b in enumerate(out)]


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


def section_name(text: str) -> str:
    """Heading text as a section name.

    >>> section_name("## Background:")
    'Background'
    """
    return " ".join(text.strip().lstrip("#").strip().rstrip(":").split())


def _pieces(text: str, b: Block, max_tokens: int, count: Callable[[str], int]):
    """A block as spans of at most ``max_tokens``: whole if it fits, else whole
    sentences, else (one over-long sentence) whole words."""
    if count(text[b.start:b.end]) <= max_tokens:
        return [(b.start, b.end, count(text[b.start:b.end]))]
    units = []
    for s, e in split_sentences(text, b.start, b.end):
        n = count(text[s:e])
        if n <= max_tokens:
            units.append((s, e, n))
        else:
            units.extend((m.start() + s, m.end() + s, count(m.group())) for m in re.finditer(r"\S+", text[s:e]))
    return _merge(units, max_tokens)


def _merge(units, limit):
    """Greedily join consecutive (start, end, tokens) spans while the sum fits.

    >>> _merge([(0, 3, 2), (4, 8, 2), (9, 12, 3)], 4)
    [(0, 8, 4), (9, 12, 3)]
    """
    out = []
    for s, e, n in units:
        if out and out[-1][2] + n <= limit:
            out[-1] = (out[-1][0], e, out[-1][2] + n)
        else:
            out.append((s, e, n))
    return out


def chunk_document(doc, settings: ChunkSettings, count_tokens: Callable[[str], int]) -> list[Chunk]:
    """Chunks of a ``Document`` (anything with doc, text, headings, page_at)."""
    text = doc.text
    section, part, paragraph = None, 0, 0
    units = []  # (start, end, tokens, section, part, paragraph); part changes at every heading
    for b in blocks(text, doc.headings):
        if b.heading:
            section, part = section_name(text[b.start:b.end]) or section, part + 1
            continue
        paragraph += 1
        for s, e, n in _pieces(text, b, settings.max_tokens, count_tokens):
            units.append((s, e, n, section, part, paragraph))
    chunks: list[tuple] = []
    for s, e, n, sec, prt, par in units:
        last = chunks[-1] if chunks else None
        # short neighbours merge up to the target; a lead-in (a numbered item's
        # title, a "Label:" line, a one-line bullet) stays with what follows, up to the limit
        fits = last and last[2] + n <= (settings.target_tokens if last[2] > LEAD_IN_TOKENS else settings.max_tokens)
        if last and last[4] == prt and fits:
            chunks[-1] = (last[0], e, last[2] + n, sec, prt, last[5])
        else:
            chunks.append((s, e, n, sec, prt, par))
    return [Chunk(doc.doc, i, sec, par, doc.page_at(s), s, e, text[s:e]) for i, (s, e, _, sec, _, par) in enumerate(chunks)]
