"""The Ask tab: the conversation, the question box, downloading the conversation.

Enter asks, Shift+Enter starts a new line. Showing a source, adding to notes
and copying are the page script's work (static/app.js), so answering is the
only event that redraws the conversation.
"""

import re
import time
from types import SimpleNamespace

from qa.web import conversation_text, render
from qa.web.page import guard

HINT = "Ask a question about your documents, e.g. “Who hosted the January 2025 discussions with U.S. police unions?”"

# Brings the newest answer into view when one arrives (and only then).
TRANSCRIPT_JS = """
watch('value', () => { const t = element.querySelectorAll('.qa-turn');
  if (t.length) t[t.length - 1].scrollIntoView({block: 'start', behavior: 'smooth'}); });
"""


def build(excluded, scope_text: str, tmp, answer, events, picked=None) -> SimpleNamespace:
    """Lay out the tab and wire its events. ``answer(question, turns,
    excluded, k, alone, request, collection)`` gives the conversation one turn
    longer; ``events(kind)`` the options of an event of that kind ("ask" or
    "ui": visibility, concurrency); ``picked`` the collection picker. Returns
    the components others update, and ``cleared()`` for a new conversation."""
    import gradio as gr

    with gr.Tab("Ask", id="ask"):
        turns = gr.State([])   # inside the tab: a bare child of gr.Tabs is taken for a tab
        scope = gr.Markdown(scope_text, elem_id="ask-scope")
        chat = gr.HTML(render.transcript([], HINT), elem_id="transcript", js_on_load=TRANSCRIPT_JS)
        notice = gr.HTML("", elem_id="ask-notice", js_on_load=None)
        with gr.Row(elem_id="ask-row"):
            question = gr.Textbox(label="Question", show_label=False, placeholder="Ask a question, then press Enter (Shift+Enter for a new line)",
                                  elem_id="question", scale=5, lines=1, max_lines=6, min_width=160)
            ask_btn = gr.Button("Ask", variant="primary", elem_id="ask-btn", scale=1, min_width=80)
            alone_btn = gr.Button("Ask on its own", elem_id="ask-alone-btn", visible="hidden")
        with gr.Row(elem_id="ask-tools"):
            clear_btn = gr.Button("New conversation", elem_id="clear-btn", size="sm", min_width=120)
            download = gr.DownloadButton("Download conversation (.md)", elem_id="download-md",
                                         size="sm", interactive=False, min_width=120)
            k = gr.Slider(1, 10, value=5, step=1, label="Passages per answer", elem_id="k", min_width=160)

    def respond(q, history, excl, n, request, alone, collection=None):
        new, err = guard(answer, q, history or [], excl, int(n), alone, request, collection)
        if new is None:
            return gr.skip(), gr.skip(), gr.skip(), err, gr.skip()
        md = tmp / re.sub(r"\W", "", str(request.session_hash or "anonymous")) / "conversation.md"
        md.parent.mkdir(exist_ok=True)
        md.write_text(conversation_text.conversation_markdown(new, time.strftime("%Y-%m-%d %H:%M")), encoding="utf-8")
        return render.transcript(new), new, "", "", gr.DownloadButton(value=str(md), interactive=True)

    def on_ask(q, history, excl, n, collection, request: gr.Request):
        return respond(q, history, excl, n, request, False, collection)

    def on_ask_alone(q, history, excl, n, collection, request: gr.Request):
        return respond(q, history, excl, n, request, True, collection)

    def cleared():
        return render.transcript([], HINT), [], "", gr.DownloadButton(value=None, interactive=False)

    io = dict(inputs=[question, turns, excluded, k, picked or gr.State(None)], outputs=[chat, turns, question, notice, download],
              show_progress_on=[chat], **events("ask"))
    ask_btn.click(on_ask, **io)
    question.submit(on_ask, **io)
    alone_btn.click(on_ask_alone, **io)
    clear_btn.click(cleared, None, [chat, turns, notice, download], **events("ui"))
    return SimpleNamespace(scope=scope, chat=chat, question=question, cleared=cleared,
                           cleared_outputs=[chat, turns, notice, download])
