"""Writes of supervision: reassignment, closure and reopening, supervision notes.

Assignments change only through clients.services (so the audit trail records them), and
open deadlines follow the lead through cases.services. Notifications go out after the
transaction commits, so nobody is told about a change that was rolled back.
"""

from collections.abc import Iterable
from functools import partial

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import User
from cases.models import Deadline
from cases.services import deadlines_follow_lead
from clients.models import Client, ClientAssignment
from clients.services import assignment_add, assignment_end

from .models import ClientReopening, ClosureRequest, Reassignment, SupervisionNote
from .notifications import assignment_notices_held, notify_worker

# -- reassignment -------------------------------------------------------------------------


@transaction.atomic
def client_reassign(
    *, client: Client, from_worker: User, to_worker: User, by: User, reason: str
) -> Reassignment:
    """Move `client` from one worker to another in the same role (lead or support).

    A lead's open deadlines go to the new lead (cases.signals, then checked here). If the
    new worker already supports the client and takes over the lead, their support ends.
    """
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the client is being reassigned.")})
    if from_worker.pk == to_worker.pk:
        raise ValidationError({"to_worker": _("Choose a different worker to move the client to.")})
    current = {
        a.worker_id: a
        for a in ClientAssignment.objects.select_for_update().filter(
            client=client, ended_on__isnull=True
        )
    }
    old = current.get(from_worker.pk)
    if old is None:
        raise ValidationError(
            _("%(worker)s is not assigned to %(ref)s.")
            % {"worker": from_worker, "ref": client.reference}
        )
    existing = current.get(to_worker.pk)
    if existing is not None:
        if old.role == ClientAssignment.Role.LEAD:
            # Support becomes lead: their support assignment ends, a lead one starts.
            assignment_end(assignment=existing, replaced=True)
        else:
            raise ValidationError(
                _("%(worker)s is already assigned to %(ref)s.")
                % {"worker": to_worker, "ref": client.reference}
            )
    held = list(
        Deadline.objects.filter(
            client=client, assignee=from_worker, done_at__isnull=True, voided_at__isnull=True
        ).values_list("pk", flat=True)
    )
    if old.role == ClientAssignment.Role.SUPPORT:
        assignment_end(assignment=old, replaced=True)
    # A new lead ends the old lead's assignment itself (clients.services.assignment_add).
    assignment_add(client=client, worker=to_worker, role=old.role, by=by, reason=reason)
    # cases.signals hands a new lead the open deadlines; a support's go to the lead here.
    deadlines_follow_lead(client=client)
    moved = Deadline.objects.filter(pk__in=held).exclude(assignee=from_worker).count()
    record = Reassignment(
        client=client,
        from_worker=from_worker,
        to_worker=to_worker,
        role=old.role,
        reason=reason[:300],
        deadlines_moved=moved,
        by=by,
    )
    record.full_clean()
    record.save()
    return record


@transaction.atomic
def clients_reassign(
    *, clients: Iterable[Client], from_worker: User, to_worker: User, by: User, reason: str
) -> list[Reassignment]:
    """Move several clients at once: all of them, or none if any one cannot move."""
    with assignment_notices_held():
        records = [
            client_reassign(
                client=client, from_worker=from_worker, to_worker=to_worker, by=by, reason=reason
            )
            for client in clients
        ]
    if records:
        refs = [r.client.reference for r in records]
        transaction.on_commit(
            partial(
                _tell_about_reassignment, refs=refs, from_worker=from_worker, to_worker=to_worker
            )
        )
    return records


def _tell_about_reassignment(*, refs: list[str], from_worker: User, to_worker: User) -> None:
    count = len(refs)
    notify_worker(
        user=to_worker,
        subject=ngettext(
            "%(count)d client assigned to you", "%(count)d clients assigned to you", count
        )
        % {"count": count},
        lines=[_("Now on your caseload (from %(who)s):") % {"who": from_worker}, *refs],
        url=reverse("clients:list"),
    )
    notify_worker(
        user=from_worker,
        subject=ngettext(
            "%(count)d client moved off your caseload",
            "%(count)d clients moved off your caseload",
            count,
        )
        % {"count": count},
        lines=[_("Now with %(who)s:") % {"who": to_worker}, *refs],
        url=reverse("clients:list"),
    )


