"""Readers as a careful reader: clean PDF text, columns, tables, kinds, headings, page labels, OCR, bad input."""

import shutil

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qa.config import ChunkSettings
from qa.encode.embedding import WordPieceCounter, model_dir
from qa.errors import QAError
from qa.ingest.chunking import chunk_document
from qa.ingest.documents import read_document

from .conftest import SHARED
from .files import make_docx, make_layout_pdf, make_scanned_pdf

COUNT = WordPieceCounter(model_dir("all-MiniLM-L6-v2"))
REALDOCS = SHARED / "bench" / "realdocs" / "docs"


def realdoc(name: str):
    path = REALDOCS / name
    if not path.exists():
        pytest.skip(f"{path} is absent (the shared bench folder sits beside the project)")
    return read_document(path)


def chunks_of(doc):
    chunks = chunk_document(doc, ChunkSettings(), COUNT)
    for c in chunks:
        assert doc.text[c.start:c.end] == c.text
    return chunks


def two_column_page():
    left = ["The left column starts the story and", "keeps going for a few more lines of", "text until it ends here at last."]
    right = ["The right column is read after the", "left one, even though its lines sit", "at the same height on the page."]
    items = [(72, 740, 16, "Harbour Survey Results", True)]
    for i, (a, b) in enumerate(zip(left, right)):
        items += [(72, 700 - 14 * i, 10, a, False), (320, 700 - 14 * i, 10, b, False)]
    return items


def test_two_columns_read_in_order(tmp_path):
    doc = read_document(make_layout_pdf(tmp_path / "cols.pdf", [two_column_page()]))
    left = doc.text.index("The left column starts the story and keeps going")
    assert left < doc.text.index("text until it ends here at last.") < doc.text.index("The right column is read after the left one")
    assert [doc.text[s:e] for s, e, _ in doc.headings] == ["Harbour Survey Results"]


def test_running_header_page_numbers_and_hyphens(tmp_path):
    pages = []
    for n in range(1, 4):
        pages.append([
            (72, 760, 9, f"Annual Ferry Report {2020 + n}", False),
            (72, 700, 11, "The inspectors checked every vessel for cross-", False),
            (72, 686, 11, "border traffic and asked each ques-", False),
            (72, 672, 11, "tion twice before they signed.", False),
            (300, 40, 9, str(n), False),
        ])
    doc = read_document(make_layout_pdf(tmp_path / "ferry.pdf", pages, labels=["iv", "v", "vi"]))
    assert "cross-border traffic and asked each question twice before they signed." in doc.text
    body = [c for c in chunks_of(doc) if c.kind == "body"]
    assert body and all("Annual Ferry Report" not in c.text for c in body)
    boiler = [doc.text[s:e] for s, e, k in doc.spans if k == "boilerplate"]
    assert any("Annual Ferry Report" in t for t in boiler)  # in the text, out of the flow: no passage
    assert not any("Annual Ferry Report" in c.text for c in chunks_of(doc))
    assert doc.page_labels == ["iv", "v", "vi"]
    assert body[0].page == 1 and body[0].page_label == "iv"


def test_table_across_three_columns_is_read_as_rows(tmp_path):
    """A table set across a three-column page is read row by row, its cells
    separated, header cells set on two lines and wrapped cells joined; the
    paragraph above it keeps none of its cells."""
    words = "the agency counted every vessel in the harbour and each one was checked twice over".split()
    items = []
    for col, x in enumerate((45, 222, 399)):
        for i in range(12):
            line = " ".join(words[(i + col) % 5:(i + col) % 5 + 6])
            items.append((x, 720 - 12 * i, 9, line + ("." if i == 11 else ""), False))
    items += [(399, 560, 9, "The agency estimates these costs:", False),
              (266, 125, 7, "ESTIMATED COSTS", False),
              (105, 105, 7, "Action", False), (245, 105, 7, "Labor cost", False), (359, 105, 7, "Parts cost", False),
              (509, 109, 7, "Cost on U.S.", False), (515, 101, 7, "operators", False),
              (45, 84, 7, "Pump replacement", False), (195, 84, 7, "2 work-hours × $85 per hour =", False),
              (359, 84, 7, "$40", False), (509, 84, 7, "$15,330", False),
              (203, 76, 7, "$170", False),
              (45, 66, 7, "Sensor test and", False), (195, 66, 7, "1 work-hour × $85 per hour = $85", False),
              (359, 66, 7, "$0", False), (509, 66, 7, "$6,205", False),
              (53, 58, 7, "calibration", False)]
    doc = read_document(make_layout_pdf(tmp_path / "costs.pdf", [items]))
    table = next(doc.text[s:e] for s, e, k in doc.spans if k == "table")
    assert table.splitlines() == [
        "ESTIMATED COSTS",
        "Action | Labor cost | Parts cost | Cost on U.S. operators",
        "Pump replacement | 2 work-hours × $85 per hour = $170 | $40 | $15,330",
        "Sensor test and calibration | 1 work-hour × $85 per hour = $85 | $0 | $6,205"]
    para = next(c for c in chunks_of(doc) if "estimates these costs" in c.text)
    assert para.kind == "body" and "Cost" not in para.text.replace("costs:", "")


