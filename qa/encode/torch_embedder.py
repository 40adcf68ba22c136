"""The reference embedder: sentence-transformers (torch) on the CPU."""

from __future__ import annotations

import os

import numpy as np

from qa.config import DEFAULT_MODEL
from qa.encode.models import WordPieceCounter, model_dir
from qa.errors import QAError


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


