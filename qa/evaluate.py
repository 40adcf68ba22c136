"""How well and how fast retrieval finds things: question sets and BEIR folders.

Two kinds of test set:

* a question set (JSON Lines, the format of ../shared/eval/seeds_questions.jsonl)::

      {"id": "d01", "question": "When was it received?", "source": "a.txt", "answer": ["May 30, 2025"]}
      {"id": "u01", "question": "What is the capital of Australia?", "source": null}

  A question is found at rank r when passage r comes from ``source`` and holds
  every ``answer`` string (compared case-folded, quotes straightened, spaces
  collapsed). ``source: null`` marks a question the documents cannot answer:
  it counts as right when ``answer()`` declines it.
* a BEIR folder: ``corpus.jsonl``, ``queries.jsonl``, ``qrels/<split>.tsv``.
  Each corpus document is written once as ``<_id>.txt`` (title, blank line,
  text) into a cache folder and indexed there; later runs reuse that index.
  Chunks are mapped back to documents by their best chunk (MaxP).

Every mode asked for is measured in the same run, so each figure stands next
to its baselines (BM25 alone and dense alone beside hybrid). Metrics come from
``pytrec_eval`` (trec_eval's definitions; MRR@10 is trec_eval's reciprocal
rank over the top 10). Worked example, one relevant document at rank 2::

    >>> ir_metrics({"q": {"d1": 1}}, {"q": {"d0": 2.0, "d1": 1.0}})
    {'ndcg@10': 0.6309, 'recall@100': 1.0, 'mrr@10': 0.5}
"""

from __future__ import annotations

import os
import re
import time
from pathlib import Path
from urllib.parse import unquote

from qa.errors import QAError
from qa.testsets import Beir, Question, fold, load_beir, load_questions, write_corpus  # noqa: F401 (callers use qa.evaluate.*)

MODES = ("bm25", "dense", "hybrid")
BEIR_METRICS = ("ndcg@10", "recall@100", "mrr@10")
QUESTION_METRICS = ("hit@1", "hit@3", "hit@5", "mrr", "answered", "declined")
DOCS_PER_QUERY = 100     # documents ranked per BEIR query (for recall@100)
CHUNKS_PER_QUERY = 400   # chunks retrieved to fill them (long documents have several)


def cache_root() -> Path:
    return Path(os.environ.get("QA_BENCH_CACHE", "~/.cache/qa-bench")).expanduser()


def backend_name(x) -> str:
    """The backend of an embedder or of an index (indexes that name none: torch).

    >>> from qa.encode.embedding import HashEmbedder
    >>> backend_name(HashEmbedder())
    'hash'
    """
    if hasattr(x, "manifest"):
        return x.manifest.backend or "torch"
    return getattr(x, "backend", None) or "torch"


def beir_index(beir: Beir, embedder, settings=None, progress=None):
    """The cached index of a BEIR corpus, built on first use (incrementally)."""
    from qa.config import ChunkSettings
    from qa.store.index import build_index, load_index

    settings = settings or ChunkSettings()
    home = cache_root() / f"{beir.name}-{beir.corpus_sha[:12]}"
    docs = home / "docs"
    if not (docs / ".complete").exists():
        write_corpus(beir.corpus, docs)
        (docs / ".complete").write_text(beir.corpus_sha)
    s, backend = settings.as_dict(), backend_name(embedder)
    slug = re.sub(r"[^\w.-]+", "_", f"{embedder.name}-{backend}")[-70:]
    out = home / f"index-{slug}-v{s['version']}-{s['max_tokens']}-{s['target_tokens']}"
    try:
        index = load_index(out)
        if index.model == embedder.name and backend_name(index) == backend and index.manifest.chunker == s:
            return index
    except QAError:
        pass
    build_index([docs], out, embedder, settings, progress)
    return load_index(out)


def beir_run(index, embedder, queries: dict[str, str], mode: str, vectors=None, **search_kw) -> dict[str, dict[str, float]]:
    """{query id: {doc id: score}}: the top documents, each scored by its best chunk.
    ``vectors`` are the queries' embeddings in order (encoded here if None)."""
    from qa.retrieve.search import search
    from qa.store.open import reader

    ids = {name: unquote(name[:-4]) for name in index.documents}  # undo doc_file()
    qids = list(queries)
    vectors = embedder.encode([queries[q] for q in qids]) if vectors is None else vectors
    run = {}
    for qid, qv in zip(qids, vectors):
        hits = search(index, qv, queries[qid], k=CHUNKS_PER_QUERY, mode=mode, depth=CHUNKS_PER_QUERY, **search_kw)
        ranked: list[str] = []
        found = {s.id: s.chunk.doc for s in reader(index).chunks([h.chunk for h in hits])}
        for h in hits:  # best first, so a document's first chunk is its best (MaxP)
            doc = ids[found[h.chunk]]
            if doc not in ranked:
                ranked.append(doc)
                if len(ranked) == DOCS_PER_QUERY:
                    break
        run[qid] = {d: float(DOCS_PER_QUERY - r) for r, d in enumerate(ranked)}
    return run


