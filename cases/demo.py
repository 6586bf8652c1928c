"""Fictional demo claims for `seed_demo`: claims at every stage, their deadlines (some
overdue), legal-aid applications of every outcome and reporting conditions.

Called as `cases.demo.seed(rng=..., stdout=...)` after the clients exist. Idempotent: a
client that already has a claim is left alone, and at most MAX_CLAIMS demo claims are
made in all, so a 100,000-client benchmark database does not spend its time here.
Everything goes through cases.services, so the deadlines are computed as in real use.
"""

import datetime
import random
from typing import TextIO

from django.db import transaction
from django.db.models import Case, IntegerField, Value, When
from django.utils import timezone

from accounts.models import User
from clients.models import Client, ClientAssignment

from . import services
from .models import (
    Deadline,
    EventKind,
    LegalAidApplication,
    ProtectionClaim,
    ReportingCondition,
)

MAX_CLAIMS = 250
USM_START = datetime.date(2014, 3, 3)
Stage = ProtectionClaim.Stage
Outcome = ProtectionClaim.Outcome

# Each stage and the events that lead to it, with the gap in days before each event.
SCREENING_PATH = [
    (EventKind.CLAIM_FORM_ISSUED, (7, 30)),
    (EventKind.CLAIM_FORM_RETURNED, (14, 27)),
    (EventKind.SCREENING_INTERVIEW, (40, 200)),
]
DECISION_PATH = [*SCREENING_PATH, (EventKind.DECISION_SERVED, (60, 300))]
APPEAL_PATH = [
    *DECISION_PATH,
    (EventKind.APPEAL_LODGED, (5, 13)),
    (EventKind.APPEAL_HEARING, (90, 300)),
]
APPEAL_DECIDED_PATH = [*APPEAL_PATH, (EventKind.APPEAL_DECISION, (30, 120))]
JR_PATH = [
    *APPEAL_DECIDED_PATH,
    (EventKind.JR_LEAVE_FILED, (30, 85)),
    (EventKind.JR_LEAVE_DECISION, (60, 200)),
]
PATHS: dict[str, list[tuple[str, tuple[int, int]]]] = {
    Stage.CLAIM_MADE: [],
    Stage.CLAIM_FORM: SCREENING_PATH[:1],
    Stage.SCREENING: SCREENING_PATH,
    Stage.DECISION: DECISION_PATH,
    Stage.APPEAL: APPEAL_PATH,
    Stage.APPEAL_DECIDED: APPEAL_DECIDED_PATH,
    Stage.JUDICIAL_REVIEW: JR_PATH,
    Stage.COURT_OF_APPEAL: [*JR_PATH, (EventKind.COURT_OF_APPEAL, (100, 300))],
    Stage.COURT_OF_FINAL_APPEAL: [
        *JR_PATH,
        (EventKind.COURT_OF_APPEAL, (100, 300)),
        (EventKind.COURT_OF_FINAL_APPEAL, (100, 300)),
    ],
    Stage.SUBSEQUENT_CLAIM: [*APPEAL_DECIDED_PATH, (EventKind.SUBSEQUENT_CLAIM, (200, 600))],
    Stage.REMOVED: [*APPEAL_DECIDED_PATH, (EventKind.REMOVAL, (30, 400))],
}
# How often each stage turns up once every stage has been shown once.
STAGE_WEIGHTS = {
    Stage.CLAIM_MADE: 3,
    Stage.CLAIM_FORM: 5,
    Stage.SCREENING: 12,
    Stage.DECISION: 12,
    Stage.APPEAL: 20,
    Stage.APPEAL_DECIDED: 15,
    Stage.JUDICIAL_REVIEW: 15,
    Stage.COURT_OF_APPEAL: 5,
    Stage.COURT_OF_FINAL_APPEAL: 2,
    Stage.SUBSEQUENT_CLAIM: 4,
    Stage.REMOVED: 3,
}
COUNTRIES = ["PK", "IN", "BD", "LK", "VN", "ID", "PH", "NP", "SO", "NG", "EG", "YE", "CM"]
FIRMS = [
    "Harbourview Chambers (fictional)",
    "Lantau & Co. Solicitors (fictional)",
    "Kowloon Public Law Practice (fictional)",
    "Duty lawyer on roster",
]
OFFICES = [
    "Immigration Headquarters, Tseung Kwan O",
    "Kowloon Bay office",
    "Castle Peak Bay Immigration Centre",
]


