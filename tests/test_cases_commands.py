"""manage.py deadline_calculator and send_deadline_reminders."""

import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone

from cases.models import ReminderLog

from .cases_factories import DeadlineFactory


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def in_days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


@pytest.mark.django_db
def test_calculator_lists_event_kinds():
    out = run("deadline_calculator", "--list")
    assert "decision_served" in out
    assert "legal_aid_refused" in out
    assert "* decision_served" in out  # a rule follows it


@pytest.mark.django_db
def test_calculator_prints_title_iso_date_and_explanation():
    out = run("deadline_calculator", "--event", "decision_served", "--date", "2026-03-20")
    assert "Lodge the appeal to the Torture Claims Appeal Board: 2026-04-08" in out
    assert "Good Friday" in out
    assert "s.71" in out


@pytest.mark.django_db
def test_calculator_months():
    out = run("deadline_calculator", "--event", "appeal_decision", "--date", "2026-01-15")
    assert "Apply for leave for judicial review: 2026-04-15" in out


@pytest.mark.django_db
@pytest.mark.parametrize(
    "args",
    [
        ("--event", "nonsense", "--date", "2026-03-20"),
        ("--event", "decision_served", "--date", "2026-02-30"),
        ("--event", "decision_served"),
    ],
)
def test_calculator_bad_input(args):
    with pytest.raises(CommandError):
        run("deadline_calculator", *args)


@pytest.fixture
def due(client_record, caseworker, other_client):
    return [
        DeadlineFactory(
            client=client_record, assignee=caseworker, title="Overdue thing", due_on=in_days(-1)
        ),
        DeadlineFactory(
            client=client_record, assignee=caseworker, title="Soon thing", due_on=in_days(3)
        ),
        DeadlineFactory(
            client=client_record, assignee=caseworker, title="Far thing", due_on=in_days(60)
        ),
        # Assigned to the caseworker but on a client outside their scope.
        DeadlineFactory(
            client=other_client, assignee=caseworker, title="Foreign thing", due_on=in_days(1)
        ),
    ]


def test_reminders_go_once_a_day(due, caseworker, client_record):
    run("send_deadline_reminders")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [caseworker.email]
    assert message.subject == "Deadlines: 1 overdue, 1 due in the next 14 days"
    assert "Overdue thing" in message.body and "Soon thing" in message.body
    assert "Far thing" not in message.body
    assert "Foreign thing" not in message.body
    assert client_record.reference in message.body
    assert client_record.family_name not in message.body
    run("send_deadline_reminders")
    assert len(mail.outbox) == 1
    assert ReminderLog.objects.get().user == caseworker


def test_no_reminder_without_anything_due(caseworker, client_record):
    DeadlineFactory(client=client_record, assignee=caseworker, due_on=in_days(30))
    run("send_deadline_reminders")
    assert mail.outbox == []
