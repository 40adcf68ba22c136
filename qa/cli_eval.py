"""The ``qa eval`` command: a question set measured over the current
collection, or a BEIR folder over its cached index (built once, with progress
on stderr), every mode asked for side by side, printed as a table
(``qa.evaluate.table``) or as JSON. The measuring is ``qa.evaluate``.
"""

from __future__ import annotations

import json
import sys

from qa.errors import QAError
from qa.evaluate import (BEIR_METRICS, MODES, QUESTION_METRICS, backend_name, beir_index, evaluate_beir,
                         evaluate_questions, table)
from qa.testsets import load_beir, load_questions


class _Progress:
    """Build progress on stderr: a live line on a terminal, else the first message only."""

    def __init__(self):
        self.tty, self.said = sys.stderr.isatty(), False

    def __call__(self, done, total, message):
        if self.tty:
            print(f"\rqa: building the benchmark index (once): {message} {done}/{total}   ", end="", file=sys.stderr, flush=True)
        elif not self.said:
            print(f"qa: building the benchmark index (once; reused later): {message} ...", file=sys.stderr, flush=True)
        self.said = True

    def close(self):
        if self.tty and self.said:
            print(file=sys.stderr)


def cli_eval(args, load_collection) -> int:
    """``qa eval``: a question set over the current collection (``load_collection(args)``), or ``--beir DIR``."""
    from qa.config import DEFAULT_MODEL
    from qa.encode.embedding import load_embedder

    modes = MODES if args.mode == "all" else (args.mode,)
    tuning = {k: v for k, v in (("fusion", getattr(args, "fusion", None)), ("dense_weight", getattr(args, "dense_weight", None))) if v is not None}
    if tuning and not args.beir:
        raise QAError("--fusion and --dense-weight apply to --beir only")
    if args.beir:
        if args.questions:
            raise QAError("give either a question file or --beir DIR, not both")
        beir = load_beir(args.beir, args.split)
        embedder = load_embedder(args.model or DEFAULT_MODEL)
        progress = _Progress()
        index = beir_index(beir, embedder, progress=progress)
        progress.close()
        results, ms = evaluate_beir(beir, index, embedder, modes, **tuning)
        title = f"{beir.name} {args.split}: {len(beir.queries)} queries, {len(index.documents)} documents, {len(index.chunks)} chunks, " \
            f"{embedder.name} ({backend_name(embedder)})" + "".join(f", {k.replace('_', ' ')} {v}" for k, v in tuning.items())
        metrics, extra = BEIR_METRICS, ms
    else:
        if not args.questions:
            raise QAError("give a question file (JSON Lines) or --beir DIR")
        questions = load_questions(args.questions)
        collection = load_collection(args)
        index, embedder = collection.store, collection.encoder  # read through the store: nothing loaded whole
        results = evaluate_questions(index, embedder, questions, modes)
        n_un = sum(q.source is None for q in questions)
        title = f"{args.questions}: {len(questions) - n_un} answerable, {n_un} unanswerable questions; index {args.index}" + \
            (f", collection {collection.name}" if collection.name != "default" else "")
        metrics, extra = QUESTION_METRICS, None
    if args.json:
        print(json.dumps(results))
    else:
        print(title)
        print(table(results, metrics, extra))
    return 0
