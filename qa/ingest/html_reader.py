"""Read the main content of an HTML page with lxml (its encoding found by BeautifulSoup's UnicodeDammit).

Navigation, menus, language lists, cookie banners, edit links and hidden
elements (an inline-XBRL header is ``display:none``) are pruned; when the
page marks its main content (``<main>``, ``<article>``, ``role=main``,
Wikipedia's ``#mw-content-text``) only that is read, as blocks
(``qa.ingest.html_blocks``: headings with their level, bullets, table rows),
and a reference list is marked as such. The title comes
from ``og:title``, then ``<title>``, without the site's suffix, then ``<h1>``
(a ``<title>`` that is a file name does not count).
"""

from __future__ import annotations

import re

from qa.ingest.html_blocks import blocks as html_blocks, element_text, tag_name

DROP_TAGS = ["script", "style", "noscript", "template", "head", "nav", "aside", "form", "button", "svg",
             "iframe", "select", "input", "footer", "header", "menu", "dialog", "object", "embed", "canvas"]
JUNK = re.compile(
    r"(?:^|[\s_-])(?:nav|navbar|navbox|menu|sidebar|cookie|consent|banner|breadcrumbs?|footer|header|toc|"
    r"language|languages|interlanguage|lang-list|share|social|catlinks|printfooter|noprint|editsection|"
    r"mw-jump-link|skip|advert|ads|popup|modal|subscribe|related|vector-menu|mw-portlet|sitesub|"
    r"jump-to|hatnote|navigation-not-searchable|metadata|mbox|ambox|authority-control)(?:$|[\s_-])", re.I)
MAIN = ["main", "article", "[role=main]", "#mw-content-text", "#content", "#main-content", ".main-content"]
REFERENCES = re.compile(r"^(?:references|notes|citations|sources|bibliography|footnotes|further reading|external links|works cited)$", re.I)


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
    found = [el for el in root.iter() if tag_name(el) is None or el.tag in drop or _hidden(el)
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
        if tag_name(el) is None:
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
    # the main content, else the body, else the whole page: the first that has child elements (as lxml's
    # truth value read, which warns that it will change)
    root = next((el for el in (main_content(root), root.find("body")) if el is not None and len(el)), root)
    blocks = html_blocks(root)
    level = None
    for b in blocks:
        if b.level is not None:
            level = b.level if REFERENCES.match(b.text.strip()) else (None if level is None or b.level <= level else level)
        elif level is not None:
            b.kind = "reference"
    if page_title and re.fullmatch(r"[\w.-]+\.(?:html?|aspx?|php|jsp)|[\w-]*_[\w.-]*", page_title.strip()):
        page_title = None  # a file name is not a title
    title = (strip_site(og) if og else None) or (strip_site(page_title) if page_title else None) \
        or (element_text(h1) if h1 is not None else None)
    return blocks, {"title": title, "author": author, "date": date[:10] if date else None}
