"""Starting the app from the command line (``python app.py``, ``qa serve``):
its options, the ``--auth`` login, the model loaded while Gradio imports, and
the index built or updated before the page is served. Errors at start-up are
one line, as in the ``qa`` command.
"""

import argparse
import logging
import os
import sys
import threading
import time
from pathlib import Path

from qa.web.app import DEFAULT_SOURCES, build_app, launch_options
from qa.config import Settings
from qa.errors import QAError

log = logging.getLogger("qa.web.app")


def parse_auth(value: str) -> tuple[str, str]:
    """``user:password`` for the login page.

    >>> parse_auth("analyst:s3cret:x")
    ('analyst', 's3cret:x')
    """
    user, sep, password = (value or "").partition(":")
    if not (user and sep and password):
        raise QAError("--auth must be USER:PASSWORD")
    return user, password


def add_options(p: argparse.ArgumentParser, index: bool = True) -> None:
    if index:
        p.add_argument("--index", default=os.environ.get("QA_INDEX", "index"), help="index folder (default: index, or $QA_INDEX)")
    p.add_argument("--library", default=os.environ.get("QA_LIBRARY", "library"), help="folder where uploads are stored and indexed (default: library)")
    p.add_argument("--source", action="append", help="a folder of documents to index besides the library (repeatable; default: seeds)")
    p.add_argument("--host", default=None, help="address to listen on (default: 127.0.0.1, or $GRADIO_SERVER_NAME)")
    p.add_argument("--port", type=int, default=None, help="port (default: 7860, or $GRADIO_SERVER_PORT)")
    p.add_argument("--auth", metavar="USER:PASSWORD", default=os.environ.get("QA_AUTH"), help="require this login (or $QA_AUTH)")
    p.add_argument("--share", action="store_true", help="also open a public share link (off unless asked)")


def _preload(index_dir, model) -> None:
    """Load the model while Gradio is imported (start-up takes both)."""
    import json
    from qa.encode.embedding import load_embedder
    try:
        from qa.store.generations import current
        manifest = (current(Path(index_dir) / "default") or Path(index_dir)) / "manifest.json"
        load_embedder(json.loads(manifest.read_text())["model"] if manifest.exists() and not model else model or Settings().model)
    except Exception:
        pass  # building the app loads it again and reports the problem


def serve(args) -> int:
    """Build or update the index, then run the app until interrupted."""
    from tqdm import tqdm
    bar = None

    def progress(done, total, message):
        nonlocal bar
        bar = bar or tqdm(total=total, unit="step", file=sys.stderr, disable=not sys.stderr.isatty())
        bar.total, bar.n = total, done
        bar.set_description(message)
        bar.refresh()

    def say(msg):
        print(f"qa: {msg}", file=sys.stderr, flush=True)

    try:
        auth = parse_auth(args.auth) if args.auth else None
    except QAError as e:
        print(f"qa: error: {e}", file=sys.stderr)
        return 2
    t0 = time.perf_counter()
    preload = threading.Thread(target=_preload, args=(args.index, getattr(args, "model", None)), daemon=True)
    preload.start()
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    import gradio  # noqa: F401  (meanwhile)
    preload.join()
    try:
        demo = build_app(args.index, args.source or DEFAULT_SOURCES, args.library, model=getattr(args, "model", None),
                         collection=getattr(args, "collection", None) or "default",
                         progress=progress, say=say)
    except QAError as e:
        print(f"qa: error: {e}", file=sys.stderr)
        return 2
    except Exception as e:  # a bug: still one line (python app.py has no cli.main around it)
        log.debug("start-up failed", exc_info=True)
        print(f"qa: internal error: {type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''} (please report it)", file=sys.stderr)
        return 1
    finally:
        if bar is not None:
            bar.close()
    say(f"ready in {time.perf_counter() - t0:.1f} s")
    demo.launch(server_name=args.host, server_port=args.port, auth=auth, share=args.share, **launch_options())
    return 0


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="app.py", description="Run the document QA web app (http://127.0.0.1:7860).")
    add_options(p)
    p.add_argument("--model", default=None, help="embedding model for a new index (default: all-MiniLM-L6-v2)")
    return serve(p.parse_args(argv))
