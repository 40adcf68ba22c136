"""The page as a person uses it, in Debian's chromium: the source panel beside
the conversation, the notes (reload, reorder, annotate, export to Markdown and
Word), citation numbers, the keyboard, a 390-pixel phone, an accessibility
check with axe-core, and no request leaving the app's own origin."""

from __future__ import annotations

import io
import json
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from qa.answer.citations import md_escape, quote_text

from .conftest import ROOT
from .webapp import (  # noqa: F401  (fixtures)
    NPF_TITLE, PHONE, app, ask, browser, cards, expect, last_turn, open_page, page)

AXE = ROOT / ".cache" / "npm" / "node_modules" / "axe-core" / "axe.min.js"
T = 30_000  # ms: expect's timeout on a loaded 2-core machine
Q_CRIME = "How many organized crime incidents were there in 2023?"
CLAIM = "The RCMP is responsible for border security between official ports of entry."

# Every visible element that sticks out of the viewport sideways.
WIDE = """() => { const w = document.documentElement.clientWidth, bad = [];
  for (const e of document.querySelectorAll('body *')) {
    const r = e.getBoundingClientRect();
    if (!r.width || !r.height || getComputedStyle(e).visibility === 'hidden') continue;
    if (r.right > w + 1 || r.left < -1) bad.push(`${e.tagName}#${e.id}.${String(e.className).slice(0, 40)} ${Math.round(r.left)}..${Math.round(r.right)}`);
  }
  return {scroll: document.documentElement.scrollWidth, width: w, bad: bad.slice(0, 10)}; }"""


@pytest.fixture
def phone(browser, app):
    page = open_page(browser, app.url, PHONE)
    yield page
    page.context.close()


def notes(page) -> list[str]:
    return page.locator("#side-panel .qa-note-quote").all_inner_texts()


def check(page, text: str) -> None:
    page.get_by_role("tab", name="Check").click()
    page.locator("#claim textarea").fill(text)
    page.locator("#check-btn").click()
    expect(page.locator("#check-results .qa-claim").first).to_be_visible(timeout=T)
    settled(page)


def settled(page) -> None:
    """No event pending (Gradio dims an output while it is being computed),
    and no fade still running back to full opacity (colour contrast is only
    measurable once it has ended)."""
    expect(page.locator("[data-testid=status-tracker]:not(.hide)")).to_have_count(0, timeout=T)
    expect(page.locator(".pending")).to_have_count(0, timeout=T)
    page.wait_for_function("""() => !document.getAnimations().some(a => a.playState === 'running'
        && a.transitionProperty === 'opacity')""", timeout=T)


def test_source_opens_beside_the_conversation_which_stays_put(page):
    ask(page, "How much illicit drugs did the CBSA seize in 2023?")
    ask(page, Q_CRIME)
    button = page.locator("#transcript .qa-turn").first.locator("button.qa-show").nth(1)
    button.scroll_into_view_if_needed()
    y = page.evaluate("scrollY")
    assert y > 0
    button.click()
    mark = page.locator("#side-panel mark.qa-passage")
    expect(mark).to_be_in_viewport(timeout=T)   # the panel follows the reader down the page
    assert page.evaluate("scrollY") == y        # and the conversation did not move
    expect(button).to_be_in_viewport(timeout=T)
    page.keyboard.press("Escape")
    expect(page.locator("#side-panel .qa-source-view")).to_be_hidden(timeout=T)
    expect(page.locator("#side-panel .qa-notes-view")).to_be_visible(timeout=T)
    expect(button).to_be_focused(timeout=T)     # back where the reader was
    assert page.evaluate("scrollY") == y
    button.click()
    page.locator("#side-panel .qa-source-view button.qa-back").click()  # the close button does the same
    expect(page.locator("#side-panel .qa-source-view")).to_be_hidden(timeout=T)


