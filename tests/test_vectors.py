"""qa.store.vectors on small synthetic data with real FAISS (whole file runs in seconds)."""

from __future__ import annotations

import faiss
import numpy as np
import pytest

from qa.store import vector_search, vectors

DIM = 32
FLT_MAX = np.finfo(np.float32).max


def unit(x: np.ndarray) -> np.ndarray:
    x = np.ascontiguousarray(x, dtype=np.float32)
    return x / np.linalg.norm(x, axis=1, keepdims=True)


def clustered(n: int, seed: int = 0, dim: int = DIM) -> np.ndarray:
    """Unit vectors around 20 random centres, like embeddings of a few topics."""
    rng = np.random.default_rng(seed)
    centres = rng.standard_normal((20, dim))
    return unit(centres[rng.integers(0, 20, n)] + 0.6 * rng.standard_normal((n, dim)))


def exact(xb: np.ndarray, xq: np.ndarray, k: int, ids: np.ndarray | None = None) -> np.ndarray:
    """Brute-force top-k ids (restricted to ``ids`` if given)."""
    ids = np.arange(len(xb)) if ids is None else np.asarray(ids)
    sims = xq @ xb[ids].T
    return ids[np.argsort(-sims, axis=1)[:, :k]]


def recall(found: np.ndarray, truth: np.ndarray) -> float:
    return float(np.mean([len(set(f) & set(t)) / len(t) for f, t in zip(found, truth)]))


@pytest.fixture(scope="module")
def data():
    return clustered(6000, seed=1), clustered(40, seed=2)


@pytest.fixture(scope="module")
def built(data):
    xb, _ = data
    return {kind: vectors.build(xb, kind) for kind in vectors.KINDS}


def test_choose_kind_switches_at_flat_max():
    assert vectors.choose_kind(0) == "flat"
    assert vectors.choose_kind(vectors.FLAT_MAX) == "flat"
    assert vectors.choose_kind(vectors.FLAT_MAX + 1) == vectors.APPROX_KIND != "flat"


def test_build_defaults_to_flat_for_small_input(data):
    index = vectors.build(data[0][:500])
    assert vectors.describe(index) == {"kind": "flat", "ntotal": 500, "dim": DIM, "params": {}}


def test_flat_search_is_exact_and_sorted(data):
    xb, xq = data
    scores, ids = vector_search.search(vectors.build(xb, "flat"), xq, 10)
    assert scores.shape == ids.shape == (len(xq), 10)
    assert ids.dtype == np.int64
    np.testing.assert_array_equal(ids, exact(xb, xq, 10))
    assert np.all(np.diff(scores, axis=1) <= 1e-6)
    np.testing.assert_allclose(scores[:, 0], np.max(xq @ xb.T, axis=1), rtol=1e-5)


@pytest.mark.parametrize("kind", ["ivf_sq8", "hnsw_sq8"])
def test_approximate_kinds_have_high_recall(built, data, kind):
    xb, xq = data
    _, ids = vector_search.search(built[kind], xq, 10)
    assert recall(ids, exact(xb, xq, 10)) >= 0.9


def test_describe_records_search_params(built):
    ivf = vectors.describe(built["ivf_sq8"])
    assert ivf["kind"] == "ivf_sq8" and ivf["ntotal"] == 6000 and ivf["dim"] == DIM
    assert ivf["params"]["nprobe"] == min(ivf["params"]["nlist"], vectors.IVF_NPROBE)
    hnsw = vectors.describe(built["hnsw_sq8"])["params"]
    assert hnsw["M"] == vectors.HNSW_M and hnsw["efSearch"] == vectors.HNSW_EF_SEARCH


def test_empty_input_gives_empty_index():
    index = vectors.build(np.zeros((0, 8), dtype=np.float32))
    assert vectors.describe(index) == {"kind": "flat", "ntotal": 0, "dim": 8, "params": {}}
    scores, ids = vector_search.search(index, np.ones((2, 8), dtype=np.float32), 3)
    assert ids.shape == (2, 3) and np.all(ids == -1) and np.all(scores == -FLT_MAX)
    assert vectors.build(np.zeros((0, 8)), "ivf_sq8").ntotal == 0


@pytest.mark.parametrize("kind", vectors.KINDS)
def test_k_larger_than_ntotal_is_padded(kind):
    xb = clustered(300, seed=3)
    scores, ids = vector_search.search(vectors.build(xb, kind), xb[:2], 500)
    assert ids.shape == (2, 500)
    found = ids[0][ids[0] >= 0]
    assert len(found) == len(set(found)) and 0 < len(found) <= 300
    assert np.all(ids[0][len(found):] == -1) and np.all(scores[0][len(found):] == -FLT_MAX)
    if kind == "flat":
        assert len(found) == 300


