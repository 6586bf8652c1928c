"""Reads of claims and deadlines. Every read that reaches client data starts from the
access policy's visible set (`clients.access.clients_visible_to`)."""

import datetime
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from accounts.models import User
from clients.access import clients_visible_to, visible_client_ids
from clients.models import Client

from .models import ClaimEvent, Deadline, LegalAidApplication, ProtectionClaim, ReportingCondition

SOON_DAYS = 14


def open_deadlines() -> QuerySet[Deadline]:
    return Deadline.objects.filter(done_at__isnull=True, voided_at__isnull=True)


def my_open_deadlines(user: User) -> QuerySet[Deadline]:
    """Open deadlines assigned to `user`, only on clients `user` may see."""
    return (
        open_deadlines()
        .filter(assignee=user, client__in=visible_client_ids(user))
        .select_related("client", "claim", "rule")
        .order_by("due_on", "pk")
    )


def overdue_count(user: User) -> int:
    """For the navigation badge: one COUNT query."""
    if not user.is_authenticated or not user.does_casework:
        return 0
    return my_open_deadlines(user).filter(due_on__lt=timezone.localdate()).count()


@dataclass
class DeadlineGroups:
    overdue: list[Deadline]
    soon: list[Deadline]
    later: list[Deadline]

    def __bool__(self) -> bool:
        return bool(self.overdue or self.soon or self.later)


def my_deadlines_grouped(user: User, *, include_later: bool = True) -> DeadlineGroups:
    """Overdue first, then the next 14 days, then later (one query)."""
    today = timezone.localdate()
    soon_end = today + datetime.timedelta(days=SOON_DAYS)
    groups = DeadlineGroups([], [], [])
    deadlines = my_open_deadlines(user)
    if not include_later:
        deadlines = deadlines.filter(due_on__lte=soon_end)
    for deadline in deadlines:
        if deadline.due_on < today:
            groups.overdue.append(deadline)
        elif deadline.due_on <= soon_end:
            groups.soon.append(deadline)
        else:
            groups.later.append(deadline)
    return groups


def deadlines_of(client: Client) -> QuerySet[Deadline]:
    """A client's deadlines, for a page that already passed the client through `client_for`."""
    return client.deadlines.select_related("assignee", "done_by", "rule", "claim").order_by(
        "voided_at", "done_at", "due_on", "pk"
    )


def visible_deadline(user: User, pk: int) -> QuerySet[Deadline]:
    return Deadline.objects.filter(pk=pk, client__in=clients_visible_to(user).values("pk"))


def claims_of(client: Client) -> list[ProtectionClaim]:
    events = ClaimEvent.objects.select_related("recorded_by").order_by("date", "pk")
    return list(
        client.claims.prefetch_related(Prefetch("events", queryset=events)).order_by(
            "-made_on", "-pk"
        )
    )


def legal_aid_of(client: Client) -> QuerySet[LegalAidApplication]:
    return client.legal_aid_applications.select_related("claim").order_by("-applied_on", "-pk")


def reporting_of(client: Client) -> QuerySet[ReportingCondition]:
    return client.reporting.order_by("ended_on", "-first_report_on", "-pk")


def next_reporting_date(client: Client) -> Deadline | None:
    return (
        open_deadlines()
        .filter(client=client, source=Deadline.Source.REPORTING)
        .order_by("due_on")
        .first()
    )


def feed_deadlines(user: User) -> QuerySet[Deadline]:
    """The calendar feed: the owner's open deadlines on clients in their scope."""
    return my_open_deadlines(user)


def reminder_recipients() -> QuerySet[User]:
    return User.objects.filter(
        is_active=True, deadlines__done_at__isnull=True, deadlines__voided_at__isnull=True
    ).distinct()