def ir_metrics(qrels: dict, run: dict) -> dict[str, float]:
    """Mean nDCG@10, recall@100 and MRR@10 over the queries of ``qrels``
    (a query missing from ``run`` counts 0). Scores must not tie."""
    import pytrec_eval

    run = {q: run.get(q) or {"\x00none": 0.0} for q in qrels}
    full = pytrec_eval.RelevanceEvaluator(qrels, {"ndcg_cut.10", "recall.100"}).evaluate(run)
    top10 = {q: dict(sorted(r.items(), key=lambda kv: -kv[1])[:10]) for q, r in run.items()}
    rr = pytrec_eval.RelevanceEvaluator(qrels, {"recip_rank"}).evaluate(top10)
    n = len(qrels)
    return {
        "ndcg@10": round(sum(full[q]["ndcg_cut_10"] for q in qrels) / n, 4),
        "recall@100": round(sum(full[q]["recall_100"] for q in qrels) / n, 4),
        "mrr@10": round(sum(rr[q]["recip_rank"] for q in qrels) / n, 4),
    }


def question_metrics(index, embedder, questions: list[Question], mode: str) -> dict[str, float]:
    """hit@1/3/5 and MRR (over the top 5) of answerable questions, the share of
    them answered, and the share of unanswerable ones declined."""
    import pytrec_eval

    from qa.answer.answers import answer

    qrels, run, answered, declined = {}, {}, [], []
    for q in questions:
        ans = answer(index, embedder, q.question, k=5, mode=mode)
        if q.source is None:
            declined.append(not ans.answered)
            continue
        answered.append(ans.answered)
        run[q.id] = {f"p{p.rank}": float(10 - p.rank) for p in ans.passages} or {"\x00none": 0.0}
        good = [p for p in ans.passages if p.doc == q.source and all(fold(a) in fold(p.text) for a in q.answer)]
        qrels[q.id] = {"\x00answer": 1, **{f"p{p.rank}": 1 for p in good}}  # never empty
    out = {}
    if qrels:
        ev = pytrec_eval.RelevanceEvaluator(qrels, {"success.1,3,5", "recip_rank"}).evaluate(run)
        for name, key in (("hit@1", "success_1"), ("hit@3", "success_3"), ("hit@5", "success_5"), ("mrr", "recip_rank")):
            out[name] = round(sum(ev[q][key] for q in qrels) / len(qrels), 4)
        out["answered"] = round(sum(answered) / len(answered), 4)
    if declined:
        out["declined"] = round(sum(declined) / len(declined), 4)
    return out


def evaluate_questions(index, embedder, questions: list[Question], modes=MODES) -> dict[str, dict]:
    """{mode: question_metrics}; a ``source`` the index lacks is an error naming
    its line. ``index``: a store's collection, or a row view."""
    from qa.store.open import reader

    store = reader(index)
    known = set(store.documents())
    where = getattr(index, "path", None) or getattr(getattr(store, "store", None), "location", store.name)
    for q in questions:
        if q.source is not None and q.source not in known:
            raise QAError(f"{q.where}: source {q.source!r} is not in the index at {where} (see: qa docs)")
    return {m: question_metrics(index, embedder, questions, m) for m in modes}


def evaluate_beir(beir: Beir, index, embedder, modes=MODES, **search_kw) -> tuple[dict[str, dict], dict[str, float]]:
    """Metrics and milliseconds per query (encoding included) of each mode."""
    t0 = time.perf_counter()
    vectors = embedder.encode(list(beir.queries.values()))
    encode_ms = 1000 * (time.perf_counter() - t0) / len(beir.queries)
    results, ms = {}, {}
    for m in modes:
        t0 = time.perf_counter()
        run = beir_run(index, embedder, beir.queries, m, vectors, **search_kw)
        ms[m] = encode_ms + 1000 * (time.perf_counter() - t0) / len(beir.queries)
        results[m] = ir_metrics(beir.qrels, run)
    return results, ms


def table(results: dict[str, dict], metrics, extra: dict[str, float] | None = None) -> str:
    """Modes as rows, metrics as columns (a blank cell where a mode lacks one).

    >>> print(table({"bm25": {"mrr": 0.5, "hit@1": 0.25}}, ["hit@1", "mrr"], {"bm25": 12.34}))
    mode    hit@1    mrr  ms/query
    bm25    0.250  0.500      12.3
    """
    names = [m for m in metrics if any(m in r for r in results.values())]
    widths = [max(len(n), 5) + 2 for n in names]
    lines = [f"{'mode':6s}" + "".join(f"{n:>{w}s}" for n, w in zip(names, widths)) + ("  ms/query" if extra else "")]
    for mode, r in results.items():
        cells = "".join(f"{r[n]:{w}.3f}" if n in r else " " * w for n, w in zip(names, widths))
        lines.append(f"{mode:6s}{cells}" + (f"{extra[mode]:10.1f}" if extra else ""))
    return "\n".join(lines)
