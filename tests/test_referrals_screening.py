"""Forced-labour screening (ILO's 11 indicators) and interpreters: roster, preferences,
who served, and the warnings."""

import datetime
import random
from io import StringIO
from urllib.parse import parse_qs, urlparse

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from referrals import demo, rules
from referrals.models import (
    ForcedLabourScreening,
    Indicator,
    IndicatorAnswer,
    InterpreterBooking,
    InterpreterPreference,
    PartnerOrganisation,
    Referral,
    Service,
)

from .factories import AssignmentFactory, ClientFactory, TeamFactory, UserFactory
from .referrals_factories import InterpreterFactory, PartnerFactory

TODAY = timezone.localdate


def test_there_are_eleven_ilo_indicators():
    assert len(Indicator.values) == 11
    assert Indicator.RETENTION_OF_DOCUMENTS.label == "Retention of identity documents"


def test_indicators_present_rule():
    answers = dict.fromkeys(Indicator.values, "absent") | {
        Indicator.DEBT_BONDAGE: "present",
        Indicator.DECEPTION: "present",
        Indicator.ISOLATION: "unknown",
    }
    assert rules.indicators_present(answers) == [Indicator.DECEPTION, Indicator.DEBT_BONDAGE]


def form_data(present=(), evidence="Passport kept by the agency", **extra) -> dict:
    data = {"screened_on": TODAY().isoformat(), "work_context": "Domestic work, Tai Po"}
    for indicator in Indicator.values:
        data[f"{indicator}_answer"] = "present" if indicator in present else "absent"
        data[f"{indicator}_evidence"] = evidence if indicator in present else ""
    return data | extra


@pytest.fixture
def screen_url(client_record):
    return reverse("referrals:screening_create", args=[client_record.reference])


def test_no_indicator_no_flag(caseworker, as_user, screen_url, client_record):
    response = as_user(caseworker).post(screen_url, form_data(), follow=True)
    assert "No indicator present" in response.content.decode()
    screening = ForcedLabourScreening.objects.get()
    assert (screening.indicators_present, screening.legal_review_needed) == (0, False)
    assert screening.answers.count() == 11


def test_indicator_present_flags_and_proposes_a_referral(
    caseworker, as_user, screen_url, client_record
):
    trafficking = Service.objects.get(slug="anti-trafficking")
    network = PartnerFactory(name="Safe Passage Network", services=[trafficking])
    http = as_user(caseworker)
    response = http.post(
        screen_url,
        form_data(present=[Indicator.RETENTION_OF_DOCUMENTS, Indicator.WITHHOLDING_OF_WAGES]),
        follow=True,
    )
    body = response.content.decode()
    assert "flagged for legal review" in body
    assert "Safe Passage Network" in body
    screening = ForcedLabourScreening.objects.get()
    assert (screening.indicators_present, screening.legal_review_needed) == (2, True)
    present = screening.answers.get(indicator=Indicator.RETENTION_OF_DOCUMENTS)
    assert present.evidence == "Passport kept by the agency"

    tab = http.get(reverse("clients:referrals", args=[client_record.reference]))
    assert "Flagged for legal review" in tab.content.decode()

    # The proposal: a prefilled outbound referral linked to the screening.
    proposal = urlparse(response.context["propose_url"])
    assert parse_qs(proposal.query)["screening"] == [str(screening.pk)]
    form = http.get(response.context["propose_url"]).context["form"]
    assert form.initial["service"] == trafficking
    assert "retention of identity documents" in form.initial["reason"]
    made = http.post(
        response.context["propose_url"],
        {
            "partner": network.pk,
            "service": trafficking.pk,
            "reason": form.initial["reason"],
            "urgency": "urgent",
        },
    )
    assert made.status_code == 302
    assert Referral.objects.get().screening == screening