def test_on_a_phone_the_source_is_a_full_screen_sheet_with_a_back_button(phone):
    ask(phone, Q_CRIME)
    expect(phone.locator("#qa-side")).to_be_hidden(timeout=T)
    button = last_turn(phone).locator("button.qa-show").nth(1)
    button.scroll_into_view_if_needed()
    y = phone.evaluate("scrollY")
    button.click()
    expect(phone.locator("#side-panel mark.qa-passage")).to_be_in_viewport(timeout=T)
    box = phone.locator("#qa-side").bounding_box()
    assert (box["x"], box["y"], box["width"], box["height"]) == (0, 0, PHONE["width"], PHONE["height"])
    phone.locator("#side-panel .qa-source-view button.qa-back").click()
    expect(phone.locator("#qa-side")).to_be_hidden(timeout=T)
    assert phone.evaluate("scrollY") == y
    phone.locator("button.qa-open-notes").click()  # the notes open the same way
    expect(phone.locator("#side-panel .qa-notes-view")).to_be_in_viewport(timeout=T)
    phone.keyboard.press("Escape")
    expect(phone.locator("#qa-side")).to_be_hidden(timeout=T)


def test_no_element_is_wider_than_a_phone_on_any_tab(phone):
    ask(phone, Q_CRIME)
    check(phone, CLAIM)
    phone.get_by_role("tab", name="Documents").click()
    expect(phone.locator("#docs-table td").first).to_be_visible(timeout=T)
    for tab in ("Ask", "Check", "Documents"):
        phone.get_by_role("tab", name=tab).click()
        found = phone.evaluate(WIDE)
        assert found["scroll"] <= found["width"] and not found["bad"], (tab, found)
    assert phone.locator("#docs-table thead").is_hidden()  # the table reads as a list of cards
    first = phone.locator("#docs-table td").first.bounding_box()
    second = phone.locator("#docs-table td").nth(1).bounding_box()
    assert second["y"] > first["y"]  # cells one under the other
    title = phone.locator("#qa-title h1").bounding_box()
    assert title["height"] < 80  # "Ask your documents" on one or two lines, not a word per line


def test_notes_survive_a_reload_and_export_to_markdown_and_word(page):
    from docx import Document

    from qa.web.notes import read_footnotes

    ask(page, Q_CRIME)
    first, second = cards(page)[:2]
    last_turn(page).locator(".qa-card").nth(0).locator("button.qa-add-note").click()
    last_turn(page).locator(".qa-card").nth(1).locator("button.qa-add-note").click()
    expect(last_turn(page).locator(".qa-card").nth(1).locator("button.qa-add-note")).to_have_text("Added to notes", timeout=T)
    check(page, CLAIM)
    evidence = page.locator("#check-results .qa-card").first
    evidence_text = evidence.locator(".qa-text").inner_text()
    evidence.locator("button.qa-add-note").click()
    expect(page.locator("#side-panel .qa-note-item")).to_have_count(3, timeout=T)
    page.locator("#side-panel .qa-note-item").nth(1).locator("textarea").fill("Check the 2024 figure")
    page.locator("#side-panel .qa-note-item").nth(2).get_by_role("button", name="Move quote 3 up").click()
    page.locator("#side-panel .qa-note-item").nth(0).get_by_role("button", name="Delete quote 1").click()
    expect(page.locator("#side-panel .qa-note-item")).to_have_count(2, timeout=T)
    page.reload()
    expect(page.locator("#side-panel .qa-note-item")).to_have_count(2, timeout=T)
    assert notes(page) == [evidence_text, second["text"]]
    expect(page.locator("#side-panel .qa-note-item").nth(1).locator("textarea")).to_have_value("Check the 2024 figure", timeout=T)
    cites = page.locator("#side-panel .qa-note-item .qa-cite").all_inner_texts()
    assert NPF_TITLE in cites[1] and "para." in cites[1]

    with page.expect_download(timeout=T) as dl:
        page.get_by_role("button", name="Export Markdown").click()
    md = Path(dl.value.path()).read_text(encoding="utf-8")
    assert dl.value.suggested_filename == "notes.md"
    assert md_escape(quote_text(evidence_text)) in md and md_escape(quote_text(second["text"])) in md
    assert f"[^2]: *{md_escape(NPF_TITLE)}*" in md and "Note: Check the 2024 figure" in md

    with page.expect_download(timeout=T) as dl:
        page.get_by_role("button", name="Export Word (.docx)").click()
    data = Path(dl.value.path()).read_bytes()
    assert dl.value.suggested_filename == "notes.docx"
    body = "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)
    assert quote_text(evidence_text) in body and quote_text(second["text"]) in body and "Check the 2024 figure" in body
    footnotes = read_footnotes(data)  # each quote's citation, as a Word footnote, in the notes' order
    assert len(footnotes) == 2 and footnotes[1] == cites[1] and footnotes[0] == cites[0]


