"""The default embedder: the model exported once to ONNX, quantized to int8."""

from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path

import numpy as np

from qa.config import DEFAULT_MODEL
from qa.encode.models import WordPieceCounter, model_dir
from qa.errors import QAError


def _say(message: str) -> None:
    """Tell the user about a slow one-time step (stderr: stdout may be JSON)."""
    print(f"qa: {message}", file=sys.stderr)


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
            from qa.encode.onnx_encoder import export

            _say(f"preparing the fast int8 encoder for {name} (one time, about 20 s) in {target}")
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


