"""Write small real files of each supported format for tests."""

from __future__ import annotations

from pathlib import Path


def make_pdf(path: Path, pages: list[list[str]]) -> Path:
    """A minimal valid PDF: one page per item, each a list of text lines (Helvetica)."""
    streams = []
    for lines in pages:
        ops = ["BT", "/F1 12 Tf", "72 720 Td", "14 TL"]
        for line in lines:
            esc = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
            ops.append(f"({esc}) Tj T*")
        ops.append("ET")
        streams.append(("\n".join(ops), "<< /Font << /F1 3 0 R >> >>", None))
    return _write_pdf(path, streams)


def make_docx(path: Path, blocks: list[tuple[str, str]]) -> Path:
    """A DOCX of (style, text) paragraphs, style e.g. "Title", "Heading 1", "Normal"."""
    import docx

    d = docx.Document()
    for style, text in blocks:
        d.add_paragraph(text, style=style)
    d.save(str(path))
    return path


def _write_pdf(path: Path, page_objects: list[tuple[str, str, bytes | None]], labels: list[str] | None = None,
               encoding: str = "") -> Path:
    """A PDF from (content stream, resources, image bytes or None) per page; optional page labels
    and an /Encoding for the regular font (e.g. glyph names without Unicode values)."""
    enc = f" /Encoding {encoding}" if encoding else ""
    objects: list[bytes] = [b"", b"", f"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica{enc} >>".encode(),
                            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold >>"]
    kids = []
    for stream, resources, image in page_objects:
        if image is not None:
            objects.append(b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray "
                           b"/BitsPerComponent 8 /Filter /DCTDecode /Length %d >>\nstream\n" % (image[0], image[1], len(image[2]))
                           + image[2] + b"\nendstream")
            resources = resources.replace("IMG", f"{len(objects)} 0 R")
        data = stream.encode("latin-1")
        objects.append(b"<< /Length %d >>\nstream\n" % len(data) + data + b"\nendstream")
        content = len(objects)
        objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents {content} 0 R /Resources {resources} >>".encode())
        kids.append(len(objects))
    nums = ""
    if labels:
        nums = " /PageLabels << /Nums [" + " ".join(f"{i} << /P ({label}) >>" for i, label in enumerate(labels)) + "] >>"
    objects[0] = f"<< /Type /Catalog /Pages 2 0 R{nums} >>".encode()
    objects[1] = f"<< /Type /Pages /Kids [{' '.join(f'{k} 0 R' for k in kids)}] /Count {len(kids)} >>".encode()
    out = b"%PDF-1.4\n"
    offsets = []
    for i, obj in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n".encode() + obj + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{o:010d} 00000 n \n" for o in offsets).encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    path.write_bytes(out)
    return path


FONTS = "<< /Font << /F1 3 0 R /F2 4 0 R >> >>"


def placed_text(items: list[tuple[float, float, float, str, bool]]) -> str:
    """A content stream of (x, y, size, text, bold) lines."""
    ops = []
    for x, y, size, text, bold in items:
        esc = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        ops.append(f"BT /{'F2' if bold else 'F1'} {size} Tf {x} {y} Td ({esc}) Tj ET")
    return "\n".join(ops)


def make_layout_pdf(path: Path, pages: list[list[tuple[float, float, float, str, bool]]], labels: list[str] | None = None,
                    encoding: str = "") -> Path:
    """A PDF whose pages hold lines placed at (x, y) with a size, Helvetica or Helvetica-Bold."""
    return _write_pdf(path, [(placed_text(items), FONTS, None) for items in pages], labels, encoding)


def make_scanned_pdf(path: Path, lines: list[str]) -> Path:
    """A one-page PDF that is only an image of text (no text layer), as a scanner makes."""
    import io

    from PIL import Image, ImageDraw, ImageFont

    scale = 4  # 300 dpi-ish: 612 pt * 4 px
    image = Image.new("L", (612 * scale // 2, 792 * scale // 2), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=36)
    y = 150
    for line in lines:
        draw.text((120, y), line, fill=0, font=font)
        y += 60
    buf = io.BytesIO()
    image.save(buf, format="JPEG", quality=90)
    stream = "q 612 0 0 792 0 0 cm /Im1 Do Q"
    return _write_pdf(path, [(stream, "<< /XObject << /Im1 IMG >> >>", (image.width, image.height, buf.getvalue()))])
