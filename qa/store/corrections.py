"""Users' corrections of a document's metadata (title, organization, author,
date, reference): one rule for merging them, shared by every store, and the
local store's file that keeps them across builds.

A correction is kept per document, by document name, apart from what the
readers found, so re-indexing a document or updating its file never loses it.
The local store keeps them in ``<collection>/corrections.json``; the Qdrant
store keeps them as points of its own (``qa.store.qdrant_write``).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from qa.errors import IndexCorrupt, QAError
from qa.store.base import META_FIELDS

FILE = "corrections.json"


def merged(current: dict[str, str], fields: dict[str, str | None]) -> dict[str, str]:
    """``current`` corrections with ``fields`` applied: a value sets a field
    (trimmed), an empty or None value removes the correction of that field.
    Raises QAError, listing the fields that can be corrected, for any other.

    >>> merged({"title": "Old", "date": "2024"}, {"title": " New ", "date": "", "author": None})
    {'title': 'New'}
    >>> merged({}, {"colour": "red"})
    Traceback (most recent call last):
    ...
    qa.errors.QAError: cannot correct 'colour'; fields: title, organization, author, date, reference
    """
    unknown = [k for k in fields if k not in META_FIELDS]
    if unknown:
        raise QAError(f"cannot correct {unknown[0]!r}; fields: {', '.join(META_FIELDS)}")
    out = dict(current)
    for k, v in fields.items():
        if v is None or not str(v).strip():
            out.pop(k, None)
        else:
            out[k] = str(v).strip()
    return dict(sorted(out.items()))


def read(folder: Path) -> dict[str, dict[str, str]]:
    """The corrections kept in ``folder`` (a collection's), by document name."""
    try:
        return json.loads((folder / FILE).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (ValueError, OSError) as e:
        raise IndexCorrupt(f"{folder / FILE} is unreadable ({type(e).__name__}); fix or remove it") from None


def write(folder: Path, doc: str, fields: dict[str, str | None]) -> dict[str, str]:
    """Merge ``fields`` into ``doc``'s corrections in ``folder`` and replace
    the file whole (a reader never sees half of it); the caller holds the
    collection's lock. Returns the document's corrections now."""
    fixed = read(folder)
    mine = merged(fixed.get(doc, {}), fields)
    fixed = {**fixed, doc: mine} if mine else {d: f for d, f in fixed.items() if d != doc}
    tmp = folder / f"{FILE}.tmp-{os.getpid()}"
    tmp.write_text(json.dumps(fixed, indent=1, ensure_ascii=False, sort_keys=True), encoding="utf-8")
    os.replace(tmp, folder / FILE)
    return mine


def apply(documents: dict, corrections: dict[str, dict[str, str]]) -> None:
    """Set each corrected document's title and metadata in ``documents``
    (``qa.ingest.documents.Document`` by name), in place."""
    for doc, fields in corrections.items():
        d = documents.get(doc)
        if d is not None:
            d.title = fields.get("title", d.title)
            d.meta = {**d.meta, **{k: v for k, v in fields.items() if k != "title"}}
