"""Read a scanned page with Tesseract (Debian's tesseract-ocr), called as a program.

The page is rendered at 300 dpi with PDFium, handed to ``tesseract`` on
stdin, and its TSV output (one word a row, with its box) becomes line
segments in page points, so the layout code reads OCR text exactly like a
text layer. Calling the binary needs no Python wrapper (pytesseract would
do the same through a temporary file).
"""

from __future__ import annotations

import functools
import io
import os
import shutil
import subprocess

from qa.errors import QAError
from qa.ingest.layout import Seg

DPI = 300
LANGS = ("eng", "fra")


@functools.lru_cache(maxsize=1)
def languages() -> str:
    """The "+"-joined Tesseract languages to use, or raise if Tesseract is missing."""
    exe = shutil.which("tesseract")
    if not exe:
        raise QAError("this page is a scan and Tesseract is not installed (apt-get install tesseract-ocr tesseract-ocr-eng); cannot OCR it")
    out = subprocess.run([exe, "--list-langs"], capture_output=True, text=True, timeout=30).stdout.split()
    have = [lang for lang in LANGS if lang in out]
    return "+".join(have) or "eng"


def image_words(png: bytes, langs: str) -> list[dict]:
    """Tesseract's words of an image: text, confidence, box and line key."""
    # one thread: OpenMP threads only contend when pages are read beside other work
    env = {**os.environ, "OMP_THREAD_LIMIT": os.environ.get("OMP_THREAD_LIMIT", "1")}
    proc = subprocess.run(
        ["tesseract", "stdin", "stdout", "-l", langs, "--psm", "3", "tsv"],
        input=png, capture_output=True, timeout=600, env=env,
    )
    if proc.returncode != 0:
        msg = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise QAError(f"Tesseract failed ({msg[-1] if msg else proc.returncode})")
    words = []
    for line in proc.stdout.decode("utf-8", "replace").splitlines()[1:]:
        cols = line.split("\t")
        if len(cols) < 12 or cols[0] != "5" or not cols[11].strip():
            continue
        words.append({
            "key": (int(cols[2]), int(cols[3]), int(cols[4])),
            "left": int(cols[6]), "top": int(cols[7]), "width": int(cols[8]), "height": int(cols[9]),
            "conf": float(cols[10]), "text": cols[11].strip(),
        })
    return words


def words_to_segments(words: list[dict], page_height: float, dpi: int = DPI) -> list[Seg]:
    """Line segments (page points, y up) of OCR words, split at wide gaps.

    >>> w = [{"key": (1, 1, 1), "left": 100, "top": 100, "width": 80, "height": 40, "conf": 90, "text": "Hello"},
    ...      {"key": (1, 1, 1), "left": 200, "top": 100, "width": 90, "height": 40, "conf": 90, "text": "world"}]
    >>> [(s.text, round(s.x0), round(s.y1)) for s in words_to_segments(w, 792)]
    [('Hello world', 24, 768)]
    """
    k = 72.0 / dpi
    segs: list[Seg] = []
    last_key, cur = None, None
    for w in words:
        x0, x1 = w["left"] * k, (w["left"] + w["width"]) * k
        y1, y0 = page_height - w["top"] * k, page_height - (w["top"] + w["height"]) * k
        size = max(w["height"] * k, 4.0)
        if cur is None or w["key"] != last_key or x0 - cur.x1 > 1.5 * cur.size:
            cur = Seg(w["text"], x0, x1, y0, y1, size, False, [-1] * len(w["text"]))
            segs.append(cur)
        else:
            cur.text += " " + w["text"]
            cur.src += [-1] * (len(w["text"]) + 1)
            cur.x1, cur.y0, cur.y1 = max(cur.x1, x1), min(cur.y0, y0), max(cur.y1, y1)
        last_key = w["key"]
    # a line's size: the median word height is closer to the font size than the tallest word
    return segs


def page_segments(page, width: float, height: float, name: str = "") -> list[Seg]:
    """OCR one PDF page into line segments."""
    langs = languages()
    image = page.render(scale=DPI / 72).to_pil()
    buf = io.BytesIO()
    image.convert("L").save(buf, format="PNG")
    return words_to_segments(image_words(buf.getvalue(), langs), height)
