"""Writes to client data. Each is one transaction and validates before it saves."""

import datetime

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User

from .concurrency import check_version
from .models import (
    CaseNote,
    Client,
    ClientAlias,
    ClientAssignment,
    Consent,
    Dependant,
    Document,
    ReferenceSequence,
)


def next_reference(*, year: int) -> str:
    """JC-<year>-<5 digits>, gap-free per year and safe with several app servers."""
    seq, _created = ReferenceSequence.objects.select_for_update().get_or_create(year=year)
    seq.last += 1
    seq.save(update_fields=["last"])
    return f"JC-{year}-{seq.last:05d}"


@transaction.atomic
def client_create(
    *,
    client: Client,
    by: User,
    vulnerabilities=(),
    aliases: list[str] = (),
    consent_method: str,
    consent_on: datetime.date | None = None,
    assign_self: bool = False,
) -> Client:
    """Record an intake with its consent to data processing, and optionally its lead."""
    client.created_by = by
    client.reference = next_reference(year=client.intake_date.year)
    client.full_clean()
    client.save()
    client.vulnerabilities.set(vulnerabilities)
    for name in aliases:
        alias_add(client=client, name=name)
    consent_record(
        client=client,
        by=by,
        kind=Consent.Kind.DATA_PROCESSING,
        given=True,
        method=consent_method,
        on=consent_on or timezone.localdate(),
    )
    if assign_self and by.is_caseworker:
        assignment_add(client=client, worker=by, role=ClientAssignment.Role.LEAD, by=by)
    return client


@transaction.atomic
def client_update(*, client: Client, version: str, vulnerabilities=None) -> Client:
    """Save edits to a client opened at `version`; EditConflict if someone saved since."""
    check_version(client, version)
    client.full_clean()
    client.save()
    if vulnerabilities is not None:
        client.vulnerabilities.set(vulnerabilities)
    return client


@transaction.atomic
def alias_add(*, client: Client, name: str, note: str = "") -> ClientAlias:
    alias = ClientAlias(client=client, name=name.strip(), note=note)
    alias.full_clean()
    alias.save()
    return alias


@transaction.atomic
def assignment_add(
    *,
    client: Client,
    worker: User,
    role: str,
    by: User,
    reason: str = "",
    on: datetime.date | None = None,
) -> ClientAssignment:
    """Assign a caseworker. A new lead replaces the current lead, whose assignment ends."""
    if not worker.is_active or not worker.is_caseworker:
        raise ValidationError(_("Only an active caseworker can be assigned."))
    on = on or timezone.localdate()
    current = ClientAssignment.objects.select_for_update().filter(
        client=client, ended_on__isnull=True
    )
    if current.filter(worker=worker).exists():
        raise ValidationError(
            _("%(worker)s is already assigned to this client.") % {"worker": worker}
        )
    if role == ClientAssignment.Role.LEAD:
        for lead in current.filter(role=ClientAssignment.Role.LEAD):
            lead.ended_on = max(on, lead.started_on)
            lead.save(update_fields=["ended_on"])
    assignment = ClientAssignment(
        client=client, worker=worker, role=role, started_on=on, assigned_by=by, reason=reason
    )
    assignment.full_clean()
    assignment.save()
    if client.status == Client.Status.INTAKE:
        client.status = Client.Status.ACTIVE
        client.save(update_fields=["status", "updated_at"])
    return assignment


@transaction.atomic
def assignment_end(
    *, assignment: ClientAssignment, on: datetime.date | None = None, replaced: bool = False
) -> None:
    """End a worker's assignment. An open or closed file keeps at least one worker: with
    none, it would be in nobody's caseload (the access policy follows assignments), so the
    last one can only go when someone replaces them (`replaced`, reassignment)."""
    if assignment.ended_on is not None:
        raise ValidationError(_("This assignment has already ended."))
    if not replaced and assignment.client.status != Client.Status.INTAKE:
        others = ClientAssignment.objects.filter(
            client_id=assignment.client_id, ended_on__isnull=True
        ).exclude(pk=assignment.pk)
        if not others.exists():
            raise ValidationError(
                _(
                    "%(worker)s is the only worker on this file. Assign someone else first "
                    "(or reassign it): a file without a worker is in nobody's caseload."
                )
                % {"worker": assignment.worker}
            )
    assignment.ended_on = max(on or timezone.localdate(), assignment.started_on)
    assignment.full_clean()
    assignment.save(update_fields=["ended_on"])


@transaction.atomic
def consent_record(
    *,
    client: Client,
    by: User,
    kind: str,
    given: bool,
    method: str,
    on: datetime.date,
    scope: str = "",
    notes: str = "",
    partner=None,
) -> Consent:
    consent = Consent(
        client=client,
        kind=kind,
        given=given,
        method=method,
        on=on,
        scope=scope,
        notes=notes,
        partner=partner,
        recorded_by=by,
    )
    consent.full_clean()
    consent.save()
    return consent


@transaction.atomic
def note_create(*, client: Client, author: User, kind: str, body: str) -> CaseNote:
    note = CaseNote(client=client, author=author, kind=kind, body=body)
    note.full_clean()
    note.save()
    return note


@transaction.atomic
def note_update(*, note: CaseNote, body: str, version: str) -> CaseNote:
    check_version(note, version)
    note.body = body
    note.full_clean()
    note.save(update_fields=["body", "updated_at"])
    return note


@transaction.atomic
def dependant_save(*, dependant: Dependant) -> Dependant:
    dependant.full_clean()
    dependant.save()
    return dependant


@transaction.atomic
def document_upload(
    *, client: Client, by: User, upload: UploadedFile, category: str, title: str, content_type: str
) -> Document:
    document = Document(
        client=client,
        category=category,
        title=title,
        original_name=upload.name[:255],
        content_type=content_type,
        size=upload.size,
        uploaded_by=by,
    )
    document.file.save("upload", upload, save=False)
    try:
        document.full_clean()
        document.save()
    except Exception:
        document.file.delete(save=False)
        raise
    return document


@transaction.atomic
def soft_delete(*, record, by: User) -> None:
    """Mark a record deleted; it disappears from lists and can be restored until purged."""
    record.deleted_at = timezone.now()
    record.deleted_by = by
    record.save(update_fields=["deleted_at", "deleted_by"])


@transaction.atomic
def restore(*, record) -> None:
    record.deleted_at = None
    record.deleted_by = None
    record.save(update_fields=["deleted_at", "deleted_by"])
