"""Check a claim against the documents: which one supports it, contradicts it,
that some are related without settling it, or that none addresses it.

The claim is split into parts (``qa.check.parts``); for each part the closest
passages are found (hybrid search) and cut into sentences (``qa.check.candidates``),
and each sentence is judged by a pluggable ``Judge`` (``qa.check.judge``: rules by
default, an NLI model where a user has one); ``qa.check.verdicts`` turns the
judgements into a verdict with verbatim evidence.
"""

from __future__ import annotations

import re
from typing import Callable

from qa.answer.answers import make_passage
from qa.check.candidates import Candidate, candidates
from qa.check.inputs import check_text, notes_for, not_a_claim, reject
from qa.check.judge import RELATED_THRESHOLD, Judge, Judgement, RuleJudge, relatedness
from qa.check.parts import combine, split_parts
from qa.check.verdicts import ClaimResult, decide
from qa.config import LIMITS
from qa.ingest.sentences import split_sentences
from qa.retrieve.search import search
from qa.store.shown import resolve

__all__ = ["Candidate", "ClaimResult", "Judge", "Judgement", "RuleJudge", "RELATED_THRESHOLD", "check_claim",
           "check_draft", "draft_spans", "split_parts", "combine", "MAX_CLAIM_CHARS", "MAX_DRAFT_CHARS"]

MAX_CLAIM_CHARS = LIMITS.claim_chars
MAX_DRAFT_CHARS = LIMITS.draft_chars
PASSAGES = 8               # passages searched per claim part, cut into sentences


def gather(index, embedder, claim: str, docs, k: int) -> tuple[list[Candidate], list]:
    """The candidate sentences for one claim part, and the nearest passages."""
    qv = embedder.encode([claim])[0]
    hits = search(index, qv, claim, k=max(k, PASSAGES), docs=docs)
    index, hits = resolve(index, hits)  # only the chunks found are fetched from the store
    closest = [make_passage(index, h, r) for r, h in enumerate(hits[:k], 1)]
    return candidates(index, embedder, claim, qv, hits), closest


def judge_part(claim: str, cands: list[Candidate], closest: list, judge: Judge) -> ClaimResult:
    best = max((relatedness(c) for c in cands), default=0.0)
    return decide(claim, list(zip(judge(claim, cands), cands)), closest, best)


def check_claim(index, embedder, claim: str, docs: list[str] | None = None, k: int = 5,
                judge: Judge | None = None) -> ClaimResult:
    """Whether the documents support or contradict ``claim``, with verbatim evidence.
    A question, a greeting or a single word is a one-line ``QAError``."""
    claim = check_text(claim, "claim", MAX_CLAIM_CHARS)
    reject(claim)
    k = LIMITS.k(k)
    judge = judge or RuleJudge(embedder)
    parts = [judge_part(p, *gather(index, embedder, p, docs, k), judge) for p in split_parts(claim)]
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
    headings, are skipped; questions and greetings are listed with the verdict
    "not_checked" and a note saying why, never a verdict on nothing);
    ``progress(done, total)`` is called after each. ``stop()`` is asked before
    each sentence; once it gives a reason, the sentences left are "not checked: <reason>"."""
    LIMITS.text(text, "draft", example="give a text with the sentences to check")
    k = LIMITS.k(k)
    spans = draft_spans(text)
    LIMITS.sentences(len(spans))
    judge = judge or RuleJudge(embedder)
    results, stopped = [], None
    for i, (s, e) in enumerate(spans, 1):
        sentence = text[s:e]
        stopped = stopped or (stop() if stop else None)
        if stopped:
            result = ClaimResult(sentence, "not_checked", note=f"not checked: {stopped}")
        elif e - s > MAX_CLAIM_CHARS:
            result = ClaimResult(sentence, "not_checked", note=f"not checked: {e - s:,} characters is over the {MAX_CLAIM_CHARS:,} limit for one claim")
        elif not_a_claim(sentence.strip()):
            result = ClaimResult(sentence, "not_checked", note=f"not checked: {not_a_claim(sentence.strip())}")
        else:
            result = check_claim(index, embedder, sentence, docs, k, judge)
        result.span = [s, e]
        results.append(result)
        if progress:
            progress(i, len(spans))
    return results
