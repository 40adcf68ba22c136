"""The answerability model's inputs: a few readable features of the answer
sentence and the passages around it (listed in qa.answer.answerability), and
the stemmed terms they compare.
"""

from __future__ import annotations

from functools import lru_cache

from qa.answer import evidence
from qa.store import lexical


def content_terms(text: str) -> set[str]:
    """Stemmed, stopword-free terms.

    >>> sorted(content_terms("How many firearms were seized?"))
    ['firearm', 'how', 'mani', 'seiz', 'were']
    """
    return set(_terms(text))


@lru_cache(maxsize=20_000)
def _terms(text: str) -> frozenset:
    """Each passage sentence's terms, worked out once per process: the same
    sentences are scored for many questions, and tokenizing was about half the
    time of answer() (benchmarks/load.py --profile)."""
    return frozenset(lexical.tokenize([text])[0])


def features(index, question, best, bp, passages, wants, idf, other: float) -> dict:
    """The answerability model's inputs (see qa.answer.answerability) for the
    answer sentence ``best`` (an ``answers.Scored``) of passage ``bp``."""
    from qa.store.index import keys

    sentence_terms = content_terms(index.documents[bp.doc].text[best.start:best.end])
    ranked = sorted(idf.items(), key=lambda kv: -kv[1])
    rare = ranked[:max(1, (len(ranked) + 1) // 2)]
    rare_share = sum(w for t, w in rare if t in sentence_terms) / (sum(w for _, w in rare) or 1.0)
    total = sum(idf.values()) or 1.0
    cover = 0.0
    for p in passages[:3]:
        present = content_terms(f"{keys(index.chunks[p.chunk], p.title)} {p.text}")
        cover = max(cover, sum(w for t, w in idf.items() if t in present) / total)
    named = len(wants.years) + len(wants.figures) + len(wants.names)
    chunk = index.chunks[bp.chunk]
    around = f"{chunk.section or ''} {table_header(index.documents[bp.doc].text, chunk.start, best.start)}"
    return {
        "focus": focus_share(wants, sentence_terms | content_terms(around), idf),
        "sentence": best.cosine,
        "chunk": float(passages[0].similarity),
        "rare": rare_share,
        "cover": cover,
        "kind": 1.0 if wants.kind and not best.holds else 0.0,
        "lacks": len(best.lacks) / named if named else 0.0,
        "margin": best.score - other,
    }


def table_header(text: str, start: int, at: int) -> str:
    r"""The header row of the table whose row begins at ``at`` (rows are lines
    with " | ", the table starting at or after ``start``): a row's figure is
    named by its column's header ("Grain | 200" under "Food | Calories").
    Empty when the line at ``at`` is no table row or is the header itself.

    >>> t = "Foods\nFood | Calories per portion\nLeaves | 50\nGrain | 200\n"
    >>> table_header(t, 0, t.index("Grain")), table_header(t, 0, t.index("Foods")), table_header(t, 0, t.index("Food |"))
    ('Food | Calories per portion', '', '')
    """
    end = text.find("\n", at)
    if " | " not in text[at:end if end >= 0 else len(text)]:
        return ""
    header = ""
    for line in reversed(text[start:at].split("\n")[:-1]):
        if " | " not in line:
            break
        header = line
    return header


def focus_share(wants: evidence.Wants, present: set, idf: dict) -> float:
    """IDF-weighted share of the words naming what is asked about
    (``qa.answer.focus``) that ``present`` (a sentence's terms) holds; 1.0 when
    the question names no such thing.

    >>> w = evidence.wants("How many ghost guns were seized?")
    >>> focus_share(w, content_terms("26,145 firearms were recovered."), {"ghost": 3.0, "gun": 2.0})
    0.0
    >>> focus_share(w, content_terms("Police seized 12 guns."), {"ghost": 3.0, "gun": 2.0})
    0.4
    """
    terms = evidence.subject_terms(content_terms(" ".join(wants.focus)))
    if not terms:
        return 1.0
    top = max(idf.values(), default=1.0)
    weight = {t: idf.get(t, top) for t in terms}
    return sum(w for t, w in weight.items() if t in present) / (sum(weight.values()) or 1.0)
