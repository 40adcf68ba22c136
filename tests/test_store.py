"""The local store through its protocol (qa.store.base), and the Collection on top, with the fake embedder."""

from __future__ import annotations

import json
import shutil

import numpy as np
import pytest

from qa.cli import main
from qa.collection import Collection
from qa.errors import CollectionMissing, QAError
from qa.store import lexical
from qa.store.base import CollectionStore, Store
from qa.store.records import parse_chunk_id
from qa.store.index import build_index, load_index
from qa.store.local import LocalStore

from .conftest import SEEDS

NOTE = "Harbour log\n\nThe lighthouse keeper at Peggy’s Cove counted 4,321 gulls in May. Then he slept.\n"


@pytest.fixture
def store(tmp_path, corpus, hash_embedder):
    build_index([corpus], tmp_path / "index", hash_embedder)
    return LocalStore(tmp_path / "index")


def test_local_store_implements_the_protocol(store):
    assert isinstance(store, Store)
    coll = store.open("default")
    assert isinstance(coll, CollectionStore)
    docs = coll.documents()
    assert list(docs) == sorted(docs) and all(d.chunks > 0 for d in docs.values())
    ids = coll.chunk_ids()
    assert len(set(ids)) == len(ids) == sum(d.chunks for d in docs.values())
    first = sorted(docs)[0]
    assert coll.chunk_ids([first]) == ids[:docs[first].chunks]
    for sc in coll.chunks(ids[:5]):
        doc = coll.document(sc.chunk.doc)
        _, start, end = parse_chunk_id(sc.id)
        assert (start, end) == (sc.chunk.start, sc.chunk.end) and doc.text[start:end] == sc.chunk.text
    v = coll.vectors(ids[:3])
    assert v.dtype == np.float32 and v.shape == (3, coll.manifest.dim)
    sentences, sv = coll.sentences(ids[:2])
    assert len(sentences) == len(sv) > 0
    for s in sentences:
        c = coll.chunks([s.chunk])[0].chunk
        assert c.start <= s.start < s.end <= c.end


def test_searches_follow_the_contract(store, hash_embedder):
    coll = store.open("default")
    ids = coll.chunk_ids()
    q = hash_embedder.encode(["firearms seized at the border"])[0]
    hits = coll.dense_search(q, 5)
    exact = coll.vectors(ids) @ q
    assert [round(h.score, 5) for h in hits] == [round(float(x), 5) for x in np.sort(exact)[::-1][:5]]
    doc = sorted(coll.documents())[1]
    assert {coll.chunks([h.id])[0].chunk.doc for h in coll.dense_search(q, 5, [doc])} == {doc}
    terms = lexical.tokenize(["firearms seized"])[0]
    lex = coll.lexical_search(terms, 5)
    assert lex and all(h.score > 0 for h in lex) and [h.score for h in lex] == sorted((h.score for h in lex), reverse=True)
    assert np.allclose(coll.lexical_scores(terms, [h.id for h in lex]), [h.score for h in lex])
    n = len(ids)
    assert coll.idf(["\x00never"])[0] == pytest.approx(np.log(1 + (n + 0.5) / 0.5))
    assert coll.positions(ids[::-3]) == list(range(n))[::-3]
    spans, vecs = coll.sentences(ids)
    best = {}
    for s, v in zip(spans, vecs @ q):
        best[s.chunk] = max(best.get(s.chunk, -np.inf), float(v))
    np.testing.assert_allclose(coll.sentence_scores(q, ids), [best.get(cid, np.nan) for cid in ids], atol=1e-6)
    with pytest.raises(QAError, match="unknown document"):
        coll.dense_search(q, 5, ["nope.txt"])


def test_write_adds_and_removes_one_generation_each(store, tmp_path, hash_embedder, corpus):
    coll = store.open("default")
    (corpus / "harbour.txt").write_text(NOTE, encoding="utf-8")
    report = build_index([corpus], store.path, hash_embedder)
    assert report.added == ["harbour.txt"] and report.embedded == load_index(store.path).chunk_count("harbour.txt")
    after = store.open("default")
    assert after.manifest.build != coll.manifest.build
    kept = [i for i in coll.chunk_ids()]
    assert set(kept) <= set(after.chunk_ids())  # unchanged documents keep their ids
    assert np.allclose(after.vectors(kept), coll.vectors(kept))
    gone = after.write([], ["harbour.txt"])
    assert "harbour.txt" not in gone.documents() and gone.chunk_ids() == coll.chunk_ids()
    with pytest.raises(QAError, match="unknown document"):
        gone.document("harbour.txt")


