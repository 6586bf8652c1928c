"""The bundle PDF itself (cases.bundle): index, order, page numbers, what cannot go in."""

import datetime
import io
import re

import pytest
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4, landscape

from cases.bundle import BundleDocument, build_bundle

from .evidence_files import (
    BROKEN_PDF,
    DOCX,
    DOCX_BYTES,
    JPEG,
    PDF,
    PNG,
    TIFF,
    encrypted_pdf_bytes,
    image_bytes,
    page_texts,
    pdf_bytes,
)

PREPARED = datetime.date(2026, 3, 2)


def doc(title, content_type, data, date=None, topic="Credibility") -> BundleDocument:
    return BundleDocument(title=title, date=date, topic=topic, content_type=content_type, data=data)


def build(*documents: BundleDocument):
    return build_bundle(
        heading="Evidence bundle",
        details=[("Client reference", "JC-2026-00042"), ("Claim number", "NR-2024-0457")],
        documents=documents,
        prepared_on=PREPARED,
    )


def test_index_then_every_page_in_order_numbered_throughout():
    made = build(
        doc("Medical report", PDF, pdf_bytes(3, "MEDICAL"), datetime.date(2025, 11, 3)),
        doc("Photograph of scars", PNG, image_bytes((600, 900))),
        doc("Country report", PDF, pdf_bytes(2, "COUNTRY"), topic="State protection"),
    )
    texts = page_texts(made.pdf)

    assert made.index_pages == 1
    assert len(texts) == made.total_pages == 1 + 3 + 1 + 2
    for number, text in enumerate(texts, start=1):
        assert f"Page {number} of 7" in text
    assert "MEDICAL page 1" in texts[1]
    assert "MEDICAL page 3" in texts[3]
    assert "COUNTRY page 1" in texts[5]
    assert "COUNTRY page 2" in texts[6]

    index = texts[0]
    assert "JC-2026-00042" in index
    assert "NR-2024-0457" in index
    assert "2026-03-02" in index  # prepared on
    assert index.index("Medical report") < index.index("Photograph") < index.index("Country")
    assert re.search(r"Medical report\s+2025-11-03\s+Credibility\s+2-4", index)
    assert re.search(r"Photograph of scars\s+Undated\s+Credibility\s+5\b", index)
    assert re.search(r"Country report\s+Undated\s+State protection\s+6-7", index)
    assert [(r.first_page, r.last_page) for r in made.rows] == [(2, 4), (5, 5), (6, 7)]


def test_office_files_and_damaged_or_protected_pdfs_are_listed_not_included():
    made = build(
        doc("Witness statement", DOCX, DOCX_BYTES),
        doc("Scanned letter", PDF, BROKEN_PDF),
        doc("Bank letter", PDF, encrypted_pdf_bytes()),
        doc("Missing file", PDF, None),
        doc("Decision", PDF, pdf_bytes(2, "DECISION")),
    )
    texts = page_texts(made.pdf)

    assert len(texts) == made.total_pages == 1 + 2
    assert "DECISION page 1" in texts[1]
    assert "Page 3 of 3" in texts[2]
    index = " ".join(texts[0].split())
    assert "Witness statement" in index
    assert "Not included: convert to PDF first" in index
    assert "Not included: the PDF is damaged and cannot be read" in index
    assert "Not included: the PDF is password-protected" in index
    assert "Not included: the stored file is missing" in index
    assert re.search(r"Decision\s+Undated\s+Credibility\s+2-3", index)
    assert [row.included for row in made.rows] == [False, False, False, False, True]


def test_a_damaged_image_is_listed_not_included():
    made = build(doc("Photo", JPEG, b"\xff\xd8\xff\xe0 not really a jpeg"))
    assert made.total_pages == 1
    assert "the image is damaged" in " ".join(page_texts(made.pdf)[0].split())


def test_images_are_one_page_each_scaled_to_fit_a4_in_their_orientation():
    made = build(
        doc("Wide photo", PNG, image_bytes((1600, 900), mode="RGBA")),
        doc("Tall scan", JPEG, image_bytes((1240, 1754), fmt="JPEG")),
        doc("Tiny", PNG, image_bytes((20, 30), mode="P")),
    )
    pages = PdfReader(io.BytesIO(made.pdf)).pages
    assert len(pages) == 4
    sizes = [(round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in pages]
    a4, a4_wide = tuple(round(x) for x in A4), tuple(round(x) for x in landscape(A4))
    assert sizes == [a4, a4_wide, a4, a4]


def test_every_page_of_a_tiff_scan_goes_in():
    made = build(doc("Faxed decision", TIFF, image_bytes((800, 1100), fmt="TIFF", frames=3)))
    assert made.total_pages == 1 + 3
    assert made.rows[0].first_page == 2
    assert made.rows[0].last_page == 4


def test_odd_page_sizes_are_stamped_too():
    made = build(doc("Receipt", PDF, pdf_bytes(1, "RECEIPT", size=(300, 400))))
    assert "Page 2 of 2" in page_texts(made.pdf)[1]


def test_a_long_index_runs_over_pages_and_the_ranges_follow():
    documents = [doc(f"Exhibit number {n}", PDF, pdf_bytes(1, f"EXHIBIT {n}")) for n in range(80)]
    made = build(*documents)
    texts = page_texts(made.pdf)

    assert made.index_pages > 1
    assert made.total_pages == made.index_pages + 80 == len(texts)
    assert made.rows[0].first_page == made.index_pages + 1
    assert made.rows[-1].last_page == made.total_pages
    assert "EXHIBIT 0 page 1" in texts[made.index_pages]
    assert f"Page {made.total_pages} of {made.total_pages}" in texts[-1]


@pytest.mark.parametrize(
    "title",
    ["Report <draft> & annex", "醫療報告 Medical report", "Statement of Mr. Ö'Brien"],
)
def test_titles_with_markup_or_other_scripts_do_not_break_the_index(title):
    made = build(doc(title, PDF, pdf_bytes(1, "ONE")))
    assert made.total_pages == 2
    if title.isascii():
        assert title in page_texts(made.pdf)[0]


def test_an_empty_bundle_is_just_its_index():
    made = build()
    assert made.total_pages == 1
    assert "Page 1 of 1" in page_texts(made.pdf)[0]
