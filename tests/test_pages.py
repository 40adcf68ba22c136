"""The original page: a rendered PDF page with the passage's lines highlighted where the text is."""

from qa.config import ChunkSettings
from qa.encode.embedding import WordPieceCounter, model_dir
from qa.ingest.chunking import chunk_document
from qa.ingest.documents import read_document
from qa.ingest.pages import highlight_boxes, render_page

from .files import make_layout_pdf


def yellow(pixel) -> bool:
    r, g, b = pixel[:3]
    return r > 200 and g > 150 and b < 150


def test_highlight_is_drawn_where_the_passage_is(tmp_path):
    items = [(72, 700, 12, "The harbour master counted ninety boats.", False),
             (72, 400, 12, "Every ferry must carry two life rafts.", False)]
    path = make_layout_pdf(tmp_path / "harbour.pdf", [items])
    doc = read_document(path)
    start = doc.text.index("Every ferry")
    end = start + len("Every ferry must carry two life rafts.")
    boxes = highlight_boxes(path, 1, doc.text[start:end])
    assert len(boxes) == 1
    x0, y0, x1, y1 = boxes[0]
    assert 70 <= x0 <= 74 and 395 <= y0 <= 402 and 405 <= y1 <= 415 and x1 > 250
    png = render_page(path, doc, start, end, cache_dir=tmp_path / "cache", scale=1)
    from PIL import Image

    image = Image.open(png).convert("RGB")
    assert image.size == (612, 792)
    # inside the passage's line (y = 792 - 404): highlighted; over the other line and in the margin: not
    assert yellow(image.getpixel((100, 792 - 398)))
    assert not yellow(image.getpixel((100, 792 - 698)))
    assert not yellow(image.getpixel((500, 792 - 200)))
    assert render_page(path, doc, start, end, cache_dir=tmp_path / "cache", scale=1) == png  # cached


def test_highlight_follows_a_chunk_over_joined_lines(tmp_path):
    items = [(72, 700 - 14 * i, 11, line, False) for i, line in enumerate(
        ["Inspectors checked the vessels for cross-", "border traffic and asked each ques-", "tion twice before signing off."])]
    path = make_layout_pdf(tmp_path / "joined.pdf", [items])
    doc = read_document(path)
    chunk = chunk_document(doc, ChunkSettings(), WordPieceCounter(model_dir("all-MiniLM-L6-v2")))[0]
    assert "question twice" in chunk.text
    boxes = highlight_boxes(path, 1, chunk.text)
    assert len(boxes) == 3 and boxes[0][3] > boxes[1][3] > boxes[2][3]
