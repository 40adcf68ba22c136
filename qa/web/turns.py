"""What the app does for one question or one draft, without Gradio: a
conversation turn answered (read with the question before when it cannot
stand alone), a draft's sentences checked within the time budget, and each
passage marked with the collection it is from (so "Show in document" opens
the right one).

The tabs (``ask_tab``, ``check_tab``) and the app's API call these; the
tests call them directly on a ``Library``.
"""

import contextlib

from qa.web import limits
from qa.web.library import Library
from qa.config import LIMITS, check_question
from qa.errors import QAError

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
