"""Fictional demo claims for `seed_demo`: claims at every stage, their deadlines (some
overdue), legal-aid applications of every outcome and reporting conditions.

Called as `cases.demo.seed(rng=..., stdout=...)` after the clients exist. Idempotent: a
client that already has a claim is left alone, and at most MAX_CLAIMS demo claims are
made this way. Everything goes through cases.services, so the deadlines are computed as
in real use. For a large database (`seed_demo --clients 100000`) `seed_bulk` then gives
most other clients a claim too, written in bulk with the same rules and date arithmetic.
"""

import datetime
import random
from collections.abc import Callable
from typing import TextIO

from django.db import transaction
from django.db.models import Case, IntegerField, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _
from tqdm import tqdm

from accounts.models import User
from clients.models import Client, ClientAssignment

from . import services
from .models import (
    ClaimEvent,
    ClosureDay,
    Deadline,
    DeadlineRule,
    EventKind,
    LegalAidApplication,
    ProtectionClaim,
    ReportingCondition,
    Trigger,
    stage_from_events,
)
from .periods import DueDate, compute_due

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


# -- At benchmark scale ------------------------------------------------------------------
#
# `seed_demo --clients 100000` cannot walk 70,000 claims through the services one query at
# a time. `seed_bulk` builds the same kinds of records in memory, with due dates from the
# same rules and period arithmetic (cases.periods), and writes them with bulk_create in
# chunks. Events are spread over the client's time with the centre, so the deadline lists
# hold history (done), a few overdue and the ones coming up.

BULK_CHUNK = 4000  # clients per round trip set: bounds memory, paces the progress bar
BULK_CLAIM_SHARE = 0.8  # of the clients with a lead; the rest came for other help
# Deadlines are marked done a few days either side of their due date, now and then late.
DONE_SPREAD_DAYS = (-10, 3)


class _Due:
    """Due dates by (rule, start), computed once: 100,000 claims share a few thousand."""

    def __init__(self) -> None:
        self.closures = {c.date: c.get_reason_display() for c in ClosureDay.objects.all()}
        self.rules: dict[str, list[DeadlineRule]] = {}
        for rule in DeadlineRule.objects.filter(active=True).order_by("period", "title"):
            self.rules.setdefault(rule.trigger, []).append(rule)
        self.cache: dict[tuple[int, datetime.date], tuple[DueDate, str]] = {}

    def __call__(self, rule: DeadlineRule, start: datetime.date) -> tuple[DueDate, str]:
        key = (rule.pk, start)
        if key not in self.cache:
            due = compute_due(
                start=start, period=rule.period, unit=rule.unit, closures=self.closures
            )
            self.cache[key] = (due, due.explanation)
        return self.cache[key]


def _bulk_candidates() -> list[tuple[int, str, str, datetime.date, datetime.date | None, int]]:
    """(client, nationality, immigration status, intake, closed, lead) with no claim yet."""
    return list(
        ClientAssignment.objects.filter(
            role=ClientAssignment.Role.LEAD, ended_on__isnull=True, client__claims__isnull=True
        )
        .order_by("client_id")
        .values_list(
            "client_id",
            "client__nationality",
            "client__immigration_status",
            "client__intake_date",
            "client__closed_on",
            "worker_id",
        )
    )


