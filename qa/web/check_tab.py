"""The Check tab: a claim or a paragraph of a draft, each sentence's verdict
with the quotes that settle it. Ctrl+Enter (or Cmd+Enter) checks."""

from types import SimpleNamespace

from qa.web import verdicts
from qa.web.page import guard


def build(excluded, scope_text: str, check, events, picked=None) -> SimpleNamespace:
    """Lay out the tab and wire its event: ``check(text, excluded, progress,
    request, collection)`` gives each sentence's result; ``events("draft")``
    the event's options (visibility, concurrency); ``picked`` the collection
    picker."""
    import gradio as gr

    with gr.Tab("Check", id="check"):
        scope = gr.Markdown(scope_text, elem_id="check-scope")
        claim = gr.Textbox(label="Claim or draft paragraph (Ctrl+Enter checks)", lines=5, elem_id="claim",
                           placeholder="Paste a claim or a paragraph of your draft; each sentence is checked against the documents.")
        check_btn = gr.Button("Check", variant="primary", elem_id="check-btn")
        notice = gr.HTML("", elem_id="check-notice", js_on_load=None)
        results = gr.HTML("", elem_id="check-results", js_on_load=None)

    def on_check(text, excl, collection, request: gr.Request, progress=gr.Progress()):
        def steps(done, total, msg=""):
            progress((done, total) if total else 0, desc=msg or "Checking")
        found, err = guard(check, text, excl, steps, request, collection)
        return (gr.skip(), err) if found is None else (verdicts.claim_results(found), "")

    check_btn.click(on_check, [claim, excluded, picked or gr.State(None)], [results, notice], show_progress_on=[results],
                    **events("draft"))
    return SimpleNamespace(scope=scope, claim=claim, cleared=lambda: ("", ""), cleared_outputs=[results, notice])
