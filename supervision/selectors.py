"""Reads of the supervision pages. Everything starts from the access policy:
`clients_visible_to` for clients, `staff_visible_to` for workers. Counts are computed in
the database (GROUP BY, COUNT ... FILTER), never by looping over rows in Python.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Window
from django.utils import timezone

from accounts.models import Team, User
from accounts.roles import Role
from cases.models import Deadline
from clients.access import (
    clients_visible_to,
    staff_visible_to,
    visible_client_condition,
    visible_client_ids,
)
from clients.idsets import materialised
from clients.models import Client, ClientAssignment
from clients.selectors import current_assignments_prefetch

from .models import ClosureRequest, Reassignment, SupervisionNote

SECTION_SIZE = 10


def visible_ids(user: User) -> QuerySet:
    return visible_client_ids(user)


def open_deadlines_in_scope(user: User, scope=None) -> QuerySet[Deadline]:
    """`scope`, where given, is `visible_ids(user)` already computed (idsets.materialised)."""
    return Deadline.objects.filter(
        done_at__isnull=True,
        voided_at__isnull=True,
        client__in=visible_ids(user) if scope is None else scope,
    )


def _current(**filters) -> QuerySet[ClientAssignment]:
    return ClientAssignment.objects.filter(ended_on__isnull=True, **filters)


def assignable_staff(user: User) -> QuerySet[User]:
    """Who a supervisor may give clients to: active caseworkers of the teams they supervise."""
    return (
        staff_visible_to(user)
        .filter(is_active=True, groups__name__in=[Role.LEGAL, Role.PSYCHOSOCIAL])
        .distinct()
        .order_by("full_name", "username")
    )


def supervised_teams(user: User) -> QuerySet[Team]:
    if not user.is_authenticated or not user.is_supervisor:
        return Team.objects.none()
    return Team.objects.filter(supervisors=user).order_by("name")


# -- the dashboard ---------------------------------------------------------------------------


def psychosocial_figures_available() -> bool:
    """Sessions and risk flags come from the cases app's psychosocial module, when present."""
    try:
        from cases.psychosocial.models import ClientRiskFlag, PsychosocialSession  # noqa: F401
    except ImportError:
        return False
    return True


def _grouped(queryset: QuerySet, group: str, **counts) -> dict[int, dict]:
    """{group id: {name: count}} from one GROUP BY query."""
    rows = queryset.order_by().values(group).annotate(**counts)
    return {row[group]: row for row in rows}


def caseload(user: User, scope=None) -> list[User]:
    """Each worker of the supervised teams with their figures: one GROUP BY query per kind
    of figure (assignments, deadlines, sessions, closures), whatever the number of workers.

    Clients currently assigned to a supervised worker are in the supervisor's scope by the
    access policy's own rule, so the assignment figures need no further check; deadlines
    and closure requests are limited to clients in scope."""
    scope = visible_ids(user) if scope is None else scope
    today = timezone.localdate()
    workers = list(
        staff_visible_to(user)
        .filter(is_active=True)
        .prefetch_related("teams")
        .order_by("full_name", "username")
    )
    ids = [w.pk for w in workers]
    psychosocial = psychosocial_figures_available()
    # Counting the client column, not the id, and leaving out the (fewer) closed files
    # rather than joining every open one: the covering index answers alone.
    assignment_counts = {
        "active_clients": Count("client"),
        "lead_clients": Count("client", filter=Q(role=ClientAssignment.Role.LEAD)),
    }
    if psychosocial:
        from cases.psychosocial.models import ClientRiskFlag

        flagged = ClientRiskFlag.objects.filter(flagged=True).values("client_id")
        assignment_counts["flagged_clients"] = Count("client", filter=Q(client__in=flagged))
    closed = Client.objects.filter(status=Client.Status.CLOSED).values("pk")
    clients = _grouped(
        _current(worker__in=ids).exclude(client__in=closed),
        "worker",
        **assignment_counts,
    )
    deadlines = _grouped(
        Deadline.objects.filter(
            assignee__in=ids, done_at__isnull=True, voided_at__isnull=True, client__in=scope
        ),
        "assignee",
        # Counting the client column (never null), not the id: the covering index then
        # answers alone (an index-only scan, 96 -> 35 ms over a 50,000-client scope).
        open_deadlines=Count("client"),
        overdue_deadlines=Count("client", filter=Q(due_on__lt=today)),
    )
    closures = _grouped(
        ClosureRequest.objects.filter(
            requested_by__in=ids, status=ClosureRequest.Status.REQUESTED, client__in=scope
        ),
        "requested_by",
        closures_waiting=Count("pk"),
    )
    sessions = {}
    if psychosocial:
        from cases.psychosocial.models import PsychosocialSession

        sessions = _grouped(
            PsychosocialSession.objects.filter(
                worker__in=ids, date__gte=month_start(today), date__lte=today
            ),
            "worker",
            sessions_this_month=Count("pk"),
        )
    figures = [
        (clients, assignment_counts),
        (deadlines, ("open_deadlines", "overdue_deadlines")),
        (closures, ("closures_waiting",)),
        (sessions, ("sessions_this_month",) if psychosocial else ()),
    ]
    for worker in workers:
        for rows, names in figures:
            row = rows.get(worker.pk, {})
            for name in names:
                setattr(worker, name, row.get(name, 0))
    return workers


