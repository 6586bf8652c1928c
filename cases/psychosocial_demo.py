"""Fictional psychosocial demo data for `seed_demo`: counselling sessions (some in groups),
wellbeing measures with believable trends (most improving, some flat, a few worsening),
risk screens, and a few clients flagged at risk with their supervisors notified.

Called as `cases.psychosocial_demo.seed(rng=..., stdout=...)` once clients and their
assignments exist. Idempotent: a client who already has a session is left alone, and at
most MAX_CLIENTS clients are filled, so a 100,000-client benchmark does not wait here.
Rows are bulk-created; follow-up deadlines go through `cases.services.deadline_create`.
At scale (`seed_demo --clients N` above the default), `seed_bulk` fills many more.
"""

import datetime
import random
from dataclasses import dataclass, field
from typing import TextIO

from django.db import transaction
from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
from clients.models import Client, ClientAssignment

from .notifications.models import Notification
from .psychosocial.instruments import INSTRUMENTS, InstrumentCode
from .psychosocial.models import (
    Assessment,
    ClientRiskFlag,
    PsychosocialSession,
    RiskAssessment,
    RiskLevel,
    SessionAttendance,
)
from .psychosocial.services import supervisors_of
from .services import deadline_create

MAX_CLIENTS = 150
FLAGGED = 4  # clients left flagged at risk
CLEARED = 3  # clients once flagged, cleared by a later screen
Kind = PsychosocialSession.Kind
Modality = PsychosocialSession.Modality

CONCERNS = [
    "Poor sleep and nightmares since the screening interview.",
    "Worry about family members still in the home country.",
    "Low mood, loss of appetite, withdrawing from the community.",
    "Anxiety before reporting at the Immigration Department.",
    "Intrusive memories of detention; startles easily.",
    "Stress over rent and the food card running out early.",
    "Isolation: no one to speak their language with nearby.",
    "Anger and hopelessness after the appeal was rejected.",
]
INTERVENTIONS = [
    "Psychoeducation on trauma reactions; grounding techniques practised.",
    "Sleep hygiene plan; breathing exercise for night-time panic.",
    "Problem-solving on practical stressors; referral to the food bank discussed.",
    "Behavioural activation: one small pleasant activity a day agreed.",
    "Supportive counselling; strengths identified.",
    "Safety planning reviewed; crisis numbers checked on the client's phone.",
    "Linked with a peer group that meets in the client's language.",
]
NOTES = [
    "Engaged well. Tearful when speaking about the children. Agreed to keep a sleep diary.",
    "Came late because of a reporting appointment. Shorter session; rebooked.",
    "Reports fewer nightmares this fortnight. Using the grounding exercise on the bus.",
    "Flat affect; little eye contact. Denies current thoughts of self-harm.",
    "Spoke about the journey for the first time. Paced the session carefully.",
    "Worried about the outcome of the claim; explained what the legal team is doing.",
]
GROUP_NOTES = [
    "Women's support group: introductions, ground rules, relaxation exercise.",
    "Men's group: managing anger and frustration while waiting for decisions.",
    "Mixed group: sleep and stress, with an interpreter for two participants.",
]
SAFETY_PLAN = (
    "Warning signs: not sleeping, staying in the room all day. Coping: prayer, walking by the "
    "harbour, calling a friend from church. Contacts: the psychosocial worker (office hours), "
    "The Samaritans 24-hour hotline 2896 0000, A&E. Means: medication kept by a housemate."
)
TRAJECTORIES = [("improving", 55), ("flat", 25), ("worsening", 12), ("fluctuating", 8)]


@dataclass
class Plan:
    client: Client
    worker: User
    trajectory: str
    dates: list[datetime.date] = field(default_factory=list)


