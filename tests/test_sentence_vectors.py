"""Sentence vectors stored in the index: made at build time (qa.encode.sentences,
called by qa.store.build), reused for unchanged documents; the pooled way
agrees with the chunk vector."""

import numpy as np
import pytest

from qa.encode.sentences import encode_chunks, sentence_spans
from qa.store.index import build_index, load_index


def test_each_chunk_sentence_has_a_stored_vector(corpus, tmp_path, hash_embedder):
    out = tmp_path / "index"
    report = build_index([corpus], out, hash_embedder)
    index = load_index(out)
    assert report.sentences == len(index.sentence_spans) == len(index.sentences) > len(index.chunks)
    for row, c in enumerate(index.chunks):
        text = index.documents[c.doc].text
        stored = [(int(index.sentence_spans[r, 1]), int(index.sentence_spans[r, 2])) for r in index.sentence_rows(row)]
        assert stored == sentence_spans(text, c.start, c.end)
        for r, (s, e) in zip(index.sentence_rows(row), stored):
            assert np.allclose(index.sentences[r], hash_embedder.encode([text[s:e]])[0], atol=1e-6)


def test_incremental_build_reuses_sentence_vectors(corpus, tmp_path, hash_embedder):
    out = tmp_path / "index"
    build_index([corpus], out, hash_embedder)
    before = load_index(out)
    hash_embedder.calls = 0
    again = build_index([corpus], out, hash_embedder)
    assert again.embedded == 0 and hash_embedder.calls == 0  # nothing encoded, sentences included
    after = load_index(out)
    assert np.array_equal(before.sentences, after.sentences)
    assert np.array_equal(before.sentence_spans, after.sentence_spans)


def test_pooled_chunk_vector_is_the_plain_encoding(embedder):
    """One pass gives the chunk vector (identical to encode) and sentence
    vectors close to, but not the same as, each sentence encoded alone."""
    pytest.importorskip("onnxruntime")
    if not hasattr(getattr(embedder, "encoder", None), "session"):
        pytest.skip("pooling needs the ONNX encoder")
    text = "The CBSA seized 4,234 firearms in 2023. Montréal’s port handled most of them. Officials were pleased."
    spans = sentence_spans(text, 0, len(text))
    chunks, sents = encode_chunks(embedder, [text], [spans], method="pool")
    assert np.allclose(chunks[0], embedder.encode([text])[0], atol=1e-5)
    alone = embedder.encode([text[s:e] for s, e in spans])
    assert sents[0].shape == alone.shape
    assert np.allclose(np.linalg.norm(sents[0], axis=1), 1.0, atol=1e-5)
    cos = np.sum(sents[0] * alone, axis=1)
    assert np.all(cos > 0.5), cos  # context pulls short sentences toward the chunk
    # each pooled sentence is closest to its own sentence encoded alone
    assert list(np.argmax(sents[0] @ alone.T, axis=1)) == list(range(len(spans)))


def test_manifest_records_the_sentence_method(seeds_index):
    """A load can tell how the sentence vectors were made: pooled by the ONNX
    encoder (qa.store.build._methods: "alone+pool" when an update re-encodes
    reused chunks' sentences alone)."""
    pytest.importorskip("onnxruntime")
    assert seeds_index.manifest.sentences == "pool"
    assert seeds_index.raw["sentences"]["method"] == "pool"


def test_manifest_sentence_method_after_updates(tmp_path, hash_embedder):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.md").write_text("# Alpha\n\nThe first document. It has two sentences.\n", encoding="utf-8")
    (docs / "b.md").write_text("# Beta\n\nThe second document. Café crème.\n", encoding="utf-8")
    out = tmp_path / "index"
    build_index([docs], out, hash_embedder)
    assert load_index(out).manifest.sentences == "alone"   # the hash embedder cannot pool
    (docs / "c.md").write_text("# Gamma\n\nA third document.\n", encoding="utf-8")
    build_index([docs], out, hash_embedder)
    assert load_index(out).manifest.sentences == "alone"   # kept documents' method carried over
