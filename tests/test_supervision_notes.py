"""Supervision notes on a client or a worker: supervisors of the team only."""

from django.urls import reverse

from supervision.models import SupervisionNote

from .supervision_factories import SupervisionNoteFactory


def test_supervisor_writes_and_reads_a_client_note(as_user, supervisor, client_record):
    url = reverse("supervision:client_notes", args=[client_record.reference])
    assert as_user(supervisor).post(url, {"body": "Check the risk plan weekly."}).status_code == 302
    note = SupervisionNote.objects.get()
    assert (note.client, note.author, note.worker) == (client_record, supervisor, None)
    assert "Check the risk plan weekly." in as_user(supervisor).get(url).content.decode()


def test_empty_note_is_refused(as_user, supervisor, client_record):
    url = reverse("supervision:client_notes", args=[client_record.reference])
    response = as_user(supervisor).post(url, {"body": ""})
    assert response.status_code == 200
    assert not SupervisionNote.objects.exists()


def test_caseworkers_never_see_supervision_notes(as_user, caseworker, supervisor, client_record):
    SupervisionNoteFactory(client=client_record, author=supervisor, body="Private remark")
    url = reverse("supervision:client_notes", args=[client_record.reference])
    assert as_user(caseworker).get(url).status_code == 404
    for page in ("clients:detail", "clients:notes"):
        body = as_user(caseworker).get(reverse(page, args=[client_record.reference]))
        assert "Private remark" not in body.content.decode()


def test_worker_note(as_user, supervisor, other_supervisor, caseworker, teams):
    url = reverse("supervision:worker_notes", args=[caseworker.pk])
    assert as_user(supervisor).post(url, {"body": "Doing well"}).status_code == 302
    assert SupervisionNote.objects.get().worker == caseworker
    assert "Doing well" in as_user(supervisor).get(url).content.decode()
    assert as_user(other_supervisor).get(url).status_code == 404
    assert as_user(caseworker).get(url).status_code == 404
