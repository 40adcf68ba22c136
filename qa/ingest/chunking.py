"""Cut a document into chunks along its structure.

Stages, each a plain function: ``blocks()`` (``qa.ingest.paragraphs``)
finds paragraphs, bullets, fields and headings; ``chunk_document()`` gives
each block its section and paragraph number, splits blocks longer than the
model reads at sentence boundaries, and merges short neighbours in one
section. A chunk's text is always ``document.text[start:end]``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

from qa.config import ChunkSettings
from qa.ingest.paragraphs import Block, blocks
from qa.ingest.sentences import split_sentences


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
    kind: str = "body"         # body, table, caption, footnote, reference or boilerplate
    page_label: str | None = None   # the label printed on that page ("iv"), when the PDF has labels
    ocr: bool = False          # its text came from OCR of a scanned page


LEAD_IN_TOKENS = 40


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
    return _merge(units, max_tokens, text, count)


def _merge(units, limit, text: str = "", count: Callable[[str], int] | None = None):
    """Greedily join consecutive (start, end, tokens) spans while the sum fits.

    >>> _merge([(0, 3, 2), (4, 8, 2), (9, 12, 3)], 4)
    [(0, 8, 4), (9, 12, 3)]

    Counts add up only across whitespace the tokenizer also splits at. Between
    spans parted by anything else (U+0085 or U+001F, which Python's ``\\s``
    matches but the tokenizer deletes, gluing the words), the joined text of
    ``text`` is counted again with ``count``.
    """
    out = []
    for s, e, n in units:
        if out:
            s0, e0, n0 = out[-1]
            joined = n0 + n if count is None else joined_count(text, (s0, e0, n0), (s, e, n), count)
            if joined <= limit:
                out[-1] = (s0, e, joined)
                continue
        out.append((s, e, n))
    return out


_TOKEN_SPACE = re.compile(r"[ \t\n\r\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]*")  # the tokenizer's whitespace (Zs)


def joined_count(text: str, a: tuple, b: tuple, count: Callable[[str], int]) -> int:
    """Tokens of ``text`` from span ``a`` to span ``b`` (each ``(start, end,
    tokens)``, ``a`` first): their sum when only the tokenizer's whitespace
    parts them, else the joined text counted again (see ``_merge``).

    >>> joined_count("ab cd", (0, 2, 1), (3, 5, 1), len), joined_count("ab\x85cd", (0, 2, 1), (3, 5, 1), len)
    (2, 5)
    """
    return a[2] + b[2] if _TOKEN_SPACE.fullmatch(text, a[1], b[0]) else count(text[a[0]:b[1]])


def section_path(stack: list[tuple[int, str]]) -> str | None:
    """Headings from the top level down, as a citation shows them.

    >>> section_path([(1, "5 Experiments"), (2, "5.2 Ablation Study")])
    '5 Experiments > 5.2 Ablation Study'

    The document's title (level 0) names the section only before the first heading.
    """
    shown = [name for level, name in stack if level > 0] or [name for _, name in stack]
    return " > ".join(shown) or None


def chunk_document(doc, settings: ChunkSettings, count_tokens: Callable[[str], int]) -> list[Chunk]:
    """Chunks of a ``Document`` (anything with doc, text, headings, page_at).

    Headings with levels make a section path ("5 Experiments > 5.2 Ablation
    Study"); a chunk never mixes kinds of text nor crosses a page, unless a
    sentence runs on from one page to the next. In DOCX
    and HTML, which have no pages, ``paragraph`` counts within the section.
    Boilerplate (running headers and footers, page numbers) stays in the
    text, where offsets point, but makes no chunk.
    """
    text = doc.text
    structured = getattr(doc, "structured", False)
    # without pages, a long document's locator is its heading path and the paragraph within that section
    per_section = getattr(doc, "kind", None) in ("docx", "html")
    stack: list[tuple[int, str]] = []
    part, paragraph = 0, 0
    units = []  # (start, end, tokens, section, part, paragraph, kind, page); part changes at every heading
    for b in blocks(text, doc.headings, getattr(doc, "spans", None), guess=not structured):
        if b.heading:
            name = section_name(text[b.start:b.end])
            if name:
                level = b.level if b.level is not None else 99  # a guessed heading only replaces other guessed ones
                stack = [(lv, n) for lv, n in stack if lv < level] + [(level, name)]
            part += 1
            if per_section:
                paragraph = 0
            continue
        if b.kind == "boilerplate":
            continue  # page furniture (running headers, page numbers) stays in the text but is no passage
        paragraph += 1
        page = doc.page_at(b.start)
        for s, e, n in _pieces(text, b, settings.max_tokens, count_tokens):
            units.append((s, e, n, section_path(stack), part, paragraph, b.kind, page))
    chunks: list[tuple] = []
    for s, e, n, sec, prt, par, kind, page in units:
        last = chunks[-1] if chunks else None
        # short neighbours merge up to the target; a lead-in (a numbered item's
        # title, a "Label:" line, a one-line bullet) stays with what follows, up to the limit
        joined = joined_count(text, last[:3], (s, e, n), count_tokens) if last else n
        fits = last and joined <= (settings.target_tokens if last[2] > LEAD_IN_TOKENS else settings.max_tokens)
        # a sentence running on from one page to the next stays in one chunk (cited at its first page)
        runs_on = last and last[7] != page and not re.search(r"[.!?:;\"”’)\]]\s*$", text[last[0]:last[1]]) \
            and re.match(r"[a-z(]", text[s:e])
        fits = fits or (runs_on and joined <= settings.max_tokens)
        if last and last[4] == prt and fits and last[6] == kind and (last[7] == page or runs_on):
            chunks[-1] = (last[0], e, joined, sec, prt, last[5], kind, last[7])
        else:
            chunks.append((s, e, n, sec, prt, par, kind, page))
    label = getattr(doc, "page_label", lambda p: None)
    ocr = set(getattr(doc, "ocr_pages", []) or [])
    return [Chunk(doc.doc, i, sec, par, page, s, e, text[s:e], kind, label(page), page in ocr)
            for i, (s, e, _, sec, _, par, kind, page) in enumerate(chunks)]
