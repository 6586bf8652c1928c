"""Two gunicorn app servers on one PostgreSQL behave as one site.

Sign in through one server and work through the other (database sessions), upload a
document through one and download it through the other (shared document storage), and
record intakes on both at once: client reference numbers, handed out under a row lock,
never collide. Deselect with `-m "not app_servers"`.
"""

import concurrent.futures
import http.cookiejar
import importlib
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.apps import apps
from django.db import connection
from django.utils import timezone

from accounts.roles import Role
from clients.models import Client, ClientAssignment, Document

from .factories import AssignmentFactory, ClientFactory, UserFactory

pytestmark = [
    pytest.mark.app_servers,
    # Committed data, so the servers see it; the rollback afterwards restores the
    # reference data (roles, vulnerabilities) that the flush of a transactional test empties.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "correct horse battery"
PDF = (
    b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n"
    b"% fictional evidence uploaded through one server\n%%EOF\n"
)
REFERENCE_DATA = (
    "accounts.migrations.0002_create_role_groups",
    "accounts.migrations.0004_outside_counsel_role",
    "clients.migrations.0002_seed_vulnerabilities",
)
INTAKES_PER_SERVER = 4


def database_url() -> str:
    """The pytest-django test database, as a DATABASE_URL the servers can use."""
    params = connection.get_connection_params()
    user = urllib.parse.quote(params.get("user") or "", safe="")
    password = params.get("password")
    auth = user + (f":{urllib.parse.quote(password, safe='')}" if password else "")
    host, port = params.get("host") or "localhost", params.get("port") or 5432
    name = params["dbname"]
    if host.startswith("/"):
        return f"postgres://{auth}@/{name}?host={host}&port={port}"
    return f"postgres://{auth}@{host}:{port}/{name}"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Server:
    url: str
    process: subprocess.Popen
    log: Path


def start_server(documents: Path, log: Path) -> Server:
    port = free_port()
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_SETTINGS_MODULE": "justicecentre.settings.test",
        "DATABASE_URL": database_url(),
        "DJANGO_DOCUMENT_ROOT": str(documents),
        "TWO_FACTOR_REQUIRED": "false",
    }
    process = subprocess.Popen(  # noqa: S603 - gunicorn from this virtualenv, fixed arguments
        [
            sys.executable,
            "-m",
            "gunicorn",
            "justicecentre.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
        ],
        cwd=ROOT,
        env=env,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
    )
    return Server(url=f"http://127.0.0.1:{port}", process=process, log=log)


def wait_until_up(server: Server, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            pytest.fail(f"gunicorn exited:\n{server.log.read_text()}")
        try:
            with urllib.request.urlopen(f"{server.url}/health/", timeout=2) as response:  # noqa: S310
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.2)
    pytest.fail(f"gunicorn did not answer in {timeout}s:\n{server.log.read_text()}")


@pytest.fixture
def servers(tmp_path) -> Iterator[tuple[Server, Server]]:
    documents = tmp_path / "shared-documents"
    documents.mkdir()
    started = [start_server(documents, tmp_path / f"server-{n}.log") for n in (1, 2)]
    try:
        for server in started:
            wait_until_up(server)
        yield started[0], started[1]
    finally:
        for server in started:
            server.process.terminate()
        for server in started:
            try:
                server.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.process.kill()


class Browser:
    """Cookies shared across both servers, as a browser behind one load balancer would."""

    def __init__(self) -> None:
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), NoRedirects()
        )

    def request(
        self, url: str, data: bytes | None = None, headers: dict | None = None
    ) -> tuple[int, dict, bytes]:
        request = urllib.request.Request(url, data=data, headers=headers or {})  # noqa: S310
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read()

    def get(self, url: str) -> tuple[int, dict, bytes]:
        return self.request(url)

    def post(self, url: str, fields: dict[str, str], referer: str) -> tuple[int, dict, bytes]:
        return self.request(
            url,
            urllib.parse.urlencode(fields).encode(),
            {"Content-Type": "application/x-www-form-urlencoded", "Referer": referer},
        )


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a redirect is an answer to check, not to follow


