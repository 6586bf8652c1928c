"""Document storage comes from the environment: local disk by default, S3 on request.

The settings are built in a child process with the environment a deployment would
have, then the storage they describe is built here: no S3 service is reached.
"""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.files.storage import FileSystemStorage
from django.core.files.storage.handler import StorageHandler
from storages.backends.s3 import S3Storage

ROOT = Path(__file__).resolve().parents[1]
S3_ENV = {
    "DOCUMENT_STORAGE": "s3",
    "DOCUMENT_S3_BUCKET": "jc-documents",
    "DOCUMENT_S3_PREFIX": "docs",
    "DOCUMENT_S3_ENDPOINT_URL": "https://objects.example.org",
    "DOCUMENT_S3_REGION": "ap-east-1",
    "DOCUMENT_S3_ACCESS_KEY_ID": "AKIAEXAMPLEEXAMPLE",
    "DOCUMENT_S3_SECRET_ACCESS_KEY": "not-a-real-secret-key",
}


def production_settings(**env: str) -> subprocess.CompletedProcess:
    """Import the production settings with `env` and print their STORAGES as JSON."""
    environment = {
        k: v for k, v in os.environ.items() if not k.startswith(("DOCUMENT_", "DJANGO_DOCUMENT"))
    }
    environment |= {
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(60),
        "DATABASE_URL": "postgres://u@localhost/x",
        "DJANGO_DOCUMENT_ROOT": "/srv/jc/documents",
        **env,
    }
    code = (
        "import json; from justicecentre.settings import production as s; "
        "print(json.dumps(s.STORAGES))"
    )
    return subprocess.run(  # noqa: S603 - our own settings module, fixed arguments
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def storages_for(**env: str) -> dict:
    result = production_settings(**env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.splitlines()[-1])


def test_documents_are_on_local_disk_by_default():
    storages = storages_for()
    storage = StorageHandler(storages)["default"]
    assert isinstance(storage, FileSystemStorage)
    assert storage.location == "/srv/jc/documents"
    # Static files keep whitenoise whatever the document storage is.
    assert storages["staticfiles"]["BACKEND"].startswith("whitenoise.")


def test_s3_settings_build_a_private_s3_storage():
    storages = storages_for(**S3_ENV)
    storage = StorageHandler(storages)["default"]
    assert isinstance(storage, S3Storage)
    assert storage.bucket_name == "jc-documents"
    assert storage.location == "docs"
    assert storage.endpoint_url == "https://objects.example.org"
    assert storage.region_name == "ap-east-1"
    assert storage.access_key == "AKIAEXAMPLEEXAMPLE"
    assert storage.default_acl is None
    assert storage.file_overwrite is False
    assert storages["staticfiles"]["BACKEND"].startswith("whitenoise.")


def test_s3_urls_are_signed_and_expire():
    """Signing happens offline: the URL names the endpoint, the bucket and a signature."""
    storage = StorageHandler(storages_for(**S3_ENV))["default"]
    url = urlsplit(storage.url("clients/1/abc"))
    assert url.netloc == "objects.example.org"
    assert url.path == "/jc-documents/docs/clients/1/abc"
    query = parse_qs(url.query)
    assert "X-Amz-Signature" in query
    assert "X-Amz-Expires" in query


def test_s3_without_a_bucket_refuses_to_start():
    env = {k: v for k, v in S3_ENV.items() if k != "DOCUMENT_S3_BUCKET"}
    result = production_settings(**env)
    assert result.returncode != 0
    assert "DOCUMENT_S3_BUCKET" in result.stderr


@pytest.mark.parametrize("value", ["ftp", "S3 "])
def test_unknown_document_storage_refuses_to_start(value):
    result = production_settings(DOCUMENT_STORAGE=value)
    assert result.returncode != 0
    assert "DOCUMENT_STORAGE must be" in result.stderr
