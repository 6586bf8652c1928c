"""/supervision/: the figures per worker, the queues, and the lists behind them."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cases.psychosocial.models import ClientRiskFlag, PsychosocialSession
from clients.models import Client, ClientAssignment

from .cases_factories import DeadlineFactory
from .factories import AssignmentFactory, ClientFactory
from .supervision_factories import ClosureRequestFactory


def days(n: int) -> datetime.date:
    # Today is read when the test runs, not when the module is imported: a run that crosses
    # midnight in Hong Kong (or the first of a month) would otherwise build yesterday's world.
    return timezone.localdate() + datetime.timedelta(days=n)


@pytest.fixture
def caseload(client_record, other_client, caseworker, psychosocial_worker, other_caseworker):
    """caseworker leads client_record + 2 more active clients and 1 closed one;
    3 open deadlines (2 overdue), 1 done; other team's deadlines must not count."""
    for _ in range(2):
        AssignmentFactory(client=ClientFactory(created_by=caseworker), worker=caseworker)
    closed = ClientFactory(status=Client.Status.CLOSED, closed_on=days(-1), created_by=caseworker)
    AssignmentFactory(client=closed, worker=caseworker)
    DeadlineFactory(client=client_record, assignee=caseworker, due_on=days(-3))
    DeadlineFactory(client=client_record, assignee=caseworker, due_on=days(-1))
    DeadlineFactory(client=client_record, assignee=caseworker, due_on=days(7))
    DeadlineFactory(
        client=client_record,
        assignee=caseworker,
        due_on=days(-9),
        done_at=timezone.now(),
        done_by=caseworker,
    )
    DeadlineFactory(client=other_client, assignee=other_caseworker, due_on=days(-2))
    queue = ClientFactory(status=Client.Status.INTAKE, created_by=psychosocial_worker)
    ClosureRequestFactory(client=client_record, requested_by=caseworker)
    ClientRiskFlag.objects.create(
        client=client_record, flagged=True, raised_on=days(0), raised_at=timezone.now()
    )
    ClientRiskFlag.objects.create(
        client=other_client, flagged=True, raised_on=days(0), raised_at=timezone.now()
    )
    today = days(0)
    for day in (today, today.replace(day=1), today.replace(day=1) - datetime.timedelta(days=1)):
        PsychosocialSession.objects.create(
            worker=psychosocial_worker, date=day, minutes=50, created_by=psychosocial_worker
        )
    return {"queue": queue, "closed": closed}


def test_caseload_figures_per_worker(
    as_user, supervisor, caseworker, psychosocial_worker, client_record, caseload
):
    response = as_user(supervisor).get(reverse("supervision:dashboard"))
    assert response.status_code == 200
    workers = {w.username: w for w in response.context["board"].workers}
    assert set(workers) == {"caseworker", "psychosocial"}  # Team A only
    me = workers["caseworker"]
    assert (me.active_clients, me.lead_clients) == (3, 3)  # the closed file does not count
    assert (me.open_deadlines, me.overdue_deadlines) == (3, 2)
    assert me.closures_waiting == 1
    assert me.flagged_clients == 1 and me.sessions_this_month == 0
    support = workers["psychosocial"]
    assert (support.active_clients, support.lead_clients, support.open_deadlines) == (1, 0, 0)
    assert (support.flagged_clients, support.sessions_this_month) == (1, 2)
    board = response.context["board"]
    assert board.queue_count == 1 and board.queue[0] == caseload["queue"]
    assert board.overdue_count == 2  # the other team's overdue deadline is not shown
    assert board.closures_count == 1
    assert board.flagged_count == 1 and board.flagged == [client_record]  # not Team B's
    assert board.referrals == {"waiting": 0, "overdue": 0}
    page = response.content.decode()
    assert f"{reverse('supervision:client_list')}?worker={caseworker.pk}" in page
    assert f"{reverse('supervision:deadline_list')}?worker={caseworker.pk}&amp;overdue=on" in page
    assert f"{reverse('supervision:client_list')}?worker={caseworker.pk}&amp;queue=flagged" in page


def test_figures_link_to_lists_with_the_same_counts(as_user, supervisor, caseworker, caseload):
    http = as_user(supervisor)
    clients = http.get(reverse("supervision:client_list"), {"worker": caseworker.pk})
    assert clients.context["page"].paginator.count == 3
    deadlines = http.get(
        reverse("supervision:deadline_list"), {"worker": caseworker.pk, "overdue": "on"}
    )
    assert deadlines.context["page"].paginator.count == 2
    queue = http.get(reverse("supervision:client_list"), {"queue": "unassigned"})
    assert [c.pk for c in queue.context["page"]] == [caseload["queue"].pk]
    flagged = http.get(reverse("supervision:client_list"), {"queue": "flagged"})
    assert flagged.context["page"].paginator.count == 1
    closed = http.get(reverse("supervision:client_list"), {"status": "closed"})
    assert [c.pk for c in closed.context["page"]] == [caseload["closed"].pk]


def test_bad_filters_are_ignored_with_a_message(as_user, supervisor, other_caseworker, caseload):
    http = as_user(supervisor)
    # A worker outside the teams supervised is not a valid choice: no leak, no 500.
    response = http.get(
        reverse("supervision:client_list"), {"worker": other_caseworker.pk, "status": "zzz"}
    )
    assert response.status_code == 200
    assert "Some filters were not understood" in response.content.decode()
    response = http.get(reverse("supervision:deadline_list"), {"worker": "abc"})
    assert response.status_code == 200
    assert "Some filters were not understood" in response.content.decode()


