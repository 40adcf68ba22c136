"""The old layout of an index: one folder holding a single build's parts
(manifest.json, chunks.jsonl, vectors.npy ... directly in it), from before
the store held collections of generations.

Such a folder (or the ``index.old`` an interrupted swap of the old layout
left) is read as the "default" collection of the store at its path; the
next build into that collection converts it (reusing its vectors) and
removes it (``remove``). A generation folder given as the store path
(``qa --store index/default/g-<id>``) is read the same way, pinned to that
generation and read-only (``pinned``).

    >>> pinned(Path("index/default/g-20240101T000000-1a2b3c")), pinned(Path("index"))
    ('20240101T000000-1a2b3c', None)
"""

from __future__ import annotations

from pathlib import Path

from qa.store import corrections as corrected
from qa.store import generations, layout

# the parts of an old-layout index; no collection may take one of these names
PARTS = ("manifest.json", "chunks.jsonl", "vectors.npy", "dense.faiss", "bm25", "texts",
         "sentences.npy", "sentence_spans.npy")


def find(root: Path) -> Path | None:
    """The old-layout index folder standing for the default collection of
    the store at ``root``, if any."""
    for p in (root, root.with_name(root.name + ".old")):
        if (p / "manifest.json").is_file():
            return p
    return None


def read(root: Path, folder: Path) -> tuple[Path, dict, dict] | None:
    """The old-layout index standing for the default collection (whose own
    folder is ``folder``): its path, its parts (``qa.store.layout.read``) and
    the users' corrections that apply to it; None when there is none."""
    old = find(root)
    if old is None:
        return None
    gid = pinned(old)  # a generation folder given as the store: that generation, read-only
    parts = layout.read(old, gid)
    return old, parts, corrected.read(old.parent if gid else folder)


def pinned(path: Path) -> str | None:
    """The build id if ``path`` is itself a generation folder, else None."""
    gid = path.name[len(generations.PREFIX):]
    return gid if path.name.startswith(generations.PREFIX) and generations._ID.match(gid) else None


def remove(root: Path) -> None:
    """Delete an old-layout index (its files in ``root``, ``root.old``, ``root.tmp-*``)."""
    for part in PARTS:
        generations._remove(root / part)
    for p in root.parent.glob(f"{root.name}.tmp-*"):
        generations._remove(p)
    generations._remove(root.with_name(root.name + ".old"))
