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


CRAWL_PAGES = 120  # per role: enough to reach every kind of page from the demo's links
CRAWL_SKIP = ("logout", "/static/", "/admin/", "download", "calendar", "feed", "export", "bundle")


@pytest.mark.parametrize(
    "username", ["demo-caseworker", "demo-psychosocial", "demo-supervisor", "demo-admin"]
)
def test_every_link_a_role_is_shown_works(seeded, client, username):
    """Follow the links each demo role sees, page after page: none may lead to an error,
    a 403 or a 404 (a link to a file that left the person's scope, say)."""
    import re
    from collections import deque

    client.force_login(User.objects.get(username=username))
    queue, seen, broken = deque(["/"]), set(), []
    while queue and len(seen) < CRAWL_PAGES:
        url = queue.popleft()
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        if response.status_code not in (200, 302):
            broken.append((url, response.status_code))
            continue
        if response.status_code == 200 and "text/html" in response["Content-Type"]:
            for href in re.findall(r'href="(/[^"#]*)"', response.content.decode()):
                href = href.replace("&amp;", "&")
                if href not in seen and not any(part in href for part in CRAWL_SKIP):
                    queue.append(href)
    assert not broken, broken
    assert len(seen) >= (5 if username == "demo-admin" else 40)
