"""The printable summary for a referral or a lawyer: chosen measures and dates, on a
recorded consent, never session notes or risk detail."""

from django.urls import reverse
from django.utils import timezone

from clients.models import Consent

from .factories import ConsentFactory
from .psychosocial_factories import (
    AssessmentFactory,
    AttendanceFactory,
    RiskAssessmentFactory,
    SessionFactory,
    answers_for,
    days_ago,
)


def url(client):
    return reverse("cases:psychosocial_summary", args=[client.reference])


def sharing(client, by, *, given=True, on=None, scope="Harbour Law (fictional)"):
    return ConsentFactory(
        client=client,
        kind=Consent.Kind.REFERRAL_SHARING,
        scope=scope,
        given=given,
        on=on or days_ago(10),
        recorded_by=by,
    )


def test_without_consent_to_share_there_is_no_summary(as_user, psychosocial_worker, client_record):
    page = as_user(psychosocial_worker).get(url(client_record)).content.decode()
    assert "no consent to share in force" in page
    assert 'name="recipient"' not in page


def test_a_withdrawn_consent_does_not_count(as_user, psychosocial_worker, client_record):
    sharing(client_record, psychosocial_worker, on=days_ago(20))
    sharing(client_record, psychosocial_worker, given=False, on=days_ago(5))
    page = as_user(psychosocial_worker).get(url(client_record)).content.decode()
    assert "no consent to share in force" in page


def test_summary_carries_chosen_measures_and_no_notes(as_user, psychosocial_worker, client_record):
    consent = sharing(client_record, psychosocial_worker)
    session = SessionFactory(worker=psychosocial_worker)
    AttendanceFactory(session=session, client=client_record, note="INDIVIDUAL-NOTE")
    RiskAssessmentFactory(client=client_record, safety_plan="SAFETY-PLAN-TEXT")
    AssessmentFactory(client=client_record, taken_on=days_ago(60), answers=answers_for("phq9", 18))
    AssessmentFactory(client=client_record, taken_on=days_ago(30), answers=answers_for("phq9", 11))
    AssessmentFactory(client=client_record, instrument="gad7", answers=answers_for("gad7", 16))
    AssessmentFactory(client=client_record, taken_on=days_ago(400), answers=answers_for("phq9", 25))
    response = as_user(psychosocial_worker).get(
        url(client_record),
        {
            "consent": consent.pk,
            "recipient": "Ms Chan, Harbour Law",
            "instruments": ["phq9"],
            "since": days_ago(90).isoformat(),
            "until": timezone.localdate().isoformat(),
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Ms Chan, Harbour Law" in page
    assert "Harbour Law (fictional)" in page  # the consent relied on
    assert days_ago(60).isoformat() in page and "18/27" in page
    assert days_ago(30).isoformat() in page and "11/27" in page
    assert "25/27" not in page  # outside the dates
    assert "GAD-7" not in page  # not chosen
    for secret in ("CONFIDENTIAL-SESSION-NOTE", "INDIVIDUAL-NOTE", "SAFETY-PLAN-TEXT", "Sleep"):
        assert secret not in page


def test_summary_needs_a_choice_and_sane_dates(as_user, psychosocial_worker, client_record):
    consent = sharing(client_record, psychosocial_worker)
    response = as_user(psychosocial_worker).get(
        url(client_record),
        {
            "consent": consent.pk,
            "recipient": "Lawyer",
            "since": days_ago(1).isoformat(),
            "until": days_ago(5).isoformat(),
        },
    )
    errors = response.context["form"].errors
    assert "instruments" in errors
    assert "cannot come before" in str(errors["until"])
