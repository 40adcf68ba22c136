"""Settings and limits, validated when they are made (never an untyped dict).

``LIMITS`` is the one set of limits the CLI, the Python API, the app and its
API endpoints all check input against, with the same one-line messages.

>>> Settings(top_k=0)
Traceback (most recent call last):
...
qa.errors.QAError: k must be a whole number from 1 to 50, got 0
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from qa.errors import QAError

DEFAULT_MODEL = "all-MiniLM-L6-v2"
SEARCH_MODES = ("hybrid", "dense", "bm25")
# Raise when the readers or the chunker change what a document's text or chunks
# are: an index built before is then read again whole on the next build (its
# vectors still reused where a chunk's text is unchanged), so nobody keeps the
# old text of an unchanged file. 5: the readers of 2026-11 (tables, reading
# order, titles, words broken at a line end in capitals); 6: BM25 terms fold accents and ligatures
# ("Québec" = "Quebec", qa.store.lexical.normalize), so stored terms are made again; 7: a sentence keeps the
# reference marks after its stop ("... taxonomists. [ 5 ]"), so sentences and chunk ends move.
CHUNKER_VERSION = 7


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
class Limits:
    """What one request may ask for. Out of range is an error, never clamped.

    >>> LIMITS.k("7"), LIMITS.k(3.0)
    (7, 3)
    >>> LIMITS.k("lots")
    Traceback (most recent call last):
    ...
    qa.errors.QAError: k must be a whole number from 1 to 50, got 'lots'
    >>> LIMITS.text("caf\\udce9", "claim")
    Traceback (most recent call last):
    ...
    qa.errors.QAError: the claim has a character that is not valid text (a lone surrogate at position 3); remove it
    """

    k_max: int = 50                 # passages per answer, closest passages per claim
    question_chars: int = 2000
    claim_chars: int = 2000         # also the longest sentence of a draft that is checked
    draft_chars: int = 50_000
    draft_sentences: int = 500
    draft_seconds: float = 120.0    # the app's time budget for one draft; the rest is marked "not checked"
    upload_mb: int = 25             # per file
    upload_files: int = 20          # per upload
    docs: int = 1000                # document names one request may restrict a search to

    def __post_init__(self):
        for name, value in vars(self).items():
            if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
                raise QAError(f"limit {name} must be a positive number, got {value!r}")

    def k(self, value) -> int:
        """``value`` as a whole number from 1 to ``k_max`` (an int, a whole float or digits)."""
        n = None
        if isinstance(value, int) and not isinstance(value, bool):
            n = value
        elif isinstance(value, float) and value.is_integer():
            n = int(value)
        elif isinstance(value, str) and value.strip().lstrip("+-").isdigit() and len(value) < 20:
            n = int(value)
        if n is None or not 1 <= n <= self.k_max:
            shown = value if n is not None else repr(value)[:40]
            raise QAError(f"k must be a whole number from 1 to {self.k_max}, got {shown}")
        return n

    def text(self, text, what: str, limit: int | None = None, example: str = "") -> str:
        """``text`` stripped, or a one-line error: not text, empty, too long, or a lone surrogate."""
        limit = limit or {"question": self.question_chars, "claim": self.claim_chars, "draft": self.draft_chars}[what]
        if text is not None and not isinstance(text, str):
            raise QAError(f"the {what} must be text, got {type(text).__name__}")
        if text is None or not text.strip():
            raise QAError(f"the {what} is empty; {example or 'type one'}")
        if len(text) > limit:
            raise QAError(f"the {what} is {len(text):,} characters long; the limit is {limit:,}"
                          + (" (check it in parts)" if what == "draft" else ""))
        bad = next((i for i, ch in enumerate(text) if "\ud800" <= ch <= "\udfff"), None)
        if bad is not None:
            raise QAError(f"the {what} has a character that is not valid text (a lone surrogate at position {bad}); remove it")
        return text.strip()

    def sentences(self, n: int) -> None:
        if n > self.draft_sentences:
            raise QAError(f"the draft has {n:,} sentences; the limit is {self.draft_sentences:,} (check it in parts)")

    def doc_names(self, docs) -> list[str] | None:
        """Document names to search (None: all), a list of strings."""
        if docs is None or docs == [] or docs == ():
            return None
        if isinstance(docs, str) or not isinstance(docs, (list, tuple)) or not all(isinstance(d, str) for d in docs):
            raise QAError("docs must be a list of document names, as qa docs lists them")
        if len(docs) > self.docs:
            raise QAError(f"docs names {len(docs):,} documents; the limit is {self.docs:,}")
        return list(docs)

    def upload(self, count: int) -> None:
        if count > self.upload_files:
            raise QAError(f"{count} files in one upload; the limit is {self.upload_files} (add them in batches)")


LIMITS = Limits()
MAX_QUESTION_CHARS = LIMITS.question_chars


@dataclass(frozen=True)
class Settings:
    index_dir: Path = Path(os.environ.get("QA_INDEX", "index"))
    model: str = os.environ.get("QA_MODEL", DEFAULT_MODEL)
    top_k: int = 5
    mode: str = "hybrid"
    chunks: ChunkSettings = ChunkSettings()
    limits: Limits = LIMITS

    def __post_init__(self):
        object.__setattr__(self, "index_dir", Path(self.index_dir))
        object.__setattr__(self, "top_k", self.limits.k(self.top_k))
        if self.mode not in SEARCH_MODES:
            raise QAError(f"unknown search mode {self.mode!r}; choose one of: {', '.join(SEARCH_MODES)}")
        if not self.model.strip():
            raise QAError("model must be a model name or a path, got an empty string")


def check_question(question: str) -> str:
    """Return the question stripped, or raise a one-line error.

    >>> check_question("  Who hosted it? ")
    'Who hosted it?'
    """
    return LIMITS.text(question, "question", example='type a question, e.g. qa ask "Who hosted the discussions?"')
