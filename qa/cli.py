"""The ``qa`` command. The library raises; this turns errors into one line
(exit status 2) and results into plain text or JSON."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from qa.cli_input import decode_args, each_input
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


def build_parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="qa", description="Ask questions of your documents; get verbatim, cited passages.")
    top.add_argument("--store", "--index", dest="index", metavar="DIR",
                     default=os.environ.get("QA_STORE") or os.environ.get("QA_INDEX") or "index",
                     help="where collections are kept: a folder (default: index, or $QA_STORE); --index is the old name")
    top.add_argument("--collection", default=os.environ.get("QA_COLLECTION", "default"), metavar="NAME",
                     help="which collection of the store (default: default); qa collections lists them")
    top.add_argument("--model", default=None, help="embedding model: a name or a folder (default: all-MiniLM-L6-v2, shipped offline)")
    sub = top.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name, func, help, example):
        p = sub.add_parser(name, help=help, description=help, epilog=f"example:\n  {example}",
                           formatter_class=argparse.RawDescriptionHelpFormatter)
        p.set_defaults(func=func)
        return p

    p = command("index", cmd_index, "build or update the index from documents (default: the last sources, or seeds/)",
                "qa index seeds/ ~/papers/")
    p.add_argument("paths", nargs="*", help="folders or files (.txt .md .pdf .docx .html)")
    p.add_argument("--json", action="store_true", help="print the build report as JSON")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.add_argument("--workers", choices=["local", "ray"], default="local",
                   help="ray: read, chunk and embed on a Ray cluster ($RAY_ADDRESS, else this machine's CPUs); pip install 'qa[ray]'")

    p = command("ask", cmd_ask, "answer a question with cited passages",
                'qa ask "How many firearms did the CBSA seize between 2019 and 2023?"')
    p.add_argument("question", help="the question, or - to read one question per line from stdin (JSON Lines out)")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.add_argument("-k", type=int, default=5, help="number of passages (default 5)")
    p.add_argument("--doc", action="append", help="search only this document (repeatable)")
    p.add_argument("--mode", default="hybrid", choices=["hybrid", "dense", "bm25"], help="retrieval mode")

    p = command("docs", cmd_docs, "list the indexed documents with their metadata", "qa docs --json")
    p.add_argument("--json", action="store_true", help="machine-readable output")

    p = command("text", cmd_text, "print a document's text exactly as indexed (what offsets point into)",
                "qa text 004_c83899779e2afedb.txt")
    p.add_argument("doc", help="document name as listed by qa docs")

    p = command("collections", cmd_collections, "list the collections of the store, with document and chunk counts",
                "qa collections\n  qa --collection housing index ~/housing/")
    p.add_argument("--json", action="store_true", help="machine-readable output")

    p = command("meta", cmd_meta, "correct a document's metadata; corrections survive re-indexing and appear in every citation",
                'qa meta 004_c83899779e2afedb.txt --org "National Police Federation" --date "January 28, 2025"')
    p.add_argument("doc", help="document name as listed by qa docs")
    p.add_argument("--title", help="the document's title")
    p.add_argument("--org", help="the organization that issued it")
    p.add_argument("--author", help="its author(s)")
    p.add_argument("--date", help="its date, as it should be cited")
    p.add_argument("--reference", help="its reference or file number")
    p.add_argument("--clear", action="append", choices=sorted(META_OPTIONS), help="drop a correction (repeatable)")
    p.add_argument("--json", action="store_true", help="machine-readable output")

    p = command("check", cmd_check, "check a claim, or each sentence of a draft: supported, contradicted or not found, with cited evidence",
                'qa check "The CBSA seized 42,340 firearms between 2019 and 2023."\n  qa check --draft draft.txt\n  qa check --json - < claims.txt')
    p.add_argument("claim", nargs="?", help="the claim, or - to read one claim per line from stdin (JSON Lines out)")
    p.add_argument("--draft", metavar="FILE", help="check every sentence of a text file (- for stdin; at most 50,000 characters)")
    p.add_argument("--json", action="store_true", help="machine-readable output (JSON Lines for - and --draft)")
    p.add_argument("-k", type=int, default=5, help="closest passages listed (default 5)")
    p.add_argument("--doc", action="append", help="check against this document only (repeatable)")

    p = command("eval", cmd_eval, "measure retrieval on a question set (over the index) or a BEIR folder",
                "qa eval ../shared/eval/seeds_questions.jsonl\n  qa eval --beir ../shared/bench/scifact --split train --mode all")
    p.add_argument("questions", nargs="?", help="question set, JSON Lines: {id, question, source (null: unanswerable), answer}")
    p.add_argument("--beir", metavar="DIR", help="BEIR folder: corpus.jsonl, queries.jsonl, qrels/<split>.tsv (indexed once, cached)")
    p.add_argument("--split", default="test", help="qrels split of the BEIR folder (default test)")
    p.add_argument("--mode", default="all", choices=["all", "hybrid", "dense", "bm25"], help="modes to measure (default all, side by side)")
    p.add_argument("--fusion", choices=["cc", "rrf"], help="--beir only: hybrid fusion to measure (default: the search default)")
    p.add_argument("--dense-weight", type=float, help="--beir only: weight of the dense side in cc fusion (0-1)")
    p.add_argument("--json", action="store_true", help='one object keyed by mode, e.g. {"hybrid": {"ndcg@10": 0.71, ...}}')

    p = command("serve", cmd_serve, "start the web app on the indexed documents (http://127.0.0.1:7860)",
                "qa serve --port 7860 --auth analyst:s3cret")
    from qa.web.serve import add_options

    add_options(p, index=False)
    return top


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    decode_args(args)
    if getattr(args, "question", None) == "-" and not args.json:
        args.json = True  # a stream of questions gets a stream of JSON objects
    try:
        return args.func(args)
    except QAError as e:
        print(f"qa: error: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("qa: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as e:  # a bug: still one line, never a traceback
        print(f"qa: internal error: {type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''} (please report it)", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
