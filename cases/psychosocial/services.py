"""Writes of psychosocial work. One transaction each; nothing is half-saved.

The invariant they keep: a client's risk flag is raised by a moderate or high risk level
or a PHQ-9 item 9 above 0, tells the supervisors, and is cleared only by a risk
assessment of none or low dated on or after the concern that raised it.
"""

import datetime
import enum
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from clients.access import can_see_psychosocial
from clients.models import Client, ClientAssignment

from ..notifications.models import Notification
from ..notifications.services import notify
from ..services import deadline_create
from .instruments import InstrumentCode
from .models import (
    Assessment,
    ClientRiskFlag,
    PsychosocialSession,
    RiskAssessment,
    RiskLevel,
    SessionAttendance,
)

# -- who hears about a client at risk -----------------------------------------------------


def supervisors_of(client: Client) -> QuerySet[User]:
    """The supervisors of the teams of everyone now on the case; for an unallocated
    intake, those of whoever recorded it."""
    workers = ClientAssignment.objects.filter(client=client, ended_on__isnull=True).values("worker")
    supervisors = User.objects.filter(is_active=True, supervised_teams__members__in=workers)
    if not supervisors.exists():
        supervisors = User.objects.filter(
            is_active=True, supervised_teams__members=client.created_by_id
        )
    return supervisors.distinct()


# -- the risk flag -------------------------------------------------------------------------


class FlagChange(enum.Enum):
    NONE = "none"  # not flagged, and nothing flags it
    RAISED = "raised"  # newly flagged
    RAISED_AGAIN = "raised_again"  # already flagged; a new concern, supervisors told again
    CLEARED = "cleared"
    KEPT = "kept"  # a none/low assessment dated before the concern: the flag stays


def _psychosocial_url(client: Client) -> str:
    return reverse("clients:psychosocial", args=[client.reference])


def _flag_raise(
    *, client: Client, reason: str, level: str, on: datetime.date, by: User
) -> FlagChange:
    flag, _created = ClientRiskFlag.objects.select_for_update().get_or_create(client=client)
    was_flagged = flag.flagged
    flag.flagged = True
    flag.reason = reason
    flag.level = level
    # Clearing needs an assessment on or after the latest concern.
    flag.raised_on = max(flag.raised_on, on) if was_flagged and flag.raised_on else on
    flag.raised_at = timezone.now()
    flag.raised_by = by
    flag.cleared_at = None
    flag.cleared_by = None
    flag.cleared_by_assessment = None
    flag.full_clean()
    flag.save()
    if reason == ClientRiskFlag.Reason.RISK_LEVEL:
        why = _("risk assessed as %(level)s") % {"level": RiskLevel(level).label.lower()}
    else:
        why = _("PHQ-9 item 9 answered above 0, a safety check is needed")
    notify(
        recipients=supervisors_of(client),
        client=client,
        kind=Notification.Kind.RISK_FLAG,
        text=_("%(ref)s flagged at risk: %(why)s (recorded by %(by)s, dated %(on)s).")
        % {"ref": client.reference, "why": why, "by": by, "on": on.isoformat()},
        url=_psychosocial_url(client),
    )
    return FlagChange.RAISED_AGAIN if was_flagged else FlagChange.RAISED


def _flag_clear(*, client: Client, risk: RiskAssessment, by: User) -> FlagChange:
    flag = ClientRiskFlag.objects.select_for_update().filter(client=client, flagged=True).first()
    if flag is None:
        return FlagChange.NONE
    if risk.assessed_on < flag.raised_on:
        return FlagChange.KEPT
    flag.flagged = False
    flag.cleared_at = timezone.now()
    flag.cleared_by = by
    flag.cleared_by_assessment = risk
    flag.full_clean()
    flag.save()
    notify(
        recipients=supervisors_of(client),
        client=client,
        kind=Notification.Kind.RISK_CLEARED,
        text=_("%(ref)s: risk flag cleared by a %(level)s-risk assessment of %(on)s by %(by)s.")
        % {
            "ref": client.reference,
            "level": risk.get_level_display().lower(),
            "on": risk.assessed_on.isoformat(),
            "by": by,
        },
        url=_psychosocial_url(client),
    )
    return FlagChange.CLEARED