def _answers(rng: random.Random, code: str, total: int, *, item9: int = 0) -> list[int]:
    """Answers summing to `total`, spread over the items (PHQ-9 item 9 set apart)."""
    spec = INSTRUMENTS[code]
    answers = [0] * len(spec.items)
    fillable = list(range(len(answers)))
    if code == InstrumentCode.PHQ9:
        answers[8] = item9
        fillable.remove(8)
    left = max(0, min(total - sum(answers), spec.max_answer * len(fillable)))
    while left:
        i = rng.choice(fillable)
        if answers[i] < spec.max_answer:
            answers[i] += 1
            left -= 1
    return answers


def _level(rng: random.Random, trajectory: str, progress: float, start: float) -> float:
    """Severity from 0 to 1 at `progress` (0 first measure, 1 latest)."""
    if trajectory == "improving":
        value = start - (start - 0.18) * progress
    elif trajectory == "worsening":
        value = start + (0.9 - start) * progress
    elif trajectory == "fluctuating":
        value = start + 0.2 * (1 if int(progress * 4) % 2 else -1)
    else:
        value = start
    return min(0.95, max(0.02, value + rng.uniform(-0.06, 0.06)))


def _unseen_supported() -> QuerySet[ClientAssignment]:
    """Current assignments of psychosocial workers to clients no psychosocial session
    has seen yet (intakes aside): who the demo may give sessions to."""
    psychosocial = User.objects.filter(groups__name=Role.PSYCHOSOCIAL, is_active=True)
    return ClientAssignment.objects.filter(
        ended_on__isnull=True,
        worker__in=psychosocial,
        client__psychosocial_attendances__isnull=True,
    ).exclude(client__status=Client.Status.INTAKE)


