"""Check a claim against the documents: which one supports it, contradicts it,
or that none addresses it.

The claim is split into parts; for each part the closest passages are found
(hybrid search), cut into sentences, and each sentence is judged by a pluggable
``Judge``. The default ``RuleJudge`` calls a sentence related when its embedding
similarity and its share of the claim's rare words are high enough together
(calibrated: benchmarks/scifact_claims.py --seeds-only), then compares the facts
(``qa.check.facts``): a related sentence stating a figure, year, direction or party
differently contradicts; one stating the same (and every figure of the claim)
supports. An NLI model can replace it: anything with
``judge(claim, candidates) -> [Judgement]``.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from typing import Callable, Protocol

import numpy as np

from qa.check import facts as F
from qa.answer.answers import Passage, content_terms, make_passage
from qa.answer.citations import anchor, cite, cite_markdown
from qa.config import LIMITS
from qa.errors import QAError
from qa.store.lexical import idf
from qa.retrieve.search import search
from qa.ingest.sentences import split_sentences

MAX_CLAIM_CHARS = LIMITS.claim_chars
MAX_DRAFT_CHARS = LIMITS.draft_chars
RELATED_THRESHOLD = 0.5    # calibrated on seeds claims + tests/data/claims_not_found.txt
WORD_SIM_FLOOR = 0.4       # a missing word's closest word in the sentence counts from this cosine (fully at +0.25)
PREDICATE_MIN = 0.55       # share of the claim's words outside names a sentence must hold
SIM_WEIGHT = 0.5           # relatedness = SIM_WEIGHT * cosine + (1 - SIM_WEIGHT) * rare-word coverage
PAIR_PENALTY = 0.05
PASSAGES = 8               # passages searched per claim part, cut into sentences
WEAK_WORDS = ("every each usually often always generally typically also many much most just only still yet already "
              "would could should may might will can shall must one per various several certain").split()
RELATIONS = {"supports": "supported", "contradicts": "contradicted"}


@dataclass
class Candidate:
    """A sentence of a retrieved passage, as a passage of its own."""
    passage: Passage
    similarity: float      # cosine between the claim and the sentence
    coverage: float        # IDF-weighted share of the claim's words in the sentence
    source: str            # how differences name the document ("the NPF document")
    terms: list = field(default_factory=list)  # the claim's words outside names and facts: (word, stem, idf)
    context: str = ""      # the passage around the sentence
    pair: bool = False     # two consecutive sentences rather than one


@dataclass
class Judgement:
    relation: str | None   # "supports", "contradicts", or None: does not settle the claim
    score: float           # how strongly it settles it (higher first)
    differences: list = field(default_factory=list)


class Judge(Protocol):
    def __call__(self, claim: str, candidates: list[Candidate]) -> list[Judgement]: ...


def relatedness(c: Candidate) -> float:
    return SIM_WEIGHT * c.similarity + (1 - SIM_WEIGHT) * c.coverage


class RuleJudge:
    """Embedding similarity + lexical coverage decide whether a sentence is about
    the claim; the claim's own words (outside names and figures) must be there,
    literally or as close words ("daily" for "day"); ``facts.align`` decides
    whether it agrees."""

    def __init__(self, embedder=None, threshold: float = RELATED_THRESHOLD):
        self.embedder, self.threshold = embedder, threshold

    def predicate(self, c: Candidate) -> float:
        """IDF-weighted share of the claim's words outside names and figures
        that the sentence holds; a missing word counts in part if the sentence
        has a word the model finds close to it."""
        if not c.terms:
            return 1.0
        present = content_terms(c.passage.text)
        credit = {s: 1.0 for _, s, _ in c.terms if s in present or _prefix(s, present)}
        missing = [w for w, s, _ in c.terms if s not in credit]
        words = sorted({w.lower() for w in re.findall(r"[A-Za-z]{3,}", c.passage.text)})
        if missing and words and self.embedder is not None:
            vectors = _word_vectors(self.embedder, missing + words)
            best = (vectors[:len(missing)] @ vectors[len(missing):].T).max(axis=1)
            for (w, s, _), b in zip([t for t in c.terms if t[1] not in credit], best):
                credit[s] = float(np.clip((b - WORD_SIM_FLOOR) / 0.25, 0.0, 1.0))
        return sum(x * credit.get(s, 0.0) for _, s, x in c.terms) / (sum(x for _, _, x in c.terms) or 1.0)

    def __call__(self, claim: str, candidates: list[Candidate]) -> list[Judgement]:
        claim_facts = F.extract(claim)
        out = []
        for c in candidates:
            rel = relatedness(c)
            if rel < self.threshold:
                out.append(Judgement(None, rel))
                continue
            cmp = F.align(claim_facts, F.extract(c.passage.text), c.source)
            if self.predicate(c) < PREDICATE_MIN:
                out.append(Judgement(None, rel))   # shares names, not what the claim says of them
            elif cmp.differences:
                out.append(Judgement("contradicts", rel + 0.05 * len(cmp.differences), cmp.differences))
            elif cmp.conflicts or any(m.kind in ("quantity", "date", "year", "direction") for m in self._unstated(cmp, c)):
                out.append(Judgement(None, rel))   # on topic, but a figure, date or party is not stated here
            else:
                out.append(Judgement("supports", rel + 0.05 * len(cmp.matched)))
        return out


    @staticmethod
    def _unstated(cmp, c: Candidate) -> list:
        """Claim facts stated neither in the sentence nor (years, parties) in its passage."""
        if not cmp.unmatched:
            return []
        rest = [m for m in cmp.unmatched if m.kind in ("year", "date", "party")]
        around = F.align(F.Facts("", rest), F.extract(c.context))
        return [m for m in cmp.unmatched if m not in rest or m not in around.matched]


@dataclass
class ClaimResult:
    claim: str
    verdict: str                                   # supported, contradicted, not_found, partly_supported
    documents: list = field(default_factory=list)  # [{"doc", "title", "relation"}], best settling first
    evidence: list = field(default_factory=list)   # [(Passage, relation, differences)]
    parts: list = field(default_factory=list)      # [ClaimResult] when the claim has several parts
    closest: list = field(default_factory=list)    # [Passage]: the nearest passages, whatever the verdict
    note: str = ""
    score: float = 0.0                             # relatedness of the best sentence
    span: list | None = None                       # [start, end] in a draft

    def to_dict(self) -> dict:
        out = {"claim": self.claim, "verdict": self.verdict, "documents": self.documents,
               "evidence": [{**asdict(p), "relation": r, "differences": d} for p, r, d in self.evidence],
               "parts": [p.to_dict() for p in self.parts] if len(self.parts) > 1 else [],
               "score": round(self.score, 4), "closest": [asdict(p) for p in self.closest]}
        if self.note:
            out["note"] = self.note
        if self.span is not None:
            out["span"] = self.span
        return out


QUESTION = re.compile(r"\s*(?:who|what|when|where|why|how|which|whose|whom|is|are|was|were|do|does|did|can|could|should|would|will|has|have|had)\b", re.I)
ENGLISH = set("the of and to in is was for that on with by as are from at be it its has have were which this an or not".split())
FOREIGN = set("le la les des du est et une dans pour que qui sur avec el los las del en y por con para una es "
              "der die das und ist nicht mit ein eine von zu den dem il di che per sono da na em um uma não com".split())


def check_text(text: str, what: str, limit: int, example: str) -> str:
    """The text stripped, or a one-line error when it is empty, too long or not valid text."""
    return LIMITS.text(text, what, limit, f"type one, e.g. {example}")


def notes_for(claim: str) -> str:
    """What the user should know about how the claim was read.

    >>> notes_for("How many firearms did the CBSA seize?")
    'this looks like a question; `qa ask` answers questions — checked as a claim anyway'
    >>> notes_for("La GRC patrouille la frontière avec des drones et des hélicoptères.")[:31]
    'this does not look like English'
    >>> notes_for("The CBSA seized 4,234 firearms.")
    ''
    """
    letters = [ch for ch in claim if ch.isalpha()]
    words = re.findall(r"[^\W\d_]+", claim.lower())
    foreign = sum(w in FOREIGN for w in words) > max(1, sum(w in ENGLISH for w in words))
    if letters and (sum(ch.isascii() for ch in letters) < 0.7 * len(letters) or foreign):
        return ("this does not look like English; the documents and the model are English, so the verdict is "
                "unreliable: translate the claim to check it")
    if claim.rstrip().endswith("?") or QUESTION.match(claim):
        return "this looks like a question; `qa ask` answers questions — checked as a claim anyway"
    return ""


def split_parts(claim: str) -> list[str]:
    """The separately checkable parts of a claim: its sentences, clauses joined
    by ";", ", and", "while", "whereas", ", but", and an "and" between two figures.

    >>> split_parts("The CBSA seized 4,234 firearms between 2019 and 2023; and the RCMP patrols the border.")
    ['The CBSA seized 4,234 firearms between 2019 and 2023', 'the RCMP patrols the border.']
    >>> split_parts("Encounters rose to 23,721 in 2024, while drug seizures fell to 11,000 pounds.")
    ['Encounters rose to 23,721 in 2024', 'drug seizures fell to 11,000 pounds.']
    >>> split_parts("Drones, helicopters, and towers watch the border.")
    ['Drones, helicopters, and towers watch the border.']
    """
    parts = []
    for s, e in split_sentences(claim):
        sentence, last = claim[s:e], 0
        cuts = list(SEPARATOR.finditer(sentence))
        for i, m in enumerate(cuts):
            right_end = cuts[i + 1].start() if i + 1 < len(cuts) else len(sentence)
            if len(sentence[last:m.start()].split()) >= 4 and len(sentence[m.end():right_end].split()) >= 4:
                parts += _split_and(sentence[last:m.start()])
                last = m.end()
        parts += _split_and(sentence[last:])
    return [p.strip(" ,") for p in parts if p.strip(" ,")] or [claim.strip()]


SEPARATOR = re.compile(r"\s*;\s*(?:and|but|while|whereas)?\s*|,\s+(?:and|but|while|whereas)\s+|\s+(?:while|whereas)\s+")


def _split_and(text: str) -> list[str]:
    """Cut at " and " when each side states its own figure and the right side starts a clause."""
    for m in re.finditer(r"\s+and\s+(?=(?:the|a|an|its|their|this|these|those|in|by|during|over|[A-Z]{2,})\b)", text):
        left, right = text[:m.start()], text[m.end():]
        if re.search(r"\d", left) and re.search(r"\d", right) and not re.search(r"\b(?:between|from)\s+\S+$", left):
            return [left] + _split_and(right)
    return [text]


def _sentences(index, embedder, chunk: int) -> tuple[list, np.ndarray]:
    """A chunk's sentences and pairs of consecutive sentences (a pronoun's
    referent is often in the sentence before), with their vectors: the index's
    sentence vectors, a pair's the normalized sum of its two."""
    rows = list(index.sentence_rows(chunk))
    spans = [(int(index.sentence_spans[r, 1]), int(index.sentence_spans[r, 2])) for r in rows]
    vecs = np.asarray(index.sentences[rows], dtype=np.float32).reshape(len(rows), -1)
    pairs = vecs[:-1] + vecs[1:]
    pairs /= np.clip(np.linalg.norm(pairs, axis=1, keepdims=True), 1e-12, None)
    spans += [(a[0], b[1]) for a, b in zip(spans, spans[1:])]
    return spans, np.concatenate([vecs, pairs])


