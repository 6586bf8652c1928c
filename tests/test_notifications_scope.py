"""A notification about a client who has since left the reader's caseload does not lead
to a 404: the list says so, and "Open" stays on the list."""

from django.urls import reverse
from django.utils import timezone

from cases.notifications.models import Notification


def notify(user, client):
    return Notification.objects.create(
        recipient=user,
        client=client,
        text=f"You were assigned {client.reference}.",
        url=client.get_absolute_url(),
    )


def test_a_client_still_in_the_caseload_opens(as_user, caseworker, client_record):
    notification = notify(caseworker, client_record)
    http = as_user(caseworker)
    page = http.get(reverse("cases:notification_list")).content.decode()
    assert "no longer in your caseload" not in page
    assert 'name="open"' in page
    response = http.post(reverse("cases:notification_read", args=[notification.pk]), {"open": "1"})
    assert response.status_code == 302
    assert response["Location"] == client_record.get_absolute_url()


def test_a_client_moved_away_is_said_so_and_not_linked(as_user, caseworker, client_record):
    notification = notify(caseworker, client_record)
    client_record.assignments.filter(worker=caseworker).update(ended_on=timezone.localdate())
    http = as_user(caseworker)
    page = http.get(reverse("cases:notification_list")).content.decode()
    assert "That client is no longer in your caseload." in page
    assert 'name="open"' not in page
    assert client_record.reference in page  # the notification itself stays readable
    response = http.post(
        reverse("cases:notification_read", args=[notification.pk]), {"open": "1"}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("cases:notification_list")
    assert "That client is no longer in your caseload." in response.content.decode()
    notification.refresh_from_db()
    assert notification.read_at is not None
