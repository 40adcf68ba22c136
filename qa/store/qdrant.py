"""The Qdrant store: collections on a Qdrant server or cluster, or in
Qdrant's local mode (the same client API, for trying it and for tests).

    qa --store qdrant+http://host:6333 ...     a server or cluster (QDRANT_API_KEY if it wants one)
    qa --store qdrant+path:DIR ...             local mode in a folder (one process at a time)
    qa --store qdrant+memory: ...              local mode in memory (tests)

New collections get QA_QDRANT_SHARDS shards and QA_QDRANT_REPLICAS replicas
(unset: the server's defaults, one shard per node and one replica).

A qa collection NAME is two Qdrant collections, both marked as qa's in their
metadata, so qa never adopts or overwrites a collection it did not create:

    qa__NAME__chunks   one point a chunk: named vectors "dense" (cosine as a
                       dot product of unit vectors), "bm25" (sparse, server-side
                       IDF; see qa.store.sparse) and "sentences" (a multivector,
                       stored, not indexed); payload: the chunk and its provenance
    qa__NAME__docs     the manifest, each document (text, metadata) and users'
                       metadata corrections: app servers keep no state

Point ids are UUID5s of the chunk ids (``qa.store.records.chunk_id``) and of
document names, so re-indexing the same document overwrites its points.

>>> parse_location("qdrant+http://localhost:6333")
('url', 'http://localhost:6333')
>>> parse_location("qdrant+path:/data/qa")
('path', '/data/qa')
>>> qdrant_names("border")
('qa__border__chunks', 'qa__border__docs')
"""

from __future__ import annotations

import os
import re
import warnings

from qa.errors import CollectionMissing, QAError
from qa.store.records import FORMAT_VERSION, CollectionInfo, Manifest

SCHEME = "qdrant+"
NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,63}$")
CONNECT_SECONDS = 3          # an unreachable server is reported within 5 s (imports included)
REQUEST_SECONDS = 120        # big batches on a loaded cluster take a while


def is_qdrant(location: str) -> bool:
    return str(location).startswith(SCHEME)


def parse_location(location: str) -> tuple[str, str]:
    """("url" | "path" | "memory", target) of a ``qdrant+...`` location."""
    rest = str(location)[len(SCHEME):]
    if rest.startswith(("http://", "https://")):
        return "url", rest
    if rest.startswith("path:") and rest[5:]:
        return "path", rest[5:]
    if rest in ("memory:", ":memory:"):
        return "memory", ":memory:"
    raise QAError(f"unknown store {location!r}; use qdrant+http://HOST:6333, qdrant+https://HOST:6333 or qdrant+path:DIR")


def qdrant_names(name: str) -> tuple[str, str]:
    return f"qa__{name}__chunks", f"qa__{name}__docs"


def marker(name: str, role: str) -> dict:
    """What qa writes in the metadata of the Qdrant collections it creates."""
    return {"qa_store": FORMAT_VERSION, "qa_collection": name, "qa_role": role}


def _client(kind: str, target: str, location: str):
    from qdrant_client import QdrantClient

    if kind == "url":
        try:
            probe = QdrantClient(url=target, timeout=CONNECT_SECONDS, check_compatibility=False,
                                 api_key=os.environ.get("QDRANT_API_KEY") or None)
            probe.get_collections()
            probe.close()
        except Exception as e:
            raise QAError(f"cannot reach the Qdrant store at {target} ({_reason(e)}); is the server running?") from None
        return QdrantClient(url=target, timeout=REQUEST_SECONDS, check_compatibility=False,
                            api_key=os.environ.get("QDRANT_API_KEY") or None)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return QdrantClient(path=target) if kind == "path" else QdrantClient(":memory:")
    except RuntimeError:  # the folder is locked by another process
        raise QAError(f"the Qdrant folder {target} is in use by another process; local mode allows one at a time (run a Qdrant server for more)") from None
    except Exception as e:
        raise QAError(f"cannot open the Qdrant folder {target} ({_reason(e)})") from None


