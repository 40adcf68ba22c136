"""The one object callers hold: a collection of a store, its encoder and settings.

The CLI, the app's library and the evaluation go through it instead of
passing ``(index, embedder, ...)`` around. It composes every stage up to
claim checking and sits between them and the web stage (tests/test_layout.py)::

    >>> import tempfile; from pathlib import Path
    >>> from qa.encode.embedding import HashEmbedder
    >>> docs, store = Path(tempfile.mkdtemp()), Path(tempfile.mkdtemp()) / "index"
    >>> _ = (docs / "a.txt").write_text("Seizures\\n\\nThe CBSA seized 4,234 firearms in 2023.", encoding="utf-8")
    >>> c = Collection.build([docs], store=store, encoder=HashEmbedder())
    >>> c.ask("How many firearms were seized?", mode="bm25").passages[0].text
    'The CBSA seized 4,234 firearms in 2023.'
    >>> c.set_meta("a.txt", title="Border report", organization="CBSA")
    {'organization': 'CBSA', 'title': 'Border report'}
    >>> c.ask("How many firearms were seized?", mode="bm25").passages[0].citation
    '"The CBSA seized 4,234 firearms in 2023." (Border report, CBSA, Seizures, para. 1)'
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from qa.config import ChunkSettings, Settings
from qa.errors import QAError
from qa.store.base import CollectionStore, Store
from qa.store.records import DocumentInfo
from qa.store.index import DEFAULT_COLLECTION, Index
from qa.store.open import open_store, row_view


@dataclass
class Collection:
    store: CollectionStore
    encoder: object                               # qa.encode.embedding.Embedder
    settings: Settings = field(default_factory=Settings)
    home: Store | None = None                     # the store holding it (for reload and writes)
    _view: Index | None = field(default=None, repr=False)

    # --- opening ---------------------------------------------------------------
    @classmethod
    def open(cls, store=None, name: str = DEFAULT_COLLECTION, model: str | None = None, encoder=None,
             settings: Settings | None = None) -> "Collection":
        """Open collection ``name`` of ``store`` (a folder or URL; None: $QA_STORE,
        $QA_INDEX or index/). ``model``: the model the caller expects (another
        one is a one-line error)."""
        home = open_store(store)
        coll = home.open(name)
        built = coll.manifest.model
        if model and model != built:
            raise QAError(f"the collection {name!r} was built with the model {built!r}, not {model!r}; "
                          f"rebuild it with: qa index --model {model}")
        if encoder is not None and (encoder.name, encoder.dim) != (built, coll.manifest.dim):
            raise QAError(f"the collection {name!r} was built with the model {built!r} ({coll.manifest.dim} dimensions), "
                          f"not {encoder.name!r}; rebuild it with: qa index --model {encoder.name}")
        if encoder is None:
            from qa.encode.embedding import embedder_for

            encoder = embedder_for(coll.manifest)
        return cls(coll, encoder, settings or Settings(), home)

    @classmethod
    def build(cls, sources, store=None, name: str = DEFAULT_COLLECTION, encoder=None, model: str | None = None,
              chunks: ChunkSettings | None = None, progress=None, workers: str = "local") -> "Collection":
        """Build or update collection ``name`` from the files under ``sources``
        (documents no longer there are removed); the report is ``last_build``.
        ``workers="ray"``: read, chunk and embed on Ray (``qa.store.ray_build``)."""
        from qa.store.build import build

        if workers == "ray":
            from qa.store.ray_build import build_ray as build, require_ray

            require_ray()  # before the model is loaded: a missing extra is a one-line error at once
        elif workers != "local":
            raise QAError(f"unknown workers {workers!r}; choose one of: local, ray")

        if encoder is None:
            from qa.encode.embedding import load_embedder

            encoder = load_embedder(model or Settings().model)
        home = open_store(store)
        report = build(sources, home, name, encoder, chunks or ChunkSettings(), progress)
        c = cls(home.open(name), encoder, Settings(), home)
        c.last_build = report
        return c

    def reload(self) -> "Collection":
        """The collection as stored now (a build elsewhere may have published a newer one)."""
        self.store, self._view = self.home.open(self.store.name), None
        return self

    # --- asking --------------------------------------------------------------
    @property
    def index(self) -> Index:
        """The collection as rows (``qa.store.open.row_view``): for callers that
        still want them; ``ask``, ``check`` and ``search`` read the store itself.
        On a store other than the local one it loads every chunk."""
        if self._view is None:
            self._view = row_view(self.store)
        return self._view

    @property
    def name(self) -> str:
        return self.store.name

    @property
    def model(self) -> str:
        return self.store.manifest.model

    def ask(self, question: str, k: int | None = None, docs: list[str] | None = None, mode: str | None = None):
        from qa.answer.answers import answer

        return answer(self.store, self.encoder, question, k=k or self.settings.top_k, docs=docs,
                      mode=mode or self.settings.mode)

    def check(self, claim: str, k: int | None = None, docs: list[str] | None = None):
        from qa.check.claims import check_claim

        return check_claim(self.store, self.encoder, claim, docs=docs, k=k or self.settings.top_k)

    def check_draft(self, text: str, progress=None, docs: list[str] | None = None, k: int | None = None):
        from qa.check.claims import check_draft

        return check_draft(self.store, self.encoder, text, progress, docs=docs, k=k or self.settings.top_k)

    def search(self, query: str, k: int | None = None, docs: list[str] | None = None, mode: str | None = None):
        """Ranked passages (no answer selection): hybrid search, then citations."""
        from qa.answer.answers import make_passage
        from qa.retrieve.search import search
        from qa.store.shown import resolve

        vector = self.encoder.encode([query])[0]
        hits = search(self.store, vector, query, k=k or self.settings.top_k, docs=docs, mode=mode or self.settings.mode)
        shown, hits = resolve(self.store, hits)
        return [make_passage(shown, h, r) for r, h in enumerate(hits, 1)]

    # --- what it holds ---------------------------------------------------------
    def documents(self) -> dict[str, DocumentInfo]:
        return self.store.documents()

    def text(self, doc: str) -> str:
        return self.store.document(doc).text

    # --- changing it -----------------------------------------------------------
    def add(self, paths, progress=None):
        """Index these files (or folders) into the collection beside what it
        holds; returns the build report."""
        from qa.store.build import build

        sources = list(dict.fromkeys([*self.store.manifest.sources, *map(str, paths)]))
        report = build(sources, self.home, self.name, self.encoder, ChunkSettings(**_chunker(self)), progress)
        self.reload()
        return report

    def remove(self, docs: list[str]) -> None:
        for d in docs:
            self.store.document(d)  # unknown names: QAError listing the known ones
        self.store, self._view = self.store.write([], list(docs)), None

    def set_meta(self, doc: str, **fields) -> dict[str, str]:
        """Correct a document's title, organization, author, date or reference
        (None or "" drops a correction); every citation shows them from now on."""
        fixed = self.store.set_meta(doc, fields)
        self.reload()
        return fixed


def _chunker(c: Collection) -> dict:
    return {k: v for k, v in c.store.manifest.chunker.items() if k in ("max_tokens", "target_tokens")}


def collections(store=None) -> list:
    """(name, documents, chunks, model, built) of every collection of ``store``."""
    return open_store(store).collections()


def default_store() -> str:
    import os

    return os.environ.get("QA_STORE") or os.environ.get("QA_INDEX") or "index"



