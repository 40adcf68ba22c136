"""Read files into ``Document``s: the text every offset points into, plus metadata.

For .txt and .md the indexed text is the file's decoded text, unchanged, so
offsets point into the file itself. PDF pages, DOCX paragraphs and HTML blocks
are joined with blank lines; headings the format marks are kept as spans.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from qa.errors import QAError
from qa.ingest.metadata import extract_metadata
from qa.ingest.textblocks import assemble

SUPPORTED = (".txt", ".md", ".markdown", ".pdf", ".docx", ".html", ".htm")
MAX_FILE_BYTES = 50 * 1024 * 1024


@dataclass
class Document:
    doc: str                      # file name relative to its corpus folder
    text: str                     # what offsets point into (`qa text DOC`)
    sha256: str                   # of the file's bytes
    kind: str                     # "txt", "md", "pdf", "docx" or "html"
    title: str
    meta: dict = field(default_factory=dict)        # organization, date, reference, ...
    pages: list = field(default_factory=list)       # [[start, end], ...] one per PDF page
    headings: list = field(default_factory=list)    # [[start, end, level], ...] marked by the format
    spans: list = field(default_factory=list)       # [[start, end, kind], ...] text that is not "body"
    page_labels: list = field(default_factory=list) # printed page labels ("iv", "7-45"), one per page, if the PDF has them
    ocr_pages: list = field(default_factory=list)   # 1-based pages whose text came from OCR

    def page_at(self, offset: int) -> int | None:
        """1-based page holding ``offset``, or None for formats without pages."""
        for number, (_, end) in enumerate(self.pages, 1):
            if offset < end:
                return number
        return len(self.pages) or None

    def page_label(self, page: int | None) -> str | None:
        """The label printed on a page ("iv"), or None when the PDF has none."""
        if page is None or not self.page_labels or not 1 <= page <= len(self.page_labels):
            return None
        return self.page_labels[page - 1] or None

    @property
    def structured(self) -> bool:
        """Whether the reader marked headings and kinds (so none are guessed from the text)."""
        return self.kind in ("pdf", "docx", "html")


def read_document(path: Path, doc: str | None = None, progress=None) -> Document:
    """Read one supported file; raise ``QAError`` naming the file if it can't be.

    ``progress`` is an optional callable(message), told about each scanned
    page as Tesseract reads it ("OCR of page 3 of 12").
    """
    path = Path(path)
    doc = doc or path.name
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        raise QAError(f"{path}: unsupported file type {suffix or '(none)'}; supported: {', '.join(SUPPORTED)}")
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise QAError(f"{path}: {size / 2**20:.0f} MB is over the {MAX_FILE_BYTES // 2**20} MB limit")
        data = path.read_bytes()
    except OSError as e:
        raise QAError(f"{path}: cannot read it ({e.strerror or e})") from None
    if not data.strip():
        raise QAError(f"{path}: the file is empty")
    reader = {".pdf": _read_pdf, ".docx": _read_docx, ".html": _read_html, ".htm": _read_html}.get(suffix, _read_plain)
    try:
        with quiet():
            read = _read_pdf(data, progress) if suffix == ".pdf" else reader(data)
    except QAError as e:
        raise QAError(f"{path}: {e}".splitlines()[0]) from None
    except Exception as e:  # parsers raise many types on damaged files
        raise QAError(f"{path}: cannot read it as {suffix[1:].upper()} ({type(e).__name__}: {e})".splitlines()[0]) from None
    text = read.text
    if not text.strip():
        raise QAError(f"{path}: no text could be extracted")
    opening = text[read.pages[0][0]:read.pages[0][1]] if read.pages else None
    meta = extract_metadata(text, read.props, suffix[1:], opening)
    title = meta.pop("title", None) or Path(doc).stem
    kind = {".markdown": "md", ".htm": "html"}.get(suffix, suffix[1:])
    return Document(doc, text, hashlib.sha256(data).hexdigest(), kind, title, meta, read.pages, read.headings,
                    read.spans, read.page_labels, read.ocr_pages)


class Read(NamedTuple):
    """What a format's reader returns."""
    text: str
    pages: list
    headings: list
    spans: list
    props: dict
    page_labels: list = []
    ocr_pages: list = []


@contextlib.contextmanager
def quiet():
    """Silence parsers' warnings and log lines (ours are the only messages)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        loggers = [logging.getLogger(n) for n in ("pypdf", "fontTools", "bs4", "docx", "trafilatura", "htmldate", "readability")]
        levels = [lg.level for lg in loggers]
        for lg in loggers:
            lg.setLevel(logging.CRITICAL)
        try:
            yield
        finally:
            for lg, level in zip(loggers, levels):
                lg.setLevel(level)


def _read_plain(data: bytes):
    if b"\x00" in data[:8192]:
        raise QAError("looks like a binary file, not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
        if text.count("\ufffd") > len(text) / 100:
            raise QAError("is not UTF-8 or Windows-1252 text") from None
    return Read(text, [], [], [], {})


def _read_pdf(data: bytes, progress=None):
    from qa.ingest.pdf import read_pdf

    blocks, count, labels, ocr_pages, props = read_pdf(data, progress=progress)
    a = assemble(blocks, count)
    return Read(a.text, a.pages, a.headings, a.spans, props, labels, ocr_pages)


def _read_docx(data: bytes):
    from qa.ingest.docx_reader import read_docx

    blocks, props = read_docx(data)
    a = assemble(blocks)
    return Read(a.text, [], a.headings, a.spans, props)


def _read_html(data: bytes):
    from qa.ingest.html_reader import read_html

    blocks, props = read_html(data)
    a = assemble(blocks)
    return Read(a.text, [], a.headings, a.spans, props)


def discover(sources: list[Path]) -> list[tuple[Path, str]]:
    """(path, doc name) of every file to index. A folder contributes its
    supported files (names relative to it; hidden files skipped); a file is
    taken as given and must be supported.

    Raises ``QAError`` for a missing path, an unsupported file named
    explicitly, or two files that would get the same doc name.
    """
    found: dict[str, Path] = {}
    for source in map(Path, sources):
        if source.is_dir():
            items = [
                (p, p.relative_to(source).as_posix()) for p in sorted(source.rglob("*"))
                if p.is_file() and p.suffix.lower() in SUPPORTED
                and not any(part.startswith(".") for part in p.relative_to(source).parts)
            ]
        elif source.is_file():
            if source.suffix.lower() not in SUPPORTED:
                raise QAError(f"{source}: unsupported file type {source.suffix or '(none)'}; supported: {', '.join(SUPPORTED)}")
            items = [(source, source.name)]
        else:
            raise QAError(f"{source}: no such file or folder")
        for path, doc in items:
            if doc in found and found[doc].resolve() != path.resolve():
                raise QAError(f"two documents would both be called {doc!r}: {found[doc]} and {path}; rename one")
            found[doc] = path
    return [(path, doc) for doc, path in found.items()]
