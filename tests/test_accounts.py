"""Sign-in, roles and staff management."""

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse

from accounts.models import User
from accounts.roles import Role

from .conftest import PASSWORD
from .factories import UserFactory


def sign_in(client, username, password=PASSWORD):
    return client.post(reverse("accounts:login"), {"username": username, "password": password})


def test_sign_in_and_out(client, caseworker):
    response = sign_in(client, "caseworker")
    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard")
    assert client.get(reverse("dashboard")).status_code == 200
    client.post(reverse("accounts:logout"))
    assert client.get(reverse("dashboard")).status_code == 302


def test_wrong_password_is_explained(client, caseworker):
    response = sign_in(client, "caseworker", "wrong")
    assert response.status_code == 200
    assert "do not match an active account" in response.content.decode()


def test_deactivated_staff_cannot_sign_in_and_keep_their_history(client, caseworker, client_record):
    caseworker.is_active = False
    caseworker.save()
    response = sign_in(client, "caseworker")
    assert response.status_code == 200
    assert client_record.created_by == caseworker  # history keeps its author


def test_deactivated_session_is_refused(client, caseworker):
    client.force_login(caseworker)
    caseworker.is_active = False
    caseworker.save()
    assert client.get(reverse("dashboard")).status_code == 302


def test_password_reset_sends_an_email(client, caseworker):
    client.post(reverse("accounts:password_reset"), {"email": caseworker.email})
    assert len(mail.outbox) == 1
    assert "/accounts/password/reset/" in mail.outbox[0].body


def test_password_change_enforces_validators(client, caseworker):
    client.force_login(caseworker)
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": "short", "new_password2": "short"},
    )
    assert response.status_code == 200
    assert "too short" in response.content.decode()


def test_role_groups_exist_with_least_privilege(db):
    admin = Group.objects.get(name=Role.ADMIN)
    codenames = set(admin.permissions.values_list("codename", flat=True))
    assert "change_user" in codenames
    assert not {c for c in codenames if c.endswith(("_client", "_casenote", "_document"))}
    for role in (Role.LEGAL, Role.PSYCHOSOCIAL, Role.SUPERVISOR):
        assert Group.objects.get(name=role).permissions.filter(codename="view_client").exists()


def test_admin_role_opens_the_admin_site_and_losing_it_closes_it(db):
    person = UserFactory(roles=[Role.ADMIN])
    person.refresh_from_db()
    assert person.is_staff
    person.groups.remove(Group.objects.get(name=Role.ADMIN))
    person.refresh_from_db()
    assert not person.is_staff


def test_admin_creates_staff_with_a_role_and_the_new_person_signs_in(client, admin):
    client.force_login(admin)
    response = client.post(
        reverse("admin:accounts_user_add"),
        {
            "username": "newworker",
            "full_name": "Tsang Hoi Yan",
            "email": "hoiyan@example.org",
            "password1": "a-long-enough-passphrase",
            "password2": "a-long-enough-passphrase",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    person = User.objects.get(username="newworker")
    person.groups.add(Group.objects.get(name=Role.LEGAL))
    client.logout()
    assert sign_in(client, "newworker", "a-long-enough-passphrase").status_code == 302


def test_admin_add_staff_with_weak_password_is_refused(client, admin):
    client.force_login(admin)
    response = client.post(
        reverse("admin:accounts_user_add"),
        {"username": "weak", "full_name": "Weak", "password1": "12345678", "password2": "12345678"},
    )
    assert response.status_code == 200
    assert not User.objects.filter(username="weak").exists()


def test_admin_deactivates_staff_but_cannot_delete(client, admin, caseworker):
    client.force_login(admin)
    response = client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "deactivate", "_selected_action": [caseworker.pk]},
    )
    assert response.status_code == 302
    caseworker.refresh_from_db()
    assert not caseworker.is_active
    assert (
        client.get(reverse("admin:accounts_user_delete", args=[caseworker.pk])).status_code == 403
    )


@pytest.mark.parametrize("role", [Role.LEGAL, Role.PSYCHOSOCIAL, Role.SUPERVISOR])
def test_casework_roles_get_the_client_pages(client, role, db):
    person = UserFactory(roles=[role])
    client.force_login(person)
    body = client.get(reverse("dashboard")).content.decode()
    assert reverse("clients:list") in body


def test_admin_dashboard_says_no_client_files(client, admin):
    client.force_login(admin)
    body = client.get(reverse("dashboard")).content.decode()
    assert "opens no client files" in body
    assert reverse("clients:list") not in body


def test_health_checks_the_database(client, db):
    response = client.get(reverse("health"))
    assert response.json() == {"status": "ok", "database": "ok"}