def csrf_token(page: bytes) -> str:
    match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert match, "the page has no form with a CSRF token"
    return match.group(1).decode()


def multipart(fields: dict[str, str], file_field: str, filename: str, content: bytes):
    boundary = uuid.uuid4().hex
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in fields.items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="{file_field}"; '
        f'filename="{filename}"\r\nContent-Type: application/pdf\r\n\r\n'.encode()
        + content
        + b"\r\n"
    )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def sign_in(browser: Browser, server: Server, username: str) -> None:
    login = f"{server.url}/accounts/login/"
    status, _headers, page = browser.get(login)
    assert status == 200
    status, headers, _body = browser.post(
        login,
        {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": csrf_token(page)},
        referer=login,
    )
    assert status == 302, "sign-in failed"
    assert "/accounts/login/" not in headers["Location"]


def intake(browser: Browser, server: Server, family_name: str) -> int:
    url = f"{server.url}/clients/new/details/"
    status, _headers, page = browser.get(url)
    assert status == 200
    status, _headers, _body = browser.post(
        url,
        {
            "csrfmiddlewaretoken": csrf_token(page),
            "family_name": family_name,
            "given_name": "Parallel",
            "sex": "female",
            "nationality": "NP",
            "immigration_status": "recognizance",
            "intake_date": timezone.localdate().isoformat(),
            "intake_source": "walk_in",
            "consent_given": "on",
            "consent_method": "written",
            "assign_self": "on",
        },
        referer=url,
    )
    return status


@pytest.fixture
def reference_data() -> None:
    """Roles and vulnerabilities, which an earlier transactional test may have flushed."""
    for module in REFERENCE_DATA:
        for operation in importlib.import_module(module).Migration.operations:
            operation.code(apps, None)


def test_two_servers_share_sessions_documents_and_locks(reference_data, servers):
    one, two = servers
    caseworker = UserFactory(username="two-servers", roles=[Role.LEGAL])
    record = ClientFactory(family_name="Gurung", given_name="Sita", created_by=caseworker)
    AssignmentFactory(client=record, worker=caseworker, role=ClientAssignment.Role.LEAD)
    browser = Browser()

    # Signed in through one; the session (in PostgreSQL) opens the client list on two.
    sign_in(browser, one, "two-servers")
    status, _headers, page = browser.get(f"{two.url}/clients/")
    assert status == 200
    assert b"GURUNG" in page

    # Uploaded through two, downloaded through one.
    documents = f"{two.url}/clients/{record.reference}/documents/"
    status, _headers, page = browser.get(documents)
    assert status == 200
    body, content_type = multipart(
        {"csrfmiddlewaretoken": csrf_token(page), "title": "Medical report", "category": "medical"},
        "file",
        "report.pdf",
        PDF,
    )
    status, _headers, _body = browser.request(
        documents, body, {"Content-Type": content_type, "Referer": documents}
    )
    assert status == 302, "the upload was refused"
    document = Document.objects.get(client=record)
    status, headers, downloaded = browser.get(
        f"{one.url}/clients/{record.reference}/documents/{document.pk}/"
    )
    assert status == 200
    assert downloaded == PDF
    assert "attachment" in headers["Content-Disposition"]

    # Intakes on both servers at once: every one gets its own reference number.
    jobs = [
        (server, f"Parallel{chr(65 + n)}") for n in range(INTAKES_PER_SERVER) for server in servers
    ]
    with concurrent.futures.ThreadPoolExecutor(max_workers=len(jobs)) as pool:
        statuses = list(pool.map(lambda job: intake(browser, *job), jobs))
    assert statuses == [302] * len(jobs)
    references = list(
        Client.objects.filter(family_name__startswith="Parallel").values_list(
            "reference", flat=True
        )
    )
    assert len(references) == len(jobs)
    assert len(set(references)) == len(jobs), "two intakes got the same reference"
    numbers = sorted(int(ref.rsplit("-", 1)[1]) for ref in references)
    assert numbers == list(range(1, len(jobs) + 1)), "the numbering skipped or repeated"
