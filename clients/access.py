"""The one access policy for client data.

Every view, list, search, download and admin page that shows or changes client data
asks this module, and nothing else decides. The rules (DESIGN.md, "Access policy"):

* A caseworker sees the clients currently assigned to them (lead or support), and an
  intake they recorded that nobody has been assigned to yet.
* A supervisor sees every client currently assigned to a member of a team they
  supervise, and the unassigned intakes recorded by those members (the intake queue).
* The Admin role alone opens no client file: access follows the job.
* Psychosocial detail (session notes, assessments, risk screens, psychosocial case
  notes) is need-to-know: psychosocial staff assigned to the client, and supervisors.
* Outside one's scope a client does not exist: a 404, exactly as for a wrong reference.
"""

import enum

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from accounts.models import AccessGrant, User

from .audit import record_access
from .models import CaseNote, Client, ClientAssignment


class Purpose(enum.Enum):
    VIEW = "view"  # read the file (outside counsel: its legal parts)
    EDIT = "edit"  # change the client's own data, notes, documents
    ASSIGN = "assign"  # assign or end caseworkers, grant access (supervisors)
    EXPORT = "export"  # data access request export (supervisors)
    PSYCHOSOCIAL = "psychosocial"  # the psychosocial tab (never outside counsel)
    REFERRALS = "referrals"  # referrals (never outside counsel)


# Above this many, a caseworker's visible ids stay a subquery (visible_client_ids_for_reading).
FETCHED_IDS = 2000

# What outside counsel may do with a client they hold a grant for: read legal records.
COUNSEL_PURPOSES = frozenset({Purpose.VIEW})


def _current_assignments(**filters) -> QuerySet[ClientAssignment]:
    return ClientAssignment.objects.filter(ended_on__isnull=True, **filters)


def supervised_worker_ids(user: User) -> QuerySet:
    """Ids of the staff in the teams `user` supervises (including other supervisors)."""
    return User.objects.filter(teams__supervisors=user).values("pk")


def active_grants(user: User, **filters) -> QuerySet[AccessGrant]:
    now = timezone.now()
    return AccessGrant.objects.filter(
        user=user, revoked_at__isnull=True, starts_at__lte=now, ends_at__gt=now, **filters
    )


def is_counsel_only(user: User) -> bool:
    return user.is_outside_counsel and not user.does_casework


def _may_open_clients(user: User) -> bool:
    return user.is_authenticated and (user.does_casework or is_counsel_only(user))


def visible_client_parts(
    user: User, *, reference: str | None = None, within=None
) -> list[QuerySet]:
    """The policy itself: the id lists whose union is what `user` may open.

    Small, indexed lists (my assignments, my unassigned intakes, my grants; for a
    supervisor, the teams' assignments and intakes) rather than one condition tested on
    every client, so PostgreSQL starts from the user's few rows. With `reference`,
    every part is narrowed to that one client (an index lookup each), for `client_for`;
    with `within` (client ids: a list or a one-column queryset), to those clients, for
    asking about a few clients without computing a supervisor's 50,000.
    Callers combine the parts with `visible_client_ids` or `visible_client_condition`.
    """
    if not _may_open_clients(user):
        return []
    return [part.order_by() for part in _parts(user, reference, within)]


def _parts(user: User, reference: str | None, within) -> list[QuerySet]:
    # Each part is unordered (above): SQLite refuses ORDER BY inside a UNION's parts.
    one = {}
    if reference is not None:
        one["client__reference"] = reference
    if within is not None:
        one["client__in"] = within
    now = timezone.now()
    grants = AccessGrant.objects.filter(
        user=user, revoked_at__isnull=True, starts_at__lte=now, ends_at__gt=now, **one
    ).values("client_id")
    if is_counsel_only(user):
        return [grants]
    unassigned = Client.objects.filter(status=Client.Status.INTAKE).exclude(
        Exists(_current_assignments(client=OuterRef("pk")))
    )
    if reference is not None:
        unassigned = unassigned.filter(reference=reference)
    if within is not None:
        unassigned = unassigned.filter(pk__in=within)
    parts = [
        _current_assignments(worker=user, **one).values("client_id"),
        unassigned.filter(created_by=user).values("pk"),
        grants,  # break the glass
    ]
    if user.is_supervisor:
        team = supervised_worker_ids(user)
        parts.append(_current_assignments(worker__in=team, **one).values("client_id"))
        parts.append(unassigned.filter(created_by__in=team).values("pk"))
    return parts


def visible_client_ids(user: User, *, reference: str | None = None, within=None) -> QuerySet:
    """The ids of the clients `user` may open, as one UNION subquery: the form for
    counting, aggregating and joining (`client__in=...`). `reference` and `within`
    narrow it (visible_client_parts)."""
    parts = visible_client_parts(user, reference=reference, within=within)
    if not parts:
        return Client.objects.none().values("pk")
    first, *rest = parts
    return first.union(*rest)


