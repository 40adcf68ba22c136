"""The chunk-vector index in FAISS: which kind for how many vectors (exact
"flat", or IVF with 8-bit codes past ``FLAT_MAX``), building it, saving and
loading it, and describing it for the manifest. Searching it is
``qa.store.vector_search``.

Vectors are float32 and L2-normalized, so inner product is cosine similarity.
Ids are row positions in the array given to ``build`` (0 .. n-1).

Worked example::

    >>> import numpy as np
    >>> from qa.store import vectors
    >>> x = np.array([[1, 0], [0.6, 0.8], [0, 1]], dtype="float32")  # unit rows
    >>> index = vectors.build(x)                    # small -> exact "flat"
    >>> index.ntotal, vectors.describe(index)["kind"]
    (3, 'flat')
"""

from __future__ import annotations

import contextlib
import os
import re
from pathlib import Path

import faiss
import numpy as np

# Exact search scans every vector: one query over 100k x 384 float32 takes
# ~10 ms on one core of the 2-core target machine (and 150 MB of RAM), so up to
# here exact search is fast enough and needs no build step.  Past it, latency
# and memory grow linearly (1M: ~60 ms, 1.5 GB), so we switch to an ANN kind.
FLAT_MAX = 100_000

# IVF with 8-bit scalar quantization (384 B a vector instead of 1536).  At
# 1M x 384 on 2 cores (benchmarks/ann_scale.py): ~400 MB, recall@10 ~0.98,
# p50 ~4 ms, build ~2 min.  HNSW32+SQ8 built 2x slower, took 660 MB and only
# reached recall 0.87 at efSearch=512 on the same data, so IVF wins.
APPROX_KIND = "ivf_sq8"
KINDS = ("flat", "ivf_sq8", "hnsw_sq8")

# Recall follows the number of lists probed more than their share: 256 gave
# recall@10 0.98 both at 100k (1024 lists) and 1M (4096 lists); 128 gave 0.96.
IVF_NPROBE = 256
IVF_TRAIN_PER_LIST = 40       # k-means training points per list (faiss wants >= 39)
HNSW_M = 32
HNSW_EF_CONSTRUCTION = 40
HNSW_EF_SEARCH = 256

# Builds use every core (faiss parallelises over vectors); searches choose their
# own count (qa.store.vector_search).
BUILD_THREADS = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


@contextlib.contextmanager
def threads(n: int):
    """Temporarily set faiss's OpenMP thread count."""
    before = faiss.omp_get_max_threads()
    faiss.omp_set_num_threads(n)
    try:
        yield
    finally:
        faiss.omp_set_num_threads(before)


def choose_kind(n: int) -> str:
    """Index kind for n vectors: exact "flat" up to FLAT_MAX, else APPROX_KIND."""
    return "flat" if n <= FLAT_MAX else APPROX_KIND


def _ivf_nlist(n: int) -> int:
    """Number of IVF lists: ~4*sqrt(n) rounded to a power of two (1M -> 4096)."""
    target = max(1.0, 4 * np.sqrt(n))
    return int(min(2 ** round(np.log2(target)), max(1, n // IVF_TRAIN_PER_LIST)))


def as_matrix(x: np.ndarray, dim: int | None = None) -> np.ndarray:
    """Return x as a C-contiguous float32 (n, d) array, checking d if given."""
    x = np.ascontiguousarray(x, dtype=np.float32)
    if x.ndim == 1:
        x = x.reshape(1, -1)
    if x.ndim != 2 or (dim is not None and x.shape[1] != dim):
        raise ValueError(f"expected vectors of shape (n, {dim or 'd'}), got {x.shape}")
    return x


def build(vectors: np.ndarray, kind: str | None = None) -> faiss.Index:
    """Build an inner-product index over ``vectors`` (ids = row numbers).

    kind None picks ``choose_kind(len(vectors))``.  An empty array gives an
    empty flat index of the right dimension (nothing to approximate or train).
    """
    x = as_matrix(vectors)
    n, d = x.shape
    kind = choose_kind(n) if kind is None else kind
    if kind not in KINDS:
        raise ValueError(f"unknown index kind {kind!r}; expected one of {KINDS}")
    if n == 0:
        kind = "flat"
    with threads(BUILD_THREADS):
        if kind == "flat":
            index = faiss.IndexFlatIP(d)
        elif kind == "hnsw_sq8":
            index = faiss.IndexHNSWSQ(d, faiss.ScalarQuantizer.QT_8bit, HNSW_M,
                                      faiss.METRIC_INNER_PRODUCT)
            index.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
            index.hnsw.efSearch = HNSW_EF_SEARCH
            index.train(x)
        else:
            nlist = _ivf_nlist(n)
            quantizer = faiss.IndexFlatIP(d)
            index = faiss.IndexIVFScalarQuantizer(
                quantizer, d, nlist, faiss.ScalarQuantizer.QT_8bit,
                faiss.METRIC_INNER_PRODUCT)
            index.own_fields = True
            quantizer.this.disown()
            ntrain = min(n, IVF_TRAIN_PER_LIST * nlist)
            sample = np.random.default_rng(0).choice(n, ntrain, replace=False)
            index.train(x[np.sort(sample)])
            index.nprobe = min(nlist, IVF_NPROBE)
            index.make_direct_map()  # id -> code lookup for exact restricted search (8 B/vector)
        index.add(x)
    return index


def kind_of(index: faiss.Index) -> str:
    """Kind name of an index built by ``build`` (read_index returns concrete types)."""
    if isinstance(index, faiss.IndexFlat):
        return "flat"
    if isinstance(index, faiss.IndexHNSW):
        return "hnsw_sq8"
    if isinstance(index, faiss.IndexIVF):
        return "ivf_sq8"
    raise ValueError(f"unsupported index type {type(index).__name__}")


def save(index: faiss.Index, path) -> None:
    """Write ``index`` to ``path`` atomically (temp file, then rename)."""
    path = Path(path)
    tmp = path.with_name(path.name + ".tmp")
    faiss.write_index(index, str(tmp))
    os.replace(tmp, path)


def load(path) -> faiss.Index:
    """Read an index written by ``save``; ValueError if missing or unreadable."""
    path = Path(path)
    if not path.is_file():
        raise ValueError(f"vector index not found: {path}")
    try:
        index = faiss.read_index(str(path))
    except (RuntimeError, MemoryError) as exc:  # faiss raises RuntimeError on bad bytes
        lines = str(exc).strip().splitlines() or [type(exc).__name__]
        detail = re.sub(r"^Error in .*? at \S+:\d+: ", "", lines[0])
        raise ValueError(f"vector index {path} is corrupt or not a faiss index: {detail}") from None
    kind_of(index)  # rejects index types this module did not build
    return index


def describe(index: faiss.Index) -> dict:
    """Manifest entry, e.g. {"kind": "ivf_sq8", "ntotal": 1000000, "dim": 384,
    "params": {"nlist": 4096, "nprobe": 256, "quantizer": "SQ8"}}."""
    kind = kind_of(index)
    params: dict = {}
    if kind == "hnsw_sq8":
        params = {"M": index.hnsw.nb_neighbors(0) // 2, "efConstruction": index.hnsw.efConstruction,
                  "efSearch": index.hnsw.efSearch, "quantizer": "SQ8"}
    elif kind == "ivf_sq8":
        params = {"nlist": index.nlist, "nprobe": index.nprobe, "quantizer": "SQ8"}
    return {"kind": kind, "ntotal": int(index.ntotal), "dim": int(index.d), "params": params}
