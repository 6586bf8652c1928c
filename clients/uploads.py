"""What a document upload is, judged by its content and never by its name."""

import zipfile

import filetype
from django.core.files.uploadedfile import UploadedFile

ALLOWED_IMAGE_TYPES = {"image/jpeg", "image/png", "image/gif", "image/webp", "image/tiff"}
PDF = "application/pdf"
OLE_OFFICE = "application/x-ole-storage"  # .doc / .xls / .ppt of old Office
OOXML = {
    "word/": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xl/": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ppt/": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}
ODF_PREFIX = b"application/vnd.oasis.opendocument."
OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")


def sniff_content_type(upload: UploadedFile) -> str | None:
    """The content type of an allowed document, or None if it is not one we accept."""
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(OLE_MAGIC):
        return OLE_OFFICE
    if head.startswith(b"PK\x03\x04"):
        return _office_zip_type(upload)
    kind = filetype.guess(head)
    if kind is not None and kind.mime in ALLOWED_IMAGE_TYPES:
        return kind.mime
    return None


def _office_zip_type(upload: UploadedFile) -> str | None:
    try:
        with zipfile.ZipFile(upload) as archive:
            names = archive.namelist()
            if "mimetype" in names:
                mimetype = archive.read("mimetype")
                if mimetype.startswith(ODF_PREFIX):
                    return mimetype.decode("ascii", "replace")
                return None
            if "[Content_Types].xml" not in names:
                return None
            for prefix, mime in OOXML.items():
                if any(name.startswith(prefix) for name in names):
                    return mime
            return None
    except (zipfile.BadZipFile, OSError, KeyError):
        return None
    finally:
        upload.seek(0)
