"""The Documents tab: what is in the library, which documents Ask and Check
search (remembered by the browser, with All and None), adding files with one
progress line, and removing an upload after a confirmation."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

from qa.web import render, views
from qa.web.uploads import MAX_UPLOAD_MB, UPLOAD_TYPES
from qa.web.page import guard

SAVE_SCOPE_JS = "(saved) => { try { localStorage.setItem('qa-scope', saved || '[]'); } catch (e) {} }"
LOAD_SCOPE_JS = "(saved) => { try { return [localStorage.getItem('qa-scope') || '[]']; } catch (e) { return ['[]']; } }"


def scope_note(lib, excluded, collection: str | None = None) -> str:
    documents = lib.documents(collection)
    total = len(documents)
    docs = [d for d in documents if d not in set(excluded or ())]
    if not docs:
        return "No documents are chosen: choose some on the Documents tab."
    which = f"all {total} documents" if len(docs) == total else f"{len(docs)} of {total} documents (change this on the Documents tab)"
    return f"Searching {which}."


def build(lib, excluded, scope_notes: list, events, picked=None) -> SimpleNamespace:
    """Lay out the tab and wire its events; ``scope_notes`` are the other
    tabs' "Searching ..." lines, updated with the scope; ``events(kind)`` the
    options of an event of that kind ("index" changes the library, "ui");
    ``picked`` the collection picker (what the tab shows, uploads to and
    removes from). ``switch(name)`` gives the tab's views of another collection."""
    import gradio as gr

    picked = picked or gr.State(None)

    kinds = " ".join(UPLOAD_TYPES)
    with gr.Tab("Documents", id="documents"):
        summary = gr.Markdown(elem_id="docs-summary")
        table = gr.HTML(elem_id="docs-table", js_on_load=None)
        scope = gr.CheckboxGroup(label="Ask and Check search these documents", elem_id="scope", interactive=True)
        with gr.Row(elem_id="scope-tools"):
            all_btn = gr.Button("All", size="sm", elem_id="scope-all", min_width=80)
            none_btn = gr.Button("None", size="sm", elem_id="scope-none", min_width=80)
        saved = gr.Textbox(visible="hidden", elem_id="scope-saved", label="Saved scope")
        upload = gr.File(label=f"Add documents ({kinds}; up to {MAX_UPLOAD_MB} MB each)",
                         file_count="multiple", file_types=UPLOAD_TYPES, type="filepath", elem_id="upload")
        status = gr.HTML(elem_id="upload-status", js_on_load=None)
        with gr.Row(elem_id="remove-row"):
            remove_doc = gr.Dropdown(label="Remove an uploaded document", elem_id="remove-doc", interactive=True, scale=3)
            remove_btn = gr.Button("Remove…", variant="stop", elem_id="remove-btn", scale=1, min_width=100)
        with gr.Column(visible=False, elem_id="remove-confirm", elem_classes="qa-confirm") as confirm:
            confirm_text = gr.Markdown()
            with gr.Row():
                yes_btn = gr.Button("Yes, remove it", variant="stop", elem_id="remove-yes", min_width=120)
                no_btn = gr.Button("Cancel", elem_id="remove-no", min_width=100)

    def views_for(excl, collection=None):
        name = collection or lib.name
        e = [{"doc": d.doc, "title": d.title, "kind": d.kind, "sha256": d.sha256, "meta": dict(d.meta), "chunks": d.chunks,
              "pages": d.pages} for d in lib.documents(name).values()]
        uploaded = lib.uploaded(name)
        choices = [(f"{x['title']} ({x['doc']})", x["doc"]) for x in e]
        text = (f"Collection **{name}**: {len(e)} documents, {sum(x['chunks'] for x in e)} passages. Uploads are kept in the library folder "
                f"({kinds}; up to {MAX_UPLOAD_MB} MB each).") + (lib.skipped_note() if name == lib.name else "")
        note = scope_note(lib, excl, name)
        return (text, views.documents_table(e, uploaded, "seed" if name == lib.name else "indexed"),
                gr.CheckboxGroup(choices=choices, value=[d for _, d in choices if d not in set(excl or ())]),
                gr.Dropdown(choices=[c for c in choices if c[1] in uploaded], value=None), *[note] * len(scope_notes))

    outs = [summary, table, scope, remove_doc, *scope_notes]

    def with_scope(excl, collection=None):
        excl = [d for d in excl if d in lib.documents(collection)]
        # the browser remembers the scope of the served collection only (another may hold the same names)
        saved_value = json.dumps(excl) if (collection or lib.name) == lib.name else gr.skip()
        return (excl, saved_value, *views_for(excl, collection))

    def on_load(saved_json):
        try:
            excl = json.loads(saved_json or "[]")
        except ValueError:
            excl = []
        return with_scope([str(d) for d in excl] if isinstance(excl, list) else [])

    scoped = [excluded, saved, *outs]
    scope.input(lambda chosen, c: with_scope([d for d in lib.documents(c) if d not in set(chosen or ())], c),
                [scope, picked], scoped, **events("ui")).then(None, saved, None, js=SAVE_SCOPE_JS, **events("ui"))
    all_btn.click(lambda c: with_scope([], c), picked, scoped, **events("ui")).then(None, saved, None, js=SAVE_SCOPE_JS, **events("ui"))
    none_btn.click(lambda c: with_scope(list(lib.documents(c)), c), picked, scoped, **events("ui")).then(
        None, saved, None, js=SAVE_SCOPE_JS, **events("ui"))

    def steps(progress, what):
        """qa's progress(done, total, message) as one progress line: file, step, count."""
        return lambda done, total, msg="": progress((done, total) if total else 0, desc=f"{what}: {msg}" if msg else what)

    def on_upload(files, excl, collection, progress=gr.Progress()):
        names = ", ".join(Path(f).name for f in files or [])
        out, err = guard(lib.add_files, files or [], steps(progress, f"Adding {names}"), collection)
        text = err or "".join(render.notice(m, kind) for kind, m in out[0])
        return (None, text, *views_for(excl, collection))

    upload.upload(on_upload, [upload, excluded, picked], [upload, status, *outs], show_progress_on=[status], **events("index"))

    def on_ask_remove(doc):
        if not doc:
            return render.notice("Choose an uploaded document to remove first"), gr.Column(visible=False), gr.skip()
        return "", gr.Column(visible=True), f"Remove **{doc}** from the library? The file is deleted and the index is updated."

    remove_btn.click(on_ask_remove, remove_doc, [status, confirm, confirm_text], **events("ui"))
    no_btn.click(lambda: gr.Column(visible=False), None, confirm, **events("ui"))

    def on_remove(doc, excl, collection, progress=gr.Progress()):
        if not doc:
            return (render.notice("Choose an uploaded document to remove first"), gr.Column(visible=False), *views_for(excl, collection))
        msg, err = guard(lib.remove, doc, steps(progress, f"Removing {doc}"), collection)
        return (err or render.notice(msg, "ok"), gr.Column(visible=False), *views_for(excl, collection))

    yes_btn.click(lambda: gr.Column(visible=False), None, confirm, **events("ui")).then(
        on_remove, [remove_doc, excluded, picked], [status, confirm, *outs], show_progress_on=[status], **events("index"))
    return SimpleNamespace(on_load=on_load, load_outputs=scoped, load_js=LOAD_SCOPE_JS, saved=saved, status=status,
                           switch=lambda name: with_scope([], name), switch_outputs=scoped)
