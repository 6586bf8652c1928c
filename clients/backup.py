"""Backup and restore of the database and the uploaded documents, together.

A backup is a folder: `database.dump` (pg_dump custom format) or `database.sqlite3` (the
SQLite online backup API), `documents.tar.gz` (the document storage folder) and
`manifest.json` (when, which engine, how many rows of each client-data table).
Documents in object storage are backed up by the storage provider, not here.
"""

import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import connection
from django.utils import timezone

PG_BIN_DIRS = [
    "/usr/lib/postgresql/15/bin",
    "/usr/lib/postgresql/16/bin",
    "/usr/lib/postgresql/17/bin",
]
COUNTED_APPS = ("accounts", "clients", "cases", "referrals")


class BackupError(Exception):
    pass


def pg_tool(name: str) -> str:
    for folder in [os.environ.get("PG_BIN", ""), *PG_BIN_DIRS]:
        candidate = Path(folder) / name
        if folder and candidate.exists():
            return str(candidate)
    found = shutil.which(name)
    if not found:
        raise BackupError(f"{name} was not found; install the PostgreSQL client tools.")
    return found


def _pg_args() -> tuple[list[str], dict]:
    """pg_dump/pg_restore connection flags from Django's own connection parameters (which
    include a socket `host` given in DATABASE_URL's query string)."""
    params = connection.get_connection_params()
    args = []
    for flag, key in (("-h", "host"), ("-p", "port"), ("-U", "user")):
        if params.get(key):
            args += [flag, str(params[key])]
    env = {**os.environ, "PGPASSWORD": params.get("password") or ""}
    return args, env


def row_counts() -> dict[str, int]:
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.app_label in COUNTED_APPS
    }


def backup(destination: Path) -> Path:
    stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
    folder = destination / f"justicecentre-{stamp}"
    folder.mkdir(parents=True)
    db = settings.DATABASES["default"]
    if connection.vendor == "postgresql":
        args, env = _pg_args()
        subprocess.run(  # noqa: S603 - fixed tool, arguments from settings
            [
                pg_tool("pg_dump"),
                *args,
                "--format=custom",
                "--no-owner",
                f"--file={folder / 'database.dump'}",
                db["NAME"],
            ],
            env=env,
            check=True,
        )
    elif connection.vendor == "sqlite":
        with (
            sqlite3.connect(db["NAME"]) as source,
            sqlite3.connect(folder / "database.sqlite3") as target,
        ):
            source.backup(target)
    else:
        raise BackupError(f"No backup for the {connection.vendor} engine.")
    documents = Path(settings.DOCUMENT_ROOT)
    with tarfile.open(folder / "documents.tar.gz", "w:gz") as archive:
        if documents.exists():
            archive.add(documents, arcname="documents")
    manifest = {
        "created": timezone.now().isoformat(),
        "engine": connection.vendor,
        "rows": row_counts(),
    }
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=2))
    return folder


def restore(source: Path, *, force: bool = False) -> dict:
    """Restore a backup folder into the configured, empty database and document folder."""
    manifest = json.loads((source / "manifest.json").read_text())
    if manifest["engine"] != connection.vendor:
        raise BackupError(
            f"This backup is of {manifest['engine']}, the database is {connection.vendor}."
        )
    existing = connection.introspection.table_names()
    if existing and not force:
        raise BackupError("The database is not empty; restore only into an empty one (or --force).")
    documents = Path(settings.DOCUMENT_ROOT)
    if documents.exists() and any(documents.iterdir()) and not force:
        raise BackupError(
            f"{documents} is not empty; restore only into an empty folder (or --force)."
        )
    db = settings.DATABASES["default"]
    if connection.vendor == "postgresql":
        args, env = _pg_args()
        connection.close()
        subprocess.run(  # noqa: S603 - fixed tool, arguments from settings
            [
                pg_tool("pg_restore"),
                *args,
                "--no-owner",
                "--no-privileges",
                "--clean",
                "--if-exists",
                f"--dbname={db['NAME']}",
                str(source / "database.dump"),
            ],
            env=env,
            check=True,
        )
    else:
        connection.close()
        with (
            sqlite3.connect(source / "database.sqlite3") as backup_db,
            sqlite3.connect(db["NAME"]) as target,
        ):
            backup_db.backup(target)
    documents.mkdir(parents=True, exist_ok=True)
    with tarfile.open(source / "documents.tar.gz", "r:gz") as archive:
        members = [m for m in archive.getmembers() if m.name.startswith("documents")]
        for member in members:
            member.name = member.name.removeprefix("documents").lstrip("/")
        archive.extractall(documents, members=[m for m in members if m.name], filter="data")
    return manifest
