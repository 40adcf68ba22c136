"""The web app's page: ask, check, copy with citation, read the source, manage documents.

A thin shell over the qa library. ``Library`` (no Gradio) holds the shared
index, its sources and the upload folder; what a question or a draft gets is
in ``turns``; ``build_app`` lays out the page and its API; ``serve`` starts it
from the command line (``python app.py``, ``qa serve``).
Gradio is imported only when the app is built, so ``qa`` stays quick.
"""

import atexit
import os
import shutil
import tempfile
from pathlib import Path

from qa.web import auth, limits
from qa.web.library import Library
from qa.web.uploads import MAX_UPLOAD_MB
from qa.web.turns import ask_turn, check_text
from qa.config import LIMITS
from qa.errors import QAError

DEFAULT_SOURCES = ["seeds"]


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
