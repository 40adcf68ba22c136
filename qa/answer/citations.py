"""Stable anchors and ready-to-paste citations for quoted passages."""

from __future__ import annotations

import hashlib


def text_sha(text: str) -> str:
    """sha256 of a document's indexed text (what offsets point into)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def anchor(doc: str, text: str, start: int, end: int) -> str:
    """A stable reference to a passage: document, sha256 prefix of the passage
    text, offsets. The same words at the same place give the same anchor.

    >>> anchor("npf.txt", "Ottawa", 10, 16)
    'npf.txt#9c633c81c4f7:10-16'
    """
    return f"{doc}#{text_sha(text)[:12]}:{start}-{end}"


def page_shown(page: int | None, label: str | None = None, ocr: bool = False) -> int | str | None:
    """The page as a citation gives it: the label printed on it when the PDF
    labels its pages (a report's page 7 printed "iv"), else its number; and
    that the text was read by OCR from a scanned page.

    >>> page_shown(7, "iv"), page_shown(7), page_shown(2, None, ocr=True), page_shown(None)
    ('iv', 7, '2, text from OCR', None)
    """
    shown = label or page
    return f"{shown}, text from OCR" if ocr and shown else shown


def locator(section: str | None, paragraph: int | None, page: int | None) -> list[str]:
    """Where in the document: section, then page or paragraph.

    >>> locator("Background", 3, None)
    ['Background', 'para. 3']
    """
    parts = [section] if section else []
    if page:
        parts.append(f"p. {page}")
    elif paragraph:
        parts.append(f"para. {paragraph}")
    return parts


def source_parts(title: str, meta: dict, section=None, paragraph=None, page=None) -> list[str]:
    parts = [title, meta.get("organization"), meta.get("date")]
    return [p for p in parts if p] + locator(section, paragraph, page)


def quote_text(text: str) -> str:
    """A passage as one quoted line: whitespace folded, bullets dropped.

    >>> quote_text("• The RCMP\\nworks closely")
    'The RCMP works closely'
    """
    text = " ".join(text.split())
    return text[2:] if text.startswith(("• ", "- ", "* ")) else text


def cite(quote: str, title: str, meta: dict, section=None, paragraph=None, page=None) -> str:
    """Plain-text citation.

    >>> cite("It is long.", "Border Paper", {"organization": "NPF", "date": "Jan 28, 2025"}, "Intro", 2)
    '"It is long." (Border Paper, NPF, Jan 28, 2025, Intro, para. 2)'
    """
    return f"\"{quote_text(quote)}\" ({', '.join(source_parts(title, meta, section, paragraph, page))})"


def cite_markdown(quote: str, title: str, meta: dict, section=None, paragraph=None, page=None) -> str:
    """Markdown citation: a block quote with the source under it.

    >>> print(cite_markdown("It is long.", "Border Paper", {}, "Intro", 2))
    > It is long.
    >
    > — *Border Paper*, Intro, para. 2
    """
    parts = source_parts(title, meta, section, paragraph, page)
    rest = ", ".join(parts[1:])
    source = f"*{md_escape(parts[0])}*" + (f", {md_escape(rest)}" if rest else "")
    return f"> {md_escape(quote_text(quote))}\n>\n> — {source}"


def md_escape(text: str) -> str:
    """Escape Markdown so a quote pastes as the same words.

    >>> md_escape("a *b* [c](d)")
    'a \\\\*b\\\\* \\\\[c\\\\](d)'
    """
    for ch in "\\`*_[]<>#|":
        text = text.replace(ch, "\\" + ch)
    return text
