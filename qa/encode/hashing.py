"""A fake embedder for tests of mechanics (never of retrieval quality)."""

from __future__ import annotations

import hashlib

import numpy as np


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


