"""The Gradio app: library logic in process, the page in headless chromium
(Playwright driving Debian's /usr/bin/chromium, no browser download), the API
through gradio_client against `python app.py`.

One app server per module (the model loads once per process); every browser
test gets a fresh context (its own clipboard permission and localStorage).
Nothing is written into the source tree: screenshots come only from
`python scripts/screenshots.py`. The page's own behaviour (source panel,
notes, keyboard, phone layout, accessibility, offline) is in test_ui.py.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path
from types import SimpleNamespace

import pytest

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")  # before gradio builds anything

from qa.web.library import Library  # noqa: E402
from qa.web.uploads import safe_name  # noqa: E402
from qa.store.index import load_index
from qa.errors import QAError  # noqa: E402

from .conftest import ROOT, SEEDS, fold, read_jsonl  # noqa: E402
from .files import make_pdf  # noqa: E402

from .webapp import (  # noqa: E402,F401  (fixtures)
    CHROMIUM, NPF_TITLE, PS_TITLE, app, ask, browser, cards, clipboard, expect, free_port, last_turn, open_page, page,
    store_root)

T = 30_000  # ms: every expect's timeout, for a loaded 2-core machine
QUESTIONS = ROOT.parent / "shared" / "eval" / "seeds_questions.jsonl"
XSS = "window.__xss"
XSS_DOC = ("# Harbour <img src=x onerror=\"window.__xss_title=1\"> notes\n\n"
           "Organization: Tidewater Pilots <script>window.__xss_org=1</script>\n\n"
           "The harbour pilots logged 412 tugboat escorts <script>window.__xss_script=1</script> in 2021, "
           "and the <img src=x onerror=\"window.__xss_img=1\"> fog horn was tested "
           "[weekly](javascript:window.__xss_md=1) by the tugboat crews.\n")
FLAGS = "Object.keys(window).filter(k => k.startsWith('__xss'))"


# ---------------------------------------------------------------- library logic (no browser)

@pytest.fixture
def small_lib(tmp_path, hash_embedder):
    """A Library over a copy of the seeds with the fast fake embedder."""
    shutil.copytree(SEEDS, tmp_path / "seeds")
    lib = Library(tmp_path / "index", [tmp_path / "seeds"], tmp_path / "library", embedder=hash_embedder)
    lib.ensure()
    return lib


def test_start_up_builds_a_missing_index_then_updates_a_stale_one(tmp_path, hash_embedder):
    shutil.copytree(SEEDS, tmp_path / "seeds")
    said, steps = [], []
    lib = Library(tmp_path / "index", [tmp_path / "seeds"], tmp_path / "library", embedder=hash_embedder)
    lib.ensure(lambda d, t, m: steps.append(m), said.append)
    assert "is missing; building it" in said[0] and "indexed 2 documents" in said[1] and steps
    Library(tmp_path / "index", [tmp_path / "seeds"], tmp_path / "library", embedder=hash_embedder).ensure(say=said.append)
    assert "up to date" in said[-1]
    (tmp_path / "library" / "new.md").write_text("# New\n\nA new memo about harbour pilots.\n")
    lib = Library(tmp_path / "index", [tmp_path / "seeds"], tmp_path / "library", embedder=hash_embedder)
    lib.ensure(say=said.append)
    assert "out of date (1 document added, changed or removed)" in said[-2] and "new.md" in lib.index.documents


def test_upload_names_are_sanitized_and_never_overwrite(small_lib, tmp_path):
    assert safe_name("../../evil.txt") == "evil.txt" and safe_name("..\\..\\x.MD") == "x.md"
    assert safe_name(".bashrc.txt") == "bashrc.txt" and safe_name("a b/c d?.pdf") == "c_d.pdf"
    seed = sorted(small_lib.index.documents)[0]
    clash = tmp_path / "up" / seed
    clash.parent.mkdir()
    clash.write_text("# Other\n\nA different document that has a seed's file name.\n")
    msgs, added = small_lib.add_files([clash])
    renamed = seed.replace(".txt", "-2.txt")
    assert added == [renamed] and any(k == "warn" and f"stored as {renamed}" in m for k, m in msgs)
    assert (small_lib.upload_dir / renamed).is_file() and not (small_lib.upload_dir / seed).exists()
    msgs, added = small_lib.add_files([clash])  # the same bytes again
    assert added == [] and "already in the library" in msgs[0][1]
    assert small_lib.remove(renamed) == f"removed {renamed}" and renamed not in small_lib.index.documents
    with pytest.raises(QAError, match="not an uploaded document"):
        small_lib.remove(seed)
    with pytest.raises(QAError, match="not an uploaded document"):
        small_lib.remove("../index/manifest.json")


def test_bad_uploads_are_reported_and_the_index_stays(small_lib, tmp_path):
    before = (load_index(small_lib.index_dir).path / "manifest.json").read_bytes()  # the published generation's
    bad = tmp_path / "up"
    bad.mkdir()
    (bad / "broken.pdf").write_bytes(b"%PDF-1.4 this is not really a pdf")
    (bad / "tool.exe").write_bytes(b"MZ\x00\x00")
    (bad / "empty.txt").write_text("   ")
    (bad / "big.txt").write_bytes(b"x" * (26 * 2**20))
    msgs, added = small_lib.add_files(sorted(bad.iterdir()))
    text = " | ".join(m for _, m in msgs)
    assert added == [] and all(k == "error" for k, _ in msgs), msgs
    assert "broken.pdf was not added: cannot read it as PDF" in text and ".exe files are not supported" in text
    assert "empty.txt was not added: the file is empty" in text and "over the 25 MB upload limit" in text
    assert str(tmp_path) not in text  # no server paths in messages
    assert (load_index(small_lib.index_dir).path / "manifest.json").read_bytes() == before
    assert not any(small_lib.upload_dir.iterdir())


def test_scope_and_empty_or_huge_questions(small_lib):
    from qa.web.turns import ask_turn

    docs = sorted(small_lib.index.documents)
    assert small_lib.scope([]) is None and small_lib.scope(docs[:1]) == docs[1:]
    with pytest.raises(QAError, match="no documents are selected"):
        small_lib.scope(docs)
    with pytest.raises(QAError, match="Type a question first") as empty:
        ask_turn(small_lib, "   ", [])
    assert "qa ask" not in str(empty.value) and '"' not in str(empty.value)  # no command-line syntax in the app
    with pytest.raises(QAError, match="the limit is 2,000"):
        ask_turn(small_lib, "why " * 700, [])


def test_command_line_options():
    from qa.web.serve import add_options, parse_auth
    from qa.cli import build_parser

    args = build_parser().parse_args(["--index", "ix", "serve", "--port", "9000", "--auth", "ana:pw", "--host", "0.0.0.0"])
    assert (args.index, args.port, args.host, args.share, args.library) == ("ix", 9000, "0.0.0.0", False, "library")
    assert parse_auth(args.auth) == ("ana", "pw")
    with pytest.raises(QAError):
        parse_auth("nopassword")
    import argparse

    p = argparse.ArgumentParser()
    add_options(p)
    assert p.parse_args([]).port is None  # Gradio then reads GRADIO_SERVER_PORT, else 7860


# ---------------------------------------------------------------- the running app

def test_eval_questions_show_the_expected_passage_and_citation(page):
    """Every seeds question in one conversation; the time from pressing Ask
    to the answer shown is measured in the browser."""
    questions = read_jsonl(QUESTIONS) if QUESTIONS.exists() else pytest.skip(f"{QUESTIONS} is absent")
    page.evaluate("document.addEventListener('click', e => { if (e.target.closest('#ask-btn')) window.__t0 = performance.now(); }, true)")
    times = []
    for i, q in enumerate(questions, 1):
        page.locator("#question textarea").fill(q["question"])
        page.locator("#ask-btn").click()
        done = page.wait_for_function("n => document.querySelectorAll('#transcript .qa-turn').length >= n && performance.now()", arg=i)
        times.append(done.json_value() - page.evaluate("window.__t0"))
        found = [c for c in cards(page) if c["doc"] == q["source"] and all(fold(a) in fold(c["text"]) for a in q["answer"])]
        assert found, (q["id"], [c["text"][:60] for c in cards(page)])
        title = PS_TITLE if q["source"].startswith("000") else NPF_TITLE
        assert title in found[0]["cite"] and "[" in found[0]["cite"], found[0]["cite"]
        assert "Found in" in last_turn(page).locator(".qa-status").inner_text()
        assert cards(page)[0]["marks"], q["id"]  # the answer sentence is highlighted
    print(f"\n[measure] press Ask -> answer shown, {len(times)} questions: median {statistics.median(times):.0f} ms, "
          f"min {min(times):.0f} ms, max {max(times):.0f} ms")


def test_unanswered_question_says_so_and_follow_up_works(page):
    ask(page, "Who is the mayor of Vancouver?")
    assert "do not answer this question" in last_turn(page).locator(".qa-status").inner_text()
    expect(last_turn(page).locator(".qa-card.closest").first).to_be_visible(timeout=T)
    assert last_turn(page).locator("mark").count() == 0  # nothing presented as an answer
    ask(page, "How much illicit drugs did the CBSA seize in 2023?")
    ask(page, "And in 2024?")
    expect(last_turn(page).locator(".qa-reading")).to_contain_text(
        "Read as: “How much illicit drugs did the CBSA seize in 2023? And in 2024?”", timeout=T)
    assert any("165,000 pounds" in c["text"] for c in cards(page))
    expect(page.locator("#transcript .qa-turn")).to_have_count(3, timeout=T)
    last_turn(page).get_by_role("button", name="Ask “And in 2024?” on its own").click()  # one click, no merging
    expect(page.locator("#transcript .qa-turn")).to_have_count(4, timeout=T)
    expect(last_turn(page).locator(".qa-q")).to_have_text("And in 2024?", timeout=T)
    expect(last_turn(page).locator(".qa-reading")).to_have_count(0, timeout=T)


def test_copy_quote_answer_and_download_with_citations(page, app):
    from qa.answer.answers import answer
    from qa.answer.citations import md_escape, quote_text

    q = "What is migrant smuggling also called?"
    expected = answer(app.lib.index, app.embedder, q).passages[0]
    ask(page, q)
    card = last_turn(page).locator(".qa-card").first
    card.locator("button.qa-copy").click()
    expect(card.locator("button.qa-copy")).to_have_attribute("data-copied", "clipboard", timeout=T)
    assert clipboard(page) == expected.citation and PS_TITLE in expected.citation and "Public Safety Canada" in expected.citation
    page.get_by_label("Markdown").check()
    expect(page.locator("#copy-format input[value=Markdown]")).to_be_checked(timeout=T)
    page.reload()  # the choice sticks
    expect(page.locator("#copy-format input[value=Markdown]")).to_be_checked(timeout=T)
    ask(page, q)
    card = last_turn(page).locator(".qa-card").first
    card.locator("button.qa-copy").click()
    expect(card.locator("button.qa-copy")).to_have_text("Copied (Markdown)", timeout=T)
    assert clipboard(page) == expected.citation_markdown and clipboard(page).startswith("> ")
    shown = cards(page)
    last_turn(page).locator("button.qa-copy-answer").click()
    copied = clipboard(page)  # the answer and the passage it rests on, not the whole list
    assert "[^1]: *Question Period Note" in copied and md_escape(quote_text(expected.text)) in copied
    assert not any(md_escape(quote_text(c["text"]))[:80] in copied for c in shown[1:]), copied
    ask(page, "Who hosted the January 2025 discussions with U.S. police unions?")
    with page.expect_download() as dl:
        page.locator("#download-md").click()
    body = Path(dl.value.path()).read_text(encoding="utf-8")
    assert dl.value.suggested_filename == "conversation.md" and q in body and "## 2. Who hosted" in body
    assert "human smuggling" in body and "[^1]: *Question Period Note" in body and "May 30, 2025" in body
    assert "Answer sentence" not in body and body.count("\n> ") == 2  # one supporting passage per answer


def test_show_in_document_highlights_and_scrolls(page):
    ask(page, "How many organized crime incidents were there in 2023?")
    card = last_turn(page).locator(".qa-card").first
    passage = card.locator(".qa-text").inner_text()
    card.locator("button.qa-show").click()
    mark = page.locator("#side-panel mark.qa-passage")
    expect(mark).to_have_text(passage, timeout=T)
    expect(mark).to_be_in_viewport(timeout=T)
    expect(page.locator("#side-panel .qa-doc-head")).to_have_text(NPF_TITLE, timeout=T)
    expect(page.locator("#side-panel mark.qa-passage mark.qa-hl").first).to_contain_text("13,056", timeout=T)
    doc_text = page.locator("#side-panel pre.qa-doc").inner_text()
    assert len(doc_text) > len(passage) * 3 and doc_text.index(passage) > 0  # context around the quote


def test_check_claims_show_verdicts_quotes_and_differences(page):
    page.get_by_role("tab", name="Check").click()
    page.locator("#claim textarea").fill(
        "The Swanton Sector accounted for 69% of encounters in 2022. "
        "The RCMP is responsible for border security between official ports of entry. "
        "The RCMP operates a fleet of armed patrol boats on the Great Lakes.")
    page.locator("#check-btn").click()
    claims = page.locator("#check-results .qa-claim")
    expect(claims).to_have_count(3, timeout=T)
    expect(claims.nth(0).locator(".qa-badge")).to_have_text("Contradicted", timeout=T)
    expect(claims.nth(0).locator(".qa-diff").first).to_contain_text("69%", timeout=T)
    assert "48%" in claims.nth(0).locator(".qa-card").first.inner_text()
    expect(claims.nth(1).locator(".qa-badge")).to_have_text("Supported", timeout=T)
    expect(claims.nth(2).locator(".qa-badge")).to_have_text("Not found", timeout=T)
    claims.nth(1).locator("button.qa-copy").first.click()
    assert "responsible for border security between official ports of entry" in clipboard(page)
    assert PS_TITLE in clipboard(page)
    claims.nth(0).locator("button.qa-show").first.click()
    expect(page.locator("#side-panel mark.qa-passage")).to_contain_text("48%", timeout=T)
    expect(page.locator("#side-panel mark.qa-passage")).to_be_in_viewport(timeout=T)


def test_upload_a_document_then_find_it_and_remove_it(page, app, tmp_path):
    pdf = make_pdf(tmp_path / "Lighthouse memo.pdf", [
        ["Lighthouse Maintenance Memo", "Organization: Coastal Beacon Office", "Date: March 3, 2024"],
        ["The Coastal Beacon Office automated 37 lighthouses in 2023.", "Each station keeps a backup generator."]])
    try:
        page.get_by_role("tab", name="Documents").click()
        page.locator("#upload input[type=file]").set_input_files(str(pdf))
        expect(page.locator("#upload-status")).to_contain_text("Added Lighthouse_memo.pdf", timeout=60_000)
        expect(page.locator("#upload-status")).to_contain_text("searchable now", timeout=T)
        expect(page.locator("#docs-table")).to_contain_text("Lighthouse Maintenance Memo", timeout=T)
        expect(page.locator("#docs-table tr", has_text="Lighthouse_memo.pdf")).to_contain_text("uploaded", timeout=T)
        page.get_by_role("tab", name="Ask").click()
        ask(page, "How many lighthouses did the Coastal Beacon Office automate?")
        top = cards(page)[0]
        assert top["doc"] == "Lighthouse_memo.pdf" and "37 lighthouses" in top["text"]
        assert "Lighthouse Maintenance Memo" in top["cite"] and "p. 2" in top["cite"]
        last_turn(page).locator("button.qa-show").first.click()  # a PDF: the page as printed, beside the text
        image = page.locator("#side-panel img.qa-page-img")
        expect(image).to_be_visible(timeout=T)
        expect(page.locator("#side-panel .qa-page summary")).to_have_text("Page 2 as printed", timeout=T)
        assert image.evaluate("i => i.complete && i.naturalWidth > 100 && i.src.startsWith('data:image/png')")
        expect(page.locator("#side-panel mark.qa-passage")).to_contain_text("37 lighthouses", timeout=T)
        page.keyboard.press("Escape")
        page.get_by_role("tab", name="Documents").click()
        page.locator("#remove-doc input").click()
        page.get_by_role("option").filter(has_text="(Lighthouse_memo.pdf)").click()
        page.locator("#remove-btn").click()
        expect(page.locator("#remove-confirm")).to_contain_text("Remove Lighthouse_memo.pdf from the library?", timeout=T)
        page.locator("#remove-no").click()  # cancel: nothing happens
        expect(page.locator("#remove-confirm")).to_be_hidden(timeout=T)
        assert "Lighthouse_memo.pdf" in app.lib.index.documents
        page.locator("#remove-btn").click()
        page.locator("#remove-yes").click()
        expect(page.locator("#upload-status")).to_contain_text("Removed Lighthouse_memo.pdf", timeout=T)
        expect(page.locator("#docs-table")).not_to_contain_text("Lighthouse", timeout=T)
        assert "Lighthouse_memo.pdf" not in app.lib.index.documents
    finally:
        if "Lighthouse_memo.pdf" in app.lib.index.documents:
            app.lib.remove("Lighthouse_memo.pdf")


HOUSING_DOC = "Affordable housing\n\nThe Lakeshore programme financed 12,500 homes in Montréal in 2024.\n"


def test_collections_side_by_side_ask_upload_and_remove_in_each(small_lib, tmp_path):
    """A second collection of the same store: asked, uploaded to and removed
    from on its own; a document name it shares with the served one never mixes."""
    from qa.collection import Collection
    from qa.web.turns import ask_turn, check_text

    name = sorted(small_lib.index.documents)[0]            # the same name as a served document
    (tmp_path / "h").mkdir()
    (tmp_path / "h" / name).write_text(HOUSING_DOC, encoding="utf-8")
    Collection.build([tmp_path / "h"], store=small_lib.index_dir, name="housing", encoder=small_lib.embedder)
    assert small_lib.names() == ["default", "housing"]
    served = small_lib.index.documents[name].text
    turns = ask_turn(small_lib, "How many homes did the Lakeshore programme finance?", [], collection="housing")
    top = turns[-1]["answer"]["passages"][0]
    assert (top["doc"], top["collection"], turns[-1]["collection"]) == (name, "housing", "housing")
    assert "12,500 homes" in top["text"] and top["text"] not in served
    (tmp_path / "rent.txt").write_text("Rents\n\nRents in Montréal rose 7 percent in 2024.\n", encoding="utf-8")
    msgs, added = small_lib.add_files([tmp_path / "rent.txt"], collection="housing")
    assert added == ["rent.txt"] and msgs[-1][0] == "ok"
    assert small_lib.uploaded("housing") == {"rent.txt"} and "rent.txt" not in small_lib.index.documents
    assert not (small_lib.upload_dir / "rent.txt").exists()  # kept apart from the served collection's uploads
    # a follow-up asked of another collection is read on its own, not with the question before
    turns = ask_turn(small_lib, "And in 2024?", turns)
    assert turns[-1]["collection"] == "default" and turns[-1]["reading"] is None
    assert all(p["collection"] == "default" for p in turns[-1]["answer"]["passages"])
    found = check_text(small_lib, "The Lakeshore programme financed 12,500 homes.", collection="housing")
    assert found[0]["verdict"] == "supported"
    assert {e["collection"] for e in found[0]["evidence"]} == {"housing"}
    assert small_lib.remove("rent.txt", collection="housing") == "removed rent.txt"
    assert sorted(small_lib.index_of("housing").documents) == [name]
    with pytest.raises(QAError, match="no collection 'nowhere'.*default, housing"):
        small_lib.get("nowhere")
    from qa.store.local import LocalStore
    LocalStore(small_lib.index_dir).drop("housing")  # dropped elsewhere: picking it again says so
    with pytest.raises(QAError, match="no collection 'housing'"):
        small_lib.get("housing", fresh=True)


def test_collection_picker_asks_shows_and_uploads_within_the_chosen_one(page, app, tmp_path):
    """Pick a collection: the Documents tab lists its documents, answers and
    their sources come from it (a document of the same name in the served
    collection is never shown), uploads go to it, and going back asks the
    served collection again."""
    from qa.collection import Collection

    name = sorted(app.lib.index.documents)[0]
    (tmp_path / "h").mkdir()
    (tmp_path / "h" / name).write_text(HOUSING_DOC, encoding="utf-8")
    Collection.build([tmp_path / "h"], store=app.lib.index_dir, name="housing", encoder=app.embedder)
    memo = tmp_path / "rent memo.md"
    memo.write_text("# Rent memo\n\nRents in the Plateau district rose 7 percent in 2024.\n", encoding="utf-8")
    try:
        page.reload()  # the picker lists the collections of the store when the page loads
        page.locator("#collection input").click()
        page.get_by_role("option", name="housing").click()
        page.get_by_role("tab", name="Documents").click()
        expect(page.locator("#docs-summary")).to_contain_text("Collection housing: 1 documents", timeout=T)
        expect(page.locator("#docs-table")).to_contain_text("Affordable housing", timeout=T)
        page.locator("#upload input[type=file]").set_input_files(str(memo))
        expect(page.locator("#upload-status")).to_contain_text("Added rent_memo.md", timeout=60_000)
        expect(page.locator("#docs-table")).to_contain_text("Rent memo", timeout=T)
        expect(page.locator("#docs-table tr", has_text="rent_memo.md")).to_contain_text("uploaded", timeout=T)
        expect(page.locator("#docs-table tr", has_text="Affordable housing")).to_contain_text("indexed", timeout=T)
        assert "rent_memo.md" in app.lib.index_of("housing").documents and "rent_memo.md" not in app.lib.index.documents
        page.get_by_role("tab", name="Ask").click()
        ask(page, "How many homes did the Lakeshore programme finance?")
        top = cards(page)[0]
        assert top["doc"] == name and "12,500 homes" in top["text"]
        last_turn(page).locator("button.qa-show").first.click()
        expect(page.locator("#side-panel mark.qa-passage")).to_contain_text("12,500 homes", timeout=T)
        assert "Lakeshore" in page.locator("#side-panel .qa-source-body").inner_text()
        page.keyboard.press("Escape")
        ask(page, "How much did rents rise in the Plateau district?")
        assert cards(page)[0]["doc"] == "rent_memo.md"
        # chosen by keyboard: after two answers the page has scrolled, and the open list can sit outside the
        # viewport while it settles (a click then waits on it; CI saw that time out on a loaded machine)
        picker = page.locator("#collection input")
        picker.scroll_into_view_if_needed()
        picker.click()
        picker.fill("default")
        expect(page.get_by_role("option", name="default")).to_be_attached(timeout=T)
        picker.press("Enter")
        expect(page.locator("#transcript .qa-turn")).to_have_count(0, timeout=T)  # a new conversation
        ask(page, "How many homes did the Lakeshore programme finance?")
        assert not any("Lakeshore" in c["text"] for c in cards(page))
        last_turn(page).locator("button.qa-show").first.click()
        expect(page.locator("#side-panel mark.qa-passage")).to_be_visible(timeout=T)
        assert "Lakeshore" not in page.locator("#side-panel .qa-source-body").inner_text()
    finally:
        app.lib.others.clear()
        from qa.store.local import LocalStore
        LocalStore(app.lib.index_dir).drop("housing")


def test_document_with_script_and_img_payloads_is_shown_as_text(page, app, tmp_path):
    (tmp_path / "harbour.md").write_text(XSS_DOC, encoding="utf-8")
    try:
        page.get_by_role("tab", name="Documents").click()
        page.locator("#upload input[type=file]").set_input_files(str(tmp_path / "harbour.md"))
        expect(page.locator("#upload-status")).to_contain_text("Added harbour.md", timeout=60_000)
        expect(page.locator("#docs-table")).to_contain_text('<img src=x onerror="window.__xss_title=1">', timeout=T)
        page.get_by_role("tab", name="Ask").click()
        ask(page, "How many tugboat escorts did the harbour pilots log?")
        top = last_turn(page).locator(".qa-card").first
        expect(top.locator(".qa-text")).to_contain_text("<script>window.__xss_script=1</script> in 2021", timeout=T)
        expect(top.locator(".qa-text")).to_contain_text('the <img src=x onerror="window.__xss_img=1"> fog horn', timeout=T)
        expect(top.locator(".qa-text")).to_contain_text("[weekly](javascript:window.__xss_md=1)", timeout=T)
        top.locator("button.qa-copy").click()
        assert "<script>window.__xss_script=1</script>" in clipboard(page)
        top.locator("button.qa-show").click()
        expect(page.locator("#side-panel pre.qa-doc")).to_contain_text("<script>window.__xss_org=1</script>", timeout=T)
        top.locator("button.qa-add-note").click()  # the notes are drawn from the browser's storage: as text too
        page.keyboard.press("Escape")
        expect(page.locator("#side-panel .qa-note-quote")).to_contain_text("<script>window.__xss_script=1</script>", timeout=T)
        for a in page.locator("#transcript a, #side-panel a").all():
            a.click(no_wait_after=True)
        assert page.locator("#transcript img, #transcript script, #side-panel img, #docs-table img").count() == 0
        # no <img> exists (above), so no onerror can come later; a frame lets any other handler run: none may
        page.evaluate("() => new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)))")
        assert page.evaluate(FLAGS) == []
    finally:
        if "harbour.md" in app.lib.index.documents:
            app.lib.remove("harbour.md")


def test_bad_questions_get_a_clear_message(page):
    page.locator("#ask-btn").click()
    expect(page.locator("#ask-notice")).to_have_text(
        "Type a question first, for example: Who hosted the January 2025 discussions with U.S. police unions?", timeout=T)
    page.locator("#question textarea").fill("Why? " * 500)
    page.locator("#ask-btn").click()
    expect(page.locator("#ask-notice")).to_contain_text("2,500 characters long; the limit is 2,000", timeout=T)
    expect(page.locator("#transcript .qa-turn")).to_have_count(0, timeout=T)
    page.get_by_role("tab", name="Check").click()
    page.locator("#check-btn").click()
    expect(page.locator("#check-notice")).to_contain_text("Paste a claim", timeout=T)


def test_question_while_an_upload_is_indexing(page, app, tmp_path, monkeypatch):
    """The build is held until the question is answered: the page shows the
    indexing progress, and the answer says it searched the documents indexed before."""
    lib, release = app.lib, threading.Event()
    real = lib.rebuild

    def held(progress=None):
        progress and progress(0, 1, "test: indexing held")
        release.wait(60)
        return real(progress)

    monkeypatch.setattr(lib, "rebuild", held)
    (tmp_path / "ferry.txt").write_text("Ferry schedule notice\n\nThe night ferry to Grand Manan sails at 21:40 on Fridays.\n")
    try:
        page.get_by_role("tab", name="Documents").click()
        page.locator("#upload input[type=file]").set_input_files(str(tmp_path / "ferry.txt"))
        # one progress line: the file, the step, the count
        expect(page.locator("#upload-status")).to_contain_text("Adding ferry.txt: test: indexing held", timeout=T)
        expect(page.locator("#upload-status")).to_contain_text("0/1", timeout=T)
        expect(page.locator("[data-testid=status-tracker]:not(.hide)")).to_have_count(1, timeout=T)
        page.get_by_role("tab", name="Ask").click()
        ask(page, "Who hosted the January 2025 discussions with U.S. police unions?")
        expect(last_turn(page).locator(".qa-note")).to_contain_text("being updated (indexing ferry.txt)", timeout=T)
        assert "National Police Federation" in cards(page)[0]["text"]
        release.set()
        page.get_by_role("tab", name="Documents").click()
        expect(page.locator("#upload-status")).to_contain_text("Added ferry.txt", timeout=T)
        page.get_by_role("tab", name="Ask").click()
        ask(page, "When does the night ferry to Grand Manan sail?")
        assert cards(page)[0]["doc"] == "ferry.txt" and not last_turn(page).locator(".qa-note").count()
    finally:
        release.set()
        monkeypatch.undo()
        if "ferry.txt" in lib.index.documents:
            lib.remove("ferry.txt")


def test_search_only_chosen_documents(page, app):
    page.get_by_role("tab", name="Documents").click()
    page.locator("#scope label", has_text=NPF_TITLE).click()  # leave the NPF paper out
    page.get_by_role("tab", name="Ask").click()
    expect(page.locator("#ask-scope")).to_contain_text("Searching 1 of 2 documents", timeout=T)
    ask(page, "How many firearms did the CBSA seize between 2019 and 2023?")
    assert {c["doc"] for c in cards(page)} == {"000_a58a9600d03a047c.txt"}


def test_login_required_when_auth_is_set(browser, app):
    from gradio_client import Client

    from qa.web.app import build_app, launch_options

    demo = build_app(app.base / "index", [SEEDS], app.base / "library", embedder=app.embedder)
    port = free_port()
    demo.launch(server_name="127.0.0.1", server_port=port, prevent_thread_lock=True, quiet=True,
                auth=("analyst", "s3cret"), **launch_options())
    url = f"http://127.0.0.1:{port}/"
    try:
        with pytest.raises(Exception):
            Client(url, verbose=False)
        assert Client(url, auth=("analyst", "s3cret"), verbose=False).predict("Who hosted the January 2025 discussions?", api_name="/ask")["answered"]
        page = browser.new_page()
        page.goto(url)
        expect(page.get_by_role("button", name="Login")).to_be_visible(timeout=T)
        page.close()
    finally:
        demo.close()


# ---------------------------------------------------------------- python app.py + gradio_client

@pytest.fixture(scope="module")
def served(tmp_path_factory, seeds_index):
    """`python app.py` in a subprocess, index present, port from GRADIO_SERVER_PORT."""
    base = tmp_path_factory.mktemp("served")
    shutil.copytree(store_root(seeds_index), base / "index")
    port = free_port()
    env = dict(os.environ, GRADIO_SERVER_PORT=str(port), GRADIO_ANALYTICS_ENABLED="False")
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "app.py", "--index", str(base / "index"), "--library", str(base / "library")],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    url = f"http://127.0.0.1:{port}/"
    while True:
        if proc.poll() is not None:
            pytest.fail(f"app.py exited: {proc.stdout.read()}")
        try:
            urllib.request.urlopen(url, timeout=1).close()
            break
        except OSError:
            if time.perf_counter() - t0 > 180:
                proc.kill()
                pytest.fail("app.py did not answer within 180 s")
            time.sleep(0.1)
    yield SimpleNamespace(url=url, started=t0, http_ready=time.perf_counter() - t0, proc=proc)
    proc.terminate()
    out, _ = proc.communicate(timeout=30)
    assert "Traceback" not in out, out


def same_json(got, want, path="$") -> None:
    """Equal JSON, floats within 0.01 (batched encoding moves the last digits)."""
    if isinstance(want, float) or isinstance(got, float):
        assert abs(got - want) <= 0.01, (path, got, want)
    elif isinstance(want, dict):
        assert isinstance(got, dict) and got.keys() == want.keys(), (path, set(got) ^ set(want))
        for key in want:
            same_json(got[key], want[key], f"{path}.{key}")
    elif isinstance(want, list):
        assert isinstance(got, list) and len(got) == len(want), (path, got, want)
        for i, (g, w) in enumerate(zip(got, want)):
            same_json(g, w, f"{path}[{i}]")
    else:
        assert got == want, (path, got, want)


def test_api_ask_and_check_through_gradio_client(served, seeds_index, embedder):
    from gradio_client import Client

    from qa.answer.answers import answer
    from qa.check.claims import check_claim

    client = Client(served.url, verbose=False)
    assert {"/ask", "/check", "/check_draft"} <= set(client.view_api(print_info=False, return_format="dict")["named_endpoints"])
    q = "How many firearms did the CBSA seize between 2019 and 2023?"
    got = client.predict(question=q, k=3, api_name="/ask")
    same_json(got, json.loads(json.dumps(answer(seeds_index, embedder, q, k=3).to_dict())))  # == qa ask --json
    assert client.predict(q, 2, ["000_a58a9600d03a047c.txt"], api_name="/ask")["passages"][0]["doc"] == "000_a58a9600d03a047c.txt"
    claim = "The Swanton Sector accounted for 69% of encounters in 2022."
    verdict = client.predict(claim=claim, api_name="/check")
    same_json(verdict, json.loads(json.dumps(check_claim(seeds_index, embedder, claim).to_dict())))
    assert verdict["verdict"] == "contradicted"
    draft = client.predict(text=f"{claim} The RCMP operates a fleet of armed patrol boats on the Great Lakes.", api_name="/check_draft")
    assert [r["verdict"] for r in draft] == ["contradicted", "not_found"]
    with pytest.raises(Exception, match="the question is empty"):
        client.predict(question="  ", api_name="/ask")


def test_start_to_usable_page(served, browser):
    """Time from starting `python app.py` (index present) to a page where a
    question can be asked: until the server answers, plus loading the page."""
    page = browser.new_page()
    try:
        t0 = time.perf_counter()
        page.goto(served.url)
        expect(page.locator("#question textarea")).to_be_editable(timeout=30_000)
        load = time.perf_counter() - t0
        page.locator("#question textarea").fill("Who hosted the January 2025 discussions with U.S. police unions?")
        t1 = time.perf_counter()
        page.locator("#ask-btn").click()
        expect(page.locator("#transcript .qa-card").first).to_contain_text("National Police Federation", timeout=T)
        print(f"\n[measure] python app.py -> HTTP 200: {served.http_ready:.1f} s; page load: {load:.1f} s; "
              f"start -> usable page: {served.http_ready + load:.1f} s; first answer: {time.perf_counter() - t1:.2f} s")
    finally:
        page.close()