def test_labelled_paragraphs_and_small_bold_headings(tmp_path):
    """Paragraphs led by a label in capitals ("DATES:") are sections of their own;
    a bold line set a little smaller than the text is a heading; a signature
    block stays body text of its own paragraph."""
    items = [
        (72, 740, 8.3, "DEPARTMENT OF HARBOURS", True),
        (72, 722, 8.3, "Ferry Fares; Northern Routes", True),
        (72, 704, 9, "SUMMARY: The board proposes new fares for the", False),
        (72, 693, 9, "northern routes from next spring.", False),
        (72, 676, 9, "DATES: Send comments by September 21, 2025.", False),
        (72, 659, 9, "FOR FURTHER INFORMATION CONTACT: Ann", False),
        (72, 648, 9, "Lee, Fares Office, telephone 555-0100.", False),
        (72, 628, 9, "The board will publish the final fares after it", False),
        (72, 617, 9, "has read every comment it receives by that date.", False),
        (80, 598, 8, "Issued on August 3, 2025.", False),
        (72, 587, 8, "Ann T. Lee,", True),
        (72, 576, 8, "Director, Fares Office.", False),
    ]
    doc = read_document(make_layout_pdf(tmp_path / "notice.pdf", [items]))
    heads = [doc.text[s:e] for s, e, _ in doc.headings]
    assert heads[:2] == ["DEPARTMENT OF HARBOURS", "Ferry Fares; Northern Routes"]
    assert {"SUMMARY:", "DATES:", "FOR FURTHER INFORMATION CONTACT:"} <= set(heads)
    chunks = chunks_of(doc)
    dates = next(c for c in chunks if "September 21, 2025" in c.text)
    assert dates.text == "Send comments by September 21, 2025." and dates.section.endswith("> DATES")
    contact = next(c for c in chunks if "Fares Office, telephone" in c.text)
    assert contact.text.startswith("Ann Lee, Fares Office") and contact.section.endswith("FOR FURTHER INFORMATION CONTACT")
    assert "Issued on August 3, 2025. Ann T. Lee, Director, Fares Office." in doc.text
    assert all(c.kind == "body" for c in chunks if "Ann T. Lee" in c.text)


def test_pdf_table_rows_headings_and_captions(tmp_path):
    items = [
        (72, 740, 18, "5 Experiments", True),
        (72, 715, 13, "5.2 Ablation Study", True),
        (72, 690, 10, "Table 3: Results of the ablation on two datasets.", False),
        (72, 670, 10, "Dataset", False), (250, 670, 10, "Accuracy", False), (400, 670, 10, "Tokens", False),
        (72, 656, 10, "SQuAD", False), (250, 656, 10, "78.7", False), (400, 656, 10, "70,096", False),
        (72, 642, 10, "NaturalQ", False), (250, 642, 10, "41.5", False), (400, 642, 10, "58,880", False),
        (72, 610, 10, "Removing the reranker costs four points of accuracy on every dataset we tried.", False),
    ]
    doc = read_document(make_layout_pdf(tmp_path / "paper.pdf", [items]))
    assert "SQuAD | 78.7 | 70,096" in doc.text
    chunks = chunks_of(doc)
    kinds = {c.kind for c in chunks}
    assert {"table", "caption", "body"} <= kinds
    table = next(c for c in chunks if c.kind == "table")
    assert table.section == "5 Experiments > 5.2 Ablation Study"
    assert all(c.kind != "table" or "reranker" not in c.text for c in chunks)


@pytest.fixture
def scans(tmp_path):
    """An empty folder for scanned PDFs; the test is skipped without Tesseract."""
    if not shutil.which("tesseract"):
        pytest.skip("Tesseract is not installed (scripts/setup.sh installs it)")
    folder = tmp_path / "docs"
    folder.mkdir()
    return folder


