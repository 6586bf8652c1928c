"""cases.psychosocial_demo.seed: sessions (some in groups), trending measures, risk
screens, flagged clients with their supervisors notified; idempotent."""

import datetime
import random
from io import StringIO

import pytest
from django.utils import timezone

from accounts.roles import Role
from cases import psychosocial_demo
from cases.models import Deadline
from cases.notifications.models import Notification
from cases.psychosocial.instruments import INSTRUMENTS
from cases.psychosocial.models import (
    Assessment,
    ClientRiskFlag,
    PsychosocialSession,
    RiskAssessment,
    SessionAttendance,
)
from clients.models import ClientAssignment

from .factories import AssignmentFactory, ClientFactory, TeamFactory, UserFactory


@pytest.fixture
def demo_clients(db):
    worker = UserFactory(username="demo-psychosocial", roles=[Role.PSYCHOSOCIAL])
    lawyer = UserFactory(username="demo-caseworker", roles=[Role.LEGAL])
    boss = UserFactory(username="demo-supervisor", roles=[Role.SUPERVISOR])
    TeamFactory(members=[worker, lawyer], supervisors=[boss])
    long_ago = timezone.localdate() - datetime.timedelta(days=300)
    for n in range(16):
        client = ClientFactory(intake_date=long_ago)
        AssignmentFactory(client=client, worker=lawyer, started_on=long_ago)
        if n < 14:
            AssignmentFactory(
                client=client,
                worker=worker,
                role=ClientAssignment.Role.SUPPORT,
                started_on=long_ago + datetime.timedelta(days=n),
            )
    return worker, boss


def test_seed_makes_sessions_measures_and_flags_and_is_idempotent(demo_clients):
    _worker, boss = demo_clients
    psychosocial_demo.seed(rng=random.Random(3), stdout=StringIO())

    assert SessionAttendance.objects.values("client").distinct().count() == 14
    assert PsychosocialSession.objects.filter(kind="group").exists()
    group = PsychosocialSession.objects.filter(kind="group").first()
    assert group.attendances.count() >= 2
    assert set(Assessment.objects.values_list("instrument", flat=True)) >= {"phq9", "gad7"}
    for assessment in Assessment.objects.all():
        result = INSTRUMENTS[assessment.instrument].score(assessment.answers)
        assert (assessment.total, assessment.band) == (result.total, result.band.code)
        assert assessment.taken_on <= timezone.localdate()
    assert ClientRiskFlag.objects.filter(flagged=True).count() == psychosocial_demo.FLAGGED
    assert ClientRiskFlag.objects.filter(flagged=False, cleared_at__isnull=False).exists()
    assert RiskAssessment.objects.filter(level__in=["moderate", "high"]).exists()
    assert Notification.objects.filter(recipient=boss, kind="risk_flag").count() == 4
    assert Deadline.objects.filter(title__startswith="Psychosocial follow-up").exists()

    counts = (
        PsychosocialSession.objects.count(),
        Assessment.objects.count(),
        Notification.objects.count(),
    )
    out = StringIO()
    psychosocial_demo.seed(rng=random.Random(3), stdout=out)
    assert "nothing to add" in out.getvalue()
    after = (
        PsychosocialSession.objects.count(),
        Assessment.objects.count(),
        Notification.objects.count(),
    )
    assert after == counts


def test_trends_differ_between_clients(demo_clients):
    psychosocial_demo.seed(rng=random.Random(3), stdout=StringIO())
    directions = set()
    for client_id in Assessment.objects.values_list("client", flat=True).distinct():
        phq = list(
            Assessment.objects.filter(client_id=client_id, instrument="phq9")
            .order_by("taken_on")
            .values_list("total", flat=True)
        )
        if len(phq) >= 2:
            directions.add(
                "down" if phq[-1] < phq[0] - 2 else "up" if phq[-1] > phq[0] + 2 else "flat"
            )
    assert "down" in directions
    assert len(directions) >= 2


def test_seed_bulk_fills_many_clients_with_scored_measures_and_is_idempotent(
    demo_clients, monkeypatch
):
    """The path `seed_demo --clients 100000` takes: same records, written in bulk."""
    from contextlib import nullcontext
    from unittest import mock

    worker, _boss = demo_clients
    monkeypatch.setattr(psychosocial_demo, "BULK_SHARE", 1.0)
    progress = mock.MagicMock(side_effect=lambda total, desc: nullcontext(mock.Mock()))
    psychosocial_demo.seed_bulk(rng=random.Random(5), stdout=StringIO(), progress=progress)

    seen = set(SessionAttendance.objects.values_list("client_id", flat=True))
    supported = set(
        ClientAssignment.objects.filter(worker=worker, ended_on__isnull=True).values_list(
            "client_id", flat=True
        )
    )
    assert seen == supported  # every supported client, and nobody else
    for session in PsychosocialSession.objects.prefetch_related("attendances"):
        assert session.worker == worker
        assert [a.client_id for a in session.attendances.all()] in ([c] for c in supported)
        assert session.date < timezone.localdate()
    measures = list(Assessment.objects.all())
    assert {m.client_id for m in measures} == supported
    for measure in measures:
        result = INSTRUMENTS[measure.instrument].score(measure.answers)
        assert (measure.total, measure.band) == (result.total, result.band.code)
    # Measured at the first and the latest session: every client can show a change.
    assert all(
        Assessment.objects.filter(client_id=c, instrument="phq9").count() == 2 for c in supported
    )

    counts = (PsychosocialSession.objects.count(), Assessment.objects.count())
    psychosocial_demo.seed_bulk(rng=random.Random(6), stdout=StringIO(), progress=progress)
    assert (PsychosocialSession.objects.count(), Assessment.objects.count()) == counts
