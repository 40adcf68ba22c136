"""The document library behind the app: the shared index, its sources and
the upload folder. No Gradio here: the app and its tests drive it directly.

``Library`` checks at start whether the index is missing or stale, opens the
store's collections, says which documents a search covers, and says when
indexing is under way.

The app serves one collection built from its sources (``name``, "default"
unless ``--collection``), and lets a user pick any other collection of the same
store: ``collection(name)`` opens it (with the app's encoder; one built with
another model is a one-line error), and the methods taking ``collection`` ask,
list, upload and remove within it. Uploads to another collection are kept in
``<library>/.collections/<name>/`` (hidden from the served collection's
sources) and added to that collection only. Adding and removing uploads is
``qa.web.uploads``.
"""

import hashlib
import threading
from pathlib import Path

from qa.config import ChunkSettings, Settings
from qa.ingest.documents import discover
from qa.web.uploads import Uploads
from qa.errors import CollectionMissing, IndexMissing, QAError


class Library(Uploads):
    """The documents everyone using this app shares: the index, its sources
    (the seed folder and the upload folder) and one index change at a time."""

    def __init__(self, index_dir, sources, upload_dir, embedder=None, model: str | None = None, collection: str = "default"):
        self.index_dir, self.upload_dir = Path(index_dir), Path(upload_dir)
        self.name = collection
        try:
            self.upload_dir.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise QAError(f"cannot use {self.upload_dir} as the library folder: {e.strerror or e}; give another with --library") from None
        self.sources = [Path(s) for s in sources]
        if self.upload_dir.resolve() not in {s.resolve() for s in self.sources}:
            self.sources.append(self.upload_dir)
        self.model, self.model_asked = model or Settings().model, model
        self._embedder = embedder
        self.collection = None             # qa.collection.Collection, once loaded
        self.others: dict = {}             # the other collections opened, by name
        self.lock = threading.Lock()
        self.indexing: str | None = None   # what is being indexed right now
        self.last_skipped: list[tuple[str, str]] = []  # files the last build could not read: (name, reason)

    @property
    def index(self):
        """The loaded collection's row view (what answer and check take)."""
        return self.collection.index if self.collection is not None else None

    def names(self) -> list[str]:
        """The collections of the store, the served one first."""
        from qa.store.open import open_store
        store = open_store(self.index_dir)
        found = store.names() if hasattr(store, "names") else [c.name for c in store.collections()]
        return [self.name] + [n for n in found if n != self.name]

    def get(self, name: str | None = None, fresh: bool = False):
        """The ``qa.collection.Collection`` called ``name`` (None: the served one);
        ``fresh``: another one as stored now (a build elsewhere may have changed it)."""
        if not name or name == self.name:
            return self.collection
        if name in self.others and fresh:
            try:
                self.others[name].reload()
            except QAError:
                del self.others[name]  # dropped or broken since: opened again below, with its error
        if name not in self.others:
            from qa.collection import Collection
            self.others[name] = Collection.open(self.index_dir, name, encoder=self.embedder)
        return self.others[name]

    def index_of(self, name: str | None = None):
        """The row view of collection ``name`` (None: the served one); the app
        itself reads through ``reader`` and ``documents``."""
        return self.get(name).index

    def reader(self, name: str | None = None):
        """What the answer and check stages read: the store's collection ``name`` (None: the served one)."""
        return self.get(name).store

    def documents(self, name: str | None = None) -> dict:
        """The documents of collection ``name`` by name (``qa.store.records.DocumentInfo``, no text)."""
        return self.get(name).documents()

    def folder(self, name: str | None = None) -> Path:
        """Where uploads to collection ``name`` are kept."""
        return self.upload_dir if not name or name == self.name else self.upload_dir / ".collections" / name

    @property
    def embedder(self):
        if self._embedder is None and self.collection is not None and not self.model_asked:
            self._embedder = self.collection.encoder
        if self._embedder is None:
            from qa.encode.embedding import load_embedder
            self._embedder = load_embedder(self.model_asked or (self.collection.model if self.collection else self.model))
        return self._embedder

    def stale_reason(self) -> str | None:
        """Why the index on disk can't be used as it is, or None (and load it)."""
        from qa.collection import Collection
        from qa.store.open import open_store
        try:
            store = open_store(self.index_dir)
            stored = store.open(self.name)
        except (IndexMissing, CollectionMissing):
            return "missing"
        except QAError as e:
            return f"unusable ({e})"
        wanted = self._embedder.name if self._embedder is not None else self.model_asked
        if wanted and stored.manifest.model != wanted:
            return f"built with another model ({stored.manifest.model}, not {wanted})"
        from qa.encode.embedding import embedder_for
        collection = Collection(stored, self._embedder or embedder_for(stored.manifest), home=store)
        if stored.manifest.chunker != ChunkSettings().as_dict():
            return "built with other chunking settings"
        on_disk = {name: path for path, name in discover(self.sources)}
        known = {d: info.sha256 for d, info in collection.documents().items()}
        changed = [d for d, p in on_disk.items() if d not in known or known[d] != _digest(p)] + [d for d in known if d not in on_disk]
        if changed:
            return f"out of date ({len(changed)} document{'s' * (len(changed) > 1)} added, changed or removed)"
        self.collection = collection
        return None

    def ensure(self, progress=None, say=lambda msg: None) -> None:
        """Load the index; build or update it first if it is missing or stale."""
        reason = self.stale_reason()
        if reason is None:
            docs = self.documents()
            say(f"index at {self.index_dir} is up to date ({len(docs)} documents, {sum(d.chunks for d in docs.values())} chunks)")
            return
        say(f"the index at {self.index_dir} is {reason}; building it from {', '.join(map(str, self.sources))} ...")
        report = self.rebuild(progress)
        say(f"indexed {report.documents} documents ({report.chunks} chunks, {report.embedded} embedded) in {report.seconds:.1f} s")
        for name, why in report.skipped:
            say(f"left out {name}: {why}")

    def rebuild(self, progress=None):
        from qa.collection import Collection
        self.collection = Collection.build(self.sources, self.index_dir, self.name, encoder=self.embedder, progress=progress)
        self.last_skipped = list(getattr(self.collection.last_build, "skipped", []))
        return self.collection.last_build

    def skipped(self) -> list[tuple[str, str]]:
        """Files in the sources that could not be read at the last build: (name, reason)."""
        return list(self.last_skipped)

    def skipped_note(self) -> str:
        """Markdown for the Documents tab: the files left out and why ("" if none)."""
        from qa.answer.citations import md_escape
        rows = [f"- {md_escape(name)}: {md_escape(why)}" for name, why in self.skipped()]
        return f"\n\n**{len(rows)} file{'s' * (len(rows) > 1)} could not be read and {'are' if len(rows) > 1 else 'is'} left out:**\n" + "\n".join(rows) if rows else ""

    def scope(self, excluded, collection: str | None = None) -> list[str] | None:
        """The documents to search: None for all, else the ones not excluded."""
        excluded, documents = set(excluded or ()), self.documents(collection)
        if not excluded & set(documents):
            return None
        docs = [d for d in documents if d not in excluded]
        if not docs:
            raise QAError("no documents are selected; choose some on the Documents tab")
        return docs


def _digest(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:  # unreadable: the build leaves it out (and records None)
        return None

