"""Read the main content of an HTML page with lxml (its encoding found by BeautifulSoup's UnicodeDammit).

Navigation, menus, language lists, cookie banners, edit links and hidden
elements (an inline-XBRL header is ``display:none``) are pruned; when the
page marks its main content (``<main>``, ``<article>``, ``role=main``,
Wikipedia's ``#mw-content-text``) only that is read. Headings keep their
level, list items become bullets, tables with two or more cells a row become
rows ("cell | cell"), and a reference list is marked as such. The title comes
from ``og:title``, then ``<title>``, without the site's suffix, then ``<h1>``
(a ``<title>`` that is a file name does not count).
"""

from __future__ import annotations

import re

from qa.ingest.textblocks import Block

DROP_TAGS = ["script", "style", "noscript", "template", "head", "nav", "aside", "form", "button", "svg",
             "iframe", "select", "input", "footer", "header", "menu", "dialog", "object", "embed", "canvas"]
JUNK = re.compile(
    r"(?:^|[\s_-])(?:nav|navbar|navbox|menu|sidebar|cookie|consent|banner|breadcrumbs?|footer|header|toc|"
    r"language|languages|interlanguage|lang-list|share|social|catlinks|printfooter|noprint|editsection|"
    r"mw-jump-link|skip|advert|ads|popup|modal|subscribe|related|vector-menu|mw-portlet|sitesub|"
    r"jump-to|hatnote|navigation-not-searchable|metadata|mbox|ambox|authority-control)(?:$|[\s_-])", re.I)
MAIN = ["main", "article", "[role=main]", "#mw-content-text", "#content", "#main-content", ".main-content"]
BLOCKS = {"p", "li", "pre", "blockquote", "dt", "dd", "figcaption", "caption", "h1", "h2", "h3", "h4", "h5", "h6",
          "table", "address"}
CONTAINERS = {"div", "section", "article", "main", "ul", "ol", "dl", "figure", "body", "html", "span", "center",
              "font", "td", "th", "tr", "tbody", "thead", "tfoot", "ix:nonnumeric", "ix:continuation"}
REFERENCES = re.compile(r"^(?:references|notes|citations|sources|bibliography|footnotes|further reading|external links|works cited)$", re.I)


def _tag(node) -> str | None:
    """An element's tag name, None for a comment or processing instruction."""
    return node.tag if isinstance(node.tag, str) else None


def _text(el) -> str:
    """The element's text, its pieces joined by spaces and whitespace folded."""
    return _clean(" ".join(el.itertext()))


def _hidden(el) -> bool:
    style = (el.get("style") or "").replace(" ", "").lower()
    return ("display:none" in style or "visibility:hidden" in style or "hidden" in el.attrib
            or el.get("aria-hidden") == "true" or el.tag in ("ix:header",))


def _junk(el) -> bool:
    names = " ".join((el.get("class") or "").split()) + " " + (el.get("id") or "")
    return bool(JUNK.search(names)) or el.get("role") in ("navigation", "banner", "contentinfo", "search", "menu")


def prune(root) -> None:
    """Remove what is not the page's content (comments too), in place; the text
    that follows a removed element stays."""
    drop = set(DROP_TAGS)
    found = [el for el in root.iter() if _tag(el) is None or el.tag in drop or _hidden(el)
             or (el.tag not in ("body", "html", "main", "article") and _junk(el))]
    for el in found:
        if el.getparent() is not None:
            el.drop_tree()


def main_content(root):
    """The first element (in document order) that marks the main content, by the
    first of the ``MAIN`` selectors that any element matches; None if none does.

    >>> import lxml.html
    >>> main_content(lxml.html.fromstring('<div id="content"><article><p>x</p></article></div>')).tag
    'article'
    """
    first: dict[str, object] = {}
    for el in root.iter():
        if _tag(el) is None:
            continue
        keys = [el.tag]
        if el.get("role") == "main":
            keys.append("[role=main]")
        if el.get("id"):
            keys.append("#" + el.get("id"))
        keys += ["." + c for c in (el.get("class") or "").split()]
        for key in keys:
            first.setdefault(key, el)
    return next((first[sel] for sel in MAIN if sel in first), None)


