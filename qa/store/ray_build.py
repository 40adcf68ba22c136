"""The distributed build (``qa index --workers ray``): reading, chunking and
embedding as Ray Data batches, the store written in batches by the driver.

    pip install 'qa[ray]'
    qa index --workers ray --store qdrant+http://qdrant:6333 /archive    # RAY_ADDRESS=... joins a cluster

The same documents, chunks, vectors and terms as ``qa.store.build.build``
(the same functions make them; only where they run differs):

1. the driver lists the files and skips those whose bytes the collection
   already holds (sha256), as the single-process build does;
2. Ray tasks read and chunk them, one document a row; every document is read
   before anything is written, so one unreadable file stops the build with
   its one-line error and the collection stays as it was;
3. a pool of Ray actors, each loading the ONNX encoder once, embeds the
   chunks a batch of documents at a time (chunks whose embedding input the
   collection already holds are not embedded again);
4. the driver writes each batch of finished documents to the store (Qdrant:
   as it goes; the local store: one generation at the end).

Ray is imported only here and only when this build runs: without the extra,
``--workers ray`` is a one-line error saying how to install it.
"""

from __future__ import annotations

import contextlib
import inspect
import logging
import os
import pickle
import re
import sys
import tempfile
import dataclasses
import time
import warnings
from pathlib import Path

import numpy as np

from qa.config import ChunkSettings
from qa.errors import QAError
from qa.store.records import DocumentWrite, Sentence, StoredChunk, chunk_id
from qa.store.ray_workers import BatchTime, Embed, ReadAndChunk  # noqa: F401 (timings receive BatchTimes)

DOCS_PER_BATCH = 8        # documents a Ray batch carries (read, then embed)
WRITE_CHUNKS = 2048       # chunks the driver gathers before a store write
INSTALL = "the distributed build needs Ray: pip install 'qa[ray]'"


DRIVER_LOG = Path(tempfile.gettempdir()) / "qa-ray-driver.log"


@contextlib.contextmanager
def quiet_stderr():
    """Send what Ray prints on the driver's stderr (its C++ core writes to
    file descriptor 2) to DRIVER_LOG, while ``sys.stderr`` (our progress and
    messages) still reaches the terminal; Python warnings are silenced too."""
    sys.stderr.flush()
    saved = os.dup(2)
    before = sys.stderr
    with open(DRIVER_LOG, "ab") as log, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        os.dup2(log.fileno(), 2)
        sys.stderr = open(saved, "w", closefd=False, encoding=getattr(before, "encoding", None) or "utf-8")
        try:
            yield
        finally:
            sys.stderr.flush()
            sys.stderr = before
            os.dup2(saved, 2)
            os.close(saved)


def require_ray():
    """``ray`` and ``ray.data``, or a QAError saying how to install them."""
    try:
        import ray
        import ray.data  # noqa: F401
    except ImportError:
        raise QAError(INSTALL) from None
    return ray


def start_ray(workers: int | None = None):
    """Join the cluster at $RAY_ADDRESS, or start a local one with ``workers`` CPUs."""
    ray = require_ray()
    for name in ("ray", "ray.data", "ray.data._internal"):
        logging.getLogger(name).setLevel(logging.CRITICAL)
    if not ray.is_initialized():
        address = os.environ.get("RAY_ADDRESS") or None
        ray.init(address=address, num_cpus=None if address else workers, include_dashboard=False,
                 log_to_driver=False, logging_level=logging.ERROR, configure_logging=True)
    ctx = ray.data.DataContext.get_current()
    ctx.enable_progress_bars = False
    ctx.print_on_execution_start = False
    return ray


def _unwrap(e: Exception) -> Exception:
    """The QAError a Ray worker raised, if that is what failed (Ray passes on
    its text, not the exception)."""
    if isinstance(e, QAError):
        return e
    found = re.findall(r"qa\.errors\.\w+: (.+)", str(e))
    return QAError(found[-1].strip()) if found else e


def build_ray(sources, store, collection: str, embedder, settings: ChunkSettings = ChunkSettings(),
              progress=None, workers: int | None = None, timings: list | None = None):
    """``qa.store.build.build`` with reading, chunking and embedding on Ray.

    ``workers``: embedding actors (default: the cluster's CPUs). ``timings``,
    if given, receives a ``BatchTime`` per embedded batch.
    """
    with quiet_stderr():
        return _build(sources, store, collection, embedder, settings, progress, workers, timings)