class _BulkClaims:
    """One chunk of clients' claims, events, deadlines, legal aid and reporting."""

    def __init__(self, rng: random.Random, due: _Due, today: datetime.date) -> None:
        self.rng, self.due, self.today = rng, due, today
        self.now = timezone.now()
        self.tz = timezone.get_current_timezone()

    def at(self, day: datetime.date) -> datetime.datetime:
        moment = datetime.datetime.combine(
            day, datetime.time(self.rng.randint(9, 17), self.rng.randint(0, 59)), tzinfo=self.tz
        )
        return min(moment, self.now)

    def deadline(
        self, rule: DeadlineRule, start: datetime.date, *, lead: int, done: bool, **links
    ) -> Deadline:
        due, explanation = self.due(rule, start)
        deadline = Deadline(
            title=rule.title,
            rule=rule,
            source=Deadline.Source.RULE,
            starts_on=due.start,
            period_ends_on=due.period_ends_on,
            due_on=due.due_on,
            explanation=explanation,
            assignee_id=lead,
            created_by_id=lead,
            **links,
        )
        if done:
            day = due.due_on + datetime.timedelta(days=self.rng.randint(*DONE_SPREAD_DAYS))
            deadline.done_at = self.at(min(max(day, start), self.today))
            deadline.done_by_id = lead
        return deadline

    def timeline(
        self, intake: datetime.date, end: datetime.date
    ) -> tuple[datetime.date, list[tuple[str, datetime.date]]]:
        """The claim's made date and its events up to `end`: a path cut off by time."""
        rng = self.rng
        stage = rng.choices(list(STAGE_WEIGHTS), weights=list(STAGE_WEIGHTS.values()))[0]
        # Most claims were made before the client first came to the centre.
        made_on = max(USM_START, intake - datetime.timedelta(days=rng.randint(0, 500)))
        events = [(EventKind.CLAIM_MADE.value, made_on)]
        on = made_on
        for kind, span in PATHS[stage]:
            on = on + datetime.timedelta(days=rng.randint(*span))
            if on > end:
                break
            events.append((kind.value, on))
        return made_on, events

    def build(self, rows, *, claims, events, deadlines, aid, reporting) -> None:
        rng, today = self.rng, self.today
        for client_id, nationality, status, intake, closed_on, lead in rows:
            if rng.random() > BULK_CLAIM_SHARE:
                continue
            end = min(closed_on or today, today)
            made_on, timeline = self.timeline(intake, end)
            stage = stage_from_events(timeline)
            claim = ProtectionClaim(
                client_id=client_id,
                made_on=made_on,
                country_of_feared_harm=nationality or rng.choice(COUNTRIES),
                claim_number=f"DEMO-{client_id:06d}",
                ground_life=rng.random() < 0.7,
                outcome=_outcome(stage, rng),
                stage=stage,
                created_by_id=lead,
            )
            claims.append(claim)
            last = timeline[-1][1]
            claim_events = []
            for kind, on in timeline:
                event = ClaimEvent(claim=claim, kind=kind, date=on, recorded_by_id=lead)
                claim_events.append(event)
                for rule in self.due.rules.get(kind, ()):
                    # As the services leave it: a step since taken means the deadline was
                    # met; the latest step's stay open unless long past (closed files too).
                    due_on = self.due(rule, on)[0].due_on
                    done = (
                        due_on < last
                        or closed_on is not None
                        or (due_on < today - datetime.timedelta(days=60) and rng.random() < 0.9)
                    )
                    deadlines.append(
                        self.deadline(
                            rule,
                            on,
                            lead=lead,
                            done=done,
                            client_id=client_id,
                            claim=claim,
                            event=event,
                        )
                    )
            events.extend(claim_events)
            if stage not in (Stage.CLAIM_MADE, Stage.CLAIM_FORM) and rng.random() < 0.4:
                self.legal_aid(claim, lead, last, aid, deadlines)
            if (
                status == Client.ImmigrationStatus.RECOGNIZANCE
                and closed_on is None
                and rng.random() < 0.6
            ):
                self.reporting(client_id, lead, intake, reporting, deadlines)

    def legal_aid(self, claim, lead, last, aid, deadlines) -> None:
        rng, today = self.rng, self.today
        Decision = LegalAidApplication.Decision
        decision = rng.choices(
            [Decision.REFUSED, Decision.GRANTED, Decision.PENDING, Decision.WITHDRAWN],
            weights=[55, 20, 15, 10],
        )[0]
        jr = claim.stage in (
            Stage.JUDICIAL_REVIEW,
            Stage.COURT_OF_APPEAL,
            Stage.COURT_OF_FINAL_APPEAL,
        )
        lad = jr or decision == Decision.REFUSED
        applied_on = min(today, last + datetime.timedelta(days=rng.randint(0, 20)))
        decided_on = None
        if decision != Decision.PENDING:
            decided_on = min(today, applied_on + datetime.timedelta(days=rng.randint(5, 40)))
        application = LegalAidApplication(
            client_id=claim.client_id,
            claim=claim,
            scheme=(
                LegalAidApplication.Scheme.LEGAL_AID_DEPARTMENT
                if lad
                else LegalAidApplication.Scheme.DUTY_LAWYER
            ),
            stage=LegalAidApplication.Stage.JUDICIAL_REVIEW
            if lad
            else LegalAidApplication.Stage.APPEAL,
            applied_on=applied_on,
            decision=decision,
            decided_on=decided_on,
            refusal_ground=(
                rng.choice(list(LegalAidApplication.RefusalGround.values))
                if decision == Decision.REFUSED
                else ""
            ),
            lawyer=rng.choice(FIRMS) if decision == Decision.GRANTED else "",
            reference=f"DEMO-LA-{claim.client_id:06d}",
            created_by_id=lead,
        )
        aid.append(application)
        if application.makes_review_deadline:
            for rule in self.due.rules.get(Trigger.LEGAL_AID_REFUSED, ()):
                due_on = self.due(rule, decided_on)[0].due_on
                deadlines.append(
                    self.deadline(
                        rule,
                        decided_on,
                        lead=lead,
                        done=due_on < today - datetime.timedelta(days=7),
                        client_id=claim.client_id,
                        claim=claim,
                        legal_aid=application,
                    )
                )

    def reporting(self, client_id, lead, intake, reporting, deadlines) -> None:
        rng, today = self.rng, self.today
        condition = ReportingCondition(
            client_id=client_id,
            office=rng.choice(OFFICES),
            first_report_on=max(intake, today - datetime.timedelta(days=rng.randint(0, 700))),
            interval_weeks=rng.choice([2, 4, 4, 8]),
            created_by_id=lead,
        )
        reporting.append(condition)
        target = condition.next_report_after(today - datetime.timedelta(days=1))
        if target is not None:
            deadlines.append(
                Deadline(
                    client_id=client_id,
                    title=_("Report to the Immigration Department (%(office)s)")
                    % {"office": condition.office},
                    due_on=target,
                    source=Deadline.Source.REPORTING,
                    reporting=condition,
                    assignee_id=lead,
                    explanation=services._reporting_explanation(condition, target),
                    created_by_id=lead,
                )
            )


