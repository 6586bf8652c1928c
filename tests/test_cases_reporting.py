"""Recognizance reporting: the next reporting date is always an open deadline."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from cases import services
from cases.models import Deadline, ReportingCondition

from .cases_factories import ReportingFactory


def in_days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


@pytest.fixture
def http(client, caseworker):
    client.force_login(caseworker)
    return client


def test_next_report_every_n_weeks():
    condition = ReportingCondition(first_report_on=datetime.date(2026, 1, 5), interval_weeks=4)
    assert condition.next_report_after(datetime.date(2026, 1, 4)) == datetime.date(2026, 1, 5)
    assert condition.next_report_after(datetime.date(2026, 1, 5)) == datetime.date(2026, 2, 2)
    assert condition.next_report_after(datetime.date(2026, 2, 10)) == datetime.date(2026, 3, 2)


def test_next_report_on_given_dates_and_after_the_end():
    condition = ReportingCondition(
        first_report_on=datetime.date(2026, 1, 5), dates=["2026-03-01", "2026-02-01"]
    )
    assert condition.next_report_after(datetime.date(2026, 1, 10)) == datetime.date(2026, 2, 1)
    assert condition.next_report_after(datetime.date(2026, 3, 1)) is None
    condition.ended_on = datetime.date(2026, 2, 15)
    assert condition.next_report_after(datetime.date(2026, 2, 2)) is None


def test_saving_a_condition_makes_the_next_reporting_deadline(client_record, caseworker):
    condition = ReportingFactory.build(
        client=client_record, first_report_on=in_days(-14), interval_weeks=4
    )
    services.reporting_save(condition=condition, client=client_record, by=caseworker)
    deadline = Deadline.objects.get(reporting=condition)
    assert deadline.due_on == in_days(14)
    assert deadline.assignee == caseworker
    assert deadline.source == Deadline.Source.REPORTING


def test_marking_a_report_done_opens_the_next(client_record, caseworker):
    condition = ReportingFactory.build(
        client=client_record, first_report_on=in_days(3), interval_weeks=2
    )
    services.reporting_save(condition=condition, client=client_record, by=caseworker)
    first = Deadline.objects.get(reporting=condition)
    services.deadline_mark_done(deadline=first, by=caseworker)
    following = Deadline.objects.get(reporting=condition, done_at__isnull=True)
    assert following.due_on == in_days(17)


def test_a_missed_report_stays_overdue(client_record, caseworker):
    condition = ReportingFactory(client=client_record, first_report_on=in_days(-30))
    missed = Deadline.objects.create(
        client=client_record,
        reporting=condition,
        title="Report",
        due_on=in_days(-2),
        source=Deadline.Source.REPORTING,
        assignee=caseworker,
    )
    services.reporting_refresh_all()
    assert list(Deadline.objects.filter(reporting=condition, done_at__isnull=True)) == [missed]


def test_claim_tab_shows_the_next_reporting_date(http, client_record, caseworker):
    condition = ReportingFactory.build(
        client=client_record, first_report_on=in_days(5), interval_weeks=4
    )
    services.reporting_save(condition=condition, client=client_record, by=caseworker)
    page = http.get(reverse("clients:claim", args=[client_record.reference])).content.decode()
    assert "Next reporting date:" in page
    assert in_days(5).isoformat() in page


def test_reporting_form_takes_given_dates(http, client_record):
    response = http.post(
        reverse("cases:reporting_add", args=[client_record.reference]),
        {
            "office": "Kowloon Bay",
            "first_report_on": in_days(3).isoformat(),
            "dates_text": f"{in_days(40).isoformat()}\n{in_days(10).isoformat()}",
        },
    )
    assert response.status_code == 302
    condition = client_record.reporting.get()
    assert condition.given_dates == [in_days(10), in_days(40)]


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({}, "Give either a reporting interval in weeks or the reporting dates."),
        ({"interval_weeks": "4", "dates_text": "2026-12-01"}, "not both"),
        ({"dates_text": "2026-13-01"}, "Not a date in the form YYYY-MM-DD"),
        ({"interval_weeks": "0"}, "greater than or equal to 1"),
    ],
)
def test_bad_reporting_input(http, client_record, extra, message):
    data = {"office": "Typed office", "first_report_on": in_days(3).isoformat()} | extra
    response = http.post(reverse("cases:reporting_add", args=[client_record.reference]), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert 'value="Typed office"' in response.content.decode()
    assert not ReportingCondition.objects.exists()
