"""Break the glass, and outside counsel: access outside the normal rules."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.models import AccessGrant
from accounts.roles import Role
from clients.access import clients_visible_to

from .factories import NoteFactory, UserFactory

REASON = "Covering for Ho Ka Ming on leave; client at the office with an appeal due."


@pytest.fixture
def counsel(db):
    return UserFactory(username="counsel", full_name="Barrister Yip", roles=[Role.OUTSIDE_COUNSEL])


def grant_counsel(client, supervisor, counsel, client_record, until=None):
    until = until or timezone.localdate() + datetime.timedelta(days=30)
    return client.post(
        reverse("clients:access", args=[client_record.reference]),
        {"counsel": counsel.pk, "until": until.isoformat(), "reason": "Judicial review leave"},
    )


# -- break the glass --------------------------------------------------------------------------


def test_break_the_glass_opens_the_file_for_hours_and_tells_the_supervisors(
    client, caseworker, other_client, other_supervisor
):
    other_supervisor.email = "lam@example.org"
    other_supervisor.save()
    client.force_login(caseworker)
    assert client.get(other_client.get_absolute_url()).status_code == 404

    response = client.post(
        reverse("clients:break_glass"),
        {"reference": other_client.reference.lower(), "reason": REASON, "confirm": "on"},
    )
    assert response["Location"] == other_client.get_absolute_url()
    page = client.get(other_client.get_absolute_url())
    assert page.status_code == 200
    assert "Every page you open is logged" in page.content.decode()

    grant = AccessGrant.objects.get(user=caseworker)
    assert grant.kind == AccessGrant.Kind.BREAK_GLASS
    assert grant.ends_at - grant.starts_at == datetime.timedelta(hours=8)
    assert mail.outbox[0].to == ["lam@example.org"]
    assert other_supervisor.notifications.get().client == other_client
    assert other_client.reference in mail.outbox[0].subject
    assert other_client.family_name not in mail.outbox[0].body
    assert LogEntry.objects.filter(
        actor=caseworker, action=LogEntry.Action.ACCESS, additional_data__client_id=other_client.pk
    ).exists()


def test_break_the_glass_ends(client, caseworker, other_client):
    AccessGrant.objects.create(
        user=caseworker,
        client=other_client,
        kind=AccessGrant.Kind.BREAK_GLASS,
        reason=REASON,
        starts_at=timezone.now() - datetime.timedelta(hours=9),
        ends_at=timezone.now() - datetime.timedelta(hours=1),
        granted_by=caseworker,
    )
    client.force_login(caseworker)
    assert client.get(other_client.get_absolute_url()).status_code == 404


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"reference": "JC-1999-99999", "reason": REASON, "confirm": "on"}, "No client has that"),
        ({"reason": REASON, "confirm": "on"}, "This field is required."),
        ({"reference": "X", "reason": "because", "confirm": "on"}, "No client has that"),
        ({"reason": REASON}, "This field is required."),
    ],
)
def test_break_the_glass_bad_input(client, caseworker, other_client, data, message):
    client.force_login(caseworker)
    response = client.post(reverse("clients:break_glass"), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not AccessGrant.objects.exists()


def test_break_the_glass_needs_a_real_reason(client, caseworker, other_client):
    client.force_login(caseworker)
    response = client.post(
        reverse("clients:break_glass"),
        {"reference": other_client.reference, "reason": "need it", "confirm": "on"},
    )
    assert "20 characters at least" in response.content.decode()
    assert not AccessGrant.objects.exists()


def test_admin_role_cannot_break_the_glass(client, admin, other_client):
    client.force_login(admin)
    assert client.get(reverse("clients:break_glass")).status_code == 403


# -- outside counsel ---------------------------------------------------------------------------


def test_counsel_sees_only_the_granted_clients_legal_records(
    client, supervisor, counsel, caseworker, psychosocial_worker, client_record, other_client
):
    client.force_login(counsel)
    assert client.get(client_record.get_absolute_url()).status_code == 404

    client.force_login(supervisor)
    assert grant_counsel(client, supervisor, counsel, client_record).status_code == 302
    NoteFactory(client=client_record, author=caseworker, kind="legal", body="Grounds drafted.")
    NoteFactory(
        client=client_record, author=psychosocial_worker, kind="psychosocial", body="Flashbacks."
    )
    NoteFactory(client=client_record, author=caseworker, kind="general", body="Rent support.")

    client.force_login(counsel)
    assert set(clients_visible_to(counsel)) == {client_record}
    assert client.get(client_record.get_absolute_url()).status_code == 200
    notes = client.get(reverse("clients:notes", args=[client_record.reference])).content.decode()
    assert "Grounds drafted." in notes
    assert "Flashbacks." not in notes
    assert "Rent support." not in notes
    # Read only, and nothing beyond the legal record.
    assert client.get(reverse("clients:edit", args=[client_record.reference])).status_code == 404
    note_post = client.post(
        reverse("clients:notes", args=[client_record.reference]), {"kind": "general", "body": "x"}
    )
    assert note_post.status_code == 404
    assert client.get(other_client.get_absolute_url()).status_code == 404
    assert client.get(reverse("clients:list")).status_code == 200


def test_counsel_grant_is_revoked_at_once(client, supervisor, counsel, client_record):
    client.force_login(supervisor)
    grant_counsel(client, supervisor, counsel, client_record)
    grant = AccessGrant.objects.get(user=counsel)
    client.post(reverse("clients:grant_revoke", args=[client_record.reference, grant.pk]))
    grant.refresh_from_db()
    assert grant.revoked_by == supervisor
    client.force_login(counsel)
    assert client.get(client_record.get_absolute_url()).status_code == 404


def test_counsel_grant_ends_on_its_date(counsel, supervisor, client_record):
    AccessGrant.objects.create(
        user=counsel,
        client=client_record,
        kind=AccessGrant.Kind.OUTSIDE_COUNSEL,
        reason="JR",
        starts_at=timezone.now() - datetime.timedelta(days=10),
        ends_at=timezone.now() - datetime.timedelta(seconds=1),
        granted_by=supervisor,
    )
    assert not clients_visible_to(counsel).exists()


@pytest.mark.parametrize(
    ("until_days", "message"),
    [(0, "must be after today"), (-5, "must be after today")],
)
def test_counsel_grant_bad_dates(client, supervisor, counsel, client_record, until_days, message):
    client.force_login(supervisor)
    until = timezone.localdate() + datetime.timedelta(days=until_days)
    response = grant_counsel(client, supervisor, counsel, client_record, until=until)
    assert message in response.content.decode()
    assert not AccessGrant.objects.exists()


def test_only_counsel_accounts_can_be_granted(client, supervisor, caseworker, client_record):
    client.force_login(supervisor)
    response = grant_counsel(client, supervisor, caseworker, client_record)
    assert "Select a valid choice" in response.content.decode()
    assert not AccessGrant.objects.exists()
