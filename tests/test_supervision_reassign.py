"""Reassignment, one client or many: assignments through clients.services, open deadlines
with the lead, both assignments in the history, the workers told."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from cases.notifications.models import Notification
from clients.models import ClientAssignment
from supervision.models import Reassignment

from .cases_factories import DeadlineFactory
from .factories import AssignmentFactory, ClientFactory, UserFactory

LEAD, SUPPORT = ClientAssignment.Role.LEAD, ClientAssignment.Role.SUPPORT


@pytest.fixture
def new_worker(teams):
    worker = UserFactory(username="newworker", full_name="Yip Ka Wai", roles=[Role.LEGAL])
    teams[0].members.add(worker)
    return worker


def current(client):
    return {(a.worker.username, a.role) for a in client.assignments.filter(ended_on__isnull=True)}


def test_single_reassignment_moves_lead_and_open_deadlines(
    as_user,
    supervisor,
    caseworker,
    new_worker,
    client_record,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    due = timezone.localdate() + datetime.timedelta(days=4)
    open_one = DeadlineFactory(client=client_record, assignee=caseworker, due_on=due)
    done_one = DeadlineFactory(
        client=client_record, assignee=caseworker, done_at=timezone.now(), done_by=caseworker
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = as_user(supervisor).post(
            reverse("supervision:client_reassign", args=[client_record.reference]),
            {"from_worker": caseworker.pk, "to_worker": new_worker.pk, "reason": "Leave"},
        )
    assert response.status_code == 302
    assert current(client_record) == {("newworker", LEAD), ("psychosocial", SUPPORT)}
    ended = client_record.assignments.get(worker=caseworker)
    assert ended.ended_on == timezone.localdate()  # kept, with its end date
    open_one.refresh_from_db()
    done_one.refresh_from_db()
    assert open_one.assignee == new_worker
    assert done_one.assignee == caseworker  # history is not rewritten
    record = Reassignment.objects.get()
    assert (record.from_worker, record.to_worker, record.reason) == (
        caseworker,
        new_worker,
        "Leave",
    )
    assert record.deadlines_moved == 1
    # The audit trail recorded both assignment changes.
    assert (
        LogEntry.objects.filter(
            content_type__model="clientassignment", additional_data__client_id=client_record.pk
        ).count()
        >= 2
    )
    recipients = sorted(m.to[0] for m in mailoutbox)
    assert recipients == sorted([caseworker.email, new_worker.email])
    assert all(client_record.family_name not in m.body for m in mailoutbox)
    assert all(client_record.reference in m.body for m in mailoutbox)


def test_support_taking_over_the_lead(
    as_user, supervisor, caseworker, psychosocial_worker, client_record
):
    response = as_user(supervisor).post(
        reverse("supervision:client_reassign", args=[client_record.reference]),
        {"from_worker": caseworker.pk, "to_worker": psychosocial_worker.pk, "reason": "Continuity"},
    )
    assert response.status_code == 302
    assert current(client_record) == {("psychosocial", LEAD)}


def test_reassigning_support_keeps_the_role(
    as_user, supervisor, psychosocial_worker, new_worker, client_record
):
    as_user(supervisor).post(
        reverse("supervision:client_reassign", args=[client_record.reference]),
        {"from_worker": psychosocial_worker.pk, "to_worker": new_worker.pk, "reason": "Caseload"},
    )
    assert current(client_record) == {("caseworker", LEAD), ("newworker", SUPPORT)}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"reason": ""}, "This field is required"),
        ({"to": "caseworker"}, "Choose a different worker"),
        ({"to": "other"}, "Select a valid choice"),  # outside the supervisor's teams
    ],
)
def test_reassign_bad_input_saves_nothing(
    as_user, supervisor, caseworker, other_caseworker, new_worker, client_record, data, message
):
    workers = {"caseworker": caseworker, "other": other_caseworker}
    to = workers.get(data.get("to"), new_worker)
    response = as_user(supervisor).post(
        reverse("supervision:client_reassign", args=[client_record.reference]),
        {"from_worker": caseworker.pk, "to_worker": to.pk, "reason": data.get("reason", "Leave")},
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert current(client_record) == {("caseworker", LEAD), ("psychosocial", SUPPORT)}
    assert not Reassignment.objects.exists()


def test_bulk_reassignment_moves_only_the_ticked_clients(
    as_user,
    supervisor,
    caseworker,
    new_worker,
    client_record,
    other_client,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    second = ClientFactory()
    AssignmentFactory(client=second, worker=caseworker)
    stays = ClientFactory()
    AssignmentFactory(client=stays, worker=caseworker)
    url = reverse("supervision:client_list") + f"?worker={caseworker.pk}"
    with django_capture_on_commit_callbacks(execute=True):
        response = as_user(supervisor).post(
            url,
            {
                "from_worker": caseworker.pk,
                # other_client is not the caseworker's (nor in scope): it is ignored.
                "clients": [client_record.pk, second.pk],
                "to_worker": new_worker.pk,
                "reason": "Caseworker on leave",
            },
        )
    assert response.status_code == 302
    assert ("newworker", LEAD) in current(client_record)
    assert current(second) == {("newworker", LEAD)}
    assert current(stays) == {("caseworker", LEAD)}
    assert Reassignment.objects.count() == 2
    # One in-app notice and one summary email each, not one per client.
    assert Notification.objects.filter(recipient=new_worker).count() == 1
    assert Notification.objects.filter(recipient=caseworker).count() == 1

    assert sorted(m.to[0] for m in mailoutbox) == sorted([caseworker.email, new_worker.email])
    assert client_record.reference in mailoutbox[0].body and second.reference in mailoutbox[0].body


def test_bulk_reassignment_refuses_clients_outside_the_list(
    as_user, supervisor, caseworker, new_worker, other_client
):
    url = reverse("supervision:client_list") + f"?worker={caseworker.pk}"
    response = as_user(supervisor).post(
        url,
        {
            "from_worker": caseworker.pk,
            "clients": [other_client.pk],
            "to_worker": new_worker.pk,
            "reason": "x",
        },
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert current(other_client) == {("other", LEAD)}


def test_bulk_reassignment_is_all_or_nothing(
    as_user, supervisor, caseworker, psychosocial_worker, client_record
):
    """The psychosocial worker already supports client_record: moving a *support* there
    fails, so the other ticked client does not move either."""
    second = ClientFactory()
    AssignmentFactory(client=second, worker=caseworker, role=SUPPORT)
    AssignmentFactory(client=second, worker=psychosocial_worker, role=LEAD)
    # caseworker leads client_record (psychosocial supports it), supports `second`
    # (psychosocial leads it): moving both to psychosocial fails on `second`.
    url = reverse("supervision:client_list") + f"?worker={caseworker.pk}"
    response = as_user(supervisor).post(
        url,
        {
            "from_worker": caseworker.pk,
            "clients": [client_record.pk, second.pk],
            "to_worker": psychosocial_worker.pk,
            "reason": "Merge",
        },
    )
    assert response.status_code == 200
    assert "already assigned" in response.content.decode()
    assert ("caseworker", LEAD) in current(client_record)
    assert not Reassignment.objects.exists()


def test_assignment_on_the_client_page_notifies_the_worker(
    as_user, supervisor, new_worker, client_record, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        as_user(supervisor).post(
            reverse("clients:assignments", args=[client_record.reference]),
            {"worker": new_worker.pk, "role": SUPPORT, "reason": ""},
        )
    assert [m.to for m in mailoutbox] == [[new_worker.email]]
    assert client_record.reference in mailoutbox[0].subject
