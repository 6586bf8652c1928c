"""/deadlines/, the navigation badge, the dashboard, the calculator and the calendar feed."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from cases import services
from cases.models import Deadline

from .cases_factories import DeadlineFactory
from .factories import AssignmentFactory, ClientFactory


def in_days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


@pytest.fixture
def http(client, caseworker):
    client.force_login(caseworker)
    return client


@pytest.fixture
def mine(client_record, caseworker):
    return {
        "overdue": DeadlineFactory(
            client=client_record, assignee=caseworker, title="Overdue one", due_on=in_days(-3)
        ),
        "soon": DeadlineFactory(
            client=client_record, assignee=caseworker, title="Soon one", due_on=in_days(14)
        ),
        "later": DeadlineFactory(
            client=client_record, assignee=caseworker, title="Later one", due_on=in_days(15)
        ),
        "done": DeadlineFactory(
            client=client_record,
            assignee=caseworker,
            title="Done one",
            due_on=in_days(-10),
            done_at=timezone.now(),
            done_by=caseworker,
        ),
        "voided": DeadlineFactory(
            client=client_record,
            assignee=caseworker,
            title="Voided one",
            due_on=in_days(-10),
            voided_at=timezone.now(),
        ),
    }


def test_deadline_list_groups_overdue_soon_later(http, mine):
    response = http.get(reverse("cases:deadline_list"))
    groups = response.context["groups"]
    assert groups.overdue == [mine["overdue"]]
    assert groups.soon == [mine["soon"]]
    assert groups.later == [mine["later"]]
    page = response.content.decode()
    assert page.index("Overdue one") < page.index("Soon one") < page.index("Later one")
    assert "Done one" not in page and "Voided one" not in page


def test_deadline_list_hides_clients_out_of_scope(http, caseworker, mine):
    # Assigned to me once, but the client is no longer mine: it is not shown.
    stranger = ClientFactory()
    AssignmentFactory(client=stranger)
    DeadlineFactory(client=stranger, assignee=caseworker, title="Not mine any more")
    response = http.get(reverse("cases:deadline_list"))
    assert "Not mine any more" not in response.content.decode()


def test_deadline_list_query_count_is_flat(
    http, client_record, caseworker, django_assert_max_num_queries
):
    for n in range(20):
        DeadlineFactory(client=client_record, assignee=caseworker, due_on=in_days(n - 5))
    with django_assert_max_num_queries(12):
        assert http.get(reverse("cases:deadline_list")).status_code == 200


def test_navigation_badge_counts_overdue(http, mine):
    response = http.get(reverse("cases:deadline_list"))
    assert response.context["overdue_deadline_count"] == 1
    assert '<span class="badge text-bg-danger">1<span class="visually-hidden"> overdue' in (
        response.content.decode()
    )


def test_no_badge_for_the_admin_role(client, admin):
    client.force_login(admin)
    response = client.get(reverse("dashboard"))
    assert "overdue_deadline_count" not in response.context


def test_dashboard_shows_overdue_and_next_14_days(http, mine):
    page = http.get(reverse("dashboard")).content.decode()
    assert "Overdue one" in page
    assert "Soon one" in page
    assert "Later one" not in page


def test_mark_done_from_the_list_and_undo(http, caseworker, mine):
    deadline = mine["overdue"]
    response = http.post(
        reverse("cases:deadline_done", args=[deadline.pk]),
        {"next": reverse("cases:deadline_list")},
    )
    assert response["Location"] == reverse("cases:deadline_list")
    deadline.refresh_from_db()
    assert deadline.done_by == caseworker
    http.post(reverse("cases:deadline_undone", args=[deadline.pk]))
    deadline.refresh_from_db()
    assert deadline.done_at is None


def test_mark_done_never_redirects_off_site(http, mine):
    response = http.post(
        reverse("cases:deadline_done", args=[mine["soon"].pk]), {"next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("clients:claim", args=[mine["soon"].client.reference])


def test_add_a_deadline_by_hand(http, client_record, caseworker):
    response = http.post(
        reverse("cases:deadline_add", args=[client_record.reference]),
        {"title": "Get the medical report", "due_on": in_days(7).isoformat()},
    )
    assert response.status_code == 302
    deadline = Deadline.objects.get(title="Get the medical report")
    assert deadline.assignee == caseworker
    assert deadline.source == Deadline.Source.MANUAL


def test_a_deadline_by_hand_in_the_past_is_refused(http, client_record):
    response = http.post(
        reverse("cases:deadline_add", args=[client_record.reference]),
        {"title": "Too late", "due_on": in_days(-1).isoformat()},
    )
    assert response.status_code == 200
    assert "This date has already passed" in response.content.decode()
    assert 'value="Too late"' in response.content.decode()
    assert not Deadline.objects.exists()


# -- calculator ------------------------------------------------------------------------------


def test_calculator_shows_each_rule_and_how(http):
    response = http.get(
        reverse("cases:calculator"), {"trigger": "decision_served", "date": "2026-03-20"}
    )
    page = response.content.decode()
    assert "Lodge the appeal to the Torture Claims Appeal Board" in page
    assert "2026-04-08" in page
    assert "Good Friday" in page
    assert "verify with counsel" in page


def test_calculator_months_rule(http):
    response = http.get(
        reverse("cases:calculator"), {"trigger": "appeal_decision", "date": "2026-07-01"}
    )
    assert "2026-10-02" in response.content.decode()  # 1 October is National Day


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"trigger": "decision_served", "date": "2026-02-31"}, "Enter a valid date."),
        ({"trigger": "nonsense", "date": "2026-03-01"}, "Select a valid choice."),
        ({"trigger": "decision_served", "date": "1066-10-14"}, "check the year"),
    ],
)
def test_calculator_bad_input(http, data, message):
    response = http.get(reverse("cases:calculator"), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert response.context["results"] is None


# -- calendar feed ---------------------------------------------------------------------------


def feed_url(user) -> str:
    return reverse("cases:calendar_feed", args=[services.calendar_token(user=user)])


def test_feed_lists_my_open_deadlines_by_reference_only(client, caseworker, client_record, mine):
    response = client.get(feed_url(caseworker))  # no session: calendar apps cannot sign in
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    body = response.content.decode()
    assert body.startswith("BEGIN:VCALENDAR")
    assert body.count("BEGIN:VEVENT") == 3
    assert f"SUMMARY:{client_record.reference}: Overdue one" in body
    assert client_record.family_name not in body
    assert client_record.given_name not in body
    assert "Done one" not in body and "Voided one" not in body


def test_feed_leaves_out_clients_outside_the_owners_scope(client, caseworker, other_client):
    DeadlineFactory(client=other_client, assignee=caseworker, title="Out of scope")
    assert "Out of scope" not in client.get(feed_url(caseworker)).content.decode()


def test_feed_has_only_the_owners_deadlines(client, caseworker, supervisor, mine):
    # The supervisor sees the client, but these deadlines are the caseworker's.
    assert "BEGIN:VEVENT" not in client.get(feed_url(supervisor)).content.decode()


def test_reset_kills_the_old_address(client, caseworker):
    old = feed_url(caseworker)
    client.force_login(caseworker)
    response = client.post(reverse("cases:calendar_reset"))
    assert response.status_code == 302
    assert client.get(old).status_code == 404
    assert client.get(feed_url(caseworker)).status_code == 200


@pytest.mark.parametrize("token", ["nonsense", "1-abc.forged", ""])
def test_forged_tokens_get_404(client, caseworker, token):
    services.calendar_token(user=caseworker)
    url = reverse("cases:calendar_feed", args=["x"]).replace("/x/", f"/{token}/")
    assert client.get(url).status_code == 404


def test_a_deactivated_owner_has_no_feed(client, caseworker):
    url = feed_url(caseworker)
    caseworker.is_active = False
    caseworker.save()
    assert client.get(url).status_code == 404


def test_calendar_settings_show_the_address(http, caseworker):
    page = http.get(reverse("cases:calendar_settings")).content.decode()
    assert services.calendar_token(user=caseworker) in page
