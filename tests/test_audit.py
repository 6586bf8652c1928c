"""The audit trail: changes with before/after, every look, and who may read it."""

import pytest
from auditlog.models import LogEntry
from django.urls import NoReverseMatch, reverse

from clients.models import Client

from .factories import NoteFactory


def entries_for(client: Client):
    return LogEntry.objects.filter(additional_data__client_id=client.pk)


def test_opening_a_client_is_recorded_with_who_and_where(client, caseworker, client_record):
    client.force_login(caseworker)
    client.get(client_record.get_absolute_url(), REMOTE_ADDR="10.1.2.3")
    entry = entries_for(client_record).get(action=LogEntry.Action.ACCESS)
    assert entry.actor == caseworker
    assert entry.remote_addr == "10.1.2.3"


def test_a_change_is_recorded_field_by_field(client, caseworker, client_record):
    client.force_login(caseworker)
    data = {
        "family_name": "Rahman",
        "given_name": "Ayesha",
        "sex": "female",
        "nationality": "PK",
        "immigration_status": "detained",
        "intake_date": client_record.intake_date.isoformat(),
        "intake_source": "walk_in",
        "version": client_record.updated_at.isoformat(),
    }
    client.post(reverse("clients:edit", args=[client_record.reference]), data)
    change = entries_for(client_record).get(action=LogEntry.Action.UPDATE)
    assert change.actor == caseworker
    assert change.changes_dict["immigration_status"] == ["recognizance", "detained"]


def test_notes_and_downloads_are_filed_under_their_client(client, caseworker, client_record):
    client.force_login(caseworker)
    client.post(
        reverse("clients:notes", args=[client_record.reference]),
        {"kind": "general", "body": "Called the client."},
    )
    created = entries_for(client_record).filter(action=LogEntry.Action.CREATE)
    assert created.filter(content_type__model="casenote").exists()


def test_supervisor_reads_the_history_and_a_caseworker_cannot(
    client, caseworker, supervisor, client_record
):
    NoteFactory(client=client_record, author=caseworker, body="x")
    client.force_login(caseworker)
    client.get(client_record.get_absolute_url())
    assert client.get(reverse("clients:history", args=[client_record.reference])).status_code == 404
    client.force_login(supervisor)
    page = client.get(reverse("clients:history", args=[client_record.reference]))
    assert page.status_code == 200
    assert str(caseworker) in page.content.decode()


def test_staff_activity_for_their_supervisor_only(
    client, caseworker, supervisor, other_supervisor, client_record
):
    client.force_login(caseworker)
    client.get(client_record.get_absolute_url())
    client.force_login(supervisor)
    page = client.get(reverse("staff_activity", args=[caseworker.pk]))
    assert client_record.reference in page.content.decode()
    client.force_login(other_supervisor)
    assert client.get(reverse("staff_activity", args=[caseworker.pk])).status_code == 404


def test_the_trail_cannot_be_edited_or_deleted_in_the_admin(client, admin):
    with pytest.raises(NoReverseMatch):
        reverse("admin:auditlog_logentry_changelist")
    client.force_login(admin)
    assert client.get("/admin/auditlog/logentry/").status_code == 404


def test_opening_a_referral_is_recorded_on_its_clients_trail(client, caseworker, client_record):
    from .referrals_factories import ReferralFactory

    referral = ReferralFactory(client=client_record, created_by=caseworker)
    client.force_login(caseworker)
    assert client.get(reverse("referrals:detail", args=[referral.pk])).status_code == 200
    assert (
        entries_for(client_record)
        .filter(action=LogEntry.Action.ACCESS, additional_data__what="referral", actor=caseworker)
        .exists()
    )
