"""Reads of client data. Every read starts from the access policy's visible set."""

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, Value
from django.db.models.functions import Replace

from accounts.models import User

from .access import openable_client_ids, visible_client_condition, visible_client_ids_for_reading
from .idsets import materialised
from .models import CaseNote, Client, ClientAlias, ClientAssignment


def current_assignments_prefetch() -> Prefetch:
    return Prefetch(
        "assignments",
        queryset=ClientAssignment.objects.filter(ended_on__isnull=True).select_related("worker"),
        to_attr="current_assignments",
    )


def bare_phone() -> Replace:
    """The phone as digits (stored as typed: "9123 4567"). Indexed on PostgreSQL
    (migration 0008) with exactly this expression."""
    return Replace(Replace("phone", Value(" "), Value("")), Value("-"), Value(""))


def client_search(queryset: QuerySet[Client], text: str) -> QuerySet[Client]:
    """Name, alias, reference, file number or phone, any part of it, any case.

    The matches are a UNION of id lists, each answered by its own trigram index (names,
    aliases, phone digits), then narrowed to `queryset` (the viewer's clients). As one
    WHERE with an OR, the alias subquery alone forced PostgreSQL to read all 100,000
    clients and compute a similarity for each (1 s).
    """
    text = text.strip()
    if not text:
        return queryset
    words = text.split()
    fuzzy = connection.vendor == "postgresql"
    name_match = Q()
    for word in words:
        word_match = (
            Q(family_name__icontains=word)
            | Q(given_name__icontains=word)
            | Q(preferred_name__icontains=word)
        )
        if fuzzy and len(word) >= 4:
            # A misspelt name still finds its client (pg_trgm word similarity, indexed).
            word_match |= Q(family_name__trigram_word_similar=word) | Q(
                given_name__trigram_word_similar=word
            )
        name_match &= word_match
    direct = (
        name_match
        | Q(reference__iexact=text)
        | Q(reference__icontains=text)
        | Q(immd_file_number__icontains=text)
    )
    parts = [
        Client.objects.filter(direct).values("pk"),
        ClientAlias.objects.filter(name__icontains=text).values("client_id"),
    ]
    digits = "".join(ch for ch in text if ch.isdigit())
    if len(digits) >= 4:
        parts.append(
            Client.objects.alias(digits=bare_phone()).filter(digits__contains=digits).values("pk")
        )
    first, *rest = parts
    return queryset.filter(pk__in=first.union(*rest))


@contextmanager
def found_once(clients: QuerySet[Client]) -> Iterator[QuerySet[Client]]:
    """`clients`, found once for the whole request.

    A search is costly to find (the trigram indexes, then the access policy over every
    match) and cheap to count and sort once found, yet a page of it asks twice: the
    count and the rows. Inside the block, the matches' ids sit in a temporary table
    (clients/idsets.py) and the queryset yielded reads them from there, in the same
    order and with the same prefetches: a supervisor's search takes half the time.
    """
    query = clients.query
    if query.annotations or query.extra or query.deferred_loading != (frozenset(), True):
        # What the rows carry beyond their fields would be lost below: say so, loudly.
        raise ValueError("found_once keeps order, select_related and prefetches only.")
    with materialised(clients.values("pk")) as ids:
        found = (
            Client.objects.filter(pk__in=ids)
            .order_by(*(query.order_by or Client._meta.ordering))
            .prefetch_related(*clients._prefetch_related_lookups)
        )
        found.query.select_related = query.select_related
        yield found


def client_list(user: User) -> QuerySet[Client]:
    """The clients of the /clients/ list, written the way each kind of scope is fastest
    to sort and cut to a page (docs/access-policy.md, "Fast at 100,000 clients")."""
    if user.is_supervisor:
        # A supervisor's scope is large: each part of the policy as a hashed set, so the
        # name index can be walked in order until the page is full.
        clients = Client.objects.filter(visible_client_condition(user))
    else:
        # A caseworker's scope is a caseload (tens or hundreds of ids): fetched first by
        # the indexes, PostgreSQL then reads those clients by primary key. Left as a
        # subquery, it misjudges the caseload's size and reads all 100,000 clients.
        clients = Client.objects.filter(pk__in=visible_client_ids_for_reading(user))
    return clients.prefetch_related(current_assignments_prefetch())


def my_clients(user: User) -> QuerySet[Client]:
    """The clients `user` works on themselves (dashboard), not their team's."""
    # The worker's own assignments first (indexed, a caseload's worth of ids), then their
    # clients. As one query, PostgreSQL prefers walking the name index over all 100,000
    # clients hoping to fill the page early, which a small caseload never does (0.3 s).
    mine = list(
        ClientAssignment.objects.filter(worker=user, ended_on__isnull=True).values_list(
            "client_id", flat=True
        )
    )
    return (
        Client.objects.filter(pk__in=mine)
        .exclude(status=Client.Status.CLOSED)
        .prefetch_related(current_assignments_prefetch())
        .order_by("family_name", "given_name")
    )


def duplicate_candidates(
    *, name: str = "", date_of_birth=None, immd_file_number: str = "", limit: int = 20
) -> list[Client]:
    """Clients across the whole organisation that may be the same person.

    The caller shows only that a match exists and who holds it, never the record.
    """
    match = Q()
    name = (name or "").strip()
    if name:
        by_name = Q()
        for word in name.split():
            by_name &= Q(family_name__icontains=word) | Q(given_name__icontains=word)
        aliases = ClientAlias.objects.filter(client=OuterRef("pk"), name__icontains=name)
        match |= by_name | Q(Exists(aliases))
    if date_of_birth:
        match |= Q(date_of_birth=date_of_birth)
    if immd_file_number and immd_file_number.strip():
        match |= Q(immd_file_number__iexact=immd_file_number.strip())
    if not match:
        return []
    queryset = (
        Client.objects.filter(match)
        .select_related("created_by")
        .prefetch_related(current_assignments_prefetch())
    )
    if name and date_of_birth:
        # Both given: the same name *and* birth date is the strong signal; list it first.
        queryset = queryset.order_by("-date_of_birth")
    return list(queryset[:limit])


def recent_notes_by(user: User, limit: int = 10, batch: int = 50) -> list[CaseNote]:
    """`user`'s latest notes on clients they may still open (the dashboard): after a
    reassignment a file leaves their scope, and its link would only answer 404.

    Read from their own notes, newest first, a batch at a time, each batch checked
    against the policy narrowed to its clients (`within=`). A supervisor may have written
    thousands of notes, and checking them all against a 50,000-client scope at once cost
    40-55 ms. At most ten batches: older notes are in each client's file.
    """
    notes = (
        CaseNote.objects.filter(author=user).select_related("client").order_by("-created_at", "-pk")
    )
    found: list[CaseNote] = []
    for start in range(0, 10 * batch, batch):
        chunk = list(notes[start : start + batch])
        if not chunk:
            break
        visible = openable_client_ids(user, (note.client_id for note in chunk))
        found += [note for note in chunk if note.client_id in visible]
        if len(found) >= limit or len(chunk) < batch:
            break
    return found[:limit]