def _strip_facts(claim: str, names: bool = False) -> str:
    """The claim without its figures, years and dates (and names and directions, if ``names``)."""
    for m in sorted(F.extract(claim).mentions, key=lambda m: -m.start):
        if m.kind in ("quantity", "year", "date") or (m.kind in ("party", "direction") and names):
            claim = claim[:m.start - len(m.shown) + len(m.text) if m.shown else m.start] + " " + claim[m.end:]
    return claim


def _coverage(index, claim: str):
    """A function giving the IDF-weighted share of the claim's words (figures
    left out: they are compared as facts) that a text contains."""
    terms = sorted(t for t in content_terms(_strip_facts(claim)) if not re.search(r"\d", t) and t not in _weak())
    weights = {t: w ** 0.5 for t, w in zip(terms, idf(index.bm25, terms))}  # softened: one missing word is not all
    total = sum(weights.values()) or 1.0

    def share(text: str) -> float:
        present = content_terms(text)
        return sum(w for t, w in weights.items() if t in present or _prefix(t, present)) / total if terms else 0.0
    return share


def claim_terms(index, claim: str) -> list[tuple[str, str, float]]:
    """The claim's words outside names, figures and weak words: (word, stem, IDF).

    >>> [t[:2] for t in claim_terms(None, "In 2024 the CBSA seized nearly 165,000 pounds of illicit drugs.")]
    [('seized', 'seiz'), ('illicit', 'illicit'), ('drugs', 'drug')]
    """
    stems = {}
    for w in re.findall(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]", _strip_facts(claim, names=True)):
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


