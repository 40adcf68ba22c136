"""Read the main content of an HTML page with BeautifulSoup.

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


def _hidden(el) -> bool:
    style = (el.get("style") or "").replace(" ", "").lower()
    return ("display:none" in style or "visibility:hidden" in style or el.has_attr("hidden")
            or el.get("aria-hidden") == "true" or el.name in ("ix:header",))


def _junk(el) -> bool:
    names = " ".join(el.get("class") or []) + " " + (el.get("id") or "")
    return bool(JUNK.search(names)) or el.get("role") in ("navigation", "banner", "contentinfo", "search", "menu")


def prune(soup) -> None:
    """Remove what is not the page's content, in place.

    The elements to drop are found first, in one pass in document order,
    passing over what lies inside one already found; then they are removed.
    """
    drop = set(DROP_TAGS)
    gone: set[int] = set()
    found = []
    for el in soup.find_all(True):
        parent = el.parent
        if parent is not None and id(parent) in gone:
            gone.add(id(el))  # inside an element that goes: goes with it
            continue
        if el.name in drop or _hidden(el) or (el.name not in ("body", "html", "main", "article") and _junk(el)):
            gone.add(id(el))
            found.append(el)
    for el in found:
        el.decompose()


def main_content(soup):
    """The first element (in document order) that marks the main content, by the
    first of the ``MAIN`` selectors that any element matches; None if none does.

    >>> from bs4 import BeautifulSoup
    >>> main_content(BeautifulSoup('<div id="content"><article><p>x</p></article></div>', "html.parser")).name
    'article'
    """
    first: dict[str, object] = {}
    for el in soup.find_all(True):
        keys = [el.name]
        if el.get("role") == "main":
            keys.append("[role=main]")
        if el.get("id"):
            keys.append("#" + el["id"])
        keys += ["." + c for c in el.get("class") or []]
        for key in keys:
            first.setdefault(key, el)
    return next((first[sel] for sel in MAIN if sel in first), None)


def _clean(text: str) -> str:
    return " ".join(text.replace("\xa0", " ").split())


def _table(el) -> Block | None:
    rows = []
    for tr in el.find_all("tr"):
        if tr.find_parent("table") is not el:
            continue
        cells = [_clean(td.get_text(" ")) for td in tr.find_all(["td", "th"], recursive=False)]
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
        while node is not None and node is not el.parent:
            if getattr(node, "name", None) in ("b", "strong") or BOLD_STYLE.search(node.get("style") or "" if hasattr(node, "get") else ""):
                return True
            node = node.parent
        return False

    texts = [t for t in el.find_all(string=True) if t.strip()]
    return bool(texts) and all(bold_up(t.parent) for t in texts)


def styled_heading(text: str, el) -> int | None:
    """Level of a paragraph that is a heading by its look: "PART II" 1, "ITEM 7." 2, a short bold line 3.

    >>> from bs4 import BeautifulSoup
    >>> styled_heading("ITEM 4. MINE SAFETY", BeautifulSoup('<p style="font-weight:bold">ITEM 4. MINE SAFETY</p>', "html.parser").p)
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


def _walk(el, out: list[Block]) -> None:
    for child in el.children:
        name = getattr(child, "name", None)
        if name is None:
            text = _clean(str(child))
            if text and el.name not in ("ul", "ol", "table", "tr", "tbody", "dl"):
                out.append(Block(text))
            continue
        if name == "table":
            b = _table(child)
            if b:
                out.append(b)
        elif name in BLOCKS and not child.find(list(BLOCKS - {"caption"})):
            text = _clean(child.get_text(" "))
            if not text:
                continue
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
        else:
            _walk(child, out)


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


def meta_tags(soup) -> dict:
    """The page's <meta> values by property, name and itemprop (lower-cased), in one pass."""
    found = {}
    for tag in soup.find_all("meta"):
        value = (tag.get("content") or "").strip()
        for attr in ("property", "name", "itemprop"):
            if tag.get(attr) and value:
                found.setdefault(tag[attr].strip().lower(), value)
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


def read_html(data: bytes):
    """Blocks and properties (title, author, date) of an HTML page."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(data, "lxml")
    tags = meta_tags(soup)
    og = meta_value(tags, "og:title", "twitter:title", "citation_title", "dc.title", "DC.title")
    h1 = soup.find("h1")
    page_title = soup.title.get_text(" ", strip=True) if soup.title else None
    author = meta_value(tags, "author", "article:author", "dc.creator", "DC.creator", "citation_author")
    date = meta_value(tags, "article:published_time", "date", "dc.date", "DC.date", "DC.date.issued",
                      "citation_publication_date", "citation_date", "pubdate", "og:updated_time", "article:modified_time")
    prune(soup)
    root = main_content(soup) or soup.body or soup
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
        or (_clean(h1.get_text(" ")) if h1 else None)
    return blocks, {"title": title, "author": author, "date": date[:10] if date else None}
