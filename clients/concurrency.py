"""No lost updates: optimistic locking for edit forms of client data.

An edit form carries the version (the record's `updated_at`) it was opened at. Saving
checks, under a row lock, that the stored record is still at that version; if someone
else saved in between, the save is refused, the other person's changes are shown from the
audit trail, and the user's typed input stays on the page to review and save again.
"""

import datetime

from auditlog.models import LogEntry
from django import forms
from django.db import models
from django.db.models import QuerySet
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _


class EditConflict(Exception):
    def __init__(self, *, current_version: str):
        super().__init__("The record changed since it was opened.")
        self.current_version = current_version


def version_of(record: models.Model) -> str:
    return record.updated_at.isoformat()


def check_version(record: models.Model, expected: str) -> None:
    """Raise EditConflict unless the stored row is still at `expected`. Locks the row
    until the end of the transaction, so two simultaneous saves cannot both pass."""
    stored = type(record).objects.select_for_update().only("updated_at").get(pk=record.pk)
    if version_of(stored) != expected:
        raise EditConflict(current_version=version_of(stored))


def changes_since(record: models.Model, version: str) -> QuerySet[LogEntry]:
    since = parse_datetime(version) or datetime.datetime.min.replace(tzinfo=datetime.UTC)
    return (
        LogEntry.objects.get_for_object(record)
        .filter(action=LogEntry.Action.UPDATE, timestamp__gt=since)
        .select_related("actor")
        .order_by("timestamp")
    )


class VersionedForm(forms.ModelForm):
    """A ModelForm that remembers which version of its record it was opened at, and refuses
    to save over a newer one: the error lists the other person's changes (from the audit
    trail) and merges what can be merged. Works for any model with `updated_at`; writes
    that matter also call `check_version` under a row lock to close the race window."""

    version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.conflicting: QuerySet[LogEntry] | None = None
        if self.instance.pk:
            self.fields["version"].initial = version_of(self.instance)

    def clean(self):
        data = super().clean()
        if self.instance.pk and self.is_bound:
            # The instance was read from the database for this request: it is the stored one.
            opened_at = data.get("version") or ""
            current = version_of(self.instance)
            if opened_at != current:
                self.conflict(
                    EditConflict(current_version=current), changes_since(self.instance, opened_at)
                )
        return data

    def conflict(self, error: EditConflict, entries: QuerySet[LogEntry]) -> None:
        """Show the conflict and merge what can be merged: a field the user left as it was
        takes the other person's new value; a field the user changed keeps the user's
        input. The form moves to the stored version, so saving again is deliberate."""
        self.conflicting = entries
        self.data = self.data.copy()
        self.data["version"] = error.current_version
        summary = []
        for entry in entries:
            for field, (old, new) in entry.changes_dict.items():
                if field in self.fields and field in self.data and _same(self.data[field], old):
                    self.data[field] = "" if new in (None, "None") else new
                summary.append(f"{field}: {_shown(old)} → {_shown(new)}")
        who = ", ".join(sorted({str(e.actor) for e in entries if e.actor})) or _("someone")
        self.add_error(
            None,
            _(
                "%(who)s saved this record after you opened it (%(changes)s). Their changes "
                "are kept where you had not changed the same field; your own input is still "
                "in the form. Check it, then save again."
            )
            % {"who": who, "changes": "; ".join(summary) or _("no field details")},
        )


def _shown(value) -> str:
    text = "—" if value in (None, "None", "") else str(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _same(submitted, old) -> bool:
    return (submitted or "") == ("" if old in (None, "None") else str(old))