def _clients_in(user: User, scope) -> QuerySet[Client]:
    return clients_visible_to(user) if scope is None else Client.objects.filter(pk__in=scope)


def intake_queue(user: User, scope=None) -> QuerySet[Client]:
    """Intakes in scope that nobody works on yet.

    By the access policy these are the unassigned intakes recorded by the teams' members
    (an open file always keeps a worker: clients.services.assignment_end). Asking for the
    intake status lets PostgreSQL start from the few intakes (the status index) instead
    of testing every open file for a current assignment: 157 ms -> 8 ms at 100,000
    clients. The list behind the figure (supervision_clients, unassigned) asks the same."""
    return (
        _clients_in(user, scope)
        .filter(status=Client.Status.INTAKE)
        .filter(~Exists(_current(client=OuterRef("pk"))))
        .select_related("created_by")
        .order_by("intake_date", "pk")
    )


def overdue_deadlines(user: User, scope=None) -> QuerySet[Deadline]:
    return (
        open_deadlines_in_scope(user, scope)
        .filter(due_on__lt=timezone.localdate())
        .select_related("client", "assignee")
        .order_by("due_on", "pk")
    )


def open_closure_requests(user: User, scope=None) -> QuerySet[ClosureRequest]:
    return (
        ClosureRequest.objects.filter(
            status=ClosureRequest.Status.REQUESTED,
            client__in=visible_ids(user) if scope is None else scope,
        )
        .select_related("client", "requested_by")
        .order_by("requested_at", "pk")
    )


def closure_request_for(user: User, pk: int) -> ClosureRequest | None:
    """A closure request on a client `user` may see, or None (the view answers 404)."""
    return (
        ClosureRequest.objects.filter(pk=pk, client__in=visible_ids(user))
        .select_related("client", "requested_by", "decided_by")
        .first()
    )


def referrals_waiting(user: User, scope=None) -> dict[str, int] | None:
    """Sent referrals with no answer yet (all, and overdue), or None without the app."""
    try:
        from referrals.models import Referral
        from referrals.selectors import overdue_cutoff, referrals_visible_to
    except ImportError:
        return None
    # Only sent referrals are read (the status index), not every referral in scope.
    sent = referrals_visible_to(user, scope=scope).filter(status=Referral.Status.SENT)
    return sent.aggregate(
        waiting=Count("pk"), overdue=Count("pk", filter=Q(sent_at__lt=overdue_cutoff()))
    )


def flagged_clients(user: User, scope=None) -> QuerySet[Client] | None:
    """Open files flagged at risk (moderate or high), or None without the psychosocial
    module: the page then says so rather than showing a reassuring zero."""
    if not psychosocial_figures_available():
        return None
    return (
        _clients_in(user, scope)
        .filter(risk_flag__flagged=True)
        .exclude(status=Client.Status.CLOSED)
        .order_by("family_name", "given_name", "pk")
    )


def recent_reassignments(user: User, scope=None) -> QuerySet[Reassignment]:
    return (
        Reassignment.objects.filter(client__in=visible_ids(user) if scope is None else scope)
        .select_related("client", "from_worker", "to_worker", "by")
        .order_by("-at", "-pk")
    )


@dataclass
class Dashboard:
    workers: list[User]
    queue: list[Client]
    queue_count: int
    overdue: list[Deadline]
    overdue_count: int
    closures: list[ClosureRequest]
    closures_count: int
    referrals: dict[str, int] | None
    flagged: list[Client] | None
    flagged_count: int | None
    reassignments: list[Reassignment]


