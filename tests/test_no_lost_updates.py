"""No lost updates beyond client details and notes: claims and legal aid too."""

from django.urls import reverse

from .cases_factories import ClaimFactory, LegalAidFactory


def claim_data(claim, **overrides) -> dict:
    return {
        "claim_number": claim.claim_number,
        "country_of_feared_harm": "PK",
        "ground_torture": "on",
        "outcome": "pending",
        "notes": claim.notes,
        "version": claim.updated_at.isoformat(),
    } | overrides


def test_stale_claim_edit_is_refused_and_names_the_other_change(
    client, caseworker, supervisor, client_record
):
    claim = ClaimFactory(client=client_record, created_by=caseworker, claim_number="")
    opened = claim_data(claim)
    url = reverse("cases:claim_edit", args=[client_record.reference, claim.pk])
    client.force_login(supervisor)
    assert client.post(url, opened | {"claim_number": "NRC-2026-101"}).status_code == 302

    client.force_login(caseworker)
    response = client.post(url, opened | {"notes": "Interview rescheduled."})
    body = response.content.decode()
    assert response.status_code == 200
    assert "saved this record after you opened it" in body
    assert str(supervisor) in body
    assert "NRC-2026-101" in body  # their change, merged into the form
    assert "Interview rescheduled." in body  # the caseworker's input, kept
    claim.refresh_from_db()
    assert claim.claim_number == "NRC-2026-101"
    assert claim.notes == ""

    assert client.post(url, response.context["form"].data).status_code == 302
    claim.refresh_from_db()
    assert claim.claim_number == "NRC-2026-101"
    assert claim.notes == "Interview rescheduled."


def test_a_fresh_edit_saves(client, caseworker, client_record):
    application = LegalAidFactory(client=client_record, created_by=caseworker)
    url = reverse("cases:legal_aid_edit", args=[client_record.reference, application.pk])
    client.force_login(caseworker)
    form = client.get(url).context["form"]
    assert form["version"].value() == application.updated_at.isoformat()


def test_stale_household_edit_is_refused(client, caseworker, supervisor, client_record):
    from .factories import DependantFactory

    member = DependantFactory(client=client_record, name="Bilal")
    url = reverse("clients:dependant_edit", args=[client_record.reference, member.pk])
    opened = {
        "name": "Bilal",
        "relationship": "child",
        "in_hong_kong": "on",
        "version": member.updated_at.isoformat(),
    }
    client.force_login(supervisor)
    assert client.post(url, opened | {"date_of_birth": "2019-02-01"}).status_code == 302
    client.force_login(caseworker)
    response = client.post(url, opened | {"notes": "Attends primary school."})
    assert "saved this record after you opened it" in response.content.decode()
    member.refresh_from_db()
    assert member.notes == ""
    assert str(member.date_of_birth) == "2019-02-01"
