"""The web app: ask, check, copy with citation, read the source, manage documents.

A thin shell over the qa library. ``Library`` (no Gradio) holds the shared
index, its sources and the upload folder; ``build_app`` lays out the page;
``main`` parses the command line (``python app.py``, ``qa serve``).
Gradio is imported only when the app is built, so ``qa`` stays quick.
"""

import argparse
import atexit
import contextlib
import logging
import os
import re
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

from qa.web import auth, limits
from qa.web.library import Library
from qa.web.uploads import MAX_UPLOAD_MB
from qa.config import LIMITS, Settings, check_question
from qa.errors import QAError

log = logging.getLogger("qa.web.app")
DEFAULT_SOURCES = ["seeds"]
EMPTY_QUESTION = "Type a question first, for example: Who hosted the January 2025 discussions with U.S. police unions?"


def ask_turn(lib: Library, question: str, turns: list, excluded=(), k: int = 5, alone: bool = False,
             collection: str | None = None) -> list:
    """The conversation with one more question answered from ``collection``
    (None: the served one). It is read together with the question before
    (asked of the same collection) only when it cannot stand alone ("And in
    2024?") or that reading is clearly better supported (qa.answer.followup),
    unless it is to be asked ``alone``; the turn's ``reading`` is then the text
    searched. Its passages are marked with their collection, so "Show in
    document" opens the document of that collection."""
    from qa.answer.followup import answer_turn
    if not (question or "").strip():  # the app's own words (check_question's speak of the command line)
        raise QAError(EMPTY_QUESTION)
    question = check_question(question)
    name = collection or lib.name
    docs = lib.scope(excluded, name)
    index, notes = lib.reader(name), []
    if lib.indexing:
        notes.append(f"The library is being updated ({lib.indexing}); this answer searched the documents as they were before.")
    same = turns and turns[-1].get("collection", lib.name) == name
    previous = turns[-1]["question"] if same and not alone else None
    ans = answer_turn(index, lib.embedder, question, previous, k=k, docs=docs)
    reading = ans.asked if ans.reading != "own" else None
    if ans.note:
        notes.append(ans.note)
    shown = marked(ans.to_dict(), name)
    return turns + [{"question": question, "answer": shown, "note": " ".join(notes), "reading": reading, "collection": name}]


def marked(result, collection: str):
    """``result`` (a to_dict() value) with each passage (a dict with "doc" and
    "start") marked with the collection it is from.

    >>> marked({"passages": [{"doc": "a.txt", "start": 0}]}, "housing")
    {'passages': [{'doc': 'a.txt', 'start': 0, 'collection': 'housing'}]}
    """
    if isinstance(result, list):
        return [marked(x, collection) for x in result]
    if not isinstance(result, dict):
        return result
    out = {k: marked(v, collection) for k, v in result.items()}
    if "doc" in out and "start" in out:
        out["collection"] = collection
    return out


