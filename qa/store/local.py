"""The local store: a folder of collections, each a folder of generations.

    index/                  the store (``qa --store DIR``; default index/, or $QA_STORE)
      default/              one collection ("default" unless --collection NAME)
        CURRENT             id of the published generation
        g-<id>/             a complete generation (see qa.store.layout)
        corrections.json    users' metadata corrections (kept across builds)
        build.lock          taken by the build writing this collection
      housing/              another collection, side by side

An index folder of the old layout (manifest.json and the rest directly in it,
or left as ``index.old`` by an interrupted swap) is read as the "default"
collection; the next build converts it (reusing its vectors) and removes it.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import numpy as np

from qa.errors import CollectionMissing, IndexCorrupt, IndexMissing, QAError
from qa.ingest.documents import Document
from qa.store import corrections as corrected
from qa.store import generations, layout, lexical, vectors
from qa.store.base import (CollectionInfo, DocumentInfo, DocumentWrite, Hit, Manifest, Sentence,
                           StoredChunk, chunk_id)
from qa.store.index import DEFAULT_COLLECTION, Index

NAME = re.compile(r"^[A-Za-z0-9][\w.-]{0,63}$")
LEGACY_PARTS = ("manifest.json", "chunks.jsonl", "vectors.npy", "dense.faiss", "bm25", "texts",
                "sentences.npy", "sentence_spans.npy")


def check_name(name: str) -> str:
    if not isinstance(name, str) or not NAME.match(name) or name in LEGACY_PARTS:
        raise QAError(f"invalid collection name {name!r}: use letters, digits, _ . - (at most 64, starting with a letter or digit)")
    return name


class LocalStore:
    """Collections in a folder (see the module docstring)."""

    def __init__(self, path):
        self.path = Path(path).expanduser()
        self.location = str(path)

    def _legacy(self) -> Path | None:
        """The old-layout index folder standing for the default collection, if any."""
        for p in (self.path, self.path.with_name(self.path.name + ".old")):
            if (p / "manifest.json").is_file():
                return p
        return None

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
        if DEFAULT_COLLECTION not in found and self._legacy():
            found = sorted(found + [DEFAULT_COLLECTION])
        return found

    def collections(self) -> list[CollectionInfo]:
        out = []
        for name in self.names():
            c = self.open(name)
            out.append(CollectionInfo(name, len(c.index.documents), len(c.index.chunks), c.manifest.model, c.manifest.built))
        return out

    def open(self, name: str = DEFAULT_COLLECTION) -> "LocalCollection":
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
            legacy = self._legacy() if name == DEFAULT_COLLECTION else None
            if legacy is not None:
                gid = pinned(legacy)  # a generation folder given as the store: that generation, read-only
                parts = layout.read(legacy, gid)
                corrections = corrected.read(legacy.parent if gid else folder)
                return LocalCollection(self, name, _index(legacy, parts, name, corrections), folder, legacy=True)
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

    def create(self, name: str, manifest: Manifest) -> "LocalCollection":
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
            _remove_legacy(self.path)


def pinned(path: Path) -> str | None:
    """The build id if ``path`` is itself a generation folder, else None."""
    gid = path.name[len(generations.PREFIX):]
    return gid if path.name.startswith(generations.PREFIX) and generations._ID.match(gid) else None


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


def _remove_legacy(root: Path) -> None:
    """Delete an old-layout index (its files in ``root``, ``root.old``, ``root.tmp-*``)."""
    for part in LEGACY_PARTS:
        generations._remove(root / part)
    for p in root.parent.glob(f"{root.name}.tmp-*"):
        generations._remove(p)
    generations._remove(root.with_name(root.name + ".old"))


class LocalCollection:
    """One collection of a ``LocalStore``: its published generation, loaded
    whole (``index``, the row view). Implements ``qa.store.base.CollectionStore``."""

    def __init__(self, store: LocalStore, name: str, index: Index | None, folder: Path, legacy: bool = False):
        self.store, self.name, self.index, self.folder, self.legacy = store, name, index, folder, legacy
        self._rows = {cid: i for i, cid in enumerate(index.ids)} if index else {}

    @property
    def manifest(self) -> Manifest:
        return self.index.manifest

    # --- what it holds -------------------------------------------------
    def documents(self) -> dict[str, DocumentInfo]:
        fixed = corrected.read(self.folder)
        out = {}
        for e in sorted(self.index.raw["documents"], key=lambda e: e["doc"]):
            d = self.index.documents[e["doc"]]
            out[d.doc] = DocumentInfo(d.doc, d.sha256, d.kind, d.title, dict(d.meta), d.pages, d.headings,
                                      e.get("chunks", 0), tuple(sorted(fixed.get(d.doc, {}))))
        return out

    def document(self, doc: str) -> Document:
        if doc not in self.index.documents:
            raise QAError(f"unknown document {doc!r}; indexed: {', '.join(sorted(self.index.documents))}")
        return self.index.documents[doc]

    def _doc_rows(self, docs) -> np.ndarray:
        if docs is None:
            return np.arange(len(self.index.chunks))
        for d in docs:
            self.document(d)
        wanted = set(docs)
        return np.array([i for i, c in enumerate(self.index.chunks) if c.doc in wanted], dtype=np.int64)

    def chunk_ids(self, docs: list[str] | None = None) -> list[str]:
        return [self.index.ids[i] for i in self._doc_rows(docs)]

    def rows(self, ids) -> np.ndarray:
        return np.array([self._rows[i] for i in ids], dtype=np.int64)

    def positions(self, ids) -> list[int]:
        return [int(r) for r in self.rows(ids)]

    def chunks(self, ids) -> list[StoredChunk]:
        hashes = self.index.raw["input_hashes"]
        return [StoredChunk(i, self.index.chunks[r], hashes[r]) for i, r in zip(ids, self.rows(ids))]

    def vectors(self, ids) -> np.ndarray:
        return np.asarray(self.index.vectors[self.rows(ids)], dtype=np.float32).reshape(-1, self.manifest.dim)

    def known_vectors(self, input_hashes) -> dict[str, np.ndarray]:
        wanted, out = set(input_hashes), {}
        for row, h in enumerate(self.index.raw["input_hashes"]):
            if h in wanted and h not in out:
                out[h] = np.asarray(self.index.vectors[row])
        return out

    def sentences(self, ids) -> tuple[list[Sentence], np.ndarray]:
        out, rows = [], []
        spans = self.index.sentence_spans
        for cid, r in zip(ids, self.rows(ids)):
            for j in self.index.sentence_rows(int(r)):
                out.append(Sentence(cid, int(spans[j, 1]), int(spans[j, 2])))
                rows.append(j)
        vecs = self.index.sentences[rows] if rows else np.zeros((0, self.manifest.dim), np.float32)
        return out, np.asarray(vecs, dtype=np.float32)

    # --- how to find in it -----------------------------------------------
    def dense_search(self, vector, k: int, docs=None) -> list[Hit]:
        allowed = None if docs is None else self._doc_rows(docs)
        scores, rows = vectors.search(self.index.dense, np.asarray(vector, np.float32).reshape(1, -1), k, allowed)
        return [Hit(self.index.ids[r], float(s)) for s, r in zip(scores[0], rows[0]) if r >= 0]

    def _bm25(self, terms) -> np.ndarray:
        known = [t for t in terms if t in self.index.bm25.vocab_dict]  # a repeated term counts each time
        if not known or not self.index.chunks:
            return np.zeros(len(self.index.chunks), dtype=np.float32)
        return np.asarray(self.index.bm25.get_scores(known), dtype=np.float32)

    def lexical_search(self, terms, k: int, docs=None) -> list[Hit]:
        scores = self._bm25(terms)
        rows = self._doc_rows(docs)
        rows = rows[scores[rows] > 0]
        order = rows[np.lexsort((rows, -scores[rows]))][:k]
        return [Hit(self.index.ids[r], float(scores[r])) for r in order]

    def sentence_scores(self, vector, ids) -> np.ndarray:
        out = np.full(len(ids), np.nan, dtype=np.float32)
        if self.index.sentence_spans is None or not len(self.index.sentence_spans) or not len(ids):
            return out
        spans = [self.index.sentence_rows(int(r)) for r in self.rows(ids)]
        has = np.array([len(r) > 0 for r in spans])
        if not has.any():
            return out
        flat = np.concatenate([np.arange(r.start, r.stop) for r in spans if len(r)])
        sims = np.asarray(self.index.sentences[flat], dtype=np.float32) @ np.asarray(vector, dtype=np.float32)
        offsets = np.concatenate([[0], np.cumsum([len(r) for r in spans if len(r)])[:-1]])
        out[has] = np.maximum.reduceat(sims, offsets)
        return out

    def lexical_scores(self, terms, ids) -> np.ndarray:
        return self._bm25(terms)[self.rows(ids)] if len(ids) else np.zeros(0, np.float32)

    def idf(self, terms) -> list[float]:
        return lexical.idf(self.index.bm25, list(terms))

    # --- how to change it --------------------------------------------------
    def write(self, add: list[DocumentWrite], remove=(), manifest: Manifest | None = None) -> "LocalCollection":
        from qa.store.writer import write_generation

        if self.legacy and pinned(self.index.path):
            raise QAError(f"{self.index.path} is one generation of a collection, read-only; "
                          f"build into its store instead: qa --store {self.index.path.parent.parent} index")
        write_generation(self, add, list(remove), manifest or self.manifest)
        if self.legacy and self.name == DEFAULT_COLLECTION:
            _remove_legacy(self.store.path)
        return self.store.open(self.name)

    def clean(self) -> list[str]:
        """Remove what killed builds left in this collection's folder."""
        if self.legacy:
            return []
        with generations.lock(self.folder):
            return generations.clean(self.folder)

    def corrections(self) -> dict[str, dict[str, str]]:
        return corrected.read(self.folder)

    def set_meta(self, doc: str, fields: dict) -> dict[str, str]:
        self.document(doc)
        corrected.merged({}, fields)  # unknown fields fail before the lock
        with generations.lock(self.folder):
            return corrected.write(self.folder, doc, fields)
