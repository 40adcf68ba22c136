"""Query-term coverage in hybrid search: read through the store protocol, the
same from every store, and what lifts a chunk that holds all of a query's
terms above one that repeats a single rare one."""

from __future__ import annotations

import numpy as np
import pytest

from qa.retrieve.search import COVERAGE_IDF_POWER, query_coverage, search
from qa.store import lexical
from qa.store.index import build_index
from qa.store.local import LocalStore

TEXTS = {
    "a.txt": "Fjord lighthouse\n\nThe lighthouse keeper counted the gulls at dawn.\n",
    "b.txt": "Harbour log\n\nThe harbour master logged three ships.\n",
    "c.txt": "Colony\n\nGulls, gulls and more gulls: gulls nest on every ledge, gulls everywhere.\n",
    "d.txt": "Weather\n\nRain over the fjord; the keeper of the log was away.\n",
}


def _collection(tmp_path, embedder, kind):
    docs = tmp_path / "docs"
    docs.mkdir()
    for name, text in TEXTS.items():
        (docs / name).write_text(text, encoding="utf-8")
    build_index([docs], tmp_path / "index", embedder)
    if kind == "local":
        return LocalStore(tmp_path / "index").open("default")
    pytest.importorskip("qdrant_client")
    from qa.store.build import build
    from qa.store.qdrant import QdrantStore

    store = QdrantStore("qdrant+memory:")
    build([docs], store, "default", embedder)
    return store.open("default")


@pytest.mark.parametrize("kind", ["local", "qdrant"])
def test_a_word_the_query_repeats_counts_once(tmp_path, hash_embedder, kind):
    """"gulls gulls gulls keeper" is "gulls keeper": repeating a word does not
    make BM25 (nor coverage) favour the chunk that repeats it."""
    coll = _collection(tmp_path, hash_embedder, kind)
    qv = np.asarray(hash_embedder.encode(["gulls keeper"])[0])
    once = search(coll, qv, "gulls keeper", k=4, mode="bm25")
    thrice = search(coll, qv, "gulls gulls gulls keeper", k=4, mode="bm25")
    assert [(h.chunk, h.bm25) for h in thrice] == [(h.chunk, h.bm25) for h in once]
    assert coll.chunks([once[0].chunk])[0].chunk.doc == "a.txt"  # keeper and gulls, over gulls five times
    hybrid = search(coll, qv, "gulls gulls gulls keeper", k=4)
    assert [h.chunk for h in hybrid] == [h.chunk for h in search(coll, qv, "gulls keeper", k=4)]


@pytest.mark.parametrize("kind", ["local", "qdrant"])
def test_coverage_is_the_idf_weighted_share_of_distinct_terms_held(tmp_path, hash_embedder, kind):
    coll = _collection(tmp_path, hash_embedder, kind)
    terms = lexical.tokenize(["the lighthouse keeper and the gulls"])[0]
    assert sorted(terms) == ["gull", "keeper", "lighthous"]
    ids = coll.chunk_ids()
    docs = [s.chunk.doc for s in coll.chunks(ids)]
    got = dict(zip(docs, query_coverage(coll, terms + terms[:1], ids).tolist()))  # a repeated term counts once
    weight = {t: v ** COVERAGE_IDF_POWER for t, v in zip(terms, coll.idf(terms))}
    assert COVERAGE_IDF_POWER == 2.0  # a rare term weighs more than its idf alone (SciFact 0.742 vs 0.739)
    assert got["a.txt"] == pytest.approx(1.0)
    assert got["b.txt"] == 0.0
    assert got["c.txt"] == pytest.approx(weight["gull"] / sum(weight.values()))
    assert got["d.txt"] == pytest.approx(weight["keeper"] / sum(weight.values()))


def test_coverage_weight_ranks_the_chunk_holding_every_term_first(tmp_path, hash_embedder):
    coll = _collection(tmp_path, hash_embedder, "local")
    question = "gulls lighthouse"
    qv = np.asarray(hash_embedder.encode([question])[0])
    doc = lambda hits: coll.chunks([hits[0].chunk])[0].chunk.doc
    plain = search(coll, qv, question, k=4, coverage_weight=0.0)
    covered = search(coll, qv, question, k=4, coverage_weight=1.0)
    assert doc(covered) == "a.txt"
    top = {h.chunk: h.score for h in plain}
    assert all(h.score >= top[h.chunk] for h in covered)  # coverage only adds
    assert [h.chunk for h in search(coll, qv, question, k=4, mode="bm25", coverage_weight=1.0)] == \
        [h.chunk for h in search(coll, qv, question, k=4, mode="bm25", coverage_weight=0.0)]  # hybrid only
