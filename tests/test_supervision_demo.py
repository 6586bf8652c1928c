import io
import random

from clients.models import Client
from supervision import demo
from supervision.models import ClientReopening, ClosureRequest, SupervisionNote

from .factories import AssignmentFactory, ClientFactory, UserFactory


def test_demo_seed_is_idempotent(teams, caseworker, supervisor):
    supervisor.username = "demo-supervisor"
    supervisor.save()
    for _ in range(12):
        AssignmentFactory(client=ClientFactory(), worker=caseworker)
    demo.seed(rng=random.Random(1), stdout=io.StringIO())
    assert ClosureRequest.objects.filter(status="requested").count() == 3
    assert ClosureRequest.objects.filter(status="returned").count() == 2
    assert ClientReopening.objects.count() == 2
    assert Client.objects.filter(reopenings__isnull=False, status="active").count() == 2
    notes = SupervisionNote.objects.count()
    assert notes >= 3
    demo.seed(rng=random.Random(1), stdout=io.StringIO())
    assert ClosureRequest.objects.count() == 7 and SupervisionNote.objects.count() == notes


def test_demo_seed_without_demo_staff_does_nothing(db):
    UserFactory()
    demo.seed(rng=random.Random(1), stdout=io.StringIO())
    assert not ClosureRequest.objects.exists()