def _clean(text: str) -> str:
    return " ".join(text.replace("\xa0", " ").split())


def _table(el) -> Block | None:
    rows = []
    for tr in el.iter("tr"):
        if next(tr.iterancestors("table"), None) is not el:
            continue
        cells = [_text(td) for td in tr if td.tag in ("td", "th")]
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
        if _tag(d) is not None and d.text and d.text.strip():
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


def _walk(el, out: list[Block]) -> None:
    def loose(text: str | None) -> None:
        text = _clean(text or "")
        if text and el.tag not in NO_LOOSE_TEXT:
            out.append(Block(text))

    loose(el.text)
    for child in el:
        name = _tag(child)
        if name == "table":
            b = _table(child)
            if b:
                out.append(b)
        elif name in BLOCKS and not any(_tag(d) in NESTED for d in child.iterdescendants()):
            text = _text(child)
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
            _walk(child, out)
        loose(child.tail)


def _merge_inline(blocks: list[Block]) -> list[Block]:
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


def meta_tags(root) -> dict:
    """The page's <meta> values by property, name and itemprop (lower-cased), in one pass."""
    found = {}
    for tag in root.iter("meta"):
        value = (tag.get("content") or "").strip()
        for attr in ("property", "name", "itemprop"):
            if tag.get(attr) and value:
                found.setdefault(tag.get(attr).strip().lower(), value)
    return found


def meta_value(tags: dict, *names: str) -> str | None:
    return next((tags[n.lower()] for n in names if n.lower() in tags), None)


def strip_site(title: str) -> str:
    """A page title without the site's name after the last separator.

    >>> strip_site("Duck - Wikipedia")
    'Duck'
    >>> strip_site("Rule 5: notes | Ministry of Things")
    'Rule 5: notes'
    """
    parts = re.split(r"\s+[|–—-]\s+", title)
    return parts[0] if len(parts) > 1 and len(parts[0]) >= 3 else title


def parse(data: bytes):
    """The page as an lxml tree (its encoding found as BeautifulSoup finds it), or None if it holds nothing."""
    import lxml.html
    from bs4.dammit import UnicodeDammit
    from lxml.etree import ParserError

    markup = UnicodeDammit(data, is_html=True).unicode_markup or ""
    markup = re.sub(r"^\s*<\?xml[^>]*\?>", "", markup)  # lxml takes no encoding declaration in a decoded string
    try:
        return lxml.html.document_fromstring(markup)
    except ParserError:
        return None


def read_html(data: bytes):
    """Blocks and properties (title, author, date) of an HTML page."""
    root = parse(data)
    if root is None:
        return [], {"title": None, "author": None, "date": None}
    tags = meta_tags(root)
    og = meta_value(tags, "og:title", "twitter:title", "citation_title", "dc.title", "DC.title")
    h1 = next(root.iter("h1"), None)
    title_el = next(root.iter("title"), None)
    page_title = " ".join(t.strip() for t in title_el.itertext() if t.strip()) if title_el is not None else None
    author = meta_value(tags, "author", "article:author", "dc.creator", "DC.creator", "citation_author")
    date = meta_value(tags, "article:published_time", "date", "dc.date", "DC.date", "DC.date.issued",
                      "citation_publication_date", "citation_date", "pubdate", "og:updated_time", "article:modified_time")
    prune(root)
    root = main_content(root) or root.find("body") or root
    blocks: list[Block] = []
    _walk(root, blocks)
    blocks = _merge_inline(blocks)
    level = None
    for b in blocks:
        if b.level is not None:
            level = b.level if REFERENCES.match(b.text.strip()) else (None if level is None or b.level <= level else level)
        elif level is not None:
            b.kind = "reference"
    if page_title and re.fullmatch(r"[\w.-]+\.(?:html?|aspx?|php|jsp)|[\w-]*_[\w.-]*", page_title.strip()):
        page_title = None  # a file name is not a title
    title = (strip_site(og) if og else None) or (strip_site(page_title) if page_title else None) \
        or (_text(h1) if h1 is not None else None)
    return blocks, {"title": title, "author": author, "date": date[:10] if date else None}
