"""Small real files for the evidence-bundle tests: PDFs, images, an Office file, damage."""

import io

from django.core.files.base import ContentFile
from PIL import Image
from pypdf import PdfReader, PdfWriter
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from clients.models import Client, Document

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
TIFF = "image/tiff"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def pdf_bytes(pages: int, label: str, size: tuple[float, float] = A4) -> bytes:
    """A PDF whose page i reads "<label> page i", so tests can see which page is where."""
    out = io.BytesIO()
    sheet = canvas.Canvas(out, pagesize=size)
    for number in range(1, pages + 1):
        sheet.drawString(72, size[1] - 72, f"{label} page {number}")
        sheet.showPage()
    sheet.save()
    return out.getvalue()


def image_bytes(size: tuple[int, int], fmt: str = "PNG", mode: str = "RGB", frames: int = 1):
    out = io.BytesIO()
    images = [Image.new(mode, size, "navy") for _ in range(frames)]
    images[0].save(out, fmt, save_all=frames > 1, append_images=images[1:])
    return out.getvalue()


def encrypted_pdf_bytes() -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_bytes(1, "SECRET"))))
    writer.encrypt("client-password")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


BROKEN_PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >>\nthis is not a pdf at all"
# Content does not matter for an Office file: the bundle lists it without opening it.
DOCX_BYTES = b"PK\x03\x04 word/document.xml"


def add_document(
    client: Client, by, *, title: str, content: bytes, content_type: str, name: str = ""
) -> Document:
    document = Document(
        client=client,
        category=Document.Category.EVIDENCE,
        title=title,
        original_name=name or f"{title.lower().replace(' ', '-')}.bin",
        content_type=content_type,
        size=len(content),
        uploaded_by=by,
    )
    document.file.save("upload", ContentFile(content), save=False)
    document.save()
    return document


def page_texts(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]
