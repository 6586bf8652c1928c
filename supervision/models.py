"""Supervision: closure requests and decisions, reopenings, reassignments, supervision notes
and caseload imports from spreadsheets.

The client's own record keeps its current state (status, closed_on, closure_reason,
closure_approved_by); the rows here keep how it got there, so nothing is overwritten.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clients.models import ClientOwned


class ClosureRequest(ClientOwned, models.Model):
    """A caseworker asks to close a file; a supervisor approves it or returns it."""

    class Outcome(models.TextChoices):
        CLAIM_SUBSTANTIATED = "claim_substantiated", _("Claim substantiated")
        SERVICES_COMPLETED = "services_completed", _("Services completed, needs met")
        LEFT_HONG_KONG = "left_hong_kong", _("Left Hong Kong or resettled")
        REMOVED = "removed", _("Removed from Hong Kong")
        TRANSFERRED = "transferred", _("Transferred to another organisation")
        CLIENT_WITHDREW = "client_withdrew", _("Client withdrew from services")
        LOST_CONTACT = "lost_contact", _("Lost contact")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Waiting for a decision")
        APPROVED = "approved", _("Approved: file closed")
        RETURNED = "returned", _("Returned to the caseworker")

    client = models.ForeignKey(
        "clients.Client", on_delete=models.CASCADE, related_name="closure_requests"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="closure_requests",
        verbose_name=_("requested by"),
    )
    requested_at = models.DateTimeField(_("requested"), default=timezone.now)
    outcome = models.CharField(_("outcome"), max_length=30, choices=Outcome)
    reason = models.TextField(_("reason for closing"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status, default=Status.REQUESTED, db_index=True
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    comment = models.TextField(_("supervisor's comment"), blank=True)

    class Meta:
        verbose_name = _("closure request")
        verbose_name_plural = _("closure requests")
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["client"],
                condition=Q(status="requested"),
                name="one_open_closure_request_per_client",
                violation_error_message=_("A closure request for this client is already waiting."),
            ),
            models.CheckConstraint(
                condition=Q(status="requested")
                | Q(decided_by__isnull=False, decided_at__isnull=False),
                name="closure_decision_has_who_and_when",
            ),
            models.CheckConstraint(
                condition=~Q(status="returned") | ~Q(comment=""),
                name="closure_returned_has_comment",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_status_display()}: {self.client_id} ({self.requested_at:%Y-%m-%d})"

    def get_absolute_url(self) -> str:
        return reverse("supervision:closure_decide", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.REQUESTED


class ClientReopening(ClientOwned, models.Model):
    """A closed file opened again: why, by whom, and what the closure had said."""

    client = models.ForeignKey(
        "clients.Client", on_delete=models.CASCADE, related_name="reopenings"
    )
    reopened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reopened_at = models.DateTimeField(_("reopened"), default=timezone.now)
    reason = models.TextField(_("reason for reopening"))
    previous_closed_on = models.DateField(_("had been closed on"), null=True, blank=True)
    previous_closure_reason = models.TextField(_("closure reason then"), blank=True)

    class Meta:
        verbose_name = _("reopening")
        verbose_name_plural = _("reopenings")
        ordering = ["-reopened_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.client_id} reopened {self.reopened_at:%Y-%m-%d}"


class Reassignment(ClientOwned, models.Model):
    """One move of a client from one worker to another, with the supervisor's reason.

    The assignments themselves (ended and new) stay in clients.ClientAssignment; this row
    ties the two together and says why.
    """

    client = models.ForeignKey(
        "clients.Client", on_delete=models.CASCADE, related_name="reassignments"
    )
    from_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("from"),
    )
    to_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("to"),
    )
    role = models.CharField(_("role"), max_length=10)
    reason = models.CharField(_("reason"), max_length=300)
    deadlines_moved = models.PositiveIntegerField(_("open deadlines moved"), default=0)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("reassignment")
        verbose_name_plural = _("reassignments")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.client_id}: {self.from_worker} -> {self.to_worker}"


class SupervisionNote(models.Model):
    """A supervisor's note about a client or about a worker. Supervisors only."""

    client = models.ForeignKey(
        "clients.Client",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="supervision_notes",
    )
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="supervision_notes_about",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="supervision_notes"
    )
    body = models.TextField(_("note"))
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    class Meta:
        verbose_name = _("supervision note")
        verbose_name_plural = _("supervision notes")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(client__isnull=False, worker__isnull=True)
                | Q(client__isnull=True, worker__isnull=False),
                name="supervision_note_about_client_or_worker",
            )
        ]

    def __str__(self) -> str:
        return f"Supervision note by {self.author_id} on {self.created_at:%Y-%m-%d}"

    def get_additional_data(self) -> dict:
        return {"client_id": self.client_id} if self.client_id else {}


class ImportBatch(models.Model):
    """A spreadsheet uploaded for import: parsed, previewed, then imported all at once."""

    class Status(models.TextChoices):
        PREVIEWED = "previewed", _("Previewed")
        IMPORTED = "imported", _("Imported")

    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    file_name = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(_("file checksum"), max_length=64)
    # The parsed rows wait here between the preview and the import; emptied afterwards.
    rows = models.JSONField(default=list, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.PREVIEWED)
    imported_at = models.DateTimeField(_("imported"), null=True, blank=True)
    created_count = models.PositiveIntegerField(_("clients created"), default=0)
    skipped_count = models.PositiveIntegerField(_("rows already imported"), default=0)

    class Meta:
        verbose_name = _("caseload import")
        verbose_name_plural = _("caseload imports")
        ordering = ["-uploaded_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_status_display()})"


class ImportedRecord(models.Model):
    """The spreadsheet's own id of a client, so importing the same file twice adds nothing."""

    source_id = models.CharField(_("id in the spreadsheet"), max_length=100, unique=True)
    client = models.OneToOneField(
        "clients.Client", on_delete=models.CASCADE, related_name="imported_from"
    )
    batch = models.ForeignKey(ImportBatch, on_delete=models.PROTECT, related_name="records")

    class Meta:
        verbose_name = _("imported client")
        verbose_name_plural = _("imported clients")

    def __str__(self) -> str:
        return self.source_id
