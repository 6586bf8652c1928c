"""Closure: the caseworker asks, a supervisor approves or returns; a closed file leaves the
working lists, keeps its record, and can be reopened with a reason."""

import pytest
from django.urls import reverse
from django.utils import timezone

from clients.models import Client
from supervision.models import ClientReopening, ClosureRequest

from .supervision_factories import ClosureRequestFactory


def request_closure(http, client, **data):
    return http.post(
        reverse("supervision:client_closure", args=[client.reference]),
        {"outcome": "services_completed", "reason": "Needs met", **data},
    )


def test_caseworker_requests_and_supervisor_approves(
    as_user, caseworker, supervisor, client_record
):
    assert request_closure(as_user(caseworker), client_record).status_code == 302
    closure = ClosureRequest.objects.get()
    assert (closure.requested_by, closure.status) == (caseworker, ClosureRequest.Status.REQUESTED)
    client_record.refresh_from_db()
    assert client_record.status == Client.Status.ACTIVE  # not closed until approved
    response = as_user(supervisor).post(
        reverse("supervision:closure_decide", args=[closure.pk]), {"decision": "approve"}
    )
    assert response.status_code == 302
    client_record.refresh_from_db()
    assert client_record.status == Client.Status.CLOSED
    assert client_record.closed_on == timezone.localdate()
    assert client_record.closure_approved_by == supervisor
    assert client_record.closure_reason == "Services completed, needs met: Needs met"
    closure.refresh_from_db()
    assert (closure.status, closure.decided_by) == (ClosureRequest.Status.APPROVED, supervisor)
    # It leaves the working lists but keeps its record.
    listing = as_user(caseworker).get(reverse("clients:list"))
    assert client_record not in listing.context["page"].object_list
    assert as_user(caseworker).get(client_record.get_absolute_url()).status_code == 200
    assert client_record.assignments.filter(ended_on__isnull=True).count() == 2


def test_supervisor_returns_with_a_comment_and_the_worker_is_told(
    as_user, caseworker, supervisor, client_record, mailoutbox, django_capture_on_commit_callbacks
):
    closure = ClosureRequestFactory(client=client_record, requested_by=caseworker)
    url = reverse("supervision:closure_decide", args=[closure.pk])
    empty = as_user(supervisor).post(url, {"decision": "return", "comment": " "})
    assert empty.status_code == 200
    assert "Say what is missing" in empty.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = as_user(supervisor).post(
            url, {"decision": "return", "comment": "Record the housing referral outcome first."}
        )
    assert response.status_code == 302
    closure.refresh_from_db()
    assert closure.status == ClosureRequest.Status.RETURNED
    client_record.refresh_from_db()
    assert client_record.status == Client.Status.ACTIVE
    assert [m.to for m in mailoutbox] == [[caseworker.email]]
    assert client_record.reference in mailoutbox[0].subject
    assert client_record.family_name not in mailoutbox[0].body
    page = as_user(caseworker).get(
        reverse("supervision:client_closure", args=[client_record.reference])
    )
    assert "Record the housing referral outcome first." in page.content.decode()
    # Returned, the caseworker may ask again.
    assert request_closure(as_user(caseworker), client_record).status_code == 302
    assert ClosureRequest.objects.filter(status="requested").count() == 1


def test_a_second_request_while_one_waits_is_refused(as_user, caseworker, client_record):
    ClosureRequestFactory(client=client_record, requested_by=caseworker)
    response = request_closure(as_user(caseworker), client_record)
    assert response.status_code == 200
    assert ClosureRequest.objects.count() == 1


@pytest.mark.parametrize(
    "data", [{"reason": ""}, {"outcome": "finished-somehow"}], ids=["no reason", "bad outcome"]
)
def test_closure_request_bad_input(as_user, caseworker, client_record, data):
    response = request_closure(as_user(caseworker), client_record, **data)
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not ClosureRequest.objects.exists()


def test_caseworker_cannot_decide(as_user, caseworker, client_record):
    closure = ClosureRequestFactory(client=client_record, requested_by=caseworker)
    response = as_user(caseworker).post(
        reverse("supervision:closure_decide", args=[closure.pk]), {"decision": "approve"}
    )
    assert response.status_code == 404
    client_record.refresh_from_db()
    assert client_record.status == Client.Status.ACTIVE


def test_other_teams_supervisor_cannot_decide(as_user, other_supervisor, caseworker, client_record):
    closure = ClosureRequestFactory(client=client_record, requested_by=caseworker)
    response = as_user(other_supervisor).post(
        reverse("supervision:closure_decide", args=[closure.pk]), {"decision": "approve"}
    )
    assert response.status_code == 404


def test_reopen_with_a_reason_keeps_the_closure_on_record(as_user, supervisor, client_record):
    client_record.status = Client.Status.CLOSED
    client_record.closed_on = timezone.localdate()
    client_record.closure_reason = "Lost contact: no answer for 6 months"
    client_record.closure_approved_by = supervisor
    client_record.save()
    url = reverse("supervision:client_reopen", args=[client_record.reference])
    empty = as_user(supervisor).post(url, {"reason": ""})
    assert empty.status_code == 200
    assert not ClientReopening.objects.exists()
    assert as_user(supervisor).post(url, {"reason": "Client came back"}).status_code == 302
    client_record.refresh_from_db()
    assert client_record.status == Client.Status.ACTIVE
    assert client_record.closed_on is None
    reopening = ClientReopening.objects.get()
    assert reopening.previous_closure_reason == "Lost contact: no answer for 6 months"
    assert reopening.reason == "Client came back"
    again = as_user(supervisor).post(url, {"reason": "twice"})
    assert "Only a closed file can be reopened." in again.content.decode()


def test_client_page_offers_closure(as_user, caseworker, client_record):
    page = as_user(caseworker).get(client_record.get_absolute_url()).content.decode()
    assert reverse("supervision:client_closure", args=[client_record.reference]) in page
