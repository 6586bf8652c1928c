"""Reads of referrals, screenings and interpreter records.

Everything about a client starts from `clients.access.clients_visible_to`. An inbound
referral whose intake is not done yet has no client: like an unassigned intake, it is
visible to the person who recorded it and to the supervisors of their teams.
"""

import datetime

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from accounts.models import User
from clients.access import clients_visible_to, supervised_worker_ids, visible_client_ids
from clients.audit import record_access
from clients.models import Client, Consent

from .models import (
    OPEN_STATUSES,
    ForcedLabourScreening,
    Interpreter,
    PartnerOrganisation,
    Referral,
)

FOLLOW_UP_HORIZON_DAYS = 14


def referrals_visible_to(user: User, *, scope=None) -> QuerySet[Referral]:
    """Every referral `user` may open; none for anyone without a casework role.

    `scope`, where given, is `visible_client_ids(user)` already computed for a page that
    asks many questions of it (clients/idsets.py)."""
    if not user.is_authenticated or not user.does_casework:
        return Referral.objects.none()
    unlinked = Q(client__isnull=True, direction=Referral.Direction.INBOUND)
    makers = Q(created_by=user)
    if user.is_supervisor:
        makers |= Q(created_by__in=supervised_worker_ids(user))
    return Referral.objects.filter(
        Q(client__in=visible_client_ids(user) if scope is None else scope) | (unlinked & makers)
    )


def referral_for(user: User, pk: int) -> Referral:
    """The referral if `user` may see it, else Http404 (never 403), like `client_for`."""
    try:
        referral = (
            referrals_visible_to(user)
            .select_related(
                "client",
                "partner",
                "service",
                "created_by",
                "sent_by",
                "accepted_by",
                "declined_by",
                "completed_by",
                "cancelled_by",
                "assigned_worker",
                "consent",
                "screening",
            )
            .get(pk=pk)
        )
    except Referral.DoesNotExist:
        raise Http404("No such referral.") from None
    if referral.client_id:
        # A referral carries client data: the look goes on that client's audit trail.
        record_access(referral.client, what="referral", obj=referral)
    return referral


def with_list_relations(queryset: QuerySet[Referral]) -> QuerySet[Referral]:
    return queryset.select_related("client", "partner", "service", "created_by")


def my_referrals(user: User) -> QuerySet[Referral]:
    return with_list_relations(referrals_visible_to(user).filter(created_by=user))


def overdue_cutoff() -> datetime.datetime:
    """Sent before this moment and still unanswered = overdue."""
    today = timezone.localdate()
    start_of_today = timezone.make_aware(datetime.datetime.combine(today, datetime.time.min))
    return start_of_today - datetime.timedelta(days=settings.REFERRAL_ANSWER_DAYS)


def overdue_unanswered(queryset: QuerySet[Referral]) -> QuerySet[Referral]:
    return queryset.filter(status=Referral.Status.SENT, sent_at__lt=overdue_cutoff()).order_by(
        "sent_at"
    )


def follow_ups_due(queryset: QuerySet[Referral]) -> QuerySet[Referral]:
    """Open referrals whose follow-up date has passed or comes within the horizon."""
    horizon = timezone.localdate() + datetime.timedelta(days=FOLLOW_UP_HORIZON_DAYS)
    return queryset.filter(status__in=OPEN_STATUSES, follow_up_on__lte=horizon).order_by(
        "follow_up_on", "pk"
    )


def internal_awaiting_answer(user: User) -> QuerySet[Referral]:
    """Internal referrals a supervisor should accept (and assign) or decline."""
    if not user.is_supervisor:
        return Referral.objects.none()
    return with_list_relations(
        referrals_visible_to(user).filter(
            direction=Referral.Direction.INTERNAL, status=Referral.Status.SENT
        )
    ).order_by("sent_at")


def screenings_awaiting_review(user: User) -> QuerySet[ForcedLabourScreening]:
    return (
        ForcedLabourScreening.objects.filter(
            client__in=clients_visible_to(user).values("pk"),
            legal_review_needed=True,
            reviewed_at__isnull=True,
        )
        .select_related("client", "screened_by")
        .order_by("screened_on", "pk")
    )