def test_corrections_survive_rebuilds_and_file_updates(tmp_path, corpus, hash_embedder):
    c = Collection.build([corpus], store=tmp_path / "index", encoder=hash_embedder)
    doc = sorted(c.documents())[0]
    c.set_meta(doc, title="Border brief", organization="National Police Federation", date="January 28, 2025")
    path = corpus / doc
    path.write_text(path.read_text(encoding="utf-8") + "\n\nA new closing paragraph.\n", encoding="utf-8")
    c = Collection.build([corpus], store=tmp_path / "index", encoder=hash_embedder)
    assert c.last_build.changed == [doc]
    info = c.documents()[doc]
    assert info.title == "Border brief" and info.meta["organization"] == "National Police Federation"
    assert set(info.corrected) == {"title", "organization", "date"}
    p = c.ask("closing paragraph", mode="bm25", docs=[doc]).passages[0]
    assert "Border brief" in p.citation and "National Police Federation" in p.citation and "January 28, 2025" in p.citation
    c.set_meta(doc, title=None)
    assert c.documents()[doc].title != "Border brief" and c.documents()[doc].corrected == ("date", "organization")
    with pytest.raises(QAError, match="unknown document"):
        c.set_meta("nope.txt", title="x")
    with pytest.raises(QAError, match="cannot correct"):
        c.store.set_meta(doc, {"colour": "red"})


def test_collections_side_by_side(tmp_path, corpus, hash_embedder):
    other = tmp_path / "other"
    other.mkdir()
    (other / "harbour.txt").write_text(NOTE, encoding="utf-8")
    Collection.build([corpus], store=tmp_path / "index", encoder=hash_embedder)
    housing = Collection.build([other], store=tmp_path / "index", name="housing", encoder=hash_embedder)
    rows = {r.name: r for r in LocalStore(tmp_path / "index").collections()}
    assert set(rows) == {"default", "housing"} and rows["housing"].documents == 1 and rows["default"].documents == 2
    assert set(housing.documents()) == {"harbour.txt"}
    with pytest.raises(CollectionMissing, match="collections: default, housing"):
        Collection.open(tmp_path / "index", "nothing")
    with pytest.raises(QAError, match="invalid collection name"):
        LocalStore(tmp_path / "index").open("../x")
    with pytest.raises(QAError, match="already exists"):
        LocalStore(tmp_path / "index").create("housing", housing.store.manifest)
    LocalStore(tmp_path / "index").drop("housing")
    assert [r.name for r in LocalStore(tmp_path / "index").collections()] == ["default"]


def test_another_model_is_a_one_line_error(tmp_path, corpus, hash_embedder):
    Collection.build([corpus], store=tmp_path / "index", encoder=hash_embedder)
    with pytest.raises(QAError, match="built with the model 'hash-test-embedder', not 'all-MiniLM-L6-v2'"):
        Collection.open(tmp_path / "index", model="all-MiniLM-L6-v2")


