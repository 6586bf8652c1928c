"""The cast every test can ask for by name, and one small world they share.

Team A: `supervisor` oversees `caseworker` (legal) and `psychosocial_worker`.
Team B: `other_supervisor` oversees `other_caseworker`.
`admin` holds only the Admin role. `client` is led by `caseworker` with
`psychosocial_worker` in support; `other_client` is led by `other_caseworker`.
"""

import shutil

import pytest
from django.test import Client as HttpClient

from accounts.roles import Role
from clients.models import ClientAssignment

from .factories import AssignmentFactory, ClientFactory, TeamFactory, UserFactory

PASSWORD = "correct horse battery"


@pytest.fixture(autouse=True)
def _documents_in_tmp(settings, tmp_path):
    """Uploaded files land in a per-test folder, never in the working tree."""
    root = tmp_path / "documents"
    settings.DOCUMENT_ROOT = root
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(root)},
        },
    }
    yield
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(autouse=True)
def _fresh_content_types():
    """A transactional test's flush recreates content types with new ids; the manager's
    in-process cache would otherwise hand the next test ids that no longer exist."""
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()


@pytest.fixture
def caseworker(db):
    return UserFactory(username="caseworker", full_name="Chan Tai Man", roles=[Role.LEGAL])


@pytest.fixture
def psychosocial_worker(db):
    return UserFactory(username="psychosocial", full_name="Lee Wing Sze", roles=[Role.PSYCHOSOCIAL])


@pytest.fixture
def other_caseworker(db):
    return UserFactory(username="other", full_name="Ho Ka Ming", roles=[Role.LEGAL])


@pytest.fixture
def supervisor(db):
    return UserFactory(username="supervisor", full_name="Wong Mei Ling", roles=[Role.SUPERVISOR])


@pytest.fixture
def other_supervisor(db):
    return UserFactory(
        username="othersupervisor", full_name="Lam Siu Fung", roles=[Role.SUPERVISOR]
    )


@pytest.fixture
def admin(db):
    return UserFactory(username="admin", full_name="Admin Person", roles=[Role.ADMIN])


@pytest.fixture
def teams(caseworker, psychosocial_worker, other_caseworker, supervisor, other_supervisor):
    return (
        TeamFactory(
            name="Team A", members=[caseworker, psychosocial_worker], supervisors=[supervisor]
        ),
        TeamFactory(name="Team B", members=[other_caseworker], supervisors=[other_supervisor]),
    )


@pytest.fixture
def client_record(teams, caseworker, psychosocial_worker):
    record = ClientFactory(family_name="Rahman", given_name="Ayesha", created_by=caseworker)
    AssignmentFactory(client=record, worker=caseworker)
    AssignmentFactory(client=record, worker=psychosocial_worker, role=ClientAssignment.Role.SUPPORT)
    return record


@pytest.fixture
def other_client(teams, other_caseworker):
    record = ClientFactory(family_name="Nguyen", given_name="Van An", created_by=other_caseworker)
    AssignmentFactory(client=record, worker=other_caseworker)
    return record


def login(user) -> HttpClient:
    http = HttpClient()
    http.force_login(user)
    return http


@pytest.fixture
def as_user():
    return login
