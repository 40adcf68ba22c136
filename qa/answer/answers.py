"""Answer a question: ranked passages, the sentences that answer it, and
whether the documents answer it at all."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from functools import lru_cache

import numpy as np

from qa.store import lexical
from qa.answer.citations import anchor, cite, cite_markdown
from qa.config import LIMITS, check_question
from qa.retrieve.search import search
from qa.ingest.sentences import split_sentences

# Calibrated on ../shared/eval/seeds_questions.jsonl and tests/data/unanswerable.txt
# (see benchmarks/calibrate.py): below this confidence, the closest passages
# are shown as such and the answer says the documents do not answer.
ANSWER_THRESHOLD = 0.41
LEXICAL_WEIGHT = 0.25


@dataclass
class Passage:
    rank: int
    doc: str
    title: str
    section: str | None
    paragraph: int | None
    page: int | None
    start: int
    end: int
    text: str
    highlights: list = field(default_factory=list)   # [[start, end], ...] document offsets
    score: float = 0.0
    similarity: float = 0.0
    anchor: str = ""
    citation: str = ""
    citation_markdown: str = ""
    meta: dict = field(default_factory=dict)
    chunk: int = -1                                   # row in the index's chunk table

    def highlighted_text(self) -> str:
        """The quoted words of the highlights, joined."""
        return " ".join(self.text[s - self.start:e - self.start] for s, e in self.highlights)


@dataclass
class Answer:
    question: str
    answered: bool
    passages: list[Passage]
    confidence: float = 0.0

    def to_dict(self) -> dict:
        return {"question": self.question, "answered": self.answered, "confidence": round(self.confidence, 4),
                "passages": [asdict(p) for p in self.passages]}


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


def sentence_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentences of a passage, a "Label:" line kept with the value under it.

    >>> t = "Date received:\\nMay 30, 2025\\nOther."
    >>> [t[s:e] for s, e in sentence_spans(t, 0, len(t))]
    ['Date received:\\nMay 30, 2025', 'Other.']
    """
    spans = split_sentences(text, start, end)
    out = []
    for s, e in spans:
        if out and text[out[-1][0]:out[-1][1]].endswith(":") and out[-1][1] - out[-1][0] < 40:
            out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
    return out


def make_passage(index, hit, rank: int) -> Passage:
    c = index.chunks[hit.chunk]
    doc = index.documents[c.doc]
    return Passage(
        rank, c.doc, doc.title, c.section, c.paragraph, c.page, c.start, c.end, c.text,
        score=round(hit.score, 6), similarity=round(hit.similarity, 4),
        anchor=anchor(c.doc, c.text, c.start, c.end),
        citation=cite(c.text, doc.title, doc.meta, c.section, c.paragraph, c.page),
        citation_markdown=cite_markdown(c.text, doc.title, doc.meta, c.section, c.paragraph, c.page),
        meta=dict(doc.meta), chunk=hit.chunk,
    )


_SENTENCE_CACHE: dict[tuple[str, str], np.ndarray] = {}
SENTENCE_CACHE_SIZE = 50_000


def sentence_vectors(embedder, texts: list[str]) -> np.ndarray:
    """Vectors of passage sentences, each computed once per process: the same
    passages come back for many questions, and encoding them is most of the
    cost of answering."""
    key = f"{embedder.name}/{getattr(embedder, 'backend', '')}"
    missing = list(dict.fromkeys(t for t in texts if (key, t) not in _SENTENCE_CACHE))
    if missing:
        if len(_SENTENCE_CACHE) + len(missing) > SENTENCE_CACHE_SIZE:
            _SENTENCE_CACHE.clear()
        for t, v in zip(missing, embedder.encode(missing)):
            _SENTENCE_CACHE[(key, t)] = v
    return np.stack([_SENTENCE_CACHE[(key, t)] for t in texts])


