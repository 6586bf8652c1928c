"""The evidence bundle as a PDF: an index page, then every document, numbered throughout.

Pure functions over bytes: no models, no storage, no request. `build_bundle` takes the
documents in the caseworker's order and returns the finished PDF and its index rows.

What cannot go in is listed, never fatal: an Office file (nothing here converts it), a
PDF that is damaged or password-protected, an image Pillow cannot read. Each keeps its
line in the index with the reason, so the bundle still builds and the gap is visible.
"""

import datetime
import io
from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _
from PIL import Image, ImageOps, ImageSequence
from pypdf import PageObject, PdfReader, PdfWriter, Transformation
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

PDF = "application/pdf"
IMAGE_TYPES = frozenset({"image/jpeg", "image/png", "image/gif", "image/webp", "image/tiff"})

MARGIN = 15 * mm
# Scans beyond ~300 dpi on A4 only make the bundle heavy.
MAX_IMAGE_PIXELS = (2480, 3508)
# Helvetica has no Chinese; titles in Chinese use a CID font the reader's viewer supplies.
CJK_FONT = "MSung-Light"


@dataclass(frozen=True)
class BundleDocument:
    """One document of the bundle, in order. `data` is None when there is no file to read
    (missing from storage, or a kind the bundle only lists)."""

    title: str
    date: datetime.date | None
    topic: str  # the ground or issue it supports, as the index shows it
    content_type: str
    data: bytes | None


@dataclass(frozen=True)
class IndexRow:
    number: int
    title: str
    date: datetime.date | None
    topic: str
    first_page: int | None = None  # None: not included
    last_page: int | None = None
    problem: str = ""

    @property
    def included(self) -> bool:
        return self.first_page is not None


@dataclass(frozen=True)
class Bundle:
    pdf: bytes
    rows: list[IndexRow]
    index_pages: int
    total_pages: int


class NotIncluded(Exception):
    """Why a document cannot be part of the bundle, in words for the index."""


def not_included_office() -> str:
    return _("Not included: convert to PDF first")


def build_bundle(
    *,
    heading: str,
    details: Sequence[tuple[str, str]],
    documents: Sequence[BundleDocument],
    prepared_on: datetime.date,
) -> Bundle:
    """The bundle: index first, then each document's pages, "Page N of M" on every page.

    `details` are (label, value) lines under the heading (client reference, claim number).
    """
    parts: list[PdfReader | None] = []
    problems: list[str] = []
    for document in documents:
        try:
            parts.append(_pages_of(document))
            problems.append("")
        except NotIncluded as reason:
            parts.append(None)
            problems.append(str(reason))

    # The index's own length shifts every page range after it: lay it out until stable.
    index_pages = 1
    for _attempt in range(5):
        rows = _index_rows(documents, parts, problems, start=index_pages + 1)
        index = PdfReader(io.BytesIO(_index_pdf(heading, details, rows, prepared_on)))
        if len(index.pages) == index_pages:
            break
        index_pages = len(index.pages)

    writer = PdfWriter()
    for page in index.pages:
        writer.add_page(page)
    writer.add_outline_item(title=_("Index"), page_number=0)
    for row, part in zip(rows, parts, strict=True):
        if part is None:
            continue
        first = len(writer.pages)
        for page in part.pages:
            writer.add_page(page)
        writer.add_outline_item(title=f"{row.number}. {row.title}", page_number=first)
    total = len(writer.pages)
    _stamp_page_numbers(writer)
    writer.add_metadata({"/Title": heading, "/Producer": "justicecentre"})
    out = io.BytesIO()
    writer.write(out)
    return Bundle(pdf=out.getvalue(), rows=rows, index_pages=index_pages, total_pages=total)


def can_include(content_type: str) -> bool:
    """PDFs and images go in; anything else (Office files) is only listed."""
    return content_type == PDF or content_type in IMAGE_TYPES


def _pages_of(document: BundleDocument) -> PdfReader:
    if not can_include(document.content_type):
        raise NotIncluded(not_included_office())
    if document.data is None:
        raise NotIncluded(_("Not included: the stored file is missing"))
    if document.content_type == PDF:
        return _checked_pdf(document.data)
    return PdfReader(io.BytesIO(_image_pdf(document.data)))


def _checked_pdf(data: bytes) -> PdfReader:
    """The PDF, re-written once on its own so that any damage shows here, not mid-bundle."""
    damaged = NotIncluded(_("Not included: the PDF is damaged and cannot be read"))
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise NotIncluded(
                _("Not included: the PDF is password-protected; remove the protection first")
            )
        copy = PdfWriter()
        for page in reader.pages:
            # Rotation moved into the content, so the page number lands upright.
            copy.add_page(page).transfer_rotation_to_content()
        if not copy.pages:
            raise damaged
        out = io.BytesIO()
        copy.write(out)
        return PdfReader(io.BytesIO(out.getvalue()))
    except NotIncluded:
        raise
    # A damaged file can fail in any of pypdf's parsers, with any exception: whatever it
    # is, the document is left out and the bundle still builds.
    except Exception as error:
        raise damaged from error


def _image_pdf(data: bytes) -> bytes:
    """Each image (each frame of a multi-page TIFF scan) on an A4 page, scaled to fit."""
    out = io.BytesIO()
    try:
        with Image.open(io.BytesIO(data)) as image:
            frames = ImageSequence.all_frames(image) if image.format == "TIFF" else [image]
            sheet = canvas.Canvas(out, pageCompression=1)
            for frame in frames:
                _draw_image_page(sheet, frame)
            sheet.save()
    except Exception as error:  # Pillow raises many kinds on a bad file
        raise NotIncluded(_("Not included: the image is damaged and cannot be read")) from error
    return out.getvalue()


