"""Index mechanics with a fake embedder: incremental builds, crash safety, errors."""

import json
import shutil

import numpy as np
import pytest

from qa.errors import IndexCorrupt, IndexMissing, QAError
from qa.store.records import FORMAT_VERSION
from qa.ingest.documents import read_document
from qa.store.index import build_index, load_index

from .legacy import make_legacy


def test_round_trip_keeps_offsets_and_unicode(tmp_path, hash_embedder):
    src = tmp_path / "docs"
    src.mkdir()
    (src / "fr.txt").write_text("Rapport\n\nLes douaniers à Montréal ont saisi 1 234 armes.\r\nÇa continue — “fin”.", encoding="utf-8")
    build_index([src], tmp_path / "index", hash_embedder)
    index = load_index(tmp_path / "index")
    doc = index.documents["fr.txt"]
    assert doc.text == (src / "fr.txt").read_bytes().decode("utf-8")
    for c in index.chunks:
        assert doc.text[c.start:c.end] == c.text
    manifest = json.loads((index.path / "manifest.json").read_text())
    assert manifest["format_version"] == FORMAT_VERSION and manifest["build"] == index.path.name[2:] and manifest["model"] == hash_embedder.name
    assert manifest["documents"][0]["sha256"] == doc.sha256
    assert index.vectors.shape == (len(index.chunks), hash_embedder.dim)


def test_incremental_embeds_only_what_changed(corpus, tmp_path, hash_embedder):
    out = tmp_path / "index"
    first = build_index([corpus], out, hash_embedder)
    assert first.embedded == first.chunks and len(first.added) == 2
    again = build_index([corpus], out, hash_embedder)
    assert again.embedded == 0 and not again.added and not again.changed
    # edit one paragraph of one document: only its chunk is embedded again
    path = corpus / "004_c83899779e2afedb.txt"
    path.write_text(path.read_text(encoding="utf-8").replace("26,145", "26,146"), encoding="utf-8")
    edited = build_index([corpus], out, hash_embedder)
    assert edited.changed == ["004_c83899779e2afedb.txt"] and edited.embedded == 1
    # remove a document: it disappears
    (corpus / "000_a58a9600d03a047c.txt").unlink()
    removed = build_index([corpus], out, hash_embedder)
    assert removed.removed == ["000_a58a9600d03a047c.txt"]
    assert set(load_index(out).documents) == {"004_c83899779e2afedb.txt"}


def test_bad_file_is_skipped_and_reported_the_rest_indexed(corpus, tmp_path, hash_embedder):
    out = tmp_path / "index"
    build_index([corpus], out, hash_embedder)
    (corpus / "broken.pdf").write_bytes(b"%PDF-1.4 nonsense")
    report = build_index([corpus], out, hash_embedder)
    assert [name for name, _ in report.skipped] == ["broken.pdf"] and "cannot read it as PDF" in report.skipped[0][1]
    assert str(corpus) not in report.skipped[0][1]  # no server paths in the reason
    assert len(load_index(out).documents) == 2
    # a document indexed before that is now damaged keeps its indexed version
    (corpus / "000_a58a9600d03a047c.txt").write_bytes(b"\x00\x01\x02\x03" * 100)
    report = build_index([corpus], out, hash_embedder)
    assert {name for name, _ in report.skipped} == {"broken.pdf", "000_a58a9600d03a047c.txt"}
    assert len(load_index(out).documents) == 2
    # when no file at all can be read, nothing is written and the index stays as it was
    only = tmp_path / "only"
    only.mkdir()
    (only / "broken.pdf").write_bytes(b"%PDF-1.4 nonsense")
    before = (load_index(out).path / "manifest.json").read_bytes()
    with pytest.raises(QAError, match="none of the 1 documents could be read: broken.pdf"):
        build_index([only], out, hash_embedder)
    assert (load_index(out).path / "manifest.json").read_bytes() == before


def test_interrupted_swap_falls_back_to_previous(corpus, tmp_path, hash_embedder):
    out = tmp_path / "index"
    build_index([corpus], tmp_path / "new", hash_embedder)
    make_legacy(load_index(tmp_path / "new"), tmp_path / "index.old")  # an old qa killed between its two renames
    assert len(load_index(out).documents) == 2
    (corpus / "000_a58a9600d03a047c.txt").unlink()
    report = build_index([corpus], out, hash_embedder)  # converts it, reusing its vectors
    assert report.embedded == 0 and report.removed == ["000_a58a9600d03a047c.txt"]
    assert not (tmp_path / "index.old").exists() and len(load_index(out).documents) == 1


def test_old_layout_is_read_then_converted(corpus, tmp_path, hash_embedder):
    build_index([corpus], tmp_path / "new", hash_embedder)
    old = load_index(tmp_path / "new")
    make_legacy(old, tmp_path / "index")
    legacy = load_index(tmp_path / "index")
    assert legacy.ids == old.ids and [c.text for c in legacy.chunks] == [c.text for c in old.chunks]
    build_index([corpus], tmp_path / "index", hash_embedder)
    assert not (tmp_path / "index" / "manifest.json").exists()
    assert load_index(tmp_path / "index").path.parent.name == "default"


def test_missing_and_corrupt_indexes(corpus, tmp_path, hash_embedder):
    with pytest.raises(IndexMissing, match="qa index"):
        load_index(tmp_path / "nothing")
    out = tmp_path / "index"
    build_index([corpus], out, hash_embedder)
    gen = load_index(out).path.relative_to(out)
    broken = tmp_path / "broken"
    shutil.copytree(out, broken)
    (broken / gen / "dense.faiss").write_bytes(b"garbage")
    with pytest.raises(IndexCorrupt, match="rebuild"):
        load_index(broken)
    half = tmp_path / "half"
    shutil.copytree(out, half)
    (half / gen / "vectors.npy").unlink()
    with pytest.raises(IndexCorrupt, match="incomplete"):
        load_index(half)
    short = tmp_path / "short"
    shutil.copytree(out, short)
    lines = (short / gen / "chunks.jsonl").read_text().splitlines()
    (short / gen / "chunks.jsonl").write_text("\n".join(lines[:-1]) + "\n")
    with pytest.raises(IndexCorrupt, match="inconsistent"):
        load_index(short)


def test_vectors_are_normalized(corpus, tmp_path, hash_embedder):
    build_index([corpus], tmp_path / "index", hash_embedder)
    v = load_index(tmp_path / "index").vectors
    assert np.allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-5)


def test_an_index_of_older_readers_is_read_again_with_its_vectors_reused(corpus, tmp_path, hash_embedder, monkeypatch):
    """After the readers change (CHUNKER_VERSION raised), an unchanged file is
    read again on the next build, so its text is the new readers'; its chunks'
    vectors are reused where their text is unchanged."""
    import qa.config
    import qa.store.build as build

    out = tmp_path / "index"
    monkeypatch.setattr(qa.config, "CHUNKER_VERSION", qa.config.CHUNKER_VERSION - 1)
    build_index([corpus], out, hash_embedder)
    monkeypatch.undo()
    read = []
    monkeypatch.setattr(build, "read_document", lambda path, *a, **kw: read.append(path.name) or read_document(path, *a, **kw))
    report = build_index([corpus], out, hash_embedder)
    assert sorted(read) == sorted(p.name for p in corpus.iterdir()) and report.embedded == 0
    assert load_index(out).manifest.chunker["version"] == qa.config.CHUNKER_VERSION
    read.clear()
    assert build_index([corpus], out, hash_embedder).embedded == 0 and read == []  # and then not again