@transaction.atomic
def intake_assign(*, client: Client, worker: User, by: User, reason: str = "") -> ClientAssignment:
    """Give an unassigned intake its lead caseworker (who is told, by supervision.signals)."""
    if (
        client.status != Client.Status.INTAKE
        or client.assignments.filter(ended_on__isnull=True).exists()
    ):
        raise ValidationError(
            _("%(ref)s is no longer waiting for a caseworker.") % {"ref": client.reference}
        )
    assignment = assignment_add(
        client=client, worker=worker, role=ClientAssignment.Role.LEAD, by=by, reason=reason
    )
    deadlines_follow_lead(client=client)
    return assignment


# -- closure -------------------------------------------------------------------------------


@transaction.atomic
def closure_request(*, client: Client, by: User, outcome: str, reason: str) -> ClosureRequest:
    if client.status == Client.Status.CLOSED:
        raise ValidationError(_("This file is already closed."))
    if ClosureRequest.objects.filter(
        client=client, status=ClosureRequest.Status.REQUESTED
    ).exists():
        raise ValidationError(_("A closure request for this client is already waiting."))
    request = ClosureRequest(client=client, requested_by=by, outcome=outcome, reason=reason.strip())
    request.full_clean()
    request.save()
    return request


def _decide(request: ClosureRequest, *, by: User, status: str, comment: str) -> None:
    locked = ClosureRequest.objects.select_for_update().get(pk=request.pk)
    if locked.status != ClosureRequest.Status.REQUESTED:
        raise ValidationError(_("This request has already been decided."))
    request.status = status
    request.decided_by = by
    request.decided_at = timezone.now()
    request.comment = comment.strip()
    request.full_clean()
    request.save()


@transaction.atomic
def closure_approve(*, request: ClosureRequest, by: User, comment: str = "") -> ClosureRequest:
    """Close the file: it leaves the working lists and keeps every record."""
    if not by.is_supervisor:
        raise ValidationError(_("Only a supervisor can approve a closure."))
    _decide(request, by=by, status=ClosureRequest.Status.APPROVED, comment=comment)
    client = Client.objects.select_for_update().get(pk=request.client_id)
    client.status = Client.Status.CLOSED
    client.closed_on = timezone.localdate()
    client.closure_reason = f"{request.get_outcome_display()}: {request.reason}"
    client.closure_approved_by = by
    client.full_clean()
    client.save(
        update_fields=["status", "closed_on", "closure_reason", "closure_approved_by", "updated_at"]
    )
    request.client = client
    return request


@transaction.atomic
def closure_return(*, request: ClosureRequest, by: User, comment: str) -> ClosureRequest:
    """Send the request back with a comment; the caseworker is told and may ask again."""
    if not by.is_supervisor:
        raise ValidationError(_("Only a supervisor can return a closure request."))
    if not comment.strip():
        raise ValidationError({"comment": _("Say what is missing before the file can close.")})
    _decide(request, by=by, status=ClosureRequest.Status.RETURNED, comment=comment)
    ref = request.client.reference
    transaction.on_commit(
        partial(
            notify_worker,
            user=request.requested_by,
            subject=_("Closure of %(ref)s returned") % {"ref": ref},
            lines=[
                _("%(who)s returned your request to close %(ref)s. Their comment is in the app.")
                % {"who": by, "ref": ref}
            ],
            url=reverse("supervision:client_closure", args=[ref]),
        )
    )
    return request


@transaction.atomic
def client_reopen(*, client: Client, by: User, reason: str) -> ClientReopening:
    """Open a closed file again; the closure it replaces is kept on the reopening row."""
    if client.status != Client.Status.CLOSED:
        raise ValidationError(_("Only a closed file can be reopened."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the file is reopened.")})
    reopening = ClientReopening(
        client=client,
        reopened_by=by,
        reason=reason.strip(),
        previous_closed_on=client.closed_on,
        previous_closure_reason=client.closure_reason,
    )
    reopening.full_clean()
    reopening.save()
    client.status = Client.Status.ACTIVE
    client.closed_on = None
    client.closure_reason = ""
    client.closure_approved_by = None
    client.full_clean()
    client.save(
        update_fields=["status", "closed_on", "closure_reason", "closure_approved_by", "updated_at"]
    )
    return reopening


# -- notes ---------------------------------------------------------------------------------


@transaction.atomic
def supervision_note_add(
    *, author: User, body: str, client: Client | None = None, worker: User | None = None
) -> SupervisionNote:
    note = SupervisionNote(client=client, worker=worker, author=author, body=body.strip())
    note.full_clean()
    note.save()
    return note
