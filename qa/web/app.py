"""The web app: ask, check, copy with citation, read the source, manage documents.

A thin shell over the qa library. ``Library`` (no Gradio) holds the shared
index, its sources and the upload folder; ``build_app`` lays out the page;
``main`` parses the command line (``python app.py``, ``qa serve``).
Gradio is imported only when the app is built, so ``qa`` stays quick.
"""

import argparse
import atexit
import functools
import logging
import os
import re
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

from qa.web.library import MAX_UPLOAD_MB, Library
from qa.config import Settings, check_question
from qa.errors import QAError

log = logging.getLogger("qa.web.app")
DEFAULT_SOURCES = ["seeds"]
MAX_DRAFT_CHARS = 20_000
EMPTY_QUESTION = "Type a question first, for example: Who hosted the January 2025 discussions with U.S. police unions?"


def ask_turn(lib: Library, question: str, turns: list, excluded=(), k: int = 5, alone: bool = False) -> list:
    """The conversation with one more question answered. It is read together
    with the question before only when it cannot stand alone ("And in 2024?")
    or that reading is clearly better supported (qa.answer.followup), unless
    it is to be asked ``alone``; the turn's ``reading`` is then the text searched."""
    from qa.answer.followup import answer_turn
    if not (question or "").strip():  # the app's own words (check_question's speak of the command line)
        raise QAError(EMPTY_QUESTION)
    question = check_question(question)
    docs = lib.scope(excluded)
    index, notes = lib.index, []
    if lib.indexing:
        notes.append(f"The library is being updated ({lib.indexing}); this answer searched the documents as they were before.")
    previous = turns[-1]["question"] if turns and not alone else None
    ans = answer_turn(index, lib.embedder, question, previous, k=k, docs=docs)
    reading = ans.asked if ans.reading != "own" else None
    if ans.note:
        notes.append(ans.note)
    return turns + [{"question": question, "answer": ans.to_dict(), "note": " ".join(notes), "reading": reading}]


def check_text(lib: Library, text: str, excluded=(), progress=None) -> list[dict]:
    """Each sentence of a claim or draft with its verdict, quotes and differences."""
    from qa.check.claims import check_draft
    text = (text or "").strip()
    if not text:
        raise QAError("paste a claim or a paragraph of your draft first")
    if len(text) > MAX_DRAFT_CHARS:
        raise QAError(f"the text is {len(text):,} characters long; the limit is {MAX_DRAFT_CHARS:,} (check it in parts)")
    results = [r.to_dict() for r in check_draft(lib.index, lib.embedder, text, progress=progress, docs=lib.scope(excluded))]
    if not results:
        raise QAError("nothing to check: write the claim as a sentence of three words or more")
    return results


def parse_auth(value: str) -> tuple[str, str]:
    """``user:password`` for the login page.

    >>> parse_auth("analyst:s3cret:x")
    ('analyst', 's3cret:x')
    """
    user, sep, password = (value or "").partition(":")
    if not (user and sep and password):
        raise QAError("--auth must be USER:PASSWORD")
    return user, password


def build_app(index_dir="index", sources=DEFAULT_SOURCES, upload_dir="library", embedder=None, model=None,
              progress=None, say=lambda msg: None, collection="default"):
    """The app over the documents in ``sources`` plus ``upload_dir``, with
    its index at ``index_dir`` (built or updated first if needed). The
    layout lives in one module per tab (ask_tab, check_tab, documents_tab)
    and the side panel of notes and sources in page.side_panel."""
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    import gradio as gr

    from qa.web import ask_tab, check_tab, documents_tab, page, views

    lib = Library(index_dir, sources, upload_dir, embedder, model, collection=collection)
    lib.ensure(progress, say)
    lib.embedder.encode(["warm up"])   # the first question should not pay for it
    tmp = Path(tempfile.mkdtemp(prefix="qa-app-"))   # conversations to download, one file a session
    atexit.register(shutil.rmtree, tmp, True)
    private = dict(api_visibility="private")

    def events(kind: str) -> dict:
        """Options of the page's events by kind: "ask", "draft", "index" (one library change at a time), "ui"."""
        return {**private, "concurrency_id": "index"} if kind == "index" else private

    def answer(question, turns, excl, k, alone, request):
        return ask_turn(lib, question, turns, excl, k, alone)

    def check(text, excl, progress, request):
        return check_text(lib, text, excl, progress)

    with gr.Blocks(title="Ask your documents") as demo:
        excluded = gr.State([])
        with gr.Row(elem_id="qa-header"):
            gr.HTML(views.header(), elem_id="qa-title", js_on_load=None)
            fmt = gr.Radio(["Plain text", "Markdown"], value="Plain text", label="Copy format",
                           elem_id="copy-format", scale=0, min_width=280)
        with gr.Row(elem_id="qa-main"):
            with gr.Column(scale=3, elem_id="qa-work", min_width=300):
                note = documents_tab.scope_note(lib, [])
                with gr.Tabs():
                    asking = ask_tab.build(excluded, note, tmp, answer, events)
                    checking = check_tab.build(excluded, note, check, events)
                    library = documents_tab.build(lib, excluded, [asking.scope, checking.scope], events)
            with gr.Column(scale=2, elem_id="qa-side", min_width=300):
                page.side_panel(lib)
        demo.load(library.on_load, library.saved, library.load_outputs, js=library.load_js, **private)
        fmt.change(None, fmt, None, js="(v) => { localStorage.setItem('qa-copy-format', v); }", **private)
        demo.load(None, None, fmt, js="() => localStorage.getItem('qa-copy-format') || 'Plain text'", **private)

        def api(fn):
            """Expose ``fn`` as /<its name>; a QAError reaches the client as its one-line message."""
            @functools.wraps(fn)
            def endpoint(*args, **kwargs):
                try:
                    return fn(*args, **kwargs)
                except QAError as e:
                    raise gr.Error(str(e), print_exception=False) from None
            gr.api(endpoint, api_name=fn.__name__)
            return fn

        @api
        def ask(question: str, k: int = 5, docs: list[str] | None = None) -> dict:
            """Answer a question: the same JSON as `qa ask --json`."""
            from qa.answer.answers import answer
            if not 1 <= int(k) <= 100:
                raise QAError(f"k must be between 1 and 100, got {k}")
            return answer(lib.index, lib.embedder, question, k=int(k), docs=docs or None).to_dict()

        @api
        def check(claim: str, k: int = 5, docs: list[str] | None = None) -> dict:
            """Check one claim: the same JSON as `qa check CLAIM --json`."""
            from qa.check.claims import check_claim
            return check_claim(lib.index, lib.embedder, claim, docs=docs or None, k=int(k)).to_dict()

        @api
        def check_draft(text: str, k: int = 5, docs: list[str] | None = None) -> list[dict]:
            """Check each sentence of a draft: the objects `qa check --draft FILE --json` prints, as a list."""
            from qa.check.claims import check_draft as check_each
            return [r.to_dict() for r in check_each(lib.index, lib.embedder, text, docs=docs or None, k=int(k))]

    demo.qa_library = lib
    return demo


def launch_options() -> dict:
    """launch() settings the app always uses (tests use them too)."""
    from qa.web import page
    return {"max_file_size": f"{MAX_UPLOAD_MB}mb", "show_error": False, **page.launch_options()}


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
