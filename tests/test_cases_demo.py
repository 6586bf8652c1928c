"""cases.demo.seed: claims at every stage, deadlines (some overdue), every legal-aid outcome."""

import random
from io import StringIO

import pytest
from django.utils import timezone

from accounts.roles import Role
from cases import demo
from cases.models import Deadline, LegalAidApplication, ProtectionClaim, ReportingCondition

from .factories import AssignmentFactory, ClientFactory, UserFactory


@pytest.fixture
def demo_clients(db):
    worker = UserFactory(username="demo-caseworker", roles=[Role.LEGAL])
    for _n in range(16):
        AssignmentFactory(client=ClientFactory(), worker=worker)
    return worker


def test_seed_covers_every_stage_and_outcome_and_is_idempotent(demo_clients):
    demo.seed(rng=random.Random(7), stdout=StringIO())
    stages = set(ProtectionClaim.objects.values_list("stage", flat=True))
    assert stages == set(ProtectionClaim.Stage.values)
    decisions = set(LegalAidApplication.objects.values_list("decision", flat=True))
    assert decisions == set(LegalAidApplication.Decision.values)
    assert ProtectionClaim.objects.filter(outcome=ProtectionClaim.Outcome.REJECTED).exists()
    assert Deadline.objects.filter(
        due_on__lt=timezone.localdate(), done_at__isnull=True, voided_at__isnull=True
    ).exists()
    assert ReportingCondition.objects.exists()
    assert set(Deadline.objects.values_list("assignee", flat=True)) == {demo_clients.pk}

    counts = (ProtectionClaim.objects.count(), Deadline.objects.count())
    demo.seed(rng=random.Random(7), stdout=StringIO())
    assert (ProtectionClaim.objects.count(), Deadline.objects.count()) == counts