# -- sessions ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Participant:
    client: Client
    attendance: str = SessionAttendance.Attendance.ATTENDED
    note: str = ""


ONE_CLIENT_KINDS = frozenset({PsychosocialSession.Kind.INDIVIDUAL, PsychosocialSession.Kind.CRISIS})


@transaction.atomic
def session_record(
    *, session: PsychosocialSession, participants: Sequence[Participant], by: User
) -> PsychosocialSession:
    """A session and each client's attendance; a follow-up date becomes a deadline on each
    client's file, assigned to the session's worker."""
    clients = [p.client for p in participants]
    if not clients:
        raise ValidationError(_("A session needs at least one client."))
    if len({c.pk for c in clients}) != len(clients):
        raise ValidationError(_("A client is listed twice."))
    if session.kind == PsychosocialSession.Kind.GROUP and len(clients) < 2:
        raise ValidationError(_("A group session needs at least two clients."))
    if session.kind in ONE_CLIENT_KINDS and len(clients) != 1:
        raise ValidationError(
            _("An individual or crisis session is with one client. Choose “group” for several.")
        )
    for client in clients:
        # Callers pass clients through the access policy; this is the last line of defence.
        if not can_see_psychosocial(by, client):
            raise ValidationError(
                _("%(ref)s is not among the clients whose psychosocial record you hold.")
                % {"ref": client.reference}
            )
    if session.worker_id is None:
        session.worker = by
    if session.created_by_id is None:
        session.created_by = by
    session.audit_client_ids = [c.pk for c in clients]
    session.full_clean()
    session.save()
    for participant in participants:
        attendance = SessionAttendance(
            session=session,
            client=participant.client,
            attendance=participant.attendance,
            note=participant.note,
        )
        attendance.full_clean()
        attendance.save()
        if session.follow_up_on:
            attendance.follow_up_deadline = deadline_create(
                client=participant.client,
                # Everyone in scope sees deadlines: the title says no more than that a
                # psychosocial follow-up is due.
                title=_("Psychosocial follow-up (%(worker)s)") % {"worker": session.worker},
                due_on=session.follow_up_on,
                by=by,
                assignee=session.worker,
            )
            attendance.save(update_fields=["follow_up_deadline"])
    return session


# -- measures ---------------------------------------------------------------------------------


@transaction.atomic
def assessment_record(
    *,
    client: Client,
    instrument: str,
    taken_on: datetime.date,
    answers: list[int | None],
    by: User,
    session: PsychosocialSession | None = None,
) -> tuple[Assessment, FlagChange]:
    """A completed measure, scored by the registry. A PHQ-9 with item 9 above 0 flags the
    client and tells the supervisors: a safety check is due."""
    assessment = Assessment(
        client=client,
        instrument=instrument,
        taken_on=taken_on,
        answers=list(answers),
        session=session,
        recorded_by=by,
    )
    assessment.full_clean(exclude=["total", "band"])
    assessment.save()
    change = FlagChange.NONE
    if instrument == InstrumentCode.PHQ9 and assessment.needs_safety_check:
        change = _flag_raise(
            client=client,
            reason=ClientRiskFlag.Reason.PHQ9_ITEM9,
            level="",
            on=taken_on,
            by=by,
        )
    return assessment, change


# -- risk screening ---------------------------------------------------------------------------


@transaction.atomic
def risk_assessment_record(
    *, risk: RiskAssessment, client: Client, by: User
) -> tuple[RiskAssessment, FlagChange]:
    """A risk screen. Moderate or high flags the client; none or low clears a flag raised
    on or before its date."""
    risk.client = client
    risk.assessed_by = by
    risk.full_clean()
    risk.save()
    if risk.flags_client:
        change = _flag_raise(
            client=client,
            reason=ClientRiskFlag.Reason.RISK_LEVEL,
            level=risk.level,
            on=risk.assessed_on,
            by=by,
        )
    else:
        change = _flag_clear(client=client, risk=risk, by=by)
    return risk, change
