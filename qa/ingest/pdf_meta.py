"""What a PDF says about itself beside its text: its info dictionary (title,
author, creation date), its printed page labels ("iv", "7-45"), and the
headings on its cover that may be its title.

``qa.ingest.pdf`` reads the pages into blocks; ``properties`` and
``page_labels`` then describe the document for ``qa.ingest.metadata``,
which chooses among the title candidates ``cover_titles`` gives.
"""

from __future__ import annotations

import re
from collections import Counter

from qa.ingest.pdf_lines import NUMBERED
from qa.ingest.textblocks import Block


def properties(pdf, blocks: list[Block], running: set[str]) -> dict:
    """Title, author and date from the info dictionary; the cover's title
    candidates; the running headers' texts (``pdf``: an open pypdfium2 document)."""
    meta = pdf.get_metadata_dict(skip_empty=True)
    return {"title": meta.get("Title"), "author": meta.get("Author"), "date": _pdf_date(meta.get("CreationDate")),
            "headings": cover_titles(blocks), "running": sorted(running)}


def page_labels(pdf) -> list[str]:
    """The labels printed on the pages, one per page; none when they are
    just the page numbers 1, 2, 3 ... or empty."""
    labels = [pdf.get_page_label(i) or "" for i in range(len(pdf))]
    if all(label == str(i + 1) for i, label in enumerate(labels)):
        labels = []
    return labels if any(labels) else []


def cover_titles(blocks: list[Block]) -> list[str]:
    """Headings of the first page with text, most title-like first: the
    candidates for the title on a cover (``metadata.cover_heading`` chooses).

    The larger set comes first, then the longer; but a heading in the style
    (face and size) that the document's section headings repeat most
    ("Background", "Comments Invited") comes after all others.
    """
    def style(b: Block):
        seg = b.rows[0][0]
        return seg.font, round(seg.size * 2) / 2

    uses = Counter(style(b) for b in blocks if b.level is not None and b.rows)
    common, count = uses.most_common(1)[0] if uses else (None, 0)
    first = next((b.page for b in blocks if b.kind == "body"), None)
    heads = [b for b in blocks if b.page == first and b.level is not None and b.rows]
    top = max((max(s.size for s in b.rows[0]) for b in heads), default=0.0)
    found = []
    for b in heads:
        if NUMBERED.match(b.text) or b.text.endswith(":"):
            continue
        if len(b.text.split()) < 2 and not (max(s.size for s in b.rows[0]) == top and one_word_title(b.text)):
            continue  # a lone word is a title only when it is the cover's largest ("Libtasn1"), not "Contents"
        sectional = count >= 3 and style(b) == common
        found.append(((sectional, -max(s.size for s in b.rows[0]), -len(b.text)), b.text))
    return [text for _, text in sorted(found, key=lambda f: f[0])]


GENERIC_HEADINGS = {"abstract", "contents", "introduction", "preface", "foreword", "summary", "overview", "index",
                    "appendix", "background", "references", "bibliography", "acknowledgements", "acknowledgments",
                    "draft", "confidential", "chapter", "part", "notes"}


def one_word_title(text: str) -> bool:
    """Whether a heading of one word can be a document's title: a name, not a
    section every document has.

    >>> one_word_title("Libtasn1"), one_word_title("CONTENTS"), one_word_title("7"), one_word_title("Año")
    (True, False, False, True)
    """
    word = text.strip().strip(".:")
    return len(re.findall(r"[^\W\d_]", word)) >= 3 and word.lower() not in GENERIC_HEADINGS


def _pdf_date(value) -> str | None:
    """ISO date of a PDF date string.

    >>> _pdf_date("D:20200806095125Z")
    '2020-08-06'
    """
    m = re.match(r"D:(\d{4})(\d{2})(\d{2})", value or "")
    return f"{m.group(1)}-{m.group(2)}-{m.group(3)}" if m else None
