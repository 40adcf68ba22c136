"""The Qdrant store's mechanics in Qdrant's local mode: round trips, BM25
exactly as bm25s computes it through every kind of write, incremental writes,
corrections, and bad input (unreachable server, missing or foreign
collections, a locked folder). Vectors come from the hash embedder: these
tests judge storage, not retrieval quality (tests/test_store_parity.py does,
with the real model)."""

from __future__ import annotations

import socket
import time
import uuid
from dataclasses import replace
from pathlib import Path

import bm25s
import numpy as np
import pytest

pytest.importorskip("qdrant_client")

from qa.config import ChunkSettings  # noqa: E402
from qa.errors import CollectionMissing, QAError  # noqa: E402
from qa.ingest.chunking import chunk_document  # noqa: E402
from qa.ingest.documents import discover, read_document  # noqa: E402
from qa.store import lexical  # noqa: E402
from qa.store.records import DocumentWrite, Manifest, Sentence, StoredChunk, chunk_id  # noqa: E402
from qa.store.qdrant import QdrantStore  # noqa: E402

from tests.conftest import SEEDS  # noqa: E402

QUERIES = ["How many firearms were seized?", "border officers trained", "CBSA canine detection", "Ottawa 2025 smuggling"]


def writes(folder: Path, embedder) -> list[DocumentWrite]:
    out = []
    for path, name in discover([folder]):
        d = read_document(path, name)
        cs = chunk_document(d, ChunkSettings(), embedder.count_tokens)
        sc = [StoredChunk(chunk_id(d.doc, d.sha256, c.start, c.end), c, f"{d.sha256}:{c.start}") for c in cs]
        terms = lexical.tokenize([f"{d.title} {c.section or ''} {c.text}" for c in cs])
        sents = [Sentence(s.id, s.chunk.start, s.chunk.start + min(20, len(s.chunk.text))) for s in sc]
        out.append(DocumentWrite(d, sc, embedder.encode([c.text for c in cs]), terms, sents,
                                 embedder.encode([c.text[:20] for c in cs])))
    return out


def manifest(embedder) -> Manifest:
    return Manifest(embedder.name, None, embedder.dim, ChunkSettings().as_dict())


@pytest.fixture
def store():
    s = QdrantStore("qdrant+memory:")
    yield s
    s.close()


@pytest.fixture
def seeds(hash_embedder):
    return writes(SEEDS, hash_embedder)


def reference_bm25(ws: list[DocumentWrite], query: str) -> np.ndarray:
    """bm25s over the same terms (chunk order: by document name, then position), as the local store computes it."""
    ref = bm25s.BM25(k1=1.2, b=0.75)
    ref.index([t for w in sorted(ws, key=lambda w: w.document.doc) for t in w.terms], show_progress=False)
    tokens = [t for t in lexical.tokenize([query])[0] if t in ref.vocab_dict]  # a repeated term counts each time
    n = ref.scores["num_docs"]
    return ref.get_scores(tokens) if tokens else np.zeros(n)


def assert_bm25_exact(col, ws):
    ids = col.chunk_ids()
    for q in QUERIES:
        terms = lexical.tokenize([q])[0]
        ref = reference_bm25(ws, q)
        np.testing.assert_allclose(col.lexical_scores(terms, ids), ref, atol=1e-4)
        hits = col.lexical_search(terms, 10)
        assert len(hits) == min(10, int((ref > 0).sum()))
        np.testing.assert_allclose([h.score for h in hits], np.sort(ref)[::-1][:len(hits)], atol=1e-4)
        rank = {cid: i for i, cid in enumerate(ids)}
        keys = [(-h.score, rank[h.id]) for h in hits]
        assert keys == sorted(keys)            # best first, equal scores in chunk order
        for h in hits:
            assert h.score == pytest.approx(ref[rank[h.id]], abs=1e-4)


def test_round_trip(store, seeds, hash_embedder):
    col = store.create("seeds", manifest(hash_embedder)).write(seeds)
    assert [c.name for c in store.collections()] == ["seeds"]
    assert store.collections()[0].chunks == sum(len(w.chunks) for w in seeds)
    docs = col.documents()
    assert list(docs) == sorted(w.document.doc for w in seeds)
    for w in seeds:
        doc = col.document(w.document.doc)
        assert doc.text == w.document.text and doc.sha256 == w.document.sha256
        got = col.chunks([s.id for s in w.chunks])
        assert got == w.chunks
        assert all(doc.text[s.chunk.start:s.chunk.end] == s.chunk.text for s in got)
        np.testing.assert_allclose(col.vectors([s.id for s in w.chunks]), w.vectors, atol=1e-6)
        spans, vecs = col.sentences([s.id for s in w.chunks])
        assert spans == w.sentences
        np.testing.assert_allclose(vecs, w.sentence_vectors, atol=1e-6)
        assert docs[w.document.doc].chunks == len(w.chunks)
    expected = [s.id for w in sorted(seeds, key=lambda w: w.document.doc) for s in w.chunks]
    assert col.chunk_ids() == expected
    one = seeds[0].document.doc
    assert col.chunk_ids([one]) == [s.id for s in seeds[0].chunks]
    with pytest.raises(KeyError):
        col.chunks(["0000000000000000:0-1"])
    with pytest.raises(QAError, match="unknown document 'nope.txt'"):
        col.document("nope.txt")
    assert col.positions(expected[::-7]) == list(range(len(expected)))[::-7]


