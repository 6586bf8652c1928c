"""Retention: clients closed longer than the period lose identifying data, keep statistics."""

import datetime
import io

from auditlog.models import LogEntry
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.utils import timezone

from clients.models import CaseNote, Client, ClientAlias, Dependant, Document

from .cases_factories import ClaimFactory
from .factories import AliasFactory, ClientFactory, DependantFactory, NoteFactory


def closed_client(years_ago: int, **fields) -> Client:
    closed_on = timezone.localdate() - datetime.timedelta(days=365 * years_ago + 5)
    return ClientFactory(
        status=Client.Status.CLOSED,
        closed_on=closed_on,
        intake_date=closed_on - datetime.timedelta(days=400),
        **fields,
    )


def test_old_closed_clients_are_anonymised_and_statistics_stay(caseworker):
    old = closed_client(
        8,
        family_name="Rahman",
        given_name="Ayesha",
        phone="9123 4567",
        immd_file_number="TCF-1/2015",
        nationality="PK",
        date_of_birth=datetime.date(1990, 5, 17),
    )
    old.phone = "9123 4567"  # a change on the trail, with the old and new values
    old.save()
    AliasFactory(client=old, name="Aisha Rehman")
    DependantFactory(client=old, name="Bilal")
    NoteFactory(client=old, author=caseworker, body="Torture in detention, 2014.")
    claim = ClaimFactory(client=old, claim_number="NRC-555", outcome="rejected")
    document = Document(
        client=old,
        category="evidence",
        title="Scars report",
        original_name="scars.pdf",
        content_type="application/pdf",
        size=5,
        uploaded_by=caseworker,
    )
    document.file.save("x", ContentFile(b"%PDF-"), save=False)
    document.save()
    stored = document.file.path
    recent = closed_client(2, family_name="Recent")

    out = io.StringIO()
    call_command("apply_retention", stdout=out)
    assert "Anonymised 1 client(s)" in out.getvalue()

    old.refresh_from_db()
    assert old.family_name == "Anonymised"
    assert old.given_name == ""
    assert old.phone == ""
    assert old.immd_file_number == ""
    assert old.reference.startswith("ANON-")
    assert old.anonymised_on == timezone.localdate()
    # What statistics need stays.
    assert old.nationality == "PK"
    assert old.date_of_birth == datetime.date(1990, 1, 1)
    assert old.status == Client.Status.CLOSED
    claim.refresh_from_db()
    assert claim.outcome == "rejected"
    assert "555" not in claim.claim_number
    # Identifying records and files are gone.
    assert not ClientAlias.objects.filter(client=old).exists()
    assert not Dependant.objects.filter(client=old).exists()
    assert not CaseNote.objects.filter(client=old).exists()
    assert not Document.objects.filter(client=old).exists()
    assert not __import__("os").path.exists(stored)
    # The trail keeps who and when, not the values.
    entries = LogEntry.objects.filter(additional_data__client_id=old.pk)
    assert entries.exists()
    assert not any("Rahman" in (e.object_repr + str(e.changes)) for e in entries)
    assert not any("9123" in str(e.changes) for e in entries)

    recent.refresh_from_db()
    assert recent.family_name == "Recent"


def test_dry_run_changes_nothing_and_period_is_configurable(db):
    old = closed_client(3, family_name="Three")
    out = io.StringIO()
    call_command("apply_retention", "--years", "2", "--dry-run", stdout=out)
    assert "1 client(s)" in out.getvalue()
    old.refresh_from_db()
    assert old.family_name == "Three"
    call_command("apply_retention", stdout=io.StringIO())  # default 7 years: not yet
    old.refresh_from_db()
    assert old.family_name == "Three"