def test_citation_numbers_are_the_conversations(page):
    ask(page, "How much illicit drugs did the CBSA seize in 2023?")
    before = {c.get_attribute("data-anchor"): c.get_attribute("data-n") for c in last_turn(page).locator(".qa-card").all()}
    ask(page, "How much illicit drugs did the CBSA seize in 2024?")
    after = {c.get_attribute("data-anchor"): c.get_attribute("data-n") for c in last_turn(page).locator(".qa-card").all()}
    shared = set(before) & set(after)
    assert shared and all(before[a] == after[a] for a in shared)  # a passage keeps its number
    new = [int(after[a]) for a in set(after) - shared]
    assert all(n > len(before) for n in new)  # new passages continue the count
    card = last_turn(page).locator(f'.qa-card[data-anchor="{next(iter(shared))}"]')
    expect(card.locator(".qa-num")).to_have_text(f"[{before[next(iter(shared))]}]", timeout=T)


def test_keyboard_enter_asks_shift_enter_ctrl_enter_escape_and_focus_shows(page):
    box = page.locator("#question textarea")
    box.click()
    page.keyboard.type("Who hosted the January 2025 discussions")
    page.keyboard.press("Shift+Enter")
    page.keyboard.type("with U.S. police unions?")
    expect(box).to_have_value("Who hosted the January 2025 discussions\nwith U.S. police unions?", timeout=T)
    assert page.locator("#transcript .qa-turn").count() == 0
    page.keyboard.press("Enter")
    expect(page.locator("#transcript .qa-turn")).to_have_count(1, timeout=T)
    expect(last_turn(page).locator(".qa-card").first).to_contain_text("National Police Federation", timeout=T)
    box.focus()
    page.keyboard.press("Tab")  # to the Ask button: its focus ring shows
    ring = page.evaluate("(() => { const s = getComputedStyle(document.activeElement); return [document.activeElement.id, s.outlineStyle, parseFloat(s.outlineWidth)]; })()")
    assert ring[0] == "ask-btn" and ring[1] != "none" and ring[2] >= 2, ring
    page.get_by_role("tab", name="Check").click()
    page.locator("#claim textarea").fill(CLAIM)
    page.locator("#claim textarea").press("Control+Enter")
    expect(page.locator("#check-results .qa-claim")).to_have_count(1, timeout=T)
    page.locator("#check-results button.qa-show").first.click()
    expect(page.locator("#side-panel .qa-source-view")).to_be_visible(timeout=T)
    page.keyboard.press("Escape")
    expect(page.locator("#side-panel .qa-source-view")).to_be_hidden(timeout=T)


def test_scope_is_kept_by_the_browser_with_all_and_none(page):
    page.get_by_role("tab", name="Documents").click()
    page.locator("#scope-none").click()
    expect(page.locator("#scope input:checked")).to_have_count(0, timeout=T)
    page.reload()
    page.get_by_role("tab", name="Documents").click()
    expect(page.locator("#scope input[type=checkbox]")).to_have_count(2, timeout=T)
    expect(page.locator("#scope input:checked")).to_have_count(0, timeout=T)
    expect(page.locator("#ask-scope")).to_contain_text("No documents are chosen", timeout=T)
    page.get_by_role("tab", name="Ask").click()
    page.locator("#question textarea").fill(Q_CRIME)
    page.locator("#ask-btn").click()
    expect(page.locator("#ask-notice")).to_contain_text("No documents are selected; choose some on the Documents tab.", timeout=T)
    page.get_by_role("tab", name="Documents").click()
    page.locator("#scope-all").click()
    expect(page.locator("#scope input:checked")).to_have_count(2, timeout=T)
    page.reload()
    expect(page.locator("#ask-scope")).to_contain_text("Searching all 2 documents", timeout=T)


