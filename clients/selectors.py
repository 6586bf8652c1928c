"""Reads of client data. Every read starts from the access policy's visible set."""

from django.db import connection
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, Value
from django.db.models.functions import Replace

from accounts.models import User

from .access import clients_visible_to
from .models import Client, ClientAlias, ClientAssignment


def current_assignments_prefetch() -> Prefetch:
    return Prefetch(
        "assignments",
        queryset=ClientAssignment.objects.filter(ended_on__isnull=True).select_related("worker"),
        to_attr="current_assignments",
    )


def client_search(queryset: QuerySet[Client], text: str) -> QuerySet[Client]:
    """Name, alias, reference, file number or phone, any part of it, any case."""
    text = text.strip()
    if not text:
        return queryset
    alias_match = ClientAlias.objects.filter(client=OuterRef("pk"), name__icontains=text)
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
    digits = "".join(ch for ch in text if ch.isdigit())
    match = (
        name_match
        | Exists(alias_match)
        | Q(reference__iexact=text)
        | Q(reference__icontains=text)
        | Q(immd_file_number__icontains=text)
    )
    if len(digits) >= 4:
        # Phones are stored as typed ("9123 4567"); compare digits only.
        bare_phone = Replace(Replace("phone", Value(" "), Value("")), Value("-"), Value(""))
        queryset = queryset.alias(bare_phone=bare_phone)
        match |= Q(bare_phone__contains=digits)
    return queryset.filter(match)


def client_list(user: User) -> QuerySet[Client]:
    return clients_visible_to(user).prefetch_related(current_assignments_prefetch())


def my_clients(user: User) -> QuerySet[Client]:
    """The clients `user` works on themselves (dashboard), not their team's."""
    # An id list from the worker's own assignments (indexed), not an EXISTS over all clients.
    mine = ClientAssignment.objects.filter(worker=user, ended_on__isnull=True).values("client_id")
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
