"""Retention: clients closed longer than RETENTION_YEARS lose every identifying detail,
while what the centre's statistics need (nationality, sex, year of birth, dates, statuses,
claim stages and outcomes, counts) stays.

Generic over the client's related records, like the data access export, so records that
later apps add are covered: every free-text field (char or text, without choices) of every
related record is blanked, documents are deleted with their files, aliases and household
members are removed, and the audit trail keeps who did what and when but loses the recorded
values. The audit trail does not record the anonymisation's own field changes (they would
put the names right back).
"""

import datetime

from auditlog.context import disable_auditlog
from auditlog.models import LogEntry
from django.conf import settings
from django.db import models, transaction
from django.db.models import QuerySet
from django.utils import timezone

from .models import CaseNote, Client, ClientAlias, Dependant, Document

REMOVED = "[removed under the retention policy]"
# Kept on every model: what statistics and the record's own structure need.
KEEP = {"reference", "status", "sex", "nationality", "kind", "category", "content_type"}
# Removed outright rather than blanked: they exist only to identify.
DELETE = (ClientAlias, Dependant, CaseNote)
MAX_DEPTH = 3


def due_for_retention(
    *, years: int | None = None, today: datetime.date | None = None
) -> QuerySet[Client]:
    years = settings.RETENTION_YEARS if years is None else years
    today = today or timezone.localdate()
    try:
        cutoff = today.replace(year=today.year - years)
    except ValueError:  # 29 February
        cutoff = today.replace(year=today.year - years, day=28)
    return Client.objects.filter(
        status=Client.Status.CLOSED, closed_on__lte=cutoff, anonymised_on__isnull=True
    )


def _blank_free_text(record: models.Model) -> list[str]:
    changed = []
    for field in record._meta.concrete_fields:
        if field.name in KEEP or field.choices or field.primary_key or not field.editable:
            continue
        if isinstance(field, models.CharField | models.TextField) and getattr(
            record, field.attname
        ):
            if field.blank:
                value = ""
            elif field.unique:
                value = f"removed-{record.pk}"[: field.max_length]
            else:
                value = REMOVED[: field.max_length] if field.max_length else REMOVED
            setattr(record, field.attname, value)
            changed.append(field.attname)
    return changed


def _related_records(record: models.Model, depth: int = 0):
    for relation in record._meta.related_objects:
        if not (relation.one_to_many or relation.one_to_one) or relation.related_model is LogEntry:
            continue
        accessor = relation.get_accessor_name()
        if relation.hidden or not accessor:
            continue
        if relation.one_to_one:
            child = getattr(record, accessor, None)
            rows = [child] if child is not None else []
        else:
            rows = list(getattr(record, accessor).all())
        for row in rows:
            yield row
            if depth + 1 < MAX_DEPTH:
                yield from _related_records(row, depth + 1)


@transaction.atomic
def client_anonymise(*, client: Client) -> None:
    with disable_auditlog():
        for model in DELETE:
            model.all_objects.filter(client=client).delete()
        for document in Document.all_objects.filter(client=client):
            document.file.delete(save=False)
            document.delete()
        for record in _related_records(client):
            changed = _blank_free_text(record)
            if changed:
                type(record).objects.filter(pk=record.pk).update(
                    **{name: getattr(record, name) for name in changed}
                )
        _blank_free_text(client)
        client.family_name = "Anonymised"
        client.reference = f"ANON-{client.pk:09d}"
        if client.date_of_birth:
            client.date_of_birth = client.date_of_birth.replace(month=1, day=1)
            client.date_of_birth_estimated = True
        client.anonymised_on = timezone.localdate()
        client.save()
        # The trail keeps who looked or changed what kind of record and when; not the values.
        LogEntry.objects.filter(additional_data__client_id=client.pk).update(
            changes=None, changes_text="", object_repr="[anonymised]", serialized_data=None
        )
