"""Sentence vectors two ways, measured against each other on the same chunks
in one process (interleaved, so a loaded machine slows both alike):

    nice -n 10 .venv/bin/python benchmarks/sentence_vectors.py [--docs 8] [--repeat 2]

* time: encoding the chunks alone (today's build), chunks + each sentence
  encoded alone ("alone"), one pass pooling token embeddings ("pool");
* quality, on the COVID-QA questions of those articles: the share whose answer
  starts in the sentence closest to the question, among the sentences of the
  chunk that holds the answer ("in chunk") and among all the article's
  sentences ("in article").
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))


def _less(sentences: np.ndarray, chunk: np.ndarray, alpha: float) -> np.ndarray:
    if not len(sentences):
        return sentences
    x = sentences - alpha * chunk
    return x / np.clip(np.linalg.norm(x, axis=1, keepdims=True), 1e-12, None)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=8)
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--alpha", type=float, nargs="*", default=[0.3, 0.5, 0.7])
    args = ap.parse_args()

    from qa.config import ChunkSettings
    from qa.encode.embedding import load_embedder
    from qa.encode.sentences import encode_chunks, sentence_spans
    from qa.ingest.chunking import chunk_document
    from qa.ingest.documents import Document
    from qa.store.index import embed_input

    embedder = load_embedder("all-MiniLM-L6-v2")
    data = json.loads((SHARED / "bench/covid-qa/200423_covidQA.json").read_text(encoding="utf-8"))["data"][:args.docs]
    chunks, inputs, spans, questions = [], [], [], []
    for i, article in enumerate(data):
        para = article["paragraphs"][0]
        text = para["context"]
        doc = Document(doc=f"{i}.txt", title=text.split("\n", 1)[0][:200], kind="txt", sha256=str(i), meta={}, text=text)
        for c in chunk_document(doc, ChunkSettings(), embedder.count_tokens):
            inp = embed_input(c, doc.title, embedder.count_tokens)
            shift = len(inp) - len(c.text)
            chunks.append(c)
            inputs.append(inp)
            spans.append([(s - c.start + shift, e - c.start + shift) for s, e in sentence_spans(text, c.start, c.end)])
        questions += [(qa["question"], i, qa["answers"][0]["answer_start"]) for qa in para["qas"] if qa["answers"]]
    n_sent = sum(len(s) for s in spans)
    print(f"{len(data)} COVID-QA articles, {len(chunks)} chunks, {n_sent} sentences, {len(questions)} questions")

    # CPU seconds of this process (all its threads): wall time on a machine
    # shared with other jobs swings by 2x between two runs of the same work
    times = {"chunks only (today)": [], "alone": [], "pool": []}
    walls = {name: [] for name in times}
    results = {}
    for _ in range(args.repeat):
        for name in times:
            t0, w0 = time.process_time(), time.perf_counter()
            if name == "chunks only (today)":
                embedder.encode(inputs)
            else:
                results[name] = encode_chunks(embedder, inputs, spans, method=name)
            times[name].append(time.process_time() - t0)
            walls[name].append(time.perf_counter() - w0)
    base = min(times["chunks only (today)"])
    for name, t in times.items():
        print(f"  {name:22s} CPU {min(t):7.1f} s   ({min(t) / base:4.2f}x chunks only)   wall {min(walls[name]):7.1f} s")
    qv = embedder.encode([q for q, _, _ in questions])
    # pooled spans share their chunk's context; taking a share of the chunk
    # vector out ("pool-a") is a free way to tell a chunk's sentences apart
    for alpha in args.alpha:
        chunk_vecs, pooled = results["pool"]
        results[f"pool-{alpha}"] = (chunk_vecs, [_less(s, chunk_vecs[i], alpha) for i, s in enumerate(pooled)])
    for method in results:
        _, sents = results[method]
        in_chunk = in_article = 0
        for (q, doc, start), v in zip(questions, qv):
            best_article, gold_chunk = (-2.0, None), None
            for row, c in enumerate(chunks):
                if c.doc != f"{doc}.txt":
                    continue
                sims = sents[row] @ v if len(sents[row]) else np.zeros(0)
                shift = len(inputs[row]) - len(c.text)
                bounds = [(c.start + s - shift, c.start + e - shift) for s, e in spans[row]]
                holds = [s <= start < e for s, e in bounds]
                if any(holds) and gold_chunk is None:
                    gold_chunk = row
                    in_chunk += bool(len(sims)) and holds[int(np.argmax(sims))]
                if len(sims) and float(np.max(sims)) > best_article[0]:
                    best_article = (float(np.max(sims)), holds[int(np.argmax(sims))])
            in_article += bool(best_article[1])
        n = len(questions)
        print(f"  {method:9s} answer in the closest sentence: in chunk {in_chunk / n:.3f}   in article {in_article / n:.3f}")


if __name__ == "__main__":
    main()
