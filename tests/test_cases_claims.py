"""The claim: its timeline rules, its stage, and the claim tab's forms."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from cases import services
from cases.models import ClaimEvent, Deadline, EventKind, ProtectionClaim

from .cases_factories import ClaimEventFactory, ClaimFactory

D = datetime.date


@pytest.fixture
def claim(client_record, caseworker):
    return ClaimFactory(client=client_record, made_on=D(2025, 6, 2), created_by=caseworker)


@pytest.fixture
def http(client, caseworker):
    client.force_login(caseworker)
    return client


def record(claim, kind, on, by):
    return services.claim_event_record(claim=claim, kind=kind, on=on, by=by)[0]


# -- timeline rules --------------------------------------------------------------------------


def test_no_event_before_the_claim_was_made(claim, caseworker):
    with pytest.raises(ValidationError) as error:
        record(claim, EventKind.CLAIM_FORM_ISSUED, D(2025, 6, 1), caseworker)
    assert "The claim was made on 2025-06-02" in str(error.value)


def test_no_decision_in_the_future(claim, caseworker):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        record(claim, EventKind.DECISION_SERVED, tomorrow, caseworker)
    assert "A decision cannot be dated in the future" in str(error.value)


def test_an_interview_can_be_booked_ahead(claim, caseworker):
    ahead = timezone.localdate() + datetime.timedelta(days=10)
    assert record(claim, EventKind.SCREENING_INTERVIEW, ahead, caseworker).pk


def test_an_appeal_needs_a_decision_before_it(claim, caseworker):
    with pytest.raises(ValidationError) as error:
        record(claim, EventKind.APPEAL_LODGED, D(2026, 1, 5), caseworker)
    assert "needs the decision served" in str(error.value)
    record(claim, EventKind.DECISION_SERVED, D(2026, 1, 8), caseworker)
    with pytest.raises(ValidationError):  # still before the decision
        record(claim, EventKind.APPEAL_LODGED, D(2026, 1, 5), caseworker)
    assert record(claim, EventKind.APPEAL_LODGED, D(2026, 1, 9), caseworker).pk


def test_claim_made_event_stays_and_its_correction_moves_the_claim(claim, caseworker):
    made = claim.events.get(kind=EventKind.CLAIM_MADE)
    with pytest.raises(ValidationError):
        services.claim_event_remove(event=made)
    services.claim_event_correct(
        event=made, kind=EventKind.CLAIM_MADE, on=D(2025, 5, 30), note="", by=caseworker
    )
    claim.refresh_from_db()
    assert claim.made_on == D(2025, 5, 30)


def test_an_event_others_depend_on_cannot_be_removed(claim, caseworker):
    decision = record(claim, EventKind.DECISION_SERVED, D(2026, 1, 8), caseworker)
    record(claim, EventKind.APPEAL_LODGED, D(2026, 1, 9), caseworker)
    with pytest.raises(ValidationError) as error:
        services.claim_event_remove(event=decision)
    assert "Other events depend on this one" in str(error.value)


@pytest.mark.parametrize(
    ("kinds", "stage"),
    [
        ([], ProtectionClaim.Stage.CLAIM_MADE),
        ([EventKind.CLAIM_FORM_ISSUED], ProtectionClaim.Stage.CLAIM_FORM),
        ([EventKind.CLAIM_FORM_ISSUED, EventKind.CLAIM_FORM_RETURNED], "screening"),
        ([EventKind.DECISION_SERVED], ProtectionClaim.Stage.DECISION),
        ([EventKind.DECISION_SERVED, EventKind.APPEAL_LODGED], ProtectionClaim.Stage.APPEAL),
        (
            [EventKind.DECISION_SERVED, EventKind.APPEAL_LODGED, EventKind.APPEAL_DECISION],
            ProtectionClaim.Stage.APPEAL_DECIDED,
        ),
        ([EventKind.REMOVAL], ProtectionClaim.Stage.REMOVED),
    ],
)
def test_stage_is_derived_from_the_events(claim, caseworker, kinds, stage):
    for offset, kind in enumerate(kinds):
        record(claim, kind, D(2026, 1, 5) + datetime.timedelta(days=offset), caseworker)
    claim.refresh_from_db()
    assert claim.stage == stage


def test_removing_the_last_event_steps_the_stage_back(claim, caseworker):
    decision = record(claim, EventKind.DECISION_SERVED, D(2026, 1, 8), caseworker)
    services.claim_event_remove(event=decision)
    claim.refresh_from_db()
    assert claim.stage == ProtectionClaim.Stage.CLAIM_MADE


# -- pages -----------------------------------------------------------------------------------


def test_claim_tab_shows_the_timeline_and_stage(http, claim, caseworker):
    record(claim, EventKind.DECISION_SERVED, D(2026, 3, 20), caseworker)
    response = http.get(reverse("clients:claim", args=[claim.client.reference]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Decided by the Immigration Department" in page
    assert "Decision served" in page
    assert "2026-04-08" in page  # its deadline, Easter skipped
    assert "How this date was reached" in page


def test_claim_tab_without_a_claim_offers_to_record_one(http, client_record):
    response = http.get(reverse("clients:claim", args=[client_record.reference]))
    assert "Record the claim" in response.content.decode()


def test_record_a_claim(http, client_record):
    response = http.post(
        reverse("cases:claim_create", args=[client_record.reference]),
        {
            "made_on": "2025-06-02",
            "claim_number": "USM-12345",
            "country_of_feared_harm": "BD",
            "ground_torture": "on",
            "ground_persecution": "on",
        },
    )
    assert response.status_code == 302
    claim = client_record.claims.get()
    assert claim.claim_number == "USM-12345"
    assert claim.events.get().kind == EventKind.CLAIM_MADE
    assert not claim.ground_cidtp


def test_record_a_claim_in_the_future_is_refused(http, client_record):
    ahead = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
    response = http.post(
        reverse("cases:claim_create", args=[client_record.reference]),
        {"made_on": ahead, "claim_number": "KEEP-ME", "country_of_feared_harm": "BD"},
    )
    assert response.status_code == 200
    assert "This date is in the future." in response.content.decode()
    assert 'value="KEEP-ME"' in response.content.decode()
    assert not client_record.claims.exists()


def test_add_an_event_through_the_form(http, claim):
    response = http.post(
        reverse("cases:event_add", args=[claim.client.reference, claim.pk]),
        {"kind": EventKind.DECISION_SERVED, "date": "2026-03-20", "note": "served by post"},
        follow=True,
    )
    assert response.status_code == 200
    assert "New deadline: Lodge the appeal to the Torture Claims Appeal Board, due 2026-04-08" in (
        response.content.decode()
    )
    assert claim.events.filter(kind=EventKind.DECISION_SERVED, note="served by post").exists()


def test_add_an_event_before_the_claim_keeps_what_was_typed(http, claim):
    response = http.post(
        reverse("cases:event_add", args=[claim.client.reference, claim.pk]),
        {"kind": EventKind.CLAIM_FORM_ISSUED, "date": "2025-01-01", "note": "typed note"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "The claim was made on 2025-06-02" in page
    assert 'value="typed note"' in page
    assert 'value="2025-01-01"' in page
    assert claim.events.count() == 1


@pytest.mark.parametrize("bad_date", ["2026-02-30", "not a date", "0206-03-01"])
def test_impossible_dates_are_refused_clearly(http, claim, bad_date):
    response = http.post(
        reverse("cases:event_add", args=[claim.client.reference, claim.pk]),
        {"kind": EventKind.CLAIM_FORM_ISSUED, "date": bad_date},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Enter a valid date." in page or "check the year" in page
    assert claim.events.count() == 1


def test_future_decision_through_the_form(http, claim):
    ahead = (timezone.localdate() + datetime.timedelta(days=2)).isoformat()
    response = http.post(
        reverse("cases:event_add", args=[claim.client.reference, claim.pk]),
        {"kind": EventKind.DECISION_SERVED, "date": ahead},
    )
    assert "A decision cannot be dated in the future" in response.content.decode()


def test_correct_an_event_through_the_form_moves_the_deadline(http, claim, caseworker):
    event = record(claim, EventKind.DECISION_SERVED, D(2026, 3, 2), caseworker)
    response = http.post(
        reverse("cases:event_edit", args=[claim.client.reference, event.pk]),
        {
            "kind": EventKind.DECISION_SERVED,
            "date": "2026-03-20",
            "note": "",
            "version": event.updated_at.isoformat(),  # the version the form was opened at
        },
        follow=True,
    )
    assert "Deadline moved" in response.content.decode()
    assert Deadline.objects.get(event=event).due_on == D(2026, 4, 8)


def test_remove_an_event_through_the_form_voids_the_deadline(http, claim, caseworker):
    event = record(claim, EventKind.DECISION_SERVED, D(2026, 3, 2), caseworker)
    response = http.post(
        reverse("cases:event_remove", args=[claim.client.reference, event.pk]), follow=True
    )
    assert "1 deadline voided" in response.content.decode()
    assert Deadline.objects.get().voided_at is not None


def test_events_of_another_clients_claim_are_not_found(http, other_client, other_caseworker):
    foreign = ClaimEventFactory(claim=ClaimFactory(client=other_client))
    client_ref = foreign.claim.client.reference
    assert http.post(reverse("cases:event_remove", args=[client_ref, foreign.pk])).status_code == (
        404
    )
    assert ClaimEvent.objects.filter(pk=foreign.pk).exists()


def test_edit_claim_outcome(http, claim):
    response = http.post(
        reverse("cases:claim_edit", args=[claim.client.reference, claim.pk]),
        {
            "country_of_feared_harm": "PK",
            "ground_torture": "on",
            "outcome": "rejected",
            "version": claim.updated_at.isoformat(),
        },
    )
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.outcome == ProtectionClaim.Outcome.REJECTED


def test_edit_claim_without_any_ground_is_refused(http, claim):
    response = http.post(
        reverse("cases:claim_edit", args=[claim.client.reference, claim.pk]),
        {"country_of_feared_harm": "PK", "outcome": "rejected"},
    )
    assert response.status_code == 200
    assert "Tick at least one ground" in response.content.decode()


def test_a_correction_is_kept_in_the_clients_history(claim, caseworker):
    from auditlog.models import LogEntry

    event = record(claim, EventKind.DECISION_SERVED, D(2026, 3, 2), caseworker)
    services.claim_event_correct(
        event=event, kind=event.kind, on=D(2026, 3, 3), note="", by=caseworker
    )
    entry = LogEntry.objects.filter(
        additional_data__client_id=claim.client_id, object_pk=str(event.pk)
    ).latest("timestamp")
    assert entry.changes_dict["date"] == ["2026-03-02", "2026-03-03"]
