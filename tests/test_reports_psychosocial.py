"""The psychosocial part of /reports/: sessions by kind, and clients improving."""

import datetime

from django.urls import reverse
from django.utils import timezone

from cases.psychosocial.models import PsychosocialSession
from supervision.reports import build_report

from .factories import AssignmentFactory, ClientFactory
from .psychosocial_factories import (
    AssessmentFactory,
    AttendanceFactory,
    SessionFactory,
    answers_for,
)


def days_ago(n: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=n)


def measure(client, worker, code, total, days):
    AssessmentFactory(
        client=client,
        recorded_by=worker,
        instrument=code,
        answers=answers_for(code, total),
        taken_on=days_ago(days),
    )


def test_sessions_and_improvement_with_known_answers(supervisor, psychosocial_worker, teams):
    clients = [ClientFactory() for _ in range(4)]
    for record in clients:
        AssignmentFactory(client=record, worker=psychosocial_worker)
    for record in clients[:3]:
        AttendanceFactory(
            session=SessionFactory(worker=psychosocial_worker, date=days_ago(10)), client=record
        )
    AttendanceFactory(
        session=SessionFactory(
            worker=psychosocial_worker, date=days_ago(5), kind=PsychosocialSession.Kind.CRISIS
        ),
        client=clients[0],
    )
    # PHQ-9, lower is better: two improve, one gets worse; one measured only once.
    measure(clients[0], psychosocial_worker, "phq9", 18, 60)
    measure(clients[0], psychosocial_worker, "phq9", 9, 5)
    measure(clients[1], psychosocial_worker, "phq9", 12, 60)
    measure(clients[1], psychosocial_worker, "phq9", 12, 30)
    measure(clients[1], psychosocial_worker, "phq9", 7, 3)
    measure(clients[2], psychosocial_worker, "phq9", 5, 60)
    measure(clients[2], psychosocial_worker, "phq9", 14, 2)
    measure(clients[3], psychosocial_worker, "phq9", 20, 2)
    # WHO-5, higher is better: one improves.
    measure(clients[3], psychosocial_worker, "who5", 8, 40)
    measure(clients[3], psychosocial_worker, "who5", 15, 1)

    report = build_report(user=supervisor, start=days_ago(365), end=timezone.localdate())
    tables = {t.key: t for t in report.tables}
    sessions = {row[0]: row[1] for row in tables["psy_sessions"].rows}
    assert sessions["Individual"] == 3
    assert sessions["Crisis"] == 1
    measures = {row[0]: row[1:] for row in tables["psy_measures"].rows}
    assert measures["PHQ-9"] == [3, 2, 0, 66.7]
    assert measures["WHO-5"] == [1, 1, 0, 100.0]
    assert measures["GAD-7"] == [0, 0, 0, None]


def test_report_page_shows_them(client, supervisor, psychosocial_worker, teams):
    record = ClientFactory()
    AssignmentFactory(client=record, worker=psychosocial_worker)
    AttendanceFactory(
        session=SessionFactory(worker=psychosocial_worker, date=days_ago(3)), client=record
    )
    client.force_login(supervisor)
    response = client.get(reverse("reports:index"))
    assert "Clients improving between first and latest measure" in response.content.decode()


def test_measure_figures_for_an_empty_scope_are_zero(db):
    """Nobody in scope (`.none()`): every instrument shows zero, not an error."""
    from clients.models import Client
    from supervision.reports import psychosocial_tables

    today = timezone.localdate()
    tables = psychosocial_tables(Client.objects.none().values("pk"), today, today)
    measures = tables[-1]
    assert all(row[1:4] == [0, 0, 0] for row in measures.rows)
