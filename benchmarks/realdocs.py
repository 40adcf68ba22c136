"""Real documents: hit@1/hit@5 per format, cited-page correctness, text quality, reading speed.

    nice -n 10 .venv/bin/python benchmarks/realdocs.py [--baseline DIR] [--docs DIR] [--ocr PDF]

Indexes ../shared/bench/realdocs/docs into a temporary index with the real
model, asks each question of questions.jsonl and scores it as its README
says: a hit at rank r when passage r comes from ``source`` and contains every
answer string (case, curly quotes and whitespace folded) and, for a PDF, the
passage's page equals ``page``. It counts the questions answered, and of
those, how many have the answer in the answer line. Also counts, in the
indexed text of the PDFs, hyphen-broken words ("ques-" + newline + "tion", or "ques- tion") and
line-wrapped sentences (a bare newline between two words of one sentence),
and times reading per page. ``--ocr PDF`` also renders that PDF's first two
pages to images, wraps them in an image-only PDF and times reading it (OCR).

``--baseline DIR`` runs the same measurement with the qa package of another
checkout (e.g. ``git worktree add /tmp/qa-main main``) in a child process and
prints both side by side, so the figures come from the same run.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REALDOCS = ROOT.parent / "shared" / "bench" / "realdocs"
FORMATS = {".pdf": "PDF", ".docx": "DOCX", ".html": "HTML", ".htm": "HTML"}
_FOLD = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"'})


def fold(text: str) -> str:
    return " ".join(text.translate(_FOLD).casefold().split())


def text_quality(text: str) -> dict:
    """Hyphen-broken words and line-wrapped sentences in a document's text.

    >>> text_quality("the ques-\\ntion was\\nasked. Next")
    {'hyphen_breaks': 1, 'wrapped_lines': 1}
    """
    breaks = len(re.findall(r"[A-Za-z]{2,}-[ \t]*\r?\n[ \t]*[a-z]", text)) + len(re.findall(r"\b[a-z]{2,}- [a-z]{2,}\b", text))
    wrapped = len(re.findall(r"[A-Za-z,;][ \t]*\r?\n[ \t]*[a-z]", text))
    return {"hyphen_breaks": breaks, "wrapped_lines": wrapped}


def measure(root: str, docs: Path, questions: Path) -> dict:
    """Run in a child process with ``root`` first on sys.path."""
    sys.path.insert(0, root)
    from qa.answer.answers import answer
    from qa.encode.embedding import load_embedder
    from qa.config import ChunkSettings
    from qa.ingest.chunking import chunk_document
    from qa.ingest.documents import read_document
    from qa.store.index import build_index, load_index

    embedder = load_embedder("all-MiniLM-L6-v2")
    read = {}
    for path in sorted(docs.iterdir()):
        t0 = time.perf_counter()
        doc = read_document(path)
        seconds = time.perf_counter() - t0
        t0 = time.perf_counter()
        chunk_document(doc, ChunkSettings(), embedder.count_tokens)
        chunk_seconds = time.perf_counter() - t0
        pages = len(doc.pages) or None
        text = doc.text
        for start, end, kind in getattr(doc, "spans", []):  # rows of a table are lines, not wrapped sentences
            if kind == "table":
                text = text[:start] + text[start:end].replace("\n", " ") + text[end:]
        read[path.name] = {"seconds": seconds, "chunk_seconds": chunk_seconds, "pages": pages, **(text_quality(text) if path.suffix == ".pdf" else {})}
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        build_index([docs], Path(tmp) / "index", embedder)
        build_seconds = time.perf_counter() - t0
        index = load_index(Path(tmp) / "index")
        results = []
        for line in questions.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            q = json.loads(line)
            ans = answer(index, embedder, q["question"], k=5)
            rank, page_ok = None, None
            for p in ans.passages:
                if p.doc != q["source"] or not all(fold(a) in fold(p.text) for a in q["answer"]):
                    continue
                right_page = q.get("page") is None or p.page == q["page"]
                if page_ok is None:
                    page_ok = right_page
                if right_page:
                    rank = p.rank
                    break
            line = ans.answer.text if ans.answer is not None and ans.answered else ""
            results.append({"id": q["id"], "source": q["source"], "rank": rank, "page_ok": page_ok, "answered": ans.answered,
                            "in_line": bool(line) and any(fold(a) in fold(line) for a in q["answer"])})
    return {"read": read, "results": results, "build_seconds": build_seconds}


def scanned_copy(pdf_path: Path, out: Path, pages: int = 2, dpi: int = 200) -> Path:
    """An image-only copy of a PDF's first pages (what a scanner makes), for timing OCR."""
    import io

    import pypdfium2 as pdfium

    src, dst = pdfium.PdfDocument(str(pdf_path)), pdfium.PdfDocument.new()
    for i in range(min(pages, len(src))):
        w, h = src[i].get_size()
        buf = io.BytesIO()
        src[i].render(scale=dpi / 72).to_pil().convert("L").save(buf, format="JPEG", quality=85)
        page = dst.new_page(w, h)
        image = pdfium.PdfImage.new(dst)
        image.load_jpeg(io.BytesIO(buf.getvalue()), inline=True)
        image.set_matrix(pdfium.PdfMatrix().scale(w, h))
        page.insert_obj(image)
        page.gen_content()
    dst.save(str(out))
    return out