@pytest.mark.slow
def test_scanned_page_is_read_with_ocr(tmp_path, scans, hash_embedder):
    from qa.store.index import build_index, load_index
    from qa.retrieve.search import search

    folder = scans
    make_scanned_pdf(folder / "scan.pdf", ["The ferry left the harbour at noon.", "Forty passengers were aboard."])
    told = []
    doc = read_document(folder / "scan.pdf", progress=told.append)
    assert doc.ocr_pages == [1] and told == ["OCR of page 1 of 1"]
    assert "passengers" in doc.text.lower()
    said = []
    build_index([folder], tmp_path / "index", hash_embedder, progress=lambda done, total, msg: said.append(msg))
    assert "scan.pdf: OCR of page 1 of 1" in said  # the build passes each OCR'd page on to its caller
    index = load_index(tmp_path / "index")
    assert all(c.ocr for c in index.chunks)
    hits = search(index, hash_embedder.encode(["How many passengers were aboard?"])[0], "How many passengers were aboard?", k=1)
    assert "passengers" in index.chunks[index.ids.index(hits[0].chunk)].text.lower()


@pytest.mark.slow
def test_qa_index_prints_ocr_progress_per_page(tmp_path, scans, capsys):
    """`qa index` without a terminal (no progress bar) prints one line per OCR'd page on stderr."""
    from qa.cli import main

    folder = scans
    make_scanned_pdf(folder / "scan.pdf", ["The ferry left the harbour at noon."])
    assert main(["--index", str(tmp_path / "index"), "index", str(folder)]) == 0
    err = capsys.readouterr().err
    assert err.splitlines() == ["qa: scan.pdf: OCR of page 1 of 1"]
    assert main(["--index", str(tmp_path / "index2"), "index", "--quiet", str(folder)]) == 0
    assert capsys.readouterr().err == ""


def test_scanned_page_without_tesseract_is_one_line(tmp_path, monkeypatch):
    from qa.ingest import ocr

    ocr.languages.cache_clear()
    monkeypatch.setattr(ocr.shutil, "which", lambda name: None)
    path = make_scanned_pdf(tmp_path / "scan.pdf", ["Some words."])
    with pytest.raises(QAError) as e:
        read_document(path)
    ocr.languages.cache_clear()
    assert "scan.pdf" in str(e.value) and "Tesseract" in str(e.value) and "\n" not in str(e.value)


def test_docx_tables_lists_and_heading_path(tmp_path):
    import docx

    d = docx.Document()
    d.add_paragraph("Port Memo", style="Title")
    d.add_paragraph("Findings", style="Heading 1")
    d.add_paragraph("Fees", style="Heading 2")
    d.add_paragraph("The fee table follows.")
    t = d.add_table(rows=2, cols=2)
    for r, (a, b) in enumerate([("Vessel", "Fee"), ("Ferry", "$120")]):
        t.cell(r, 0).text, t.cell(r, 1).text = a, b
    d.add_paragraph("Check the berth", style="List Bullet")
    path = tmp_path / "memo.docx"
    d.save(str(path))
    doc = read_document(path)
    assert "Ferry | $120" in doc.text and "• Check the berth" in doc.text
    chunks = chunks_of(doc)
    table = next(c for c in chunks if c.kind == "table")
    assert table.section == "Findings > Fees"
    assert table.paragraph == 2  # the second paragraph of "Fees": a locator a reader can follow


def test_realdocs_docx_table_answers():
    doc = realdoc("word_sample.docx")
    assert "Grain | Corn, Buckwheat, Barley | 200" in doc.text


def test_realdocs_html_main_content_and_title():
    duck = realdoc("wiki_duck.html")
    assert duck.title == "Duck"
    assert "Jump to content" not in duck.text and "Deutsch" not in duck.text
    assert "Antarctica" in duck.text
    chunks = chunks_of(duck)
    assert any(c.kind == "reference" for c in chunks)
    tenk = realdoc("example-10k.html")
    assert not tenk.title.endswith(".htm")
    assert "dei:" not in tenk.text[:2000]  # the hidden inline-XBRL header is not text


def test_realdocs_pdf_text_quality():
    import re

    for name in ("federal-register-2020-17221.pdf", "amt_handbook_sample.pdf", "layout-parser-paper-with-table.pdf"):
        doc = realdoc(name)
        assert not re.search(r"[A-Za-z]{2,}-\n[a-z]", doc.text), name
        chunks_of(doc)
    fr = realdoc("federal-register-2020-17221.pdf")
    assert "disagree by more than 5 knots for more than 5 seconds" in fr.text
    assert any(k == "footnote" for _, _, k in fr.spans)


