"""Which library reads realdocs best: PDF text and HTML main content, side by side in one run.

    nice -n 10 .venv/bin/python benchmarks/readers.py

PDF: pypdf, pdfplumber, pypdfium2's own text and qa's reader (layout on
pypdfium2): milliseconds per page, hyphen breaks and wrapped lines (as in
benchmarks/realdocs.py), and how many of the 20 PDF answers are on their
page. HTML: trafilatura, readability-lxml and qa's reader: seconds, the
answers kept and navigation left in. A library that is not installed is
skipped (`pip install pypdf pdfplumber trafilatura readability-lxml` to
compare them all); none of them is needed by qa itself.
"""

from __future__ import annotations

import json
import logging
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REALDOCS = ROOT.parent / "shared" / "bench" / "realdocs"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
PDFS = ["federal-register-2020-17221.pdf", "redp5110_sampled.pdf", "layout-parser-paper-with-table.pdf", "amt_handbook_sample.pdf"]
HTMLS = ["wiki_duck.html", "example-10k.html"]
NOISE = ["Jump to content", "Deutsch", "Français", "Privacy policy", "Create account", "dei:", "Main page", "Donate"]


def pdf_pypdf(path):
    from pypdf import PdfReader
    return [p.extract_text() or "" for p in PdfReader(path).pages]


def pdf_plumber(path):
    import pdfplumber
    with pdfplumber.open(path) as pdf:
        return [p.extract_text() or "" for p in pdf.pages]


def pdf_pdfium(path):
    import pypdfium2 as pdfium
    pdf = pdfium.PdfDocument(str(path))
    return [pdf[i].get_textpage().get_text_range().replace("\r\n", "\n") for i in range(len(pdf))]


def pdf_qa(path):
    from qa.ingest.documents import read_document
    d = read_document(path)
    return [d.text[s:e] for s, e in d.pages]


def html_trafilatura(data: bytes) -> str:
    import trafilatura
    return trafilatura.extract(data.decode("utf-8", "replace"), include_tables=True, favor_recall=True) or ""


def html_readability(data: bytes) -> str:
    from bs4 import BeautifulSoup
    from readability import Document
    return BeautifulSoup(Document(data.decode("utf-8", "replace")).summary(), "lxml").get_text("\n")


def html_qa(data: bytes) -> str:
    from qa.ingest.html_reader import read_html
    from qa.ingest.textblocks import assemble
    return assemble(read_html(data)[0]).text


def main() -> None:
    from realdocs import fold, text_quality

    warnings.simplefilter("ignore")
    logging.disable(logging.CRITICAL)
    docs = REALDOCS / "docs"
    if not docs.is_dir():
        sys.exit(f"{docs} is absent (the shared bench folder sits beside the project)")
    questions = [json.loads(line) for line in (REALDOCS / "questions.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
    print(f"{'PDF reader':18} {'ms/page':>8} {'hyphen breaks':>14} {'wrapped lines':>14} {'answers on page':>16}")
    for label, fn in [("pypdf", pdf_pypdf), ("pdfplumber", pdf_plumber), ("pypdfium2 text", pdf_pdfium), ("qa (pypdfium2)", pdf_qa)]:
        try:
            pages = seconds = breaks = wrapped = found = 0
            for name in PDFS:
                t0 = time.perf_counter()
                texts = fn(docs / name)
                seconds += time.perf_counter() - t0
                pages += len(texts)
                q = text_quality("\n\n".join(texts))
                breaks, wrapped = breaks + q["hyphen_breaks"], wrapped + q["wrapped_lines"]
                found += sum(1 for x in questions if x["source"] == name
                             and all(fold(a) in fold(texts[x["page"] - 1]) for a in x["answer"]))
        except ImportError:
            print(f"{label:18} (not installed)")
            continue
        print(f"{label:18} {seconds / pages * 1000:8.1f} {breaks:14d} {wrapped:14d} {found:13d}/20")
    print(f"\n{'HTML reader':18} {'file':18} {'seconds':>8} {'answers':>8}  navigation left")
    for label, fn in [("trafilatura", html_trafilatura), ("readability-lxml", html_readability), ("qa (lxml)", html_qa)]:
        for name in HTMLS:
            data = (docs / name).read_bytes()
            try:
                t0 = time.perf_counter()
                text = fn(data)
                seconds = time.perf_counter() - t0
            except ImportError:
                print(f"{label:18} (not installed)")
                break
            kept = sum(all(fold(a) in fold(text) for a in q["answer"]) for q in questions if q["source"] == name)
            print(f"{label:18} {name:18} {seconds:8.2f} {kept:6d}/5  {[n for n in NOISE if n in text]}")


if __name__ == "__main__":
    main()