def first_and_count(queryset: QuerySet, size: int = SECTION_SIZE) -> tuple[list, int]:
    """The first `size` rows and how many there are in all, in one query (a window
    COUNT computed before the LIMIT), rather than one query for each. For rows that are
    costly to find but few to count (the intake queue); with many rows and joins (all
    overdue deadlines) two queries are much faster."""
    rows = list(queryset.annotate(in_all=Window(Count("pk")))[:size])
    return rows, (rows[0].in_all if rows else 0)


def dashboard(user: User) -> Dashboard:
    # Every figure asks about the same scope: compute it once (clients/idsets.py).
    with materialised(visible_ids(user), indexed=True) as scope:
        # The intake queue: its rows and its count in one pass.
        queue, queue_count = first_and_count(intake_queue(user, scope))
        overdue = overdue_deadlines(user, scope)
        closures = open_closure_requests(user, scope)
        flagged = flagged_clients(user, scope)
        return Dashboard(
            workers=caseload(user, scope),
            queue=queue,
            queue_count=queue_count,
            overdue=list(overdue[:SECTION_SIZE]),
            overdue_count=overdue.count(),
            closures=list(closures[:SECTION_SIZE]),
            closures_count=closures.count(),
            referrals=referrals_waiting(user, scope),
            flagged=None if flagged is None else list(flagged[:SECTION_SIZE]),
            flagged_count=None if flagged is None else flagged.count(),
            reassignments=list(recent_reassignments(user, scope)[:5]),
        )


# -- the lists behind the figures --------------------------------------------------------------


def supervision_clients(
    user: User,
    *,
    worker: User | None = None,
    status: str = "",
    unassigned: bool = False,
    closure_requested: bool = False,
    flagged: bool = False,
) -> QuerySet[Client]:
    # Sorted pages over a 50,000-client scope: the policy as hashed sets fills a page
    # from the name index; the queue of unassigned clients is found faster from the
    # UNION (docs/access-policy.md, "Fast at 100,000 clients").
    if unassigned:
        clients = clients_visible_to(user)
    else:
        clients = Client.objects.filter(visible_client_condition(user))
    if flagged and psychosocial_figures_available():
        clients = clients.filter(risk_flag__flagged=True)
    if worker is not None:
        clients = clients.filter(Exists(_current(client=OuterRef("pk"), worker=worker)))
    if unassigned:
        # The intake queue, exactly as the dashboard counts it (intake_queue).
        clients = clients.filter(status=Client.Status.INTAKE).filter(
            ~Exists(_current(client=OuterRef("pk")))
        )
    if closure_requested:
        clients = clients.filter(
            Exists(
                ClosureRequest.objects.filter(
                    client=OuterRef("pk"), status=ClosureRequest.Status.REQUESTED
                )
            )
        )
    if status == "all":
        pass
    elif status:
        clients = clients.filter(status=status)
    else:
        clients = clients.exclude(status=Client.Status.CLOSED)
    return clients.prefetch_related(current_assignments_prefetch()).order_by(
        "family_name", "given_name", "pk"
    )


def supervision_deadlines(
    user: User, *, worker: User | None = None, overdue: bool = False
) -> QuerySet[Deadline]:
    deadlines = open_deadlines_in_scope(user)
    if worker is not None:
        deadlines = deadlines.filter(assignee=worker)
    if overdue:
        deadlines = deadlines.filter(due_on__lt=timezone.localdate())
    return deadlines.select_related("client", "assignee", "claim").order_by("due_on", "pk")


def clients_of_worker(user: User, worker: User, pks: list[int]) -> list[Client]:
    """The chosen clients that are in scope and currently assigned to `worker`."""
    return list(
        clients_visible_to(user)
        .filter(pk__in=pks)
        .filter(Exists(_current(client=OuterRef("pk"), worker=worker)))
        .order_by("pk")
    )


def notes_about_client(client: Client) -> QuerySet[SupervisionNote]:
    return client.supervision_notes.select_related("author")


def notes_about_worker(worker: User) -> QuerySet[SupervisionNote]:
    return worker.supervision_notes_about.select_related("author")


def closure_state(client: Client) -> dict:
    """For the client page: the waiting request, the last returned one, the reopenings."""
    requests = list(client.closure_requests.select_related("requested_by", "decided_by")[:5])
    return {
        "open_closure": next((r for r in requests if r.is_open), None),
        "last_closure_decision": next((r for r in requests if not r.is_open), None),
        "reopenings": list(client.reopenings.select_related("reopened_by")[:5]),
    }


def month_start(today: datetime.date | None = None) -> datetime.date:
    today = today or timezone.localdate()
    return today.replace(day=1)
