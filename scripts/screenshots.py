"""Screenshots of each tab, on a desktop (1400x1000) and a phone (390x844),
into docs/screenshots/ (the README shows them). The only thing that writes
there: the tests never do.

    python scripts/screenshots.py [--out docs/screenshots]

Runs the app on the seed documents (index and uploads in a temporary folder)
and drives Debian's chromium (/usr/bin/chromium) through Playwright.
"""

from __future__ import annotations

import argparse
import os
import socket
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

SIZES = {"desktop": {"width": 1400, "height": 1000}, "phone": {"width": 390, "height": 844}}
QUESTION = "How many organized crime incidents were there in 2023?"
DRAFT = ("The Swanton Sector accounted for 69% of encounters in 2022. "
         "The RCMP is responsible for border security between official ports of entry. "
         "The RCMP operates a fleet of armed patrol boats on the Great Lakes.")
T = 60_000


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def settle(page) -> None:
    from playwright.sync_api import expect

    expect(page.locator("[data-testid=status-tracker]:not(.hide)")).to_have_count(0, timeout=T)
    expect(page.locator(".pending")).to_have_count(0, timeout=T)


def shoot(browser, url: str, size: str, out: Path) -> list[Path]:
    from playwright.sync_api import expect

    ctx = browser.new_context(viewport=SIZES[size])
    page = ctx.new_page()
    page.goto(url)
    expect(page.locator("#question textarea")).to_be_editable(timeout=T)
    shots = []

    def snap(name):
        settle(page)
        path = out / f"{name}-{size}.png"
        page.screenshot(path=str(path))
        shots.append(path)

    page.locator("#question textarea").fill(QUESTION)
    page.locator("#ask-btn").click()
    turn = page.locator("#transcript .qa-turn").first
    expect(turn).to_be_visible(timeout=T)
    turn.locator("button.qa-add-note").nth(0).click()
    turn.locator("button.qa-add-note").nth(1).click()
    settle(page)
    page.evaluate("window.scrollTo(0, 0)")
    if size == "phone":
        snap("ask")
    turn.locator("button.qa-show").first.click()
    expect(page.locator("#side-panel mark.qa-passage")).to_be_in_viewport(timeout=T)
    snap("source" if size == "phone" else "ask")
    page.keyboard.press("Escape")
    if size == "phone":
        page.evaluate("window.scrollTo(0, 0)")
        page.locator("button.qa-open-notes").click()
        expect(page.locator("#side-panel .qa-notes-view")).to_be_in_viewport(timeout=T)
        snap("notes")
        page.keyboard.press("Escape")
    page.get_by_role("tab", name="Check").click()
    page.locator("#claim textarea").fill(DRAFT)
    page.locator("#check-btn").click()
    expect(page.locator("#check-results .qa-claim")).to_have_count(3, timeout=T)
    page.evaluate("window.scrollTo(0, 0)")
    snap("check")
    page.get_by_role("tab", name="Documents").click()
    expect(page.locator("#docs-table td").first).to_be_visible(timeout=T)
    page.evaluate("window.scrollTo(0, 0)")
    snap("documents")
    ctx.close()
    return shots


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots", help="folder for the PNG files")
    p.add_argument("--chromium", default="/usr/bin/chromium", help="the browser to drive")
    args = p.parse_args(argv)

    from playwright.sync_api import sync_playwright

    from qa.web.app import build_app, launch_options

    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="qa-shots-") as tmp:
        demo = build_app(Path(tmp) / "index", [ROOT / "seeds"], Path(tmp) / "library")
        port = free_port()
        demo.launch(server_name="127.0.0.1", server_port=port, prevent_thread_lock=True, quiet=True, **launch_options())
        try:
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=args.chromium, headless=True,
                                             args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
                for size in SIZES:
                    for path in shoot(browser, f"http://127.0.0.1:{port}/", size, args.out):
                        print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
                browser.close()
        finally:
            demo.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
