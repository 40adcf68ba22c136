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

from qa.web import render
from qa.web.library import MAX_UPLOAD_MB, UPLOAD_TYPES, Library
from qa.config import Settings, check_question
from qa.errors import QAError

log = logging.getLogger("qa.web.app")
DEFAULT_SOURCES = ["seeds"]
MAX_DRAFT_CHARS = 20_000
HINT = "Ask a question about your documents, e.g. “Who hosted the January 2025 discussions with U.S. police unions?”"


# a question that leans on the one before: "And in 2024?", "What about them?", "Why?"
FOLLOW_UP = re.compile(r"^\s*(and|but|also|so|what about|how about|why|how come)\b|\b(it|its|they|them|their|these|those|he|she|his|her)\b"
                       r"|^\W*(\w+\W+){0,3}\w*\W*$", re.I)


def ask_turn(lib: Library, question: str, turns: list, excluded=(), k: int = 5) -> list:
    """The conversation with one more question answered. A follow-up ("And in
    2024?") is read together with the question before when that is answered."""
    from qa.answer.answers import answer
    question = check_question(question or "")
    docs = lib.scope(excluded)
    index, notes = lib.index, []
    if lib.indexing:
        notes.append(f"The library is being updated ({lib.indexing}); this answer searched the documents as they were before.")
    ans = answer(index, lib.embedder, question, k=k, docs=docs)
    previous = turns[-1]["question"] if turns else None
    if previous and FOLLOW_UP.search(question):
        try:
            again = answer(index, lib.embedder, f"{previous} {question}", k=k, docs=docs)
        except QAError:
            again = None
        if again is not None and again.answered:
            ans = again
            notes.append(f"Read as a follow-up to: “{previous}”")
    return turns + [{"question": question, "answer": ans.to_dict(), "note": " ".join(notes)}]


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
              progress=None, say=lambda msg: None):
    """The app over the documents in ``sources`` plus ``upload_dir``, with
    its index at ``index_dir`` (built or updated first if needed)."""
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    import gradio as gr

    lib = Library(index_dir, sources, upload_dir, embedder, model)
    lib.ensure(progress, say)
    lib.embedder.encode(["warm up"])   # the first question should not pay for it
    tmp = Path(tempfile.mkdtemp(prefix="qa-app-"))   # conversations to download, one file a session
    atexit.register(shutil.rmtree, tmp, True)
    private = dict(api_visibility="private")

    def html(elem_id, value="", js=render.CLICK_JS):
        return gr.HTML(value, elem_id=elem_id, css_template=render.CSS, js_on_load=js)

    def guard(fn, *args):
        """(result, notice HTML): a QAError or a bug becomes one line in the page."""
        try:
            return fn(*args), ""
        except QAError as e:
            return None, render.notice(str(e))
        except Exception as e:  # a bug: one line for the user, the traceback in the server log
            log.exception("app handler failed")
            return None, render.notice(f"Something went wrong ({type(e).__name__}); the details are in the server log.", "error")

    def scope_note(excluded):
        total = len(lib.index.documents)
        docs = [d for d in lib.index.documents if d not in set(excluded or ())]
        which = f"all {total} documents" if len(docs) == total else f"{len(docs)} of {total} documents (change this on the Documents tab)"
        return f"Searching {which}."

    def doc_views(excluded):
        e = lib.index.manifest["documents"]
        uploaded = lib.uploaded()
        choices = [(f"{x['title']} ({x['doc']})", x["doc"]) for x in e]
        summary = (f"**{len(e)} documents**, {len(lib.index.chunks)} chunks · model `{lib.index.model}` · "
                   f"uploads are stored in `{lib.upload_dir.name}/` (up to {MAX_UPLOAD_MB} MB each; {' '.join(UPLOAD_TYPES[:5])})")
        note = scope_note(excluded)
        return (summary, render.documents_table(e, uploaded),
                gr.CheckboxGroup(choices=choices, value=[d for _, d in choices if d not in set(excluded or ())]),
                gr.Dropdown(choices=[c for c in choices if c[1] in uploaded], value=None), note, note)

    with gr.Blocks(title="Ask your documents") as demo:
        turns, excluded = gr.State([]), gr.State([])
        with gr.Row(equal_height=True):
            gr.Markdown("## Ask your documents\nVerbatim passages with citations, from the documents in this library.")
            fmt = gr.Radio(["Plain text", "Markdown"], value="Plain text", label="Copy format",
                           elem_id="copy-format", scale=0, min_width=260)
        with gr.Tabs():
            with gr.Tab("Ask", id="ask"):
                with gr.Row():
                    with gr.Column(scale=3):
                        ask_scope = gr.Markdown(scope_note([]), elem_id="ask-scope")
                        chat = html("transcript", render.transcript([], HINT), render.TRANSCRIPT_JS)
                        ask_notice = html("ask-notice")
                        with gr.Row():
                            question = gr.Textbox(show_label=False, placeholder="Ask a question, then press Enter",
                                                  elem_id="question", scale=5, lines=1, max_lines=6)
                            ask_btn = gr.Button("Ask", variant="primary", elem_id="ask-btn", scale=1)
                        with gr.Row():
                            clear_btn = gr.Button("New conversation", elem_id="clear-btn", size="sm")
                            download = gr.DownloadButton("Download conversation (.md)", elem_id="download-md",
                                                         size="sm", interactive=False)
                            k = gr.Slider(1, 10, value=5, step=1, label="Passages per answer", elem_id="k")
                    with gr.Column(scale=2):
                        viewer = html("doc-viewer", '<div class="qa-empty">Click “Show in document” on a passage to read it in context.</div>', render.VIEWER_JS)
            with gr.Tab("Check", id="check"):
                with gr.Row():
                    with gr.Column(scale=3):
                        check_scope = gr.Markdown(scope_note([]), elem_id="check-scope")
                        claim = gr.Textbox(label="Claim or draft paragraph", lines=5, elem_id="claim",
                                           placeholder="Paste a claim or a paragraph of your draft; each sentence is checked against the documents.")
                        check_btn = gr.Button("Check", variant="primary", elem_id="check-btn")
                        check_notice = html("check-notice")
                        results = html("check-results")
                    with gr.Column(scale=2):
                        check_viewer = html("check-viewer", '<div class="qa-empty">Click “Show in document” on a quote to read it in context.</div>', render.VIEWER_JS)
            with gr.Tab("Documents", id="documents"):
                summary = gr.Markdown(elem_id="docs-summary")
                table = html("docs-table")
                scope = gr.CheckboxGroup(label="Ask and Check search these documents", elem_id="scope", interactive=True)
                with gr.Row():
                    upload = gr.File(label=f"Add documents ({', '.join(UPLOAD_TYPES[:5])}; up to {MAX_UPLOAD_MB} MB each)",
                                     file_count="multiple", file_types=UPLOAD_TYPES, type="filepath", elem_id="upload")
                    with gr.Column():
                        upload_status = html("upload-status")
                        remove_doc = gr.Dropdown(label="Remove an uploaded document", elem_id="remove-doc", interactive=True)
                        remove_btn = gr.Button("Remove", variant="stop", elem_id="remove-btn")
        views = [summary, table, scope, remove_doc, ask_scope, check_scope]

        def on_ask(q, history, excl, n, request: gr.Request):
            new, err = guard(ask_turn, lib, q, history or [], excl, int(n))
            if new is None:
                return gr.skip(), gr.skip(), gr.skip(), err, gr.skip()
            md = tmp / re.sub(r"\W", "", str(request.session_hash or "anonymous")) / "conversation.md"
            md.parent.mkdir(exist_ok=True)
            md.write_text(render.conversation_markdown(new, time.strftime("%Y-%m-%d %H:%M")), encoding="utf-8")
            return render.transcript(new), new, "", "", gr.DownloadButton(value=str(md), interactive=True)

        ask_io = dict(fn=on_ask, inputs=[question, turns, excluded, k], outputs=[chat, turns, question, ask_notice, download], **private)
        ask_btn.click(**ask_io)
        question.submit(**ask_io)
        clear_btn.click(lambda: (render.transcript([], HINT), [], "", gr.DownloadButton(value=None, interactive=False)),
                        None, [chat, turns, ask_notice, download], **private)

        def on_show(evt: gr.EventData):
            data = evt._data if isinstance(evt._data, dict) else {}
            doc = lib.index.documents.get(str(data.get("doc")))
            if doc is None:
                return render.notice("That document is no longer in the library.")
            try:
                marks = [tuple(map(int, m.split("-"))) for m in str(data.get("marks") or "").split(",") if m]
                return render.document_view(doc, int(data.get("start", 0)), int(data.get("end", 0)), marks)
            except (TypeError, ValueError):
                return render.notice("That passage could not be located.")

        chat.select(on_show, None, viewer, **private)

        def steps(progress, what):
            """qa's progress(done, total, message) shown as Gradio's progress bar."""
            return lambda done, total, msg="": progress((done, total) if total else 0, desc=msg or what)

        def on_check(text, excl, progress=gr.Progress()):
            found, err = guard(check_text, lib, text, excl, steps(progress, "checking"))
            return (gr.skip(), err) if found is None else (render.claim_results(found), "")

        check_btn.click(on_check, [claim, excluded], [results, check_notice], **private)
        results.select(on_show, None, check_viewer, **private)

        def on_upload(files, excl, progress=gr.Progress()):
            out, err = guard(lib.add_files, files or [], steps(progress, "indexing"))
            status = err or "".join(render.notice(m, kind) for kind, m in out[0])
            return (None, status, *doc_views(excl))

        upload.upload(on_upload, [upload, excluded], [upload, upload_status, *views], concurrency_id="index", **private)

        def on_remove(doc, excl, progress=gr.Progress()):
            if not doc:
                return (render.notice("Choose an uploaded document to remove."), *doc_views(excl))
            msg, err = guard(lib.remove, doc, steps(progress, "indexing"))
            return (err or render.notice(msg, "ok"), *doc_views(excl))

        remove_btn.click(on_remove, [remove_doc, excluded], [upload_status, *views], concurrency_id="index", **private)

        def on_scope(chosen):
            excl = [d for d in lib.index.documents if d not in set(chosen or ())]
            return excl, scope_note(excl), scope_note(excl)

        scope.input(on_scope, scope, [excluded, ask_scope, check_scope], **private)
        demo.load(doc_views, excluded, views, **private)
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
    return {"max_file_size": f"{MAX_UPLOAD_MB}mb", "show_error": False}


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
        manifest = Path(index_dir) / "manifest.json"
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