def _prefix(term: str, present: set) -> bool:
    """Whether a word of the text extends the term or the term extends it ("long", "longest")."""
    return len(term) >= 4 and any(len(p) >= 4 and (p.startswith(term) or term.startswith(p)) for p in present)


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
        spans, vectors = _sentences(index, embedder, hit.chunk)
        around = f"{doc.title} {c.section or ''} {c.text}"
        sims = vectors @ claim_vector if len(spans) else []
        for n, ((s, e), sim) in enumerate(zip(spans, sims)):
            text = doc.text[s:e]
            p = Passage(0, c.doc, doc.title, c.section, c.paragraph, c.page, s, e, text, [[s, e]],
                        round(hit.score, 6), round(float(sim), 4), anchor(c.doc, text, s, e),
                        cite(text, doc.title, doc.meta, c.section, c.paragraph, c.page),
                        cite_markdown(text, doc.title, doc.meta, c.section, c.paragraph, c.page), dict(doc.meta), hit.chunk)
            cov = covered(text)
            out.append(Candidate(p, float(sim), max(cov, 0.5 * (cov + covered(around))), _source_name(doc),
                                 terms, c.text, n >= (len(spans) + 1) // 2))
    return out


def _check_part(index, embedder, claim: str, docs, k: int, judge: Judge) -> ClaimResult:
    qv = embedder.encode([claim])[0]
    hits = search(index, qv, claim, k=max(k, PASSAGES), docs=docs)
    cands = candidates(index, embedder, claim, qv, hits)
    # one sentence is better evidence than two that settle the claim about as well
    judged = sorted(zip(judge(claim, cands), cands), key=lambda jc: -(jc[0].score - PAIR_PENALTY * jc[1].pair))
    closest = [make_passage(index, h, r) for r, h in enumerate(hits[:k], 1)]
    best = max((relatedness(c) for c in cands), default=0.0)
    settling = [(j, c) for j, c in judged if j.relation]
    if not settling:
        return ClaimResult(claim, "not_found", closest=closest, score=best)
    relation = settling[0][0].relation
    evidence, documents, seen = [], [], set()  # seen: (doc, start, end) already quoted
    for j, c in settling:
        p = c.passage
        if j.relation != relation or len(evidence) == 3 or j.score < settling[0][0].score - 0.15 \
                or any(d == p.doc and s < p.end and p.start < e for d, s, e in seen):
            continue
        seen.add((p.doc, p.start, p.end))
        c.passage.rank = len(evidence) + 1
        evidence.append((c.passage, relation, j.differences))
        if c.passage.doc not in {d["doc"] for d in documents}:
            documents.append({"doc": c.passage.doc, "title": c.passage.title, "relation": relation})
    return ClaimResult(claim, RELATIONS[relation], documents, evidence, closest=closest, score=best)


def combine(verdicts: list[str]) -> str:
    """One verdict for a claim of several parts.

    >>> combine(["supported", "supported"]), combine(["supported", "not_found"]), combine(["contradicted", "not_found"])
    ('supported', 'partly_supported', 'contradicted')
    """
    if len(set(verdicts)) == 1:
        return verdicts[0]
    if "supported" in verdicts:
        return "partly_supported"
    return "contradicted" if "contradicted" in verdicts else "not_found"


def check_claim(index, embedder, claim: str, docs: list[str] | None = None, k: int = 5,
                judge: Judge | None = None) -> ClaimResult:
    """Whether the documents support or contradict ``claim``, with verbatim evidence."""
    claim = check_text(claim, "claim", MAX_CLAIM_CHARS, 'qa check "The CBSA seized 4,234 firearms between 2019 and 2023."')
    k = LIMITS.k(k)
    judge = judge or RuleJudge(embedder)
    parts = [_check_part(index, embedder, p, docs, k, judge) for p in split_parts(claim)]
    if len(parts) == 1:
        result = parts[0]
        result.claim = claim
    else:
        result = ClaimResult(claim, combine([p.verdict for p in parts]), parts=parts,
                             closest=parts[0].closest, score=min(p.score for p in parts))
        for p in parts:
            result.evidence += [e for e in p.evidence if e[0].anchor not in {x[0].anchor for x in result.evidence}]
            result.documents += [d for d in p.documents if d not in result.documents]
    result.note = notes_for(claim)
    return result


def draft_spans(text: str) -> list[tuple[int, int]]:
    """The sentences of a draft that are checked: three words or more."""
    return [(s, e) for s, e in split_sentences(text) if len(re.findall(r"[^\W\d_]{2,}", text[s:e])) >= 3]


def check_draft(index, embedder, text: str, progress: Callable[[int, int], None] | None = None,
                docs: list[str] | None = None, k: int = 5, judge: Judge | None = None,
                stop: Callable[[], str | None] | None = None) -> list[ClaimResult]:
    """Check every sentence of a draft (fragments under three words, such as
    headings, are skipped); ``progress(done, total)`` is called after each.
    ``stop()`` is asked before each sentence; once it gives a reason, the
    sentences left are "not checked: <reason>"."""
    LIMITS.text(text, "draft", example="give a text with the sentences to check")
    k = LIMITS.k(k)
    spans = draft_spans(text)
    LIMITS.sentences(len(spans))
    judge = judge or RuleJudge(embedder)
    results, stopped = [], None
    for i, (s, e) in enumerate(spans, 1):
        stopped = stopped or (stop() if stop else None)
        if stopped:
            result = ClaimResult(text[s:e], "not_found", note=f"not checked: {stopped}")
        elif e - s > MAX_CLAIM_CHARS:
            result = ClaimResult(text[s:e], "not_found", note=f"not checked: {e - s:,} characters is over the {MAX_CLAIM_CHARS:,} limit for one claim")
        else:
            result = check_claim(index, embedder, text[s:e], docs, k, judge)
        result.span = [s, e]
        results.append(result)
        if progress:
            progress(i, len(spans))
    return results
