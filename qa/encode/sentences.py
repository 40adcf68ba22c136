"""Sentence vectors for chunks, computed at build time.

A chunk's sentences are the spans ``sentence_spans`` finds. Two ways to give
them vectors (the index records which):

* ``"alone"``: each sentence encoded on its own, like a question;
* ``"pool"``: one encoder pass over the chunk's input; the chunk vector is the
  mean of all its token embeddings (exactly what ``encode`` returns) and each
  sentence's vector the mean of the tokens inside its span. Needs an encoder
  that exposes token embeddings and character offsets (the ONNX one); other
  embedders fall back to ``"alone"``.

Measured on COVID-QA (benchmarks/covid_qa.py): see SENTENCE_METHOD below.
"""

from __future__ import annotations

import re

import numpy as np

from qa.ingest.sentences import split_sentences

METHODS = ("alone", "pool")
# a line that stops mid-sentence (no closing punctuation) and a next line that goes on in lower case
_BROKEN = re.compile(r"[\w,(\-–]$")
_GOES_ON = re.compile(r"[a-z(]")
_MARKER = re.compile(r"^\(?\d{1,2}[.)]$")   # a list item's number, split off as a "sentence" of its own
# "pool" is the default: it meets the build-time budget (at most 1.6x the
# chunks-only build), where encoding each sentence again doubles the encoder's
# work (the sentences hold as many word pieces as their chunks). CPU seconds,
# benchmarks/sentence_vectors.py --docs 4: chunks alone 8.1, chunks + pooled
# sentences 8.5 (1.05x), chunks + sentences encoded alone 16.0 (1.98x).
# It finds the answer sentence a little less often: benchmarks/sentence_vectors.py
# on 6 COVID-QA articles (52 questions), answer in the sentence closest to the
# question: among its chunk's sentences 0.615 pooled vs 0.654 alone; among the
# whole article's 0.308 vs 0.462 (pooled spans share their chunk's context).
SENTENCE_METHOD = "pool"


def sentence_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentences of a passage, a "Label:" line kept with the value under it.

    >>> t = "Date received:\\nMay 30, 2025\\nOther."
    >>> [t[s:e] for s, e in sentence_spans(t, 0, len(t))]
    ['Date received:\\nMay 30, 2025', 'Other.']

    A sentence broken over lines (text from a PDF) is one sentence again:

    >>> t = "What gave the virus the ability to\\ngenerate waves is unclear. Next.\\nHeading\\nThe text."
    >>> [t[s:e] for s, e in sentence_spans(t, 0, len(t))]
    ['What gave the virus the ability to\\ngenerate waves is unclear.', 'Next.', 'Heading', 'The text.']

    A list item's number stays with its text:

    >>> t = "Actions:\\n\\n1. Streamline the process. It is slow."
    >>> [t[s:e] for s, e in sentence_spans(t, 10, len(t))]
    ['1. Streamline the process.', 'It is slow.']
    """
    spans = split_sentences(text, start, end)
    out = []
    for s, e in spans:
        last = text[out[-1][0]:out[-1][1]] if out else ""
        if out and ((last.endswith(":") and len(last) < 40) or _MARKER.match(last)
                    or (_BROKEN.search(last) and "\n" in text[out[-1][1]:s] and _GOES_ON.match(text, s))):
            out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
    return out


def can_pool(embedder) -> bool:
    """Whether ``embedder`` exposes token embeddings (the ONNX encoder does)."""
    return hasattr(getattr(embedder, "encoder", None), "session")


def method_used(embedder, method: str | None = None) -> str:
    """The method ``encode_chunks`` uses with ``embedder``: "pool" needs token
    embeddings, else "alone" (what an index's manifest records).

    >>> from qa.encode.embedding import HashEmbedder
    >>> method_used(HashEmbedder(dim=8), "pool")
    'alone'
    """
    method = SENTENCE_METHOD if method is None else method
    return "pool" if method == "pool" and can_pool(embedder) else "alone"


def encode_chunks(embedder, inputs: list[str], spans: list[list[tuple[int, int]]], method: str | None = None,
                  batch_size: int = 32) -> tuple[np.ndarray, list[np.ndarray]]:
    """Chunk vectors (n, dim) and, per chunk, its sentence vectors (m_i, dim).

    ``spans[i]`` are character spans into ``inputs[i]``.

    >>> from qa.encode.embedding import HashEmbedder
    >>> chunks, sents = encode_chunks(HashEmbedder(dim=8), ["A b. C d."], [[(0, 4), (5, 9)]])
    >>> chunks.shape, sents[0].shape
    ((1, 8), (2, 8))
    """
    method = SENTENCE_METHOD if method is None else method
    if method not in METHODS:
        from qa.errors import QAError

        raise QAError(f"unknown sentence method {method!r}; choose one of: {', '.join(METHODS)}")
    if method == "pool" and can_pool(embedder):
        return _pooled(embedder.encoder, inputs, spans, batch_size)
    chunks = embedder.encode(inputs) if inputs else np.zeros((0, embedder.dim), dtype=np.float32)
    texts = [t[a:b] for t, ss in zip(inputs, spans) for a, b in ss]
    unique = list(dict.fromkeys(texts))
    vecs = embedder.encode(unique) if unique else np.zeros((0, embedder.dim), dtype=np.float32)
    row = {t: i for i, t in enumerate(unique)}
    out, pos = [], 0
    for ss in spans:
        out.append(vecs[[row[t] for t in texts[pos:pos + len(ss)]]].reshape(len(ss), embedder.dim))
        pos += len(ss)
    return np.asarray(chunks, dtype=np.float32), out


def _normalize(x: np.ndarray) -> np.ndarray:
    return (x / np.clip(np.linalg.norm(x, axis=-1, keepdims=True), 1e-12, None)).astype(np.float32)


def _pooled(encoder, inputs, spans, batch_size):
    """One pass per chunk: mean of all tokens, and of each sentence's tokens."""
    from qa.encode.onnx_encoder import mean_pool_normalize

    n = len(inputs)
    chunks = np.zeros((n, encoder.dim), dtype=np.float32)
    sents: list = [None] * n
    order = sorted(range(n), key=lambda i: -len(inputs[i]))
    missing = []
    for b in range(0, n, batch_size):
        idx = order[b:b + batch_size]
        encs = encoder.tokenizer.encode_batch([inputs[i] for i in idx])
        ids = np.array([e.ids for e in encs], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encs], dtype=np.int64)
        types = np.array([e.type_ids for e in encs], dtype=np.int64)
        (hidden,) = encoder.session.run(None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": types})
        chunks[idx] = mean_pool_normalize(hidden, mask)
        for row, i in enumerate(idx):
            e = encs[row]
            offsets = np.array(e.offsets, dtype=np.int64)
            real = (np.array(e.special_tokens_mask) == 0) & (mask[row] == 1)
            out = np.zeros((len(spans[i]), encoder.dim), dtype=np.float32)
            for j, (a, z) in enumerate(spans[i]):
                inside = real & (offsets[:, 0] >= a) & (offsets[:, 1] <= z)
                if inside.any():
                    out[j] = hidden[row][inside].mean(axis=0)
                else:  # cut off by truncation: encode it alone below
                    missing.append((i, j))
            sents[i] = out
    if missing:
        vecs = encoder.encode([inputs[i][spans[i][j][0]:spans[i][j][1]] for i, j in missing])
        for (i, j), v in zip(missing, vecs):
            sents[i][j] = v
    return chunks, [_normalize(s) if len(s) else s for s in sents]