def measure_ocr(root: str, pdf_path: Path) -> dict:
    """Seconds per page to read a scanned copy of ``pdf_path`` (OCR), and the share of its words found."""
    sys.path.insert(0, root)
    from qa.ingest.documents import read_document

    with tempfile.TemporaryDirectory() as tmp:
        scan = scanned_copy(pdf_path, Path(tmp) / "scan.pdf")
        t0 = time.perf_counter()
        doc = read_document(scan)
        seconds = time.perf_counter() - t0
        original = read_document(pdf_path)
    words = re.findall(r"[a-z]{4,}", original.text[:original.pages[min(2, len(original.pages)) - 1][1]].lower())
    found = set(re.findall(r"[a-z]{4,}", doc.text.lower()))
    return {"ocr_seconds_per_page": round(seconds / max(len(doc.pages), 1), 2),
            "ocr_words_found": round(sum(w in found for w in words) / max(len(words), 1), 3)}


def summary(m: dict) -> dict:
    out = {}
    groups = {"all": m["results"]}
    for r in m["results"]:
        groups.setdefault(FORMATS[Path(r["source"]).suffix.lower()], []).append(r)
    for name, rs in groups.items():
        out[name] = {
            "hit@1": sum(1 for r in rs if r["rank"] == 1), "hit@5": sum(1 for r in rs if r["rank"]), "n": len(rs),
        }
    # what a reader is told: answered, and whether the answer line (not only a passage) holds the answer
    rs = m["results"]
    out["answered / with the answer in the line / without"] = (
        f'{sum(1 for r in rs if r.get("answered"))} / {sum(1 for r in rs if r.get("in_line"))} / '
        f'{sum(1 for r in rs if r.get("answered") and not r.get("in_line"))}')
    pdf = [r for r in m["results"] if r["source"].endswith(".pdf") and r["page_ok"] is not None]
    out["pdf_page_correct"] = f"{sum(1 for r in pdf if r['page_ok'])}/{len(pdf)}"
    pdfs = {k: v for k, v in m["read"].items() if k.endswith(".pdf")}
    pages = sum(v["pages"] or 0 for v in pdfs.values())
    out["pdf_seconds_per_page"] = round(sum(v["seconds"] for v in pdfs.values()) / max(pages, 1), 4)
    out["hyphen_breaks"] = sum(v.get("hyphen_breaks", 0) for v in pdfs.values())
    out["wrapped_lines"] = sum(v.get("wrapped_lines", 0) for v in pdfs.values())
    out["read_seconds_all"] = round(sum(v["seconds"] for v in m["read"].values()), 2)
    out["build_seconds"] = round(m["build_seconds"], 1)
    # the speed target: reading under 10% of the whole build (both timed in the same child process)
    out["read_share_of_build"] = f"{sum(v['seconds'] for v in m['read'].values()) / m['build_seconds']:.1%}"
    chunking = sum(v.get("chunk_seconds", 0.0) for v in m["read"].values())
    out["read_and_chunk_share_of_build"] = f"{(sum(v['seconds'] for v in m['read'].values()) + chunking) / m['build_seconds']:.1%}"
    out["misses"] = [r["id"] for r in m["results"] if not r["rank"]]
    return out


def run_child(root: Path, docs: Path, questions: Path) -> dict:
    code = ("import json,sys; sys.path.insert(0, sys.argv[1]); from benchmarks_realdocs import measure; "
            "print(json.dumps(measure(sys.argv[2], __import__('pathlib').Path(sys.argv[3]), __import__('pathlib').Path(sys.argv[4]))))")
    env = {**os.environ, "PYTHONPATH": ""}
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "benchmarks_realdocs.py").write_text(Path(__file__).read_text(encoding="utf-8"), encoding="utf-8")
        proc = subprocess.run([sys.executable, "-c", code, tmp, str(root), str(docs), str(questions)],
                              capture_output=True, text=True, env=env, cwd=tmp)
    if proc.returncode:
        sys.exit(f"measurement with {root} failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--baseline", type=Path, help="another checkout whose qa package is the baseline")
    ap.add_argument("--docs", type=Path, default=REALDOCS / "docs")
    ap.add_argument("--questions", type=Path, default=REALDOCS / "questions.jsonl")
    ap.add_argument("--ocr", metavar="PDF", help="also time OCR on an image-only copy of this PDF of --docs (e.g. federal-register-2020-17221.pdf)")
    args = ap.parse_args()
    if not args.docs.is_dir():
        sys.exit(f"{args.docs} is absent (the shared bench folder sits beside the project)")
    runs = {}
    if args.baseline:
        runs["baseline"] = summary(run_child(args.baseline, args.docs, args.questions))
    runs["this"] = summary(run_child(ROOT, args.docs, args.questions))
    if args.ocr:
        sys.path.insert(0, str(ROOT))
        runs["this"].update(measure_ocr(str(ROOT), args.docs / args.ocr))
        if "baseline" in runs:
            runs["baseline"].update({"ocr_seconds_per_page": "refused", "ocr_words_found": 0})
    keys = [k for k in runs["this"] if k != "misses"]
    print(f"{'figure':24}" + "".join(f"{name:>26}" for name in runs))
    for k in keys:
        cells = []
        for r in runs.values():
            v = r[k]
            cells.append(f"{v['hit@1']}/{v['n']} @1, {v['hit@5']}/{v['n']} @5" if isinstance(v, dict) else str(v))
        print(f"{k:24}" + "".join(f"{c:>26}" for c in cells))
    for name, r in runs.items():
        print(f"misses ({name}): {', '.join(r['misses']) or 'none'}")


if __name__ == "__main__":
    main()
