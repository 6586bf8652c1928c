"""The demo data `make run` loads: every role sees what it should, and reruns add nothing."""

import io

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.urls import reverse

from accounts.models import User
from clients.access import clients_visible_to
from clients.models import Client, Document


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """Seed once for the whole module (it is the slow part) inside a transaction that is
    rolled back at the end, so nothing leaks into other tests."""
    with django_db_blocker.unblock(), transaction.atomic():
        with override_settings(DEMO_PASSWORD="demo-password-for-tests"):
            out = io.StringIO()
            call_command("seed_demo", clients=80, stdout=out)
            yield out.getvalue()
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def _db(db):
    """Each test runs in a savepoint inside the module's transaction."""


def visible(username: str) -> set[int]:
    return set(clients_visible_to(User.objects.get(username=username)).values_list("pk", flat=True))


def test_prints_the_demo_logins(seeded):
    for username in ("demo-caseworker", "demo-psychosocial", "demo-supervisor", "demo-admin"):
        assert username in seeded
    assert "demo-password-for-tests" in seeded


def test_is_idempotent(seeded):
    counts = (Client.objects.count(), User.objects.count(), Document.objects.count())
    call_command("seed_demo", clients=80, stdout=io.StringIO())
    assert (Client.objects.count(), User.objects.count(), Document.objects.count()) == counts
    assert Client.objects.count() == 80


def test_each_role_sees_what_it_should(seeded):
    caseworker, psychosocial = visible("demo-caseworker"), visible("demo-psychosocial")
    supervisor = visible("demo-supervisor")
    assert caseworker
    assert psychosocial
    assert caseworker & psychosocial, (
        "some clients are shared by the legal and psychosocial workers"
    )
    assert caseworker | psychosocial <= supervisor
    assert len(supervisor) < Client.objects.count(), "many clients belong to another team"
    assert visible("demo-admin") == set()
    assert Client.objects.filter(pk__in=caseworker, documents__isnull=False).exists()


@pytest.mark.parametrize(
    ("username", "list_status"),
    [("demo-caseworker", 200), ("demo-supervisor", 200), ("demo-admin", 403)],
)
def test_demo_users_sign_in_with_the_password(seeded, client, username, list_status):
    response = client.post(
        reverse("accounts:login"), {"username": username, "password": "demo-password-for-tests"}
    )
    assert response.status_code == 302
    assert client.get(reverse("clients:list")).status_code == list_status


def test_demo_admin_has_no_casework_role_but_uses_the_admin(seeded):
    admin = User.objects.get(username="demo-admin")
    assert admin.is_staff
    assert not admin.is_superuser
    assert not admin.does_casework
