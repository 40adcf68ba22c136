"""The local store: a folder of collections, each a folder of generations.

    index/                  the store (``qa --store DIR``; default index/, or $QA_STORE)
      default/              one collection ("default" unless --collection NAME)
        CURRENT             id of the published generation
        g-<id>/             a complete generation (see qa.store.layout)
        corrections.json    users' metadata corrections (kept across builds)
        build.lock          taken by the build writing this collection
      housing/              another collection, side by side

``LocalStore`` lists, opens, creates and drops collections; an opened one is
a ``qa.store.local_collection.LocalCollection``. An index folder of the old
layout (manifest.json and the rest directly in it, or left as ``index.old``
by an interrupted swap) is read as the "default" collection; the next build
converts it (reusing its vectors) and removes it (``qa.store.legacy``).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from qa.errors import CollectionMissing, IndexCorrupt, IndexMissing, QAError
from qa.store import corrections as corrected
from qa.store import generations, layout, legacy
from qa.store.records import CollectionInfo, Manifest, chunk_id
from qa.store.index import DEFAULT_COLLECTION, Index
from qa.store.local_collection import LocalCollection

NAME = re.compile(r"^[A-Za-z0-9][\w.-]{0,63}$")


def check_name(name: str) -> str:
    if not isinstance(name, str) or not NAME.match(name) or name in legacy.PARTS:
        raise QAError(f"invalid collection name {name!r}: use letters, digits, _ . - (at most 64, starting with a letter or digit)")
    return name


class LocalStore:
    """Collections in a folder (see the module docstring)."""

    def __init__(self, path):
        self.path = Path(path).expanduser()
        self.location = str(path)


    def _guard(self) -> None:
        try:
            if self.path.is_file():
                raise QAError(f"the index path {self.location} is a file, not a folder; choose another with --store")
            os.listdir(self.path) if self.path.is_dir() else None
        except PermissionError:
            raise QAError(f"cannot read the index at {self.location}: permission denied") from None

    def names(self) -> list[str]:
        self._guard()
        found = [p.name for p in sorted(self.path.iterdir()) if p.is_dir() and NAME.match(p.name)
                 and generations.current(p) is not None] if self.path.is_dir() else []
        if DEFAULT_COLLECTION not in found and legacy.find(self.path):
            found = sorted(found + [DEFAULT_COLLECTION])
        return found

    def collections(self) -> list[CollectionInfo]:
        out = []
        for name in self.names():
            c = self.open(name)
            out.append(CollectionInfo(name, len(c.index.documents), len(c.index.chunks), c.manifest.model, c.manifest.built))
        return out

    def open(self, name: str = DEFAULT_COLLECTION) -> LocalCollection:
        check_name(name)
        self._guard()
        folder = self.path / name
        try:
            for _ in range(5):
                gen = generations.current(folder)
                if gen is None:
                    break
                try:
                    parts = layout.read(gen, generations.build_id(gen))
                except FileNotFoundError:
                    continue  # pruned by a build while we read: take the newer one
                except IndexCorrupt:
                    if generations.current(folder) != gen:
                        continue
                    raise
                return LocalCollection(self, name, _index(gen, parts, name, corrected.read(folder)), folder)
            old = legacy.read(self.path, folder) if name == DEFAULT_COLLECTION else None
            if old is not None:
                path, parts, corrections = old
                return LocalCollection(self, name, _index(path, parts, name, corrections), folder, legacy=True)
        except PermissionError:
            raise QAError(f"cannot read the index at {self.location}: permission denied") from None
        except FileNotFoundError as e:
            raise IndexCorrupt(f"the index at {self.location} changed while it was read ({e.filename}); try again") from None
        others = self.names()
        if others:
            raise CollectionMissing(f"no collection {name!r} in {self.location}; collections: {', '.join(others)}")
        if self.path.is_dir() and any(p.name.startswith(generations.PREFIX) for p in folder.glob("*")):
            raise IndexCorrupt(f"the index at {folder} has no complete generation (half-written?); rebuild it with: qa index")
        raise IndexMissing(f"no index at {self.location}; build it with: qa index  (or: qa index PATH...)")

    def create(self, name: str, manifest: Manifest) -> LocalCollection:
        check_name(name)
        self._guard()
        try:
            self.open(name)
        except (IndexMissing, IndexCorrupt, CollectionMissing):
            pass  # nothing readable there: a new one may be written (an unreadable one is replaced)
        else:
            raise QAError(f"the collection {name!r} already exists in {self.location}")
        empty = LocalCollection(self, name, None, self.path / name)
        return empty.write([], [], manifest)

    def drop(self, name: str) -> None:
        if name not in self.names():
            raise CollectionMissing(f"no collection {name!r} in {self.location}; collections: {', '.join(self.names()) or 'none'}")
        folder = self.path / name
        with generations.lock(folder):
            for g in generations.generations(folder):
                generations._remove(g)
            for p in (folder / generations.POINTER, folder / corrected.FILE):
                p.unlink(missing_ok=True)
        generations._remove(folder)
        if name == DEFAULT_COLLECTION:
            legacy.remove(self.path)


def _index(path: Path, parts: dict, name: str, corrections: dict) -> Index:
    raw = parts["manifest"]
    manifest = Manifest(model=raw["model"], backend=raw.get("backend"), dim=int(raw.get("dim") or parts["vectors"].shape[1]),
                        chunker=raw["chunker"], format_version=raw["format_version"], sources=tuple(raw.get("sources", ())),
                        build=raw.get("build", ""), built=raw.get("built", ""),
                        sentences=(raw.get("sentences") or {}).get("method", ""))
    documents = parts["documents"]
    corrected.apply(documents, corrections)
    ids = parts["ids"] or [chunk_id(c.doc, documents[c.doc].sha256, c.start, c.end) for c in parts["chunks"]]
    return Index(path, manifest, documents, parts["chunks"], parts["vectors"], parts["dense"], parts["bm25"],
                 parts["sentences"], parts["sentence_spans"], ids, raw, name)