def _leads() -> list[tuple[Client, User]]:
    """Clients with a current lead and no claim yet; demo-caseworker's own first."""
    leads = (
        ClientAssignment.objects.filter(
            role=ClientAssignment.Role.LEAD, ended_on__isnull=True, client__claims__isnull=True
        )
        .select_related("client", "worker")
        .annotate(
            mine=Case(
                When(worker__username="demo-caseworker", then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("mine", "client_id")
    )
    return [(a.client, a.worker) for a in leads[:MAX_CLAIMS]]


def _stage_for(index: int, rng: random.Random) -> str:
    stages = list(PATHS)
    if index < len(stages):  # every stage at least once
        return stages[index]
    return rng.choices(list(STAGE_WEIGHTS), weights=list(STAGE_WEIGHTS.values()))[0]


def _outcome(stage: str, rng: random.Random) -> str:
    if stage in (Stage.CLAIM_MADE, Stage.CLAIM_FORM, Stage.SCREENING):
        return rng.choices(
            [Outcome.PENDING, Outcome.WITHDRAWN, Outcome.DEEMED_WITHDRAWN], weights=[90, 5, 5]
        )[0]
    if stage == Stage.DECISION:
        # About 1 in 100 claims is substantiated (DOMAIN.md): all others are rejected.
        return Outcome.SUBSTANTIATED if rng.random() < 0.04 else Outcome.REJECTED
    return Outcome.REJECTED


def _claim(
    client: Client, lead: User, stage: str, rng: random.Random, today: datetime.date
) -> ProtectionClaim:
    path = PATHS[stage]
    gaps = [rng.randint(*span) for _kind, span in path]
    # The last event is recent, so its deadline is overdue or coming up now.
    last = today - datetime.timedelta(days=rng.randint(0, 45))
    made_on = max(USM_START, last - datetime.timedelta(days=sum(gaps)))
    claim = services.claim_create(
        claim=ProtectionClaim(
            made_on=made_on,
            country_of_feared_harm=client.nationality or rng.choice(COUNTRIES),
            claim_number=f"DEMO-{client.pk:06d}",
            ground_life=rng.random() < 0.7,
        ),
        client=client,
        by=lead,
    )
    on = made_on
    for (kind, _span), gap in zip(path, gaps, strict=True):
        on = min(today, on + datetime.timedelta(days=gap))
        services.claim_event_record(claim=claim, kind=kind, on=on, by=lead)
    claim.outcome = _outcome(stage, rng)
    services.claim_update(claim=claim)
    # Steps since taken mean their earlier deadlines were met; the latest stay open.
    for deadline in Deadline.objects.filter(claim=claim, due_on__lt=on, done_at__isnull=True):
        services.deadline_mark_done(deadline=deadline, by=lead)
    return claim


def _legal_aid(
    claim: ProtectionClaim, lead: User, decision: str, rng: random.Random, today: datetime.date
) -> None:
    Decision = LegalAidApplication.Decision
    jr = claim.stage in (
        Stage.JUDICIAL_REVIEW,
        Stage.COURT_OF_APPEAL,
        Stage.COURT_OF_FINAL_APPEAL,
    )
    applied_on = max(claim.made_on, today - datetime.timedelta(days=rng.randint(20, 120)))
    decided_on = None
    if decision != Decision.PENDING:
        decided_on = min(today, applied_on + datetime.timedelta(days=rng.randint(5, 40)))
    refused = decision == Decision.REFUSED
    application = LegalAidApplication(
        claim=claim,
        scheme=(
            LegalAidApplication.Scheme.LEGAL_AID_DEPARTMENT
            if jr or refused
            else LegalAidApplication.Scheme.DUTY_LAWYER
        ),
        stage=LegalAidApplication.Stage.JUDICIAL_REVIEW
        if jr or refused
        else LegalAidApplication.Stage.APPEAL,
        applied_on=applied_on,
        decision=decision,
        decided_on=decided_on,
        refusal_ground=(
            rng.choice(list(LegalAidApplication.RefusalGround.values)) if refused else ""
        ),
        lawyer=rng.choice(FIRMS) if decision == Decision.GRANTED else "",
        reference=f"DEMO-LA-{claim.pk:06d}",
    )
    services.legal_aid_save(application=application, client=claim.client, by=lead)


def _reporting(client: Client, lead: User, rng: random.Random, today: datetime.date) -> None:
    weeks = rng.choice([2, 4, 4, 8])
    condition = ReportingCondition(
        office=rng.choice(OFFICES),
        first_report_on=today - datetime.timedelta(days=rng.randint(0, 200)),
        interval_weeks=weeks,
    )
    services.reporting_save(condition=condition, client=client, by=lead)


@transaction.atomic
def seed(*, rng: random.Random, stdout: TextIO) -> None:
    today = timezone.localdate()
    already = ProtectionClaim.objects.count()
    room = max(0, MAX_CLAIMS - already)
    Decision = LegalAidApplication.Decision
    outcomes = [Decision.REFUSED, Decision.GRANTED, Decision.PENDING, Decision.WITHDRAWN]
    made = aid = reporting = 0
    for index, (client, lead) in enumerate(_leads()[:room]):
        claim = _claim(client, lead, _stage_for(index, rng), rng, today)
        made += 1
        if claim.stage not in (Stage.CLAIM_MADE, Stage.CLAIM_FORM) and (
            index < 12 or rng.random() < 0.5
        ):
            # The first few cycle through every decision; then refusals are the norm.
            decision = (
                outcomes[index % 4] if index < 12 else rng.choice(outcomes[:1] * 6 + outcomes)
            )
            _legal_aid(claim, lead, decision, rng, today)
            aid += 1
        if client.immigration_status == Client.ImmigrationStatus.RECOGNIZANCE and (
            index < 5 or rng.random() < 0.6
        ):
            _reporting(client, lead, rng, today)
            reporting += 1
        if index % 9 == 0:
            services.deadline_create(
                client=client,
                claim=claim,
                title=rng.choice(
                    ["Obtain the medical report", "Country evidence for the appeal bundle"]
                ),
                due_on=today + datetime.timedelta(days=rng.randint(0, 30)),
                by=lead,
            )
    stdout.write(
        f"Claims: {made} added ({already + made} in all); legal-aid applications: {aid}; "
        f"reporting conditions: {reporting}.\n"
    )
