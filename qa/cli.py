"""The ``qa`` command: its parser, with help and an example for every
subcommand, and ``main``, which runs the chosen command (``qa.cli_commands``).
The library raises; this turns errors into one line (exit status 2)."""

from __future__ import annotations

import argparse
import os
import sys

from qa.cli_commands import (META_OPTIONS, cmd_ask, cmd_check, cmd_collections, cmd_docs, cmd_eval, cmd_index,
                             cmd_meta, cmd_serve, cmd_text)
from qa.cli_input import decode_args
from qa.errors import QAError


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