def _draw_image_page(sheet: canvas.Canvas, frame: Image.Image) -> None:
    picture = ImageOps.exif_transpose(frame)
    if picture.mode in ("RGBA", "LA", "PA") or "transparency" in picture.info:
        picture = picture.convert("RGBA")
        flat = Image.new("RGB", picture.size, "white")  # transparent means paper
        flat.paste(picture, mask=picture.getchannel("A"))
        picture = flat
    elif picture.mode not in ("RGB", "L"):
        picture = picture.convert("RGB")
    wide = picture.width > picture.height
    picture.thumbnail(MAX_IMAGE_PIXELS[::-1] if wide else MAX_IMAGE_PIXELS)
    page_width, page_height = landscape(A4) if wide else A4
    sheet.setPageSize((page_width, page_height))
    room_width, room_height = page_width - 2 * MARGIN, page_height - 2 * MARGIN
    scale = min(room_width / picture.width, room_height / picture.height)
    width, height = picture.width * scale, picture.height * scale
    sheet.drawImage(
        ImageReader(picture),
        (page_width - width) / 2,
        (page_height - height) / 2,
        width=width,
        height=height,
    )
    sheet.showPage()


def _index_rows(
    documents: Sequence[BundleDocument],
    parts: Sequence[PdfReader | None],
    problems: Sequence[str],
    *,
    start: int,
) -> list[IndexRow]:
    rows, page = [], start
    for number, (document, part, problem) in enumerate(
        zip(documents, parts, problems, strict=True), start=1
    ):
        first = last = None
        if part is not None:
            first, last = page, page + len(part.pages) - 1
            page = last + 1
        rows.append(
            IndexRow(
                number=number,
                title=document.title,
                date=document.date,
                topic=document.topic,
                first_page=first,
                last_page=last,
                problem=problem,
            )
        )
    return rows


def page_range(row: IndexRow) -> str:
    if not row.included:
        return row.problem
    if row.first_page == row.last_page:
        return str(row.first_page)
    return f"{row.first_page}-{row.last_page}"


def _font_for(text: str) -> str:
    try:
        text.encode("cp1252")
    except UnicodeEncodeError:
        if CJK_FONT not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(UnicodeCIDFont(CJK_FONT))
        return CJK_FONT
    return "Helvetica"


def _cell(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(text), ParagraphStyle("cell", parent=style, fontName=_font_for(text)))


def _index_pdf(
    heading: str,
    details: Sequence[tuple[str, str]],
    rows: Sequence[IndexRow],
    prepared_on: datetime.date,
) -> bytes:
    styles = getSampleStyleSheet()
    body = ParagraphStyle("body", parent=styles["BodyText"], fontSize=9, leading=11)
    bold = ParagraphStyle("bold", parent=body, fontName="Helvetica-Bold")
    story: list = [_cell(heading, styles["Title"])]
    for label, value in details:
        story.append(Paragraph(f"<b>{escape(label)}:</b> {escape(value)}", styles["BodyText"]))
    story.append(
        Paragraph(
            escape(_("Prepared on %(date)s") % {"date": prepared_on.isoformat()}),
            styles["BodyText"],
        )
    )
    story += [Spacer(1, 6 * mm), Paragraph(escape(_("Index")), styles["Heading2"])]
    table = [
        [
            Paragraph(escape(text), bold)
            for text in (_("No."), _("Document"), _("Date"), _("Ground or issue"), _("Pages"))
        ]
    ]
    for row in rows:
        table.append(
            [
                Paragraph(str(row.number), body),
                _cell(row.title, body),
                Paragraph(row.date.isoformat() if row.date else escape(_("Undated")), body),
                _cell(row.topic, body),
                _cell(page_range(row), bold if not row.included else body),
            ]
        )
    grid = Table(
        table,
        colWidths=[12 * mm, 70 * mm, 22 * mm, 43 * mm, 33 * mm],
        repeatRows=1,
    )
    grid.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black),
                ("LINEBELOW", (0, 1), (-1, -1), 0.25, colors.grey),
            ]
        )
    )
    story.append(grid)
    if any(not row.included for row in rows):
        story += [
            Spacer(1, 4 * mm),
            Paragraph(
                escape(
                    _(
                        "Documents marked “not included” are listed in their place but are "
                        "not in this bundle. Convert them to PDF (or remove the password) and "
                        "upload them again, then rebuild the bundle."
                    )
                ),
                body,
            ),
        ]
    out = io.BytesIO()
    SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN + 5 * mm,  # room for the page number
        title=heading,
    ).build(story)
    return out.getvalue()


def _stamp_page_numbers(writer: PdfWriter) -> None:
    """ "Page N of M" in the bottom right corner of every page, whatever its size."""
    pages: list[PageObject] = list(writer.pages)
    total = len(pages)
    overlay = io.BytesIO()
    sheet = canvas.Canvas(overlay)
    for number, page in enumerate(pages, start=1):
        box = page.cropbox
        width, height = float(box.width), float(box.height)
        sheet.setPageSize((width, height))
        sheet.setFont("Helvetica", 9)
        text = _("Page %(number)d of %(total)d") % {"number": number, "total": total}
        sheet.drawRightString(width - 10 * mm, 7 * mm, text)
        sheet.showPage()
    sheet.save()
    stamps = PdfReader(io.BytesIO(overlay.getvalue()))
    for page, stamp in zip(pages, stamps.pages, strict=True):
        box = page.cropbox
        page.merge_transformed_page(
            stamp, Transformation().translate(float(box.left), float(box.bottom))
        )