def check_text(lib: Library, text: str, excluded=(), progress=None, budget=None, gate=None,
               collection: str | None = None) -> list[dict]:
    """Each sentence of a claim or draft with its verdict, quotes and differences
    from ``collection`` (None: the served one), within ``budget`` (default:
    LIMITS.draft_seconds), behind ``gate`` if given."""
    from qa.check.claims import check_draft, draft_spans
    if not (text or "").strip():  # the app's own words
        raise QAError("paste a claim or a paragraph of your draft first")
    LIMITS.sentences(len(draft_spans(LIMITS.text(text, "draft", example="paste a claim or a paragraph of your draft first"))))
    budget = budget or limits.Budget(LIMITS.draft_seconds)
    with gate.enter(budget) if gate else contextlib.nullcontext():
        name = collection or lib.name
        results = [marked(r.to_dict(), name) for r in check_draft(lib.reader(name), lib.embedder, text, progress=progress,
                                                                  docs=lib.scope(excluded, name), stop=budget)]
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

    from qa.web import ask_tab, check_tab, documents_tab, page, render, views

    lib = Library(index_dir, sources, upload_dir, embedder, model, collection=collection)
    lib.ensure(progress, say)
    lib.embedder.encode(["warm up"])   # the first question should not pay for it
    tmp = Path(tempfile.mkdtemp(prefix="qa-app-"))   # conversations to download, one file a session
    atexit.register(shutil.rmtree, tmp, True)
    private = dict(api_visibility="private")
    drafts = limits.Gate(limits.DRAFT_WORKERS)   # drafts checked one at a time, the API's and the Check tab's

    def events(kind: str) -> dict:
        """Options of the page's events by kind: "ask", "draft", "index" (one library change at a time), "ui";
        each kind but "ui" is a concurrency group of qa.web.limits."""
        return {**private, **limits.group(kind)} if kind in limits.CONCURRENCY else private

    def answer(question, turns, excl, k, alone, request, collection=None):
        return ask_turn(lib, question, turns, excl, k, alone, collection)

    def check(text, excl, progress, request, collection=None):
        """Within the draft time budget, stopped if the page is closed, one draft at a time."""
        budget = limits.Budget(LIMITS.draft_seconds, lambda: limits.client_gone(demo, request))
        return check_text(lib, text, excl, progress, budget, drafts, collection)

    with gr.Blocks(title="Ask your documents") as demo:
        excluded = gr.State([])
        with gr.Row(elem_id="qa-header"):
            gr.HTML(views.header(), elem_id="qa-title", js_on_load=None)
            picked = gr.Dropdown(choices=lib.names(), value=lib.name, label="Collection", elem_id="collection",
                                 interactive=True, scale=0, min_width=200)
            fmt = gr.Radio(["Plain text", "Markdown"], value="Plain text", label="Copy format",
                           elem_id="copy-format", scale=0, min_width=280)
        with gr.Row(elem_id="qa-main"):
            with gr.Column(scale=3, elem_id="qa-work", min_width=300):
                note = documents_tab.scope_note(lib, [])
                with gr.Tabs():
                    asking = ask_tab.build(excluded, note, tmp, answer, events, picked)
                    checking = check_tab.build(excluded, note, check, events, picked)
                    library = documents_tab.build(lib, excluded, [asking.scope, checking.scope], events, picked)
            with gr.Column(scale=2, elem_id="qa-side", min_width=300):
                page.side_panel(lib)
        demo.load(library.on_load, library.saved, library.load_outputs, js=library.load_js, **private)
        demo.load(lambda: gr.Dropdown(choices=lib.names(), value=lib.name), None, picked, **private)

        def pick(name):
            """Another collection: its documents and scope, a new conversation, no check results."""
            try:
                lib.get(name, fresh=True)
            except QAError as e:  # e.g. built with another model: say so, stay on the served collection
                return (gr.Dropdown(value=lib.name), *library.switch(lib.name), *asking.cleared(), *checking.cleared(),
                        render.notice(str(e)))
            return (gr.skip(), *library.switch(name), *asking.cleared(), *checking.cleared(), "")

        picked.input(pick, picked, [picked, *library.switch_outputs, *asking.cleared_outputs, *checking.cleared_outputs,
                                    library.status], **events("ui"))
        fmt.change(None, fmt, None, js="(v) => { localStorage.setItem('qa-copy-format', v); }", **private)
        demo.load(None, None, fmt, js="() => localStorage.getItem('qa-copy-format') || 'Plain text'", **private)

        sessions = limits.Sessions(demo)

        def api(kind):
            """Expose ``fn`` as /<its name> in the ``kind`` concurrency group; errors reach the client as one line."""
            def expose(fn):
                gr.api(limits.endpoint(fn, sessions), api_name=fn.__name__, **limits.group(kind))
                return fn
            return expose

        @api("ask")
        def ask(request: gr.Request, question: str, k: int = 5, docs: list[str] | None = None) -> dict:
            """Answer a question: the same JSON as `qa ask --json`."""
            from qa.answer.answers import answer
            return answer(lib.reader(), lib.embedder, question, k=LIMITS.k(k), docs=LIMITS.doc_names(docs)).to_dict()

        @api("check")
        def check(request: gr.Request, claim: str, k: int = 5, docs: list[str] | None = None) -> dict:
            """Check one claim: the same JSON as `qa check CLAIM --json`."""
            from qa.check.claims import check_claim
            return check_claim(lib.reader(), lib.embedder, claim, docs=LIMITS.doc_names(docs), k=LIMITS.k(k)).to_dict()

        @api("draft")
        def check_draft(request: gr.Request, text: str, k: int = 5, docs: list[str] | None = None) -> list[dict]:
            """Check each sentence of a draft: the objects `qa check --draft FILE --json` prints, as a list.
            Sentences left when the time budget runs out are marked "not checked"."""
            from qa.check.claims import check_draft as check_each, draft_spans
            budget = limits.Budget(LIMITS.draft_seconds, lambda: limits.client_gone(demo, request))
            LIMITS.sentences(len(draft_spans(LIMITS.text(text, "draft", example="give a text with the sentences to check"))))
            k, docs = LIMITS.k(k), LIMITS.doc_names(docs)
            with drafts.enter(budget):
                return [r.to_dict() for r in check_each(lib.reader(), lib.embedder, text, docs=docs, k=k, stop=budget)]

    demo.queue(**limits.queue_options())
    demo.qa_library = lib
    return demo


def launch_options() -> dict:
    """launch() settings the app always uses (tests use them too): the upload
    size limit, the page, and logins throttled per client address (with --auth)."""
    from starlette.middleware import Middleware

    from qa.web import page
    return {"max_file_size": f"{MAX_UPLOAD_MB}mb", "show_error": False, **page.launch_options(),
            "auth_message": auth.AUTH_MESSAGE, "app_kwargs": {"middleware": [Middleware(auth.LoginThrottle)]}}


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