def highlight(index, embedder, question_vector, question: str, passages: list[Passage]) -> list[float]:
    """Mark each passage's best-answering sentence(s); return each passage's
    best sentence score (cosine plus a share of the question's terms it holds)."""
    terms = content_terms(question)
    spans = [sentence_spans(index.documents[p.doc].text, p.start, p.end) for p in passages]
    texts = [index.documents[p.doc].text[s:e] for p, ss in zip(passages, spans) for s, e in ss]
    sims = sentence_vectors(embedder, texts) @ np.asarray(question_vector, dtype=np.float32) if texts else []
    best_scores, pos = [], 0
    for p, ss in zip(passages, spans):
        scored = []
        for (s, e), sim in zip(ss, sims[pos:pos + len(ss)]):
            overlap = len(terms & content_terms(index.documents[p.doc].text[s:e])) / max(1, len(terms))
            scored.append((float(sim) + LEXICAL_WEIGHT * overlap, s, e))
        pos += len(ss)
        if not scored:
            best_scores.append(0.0)
            continue
        top = max(scored)[0]
        p.highlights = [[s, e] for score, s, e in sorted(scored, key=lambda x: x[1]) if score >= top - 0.03][:2]
        best_scores.append(top)
    return best_scores


_WANTS_DATE = re.compile(r"^\s*when\b|\b(what|which) (date|day|month|year)\b", re.I)
_WANTS_NUMBER = re.compile(r"\bhow (many|much|long|far|often)\b|\b(what|which) (share|percentage|proportion|number|amount)\b", re.I)
_DATE = re.compile(r"\b(January|February|March|April|May|June|July|August|September|October|November|December)\s+\d{1,2},?\s+\d{4}\b|\b\d{4}-\d{2}-\d{2}\b")
_NUMBER = re.compile(r"\d")
TYPE_BONUS = 0.05  # a nudge on the fused score scale (0-1): breaks near-ties, never overturns a clear lead


def answer_type_bonus(question: str, text: str) -> float:
    """A small lift for passages holding what the question asks for: a date
    for "when", a figure for "how many".

    >>> answer_type_bonus("When was it received?", "Date received: May 30, 2025")
    0.05
    >>> answer_type_bonus("Who hosted it?", "May 30, 2025")
    0.0
    """
    if _WANTS_DATE.search(question) and _DATE.search(text):
        return TYPE_BONUS
    if _WANTS_NUMBER.search(question) and _NUMBER.search(text):
        return TYPE_BONUS
    return 0.0


def answer(index, embedder, question: str, k: int = 5, docs: list[str] | None = None, mode: str = "hybrid") -> Answer:
    """The ``k`` best passages with highlights, and whether they answer."""
    question, k = check_question(question), LIMITS.k(k)
    qv = embedder.encode([question])[0]
    hits = search(index, qv, question, k=max(k, 10), docs=docs, mode=mode)
    hits = sorted(hits, key=lambda h: -(h.score + answer_type_bonus(question, index.chunks[h.chunk].text)))[:k]
    passages = [make_passage(index, h, r) for r, h in enumerate(hits, 1)]
    best = highlight(index, embedder, qv, question, passages)
    coverage = term_coverage(index, question, passages[:3])
    closeness = max((0.5 * (p.similarity + b) for p, b in zip(passages[:3], best)), default=0.0)
    confidence = 0.5 * (closeness + coverage)
    return Answer(question, confidence >= ANSWER_THRESHOLD, passages, confidence)


def term_coverage(index, question: str, passages: list[Passage]) -> float:
    """The largest share, weighted by IDF, of the question's terms that one
    passage (with its title and section) contains. A question about something
    the collection never mentions leaves its rarest terms uncovered."""
    from qa.store.index import keys

    terms = sorted(content_terms(question))
    if not terms or not passages:
        return 0.0
    weights = dict(zip(terms, lexical.idf(index.bm25, terms)))
    total = sum(weights.values())
    best = 0.0
    for p in passages:
        present = content_terms(f"{keys(index.chunks[p.chunk], p.title)} {p.text}")
        best = max(best, sum(w for t, w in weights.items() if t in present) / total)
    return best