def seed_bulk(*, rng: random.Random, stdout: TextIO, progress: Callable[[int, str], tqdm]) -> None:
    """Claims with their timelines and deadlines, legal aid and reporting for the clients
    with a lead and no claim yet, written in bulk (idempotent: they then have a claim)."""
    today = timezone.localdate()
    candidates = _bulk_candidates()
    due = _Due()
    maker = _BulkClaims(rng, due, today)
    totals = dict.fromkeys(("claims", "events", "deadlines", "legal aid", "reporting"), 0)
    with progress(len(candidates), "Claims and deadlines") as bar:
        for start in range(0, len(candidates), BULK_CHUNK):
            chunk = candidates[start : start + BULK_CHUNK]
            claims, events, deadlines, aid, reporting = [], [], [], [], []
            maker.build(
                chunk,
                claims=claims,
                events=events,
                deadlines=deadlines,
                aid=aid,
                reporting=reporting,
            )
            # Parents first: bulk_create copies each saved parent's new id into its children.
            ProtectionClaim.objects.bulk_create(claims, batch_size=1000)
            ClaimEvent.objects.bulk_create(events, batch_size=2000)
            LegalAidApplication.objects.bulk_create(aid, batch_size=1000)
            ReportingCondition.objects.bulk_create(reporting, batch_size=1000)
            Deadline.objects.bulk_create(deadlines, batch_size=2000)
            for name, rows in zip(totals, (claims, events, deadlines, aid, reporting), strict=True):
                totals[name] += len(rows)
            bar.update(len(chunk))
    stdout.write(
        "Claims at scale: "
        + ", ".join(f"{count} {name}" for name, count in totals.items())
        + f" ({len(due.cache)} distinct due-date computations).\n"
    )