def visible_client_condition(user: User) -> Q:
    """The same parts as `visible_client_ids`, as an OR of `pk IN (part)`: PostgreSQL
    keeps each part as a hashed set and can then walk an index in order, which is what
    a page sorted by name and cut to 25 rows wants (0.1 s -> 0.03 s over a supervisor's
    50,000 clients). Counting over a large scope is faster with the UNION."""
    parts = visible_client_parts(user)
    if not parts:
        return Q(pk__in=[])
    condition = Q()
    for part in parts:
        condition |= Q(pk__in=part)
    return condition


def openable_client_ids(user: User, client_ids) -> set[int]:
    """Of `client_ids`, those `user` may open (one query, the policy narrowed to them):
    for links to a few clients, such as notifications and recent notes, whose clients
    may have left the user's scope since."""
    client_ids = list(set(client_ids))
    if not client_ids:
        return set()
    visible = visible_client_ids(user, within=client_ids)
    return set(Client.objects.filter(pk__in=visible).values_list("pk", flat=True))


def visible_client_id_list(user: User) -> list[int]:
    """`visible_client_ids`, fetched: for scopes known to be small (a caseload)."""
    return [next(iter(row.values())) for row in visible_client_ids(user).order_by()]


def visible_client_ids_for_reading(user: User) -> list[int] | QuerySet:
    """For reading a caseworker's clients: their ids fetched (PostgreSQL then reads the
    clients by key), unless there are so many that a subquery serves better (and
    SQLite's limit on query parameters stays far away)."""
    ids = visible_client_id_list(user)
    return ids if len(ids) <= FETCHED_IDS else visible_client_ids(user)


def clients_visible_to(user: User) -> QuerySet[Client]:
    """Every client `user` may open. Empty for anyone without a casework role, except
    outside counsel, who see exactly the clients of their active grants."""
    if not _may_open_clients(user):
        return Client.objects.none()
    return Client.objects.filter(pk__in=visible_client_ids(user))


def client_for(user: User, ref: str, *, purpose: Purpose = Purpose.VIEW) -> Client:
    """The client if `user` may act on it for `purpose`, else Http404 (never 403)."""
    if not _may_open_clients(user):
        raise Http404("No such client.")
    try:
        client = Client.objects.get(reference=ref, pk__in=visible_client_ids(user, reference=ref))
    except Client.DoesNotExist:
        raise Http404("No such client.") from None
    if purpose in (Purpose.ASSIGN, Purpose.EXPORT) and not user.is_supervisor:
        raise Http404("No such client.")
    if is_counsel_only(user) and purpose not in COUNSEL_PURPOSES:
        raise Http404("No such client.")
    # Every look at a client file is on the audit trail; changes log themselves.
    record_access(client, what=purpose.value)
    return client


def can_read_history(user: User) -> bool:
    """The audit trail of a client in scope: supervisors."""
    return user.is_supervisor


def staff_visible_to(user: User) -> QuerySet[User]:
    """Whose activity `user` may review: the staff of the teams they supervise."""
    if not user.is_authenticated or not user.is_supervisor:
        return User.objects.none()
    return User.objects.filter(pk__in=supervised_worker_ids(user))


def can_assign(user: User) -> bool:
    return user.is_supervisor


def can_see_psychosocial(user: User, client: Client) -> bool:
    """Need to know: psychosocial staff assigned to the client, and supervisors in scope.

    Callers have already established, through `client_for`, that `client` is in scope.
    """
    if user.is_supervisor:
        return True
    if not user.is_psychosocial_caseworker:
        return False
    return (
        _current_assignments(client=client, worker=user).exists()
        # A psychosocial worker covering for a colleague, under emergency access.
        or active_grants(user, client=client, kind=AccessGrant.Kind.BREAK_GLASS).exists()
    )


def notes_visible_to(user: User, client: Client, *, deleted: bool = False) -> QuerySet[CaseNote]:
    """The client's notes `user` may read (or, with `deleted`, the deleted ones)."""
    if deleted:
        notes = CaseNote.all_objects.filter(client=client, deleted_at__isnull=False)
    else:
        notes = client.notes.all()
    notes = notes.select_related("author")
    if is_counsel_only(user):
        return notes.filter(kind=CaseNote.Kind.LEGAL)
    if not can_see_psychosocial(user, client):
        notes = notes.exclude(kind=CaseNote.Kind.PSYCHOSOCIAL)
    return notes


def note_kinds_for(user: User, client: Client) -> list[CaseNote.Kind]:
    """The kinds of note `user` may write on `client`."""
    kinds = [CaseNote.Kind.GENERAL]
    if user.is_legal_caseworker or user.is_supervisor:
        kinds.append(CaseNote.Kind.LEGAL)
    if can_see_psychosocial(user, client):
        kinds.append(CaseNote.Kind.PSYCHOSOCIAL)
    return kinds


def can_edit_note(user: User, note: CaseNote) -> bool:
    """Only the author changes a note; the history of changes is theirs to answer for."""
    return note.author_id == user.pk


def holder_names(client: Client) -> list[str]:
    """Who holds a case, for the intake duplicate check: names only, never the record."""
    return [
        str(a.worker)
        for a in client.assignments.filter(ended_on__isnull=True).select_related("worker")
    ] or [str(client.created_by)]