def test_realdocs_federal_register_structure():
    """The three-column notice: its own title and date, labelled paragraphs as
    sections, the masthead out of the text flow, the cost table as rows."""
    fr = realdoc("federal-register-2020-17221.pdf")
    assert fr.title == "Airworthiness Directives; The Boeing Company Airplanes"
    assert fr.meta["date"] == "August 6, 2020"
    assert "a specific portion of the proposal, explain the reason" in fr.text  # not broken by the masthead
    assert "FCC OPS installation and verification | 1 work-hour × $85 per hour = $85 | $0 | $85 | $6,205." in fr.text
    assert "AD affects 73 airplanes of U.S. registry. The agency estimates the following costs to comply with this proposed AD:\n\n" in fr.text
    chunks = chunks_of(fr)
    dates = [c for c in chunks if c.section and c.section.endswith("> DATES")]
    assert dates[0].page == 1 and dates[0].text == "The FAA must receive comments on this proposed AD by September 21, 2020."
    assert "Boeing Company Airplanes" in dates[0].section and "Pilatus" in dates[-1].section  # the second notice on p. 15
    signer = next(c for c in chunks if "Lance T. Gant" in c.text)
    assert signer.kind == "body" and signer.page == 15


def test_seed_reference_lines_are_references():
    from .conftest import SEEDS

    doc = read_document(SEEDS / "004_c83899779e2afedb.txt")
    chunks = chunks_of(doc)
    refs = [c for c in chunks if c.kind == "reference"]
    assert refs and all("[online]" in c.text or "Available at" in c.text for c in refs)
    assert any("26,145" in c.text and c.kind == "body" for c in chunks)


@pytest.mark.parametrize("name,data,message", [
    ("renamed.docx", b"PK\x05\x06" + b"\x00" * 18, "cannot read it as DOCX"),
    ("scripts.html", b"<html><head><script>var a = 1;</script></head><body><script>go()</script></body></html>", "no text"),
    ("broken.pdf", b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF", "PDF"),
])
def test_bad_input_is_one_line(tmp_path, name, data, message):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(QAError) as e:
        read_document(path)
    assert message in str(e.value) and name in str(e.value) and "\n" not in str(e.value)


def test_encrypted_pdfs(tmp_path):
    pypdf = pytest.importorskip("pypdf", reason="pypdf (a test tool) writes the encrypted PDFs")
    plain = make_layout_pdf(tmp_path / "plain.pdf", [[(72, 700, 12, "Secret harbour plans for the spring.", False)]])
    for name, password in (("open.pdf", ""), ("locked.pdf", "hunter2")):
        w = pypdf.PdfWriter(clone_from=str(plain))
        w.encrypt(user_password=password, owner_password="owner", algorithm="AES-128")
        w.write(str(tmp_path / name))
    assert "Secret harbour plans" in read_document(tmp_path / "open.pdf").text  # an empty user password opens
    with pytest.raises(QAError) as e:
        read_document(tmp_path / "locked.pdf")
    assert "locked.pdf" in str(e.value) and "password" in str(e.value) and "\n" not in str(e.value)


def test_broken_cross_references_are_repaired(tmp_path):
    path = make_layout_pdf(tmp_path / "xref.pdf", [[(72, 700, 12, "The xref table of this file is wrong.", False)]])
    data = path.read_bytes()
    path.write_bytes(data[:data.rindex(b"startxref")] + b"startxref\n999999\n%%EOF\n")
    assert "xref table of this file" in read_document(path).text


def test_text_layer_without_unicode_is_one_line(tmp_path):
    names = " ".join(f"/uniE{i:03X}" for i in range(32, 127))
    lines = [(72, 700 - 14 * i, 11, "Quarterly figures for the harbour were strong", False) for i in range(10)]
    path = make_layout_pdf(tmp_path / "nomap.pdf", [lines], encoding=f"<< /Type /Encoding /Differences [32 {names}] >>")
    with pytest.raises(QAError) as e:
        read_document(path)
    assert "nomap.pdf" in str(e.value) and "\n" not in str(e.value)


def test_file_size_is_checked_before_reading(tmp_path, monkeypatch):
    from qa.ingest import documents

    path = tmp_path / "big.txt"
    path.write_text("x" * 2000)
    monkeypatch.setattr(documents, "MAX_FILE_BYTES", 1000)
    monkeypatch.setattr(type(path), "read_bytes", lambda self: pytest.fail("read before the size was checked"))
    with pytest.raises(QAError, match="big.txt.*over the"):
        read_document(path)


def test_no_parser_noise_on_stderr(tmp_path, capfd):
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n")
    with pytest.raises(QAError):
        read_document(path)
    read_document(REALDOCS / "federal-register-2020-17221.pdf") if REALDOCS.exists() else None
    assert capfd.readouterr().err == ""


words = st.text(alphabet=st.characters(whitelist_categories=("Ll", "Lu", "Nd")), min_size=1, max_size=10)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.lists(st.lists(words, min_size=1, max_size=8).map(" ".join), min_size=1, max_size=12))
def test_docx_offsets_exact_for_any_paragraphs(tmp_path, paragraphs):
    path = make_docx(tmp_path / "any.docx", [("Normal", p) for p in paragraphs])
    chunks_of(read_document(path))