def test_every_request_stays_on_the_apps_origin(browser, app):
    page = open_page(browser, app.url)  # the listener is on the context before the page loads
    seen = []
    page.context.on("request", lambda r: seen.append(r.url))
    page.context.on("requestfailed", lambda r: seen.append(r.url))
    try:
        page.reload()
        ask(page, Q_CRIME)
        last_turn(page).locator("button.qa-show").first.click()
        expect(page.locator("#side-panel mark.qa-passage")).to_be_visible(timeout=T)
        check(page, CLAIM)
        page.get_by_role("tab", name="Documents").click()
        expect(page.locator("#docs-table td").first).to_be_visible(timeout=T)
        origin = urlsplit(app.url)
        outside = [u for u in seen if urlsplit(u).scheme not in ("data", "blob") and urlsplit(u).netloc != origin.netloc]
        assert len(seen) > 5 and not outside, outside
        fonts = page.evaluate("[...document.fonts].map(f => f.family + ' ' + f.status)")
        assert not [f for f in fonts if f.endswith("loaded")], fonts  # no web font: the system's
    finally:
        page.context.close()


@pytest.mark.skipif(not AXE.exists(), reason=f"{AXE} is absent: bash scripts/setup.sh test installs axe-core")
def test_accessibility_with_axe_core(browser, app):
    """axe-core's WCAG 2.1 A/AA rules on each tab, on a desktop and a phone:
    no serious or critical violations."""
    found = {}

    def run(page, where):
        settled(page)
        page.add_script_tag(path=str(AXE))
        got = page.evaluate("""async () => (await axe.run(document, {runOnly: {type: 'tag',
            values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})).violations
            .map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))""")
        found[where] = got

    for size in (None, PHONE):
        page = open_page(browser, app.url, size)
        try:
            ask(page, Q_CRIME)
            last_turn(page).locator("button.qa-add-note").first.click()
            run(page, f"ask {size}")
            check(page, CLAIM)
            run(page, f"check {size}")
            page.get_by_role("tab", name="Documents").click()
            expect(page.locator("#docs-table td").first).to_be_visible(timeout=T)
            run(page, f"documents {size}")
        finally:
            page.context.close()
    print("\n[measure] axe-core violations by tab:", json.dumps({k: [(v["id"], v["impact"]) for v in vs] for k, vs in found.items()}))
    serious = {k: [v for v in vs if v["impact"] in ("serious", "critical")] for k, vs in found.items()}
    assert not any(serious.values()), serious


def test_answer_line_citation_shows_its_quote_on_hover_and_tap(page, monkeypatch):
    """The [n] of an answer line. Until every Answer carries its answer line
    (the `answer` field), the first highlighted sentence of the best passage
    stands in for it here, in the same shape; a real one is left as it is."""
    import qa.answer.answers as answers

    real = answers.answer

    class WithLine:
        def __init__(self, found):
            self.found, self.answered = found, found.answered

        def to_dict(self):
            d = self.found.to_dict()
            if d.get("answer") is None and d["answered"]:
                p = d["passages"][0]
                s, e = p["highlights"][0]
                d["answer"] = {"text": p["text"][s - p["start"]:e - p["start"]], "doc": p["doc"], "start": s, "end": e, "passage": 1}
            return d

    monkeypatch.setattr(answers, "answer", lambda *a, **k: WithLine(real(*a, **k)))
    ask(page, Q_CRIME)
    line = last_turn(page).locator(".qa-answer")
    expect(line.locator(".qa-answer-text")).to_contain_text("13,056", timeout=T)
    ref, pop = line.locator("button.qa-ref"), line.locator(".qa-pop")
    expect(ref).to_have_text("[1]", timeout=T)
    expect(pop).to_be_hidden(timeout=T)
    ref.hover()
    expect(pop).to_be_visible(timeout=T)
    expect(pop).to_contain_text(NPF_TITLE, timeout=T)
    expect(pop).to_contain_text("Firearms smuggling remains a critical issue", timeout=T)
    page.mouse.move(0, 0)
    expect(pop).to_be_hidden(timeout=T)
    ref.click()  # what a tap on a touch screen sends
    expect(pop).to_be_visible(timeout=T)
    page.keyboard.press("Escape")
    expect(pop).to_be_hidden(timeout=T)
    line.get_by_role("button", name="Add to notes").click()
    expect(page.locator("#side-panel .qa-note-quote").first).to_contain_text("13,056", timeout=T)
    expect(page.locator("#side-panel .qa-note-item .qa-cite").first).to_contain_text(NPF_TITLE, timeout=T)
