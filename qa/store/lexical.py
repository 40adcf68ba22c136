"""BM25 over chunks with ``bm25s``: normalize, ``tokenize()``, then ``index()``.

Normalizing first makes exact figures, quotes and names findable however they
are typed: thousands separators are dropped ("26,145" and "26145" are one
token), curly quotes and dashes are straightened, accents and ligatures are
folded ("Québec" and "Quebec" are one token), and single digits are kept ("K-9").
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

import bm25s
import numpy as np

TOKEN_PATTERN = r"(?u)\b\w\w+\b|\b\d\b"
_QUOTES = str.maketrans({"‘": "'", "’": "'", "‚": "'", "‛": "'", "“": '"', "”": '"', "„": '"', "–": "-", "—": "-", "\u00a0": " "})
_THOUSANDS = re.compile(r"(?<=\d)[,\u202f ](?=\d{3}\b)")
_POSSESSIVE = re.compile(r"'s\b")
_MARKS = re.compile(r"[\u0300-\u036f]")   # combining accents, once NFKD has split them from their letters


def normalize(text: str) -> str:
    """Fold what users type differently from documents: accents ("Québec" is
    "Quebec") and ligatures ("ﬁrst"), curly quotes and dashes, thousands
    separators, case.

    >>> normalize("Canada’s 26,145 firearms — “seized”")
    'canada 26145 firearms - "seized"'
    >>> normalize("Montréal, Québec: the ﬁrst TNF-α")
    'montreal, quebec: the first tnf-α'
    """
    if not text.isascii():
        text = _MARKS.sub("", unicodedata.normalize("NFKD", text))
    text = text.translate(_QUOTES).lower()
    text = _THOUSANDS.sub("", text)
    return _POSSESSIVE.sub("", text)


# Words a question is made of that say nothing about its subject (not all are
# BM25 stopwords: "what", "how", "did" are terms). qa.answer.evidence reads them;
# search leaves them out of a query's term coverage.
QUESTION_WORDS = frozenset("""what which who whom whose when where why how is are was were be been being do does did done
it its this that these those there here they them their he she his her him i me my we us our you your
a an the of in on at to for from by with about as and or but if so not no yes any some many much more most
can could would should will shall may might must have has had please tell say said give list name
one ones thing things something anything kind sort way ways else also just only very""".split())


@lru_cache(maxsize=1)
def question_stems() -> frozenset:
    """The question words, as typed and as ``tokenize`` gives them.

    >>> {"what", "mani", "did"} <= question_stems(), "firearm" in question_stems()
    (True, False)
    """
    return frozenset({t for toks in tokenize(sorted(QUESTION_WORDS)) for t in toks} | QUESTION_WORDS)


@lru_cache(maxsize=1)
def _stemmer():
    import Stemmer  # PyStemmer: Snowball stemmers, what bm25s expects

    return Stemmer.Stemmer("english")


def tokenize(texts: list[str]) -> list[list[str]]:
    """Normalized, stopword-free, stemmed tokens.

    >>> tokenize(["The CBSA seized 4,234 firearms"])
    [['cbsa', 'seiz', '4234', 'firearm']]
    """
    return bm25s.tokenize(
        [normalize(t) for t in texts], lower=True, token_pattern=TOKEN_PATTERN, stopwords="en",
        stemmer=_stemmer(), return_ids=False, show_progress=False,
    )


def build(texts: list[str], k1: float = 1.2, b: float = 0.75) -> bm25s.BM25:
    """A BM25 index over ``texts`` (one entry per chunk, in chunk order)."""
    return build_from_terms(tokenize(texts), k1, b)


def build_from_terms(tokens: list[list[str]], k1: float = 1.2, b: float = 0.75) -> bm25s.BM25:
    """A BM25 index over chunks given as their terms (``tokenize``'s output).

    >>> r = build_from_terms([["cbsa", "seiz"], ["firearm"]])
    >>> [round(float(s), 3) for s in r.get_scores(["firearm"])]
    [0.0, 0.365]
    """
    retriever = bm25s.BM25(k1=k1, b=b)
    texts = tokens
    if not any(tokens):
        tokens = [["\x00empty"]] * len(texts) if texts else [["\x00empty"]]
    retriever.index(tokens, show_progress=False)
    return retriever


def scores(retriever: bm25s.BM25, query: str) -> np.ndarray:
    """BM25 score of every indexed chunk for ``query`` (zeros if no term is known)."""
    n = retriever.scores["num_docs"]
    tokens = [t for t in tokenize([query])[0] if t in retriever.vocab_dict]
    if not tokens:
        return np.zeros(n, dtype=np.float32)
    return np.asarray(retriever.get_scores(tokens), dtype=np.float32)


def idf(retriever: bm25s.BM25, tokens: list[str]) -> list[float]:
    """BM25's inverse document frequency of each token; a token the index has
    never seen gets the highest value (it is the most telling when absent)."""
    if hasattr(retriever, "store_idf"):  # a store's own statistics (qa.store.open.row_view)
        return retriever.store_idf(tokens)
    n = retriever.scores["num_docs"]
    indptr, vocab = retriever.scores["indptr"], retriever.vocab_dict
    out = []
    for t in tokens:
        df = int(indptr[vocab[t] + 1] - indptr[vocab[t]]) if t in vocab else 0
        out.append(float(np.log(1 + (n - df + 0.5) / (df + 0.5))))
    return out


def unseen(retriever, tokens: list[str]) -> list[str]:
    """The tokens no chunk holds: their idf is that of a token no text can
    give ("\\x00"), the highest there is."""
    if not tokens:
        return []
    values = idf(retriever, list(tokens) + ["\x00"])
    return [t for t, v in zip(tokens, values) if v >= values[-1] - 1e-9]


def save_terms(terms: list[list[str]], path: Path) -> None:
    """Each chunk's terms, compactly: a vocabulary, term numbers, offsets.

    >>> import tempfile; p = Path(tempfile.mkdtemp()) / "t.npz"
    >>> save_terms([["a", "b", "a"], [], ["é"]], p); load_terms(p)
    [['a', 'b', 'a'], [], ['é']]
    """
    vocab: dict[str, int] = {}
    ids = np.fromiter((vocab.setdefault(t, len(vocab)) for ts in terms for t in ts), dtype=np.int32)
    indptr = np.cumsum([0] + [len(ts) for ts in terms], dtype=np.int64)
    words = np.frombuffer("\n".join(vocab).encode("utf-8"), dtype=np.uint8)
    with open(path, "wb") as f:
        np.savez(f, ids=ids, indptr=indptr, vocab=words)


def load_terms(path: Path) -> list[list[str]]:
    with np.load(path) as z:
        vocab = z["vocab"].tobytes().decode("utf-8").split("\n") if len(z["vocab"]) else []
        ids, indptr = z["ids"], z["indptr"]
    return [[vocab[i] for i in ids[a:b]] for a, b in zip(indptr[:-1], indptr[1:])]


def save(retriever: bm25s.BM25, folder: Path) -> None:
    retriever.save(str(folder), show_progress=False)


def load(folder: Path) -> bm25s.BM25:
    return bm25s.BM25.load(str(folder), show_progress=False)
