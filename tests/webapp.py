"""The running app for browser tests: one app server and one browser per test
module (the model loads once per process), Debian's chromium through Playwright (no
browser download), a fresh context per test (its own clipboard permission
and localStorage), and small helpers to ask and read answers."""

from __future__ import annotations

import os
import shutil
import socket
from pathlib import Path
from types import SimpleNamespace

import pytest

from .conftest import SEEDS

try:
    from playwright.sync_api import expect, sync_playwright
except ImportError:  # CI installs it; locally the browser tests skip
    expect = sync_playwright = None

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")  # before gradio builds anything
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
DESKTOP, PHONE = {"width": 1400, "height": 1000}, {"width": 390, "height": 844}
T = 30_000  # ms: every expect's timeout, for a loaded 2-core machine
NPF_TITLE = "Recommendations for Improved Canada/U.S. Border Security"
PS_TITLE = "Question Period Note: Border Security Initiatives – Migrant Smuggling"


def store_root(index) -> Path:
    """The store folder an index was loaded from (a generation's folder sits
    two levels down: <store>/<collection>/g-...), to copy as a whole."""
    path = Path(index.path)
    return path.parent.parent if path.name.startswith("g-") else path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def app(tmp_path_factory, seeds_index, embedder):
    from qa.web.app import build_app, launch_options

    base = tmp_path_factory.mktemp("app")
    shutil.copytree(store_root(seeds_index), base / "index")
    demo = build_app(base / "index", [SEEDS], base / "library", embedder=embedder)
    port = free_port()
    demo.launch(server_name="127.0.0.1", server_port=port, prevent_thread_lock=True, quiet=True, **launch_options())
    yield SimpleNamespace(url=f"http://127.0.0.1:{port}/", lib=demo.qa_library, base=base, embedder=embedder)
    demo.close()


@pytest.fixture(scope="module")
def browser():
    if sync_playwright is None:
        pytest.skip("browser tests need playwright: pip install playwright (no browser download: Debian's chromium is used)")
    if not Path(CHROMIUM).exists():
        pytest.skip(f"browser tests need {CHROMIUM}: apt-get install chromium")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


def open_page(browser, url, viewport=None):
    ctx = browser.new_context(viewport=viewport or DESKTOP, accept_downloads=True)
    ctx.grant_permissions(["clipboard-read", "clipboard-write"], origin=url.rstrip("/"))
    ctx.set_default_timeout(30_000)
    page = ctx.new_page()
    page.goto(url)
    expect(page.locator("#question textarea")).to_be_editable(timeout=T)
    return page


@pytest.fixture
def page(browser, app):
    page = open_page(browser, app.url)
    yield page
    assert "Traceback" not in page.content()
    page.context.close()


def ask(page, question: str) -> None:
    n = page.locator("#transcript .qa-turn").count()
    page.locator("#question textarea").fill(question)
    page.locator("#ask-btn").click()
    expect(page.locator("#transcript .qa-turn")).to_have_count(n + 1, timeout=T)


def last_turn(page):
    return page.locator("#transcript .qa-turn").last


def cards(page) -> list[dict]:
    return last_turn(page).locator(".qa-card").evaluate_all(
        "cs => cs.map(c => ({doc: c.dataset.doc, cite: c.querySelector('.qa-cite').innerText,"
        " text: c.querySelector('.qa-text').innerText, marks: [...c.querySelectorAll('mark')].map(m => m.innerText)}))")


def clipboard(page) -> str:
    return page.evaluate("navigator.clipboard.readText()")