def test_present_without_evidence_is_refused_and_keeps_answers(caseworker, as_user, screen_url):
    response = as_user(caseworker).post(
        screen_url, form_data(present=[Indicator.ISOLATION], evidence="", notes="Typed note")
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Say what shows this indicator is present." in body
    assert "Typed note" in body
    assert not ForcedLabourScreening.objects.exists()


def test_every_indicator_must_be_answered(caseworker, as_user, screen_url):
    data = form_data()
    del data[f"{Indicator.DEBT_BONDAGE}_answer"]
    response = as_user(caseworker).post(screen_url, data)
    assert response.status_code == 200
    assert not ForcedLabourScreening.objects.exists()


def test_future_date_refused(caseworker, as_user, screen_url):
    future = (TODAY() + datetime.timedelta(days=3)).isoformat()
    response = as_user(caseworker).post(screen_url, form_data(screened_on=future))
    assert "This date is in the future." in response.content.decode()


@pytest.fixture
def flagged(client_record, caseworker):
    from referrals import services

    answers = dict.fromkeys(Indicator.values, ("absent", ""))
    answers[Indicator.DEBT_BONDAGE] = ("present", "Owes HK$20,000 to the agency")
    return services.screening_record(
        client=client_record, by=caseworker, screened_on=TODAY(), answers=answers
    )


def test_legal_review_clears_the_flag(flagged, caseworker, as_user, client_record):
    http = as_user(caseworker)
    url = reverse("referrals:screening_review", args=[client_record.reference, flagged.pk])
    assert http.post(url, {"note": ""}).status_code == 200  # a note is required
    assert http.post(url, {"note": "Advised on a labour tribunal claim."}).status_code == 302
    flagged.refresh_from_db()
    assert flagged.reviewed_by == caseworker
    assert not flagged.awaiting_review
    tab = http.get(reverse("clients:referrals", args=[client_record.reference]))
    assert "Flagged for legal review" not in tab.content.decode()


def test_psychosocial_worker_cannot_record_legal_review(
    flagged, psychosocial_worker, as_user, client_record
):
    http = as_user(psychosocial_worker)
    page = http.get(flagged.get_absolute_url())
    assert page.context["can_review"] is False
    url = reverse("referrals:screening_review", args=[client_record.reference, flagged.pk])
    response = http.post(url, {"note": "x"}, follow=True)
    assert "A legal caseworker or a supervisor records the legal review." in (
        response.content.decode()
    )
    flagged.refresh_from_db()
    assert flagged.awaiting_review


def test_screenings_awaiting_review_on_my_referrals_page(
    flagged, supervisor, other_supervisor, as_user
):
    assert as_user(supervisor).get(reverse("referrals:list")).context["screenings"] == [flagged]
    assert as_user(other_supervisor).get(reverse("referrals:list")).context["screenings"] == []


def test_screening_of_another_teams_client_is_not_found(flagged, other_caseworker, as_user):
    assert as_user(other_caseworker).get(flagged.get_absolute_url()).status_code == 404


def test_present_needs_evidence_in_the_database(flagged):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        IndicatorAnswer.objects.filter(screening=flagged, answer="present").update(evidence="")


# -- Interpreters -----------------------------------------------------------------------


def preference(**kwargs):
    return InterpreterPreference(language="Urdu", **kwargs)


def test_warnings_rule():
    good = InterpreterFactory.build(languages="Urdu, Punjabi", dialects="Saraiki", gender="female")
    assert rules.interpreter_warnings(good, preference=preference()) == []
    assert (
        rules.interpreter_warnings(good, preference=preference(dialect="saraiki", gender="female"))
        == []
    )
    no_undertaking = InterpreterFactory.build(undertaking_signed_on=None, name="Joy")
    assert rules.interpreter_warnings(no_undertaking) == [
        "Joy has no signed confidentiality undertaking on file."
    ]
    wrong = InterpreterFactory.build(name="Imran", languages="Bengali", gender="male")
    assert rules.interpreter_warnings(
        wrong, preference=preference(dialect="Sylheti", gender="female")
    ) == [
        "Imran does not interpret in Urdu, the client's language.",
        "Imran does not list the Sylheti dialect the client asked for.",
        "The client asked for a female interpreter.",
    ]
    late = InterpreterFactory.build(name="Nadia", undertaking_signed_on=TODAY())
    assert (
        "signed the confidentiality undertaking only on"
        in rules.interpreter_warnings(late, on=TODAY() - datetime.timedelta(days=1))[0]
    )


def test_roster_warns_of_missing_undertakings(caseworker, as_user):
    InterpreterFactory(name="Joy Dela Cruz", undertaking_signed_on=None)
    InterpreterFactory(name="Nadia Hussain")
    InterpreterFactory(name="Gone Away", active=False)
    response = as_user(caseworker).get(reverse("referrals:interpreters"))
    body = response.content.decode()
    assert "Joy Dela Cruz has no signed confidentiality undertaking on file." in body
    assert "Nadia Hussain has no signed" not in body
    assert "Gone Away" not in body
    assert (
        "Gone Away"
        in as_user(caseworker)
        .get(reverse("referrals:interpreters"), {"inactive": "on"})
        .content.decode()
    )
    filtered = as_user(caseworker).get(reverse("referrals:interpreters"), {"gender": "zzz"})
    assert filtered.status_code == 200


def test_preference_then_booking_with_warnings(caseworker, as_user, client_record):
    matching = InterpreterFactory(name="Nadia Hussain", languages="Urdu", gender="female")
    wrong = InterpreterFactory(name="Imran Qureshi", languages="Punjabi", gender="male")
    http = as_user(caseworker)
    ref = client_record.reference
    response = http.post(
        reverse("referrals:interpreter_preference", args=[ref]),
        {"language": "Urdu", "dialect": "", "gender": "female", "notes": ""},
    )
    assert response.status_code == 302
    assert InterpreterPreference.objects.get(client=client_record).gender == "female"

    page = http.get(reverse("referrals:client_interpreters", args=[ref])).content.decode()
    assert "Imran Qureshi does not interpret in Urdu" in page

    url = reverse("referrals:booking_create", args=[ref])
    data = {"interpreter": wrong.pk, "on": TODAY().isoformat(), "kind": "interview", "notes": "n"}
    response = http.post(url, data)
    body = response.content.decode()
    assert response.status_code == 200
    assert "The client asked for a female interpreter." in body
    assert "tick the box to record anyway" in body
    assert not InterpreterBooking.objects.exists()

    assert http.post(url, data | {"acknowledge_warnings": "on"}).status_code == 302
    booking = InterpreterBooking.objects.get()
    assert "does not interpret in Urdu" in booking.warnings

    assert http.post(url, data | {"interpreter": matching.pk}).status_code == 302
    assert InterpreterBooking.objects.get(interpreter=matching).warnings == ""


def test_inactive_interpreter_cannot_be_recorded(caseworker, as_user, client_record):
    gone = InterpreterFactory(active=False)
    response = as_user(caseworker).post(
        reverse("referrals:booking_create", args=[client_record.reference]),
        {"interpreter": gone.pk, "on": TODAY().isoformat(), "kind": "meeting"},
    )
    assert "Select a valid choice" in response.content.decode()


def test_preference_needs_a_language(caseworker, as_user, client_record):
    response = as_user(caseworker).post(
        reverse("referrals:interpreter_preference", args=[client_record.reference]),
        {"language": "", "dialect": "Sylheti"},
    )
    assert response.status_code == 200
    assert "Sylheti" in response.content.decode()
    assert not InterpreterPreference.objects.exists()


# -- Demo data ------------------------------------------------------------------------------


@pytest.fixture
def demo_world(db):
    caseworker = UserFactory(username="demo-caseworker", roles=[Role.LEGAL])
    counsellor = UserFactory(username="demo-psychosocial", roles=[Role.PSYCHOSOCIAL])
    supervisor = UserFactory(username="demo-supervisor", roles=[Role.SUPERVISOR])
    other = UserFactory(username="demo-farah-siddiqui", roles=[Role.LEGAL])
    TeamFactory(members=[caseworker, counsellor], supervisors=[supervisor])
    for _ in range(8):  # the fewest the demo needs
        AssignmentFactory(client=ClientFactory(created_by=caseworker), worker=caseworker)
    for _ in range(5):
        AssignmentFactory(client=ClientFactory(created_by=other), worker=other)


def test_demo_seed_has_every_state_and_is_idempotent(demo_world):
    out = StringIO()
    demo.seed(rng=random.Random(2026), stdout=out)
    for direction in ("outbound", "internal"):
        statuses = Referral.objects.filter(direction=direction).values_list("status", flat=True)
        assert set(statuses) == set(Referral.Status.values), direction
    assert set(Referral.objects.values_list("direction", flat=True)) == set(
        Referral.Direction.values
    )
    assert Referral.objects.filter(direction="inbound", client__isnull=True).exists()
    assert ForcedLabourScreening.objects.filter(legal_review_needed=True).count() == 2
    assert PartnerOrganisation.objects.filter(active=False).count() == 1
    assert all(p.services.exists() for p in PartnerOrganisation.objects.all())
    counts = (Referral.objects.count(), PartnerOrganisation.objects.count())
    demo.seed(rng=random.Random(7), stdout=out)
    assert (Referral.objects.count(), PartnerOrganisation.objects.count()) == counts
    assert "already present" in out.getvalue()


def test_demo_seed_without_clients_adds_only_reference_data(db):
    demo.seed(rng=random.Random(1), stdout=StringIO())
    assert PartnerOrganisation.objects.count() == len(demo.PARTNERS)
    assert not Referral.objects.exists()