latin_words = st.text(alphabet=st.sampled_from("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.,;:-()"),
                      min_size=1, max_size=10)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.lists(latin_words, min_size=1, max_size=9).map(" ".join),
                          st.sampled_from([9, 10, 11, 14, 18]), st.booleans(), st.sampled_from([72, 90, 320])),
                min_size=1, max_size=25))
def test_pdf_offsets_exact_for_any_lines(tmp_path, lines):
    items = [(x, 740 - 16 * i, size, text, bold) for i, (text, size, bold, x) in enumerate(lines)]
    path = make_layout_pdf(tmp_path / "any.pdf", [items[:20], items[20:]] if len(items) > 20 else [items])
    try:
        doc = read_document(path)
    except QAError as e:  # only a page of punctuation has no text
        assert "no text" in str(e)
        return
    for c in chunks_of(doc):
        assert c.page is not None and doc.pages[c.page - 1][0] <= c.start


def test_citations_give_the_printed_page_label_and_say_ocr(tmp_path, hash_embedder):
    """A passage from a labelled PDF page cites the label ("p. v"), not the page number;
    text read by OCR says so in its citation."""
    from qa.answer.answers import answer
    from qa.store.index import build_index, load_index

    folder = tmp_path / "docs"
    folder.mkdir()
    pages = [[(72, 700, 11, f"The inspectors of year {n} checked {n * 7} vessels in the harbour.", False)] for n in (1, 2, 3)]
    make_layout_pdf(folder / "ferry.pdf", pages, labels=["iv", "v", "vi"])
    if shutil.which("tesseract"):
        make_scanned_pdf(folder / "scan.pdf", ["The ferry left the harbour at noon.", "Forty passengers were aboard."])
    build_index([folder], tmp_path / "index", hash_embedder)
    index = load_index(tmp_path / "index")
    found = answer(index, hash_embedder, "How many vessels did the inspectors of year 2 check?", k=5)
    ferry = [p for p in found.passages if p.doc == "ferry.pdf" and "14 vessels" in p.text]
    assert ferry and ferry[0].page == 2 and ferry[0].page_label == "v"
    assert "p. v)" in ferry[0].citation and "p. v" in ferry[0].citation_markdown
    if shutil.which("tesseract"):
        found = answer(index, hash_embedder, "How many passengers were aboard the ferry?", k=5)
        scan = [p for p in found.passages if p.doc == "scan.pdf"]
        assert scan and scan[0].ocr and "p. 1, text from OCR" in scan[0].citation


def test_bulk_text_and_per_character_text_give_the_same_segments(monkeypatch):
    """page_segments takes a page's text in one call; where that text would not
    line up with the character indices it asks per character. Both ways read the same."""
    import pypdfium2 as pdfium

    from qa.ingest import pdf_chars

    names = ["federal-register-2020-17221.pdf", "redp5110_sampled.pdf", "layout-parser-paper-with-table.pdf"]
    if not all((REALDOCS / n).exists() for n in names):
        pytest.skip("the shared bench folder is absent")

    def read_all():
        out = []
        for name in names:
            pdf = pdfium.PdfDocument(str(REALDOCS / name))
            for i in range(len(pdf)):
                page = pdf[i]
                out.append([(s.text, s.x0, s.x1, s.y0, s.y1, s.size, s.bold, s.src, s.font)
                            for s in pdf_chars.page_segments(page, page.get_textpage())])
        return out

    bulk = read_all()
    monkeypatch.setattr(pdf_chars, "_page_text", lambda tp, n: None)
    assert read_all() == bulk
    assert any("Soekarno-" in seg[0] for page in bulk for seg in page)  # the hyphen at a line break is kept