def _count(var: str) -> int | None:
    """A positive count from the environment (shards, replicas of new collections), None if unset."""
    value = os.environ.get(var, "").strip()
    if not value:
        return None
    if not value.isdigit() or int(value) < 1:
        raise QAError(f"{var} must be a whole number of at least 1, got {value!r}")
    return int(value)


def _reason(e: Exception) -> str:
    text = str(e).strip().splitlines()
    return (text[0] if text else type(e).__name__)[:160]


class QdrantStore:
    """A Qdrant server, cluster or local folder holding qa collections."""

    def __init__(self, location: str, *, shards: int | None = None, replicas: int | None = None, client=None):
        self.location = str(location)
        kind, target = parse_location(location)
        self.local = kind != "url"
        self.shards = shards or _count("QA_QDRANT_SHARDS")
        self.replicas = replicas or _count("QA_QDRANT_REPLICAS")
        self.client = client or _client(kind, target, self.location)

    def close(self) -> None:
        self.client.close()

    # --- which collections are qa's --------------------------------------
    def _metadata(self, qname: str) -> dict | None:
        """The metadata of an existing Qdrant collection ({} when it has none), None if absent."""
        if not self.client.collection_exists(qname):
            return None
        return dict(self.client.get_collection(qname).config.metadata or {})

    def _ours(self, name: str) -> bool | None:
        """True: a complete qa collection; None: nothing of that name; else QAError."""
        found = {q: self._metadata(q) for q in qdrant_names(name)}
        if all(m is None for m in found.values()):
            return None
        for qname, meta in found.items():
            if meta is not None and meta.get("qa_collection") != name:
                raise QAError(f"the Qdrant collection {qname} was not created by qa; qa will not use or overwrite it (choose another --collection name)")
        missing = [q for q, m in found.items() if m is None]
        if missing:
            raise QAError(f"the collection {name!r} in {self.location} is incomplete ({missing[0]} is missing); delete it in Qdrant or choose another --collection name")
        version = next(iter(found.values())).get("qa_store")
        if version != FORMAT_VERSION:
            raise QAError(f"the collection {name!r} in {self.location} has format version {version}, this qa reads {FORMAT_VERSION}; re-index it into a new collection")
        return True

    def _names(self) -> list[str]:
        names = []
        for c in self.client.get_collections().collections:
            m = re.fullmatch(r"qa__(.+)__docs", c.name)
            if m and NAME.match(m.group(1)):
                meta = self._metadata(c.name) or {}
                if meta.get("qa_collection") == m.group(1):
                    names.append(m.group(1))
        return sorted(names)

    # --- the Store protocol ------------------------------------------------
    def collections(self) -> list[CollectionInfo]:
        out = []
        for name in self._names():
            try:
                col = self.open(name)
            except QAError:
                continue  # half-created or foreign: not listed
            out.append(CollectionInfo(name, col.count_documents(), col.count_chunks(), col.manifest.model, col.manifest.built))
        return out

    def open(self, name: str):
        from qa.store.qdrant_collection import QdrantCollection

        if not NAME.match(name or ""):
            raise QAError(f"invalid collection name {name!r}: letters, digits, _ . - (at most 64, starting with a letter or digit)")
        if self._ours(name) is None:
            names = self._names()
            have = f"it has: {', '.join(names)}" if names else "it has none yet; build one with: qa index --collection NAME PATH..."
            raise CollectionMissing(f"no collection {name!r} in {self.location}; {have}")
        return QdrantCollection(self, name)

    def create(self, name: str, manifest: Manifest):
        from qa.store.qdrant_collection import QdrantCollection, create_collections

        if not NAME.match(name or ""):
            raise QAError(f"invalid collection name {name!r}: letters, digits, _ . - (at most 64, starting with a letter or digit)")
        if self._ours(name):
            raise QAError(f"the collection {name!r} already exists in {self.location}")
        create_collections(self, name, manifest)
        return QdrantCollection(self, name)

    def drop(self, name: str) -> None:
        if self._ours(name) is None:
            raise CollectionMissing(f"no collection {name!r} in {self.location}; it has: {', '.join(self._names()) or 'none'}")
        for qname in qdrant_names(name):
            self.client.delete_collection(qname)
