"""`make backup` / `make restore`: a backup restored into an empty database and document
folder finds every record and every document intact."""

import os
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import connection

from clients.backup import backup
from clients.models import Document

from .factories import AliasFactory, NoteFactory

ROOT = Path(__file__).resolve().parents[1]
PDF = b"%PDF-1.4\nfictional evidence\n%%EOF\n"


def manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - our own manage.py
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "justicecentre.settings.test", **env},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def pg_url(name: str) -> str:
    params = connection.get_connection_params()
    auth = params["user"] + (f":{params['password']}" if params.get("password") else "")
    host, port = params.get("host") or "localhost", params.get("port") or 5432
    if host.startswith("/"):
        return f"postgres://{auth}@/{name}?host={host}&port={port}"
    return f"postgres://{auth}@{host}:{port}/{name}"


def admin_params() -> dict:
    params = {**connection.get_connection_params(), "dbname": "postgres"}
    for django_only in ("cursor_factory", "context", "prepare_threshold", "server_side_binding"):
        params.pop(django_only, None)
    return params


def admin_connection():
    return psycopg.connect(**admin_params(), autocommit=True)


@pytest.mark.django_db(transaction=True)
def test_postgresql_backup_restores_into_an_empty_database(tmp_path, caseworker, client_record):
    AliasFactory(client=client_record, name="Aisha Rehman")
    NoteFactory(client=client_record, author=caseworker, body="Appeal lodged by hand.")
    document = Document(
        client=client_record,
        category="evidence",
        title="Medical report",
        original_name="report.pdf",
        content_type="application/pdf",
        size=len(PDF),
        uploaded_by=caseworker,
    )
    document.file.save("x", ContentFile(PDF), save=False)
    document.save()

    folder = backup(tmp_path / "backups")
    assert {p.name for p in folder.iterdir()} == {
        "database.dump",
        "documents.tar.gz",
        "manifest.json",
    }

    target = f"restore_{uuid.uuid4().hex[:8]}"
    restored_documents = tmp_path / "restored-documents"
    with admin_connection() as admin:
        admin.execute(f'CREATE DATABASE "{target}"')
    try:
        result = manage(
            "restore",
            str(folder),
            DATABASE_URL=pg_url(target),
            DJANGO_DOCUMENT_ROOT=str(restored_documents),
        )
        assert result.returncode == 0, result.stdout + result.stderr
        assert "every table has the rows the backup recorded" in result.stdout
        with psycopg.connect(**{**admin_params(), "dbname": target}) as restored:
            names = restored.execute("SELECT family_name FROM clients_client").fetchall()
            notes = restored.execute("SELECT body FROM clients_casenote").fetchall()
            stored = restored.execute("SELECT file FROM clients_document").fetchone()[0]
        assert names == [("Rahman",)]
        assert notes == [("Appeal lodged by hand.",)]
        assert (restored_documents / stored).read_bytes() == PDF

        # A second restore over the now full database is refused, not merged.
        again = manage(
            "restore",
            str(folder),
            DATABASE_URL=pg_url(target),
            DJANGO_DOCUMENT_ROOT=str(restored_documents),
        )
        assert again.returncode != 0
        assert "not empty" in again.stderr
    finally:
        with admin_connection() as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{target}" WITH (FORCE)')


def test_sqlite_backup_and_restore(tmp_path):
    original, copy = tmp_path / "original.sqlite3", tmp_path / "copy.sqlite3"
    env = {"DATABASE_URL": f"sqlite:///{original}", "DJANGO_DOCUMENT_ROOT": str(tmp_path / "docs")}
    assert manage("migrate", "-v0", **env).returncode == 0
    seeded = manage("seed_demo", "--clients", "30", **env, DEMO_PASSWORD="a-demo-password")
    assert seeded.returncode == 0, seeded.stderr
    made = manage("backup", "--output", str(tmp_path / "backups"), **env)
    assert made.returncode == 0, made.stderr
    folder = next((tmp_path / "backups").iterdir())
    restored = manage(
        "restore",
        str(folder),
        DATABASE_URL=f"sqlite:///{copy}",
        DJANGO_DOCUMENT_ROOT=str(tmp_path / "restored-docs"),
    )
    assert restored.returncode == 0, restored.stdout + restored.stderr
    originals = sorted(p.read_bytes() for p in (tmp_path / "docs").rglob("*") if p.is_file())
    copies = sorted(p.read_bytes() for p in (tmp_path / "restored-docs").rglob("*") if p.is_file())
    assert originals
    assert originals == copies


def test_backup_settings_point_documents_outside_public_paths():
    assert "static" not in str(settings.DOCUMENT_ROOT)
