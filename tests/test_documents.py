"""Document upload and download: content-checked, size-limited, access-checked."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from clients.models import Document

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


@pytest.fixture
def http(client, caseworker):
    client.force_login(caseworker)
    return client


def upload(http, client_record, name: str, content: bytes, **extra):
    data = {"title": "Evidence", "category": "evidence", "file": SimpleUploadedFile(name, content)}
    return http.post(reverse("clients:documents", args=[client_record.reference]), data | extra)


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("report.pdf", PDF, "application/pdf"),
        ("photo.png", PNG, "image/png"),
        (
            "letter.docx",
            docx_bytes(),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        ("scan.bin", PDF, "application/pdf"),  # the name does not matter, the content does
    ],
)
def test_allowed_uploads_are_stored_with_their_real_type(
    http, client_record, name, content, content_type
):
    response = upload(http, client_record, name, content)
    assert response.status_code == 302
    document = Document.objects.get()
    assert document.content_type == content_type
    assert document.original_name == name
    assert document.size == len(content)
    # The stored name carries neither the client's name nor the original file name.
    assert name not in document.file.name
    assert client_record.family_name not in document.file.name


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("evil.pdf", b"<html><script>alert(1)</script></html>"),
        ("run.exe", b"MZ\x90\x00" + b"\x00" * 60),
        ("fake.docx", b"PK\x03\x04 not really a zip"),
        ("notes.txt", b"plain text"),
    ],
)
def test_disallowed_content_is_refused_with_a_message(http, client_record, name, content):
    response = upload(http, client_record, name, content)
    assert response.status_code == 200
    assert "Only PDF, image" in response.content.decode()
    assert not Document.objects.exists()


def test_oversize_upload_is_refused_clearly(http, client_record, settings):
    settings.DOCUMENT_MAX_BYTES = 1024
    response = upload(http, client_record, "big.pdf", PDF + b"0" * 2048)
    assert response.status_code == 200
    assert "the limit is 1.0" in response.content.decode()
    assert not Document.objects.exists()


def test_upload_without_a_file_or_title_keeps_the_form(http, client_record):
    response = http.post(
        reverse("clients:documents", args=[client_record.reference]),
        {"title": "Typed title", "category": "evidence"},
    )
    assert response.status_code == 200
    assert 'value="Typed title"' in response.content.decode()
    assert "This field is required." in response.content.decode()


def test_download_is_an_attachment_that_browsers_must_not_sniff(http, client_record):
    upload(http, client_record, "report.pdf", PDF)
    document = Document.objects.get()
    response = http.get(document.get_absolute_url())
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    assert 'filename="report.pdf"' in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF


def test_download_outside_scope_is_404(http, client, client_record, other_caseworker):
    upload(http, client_record, "report.pdf", PDF)
    client.force_login(other_caseworker)
    assert client.get(Document.objects.get().get_absolute_url()).status_code == 404


def test_a_document_cannot_be_fetched_through_another_clients_url(
    http, client_record, other_client, supervisor
):
    upload(http, client_record, "report.pdf", PDF)
    document = Document.objects.get()
    url = reverse("clients:document_download", args=[other_client.reference, document.pk])
    assert http.get(url).status_code == 404


def test_missing_stored_file_is_404_not_500(http, client_record):
    upload(http, client_record, "report.pdf", PDF)
    document = Document.objects.get()
    document.file.delete(save=False)
    assert http.get(document.get_absolute_url()).status_code == 404


def test_documents_are_not_under_a_public_url(settings):
    assert settings.DOCUMENT_ROOT != settings.STATIC_ROOT
    assert not any(str(p) in str(settings.DOCUMENT_ROOT) for p in settings.STATICFILES_DIRS)
