"""Data access requests: everything held about one client, to supervisors only."""

import json

from auditlog.models import LogEntry
from django.urls import reverse

from .factories import AliasFactory, ConsentFactory, DependantFactory, NoteFactory


def test_export_holds_everything_about_the_client(client, supervisor, caseworker, client_record):
    AliasFactory(client=client_record, name="Aisha Rehman")
    DependantFactory(client=client_record, name="Bilal Rahman")
    ConsentFactory(client=client_record, recorded_by=caseworker)
    NoteFactory(client=client_record, author=caseworker, body="Claim form reviewed.")
    client.force_login(supervisor)

    page = client.get(reverse("clients:data_export", args=[client_record.reference]))
    body = page.content.decode()
    for text in ("Rahman", "Aisha Rehman", "Bilal Rahman", "Claim form reviewed.", "1990-05-17"):
        assert text in body

    response = client.get(reverse("clients:data_export_json", args=[client_record.reference]))
    assert response["Content-Disposition"].startswith("attachment")
    data = json.loads(response.content)
    assert data["reference"] == client_record.reference
    assert data["fields"]["family name"] == "Rahman"
    assert [a["fields"]["name"] for a in data["related"]["aliases"]] == ["Aisha Rehman"]
    assert data["related"]["case notes"][0]["fields"]["note"] == "Claim form reviewed."
    assert LogEntry.objects.filter(
        actor=supervisor,
        additional_data__what="export",
        additional_data__client_id=client_record.pk,
    ).exists()


def test_export_is_for_supervisors_in_scope(client, caseworker, other_supervisor, client_record):
    url = reverse("clients:data_export", args=[client_record.reference])
    client.force_login(caseworker)
    assert client.get(url).status_code == 404
    client.force_login(other_supervisor)
    assert client.get(url).status_code == 404