def _build(sources, store, collection, embedder, settings, progress, workers, timings):
    from qa.encode.sentences import method_used
    from qa.store.build import BuildReport, _methods, _sha256, plan

    ray = start_ray(workers)
    t0 = time.perf_counter()
    say = progress or (lambda done, total, msg: None)
    files, wanted, old, old_docs, same = plan(sources, store, collection, embedder, settings)
    todo = [(str(p), n) for p, n in files if not (same and old_docs.get(n) == _sha256(p))]
    known = _known(old, [n for _, n in todo]) if old and old.manifest.same_encoder(wanted) else {}
    # how the sentence vectors are made, as qa.store.build records it (reused chunks' sentences: encoded alone)
    kept = set(old_docs) - {n for _, n in todo} - (set(old_docs) - {n for _, n in files})
    wanted = dataclasses.replace(wanted, sentences=_methods(old, kept, method_used(embedder) if todo else None, bool(known)))
    n_workers = workers or max(1, int(ray.cluster_resources().get("CPU", 1)))
    args = (embedder.name, getattr(embedder, "backend", None))
    say(0, len(todo), f"reading {len(todo)} documents on Ray")
    col, pending, sent, counts = old, [], {}, [0, 0]
    try:
        if todo:
                blocks = max(1, min(len(todo), 4 * n_workers, len(todo) // DOCS_PER_BATCH))
                read = ray.data.from_items([{"path": p, "name": n} for p, n in todo], override_num_blocks=blocks)
                read = read.map_batches(ReadAndChunk, fn_constructor_args=(*args, wanted.chunker), batch_size=DOCS_PER_BATCH,
                                        compute=ray.data.ActorPoolStrategy(size=n_workers), num_cpus=1).materialize()
                errors = [e for b in read.iter_batches(batch_size=256) for e in b["error"] if e]
                if errors:
                    raise QAError(errors[0] + (f" (and {len(errors) - 1} more unreadable files)" if len(errors) > 1 else ""))
                embedded = read.map_batches(Embed, fn_constructor_args=(*args, frozenset(known)), batch_size=DOCS_PER_BATCH,
                                            compute=ray.data.ActorPoolStrategy(size=n_workers), num_cpus=1)
                col, pending, sent, counts = _write(store, collection, old, wanted, embedded, known, timings, say, len(todo))
    except Exception as e:  # a worker's QAError arrives wrapped in Ray's error types
        raise _unwrap(e) from None
    names = {n for _, n in files}
    removed = sorted(set(old_docs) - names)
    col = col or store.create(collection, wanted)
    final = col.write(pending, removed, manifest=wanted)
    return BuildReport(len(names), sorted(set(sent) - set(old_docs)), sorted(d for d in sent if d in old_docs and old_docs[d] != sent[d]),
                       removed, len(final.chunk_ids()), counts[0], time.perf_counter() - t0, counts[1])


def _known(old, docs: list[str]) -> dict[str, np.ndarray]:
    """Stored vectors of the chunks of the documents about to be re-read (their
    unchanged passages need no embedding)."""
    ids = old.chunk_ids([d for d in docs if d in old.documents()])
    return old.known_vectors([c.input_hash for c in old.chunks(ids)]) if ids else {}


def _write(store, collection, old, wanted, dataset, known, timings, say, total):
    """Stream embedded documents into a store written as it goes (Qdrant);
    for the others keep them for one write at the end. Returns (collection,
    documents not yet written, {doc: sha256} sent, [chunks embedded, sentences])."""
    col = old
    pending: list[DocumentWrite] = []
    sent: dict[str, str] = {}
    counts, seen = [0, 0], set()
    for row in dataset.iter_rows():
        doc, chunks, _, hashes, terms, spans, vectors, sentence_vectors, took = pickle.loads(row["doc"])
        for i, h in enumerate(hashes):
            if h in known:
                vectors[i] = known[h]
            else:
                counts[0] += 1
        if timings is not None and took not in seen:
            seen.add(took)
            timings.append(took)
        stored = [StoredChunk(chunk_id(doc.doc, doc.sha256, c.start, c.end), c, h) for c, h in zip(chunks, hashes)]
        sentences = [Sentence(sc.id, s, e) for sc, ss in zip(stored, spans) for s, e in ss]
        pending.append(DocumentWrite(doc, stored, vectors, terms, sentences, sentence_vectors))
        counts[1] += len(sentences)
        sent[doc.doc] = doc.sha256
        say(len(sent), total, f"embedded {len(sent)} of {total} documents")
        if sum(len(w.chunks) for w in pending) >= WRITE_CHUNKS:
            col = col or store.create(collection, wanted)
            if "final" in inspect.signature(col.write).parameters:
                col = col.write(pending, [], manifest=wanted, final=False)   # BM25 settled by the last write
                pending = []
    return col, pending, sent, counts