def test_cli_collections_and_meta(tmp_path, capsys, hash_embedder, monkeypatch, corpus):
    Collection.build([corpus], store=tmp_path / "index", encoder=hash_embedder)
    monkeypatch.setattr("qa.encode.choose.load_embedder", lambda *a, **k: hash_embedder)
    assert main(["--store", str(tmp_path / "index"), "collections", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [(r["name"], r["documents"]) for r in rows] == [("default", 2)] and rows[0]["chunks"] > 0
    doc = sorted(p.name for p in SEEDS.iterdir())[0]
    assert main(["--store", str(tmp_path / "index"), "meta", doc, "--org", "NPF", "--date", "May 1, 2025", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["meta"]["organization"] == "NPF" and sorted(out["corrected"]) == ["date", "organization"]
    assert main(["--store", str(tmp_path / "index"), "docs", "--json"]) == 0
    listed = {d["doc"]: d for d in json.loads(capsys.readouterr().out)}
    assert listed[doc]["meta"]["date"] == "May 1, 2025"
    assert main(["--store", str(tmp_path / "index"), "--collection", "housing", "docs"]) == 2
    err = capsys.readouterr().err
    assert "no collection 'housing'" in err and "collections: default" in err and err.count("\n") == 1
    shutil.rmtree(tmp_path / "index")
    assert main(["--store", str(tmp_path / "index"), "collections"]) == 0
    assert "no collections" in capsys.readouterr().out


def test_the_app_library_works_on_the_collection_asked_for(tmp_path, corpus, hash_embedder):
    from qa.web.library import Library

    lib = Library(tmp_path / "index", [corpus], tmp_path / "library", hash_embedder, collection="housing")
    lib.ensure()
    assert [r.name for r in LocalStore(tmp_path / "index").collections()] == ["housing"]
    assert set(lib.index.documents) == {p.name for p in corpus.iterdir()} and lib.collection.name == "housing"


class Counting:
    """A collection that records what is asked of it, and refuses to list every chunk."""

    def __init__(self, coll):
        self.coll, self.asked = coll, []

    def __getattr__(self, name):
        attr = getattr(self.coll, name)
        if name in ("chunks", "vectors", "sentences", "positions", "lexical_scores", "chunk_ids", "known_vectors"):
            def counted(*args, **kw):
                ids = args[-1] if args else kw.get("ids", kw.get("docs"))
                if name == "chunk_ids":
                    assert ids, "chunk_ids() of the whole collection: it was loaded whole"
                self.asked.append((name, len(ids)))
                return attr(*args, **kw)
            return counted
        return attr


@pytest.mark.parametrize("kind", ["local", "qdrant"])
def test_asking_fetches_only_the_chunks_found_and_hits_are_chunk_ids(tmp_path, corpus, hash_embedder, kind):
    """Search hits are chunk ids; ask and check fetch the candidates' vectors
    and scores and the shown chunks only, never the whole collection, and give
    what the local store gives."""
    from qa.retrieve.search import search
    from qa.store.build import build

    (corpus / "harbour.txt").write_text(NOTE, encoding="utf-8")
    for i in range(250):  # more chunks than a search's two rankings can hold (answers.SEARCH_DEPTH each)
        (corpus / f"log-{i:03}.txt").write_text(f"Station {i}\n\nThe keeper of station {i} logged {i * 7} ships.\n", encoding="utf-8")
    build_index([corpus], tmp_path / "index", hash_embedder)
    local = LocalStore(tmp_path / "index")
    reference = Collection(local.open("default"), hash_embedder, home=local)
    if kind == "qdrant":
        pytest.importorskip("qdrant_client")
        from qa.store.qdrant import QdrantStore
        store = QdrantStore("qdrant+memory:")
        build([corpus], store, "default", hash_embedder)
    else:
        store = local
    coll = store.open("default")
    ids = coll.chunk_ids()
    counting = Counting(coll)
    c = Collection(counting, hash_embedder, home=store)
    question = "How many gulls did the lighthouse keeper count?"
    qv = hash_embedder.encode([question])[0]
    hits = search(counting, qv, question, k=3)
    assert hits and all(parse_chunk_id(h.chunk) for h in hits)
    assert [h.chunk for h in hits] == [h.chunk for h in search(reference.store, qv, question, k=3)]
    counting.asked.clear()
    got = c.ask(question, k=3)
    assert got.passages and got.to_dict() == reference.ask(question, k=3).to_dict()
    from qa.answer.answers import SEARCH_DEPTH

    # two rankings of answers.SEARCH_DEPTH at most, never the whole collection
    assert counting.asked and max(n for _, n in counting.asked) <= 2 * SEARCH_DEPTH < len(ids)
    assert [p.chunk for p in got.passages] == coll.positions([ids[p.chunk] for p in got.passages])
    counting.asked.clear()
    assert c.check("The lighthouse keeper counted 4,321 gulls.").verdict == "supported"
    assert max(n for _, n in counting.asked) <= 100
