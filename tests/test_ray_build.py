"""The distributed build: ``qa index --workers ray`` makes the same collection
as the single-process build (same chunks, vectors and answers), reuses what
the store holds, stops on an unreadable file before writing, and without Ray
installed is a one-line error saying how to install it."""

from __future__ import annotations

import shutil
import subprocess
import sys

import numpy as np
import pytest

from qa.errors import QAError
from tests.conftest import ROOT, SEEDS

FILES = {f"note-{i}.md": f"# Note {i}\n\nThe Lacolle crossing processed {1000 + i:,} trucks on day {i} — “été” {i}.\n"
         for i in range(6)}


def test_nothing_imports_ray_without_the_option():
    code = ("import sys, qa.cli, qa.collection, qa.store.ray_build, qa.store.qdrant\n"
            "assert not any(m == 'ray' or m.startswith('ray.') for m in sys.modules), 'ray was imported'")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


def test_workers_ray_without_ray_is_one_line(monkeypatch, capsys, tmp_path):
    from qa.cli import main

    monkeypatch.setitem(sys.modules, "ray", None)   # as if it were not installed
    assert main(["--store", str(tmp_path / "index"), "index", "--workers", "ray", str(SEEDS)]) != 0
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "pip install 'qa[ray]'" in err
    assert not (tmp_path / "index").exists()


@pytest.fixture(scope="module")
def ray_session():
    pytest.importorskip("ray")
    from qa.store.ray_build import quiet_stderr, start_ray

    with quiet_stderr():
        ray = start_ray(2)
    yield ray
    ray.shutdown()


@pytest.mark.slow
def test_ray_build_equals_the_single_process_build(ray_session, tmp_path, embedder, monkeypatch):
    from qa.collection import Collection
    from qa.store import ray_build
    from qa.store.local import LocalStore
    from qa.store.qdrant import QdrantStore

    pytest.importorskip("qdrant_client")
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    for name, text in FILES.items():
        (corpus / name).write_text(text, encoding="utf-8")
    monkeypatch.setattr(ray_build, "DOCS_PER_BATCH", 2)      # several batches per worker
    qstore = QdrantStore("qdrant+memory:")
    timings: list = []
    report = ray_build.build_ray([corpus], qstore, "default", embedder, workers=2, timings=timings)
    single = Collection.build([corpus], store=LocalStore(tmp_path / "index"), encoder=embedder)
    ray_col = Collection.open(qstore, encoder=embedder)

    ids = single.store.chunk_ids()
    assert report.chunks == len(ids) and report.embedded == len(ids) and len(report.added) == 8
    assert ray_col.store.chunk_ids() == ids
    assert ray_col.store.chunks(ids) == single.store.chunks(ids)
    assert ray_col.store.manifest.sentences == single.store.manifest.sentences == "pool"   # how sentence vectors were made
    # the int8 encoder quantizes activations per batch, so a vector depends a little on its batch-mates
    # (the single-process build batches all chunks by length, Ray a few documents at a time): measured
    # here, cosine >= 0.990 for chunks and >= 0.982 for (short) sentences between the two builds
    cos = np.sum(ray_col.store.vectors(ids) * single.store.vectors(ids), axis=1)
    assert cos.min() > 0.99
    spans_r, vec_r = ray_col.store.sentences(ids)
    spans_s, vec_s = single.store.sentences(ids)
    assert spans_r == spans_s and np.sum(vec_r * vec_s, axis=1).min() > 0.97
    for q in ("How many trucks did Lacolle process on day 3?", "Who hosted the discussions?"):
        a, b = ray_col.ask(q), single.ask(q)
        assert (a.passages[0].doc, a.passages[0].start) == (b.passages[0].doc, b.passages[0].start)
    assert len(timings) >= 3 and len({t.worker for t in timings}) <= 2   # the encoder stays loaded in 2 actors
    assert sum(t.chunks for t in timings) == len(ids)

    # incremental: one changed, one removed, one unreadable
    (corpus / "note-1.md").write_text("# Note 1\n\nThe Lacolle crossing processed 9,999 trucks.\n", encoding="utf-8")
    (corpus / "note-2.md").unlink()
    report = ray_build.build_ray([corpus], qstore, "default", embedder, workers=2)
    assert report.changed == ["note-1.md"] and report.removed == ["note-2.md"] and report.embedded == 1
    assert "9,999" in Collection.open(qstore, encoder=embedder).ask("trucks processed note 1").passages[0].text
    (corpus / "broken.pdf").write_bytes(b"%PDF-1.4 not really")
    before = qstore.open("default").chunk_ids()
    with pytest.raises(QAError, match="broken.pdf"):
        ray_build.build_ray([corpus], qstore, "default", embedder, workers=2)
    assert qstore.open("default").chunk_ids() == before