def test_other_supervisor_sees_only_their_team(as_user, other_supervisor, caseload):
    response = as_user(other_supervisor).get(reverse("supervision:dashboard"))
    board = response.context["board"]
    assert [w.username for w in board.workers] == ["other"]
    assert board.overdue_count == 1
    assert board.queue_count == 0 and board.closures_count == 0


def test_intake_queue_assignment_notifies_the_worker(
    as_user, supervisor, caseworker, caseload, mailoutbox, django_capture_on_commit_callbacks
):
    queue = caseload["queue"]
    with django_capture_on_commit_callbacks(execute=True):
        response = as_user(supervisor).post(
            reverse("supervision:intake_assign", args=[queue.reference]),
            {"worker": caseworker.pk},
        )
    assert response.status_code == 302
    queue.refresh_from_db()
    assert queue.status == Client.Status.ACTIVE
    assert queue.assignments.get(ended_on__isnull=True).worker == caseworker
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [caseworker.email]
    assert queue.reference in mailoutbox[0].body
    assert queue.family_name not in mailoutbox[0].body + mailoutbox[0].subject


def _queries(http, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert http.get(url).status_code == 200
    return len(queries)


def _add_rows(caseworker, n):
    for _ in range(n):
        record = ClientFactory(created_by=caseworker)
        AssignmentFactory(client=record, worker=caseworker)
        DeadlineFactory(client=record, assignee=caseworker, due_on=days(-1))
        ClosureRequestFactory(client=record, requested_by=caseworker)
        ClientFactory(status=Client.Status.INTAKE, created_by=caseworker)


@pytest.mark.parametrize(
    "url",
    [
        lambda w: reverse("supervision:dashboard"),
        lambda w: reverse("supervision:client_list"),
        lambda w: reverse("supervision:client_list") + f"?worker={w.pk}",
        lambda w: reverse("supervision:deadline_list"),
        lambda w: reverse("supervision:closure_list"),
    ],
    ids=["dashboard", "clients", "clients of a worker", "deadlines", "closures"],
)
def test_query_count_does_not_grow_with_rows(as_user, supervisor, caseworker, client_record, url):
    http = as_user(supervisor)
    address = url(caseworker)
    _add_rows(caseworker, 3)
    http.get(address)
    with_3 = _queries(http, address)
    _add_rows(caseworker, 27)
    assert _queries(http, address) == with_3


def test_support_role_counts_as_active_not_lead(
    as_user, supervisor, psychosocial_worker, client_record
):
    AssignmentFactory(
        client=ClientFactory(), worker=psychosocial_worker, role=ClientAssignment.Role.SUPPORT
    )
    response = as_user(supervisor).get(reverse("supervision:dashboard"))
    row = next(w for w in response.context["board"].workers if w == psychosocial_worker)
    assert (row.active_clients, row.lead_clients) == (2, 0)


def test_long_intake_queue_shows_ten_and_counts_all(as_user, supervisor, caseworker, teams):
    """The queue's rows and its count come from one query: the count is still all of them,
    oldest intake first, and other teams' intakes stay out."""
    from accounts.roles import Role

    from .factories import UserFactory

    outsider = UserFactory(roles=[Role.LEGAL])
    for n in range(13):
        ClientFactory(status=Client.Status.INTAKE, created_by=caseworker, intake_date=days(-n))
    ClientFactory(status=Client.Status.INTAKE, created_by=outsider)
    board = as_user(supervisor).get(reverse("supervision:dashboard")).context["board"]
    assert board.queue_count == 13
    assert len(board.queue) == 10
    assert [c.intake_date for c in board.queue] == sorted(c.intake_date for c in board.queue)
    assert board.queue[0].intake_date == days(-12)


def test_referrals_waiting_counts_sent_ones_in_scope(
    supervisor, caseworker, other_caseworker, client_record, other_client
):
    from django.conf import settings
    from django.db import transaction

    from clients.idsets import materialised
    from referrals.models import Referral
    from supervision.selectors import referrals_waiting, visible_ids

    from .referrals_factories import ReferralFactory

    now = timezone.now()
    late = now - datetime.timedelta(days=settings.REFERRAL_ANSWER_DAYS + 2)
    sent = Referral.Status.SENT
    ReferralFactory(client=client_record, status=sent, sent_at=now, created_by=caseworker)
    ReferralFactory(client=client_record, status=sent, sent_at=late, created_by=caseworker)
    ReferralFactory(client=client_record, created_by=caseworker)  # a draft: not waiting
    ReferralFactory(client=other_client, status=sent, sent_at=late, created_by=other_caseworker)
    assert referrals_waiting(supervisor) == {"waiting": 2, "overdue": 1}
    with transaction.atomic(), materialised(visible_ids(supervisor)) as scope:
        assert referrals_waiting(supervisor, scope) == {"waiting": 2, "overdue": 1}


def test_the_queue_lists_what_it_counts(as_user, supervisor, caseworker, caseload):
    """An active file left without a worker (which the app now refuses, but older data
    may hold) and opened under the supervisor's emergency access is not an intake: the
    queue's figure and its list agree on leaving it out."""
    from accounts.models import AccessGrant

    orphan = ClientFactory(status=Client.Status.ACTIVE)
    AccessGrant.objects.create(
        user=supervisor,
        client=orphan,
        kind=AccessGrant.Kind.BREAK_GLASS,
        reason="Test",
        ends_at=timezone.now() + datetime.timedelta(hours=8),
        granted_by=supervisor,
    )
    http = as_user(supervisor)
    dashboard = http.get(reverse("supervision:dashboard")).context["board"]
    queue = http.get(reverse("supervision:client_list"), {"queue": "unassigned"})
    listed = [c.pk for c in queue.context["page"]]
    assert dashboard.queue_count == len(listed) == 1
    assert listed == [caseload["queue"].pk]
