"""An HTML element tree as text blocks: headings keep their level (a
paragraph styled as a heading, all bold, "PART II", "ITEM 7.", gets one too),
list items become bullets, tables with two or more cells a row become rows
("cell | cell"), captions are marked, and loose inline text next to itself is
one block. Which part of a page to read, and its title, is
``qa.ingest.html_reader``.
"""

from __future__ import annotations

import re

from qa.ingest.textblocks import Block

BLOCKS = {"p", "li", "pre", "blockquote", "dt", "dd", "figcaption", "caption", "h1", "h2", "h3", "h4", "h5", "h6",
          "table", "address"}
CONTAINERS = {"div", "section", "article", "main", "ul", "ol", "dl", "figure", "body", "html", "span", "center",
              "font", "td", "th", "tr", "tbody", "thead", "tfoot", "ix:nonnumeric", "ix:continuation"}


def tag_name(node) -> str | None:
    """An element's tag name, None for a comment or processing instruction."""
    return node.tag if isinstance(node.tag, str) else None


def element_text(el) -> str:
    """The element's text, its pieces joined by spaces and whitespace folded."""
    return clean(" ".join(el.itertext()))


def clean(text: str) -> str:
    return " ".join(text.replace("\xa0", " ").split())


def _table(el) -> Block | None:
    rows = []
    for tr in el.iter("tr"):
        if next(tr.iterancestors("table"), None) is not el:
            continue
        cells = [element_text(td) for td in tr if td.tag in ("td", "th")]
        cells = [c for c in cells if c and c not in ("$", "%", ")")]
        if cells:
            rows.append(cells)
    if not rows:
        return None
    if len(rows) == 1:  # a layout table: a bullet and its text, a checkbox and its label
        cells = rows[0]
        if cells[0] in ("•", "●", "◦", "▪", "-", "–", "*") and len(cells) > 1:
            return Block("• " + " ".join(cells[1:]))
        return Block(" ".join(cells))
    if max(len(r) for r in rows) < 2:
        return Block("\n".join(r[0] for r in rows))
    return Block("\n".join(" | ".join(r) for r in rows), "table")


BOLD_STYLE = re.compile(r"font-weight\s*:\s*(?:bold|[6-9]00)", re.I)


def _bold(el) -> bool:
    """Whether all the text of an element is set in bold (a heading made by styling)."""
    def bold_up(node) -> bool:
        while node is not None:
            if node.tag in ("b", "strong") or BOLD_STYLE.search(node.get("style") or ""):
                return True
            if node is el:
                return False
            node = node.getparent()
        return False

    owners = [el] if el.text and el.text.strip() else []
    for d in el.iterdescendants():
        if tag_name(d) is not None and d.text and d.text.strip():
            owners.append(d)
        if d.tail and d.tail.strip():
            owners.append(d.getparent())
    return bool(owners) and all(bold_up(o) for o in owners)


def styled_heading(text: str, el) -> int | None:
    """Level of a paragraph that is a heading by its look: "PART II" 1, "ITEM 7." 2, a short bold line 3.

    >>> import lxml.html
    >>> styled_heading("ITEM 4. MINE SAFETY", lxml.html.fromstring('<p style="font-weight:bold">ITEM 4. MINE SAFETY</p>'))
    2
    """
    if len(text) > 120 or text.endswith((".", ",", ";", ":")) and not re.match(r"^(?:PART|ITEM)\b", text, re.I):
        return None
    if not _bold(el) or not re.search(r"[A-Za-z]{3}", text):
        return None
    if re.match(r"^PART\s+[IVX]+\b", text):
        return 1
    if re.match(r"^ITEM\s+\d+[A-Z]?\.", text, re.I):
        return 2
    return 3


NESTED = BLOCKS - {"caption"}
NO_LOOSE_TEXT = ("ul", "ol", "table", "tr", "tbody", "dl")


def walk(el, out: list[Block]) -> None:
    """Append the blocks of ``el``'s children to ``out``, in document order."""
    def loose(text: str | None) -> None:
        text = clean(text or "")
        if text and el.tag not in NO_LOOSE_TEXT:
            out.append(Block(text))

    loose(el.text)
    for child in el:
        name = tag_name(child)
        if name == "table":
            b = _table(child)
            if b:
                out.append(b)
        elif name in BLOCKS and not any(tag_name(d) in NESTED for d in child.iterdescendants()):
            text = element_text(child)
            if text:
                if name[0] == "h" and name[1:].isdigit():
                    out.append(Block(text, "body", int(name[1:])))
                elif name == "li":
                    out.append(Block("• " + text))
                elif name in ("figcaption", "caption"):
                    out.append(Block(text, "caption"))
                elif name == "p" and (level := styled_heading(text, child)) is not None:
                    out.append(Block(text, "body", level))
                else:
                    out.append(Block(text))
        elif name is not None:
            walk(child, out)
        loose(child.tail)


def merge_inline(blocks: list[Block]) -> list[Block]:
    """Loose text pieces next to each other (inline elements outside any paragraph) as one block."""
    out: list[Block] = []
    for b in blocks:
        if out and b.kind == "body" and b.level is None and out[-1].kind == "body" and out[-1].level is None \
                and not out[-1].text.endswith((".", ":", "!", "?")) and not b.text.startswith("• ") \
                and len(out[-1].text) < 200 and len(b.text) < 200 and not out[-1].text.startswith("• "):
            out[-1].text += " " + b.text
        else:
            out.append(b)
    return out


def blocks(root) -> list[Block]:
    """The blocks of an element tree, loose inline text merged.

    >>> import lxml.html
    >>> [(b.text, b.kind, b.level) for b in blocks(lxml.html.fromstring(
    ...     "<div><h2>Fees</h2><ul><li>One</li></ul><table><tr><td>a</td><td>1</td></tr>"
    ...     "<tr><td>b</td><td>2</td></tr></table>Loose <b>text</b></div>"))]
    [('Fees', 'body', 2), ('• One', 'body', None), ('a | 1\\nb | 2', 'table', None), ('Loose text', 'body', None)]
    """
    out: list[Block] = []
    walk(root, out)
    return merge_inline(out)
