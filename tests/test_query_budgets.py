"""Query budgets: each page costs a fixed number of queries, whatever the row count.

Each case builds 3 rows, counts the page's queries, adds 27 more and counts again: the two
counts must be equal (no query per row) and equal to the pinned budget, so a change that
adds a query is a deliberate change to this file.
"""

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from clients.models import CaseNote, ClientAssignment

from .cases_factories import ClaimEventFactory, ClaimFactory, DeadlineFactory, LegalAidFactory
from .factories import (
    AliasFactory,
    AssignmentFactory,
    ClientFactory,
    ConsentFactory,
    DependantFactory,
    NoteFactory,
)
from .psychosocial_factories import AssessmentFactory, AttendanceFactory, SessionFactory
from .referrals_factories import PartnerFactory, ReferralFactory


@dataclass
class Budget:
    url: Callable[[dict], str]
    add_rows: Callable[[dict, int], None]
    queries: int
    viewer: str = "caseworker"


def my_clients(world, n):
    for _ in range(n):
        AssignmentFactory(client=ClientFactory(), worker=world["caseworker"])


def household(world, n):
    for _ in range(n):
        AliasFactory(client=world["client"])
        DependantFactory(client=world["client"])
        ConsentFactory(client=world["client"], recorded_by=world["caseworker"])


def notes(world, n):
    for _ in range(n):
        NoteFactory(client=world["client"], author=world["caseworker"], kind=CaseNote.Kind.LEGAL)


def documents(world, n):
    from django.core.files.base import ContentFile

    from clients.models import Document

    for i in range(n):
        doc = Document(
            client=world["client"],
            category="evidence",
            title=f"Doc {i}",
            original_name="a.pdf",
            content_type="application/pdf",
            size=5,
            uploaded_by=world["caseworker"],
        )
        doc.file.save("x", ContentFile(b"%PDF-"), save=False)
        doc.save()


def team_clients(world, n):
    for _ in range(n):
        record = ClientFactory()
        AssignmentFactory(client=record, worker=world["caseworker"])
        AssignmentFactory(
            client=record, worker=world["psychosocial_worker"], role=ClientAssignment.Role.SUPPORT
        )


def history(world, n):
    for i in range(n):
        world["client"].phone = f"9000 {i:04d}"
        world["client"].save()


def deadlines(world, n):
    for _ in range(n):
        DeadlineFactory(client=world["client"], assignee=world["caseworker"])


def claim_events(world, n):
    claim = world.setdefault("claim", ClaimFactory(client=world["client"]))
    for _ in range(n):
        ClaimEventFactory(claim=claim)


def legal_aid(world, n):
    for _ in range(n):
        LegalAidFactory(client=world["client"], created_by=world["caseworker"])


def referrals(world, n):
    for _ in range(n):
        ReferralFactory(client=world["client"], created_by=world["caseworker"])


def partners(world, n):
    for _ in range(n):
        PartnerFactory()


def sessions(world, n):
    for _ in range(n):
        session = SessionFactory(worker=world["psychosocial_worker"])
        AttendanceFactory(session=session, client=world["client"])
        AssessmentFactory(client=world["client"], recorded_by=world["psychosocial_worker"])


def client_url(name):
    return lambda world: reverse(name, args=[world["client"].reference])


BUDGETS = {
    # A caseworker's own client ids are fetched first (one indexed query), so PostgreSQL
    # reads their clients by key instead of scanning every client (clients/selectors.py).
    "dashboard": Budget(lambda w: reverse("dashboard"), my_clients, queries=11),
    "dashboard, deadlines": Budget(lambda w: reverse("dashboard"), deadlines, queries=11),
    "client list": Budget(lambda w: reverse("clients:list"), my_clients, queries=13),
    "client list, supervisor": Budget(
        lambda w: reverse("clients:list"), team_clients, queries=12, viewer="supervisor"
    ),
    "client search": Budget(lambda w: reverse("clients:list") + "?q=a", my_clients, queries=13),
    # Its matches are found once into a temporary table (savepoint, create, fill,
    # analyze, drop, release), then counted and paged from there.
    "client search, supervisor": Budget(
        lambda w: reverse("clients:list") + "?q=a", team_clients, queries=18, viewer="supervisor"
    ),
    "client detail": Budget(client_url("clients:detail"), household, queries=16),
    "notes": Budget(client_url("clients:notes"), notes, queries=13),
    "documents": Budget(client_url("clients:documents"), documents, queries=12),
    "history": Budget(client_url("clients:history"), history, queries=13, viewer="supervisor"),
    "deadlines": Budget(lambda w: reverse("cases:deadline_list"), deadlines, queries=8),
    "claim tab": Budget(client_url("clients:claim"), claim_events, queries=15),
    "legal-aid tab": Budget(client_url("clients:legal_aid"), legal_aid, queries=12),
    "referrals tab": Budget(client_url("clients:referrals"), referrals, queries=14),
    "my referrals": Budget(lambda w: reverse("referrals:list"), referrals, queries=14),
    "psychosocial tab": Budget(
        client_url("clients:psychosocial"), sessions, queries=16, viewer="psychosocial_worker"
    ),
    "psychosocial tab, legal": Budget(client_url("clients:psychosocial"), sessions, queries=12),
    # Supervision and reports compute their scope once into a temporary table (6 queries:
    # savepoint, create, fill, analyze, drop, release) so their many figures stay cheap;
    # the dashboard's is also indexed (one more), for its overdue list.
    "supervision": Budget(
        lambda w: reverse("supervision:dashboard"), team_clients, queries=30, viewer="supervisor"
    ),
    "reports": Budget(
        lambda w: reverse("reports:index"), team_clients, queries=30, viewer="supervisor"
    ),
    "partner directory": Budget(lambda w: reverse("referrals:partner_list"), partners, queries=11),
}


@pytest.fixture
def world(client_record, caseworker, psychosocial_worker, supervisor):
    return {
        "client": client_record,
        "caseworker": caseworker,
        "psychosocial_worker": psychosocial_worker,
        "supervisor": supervisor,
    }


def count_queries(http, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = http.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("name", sorted(BUDGETS))
def test_query_budget(name, world, client):
    budget = BUDGETS[name]
    client.force_login(world[budget.viewer])
    url = budget.url(world)
    budget.add_rows(world, 3)
    client.get(url)  # first request of a session does one-off work (session, content types)
    with_3 = count_queries(client, url)
    budget.add_rows(world, 27)
    with_30 = count_queries(client, url)
    assert with_3 == with_30, f"{name}: {with_3} queries with 3 rows, {with_30} with 30"
    assert with_30 == budget.queries, f"{name}: budget {budget.queries}, used {with_30}"
