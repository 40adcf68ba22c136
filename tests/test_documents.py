"""Readers for each format: text, pages, headings and metadata."""

import pytest

from qa.ingest.documents import discover, read_document
from qa.errors import QAError

from .conftest import SEEDS
from .files import make_docx, make_pdf


def test_txt_text_is_the_file_unchanged():
    for path in SEEDS.iterdir():
        doc = read_document(path)
        assert doc.text == path.read_bytes().decode("utf-8")


def test_seed_metadata_from_the_text():
    qp = read_document(SEEDS / "000_a58a9600d03a047c.txt")
    assert qp.title == "Question Period Note: Border Security Initiatives – Migrant Smuggling"
    assert qp.meta == {"organization": "Public Safety Canada", "date": "May 30, 2025", "reference": "PS-2025-QP-00019"}
    npf = read_document(SEEDS / "004_c83899779e2afedb.txt")
    assert npf.title == "Recommendations for Improved Canada/U.S. Border Security"
    assert npf.meta["organization"] == "National Police Federation"
    assert npf.meta["date"] == "January 28, 2025"


def test_markdown_keeps_text_and_title(tmp_path):
    path = tmp_path / "note.md"
    path.write_text("# Ferry Safety Review\n\nThe *ferry* sails at 9.\n", encoding="utf-8")
    doc = read_document(path)
    assert doc.text == path.read_text(encoding="utf-8")
    assert doc.title == "Ferry Safety Review" and doc.kind == "md"


def test_pdf_pages(tmp_path):
    path = make_pdf(tmp_path / "report.pdf", [["Harbour Report", "Boats were counted."], ["Second page text here."]])
    doc = read_document(path)
    assert len(doc.pages) == 2
    s, e = doc.pages[1]
    assert "Second page" in doc.text[s:e]
    assert doc.page_at(s) == 2 and doc.page_at(0) == 1


def test_pdf_memo_fields_are_not_the_title(tmp_path):
    """A memo's "Organization:" and "Date:" lines, set like its title line, are
    fields of their own: the title stops before them and they fill the metadata."""
    path = make_pdf(tmp_path / "memo.pdf", [["Lighthouse Maintenance Memo", "Organization: Coastal Beacon Office",
                                             "Date: March 3, 2024", "The lamp was replaced on the north tower",
                                             "and the keeper logged it in the station book."]])
    doc = read_document(path)
    assert doc.title == "Lighthouse Maintenance Memo"
    assert doc.meta == {"organization": "Coastal Beacon Office", "date": "March 3, 2024"}
    assert "\n\nThe lamp was replaced on the north tower and the keeper logged it in the station book." in doc.text


def test_pdf_title_is_not_a_running_headers_section_name(tmp_path):
    """A cover heading that is only the publication's section, repeated in the
    running header of every page ("Proposed Rules"), is not the title; the
    document's own heading, in a style no section heading shares, is."""
    from .files import make_layout_pdf

    header = "Harbour Gazette / Vol. 12 / Proposed Notices"
    first = [(72, 740, 18, "Proposed Notices", True), (400, 722, 8, "Harbour Gazette", True),
             (72, 700, 9, "Ferry Tariffs for the Northern Routes", True),
             (72, 680, 10, "Background", True), (72, 666, 10, "The ferry board met in May to review every fare.", False),
             (72, 640, 10, "Comments", True), (72, 626, 10, "Send comments to the board before the summer.", False)]
    later = [[(72, 760, 8, f"{header} / {n}", False), (72, 700, 10, "Schedules", True),
              (72, 686, 10, "Boats leave the harbour every hour from six in the morning.", False)] for n in (2, 3, 4)]
    doc = read_document(make_layout_pdf(tmp_path / "gazette.pdf", [first] + later))
    assert doc.title == "Ferry Tariffs for the Northern Routes"
    # set alone in the first page's margin, a part of the running header is the publication's furniture
    assert "Proposed Notices" not in [doc.text[s:e] for s, e, _ in doc.headings]
    assert "Proposed Notices" in [doc.text[s:e] for s, e, k in doc.spans if k == "boilerplate"]