def _candidates() -> list[ClientAssignment]:
    return list(
        _unseen_supported()
        .select_related("client", "worker")
        .annotate(
            mine=Case(
                When(worker__username="demo-psychosocial", then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("mine", "client_id")
        .distinct()[:MAX_CLIENTS]
    )


@transaction.atomic
def seed(*, rng: random.Random, stdout: TextIO) -> None:
    today = timezone.localdate()
    now = timezone.now()
    seen: set[int] = set()
    plans: list[Plan] = []
    for assignment in _candidates():
        if assignment.client_id in seen:
            continue
        seen.add(assignment.client_id)
        client = assignment.client
        first = max(assignment.started_on, client.intake_date, today - datetime.timedelta(400))
        last = client.closed_on or today - datetime.timedelta(days=1)
        if (last - first).days < 14:
            continue
        trajectory = rng.choices(*zip(*TRAJECTORIES, strict=True))[0]
        count = rng.randint(3, 10)
        step = (last - first).days / count
        dates = sorted(
            {
                min(last, first + datetime.timedelta(days=int(step * i + rng.uniform(0, step / 2))))
                for i in range(count)
            }
        )
        plans.append(Plan(client, assignment.worker, trajectory, dates))
    if not plans:
        stdout.write("Psychosocial demo: nothing to add.\n")
        return

    # Flag a few: worsening trajectories first. Clear a few others later on.
    worsening = [p for p in plans if p.trajectory == "worsening"]
    rest = [p for p in plans if p.trajectory != "worsening"]
    flagged = {p.client.pk for p in (worsening + rest)[:FLAGGED]}
    cleared = {p.client.pk for p in rest[FLAGGED : FLAGGED + CLEARED] if p.client.pk not in flagged}

    sessions: list[PsychosocialSession] = []
    owners: list[Plan] = []
    for plan in plans:
        for on in plan.dates:
            crisis = plan.client.pk in flagged and on == plan.dates[-1]
            sessions.append(
                PsychosocialSession(
                    worker=plan.worker,
                    date=on,
                    minutes=rng.choice([45, 50, 50, 60, 90]),
                    kind=Kind.CRISIS if crisis else Kind.INDIVIDUAL,
                    modality=rng.choices(list(Modality), weights=[80, 15, 5])[0],
                    interpreter_language=(
                        plan.client.preferred_language if plan.client.interpreter_needed else ""
                    ),
                    concerns=rng.choice(CONCERNS),
                    interventions=rng.choice(INTERVENTIONS),
                    notes=rng.choice(NOTES),
                    created_by=plan.worker,
                )
            )
            owners.append(plan)
    # Group sessions: each worker's clients, in fours, meet once or twice.
    by_worker: dict[int, list[Plan]] = {}
    for plan in plans:
        by_worker.setdefault(plan.worker.pk, []).append(plan)
    groups: list[tuple[PsychosocialSession, list[Plan]]] = []
    for worker_plans in by_worker.values():
        for start in range(0, min(len(worker_plans), 12), 4):
            members = worker_plans[start : start + 4]
            if len(members) < 2:
                continue
            on = max(max(p.dates[0] for p in members), today - datetime.timedelta(days=60))
            on = min(on, today - datetime.timedelta(days=1))
            group = PsychosocialSession(
                worker=members[0].worker,
                date=on,
                minutes=90,
                kind=Kind.GROUP,
                modality=Modality.IN_PERSON,
                concerns="Isolation and stress while waiting for decisions.",
                interventions="Psychoeducation; relaxation; peer support.",
                notes=rng.choice(GROUP_NOTES),
                created_by=members[0].worker,
            )
            groups.append((group, members))
    PsychosocialSession.objects.bulk_create(sessions + [g for g, _m in groups])

    attendances = [
        SessionAttendance(session=s, client=plan.client)
        for s, plan in zip(sessions, owners, strict=True)
    ]
    for group, members in groups:
        for plan in members:
            attendances.append(
                SessionAttendance(
                    session=group,
                    client=plan.client,
                    attendance=rng.choices(list(SessionAttendance.Attendance), weights=[80, 5, 15])[
                        0
                    ],
                )
            )
    SessionAttendance.objects.bulk_create(attendances)

    assessments: list[Assessment] = []
    risks: list[RiskAssessment] = []
    for plan in plans:
        codes = [InstrumentCode.PHQ9, InstrumentCode.GAD7]
        if rng.random() < 0.5:
            codes.append(InstrumentCode.PCL5)
        if rng.random() < 0.4:
            codes.append(InstrumentCode.WHO5)
        measured = plan.dates[::2] if len(plan.dates) > 3 else plan.dates
        if plan.dates[-1] not in measured:
            measured.append(plan.dates[-1])
        start = rng.uniform(0.4, 0.8)
        is_flagged = plan.client.pk in flagged
        for index, on in enumerate(measured):
            progress = index / max(1, len(measured) - 1)
            severity = _level(rng, plan.trajectory, progress, start)
            for code in codes:
                spec = INSTRUMENTS[code]
                share = 1 - severity if spec.higher_is_better else severity
                item9 = 0
                if code == InstrumentCode.PHQ9 and is_flagged and on == measured[-1]:
                    item9 = rng.choice([1, 2, 3])
                answers = _answers(rng, code, round(share * spec.max_total), item9=item9)
                result = spec.score(answers)
                assessments.append(
                    Assessment(
                        client=plan.client,
                        instrument=code,
                        taken_on=on,
                        answers=answers,
                        total=result.total,
                        band=result.band.code,
                        recorded_by=plan.worker,
                    )
                )
        if is_flagged or plan.client.pk in cleared:
            concern_on = plan.dates[-1] if is_flagged else plan.dates[len(plan.dates) // 2]
            level = rng.choice([RiskLevel.MODERATE, RiskLevel.HIGH])
            risks.append(
                RiskAssessment(
                    client=plan.client,
                    assessed_on=concern_on,
                    assessed_by=plan.worker,
                    wish_to_be_dead=True,
                    suicidal_thoughts=True,
                    method=True,
                    intent=level == RiskLevel.HIGH,
                    plan=False,
                    behaviour=False,
                    level=level,
                    safety_plan=SAFETY_PLAN,
                )
            )
            if plan.client.pk in cleared:
                risks.append(
                    RiskAssessment(
                        client=plan.client,
                        assessed_on=plan.dates[-1],
                        assessed_by=plan.worker,
                        wish_to_be_dead=True,
                        suicidal_thoughts=False,
                        method=False,
                        intent=False,
                        plan=False,
                        behaviour=False,
                        level=RiskLevel.LOW,
                        safety_plan=SAFETY_PLAN,
                        notes="Passive thoughts only, less often. Plan reviewed and kept.",
                    )
                )
        elif rng.random() < 0.25:
            risks.append(
                RiskAssessment(
                    client=plan.client,
                    assessed_on=plan.dates[0],
                    assessed_by=plan.worker,
                    wish_to_be_dead=False,
                    suicidal_thoughts=False,
                    method=False,
                    intent=False,
                    plan=False,
                    behaviour=False,
                    level=RiskLevel.NONE,
                )
            )
    Assessment.objects.bulk_create(assessments)
    RiskAssessment.objects.bulk_create(risks)

    flags: list[ClientRiskFlag] = []
    notices: list[Notification] = []
    for plan in plans:
        if plan.client.pk in flagged:
            high = next(r for r in risks if r.client_id == plan.client.pk)
            flags.append(
                ClientRiskFlag(
                    client=plan.client,
                    flagged=True,
                    reason=ClientRiskFlag.Reason.RISK_LEVEL,
                    level=high.level,
                    raised_on=high.assessed_on,
                    raised_at=now,
                    raised_by=plan.worker,
                )
            )
            for supervisor in supervisors_of(plan.client):
                notices.append(
                    Notification(
                        recipient=supervisor,
                        client=plan.client,
                        kind=Notification.Kind.RISK_FLAG,
                        text=f"{plan.client.reference} flagged at risk: risk assessed as "
                        f"{high.get_level_display().lower()} (recorded by {plan.worker}).",
                        url=f"/clients/{plan.client.reference}/psychosocial/",
                    )
                )
        elif plan.client.pk in cleared:
            concern, later = [r for r in risks if r.client_id == plan.client.pk][:2]
            flags.append(
                ClientRiskFlag(
                    client=plan.client,
                    flagged=False,
                    reason=ClientRiskFlag.Reason.RISK_LEVEL,
                    level=concern.level,
                    raised_on=concern.assessed_on,
                    raised_at=now,
                    raised_by=plan.worker,
                    cleared_at=now,
                    cleared_by=plan.worker,
                    cleared_by_assessment=later,
                )
            )
    ClientRiskFlag.objects.bulk_create(flags)
    Notification.objects.bulk_create(notices)

    # A follow-up ahead for about a third of the clients: a deadline on their file.
    follow_ups = 0
    latest = {plan.client.pk: None for plan in plans}
    for session, plan in zip(sessions, owners, strict=True):
        latest[plan.client.pk] = (session, plan)
    for session, plan in filter(None, latest.values()):
        if plan.client.status == Client.Status.CLOSED or rng.random() > 0.35:
            continue
        session.follow_up_on = today + datetime.timedelta(days=rng.randint(3, 21))
        session.save(update_fields=["follow_up_on"])
        deadline = deadline_create(
            client=plan.client,
            title=f"Psychosocial follow-up ({plan.worker})",
            due_on=session.follow_up_on,
            by=plan.worker,
            assignee=plan.worker,
        )
        SessionAttendance.objects.filter(session=session, client=plan.client).update(
            follow_up_deadline=deadline
        )
        follow_ups += 1

    stdout.write(
        f"Psychosocial demo: {len(plans)} clients, {len(sessions) + len(groups)} sessions "
        f"({len(groups)} group), {len(assessments)} measures, {len(risks)} risk screens, "
        f"{len(flagged)} flagged, {follow_ups} follow-ups.\n"
    )


# -- At benchmark scale ------------------------------------------------------------------

BULK_CHUNK = 3000  # clients per round of bulk inserts
BULK_SHARE = 0.6  # of the clients a psychosocial worker supports, how many have sessions


def _bulk_candidates() -> list[tuple]:
    """(client, worker, first possible day, last day, closed?) for clients supported by a
    psychosocial worker and not yet seen by one; intakes aside."""
    rows = (
        _unseen_supported()
        .order_by("client_id", "pk")
        .values_list(
            "client_id", "worker_id", "started_on", "client__intake_date", "client__closed_on"
        )
    )
    seen: set[int] = set()
    return [row for row in rows if not (row[0] in seen or seen.add(row[0]))]


def _bulk_measure(
    rng: random.Random, client_id: int, worker_id: int, code: str, on, severity: float
) -> Assessment:
    spec = INSTRUMENTS[code]
    share = 1 - severity if spec.higher_is_better else severity
    answers = _answers(rng, code, round(share * spec.max_total))
    result = spec.score(answers)
    return Assessment(
        client_id=client_id,
        instrument=code,
        taken_on=on,
        answers=answers,
        total=result.total,
        band=result.band.code,
        recorded_by_id=worker_id,
    )


def seed_bulk(*, rng: random.Random, stdout: TextIO, progress) -> None:
    """Sessions, attendance and measures (PHQ-9 and GAD-7, some PCL-5 and WHO-5, with the
    same believable trajectories) for a share of the clients psychosocial workers
    support, in bulk. No risk flags here: the small seed keeps those few and deliberate.
    Idempotent: clients who already attended a session are left alone."""
    today = timezone.localdate()
    oldest = today - datetime.timedelta(days=730)
    candidates = _bulk_candidates()
    totals = {"clients": 0, "sessions": 0, "measures": 0}
    with progress(len(candidates), "Psychosocial sessions") as bar:
        for begin in range(0, len(candidates), BULK_CHUNK):
            sessions: list[PsychosocialSession] = []
            owners: list[int] = []
            measures: list[Assessment] = []
            for client_id, worker_id, started, intake, closed in candidates[
                begin : begin + BULK_CHUNK
            ]:
                if rng.random() > BULK_SHARE:
                    continue
                first = max(started, intake, oldest)
                last = closed or today - datetime.timedelta(days=1)
                if (last - first).days < 14:
                    continue
                count = rng.randint(2, 6)
                step = (last - first).days / count
                dates = sorted(
                    {first + datetime.timedelta(days=int(step * i)) for i in range(count)}
                )
                for on in dates:
                    sessions.append(
                        PsychosocialSession(
                            worker_id=worker_id,
                            date=on,
                            minutes=rng.choice([45, 50, 60]),
                            kind=Kind.INDIVIDUAL,
                            modality=Modality.IN_PERSON,
                            concerns=rng.choice(CONCERNS),
                            interventions=rng.choice(INTERVENTIONS),
                            notes=rng.choice(NOTES),
                            created_by_id=worker_id,
                        )
                    )
                    owners.append(client_id)
                trajectory = rng.choices(*zip(*TRAJECTORIES, strict=True))[0]
                codes = [InstrumentCode.PHQ9, InstrumentCode.GAD7]
                if rng.random() < 0.3:
                    codes.append(InstrumentCode.PCL5)
                if rng.random() < 0.2:
                    codes.append(InstrumentCode.WHO5)
                measured = [dates[0], dates[-1]] if len(dates) > 1 else dates
                start = rng.uniform(0.4, 0.8)
                for index, on in enumerate(measured):
                    severity = _level(rng, trajectory, index / max(1, len(measured) - 1), start)
                    measures += [
                        _bulk_measure(rng, client_id, worker_id, code, on, severity)
                        for code in codes
                    ]
                totals["clients"] += 1
            PsychosocialSession.objects.bulk_create(sessions, batch_size=2000)
            SessionAttendance.objects.bulk_create(
                [
                    SessionAttendance(session=session, client_id=client_id)
                    for session, client_id in zip(sessions, owners, strict=True)
                ],
                batch_size=2000,
            )
            Assessment.objects.bulk_create(measures, batch_size=2000)
            totals["sessions"] += len(sessions)
            totals["measures"] += len(measures)
            bar.update(len(candidates[begin : begin + BULK_CHUNK]))
    stdout.write(
        f"Psychosocial at scale: {totals['clients']} clients, {totals['sessions']} sessions, "
        f"{totals['measures']} measures.\n"
    )
