"""The notification list, the unread badge and the reusable `notify` service."""

import pytest
from django.core import mail
from django.urls import reverse

from cases.notifications.models import Notification
from cases.notifications.services import notify


@pytest.fixture
def notices(supervisor, caseworker, client_record):
    mine = [
        Notification.objects.create(
            recipient=supervisor, client=client_record, text=f"Notice {n}", url="/clients/"
        )
        for n in range(3)
    ]
    theirs = Notification.objects.create(recipient=caseworker, text="Not for the supervisor")
    return mine, theirs


def test_the_list_shows_only_ones_own(as_user, supervisor, notices):
    page = as_user(supervisor).get(reverse("cases:notification_list")).content.decode()
    assert "Notice 0" in page and "Notice 2" in page
    assert "Not for the supervisor" not in page


def test_the_badge_counts_unread_with_one_query(
    as_user, supervisor, notices, django_assert_num_queries
):
    from django.test import RequestFactory

    from cases.context_processors import deadlines

    request = RequestFactory().get("/")
    request.user = supervisor
    supervisor.role_names  # noqa: B018 (roles are read once per request, not by the badge)
    with django_assert_num_queries(1):
        assert str(deadlines(request)["unread_notification_count"]) == "3"
    page = as_user(supervisor).get(reverse("dashboard")).content.decode()
    assert '3<span class="visually-hidden"> unread' in page


def test_mark_read_and_open(as_user, supervisor, notices):
    mine, _theirs = notices
    http = as_user(supervisor)
    response = http.post(reverse("cases:notification_read", args=[mine[0].pk]), {"open": "1"})
    assert response.url == "/clients/"
    mine[0].refresh_from_db()
    assert mine[0].read_at is not None
    http.post(reverse("cases:notification_read_all"))
    assert not Notification.objects.filter(recipient=supervisor, read_at__isnull=True).exists()


def test_someone_elses_notification_is_404(as_user, supervisor, notices):
    _mine, theirs = notices
    response = as_user(supervisor).post(reverse("cases:notification_read", args=[theirs.pk]))
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_an_outside_link_is_not_followed(as_user, supervisor):
    notice = Notification.objects.create(recipient=supervisor, text="x", url="https://evil.test/")
    response = as_user(supervisor).post(
        reverse("cases:notification_read", args=[notice.pk]), {"open": "1"}
    )
    assert response.url == reverse("cases:notification_list")


def test_notify_skips_inactive_and_duplicates_and_emails_after_commit(
    supervisor, other_supervisor, client_record, django_capture_on_commit_callbacks
):
    other_supervisor.is_active = False
    other_supervisor.save()
    with django_capture_on_commit_callbacks(execute=True):
        rows = notify(
            recipients=[supervisor, supervisor, other_supervisor],
            client=client_record,
            kind=Notification.Kind.OTHER,
            text="Ayesha Rahman's appeal decision arrived",
            url="/",
        )
    assert [r.recipient for r in rows] == [supervisor]
    assert len(mail.outbox) == 1
    assert "Rahman" not in mail.outbox[0].body and "appeal" not in mail.outbox[0].body
    assert client_record.reference in mail.outbox[0].subject


def test_notify_without_email(supervisor, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipients=[supervisor], client=None, kind="other", text="Hello", email=False)
    assert Notification.objects.count() == 1
    assert mail.outbox == []