def client_referrals(client: Client) -> QuerySet[Referral]:
    return client.referrals.select_related("partner", "service", "created_by").order_by(
        "-created_at", "-pk"
    )


def unlinked_inbound_matching(user: User, client: Client) -> list[Referral]:
    """Inbound referrals still waiting for an intake that may be about `client`."""
    match = Q()
    for word in client.family_name.split():
        match |= Q(person_name__icontains=word)
    if client.date_of_birth:
        match |= Q(person_date_of_birth=client.date_of_birth)
    if client.immd_file_number:
        match |= Q(person_file_number__iexact=client.immd_file_number)
    if not match:
        return []
    return list(
        referrals_visible_to(user)
        .filter(client__isnull=True)
        .filter(match)
        .exclude(status=Referral.Status.CANCELLED)
        .select_related("partner")[:10]
    )


def client_candidates_for(user: User, referral: Referral) -> list[Client]:
    """Clients `user` can see who may be the person an inbound referral is about."""
    match = Q()
    for word in referral.person_name.split():
        if len(word) >= 2:
            match |= Q(family_name__iexact=word) | Q(given_name__icontains=word)
    if referral.person_date_of_birth:
        match |= Q(date_of_birth=referral.person_date_of_birth)
    if referral.person_file_number:
        match |= Q(immd_file_number__iexact=referral.person_file_number)
    if not match:
        return []
    return list(clients_visible_to(user).filter(match).order_by("-created_at")[:10])


# -- Consent ------------------------------------------------------------------------------


def latest_sharing_consent(*, client: Client, partner: PartnerOrganisation) -> Consent | None:
    """The latest consent record (given or withdrawn) about sharing with `partner`."""
    return (
        Consent.objects.filter(client=client, partner=partner, kind=Consent.Kind.REFERRAL_SHARING)
        .select_related("coverage", "recorded_by")
        .order_by("-on", "-recorded_at", "-pk")
        .first()
    )


def sharing_consent_in_force(*, client: Client, partner: PartnerOrganisation) -> Consent | None:
    """The consent to share with `partner` in force: the latest record, if it is a 'given'."""
    consent = latest_sharing_consent(client=client, partner=partner)
    return consent if consent is not None and consent.given else None


# -- Partners -----------------------------------------------------------------------------


def partner_matching(
    queryset: QuerySet[PartnerOrganisation], text: str
) -> QuerySet[PartnerOrganisation]:
    """Partners matching every word: in the name, services, languages, address, notes."""
    for word in text.split():
        match = PartnerOrganisation.objects.filter(
            Q(name__icontains=word)
            | Q(notes__icontains=word)
            | Q(address__icontains=word)
            | Q(languages__icontains=word)
            | Q(services__name__icontains=word)
            | Q(contacts__name__icontains=word)
        )
        queryset = queryset.filter(pk__in=match.values("pk"))
    return queryset


def partner_acceptance(partner: PartnerOrganisation) -> dict[str, int]:
    """Across the whole centre: counts only, no client, so nothing leaks."""
    return Referral.objects.filter(
        partner=partner, direction=Referral.Direction.OUTBOUND
    ).aggregate(
        sent=Count("pk", filter=Q(sent_at__isnull=False)),
        accepted=Count("pk", filter=Q(accepted_at__isnull=False)),
        declined=Count("pk", filter=Q(declined_at__isnull=False)),
    )


def partner_referrals(user: User, partner: PartnerOrganisation) -> QuerySet[Referral]:
    return with_list_relations(referrals_visible_to(user).filter(partner=partner))


# -- Interpreters -------------------------------------------------------------------------


def interpreter_roster(*, language: str = "", gender: str = "", active: bool = True):
    queryset = Interpreter.objects.all()
    if active:
        queryset = queryset.filter(active=True)
    if language.strip():
        word = language.strip()
        queryset = queryset.filter(Q(languages__icontains=word) | Q(dialects__icontains=word))
    if gender:
        queryset = queryset.filter(gender=gender)
    return queryset.annotate(served=Count("bookings")).order_by("name", "pk")
