"""The access policy's rules, one by one (the matrix test covers the URLs)."""

import datetime

import pytest
from django.http import Http404
from django.utils import timezone

from accounts.roles import Role
from clients.access import (
    Purpose,
    can_see_psychosocial,
    client_for,
    clients_visible_to,
    notes_visible_to,
    visible_client_ids,
)
from clients.models import CaseNote, Client

from .factories import AssignmentFactory, ClientFactory, NoteFactory, UserFactory


def visible(user) -> set[str]:
    return set(clients_visible_to(user).values_list("reference", flat=True))


def test_caseworker_sees_only_assigned_clients(caseworker, client_record, other_client):
    assert visible(caseworker) == {client_record.reference}


def test_support_assignment_gives_access(psychosocial_worker, client_record, other_client):
    assert visible(psychosocial_worker) == {client_record.reference}


def test_supervisor_sees_their_teams_clients_only(supervisor, client_record, other_client):
    assert visible(supervisor) == {client_record.reference}


def test_admin_role_sees_no_client(admin, client_record, other_client):
    assert visible(admin) == set()


def test_superuser_without_casework_role_sees_no_client(client_record):
    boss = UserFactory(is_superuser=True, is_staff=True)
    assert visible(boss) == set()


def test_ended_assignment_ends_access(caseworker, client_record):
    assignment = client_record.assignments.get(worker=caseworker)
    assignment.ended_on = timezone.localdate()
    assignment.save()
    assert client_record.reference not in visible(caseworker)


def test_deactivated_caseworker_sees_nothing(caseworker, client_record):
    caseworker.is_active = False
    caseworker.save()
    caseworker.__dict__.pop("role_names", None)
    assert visible(caseworker) == set()


def test_unassigned_intake_visible_to_its_maker_and_their_supervisor(
    caseworker, other_caseworker, supervisor, other_supervisor, teams
):
    intake = ClientFactory(status=Client.Status.INTAKE, created_by=caseworker)
    assert intake.reference in visible(caseworker)
    assert intake.reference in visible(supervisor)
    assert intake.reference not in visible(other_caseworker)
    assert intake.reference not in visible(other_supervisor)


def test_intake_leaves_its_maker_once_assigned_to_someone_else(caseworker, other_caseworker, teams):
    intake = ClientFactory(status=Client.Status.INTAKE, created_by=caseworker)
    AssignmentFactory(client=intake, worker=other_caseworker)
    assert intake.reference not in visible(caseworker)


def test_client_for_gives_404_for_out_of_scope_and_for_unknown(caseworker, other_client):
    with pytest.raises(Http404):
        client_for(caseworker, other_client.reference)
    with pytest.raises(Http404):
        client_for(caseworker, "JC-1999-00001")


def test_only_supervisors_may_assign(caseworker, supervisor, client_record):
    with pytest.raises(Http404):
        client_for(caseworker, client_record.reference, purpose=Purpose.ASSIGN)
    assert client_for(supervisor, client_record.reference, purpose=Purpose.ASSIGN) == client_record


def test_psychosocial_notes_are_need_to_know(
    caseworker, psychosocial_worker, supervisor, client_record
):
    secret = NoteFactory(
        client=client_record, author=psychosocial_worker, kind=CaseNote.Kind.PSYCHOSOCIAL
    )
    plain = NoteFactory(client=client_record, author=caseworker, kind=CaseNote.Kind.LEGAL)
    assert set(notes_visible_to(caseworker, client_record)) == {plain}
    assert set(notes_visible_to(psychosocial_worker, client_record)) == {plain, secret}
    assert set(notes_visible_to(supervisor, client_record)) == {plain, secret}


def test_psychosocial_worker_not_assigned_cannot_see_psychosocial_detail(teams, client_record):
    stranger = UserFactory(roles=[Role.PSYCHOSOCIAL, Role.SUPERVISOR])
    # A supervisor role counts only through the teams they supervise, which this one has none of.
    assert client_record.reference not in visible(stranger)
    colleague = UserFactory(roles=[Role.PSYCHOSOCIAL])
    AssignmentFactory(
        client=client_record,
        worker=colleague,
        role="support",
        ended_on=timezone.localdate(),
        started_on=timezone.localdate() - datetime.timedelta(days=3),
    )
    assert not can_see_psychosocial(colleague, client_record)


@pytest.mark.parametrize(
    "who",
    [
        "caseworker",
        "psychosocial_worker",
        "other_caseworker",
        "supervisor",
        "other_supervisor",
        "admin",
    ],
)
def test_narrowing_to_some_clients_answers_like_the_whole_policy(
    request, who, caseworker, client_record, other_client
):
    """`within` asks about a few clients only; it must agree with the whole policy."""
    user = request.getfixturevalue(who)
    intake = ClientFactory(status=Client.Status.INTAKE, created_by=caseworker)
    everyone = [client_record.pk, other_client.pk, intake.pk]
    whole = set(Client.objects.filter(pk__in=visible_client_ids(user)).values_list("pk", flat=True))
    for within in (everyone, everyone[:1], everyone[1:], []):
        narrowed = Client.objects.filter(pk__in=visible_client_ids(user, within=within))
        assert set(narrowed.values_list("pk", flat=True)) == whole & set(within)