def test_docx_headings_and_paragraphs(tmp_path):
    path = make_docx(tmp_path / "memo.docx", [("Title", "Port Memo"), ("Heading 1", "Findings"), ("Normal", "Ports were busy in 2024.")])
    doc = read_document(path)
    assert doc.title == "Port Memo"
    assert [doc.text[s:e] for s, e, *_ in doc.headings] == ["Port Memo", "Findings"]
    assert "Ports were busy in 2024." in doc.text


def test_html_blocks_and_no_script(tmp_path):
    path = tmp_path / "page.html"
    path.write_text("<html><head><title>Dock Page</title><script>alert(1)</script></head>"
                    "<body><h1>Docks</h1><p>Ships <b>arrive</b> daily.</p><ul><li>One</li></ul></body></html>")
    doc = read_document(path)
    assert doc.title == "Dock Page"
    assert "alert" not in doc.text
    assert "Ships arrive daily." in doc.text and "• One" in doc.text


def test_html_comments_declaration_and_encoding(tmp_path):
    """Comments are no text; an XML declaration and a UTF-8 page that names no charset read as written."""
    path = tmp_path / "filing.htm"
    path.write_bytes('<?xml version="1.0" encoding="utf-8"?>\n<html><body><!-- NewPP limit report -->'
                     '<p>Québec’s ferries <!-- hidden note -->sail <span style="display:none">x</span>at dawn.</p>'
                     '</body></html>'.encode("utf-8"))
    doc = read_document(path)
    assert doc.text == "Québec’s ferries sail at dawn."


def test_html_of_only_a_comment_is_one_line(tmp_path):
    path = tmp_path / "empty-ish.html"
    path.write_bytes(b"<!-- nothing here -->")
    with pytest.raises(QAError) as e:
        read_document(path)
    assert "no text" in str(e.value) and "\n" not in str(e.value)


@pytest.mark.parametrize("name,data,message", [
    ("empty.txt", b"", "empty"),
    ("blank.md", b"  \n\n ", "empty"),
    ("binary.txt", b"\x00\x01\x02binary" * 10, "binary"),
    ("broken.pdf", b"%PDF-1.4 garbage", "cannot read it as PDF"),
    ("broken.docx", b"PK not a zip", "cannot read it as DOCX"),
    ("image.png", b"\x89PNG", "unsupported file type"),
])
def test_bad_files_raise_one_line(tmp_path, name, data, message):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(QAError) as e:
        read_document(path)
    assert message in str(e.value) and "\n" not in str(e.value) and name in str(e.value)


def test_discover_names_relative_to_folder(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "a.txt").write_text("A")
    (tmp_path / "sub" / "b.md").write_text("B")
    (tmp_path / "skip.png").write_bytes(b"x")
    (tmp_path / ".hidden.txt").write_text("H")
    assert [doc for _, doc in discover([tmp_path])] == ["a.txt", "sub/b.md"]
    with pytest.raises(QAError, match="no such file"):
        discover([tmp_path / "missing"])


def test_pdf_one_word_title_on_a_cover_is_the_title(tmp_path):
    """A manual's cover whose title is one word in the largest type
    ("Libtasn1"), with its authors below: the word is the title, not the
    authors' line; a lone "Contents" in the largest type never is."""
    from .files import make_layout_pdf

    cover = [(72, 700, 28, "Tidewatch", True), (72, 660, 12, "A tide-table library for harbour pilots", False),
             (72, 620, 14, "Ana Nunez and Piet de Vries", True),
             (72, 560, 10, "Tidewatch predicts the tide at every port, from A Coruña to Tromsø.", False)]
    doc = read_document(make_layout_pdf(tmp_path / "manual.pdf", [cover], encoding="/WinAnsiEncoding"))
    assert doc.title == "Tidewatch" and "from A Coruña to Tromsø." in doc.text
    contents = [(72, 700, 28, "Contents", True), (72, 620, 14, "Ana Nunez and Piet de Vries", True),
                (72, 560, 10, "The tables list the hours of high water at every port.", False)]
    assert read_document(make_layout_pdf(tmp_path / "contents.pdf", [contents])).title != "Contents"