def test_sentence_scores_are_each_chunks_best_sentence(store, seeds, hash_embedder):
    col = store.create("seeds", manifest(hash_embedder)).write(seeds)
    ids = col.chunk_ids()
    q = hash_embedder.encode(["migrant smuggling at the border"])[0]
    spans, vecs = col.sentences(ids)
    best = {}
    for s, v in zip(spans, vecs @ q):
        best[s.chunk] = max(best.get(s.chunk, -np.inf), float(v))
    got = col.sentence_scores(q, ids)
    np.testing.assert_allclose(got, [best.get(cid, np.nan) for cid in ids], atol=1e-5)
    assert np.isfinite(got).any()


def test_bm25_equals_bm25s_through_writes(store, seeds, hash_embedder):
    col = store.create("seeds", manifest(hash_embedder)).write(seeds[:1])
    assert_bm25_exact(col, seeds[:1])
    col = col.write(seeds[1:])                 # the average length moves: old weights are recomputed
    assert_bm25_exact(col, seeds)
    col = col.write([], remove=[seeds[0].document.doc])
    assert_bm25_exact(col, seeds[1:])
    terms = ["firearm", "border", "zzzunknown"]
    n = col.count_chunks()
    ref = bm25s.BM25()
    ref.index([t for w in seeds[1:] for t in w.terms], show_progress=False)
    np.testing.assert_allclose(col.idf(terms), lexical.idf(ref, terms), rtol=1e-5)
    assert col.idf(["zzzunknown"])[0] == pytest.approx(np.log(1 + (n + 0.5) / 0.5))


def test_batched_build_settles_bm25_on_its_last_write(store, seeds, hash_embedder):
    col = store.create("seeds", manifest(hash_embedder))
    for w in seeds:
        col = col.write([w], final=False)      # weights use the first batch's average
    col = col.write([], final=True)
    assert_bm25_exact(col, seeds)


def test_incremental_writes_touch_only_named_documents(store, seeds, hash_embedder):
    col = store.create("seeds", manifest(hash_embedder)).write(seeds)
    total = col.count_chunks()
    col = col.write(seeds[:1])                 # same document again: its points overwrite themselves
    assert col.count_chunks() == total
    w = seeds[0]
    shorter = DocumentWrite(w.document, w.chunks[:3], w.vectors[:3], w.terms[:3])
    col = col.write([shorter])                 # fewer chunks: the others' points are deleted
    assert col.count_chunks() == total - len(w.chunks) + 3
    assert col.chunk_ids([w.document.doc]) == [s.id for s in w.chunks[:3]]
    col = col.write([], remove=[w.document.doc])
    assert col.count_chunks() == total - len(w.chunks)
    assert w.document.doc not in col.documents()
    with pytest.raises(QAError, match="unknown document"):
        col.dense_search(w.vectors[0], 3, docs=[w.document.doc])
    known = col.known_vectors([s.input_hash for s in seeds[1].chunks[:2]] + ["nope"])
    assert set(known) == {s.input_hash for s in seeds[1].chunks[:2]}
    np.testing.assert_allclose(known[seeds[1].chunks[0].input_hash], seeds[1].vectors[0], atol=1e-6)


def test_dense_ties_follow_chunk_order(store, seeds, hash_embedder):
    w = seeds[0]
    twin = DocumentWrite(read_document(SEEDS / w.document.doc, "0-copy.txt"), [], w.vectors, w.terms)
    twin.chunks = [StoredChunk(chunk_id("0-copy.txt", w.document.sha256, s.chunk.start, s.chunk.end),
                               replace(s.chunk, doc="0-copy.txt"), s.input_hash) for s in w.chunks]
    col = store.create("twins", manifest(hash_embedder)).write([w, twin])
    hits = col.dense_search(w.vectors[0], 2)
    assert [h.id for h in hits] == [twin.chunks[0].id, w.chunks[0].id]   # equal scores: by document name
    assert hits[0].score == pytest.approx(hits[1].score) == pytest.approx(1.0, abs=1e-5)
    only = col.dense_search(w.vectors[0], 1, docs=[w.document.doc])
    assert [h.id for h in only] == [w.chunks[0].id]


