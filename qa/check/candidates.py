"""Candidates: every sentence (and pair of consecutive sentences) of the
passages retrieved for a claim, scored against it: embedding similarity and the
share of the claim's rarer words it holds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from qa.answer.answers import Passage, content_terms, sentence_spans
from qa.answer.citations import anchor, cite, cite_markdown, page_shown
from qa.check import facts as F
from qa.check.polarity import CUE
from qa.store.lexical import idf, tokenize

SENTENCE_CACHE_CHUNKS = 5000  # chunks whose sentence vectors are kept per index
WEAK_WORDS = ("every each usually often always generally typically also many much most just only still yet already "
              "would could should may might will can shall must one per various several certain any some all none ever did does do than").split()


@dataclass
class Candidate:
    """A sentence of a retrieved passage, as a passage of its own."""
    passage: Passage
    similarity: float      # cosine between the claim and the sentence
    coverage: float        # IDF-weighted share of the claim's words in the sentence
    source: str            # how differences name the document ("the NPF document")
    terms: list = field(default_factory=list)  # the claim's words outside names and facts: (word, stem, idf)
    context: str = ""      # the passage around the sentence, after its document's title, organization and section
    pair: bool = False     # two consecutive sentences rather than one


def _sentences(index, embedder, chunk: int) -> tuple[list, np.ndarray]:
    """A chunk's sentences and pairs of consecutive sentences (a pronoun's
    referent is often in the sentence before), with their vectors: a pair's is
    the normalized sum of its sentences' (nothing is encoded twice). The
    index's stored sentence vectors when it has them (built since the store
    keeps them); else encoded here, cached on the index (an older index)."""
    rows = index.sentence_rows(chunk) if getattr(index, "sentences", None) is not None else range(0)
    if len(rows):
        spans = [(int(s), int(e)) for _, s, e in index.sentence_spans[rows.start:rows.stop]]
        return with_pairs(spans, np.asarray(index.sentences[rows.start:rows.stop], dtype=np.float32))
    cache = index.__dict__.setdefault("_sentence_cache", {})
    key = (embedder.name, chunk)
    if key not in cache:
        if len(cache) >= SENTENCE_CACHE_CHUNKS:
            cache.clear()  # bounded: a few tens of MB
        c = index.chunks[chunk]
        text = index.documents[c.doc].text
        spans = sentence_spans(text, c.start, c.end)
        cache[key] = with_pairs(spans, embedder.encode([text[s:e] for s, e in spans]) if spans else np.zeros((0, 0)))
    return cache[key]


def with_pairs(spans: list, vectors: np.ndarray) -> tuple[list, np.ndarray]:
    """Sentences and their vectors, followed by each two consecutive sentences.

    >>> spans, v = with_pairs([(0, 5), (6, 9)], np.array([[1.0, 0.0], [0.0, 1.0]]))
    >>> spans, v.round(3).tolist()
    ([(0, 5), (6, 9), (0, 9)], [[1.0, 0.0], [0.0, 1.0], [0.707, 0.707]])
    """
    if len(spans) < 2:
        return list(spans), vectors
    pairs = vectors[:-1] + vectors[1:]
    pairs = pairs / np.maximum(np.linalg.norm(pairs, axis=1, keepdims=True), 1e-9)
    return list(spans) + [(a[0], b[1]) for a, b in zip(spans, spans[1:])], np.vstack([vectors, pairs.astype(vectors.dtype)])


def _strip_facts(claim: str, names: bool = False) -> str:
    """The claim without its figures, years and dates (and names, directions and
    denials, if ``names``: those are compared as facts, not as words)."""
    for m in sorted(F.extract(claim).mentions, key=lambda m: -m.start):
        if m.kind in ("quantity", "year", "date") or (m.kind in ("party", "direction") and names):
            start = m.start - len(m.shown) + len(m.text) if m.shown and m.kind == "quantity" else m.start
            claim = claim[:start] + " " + claim[m.end:]
    return CUE.sub(" ", claim) if names else claim


def _coverage(index, claim: str):
    """A function giving the IDF-weighted share of the claim's words (figures
    left out: they are compared as facts) that a text contains."""
    terms = sorted(t for t in content_terms(_strip_facts(claim)) if not re.search(r"\d", t) and t not in _weak())
    weights = {t: w ** 0.5 for t, w in zip(terms, idf(index.bm25, terms))}  # softened: one missing word is not all
    total = sum(weights.values()) or 1.0

    def share(text: str) -> float:
        entry = terms_of([text])[0]
        return sum(w for t, w in weights.items() if holds(entry, t)) / total if terms else 0.0
    return share


_TERMS: dict = {}


def terms_of(texts: list[str]) -> list[tuple[frozenset, frozenset]]:
    """Each text's stemmed words and their prefixes of four letters or more,
    tokenized in one batch and kept for the process (bounded)."""
    todo = [t for t in dict.fromkeys(texts) if t not in _TERMS]
    if todo:
        if len(_TERMS) > 100_000:
            _TERMS.clear()
        for t, tokens in zip(todo, tokenize(todo)):
            present = frozenset(tokens)
            _TERMS[t] = (present, frozenset(p[:n] for p in present if len(p) >= 4 for n in range(4, len(p) + 1)))
    return [_TERMS[t] for t in texts]


def holds(entry: tuple[frozenset, frozenset], term: str) -> bool:
    """Whether a text (its ``terms_of`` entry) has ``term``, or a word extending it or that it extends ("long", "longest").

    >>> holds(terms_of(["the longest border"])[0], "long"), holds(terms_of(["long borders"])[0], "longest")
    (True, True)
    """
    present, prefixes = entry
    return term in present or len(term) >= 4 and (term in prefixes or any(term[:n] in present for n in range(4, len(term))))


def claim_terms(index, claim: str) -> list[tuple[str, str, float]]:
    """The claim's words outside names, figures and weak words: (word, stem, IDF).

    >>> [t[:2] for t in claim_terms(None, "In 2024 the CBSA seized nearly 165,000 pounds of illicit drugs.")]
    [('seized', 'seiz'), ('illicit', 'illicit'), ('drugs', 'drug')]
    """
    stems = {}
    for w in re.findall(r"[^\W\d_](?:[^\W\d_]|['’-])*[^\W\d_]", _strip_facts(claim, names=True)):
        for s in content_terms(w):
            if s not in _weak() and not re.search(r"\d", s):
                stems.setdefault(s, w.lower())
    weights = idf(index.bm25, list(stems)) if index is not None else [1.0] * len(stems)
    return [(w, s, x) for (s, w), x in zip(stems.items(), weights)]


_WORD_VECTORS: dict = {}


def _word_vectors(embedder, words: list[str]) -> np.ndarray:
    """Vectors of single words, cached for the process (bounded)."""
    todo = [w for w in dict.fromkeys(words) if (embedder.name, w) not in _WORD_VECTORS]
    if todo:
        if len(_WORD_VECTORS) > 200_000:
            _WORD_VECTORS.clear()
        _WORD_VECTORS.update({(embedder.name, w): v for w, v in zip(todo, embedder.encode(todo))})
    return np.stack([_WORD_VECTORS[embedder.name, w] for w in words])


@lru_cache(maxsize=1)
def _weak() -> frozenset:
    """Stems of words that carry no claim of their own ("usually", "every")."""
    return frozenset(content_terms(" ".join(WEAK_WORDS)))


def _source_name(doc) -> str:
    org = doc.meta.get("organization")
    return f"the {org} document" if org else f"“{doc.title}”"


def candidates(index, embedder, claim: str, claim_vector, hits) -> list[Candidate]:
    """Every sentence of the hit passages, scored against the claim."""
    covered, terms = _coverage(index, claim), claim_terms(index, claim)
    out = []
    for hit in hits:
        c = index.chunks[hit.chunk]
        doc = index.documents[c.doc]
        page = page_shown(c.page, c.page_label, c.ocr)
        spans, vectors = _sentences(index, embedder, hit.chunk)
        around = f"{doc.title}\n{doc.meta.get('organization') or ''}\n{c.section or ''}\n{c.text}"
        sims = vectors @ claim_vector if len(spans) else []
        terms_of([doc.text[s:e] for s, e in spans] + [around])  # one batch
        for n, ((s, e), sim) in enumerate(zip(spans, sims)):
            text = doc.text[s:e]
            p = Passage(0, c.doc, doc.title, c.section, c.paragraph, c.page, s, e, text, [[s, e]],
                        round(hit.score, 6), round(float(sim), 4), anchor(c.doc, text, s, e),
                        cite(text, doc.title, doc.meta, c.section, c.paragraph, page),
                        cite_markdown(text, doc.title, doc.meta, c.section, c.paragraph, page), dict(doc.meta), hit.chunk,
                        kind=c.kind, page_label=c.page_label, ocr=c.ocr)
            cov = covered(text)
            out.append(Candidate(p, float(sim), max(cov, 0.5 * (cov + covered(around))), _source_name(doc),
                                 terms, around, n >= (len(spans) + 1) // 2))
    return out


