"""Choosing an embedder: the backend asked for (or the one an index was
built with), loaded once per process."""

from __future__ import annotations

import os
from functools import lru_cache

from qa.config import DEFAULT_MODEL
from qa.encode.models import model_dir
from qa.encode.onnx_embedder import OnnxEmbedder
from qa.encode.torch_embedder import SentenceTransformerEmbedder
from qa.errors import QAError

BACKENDS = ("onnx", "torch")


def _field(manifest, name: str):
    return manifest.get(name) if isinstance(manifest, dict) else getattr(manifest, name, None)


def backend_of(manifest) -> str:
    """The backend an index was built with (indexes without the field: torch).
    ``manifest``: a ``qa.store.records.Manifest`` or a manifest dict.

    >>> backend_of({"backend": "onnx-int8"}), backend_of({})
    ('onnx', 'torch')
    """
    return "onnx" if _field(manifest, "backend") == OnnxEmbedder.backend else "torch"


@lru_cache(maxsize=4)
def load_embedder(name: str = DEFAULT_MODEL, backend: str | None = None):
    """The embedder for ``name``, loaded once per process.

    ``backend`` is "onnx" (the default, or ``$QA_BACKEND``) or "torch" (the
    reference). ONNX needs the model's files on disk; a hub name uses torch.
    """
    backend = backend or os.environ.get("QA_BACKEND", "onnx")
    if backend not in BACKENDS:
        raise QAError(f"unknown backend {backend!r}; choose one of: {', '.join(BACKENDS)}")
    folder = model_dir(name)
    if backend == "onnx" and folder is not None and (folder / "model.safetensors").exists():
        return OnnxEmbedder(name, folder)
    return SentenceTransformerEmbedder(name)


def embedder_for(manifest):
    """The embedder that matches an index: same model, same backend."""
    return load_embedder(_field(manifest, "model"), backend_of(manifest))