def test_corrections_outlive_reindexing(store, seeds, hash_embedder):
    col = store.create("seeds", manifest(hash_embedder)).write(seeds)
    doc = seeds[0].document.doc
    assert col.set_meta(doc, {"title": "Ein Titel – ünïcode", "date": "2025-01-02"}) == {"title": "Ein Titel – ünïcode", "date": "2025-01-02"}
    col = col.write(seeds[:1])
    info = col.documents()[doc]
    assert info.title == "Ein Titel – ünïcode" and info.meta["date"] == "2025-01-02" and info.corrected == ("date", "title")
    assert col.document(doc).title == "Ein Titel – ünïcode"
    assert col.set_meta(doc, {"date": None}) == {"title": "Ein Titel – ünïcode"}
    with pytest.raises(QAError, match="fields: title"):
        col.set_meta(doc, {"colour": "red"})


def test_wrong_dimension_writes_nothing(store, seeds, hash_embedder):
    col = store.create("seeds", manifest(hash_embedder))
    w = seeds[0]
    bad = DocumentWrite(w.document, w.chunks, np.zeros((len(w.chunks), 3), dtype=np.float32), w.terms)
    with pytest.raises(QAError, match="nothing was written"):
        col.write([seeds[1], bad])
    assert col.count_chunks() == 0 and col.documents() == {}


def test_missing_and_foreign_collections(store, hash_embedder):
    with pytest.raises(CollectionMissing, match="has none yet"):
        store.open("default")
    store.create("housing", manifest(hash_embedder))
    with pytest.raises(CollectionMissing, match="it has: housing"):
        store.open("border")
    with pytest.raises(QAError, match="already exists"):
        store.create("housing", manifest(hash_embedder))
    from qdrant_client import models as m

    store.client.create_collection("qa__theirs__docs", vectors_config={})
    store.client.upsert("qa__theirs__docs", [m.PointStruct(id=str(uuid.uuid4()), vector={}, payload={"x": 1})])
    for action in (lambda: store.open("theirs"), lambda: store.create("theirs", manifest(hash_embedder)), lambda: store.drop("theirs")):
        with pytest.raises(QAError, match="not created by qa"):
            action()
    assert store.client.count("qa__theirs__docs").count == 1          # untouched
    assert [c.name for c in store.collections()] == ["housing"]
    with pytest.raises(QAError, match="invalid collection name"):
        store.create("../x", manifest(hash_embedder))
    store.drop("housing")
    assert store.collections() == []


def test_path_store_persists_and_is_locked(tmp_path, seeds, hash_embedder):
    location = f"qdrant+path:{tmp_path / 'q'}"
    s = QdrantStore(location)
    s.create("seeds", manifest(hash_embedder)).write(seeds)
    with pytest.raises(QAError, match="in use by another process"):
        QdrantStore(location)
    s.close()
    s = QdrantStore(location)
    col = s.open("seeds")
    assert col.count_chunks() == sum(len(w.chunks) for w in seeds)
    assert_bm25_exact(col, seeds)
    s.close()


@pytest.mark.parametrize("listen", [False, True], ids=["refused", "silent"])
def test_unreachable_server_is_one_line_within_5s(listen):
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    if listen:
        sock.listen(4)          # accepts connections, never answers
    else:
        sock.close()
    url = f"http://127.0.0.1:{port}"
    t0 = time.perf_counter()
    with pytest.raises(QAError) as err:
        QdrantStore(f"qdrant+{url}")
    assert time.perf_counter() - t0 < 5
    assert url in str(err.value) and "\n" not in str(err.value)
    sock.close()
    with pytest.raises(QAError, match="unknown store"):
        QdrantStore("qdrant+ftp://x")


def test_shards_and_replicas_from_the_environment(monkeypatch):
    monkeypatch.setenv("QA_QDRANT_SHARDS", "6")
    monkeypatch.setenv("QA_QDRANT_REPLICAS", "2")
    s = QdrantStore("qdrant+memory:")
    assert (s.shards, s.replicas) == (6, 2)
    monkeypatch.setenv("QA_QDRANT_REPLICAS", "two")
    with pytest.raises(QAError, match="QA_QDRANT_REPLICAS must be a whole number"):
        QdrantStore("qdrant+memory:")


def test_another_model_replaces_every_document_and_keeps_corrections(store, seeds, hash_embedder):
    from qa.encode.embedding import HashEmbedder

    col = store.create("seeds", manifest(hash_embedder)).write(seeds)
    doc = seeds[0].document.doc
    col.set_meta(doc, {"title": "Kept"})
    other = HashEmbedder(dim=32, name="other-model")
    with pytest.raises(QAError, match="re-index every document"):
        col.write(writes(SEEDS, other)[:1], manifest=manifest(other))
    col = col.write(writes(SEEDS, other), manifest=manifest(other))
    assert col.manifest.model == "other-model" and col.vectors(col.chunk_ids()).shape[1] == 32
    assert col.documents()[doc].title == "Kept"
    assert_bm25_exact(col, writes(SEEDS, other))
