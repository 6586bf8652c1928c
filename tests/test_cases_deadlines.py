"""Deadlines follow their events: created, moved, voided; by hand; done and undone."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.roles import Role
from cases import services
from cases.models import ClosureDay, Deadline, DeadlineRule, EventKind
from clients.models import ClientAssignment
from clients.services import assignment_add

from .cases_factories import ClaimFactory, DeadlineFactory
from .factories import UserFactory

D = datetime.date


@pytest.fixture
def claim(client_record, caseworker):
    return ClaimFactory(client=client_record, made_on=D(2025, 6, 2), created_by=caseworker)


MARCH_2 = D(2026, 3, 2)


def decide(claim, by, on=MARCH_2):
    event, result = services.claim_event_record(
        claim=claim, kind=EventKind.DECISION_SERVED, on=on, by=by
    )
    return event, result


def test_recording_an_event_creates_its_deadline_for_the_lead(claim, supervisor, caseworker):
    _event, result = decide(claim, supervisor)  # the supervisor records it
    (deadline,) = result.created
    assert deadline.assignee == caseworker  # the client's lead caseworker gets it
    assert deadline.due_on == D(2026, 3, 16)
    assert deadline.source == Deadline.Source.RULE
    assert deadline.claim == claim
    assert deadline.client == claim.client


def test_correcting_the_date_moves_the_same_deadline(claim, caseworker):
    event, result = decide(claim, caseworker)
    (deadline,) = result.created
    moved = services.claim_event_correct(
        event=event, kind=event.kind, on=D(2026, 3, 20), note="", by=caseworker
    )
    assert moved.moved == [deadline]
    deadline.refresh_from_db()
    assert deadline.due_on == D(2026, 4, 8)  # Easter 2026 skipped
    assert deadline.starts_on == D(2026, 3, 20)
    assert deadline.voided_at is None
    assert Deadline.objects.filter(claim=claim).count() == 1


def test_correcting_the_kind_voids_and_creates(claim, caseworker):
    # Recorded as "claim form issued" by mistake: it was the decision being served.
    event, result = services.claim_event_record(
        claim=claim, kind=EventKind.CLAIM_FORM_ISSUED, on=D(2026, 3, 2), by=caseworker
    )
    (form_deadline,) = result.created
    corrected = services.claim_event_correct(
        event=event, kind=EventKind.DECISION_SERVED, on=D(2026, 3, 2), note="", by=caseworker
    )
    assert corrected.voided == [form_deadline]
    (created,) = corrected.created
    assert created.rule.code == "tcab-appeal"
    assert created.due_on == D(2026, 3, 16)
    form_deadline.refresh_from_db()
    assert "changed to Decision served" in form_deadline.void_reason


def test_removing_the_event_voids_its_deadline_and_keeps_it(claim, caseworker):
    event, result = decide(claim, caseworker)
    (deadline,) = result.created
    removed = services.claim_event_remove(event=event)
    assert removed.voided == [deadline]
    deadline.refresh_from_db()
    assert deadline.voided_at is not None
    assert deadline.event is None
    assert "decision served" in deadline.void_reason
    assert not claim.events.filter(pk=event.pk).exists()


def test_a_done_deadline_is_history_not_moved_or_voided(claim, caseworker):
    event, result = decide(claim, caseworker)
    (deadline,) = result.created
    services.deadline_mark_done(deadline=deadline, by=caseworker)
    services.claim_event_correct(
        event=event, kind=event.kind, on=D(2026, 3, 20), note="", by=caseworker
    )
    services.claim_event_remove(event=event)
    deadline.refresh_from_db()
    assert deadline.due_on == D(2026, 3, 16)
    assert deadline.voided_at is None
    assert deadline.done_by == caseworker


def test_inactive_rule_makes_no_new_deadline(claim, caseworker):
    DeadlineRule.objects.filter(code="tcab-appeal").update(active=False)
    _event, result = decide(claim, caseworker)
    assert not result
    assert not Deadline.objects.exists()


def test_done_and_undone_record_who_and_when(client_record, caseworker, supervisor):
    deadline = DeadlineFactory(client=client_record, assignee=caseworker)
    services.deadline_mark_done(deadline=deadline, by=supervisor)
    deadline.refresh_from_db()
    assert deadline.done_by == supervisor
    assert deadline.done_at is not None
    services.deadline_mark_undone(deadline=deadline)
    deadline.refresh_from_db()
    assert (deadline.done_at, deadline.done_by) == (None, None)


def test_voided_deadline_cannot_be_done(client_record, caseworker):
    deadline = DeadlineFactory(client=client_record, voided_at=timezone.now())
    with pytest.raises(ValidationError):
        services.deadline_mark_done(deadline=deadline, by=caseworker)


def test_manual_deadline_defaults_to_the_lead(client_record, caseworker, supervisor):
    deadline = services.deadline_create(
        client=client_record, title="Medical report", due_on=D(2026, 12, 1), by=supervisor
    )
    assert deadline.assignee == caseworker
    assert deadline.source == Deadline.Source.MANUAL
    assert "by hand" in deadline.explanation


def test_a_closure_day_moves_open_deadlines_that_end_on_it(claim, caseworker):
    _event, result = decide(claim, caseworker)  # due Monday 16 March 2026
    (deadline,) = result.created
    closure = ClosureDay(date=D(2026, 3, 16), reason=ClosureDay.Reason.TYPHOON)
    assert services.closure_day_save(closure=closure) == 1
    deadline.refresh_from_db()
    assert deadline.due_on == D(2026, 3, 17)
    assert "closure day" in deadline.explanation
    services.closure_day_delete(closure=closure)
    deadline.refresh_from_db()
    assert deadline.due_on == D(2026, 3, 16)


def test_a_new_lead_takes_over_open_deadlines(claim, caseworker, supervisor, teams):
    _event, result = decide(claim, caseworker)
    (deadline,) = result.created
    newcomer = UserFactory(roles=[Role.LEGAL])
    teams[0].members.add(newcomer)
    assignment_add(
        client=claim.client, worker=newcomer, role=ClientAssignment.Role.LEAD, by=supervisor
    )
    deadline.refresh_from_db()
    assert deadline.assignee == newcomer