def test_single_vector_query_and_bad_dim(built, data):
    xb, xq = data
    _, ids = vector_search.search(built["flat"], xq[0], 5)
    assert ids.shape == (1, 5)
    with pytest.raises(ValueError, match="shape"):
        vector_search.search(built["flat"], np.ones((1, DIM + 1), dtype=np.float32), 5)
    with pytest.raises(ValueError, match="unknown index kind"):
        vectors.build(xb[:10], "lsh")


@pytest.mark.parametrize("kind", vectors.KINDS)
def test_allowed_ids_small_subset_is_exact(built, data, kind):
    xb, xq = data
    allowed = np.arange(1000, 1150)  # one "document": a run of chunk ids
    _, ids = vector_search.search(built[kind], xq, 10, allowed_ids=allowed)
    assert np.all(np.isin(ids, allowed))
    # exact over the stored (SQ8-decoded) vectors: equal to float exact up to near-ties
    assert recall(ids, exact(xb, xq, 10, allowed)) >= 0.95


@pytest.mark.parametrize("kind,share", [("flat", 0.3), ("ivf_sq8", 0.3), ("ivf_sq8", 0.01),
                                        ("hnsw_sq8", 0.3), ("hnsw_sq8", 0.01)])
def test_allowed_ids_through_faiss_selector(built, data, kind, share, monkeypatch):
    """Force the IDSelector paths (normally used above EXACT_MAX_IDS allowed ids)."""
    monkeypatch.setattr(vector_search, "EXACT_MAX_IDS", 0)
    xb, xq = data
    rng = np.random.default_rng(4)
    allowed = np.sort(rng.choice(len(xb), int(share * len(xb)), replace=False))
    _, ids = vector_search.search(built[kind], xq, 10, allowed_ids=allowed)
    assert np.all(np.isin(ids, allowed))
    assert recall(ids, exact(xb, xq, 10, allowed)) >= 0.9


def test_allowed_ids_edge_cases(built, data):
    xb, xq = data
    index = built["ivf_sq8"]
    scores, ids = vector_search.search(index, xq[:2], 5, allowed_ids=np.array([], dtype=np.int64))
    assert np.all(ids == -1) and np.all(scores == -FLT_MAX)
    # duplicates and out-of-range ids are ignored; fewer allowed than k pads with -1
    _, ids = vector_search.search(index, xq[:2], 5, allowed_ids=[7, 7, 3, -1, 10**9])
    assert sorted(ids[0][:2]) == [3, 7] and np.all(ids[:, 2:] == -1)


def test_search_leaves_thread_count_alone(built, data):
    before = faiss.omp_get_max_threads()
    vector_search.search(built["ivf_sq8"], data[1][:1], 5)
    vector_search.search(built["flat"], data[1], 5, allowed_ids=np.arange(50))
    assert faiss.omp_get_max_threads() == before


@pytest.mark.parametrize("kind", vectors.KINDS)
def test_save_load_round_trip(built, data, kind, tmp_path):
    xb, xq = data
    path = tmp_path / "dense.faiss"
    vectors.save(built[kind], path)
    assert [p.name for p in tmp_path.iterdir()] == ["dense.faiss"]
    loaded = vectors.load(path)
    assert vectors.describe(loaded) == vectors.describe(built[kind])
    for allowed in (None, np.arange(100, 400)):
        a = vector_search.search(built[kind], xq, 10, allowed_ids=allowed)
        b = vector_search.search(loaded, xq, 10, allowed_ids=allowed)
        np.testing.assert_array_equal(a[1], b[1])
        np.testing.assert_allclose(a[0], b[0], rtol=1e-6)


def test_load_rejects_missing_and_corrupt_files(built, tmp_path):
    good = tmp_path / "good.faiss"
    vectors.save(built["ivf_sq8"], good)
    bad = {
        "missing.faiss": None,
        "garbage.faiss": b"this is not an index",
        "empty.faiss": b"",
        "truncated.faiss": good.read_bytes()[:2000],
    }
    for name, content in bad.items():
        path = tmp_path / name
        if content is not None:
            path.write_bytes(content)
        with pytest.raises(ValueError) as err:
            vectors.load(path)
        message = str(err.value)
        assert name in message and "\n" not in message
        assert ("not found" if content is None else "corrupt") in message
