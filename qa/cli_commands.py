"""What each ``qa`` command does (``cmd_index``, ``cmd_ask``, ``cmd_check`` ...):
open the collection the options name, call the library, and print the result
as plain text or JSON. The parser that picks one (``qa.cli``) hands each its
parsed arguments; errors are raised as ``QAError`` and turned into one line
there.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from qa.cli_input import each_input
from qa.cli_text import VERDICT_LABELS, print_answer, print_claim
from qa.config import LIMITS
from qa.errors import QAError

DEFAULT_SOURCES = ["seeds"]


def _load(args):
    """The collection the command works on (``--store``, ``--collection``, ``--model``)."""
    from qa.collection import Collection

    return Collection.open(args.index, args.collection, model=args.model)


def cmd_index(args) -> int:
    from tqdm import tqdm

    from qa.collection import Collection
    from qa.config import Settings
    from qa.store.open import open_store

    sources = args.paths
    if not sources:
        try:
            sources = list(open_store(args.index).open(args.collection).manifest.sources) or DEFAULT_SOURCES
        except QAError:
            sources = DEFAULT_SOURCES
    settings = Settings(index_dir=args.index, model=args.model or Settings().model)
    bar = tqdm(total=0, unit="step", file=sys.stderr, disable=args.quiet or not sys.stderr.isatty())

    def progress(done, total, message):
        if bar.disable and not args.quiet and ": OCR of page " in message:
            print(f"qa: {message}", file=sys.stderr)  # OCR is slow: without a progress bar, one line per page
        bar.total = total
        bar.n = done
        bar.set_description(message)
        bar.refresh()

    report = Collection.build(sources, args.index, args.collection, model=settings.model, progress=progress,
                              workers=args.workers).last_build
    bar.close()
    for name, reason in report.skipped:  # one line per file left out, also with --json
        print(f"qa: skipped {name}: {reason}", file=sys.stderr)
    if args.json:
        print(json.dumps(report._asdict()))
    else:
        print(f"indexed {report.documents} documents ({report.chunks} chunks; {report.embedded} embedded, "
              f"{report.chunks - report.embedded} reused) into {settings.index_dir} in {report.seconds:.1f} s")
        for label, names in (("added", report.added), ("changed", report.changed), ("removed", report.removed)):
            if names:
                print(f"  {label}: {', '.join(names)}")
    return 0


def cmd_ask(args) -> int:
    from qa.config import check_question

    args.k = LIMITS.k(args.k)
    if args.question != "-":
        check_question(args.question)  # before the model loads: bad input fails fast
    collection = _load(args)

    def show(ans):
        if args.json:
            print(json.dumps(ans.to_dict(), ensure_ascii=False), flush=True)
        else:
            print_answer(ans, color=sys.stdout.isatty() and not os.environ.get("NO_COLOR"))

    return each_input(args.question, "question",
                       lambda q: collection.ask(q, k=args.k, docs=args.doc, mode=args.mode), show)


def cmd_docs(args) -> int:
    rows = [{"doc": d.doc, "title": d.title, "kind": d.kind, "sha256": d.sha256, "meta": dict(d.meta), "chunks": d.chunks,
             "pages": d.pages} for d in _load(args).documents().values()]
    if args.json:
        keys = ("doc", "title", "kind", "sha256", "meta", "chunks", "pages")
        print(json.dumps([{k: e.get(k) for k in keys} for e in rows], ensure_ascii=False, indent=1))
        return 0
    for e in rows:
        meta = ", ".join(f"{k}: {v}" for k, v in e["meta"].items())
        print(f"{e['doc']}\n  {e['title']}\n  {meta}\n  {e['kind']}, {e['chunks']} chunks, sha256 {e['sha256'][:16]}")
    return 0


def cmd_text(args) -> int:
    sys.stdout.write(_load(args).text(args.doc))
    return 0


def cmd_collections(args) -> int:
    from qa.collection import collections

    rows = collections(args.index)
    if args.json:
        print(json.dumps([r._asdict() for r in rows], ensure_ascii=False, indent=1))
        return 0
    if not rows:
        print(f"no collections in {args.index}; build one with: qa --collection NAME index PATH...")
    for r in rows:
        print(f"{r.name}  {r.documents} documents, {r.chunks} chunks  ({r.model}, built {r.built})")
    return 0


META_OPTIONS = {"title": "title", "org": "organization", "author": "author", "date": "date", "reference": "reference"}


def cmd_meta(args) -> int:
    collection = _load(args)
    fields = {name: getattr(args, opt) for opt, name in META_OPTIONS.items() if getattr(args, opt) is not None}
    for name in args.clear or []:
        fields[META_OPTIONS.get(name, name)] = None
    if fields:
        collection.set_meta(args.doc, **fields)
    info = collection.documents()[args.doc] if args.doc in collection.documents() else None
    if info is None:
        collection.text(args.doc)  # unknown: the one-line error listing the documents
    out = {"doc": info.doc, "title": info.title, "meta": info.meta, "corrected": list(info.corrected)}
    if args.json:
        print(json.dumps(out, ensure_ascii=False))
    else:
        fixed = set(info.corrected)
        print(f"{info.doc}\n  title: {info.title}" + ("  (corrected)" if "title" in fixed else ""))
        for k, v in info.meta.items():
            print(f"  {k}: {v}" + ("  (corrected)" if k in fixed else ""))
    return 0


def cmd_eval(args) -> int:
    from qa.cli_eval import cli_eval

    return cli_eval(args, _load)


def cmd_serve(args) -> int:
    from qa.web.serve import serve

    return serve(args)


def cmd_check(args) -> int:
    args.k = LIMITS.k(args.k)
    if args.draft and args.claim:
        raise QAError("give either a claim or --draft FILE, not both")
    if not args.draft and args.claim is None:
        raise QAError('give a claim to check, e.g. qa check "The CBSA seized 4,234 firearms between 2019 and 2023." (or --draft FILE, or - for stdin)')
    if args.draft:
        try:
            text = sys.stdin.read() if args.draft == "-" else Path(args.draft).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as e:
            raise QAError(f"cannot read the draft {args.draft}: {getattr(e, 'strerror', None) or e}") from None
    collection = _load(args)
    if args.draft:
        def progress(done, total):
            tty = sys.stderr.isatty()
            if tty or done == total or done % 25 == 0:
                print(f"\rchecked {done}/{total} sentences", end="\n" if done == total or not tty else "", file=sys.stderr, flush=True)

        results = collection.check_draft(text, progress, docs=args.doc, k=args.k)
        for i, r in enumerate(results, 1):
            if args.json:
                print(json.dumps(r.to_dict(), ensure_ascii=False), flush=True)
            else:
                print_claim(r, head=f"[{i}] (chars {r.span[0]}-{r.span[1]}) ")
                print()
        if not args.json:
            counts = {v: sum(r.verdict == v for r in results) for v in VERDICT_LABELS}
            print(f"{len(results)} sentences: " + ", ".join(f"{n} {VERDICT_LABELS[v].lower()}" for v, n in counts.items() if n))
        return 0
    def show(r):
        if args.json or args.claim == "-":
            print(json.dumps(r.to_dict(), ensure_ascii=False), flush=True)
        else:
            print_claim(r)

    return each_input(args.claim, "claim", lambda c: collection.check(c, docs=args.doc, k=args.k), show)
