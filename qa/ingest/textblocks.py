"""Blocks of text from any reader, their kinds, and the document text they make.

Readers produce ``Block``s (text, kind, heading level); ``assemble`` joins
them with blank lines into the text every offset points into and records
where each page, heading and non-body kind lies. ``classify_line`` tells a
reference or a footnote source line from body text by its look alone, for
formats that carry no structure (plain text).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

KINDS = ("body", "table", "caption", "footnote", "reference", "boilerplate")


@dataclass
class Block:
    text: str
    kind: str = "body"                  # one of KINDS
    level: int | None = None            # heading level (1 = top), None for text
    src: list = field(default_factory=list)    # per character: source char index or -1 (PDF)
    rows: list = field(default_factory=list)   # the layout rows it came from (PDF)
    page: int | None = None             # 1-based page


REFERENCE_LINE = re.compile(
    r"\[online\]|available at:|retrieved from|doi:\s*10\.|https?://|www\.|<u>|"
    r"^\s*\[\d{1,3}\]\s+[A-Z]|^\s*\d{1,3}\.\s+[A-Z][a-z]+,\s+[A-Z]\.|\bet al\.,?\s*\(?(?:19|20)\d\d|"
    r"^\s*(?:[ivxl]{1,6}|\^\{?[\divx]*\}?|[A-Z]{1,3})?\s*(?:19|20)\d\d\.\s",
    re.I,
)


def classify_line(text: str) -> str:
    """"reference" for a bibliography or footnote-source line, else "body".

    >>> classify_line("vi 2025. Canada Border Services Agency statistics [online] Available at: CBSA")
    'reference'
    >>> classify_line("[12] Lee, K., Chang, M.: Latent retrieval. In: ACL (2019)")
    'reference'
    >>> classify_line("In 2024, U.S. Customs and Border Protection reported 23,721 encounters.")
    'body'
    """
    t = text.strip()
    if not t:
        return "body"
    hits = len(REFERENCE_LINE.findall(t))
    if re.match(r"^\s*(?:[ivxl]{1,6}\s+|\^\{?[\divx]*\}?\s*|V\s+)?(?:19|20)\d\d\.\s", t, re.I) and hits:
        return "reference"
    if re.match(r"^\s*\[\d{1,3}\]\s", t) or (hits >= 2 and len(t) < 600):
        return "reference"
    if re.search(r"\[online\]\s*available at", t, re.I):
        return "reference"
    return "body"


WORD_END = re.compile(r"([A-Za-z]+)-$")
WORD_START = re.compile(r"^([a-z]+)")
CAPS_START = re.compile(r"^([A-Z]+)(?![a-z])")  # a word in capitals goes on in capitals ("ELE-" "MENT")
COMPOUND_HEADS = {
    "self", "cross", "all", "well", "non", "long", "short", "high", "low", "full", "half", "multi", "semi",
    "anti", "post", "ex", "built", "so", "open", "real", "one", "two", "three", "four", "five", "end", "user",
    "world", "first", "second", "third", "top", "state", "left", "right", "off", "on", "in", "out", "up", "data",
    "time", "large", "small", "fine", "hand", "part", "co", "x", "e", "mid", "pre", "re", "inter", "intra",
}
COMPOUND_TAILS = {
    "based", "like", "level", "free", "wide", "term", "scale", "time", "specific", "type", "made", "related",
    "oriented", "driven", "plated", "owned", "known", "used", "only", "aware", "friendly", "sized", "up", "in",
    "out", "off", "on", "down", "in-law", "of", "the", "art", "to", "date", "end", "border", "locking", "metal",
    "shaped", "resistant", "proof", "off", "specific", "dependent", "independent", "centric", "ready", "wise",
}


def dehyphenate_join(a: str, a_src: list, b: str, b_src: list, vocab: Counter) -> tuple[str, list]:
    """Join line ``b`` to line ``a``: with a space, or, when ``a`` ends in a
    word broken by a hyphen, into one word; a real compound keeps its hyphen
    ("cross-border"). ``vocab`` counts the document's words, which decides
    when the look of the parts does not.

    >>> dehyphenate_join("the ques-", [], "tion is", [], Counter())[0]
    'the question is'
    >>> dehyphenate_join("a cross-", [], "border crime", [], Counter())[0]
    'a cross-border crime'
    >>> dehyphenate_join("more", [], "text", [], Counter())[0]
    'more text'
    >>> dehyphenate_join("AD 2018–", [], "23–51 was", [], Counter())[0]
    'AD 2018–23–51 was'
    >>> dehyphenate_join("if ELE-", [], "MENT is NULL", [], Counter({"element": 3}))[0]
    'if ELEMENT is NULL'
    """
    a = a.rstrip()
    a_src = a_src[:len(a)]
    m = WORD_END.search(a) if a.endswith("-") else None  # (the search would scan the whole paragraph)
    n = WORD_START.match(b) or (CAPS_START.match(b) if m and m.group(1).isupper() else None)
    if m and n and not a.endswith("--"):
        head, tail = m.group(1), n.group(1)
        whole, hyph = (head + tail).lower(), f"{head}-{tail}".lower()
        keep = vocab.get(hyph, 0) > vocab.get(whole, 0)
        if vocab.get(whole, 0) == vocab.get(hyph, 0) == 0:
            keep = head.lower() in COMPOUND_HEADS and len(head) > 2 or tail.lower() in COMPOUND_TAILS or head[0].isupper() and len(head) > 1 and head.isupper()
        if keep:
            return a + b, a_src + b_src
        return a[:-1] + b, a_src[:-1] + b_src
    if re.fullmatch(r"\w[–—/]", a[-2:]) and b[:1].isalnum():
        return a + b, a_src + b_src  # a range or a path broken at its dash or slash: "2018–" + "23–51"
    return a + " " + b, a_src + [-1] + b_src


def word_counts(texts) -> Counter:
    """Lower-cased words (hyphenated ones too) of some lines.

    >>> word_counts(["A cross-border question.", "question"])["question"]
    2
    """
    count: Counter = Counter()
    for t in texts:
        count.update(w.lower() for w in re.findall(r"[A-Za-z]+(?:-[A-Za-z]+)*", t) if not w.endswith("-"))
    return count


@dataclass
class Assembled:
    text: str
    pages: list        # [[start, end]] per page (PDF), else []
    headings: list     # [[start, end, level]]
    spans: list        # [[start, end, kind]] for every block whose kind is not "body"


def assemble(blocks: list[Block], page_count: int = 0) -> Assembled:
    """Join blocks with blank lines; record pages, headings and kinds.

    >>> a = assemble([Block("Intro", level=1, page=1), Block("Text.", page=1), Block("A | 1", "table", page=2)], 2)
    >>> a.text, a.pages, a.headings, a.spans
    ('Intro\\n\\nText.\\n\\nA | 1', [[0, 12], [14, 19]], [[0, 5, 1]], [[14, 19, 'table']])
    """
    parts, headings, spans, pos = [], [], [], 0
    pages = [[None, None] for _ in range(page_count)]
    for b in blocks:
        text = b.text.strip("\n")
        if not text.strip():
            continue
        if parts:
            pos += 2
        end = pos + len(text)
        if b.level is not None:
            headings.append([pos, end, b.level])
        elif b.kind != "body":
            spans.append([pos, end, b.kind])
        if b.page is not None and 1 <= b.page <= page_count:
            p = pages[b.page - 1]
            p[0] = pos if p[0] is None else p[0]
            p[1] = end
        parts.append(text)
        pos = end
    # a page without text gets an empty span where it falls
    last = 0
    for p in pages:
        if p[0] is None:
            p[0] = p[1] = last
        last = p[1]
    return Assembled("\n\n".join(parts), pages, headings, spans)
