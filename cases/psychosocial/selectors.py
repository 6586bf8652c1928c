"""Reads of psychosocial work. Pages call these only after `client_for(...,
purpose=Purpose.PSYCHOSOCIAL)`; the detail readers also after `can_see_psychosocial`."""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from accounts.models import AccessGrant, User
from clients.access import active_grants, clients_visible_to
from clients.models import Client, ClientAssignment, Consent

from .instruments import INSTRUMENTS, Instrument
from .models import Assessment, ClientRiskFlag, RiskAssessment, SessionAttendance


def psychosocial_clients_for(user: User) -> QuerySet[Client]:
    """The clients whose psychosocial record `user` may read: the set form of
    `clients.access.can_see_psychosocial` (supervisors: their scope; psychosocial
    caseworkers: their current assignments and emergency grants)."""
    if not user.is_authenticated:
        return Client.objects.none()
    visible = clients_visible_to(user)
    if user.is_supervisor:
        return visible
    if not user.is_psychosocial_caseworker:
        return Client.objects.none()
    assigned = ClientAssignment.objects.filter(
        client=OuterRef("pk"), worker=user, ended_on__isnull=True
    )
    glass = active_grants(user, client=OuterRef("pk"), kind=AccessGrant.Kind.BREAK_GLASS)
    return visible.filter(Q(Exists(assigned)) | Q(Exists(glass)))


# -- the need-to-know view: dates and workers only -----------------------------------------


@dataclass(frozen=True)
class SessionHeadline:
    date: object
    worker: str


def session_headlines(client: Client) -> list[SessionHeadline]:
    """That sessions happened: date and worker, nothing else leaves the database."""
    rows = (
        SessionAttendance.objects.filter(client=client)
        .order_by("-session__date", "-session_id")
        .values_list("session__date", "session__worker__full_name", "session__worker__username")
    )
    return [SessionHeadline(date=on, worker=name or username) for on, name, username in rows]


# -- the full view -----------------------------------------------------------------------------


def attendances_of(client: Client) -> QuerySet[SessionAttendance]:
    return (
        SessionAttendance.objects.filter(client=client)
        .select_related("session__worker", "follow_up_deadline")
        .order_by("-session__date", "-session_id")
    )


@dataclass
class MeasureSeries:
    instrument: Instrument
    assessments: list[Assessment]

    @property
    def latest(self) -> Assessment | None:
        return self.assessments[-1] if self.assessments else None


def measures_of(client: Client, *, codes=None, since=None, until=None) -> list[MeasureSeries]:
    """Each instrument's assessments, oldest first (one query)."""
    rows = client.assessments.select_related("recorded_by").order_by("taken_on", "pk")
    if codes is not None:
        rows = rows.filter(instrument__in=codes)
    if since:
        rows = rows.filter(taken_on__gte=since)
    if until:
        rows = rows.filter(taken_on__lte=until)
    by_code: dict[str, list[Assessment]] = {code: [] for code in INSTRUMENTS}
    for row in rows:
        by_code[row.instrument].append(row)
    wanted = INSTRUMENTS if codes is None else [c for c in INSTRUMENTS if c in codes]
    return [MeasureSeries(INSTRUMENTS[code], by_code[code]) for code in wanted]


def risk_assessments_of(client: Client) -> QuerySet[RiskAssessment]:
    return client.risk_assessments.select_related("assessed_by")


def risk_flag_of(client: Client) -> ClientRiskFlag | None:
    """The client's flag row, flagged or not (None if never flagged)."""
    return ClientRiskFlag.objects.filter(client=client).select_related("raised_by").first()


def flagged_clients_visible_to(user: User) -> QuerySet[Client]:
    """Clients flagged at risk within `user`'s scope: for supervision lists."""
    return clients_visible_to(user).filter(risk_flag__flagged=True)


# -- consent for a summary -------------------------------------------------------------------


def sharing_consents_in_force(client: Client) -> QuerySet[Consent]:
    """Consents to share that still stand: for each partner (or, without one, each scope)
    the latest record, if it is a "given"."""
    latest: dict[tuple, Consent] = {}
    consents = client.consents.filter(kind=Consent.Kind.REFERRAL_SHARING).order_by(
        "-on", "-recorded_at", "-pk"
    )
    for consent in consents:
        key = (consent.partner_id, "" if consent.partner_id else consent.scope.strip().lower())
        latest.setdefault(key, consent)
    ids = [c.pk for c in latest.values() if c.given and c.on <= timezone.localdate()]
    return Consent.objects.filter(pk__in=ids).select_related("partner", "recorded_by")
