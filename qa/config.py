"""Settings, validated when they are made (never an untyped dict).

>>> Settings(top_k=0)
Traceback (most recent call last):
...
qa.errors.QAError: top_k must be between 1 and 100, got 0
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from qa.errors import QAError

DEFAULT_MODEL = "all-MiniLM-L6-v2"
MAX_QUESTION_CHARS = 2000
SEARCH_MODES = ("hybrid", "dense", "bm25")
CHUNKER_VERSION = 4


@dataclass(frozen=True)
class ChunkSettings:
    """How documents are cut. ``max_tokens`` is a hard limit in the model's word
    pieces; ``target_tokens`` is where small paragraphs stop being merged."""

    max_tokens: int = 224
    target_tokens: int = 120

    def __post_init__(self):
        if not 16 <= self.max_tokens <= 254:
            raise QAError(f"max_tokens must be between 16 and 254 (the model reads 256 word pieces), got {self.max_tokens}")
        if not 1 <= self.target_tokens <= self.max_tokens:
            raise QAError(f"target_tokens must be between 1 and max_tokens ({self.max_tokens}), got {self.target_tokens}")

    def as_dict(self) -> dict:
        # the version changes whenever chunking code changes what it produces,
        # so an incremental build re-chunks instead of reusing stale chunks
        return {"version": CHUNKER_VERSION, "max_tokens": self.max_tokens, "target_tokens": self.target_tokens}


@dataclass(frozen=True)
class Settings:
    index_dir: Path = Path(os.environ.get("QA_INDEX", "index"))
    model: str = os.environ.get("QA_MODEL", DEFAULT_MODEL)
    top_k: int = 5
    mode: str = "hybrid"
    chunks: ChunkSettings = ChunkSettings()

    def __post_init__(self):
        object.__setattr__(self, "index_dir", Path(self.index_dir))
        if not 1 <= self.top_k <= 100:
            raise QAError(f"top_k must be between 1 and 100, got {self.top_k}")
        if self.mode not in SEARCH_MODES:
            raise QAError(f"unknown search mode {self.mode!r}; choose one of: {', '.join(SEARCH_MODES)}")
        if not self.model.strip():
            raise QAError("model must be a model name or a path, got an empty string")


def check_question(question: str) -> str:
    """Return the question stripped, or raise a one-line error.

    >>> check_question("  Who hosted it? ")
    'Who hosted it?'
    """
    if question is None or not question.strip():
        raise QAError("the question is empty; type a question, e.g. qa ask \"Who hosted the discussions?\"")
    if len(question) > MAX_QUESTION_CHARS:
        raise QAError(f"the question is {len(question):,} characters long; the limit is {MAX_QUESTION_CHARS:,}")
    return question.strip()
