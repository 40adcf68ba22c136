"""The page's look and its shared parts: the theme (system fonts, nothing
fetched from outside), the stylesheet and script shipped in ``qa/web/static``,
the side panel with its server functions, and ``guard`` for handlers.
"""

from __future__ import annotations

import base64
import logging
from functools import cache
from importlib.resources import files

from qa.errors import QAError
from qa.web import render, views

log = logging.getLogger("qa.web.app")
SYSTEM_FONTS = ("system-ui", "-apple-system", "Segoe UI", "Roboto", "Helvetica Neue", "Arial", "Noto Sans",
                "Liberation Sans", "sans-serif")
MONO_FONTS = ("ui-monospace", "SFMono-Regular", "Menlo", "Consolas", "Liberation Mono", "monospace")


@cache
def asset(name: str) -> str:
    """A file of qa/web/static (shipped as package data).

    >>> "renderNotes" in asset("app.js") and ".qa-card" in asset("app.css")
    True
    """
    return files("qa.web").joinpath("static", name).read_text(encoding="utf-8")


def theme():
    """Gradio's default theme on the system font stack: plain strings are
    font names the browser already has, so no font file is requested. Blue
    buttons and darker secondary text for contrast (the defaults fail WCAG AA:
    white on orange, light grey hints, the selected tab's blue)."""
    import gradio as gr

    return gr.themes.Default(primary_hue="blue", font=SYSTEM_FONTS, font_mono=MONO_FONTS).set(
        button_primary_background_fill="*primary_700", button_primary_background_fill_hover="*primary_800",
        button_primary_text_color="white", button_cancel_background_fill="#b91c1c", button_cancel_text_color="white",
        body_text_color_subdued="*neutral_600", color_accent="*primary_700", block_info_text_color="*neutral_600",
        input_placeholder_color="*neutral_500")


def launch_options() -> dict:
    """What ``launch()`` needs to draw the page: the theme and the stylesheet
    (Gradio scopes its rules under the app's container; the few rules about
    the page itself go in the head)."""
    return {"theme": theme(), "css": asset("app.css"), "head": f"<style>{PAGE_CSS}</style>"}


# Gradio's container hides overflow, which makes it a scroll box and stops the
# side panel from sticking; "clip" cuts the same overflow without that.
PAGE_CSS = ".gradio-container { overflow: clip !important; } body.qa-sheet-open { overflow: hidden; }"


def guard(fn, *args):
    """(result, notice HTML): a QAError or a bug becomes one sentence in the page."""
    try:
        return fn(*args), ""
    except QAError as e:
        return None, render.notice(str(e))
    except Exception as e:  # a bug: one line for the user, the traceback in the server log
        log.exception("app handler failed")
        return None, render.notice(f"Something went wrong ({type(e).__name__}); try again, and if it persists, "
                                   "the details are in the server log", "error")


def side_panel(lib):
    """The notes and source panel (a gr.HTML). Its script (static/app.js)
    runs the page's buttons and keys; it calls these functions directly,
    outside the queue, so opening a source never re-renders the conversation."""
    import gradio as gr
    from qa.web import notes as notebook

    def source(data) -> str:
        data = data if isinstance(data, dict) else {}
        try:  # from the collection the passage was quoted from (older pages and notes: the served one)
            doc = lib.reader(str(data.get("collection") or "") or None).document(str(data.get("doc")))
        except QAError:
            doc = None
        if doc is None:
            return render.notice("That document is no longer in the library; ask again to see what it holds now")
        try:
            marks = [tuple(map(int, m.split("-"))) for m in str(data.get("marks") or "").split(",") if m]
            start, end = int(data.get("start", 0)), int(data.get("end", 0))
        except (TypeError, ValueError):
            return render.notice("That passage could not be located; ask the question again")
        return views.document_view(doc, start, end, marks, *page_image(lib, doc, start, end, data.get("collection") or None))

    def notes_markdown(notes) -> str:
        return notebook.to_markdown(notebook.clean(notes))

    def notes_docx(notes) -> str:
        return notebook.to_docx_base64(notebook.clean(notes))

    return gr.HTML(views.side_panel(), elem_id="side-panel", js_on_load=asset("app.js"),
                   server_functions=[source, notes_markdown, notes_docx])


def page_image(lib, doc, start: int, end: int, collection: str | None = None) -> tuple[str | None, int | None]:
    """(data: URL of the PDF page holding the passage, highlighted; its page
    number), or (None, None) for other files or when it can't be drawn (the
    text view is shown either way)."""
    if getattr(doc, "kind", None) != "pdf" or not hasattr(doc, "page_at"):
        return None, None
    try:
        from qa.ingest.pages import render_page
    except ImportError:
        return None, None
    path = next((s / doc.doc for s in lib.sources if (s / doc.doc).is_file()), None) if collection in (None, lib.name) else None
    if path is None:
        return None, None
    try:
        png = render_page(path, doc, start, end, scale=1.5)
    except QAError as e:
        log.info("no page image for %s: %s", doc.doc, e)
        return None, None
    except Exception:
        log.exception("drawing a page of %s failed", doc.doc)
        return None, None
    return "data:image/png;base64," + base64.b64encode(png.read_bytes()).decode("ascii"), doc.page_at(start)
