"""The risk flag: raised by a moderate or high level or PHQ-9 item 9 above 0, shown on
every page, told to the supervisors, cleared only by a later assessment."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from cases.notifications.models import Notification
from cases.psychosocial.models import ClientRiskFlag, RiskAssessment
from cases.psychosocial.services import FlagChange, assessment_record, risk_assessment_record

from .psychosocial_factories import answers_for, days_ago

NO_TO_ALL = {
    "wish_to_be_dead": "no",
    "suicidal_thoughts": "no",
    "method": "no",
    "intent": "no",
    "plan": "no",
    "behaviour": "no",
}


def risk_data(**overrides) -> dict:
    return {
        "assessed_on": timezone.localdate().isoformat(),
        **NO_TO_ALL,
        "level": "none",
        "safety_plan": "",
        "notes": "",
    } | overrides


def url(client):
    return reverse("cases:risk_add", args=[client.reference])


def flag_of(client) -> ClientRiskFlag | None:
    return ClientRiskFlag.objects.filter(client=client).first()


def test_high_risk_flags_the_client_and_tells_the_supervisors(
    as_user,
    psychosocial_worker,
    caseworker,
    supervisor,
    other_supervisor,
    client_record,
    django_capture_on_commit_callbacks,
):
    data = risk_data(
        suicidal_thoughts="yes",
        intent="yes",
        level="high",
        safety_plan="Sister's number; crisis line; medication with the sister.",
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = as_user(psychosocial_worker).post(url(client_record), data)
    assert response.status_code == 302
    flag = flag_of(client_record)
    assert flag.flagged and flag.level == "high"
    assert flag.raised_on == timezone.localdate()
    # The team's supervisor, not the other team's.
    notice = Notification.objects.get()
    assert notice.recipient == supervisor
    assert notice.kind == Notification.Kind.RISK_FLAG
    assert client_record.reference in notice.text
    assert not Notification.objects.filter(recipient=other_supervisor).exists()
    # The email names the reference only: no name, no clinical detail.
    assert [m.to for m in mail.outbox] == [[supervisor.email]]
    email = mail.outbox[0]
    text = email.subject + email.body
    assert client_record.reference in text
    for secret in ("Rahman", "Ayesha", "high", "risk", "suicid", "Sister"):
        assert secret.lower() not in text.lower()
    # The banner, for the legal caseworker on the same client.
    page = as_user(caseworker).get(reverse("clients:detail", args=[client_record.reference]))
    assert b"Flagged at risk" in page.content


def test_nothing_is_emailed_when_the_change_rolls_back(
    psychosocial_worker, client_record, supervisor, django_capture_on_commit_callbacks
):
    risk = RiskAssessment(
        assessed_on=timezone.localdate(), level="moderate", safety_plan="Plan", method=True
    )
    for name in ("wish_to_be_dead", "suicidal_thoughts", "intent", "plan", "behaviour"):
        setattr(risk, name, False)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        risk_assessment_record(risk=risk, client=client_record, by=psychosocial_worker)
    assert len(callbacks) == 1  # queued for after the commit, not sent inside it
    assert mail.outbox == []


def test_phq9_item9_above_zero_flags_and_asks_for_a_risk_screen(
    as_user, psychosocial_worker, supervisor, client_record
):
    answers = [0] * 8 + [1]
    data = {"taken_on": timezone.localdate().isoformat()}
    data |= {f"item_{n}": str(a) for n, a in enumerate(answers, start=1)}
    response = as_user(psychosocial_worker).post(
        reverse("cases:assessment_add", args=[client_record.reference, "phq9"]), data
    )
    assert response.status_code == 302
    assert response.url == url(client_record)
    flag = flag_of(client_record)
    assert flag.flagged and flag.reason == ClientRiskFlag.Reason.PHQ9_ITEM9
    assert Notification.objects.filter(recipient=supervisor).count() == 1


def test_phq9_without_item9_does_not_flag(psychosocial_worker, client_record):
    _assessment, change = assessment_record(
        client=client_record,
        instrument="phq9",
        taken_on=timezone.localdate(),
        answers=answers_for("phq9", 24),  # severe, but item 9 is 0
        by=psychosocial_worker,
    )
    assert change is FlagChange.NONE
    assert flag_of(client_record) is None


def _record(client, by, *, on, level, **answers):
    risk = RiskAssessment(assessed_on=on, level=level, safety_plan="Plan" if level else "")
    for name in NO_TO_ALL:
        setattr(risk, name, answers.get(name, False))
    return risk_assessment_record(risk=risk, client=client, by=by)[1]


def test_the_flag_clears_only_by_a_later_assessment(psychosocial_worker, client_record):
    by = psychosocial_worker
    assert _record(client_record, by, on=days_ago(5), level="moderate", method=True) is (
        FlagChange.RAISED
    )
    # An assessment dated before the concern, entered late, does not clear it.
    assert _record(client_record, by, on=days_ago(6), level="low") is FlagChange.KEPT
    assert flag_of(client_record).flagged
    # A later PHQ-9 with item 9 at 0 does not clear it either: only a risk assessment.
    assessment_record(
        client=client_record,
        instrument="phq9",
        taken_on=days_ago(2),
        answers=answers_for("phq9", 3),
        by=by,
    )
    assert flag_of(client_record).flagged
    # The same day or later, none or low clears it.
    assert _record(client_record, by, on=days_ago(5), level="none") is FlagChange.CLEARED
    flag = flag_of(client_record)
    assert not flag.flagged and flag.cleared_by == by
    assert _record(client_record, by, on=days_ago(1), level="none") is FlagChange.NONE


def test_a_new_concern_moves_the_flag_date_forward(psychosocial_worker, client_record):
    by = psychosocial_worker
    _record(client_record, by, on=days_ago(10), level="high", intent=True)
    assert _record(client_record, by, on=days_ago(3), level="moderate", method=True) is (
        FlagChange.RAISED_AGAIN
    )
    assert flag_of(client_record).raised_on == days_ago(3)
    assert _record(client_record, by, on=days_ago(5), level="low") is FlagChange.KEPT


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"level": "high"}, "safety_plan", "needs a safety plan"),
        ({"plan": "yes", "level": "low"}, "level", "at least high"),
        ({"method": ""}, "method", "Answer yes or no"),
        ({"level": ""}, "level", "required"),
        (
            # A callable: tomorrow is worked out when the test runs, not at collection,
            # which may have been before midnight in Hong Kong.
            {
                "assessed_on": lambda: (
                    timezone.localdate() + datetime.timedelta(days=1)
                ).isoformat()
            },
            "assessed_on",
            "in the future",
        ),
    ],
)
def test_bad_risk_input_is_refused_and_nothing_changes(
    as_user, psychosocial_worker, client_record, overrides, field, message
):
    overrides = {name: value() if callable(value) else value for name, value in overrides.items()}
    response = as_user(psychosocial_worker).post(url(client_record), risk_data(**overrides))
    assert response.status_code == 200
    assert message in str(response.context["form"].errors[field])
    assert not RiskAssessment.objects.exists()
    assert flag_of(client_record) is None
    assert not Notification.objects.exists()


def test_a_lower_level_than_suggested_is_allowed_with_reasons(
    as_user, psychosocial_worker, client_record
):
    data = risk_data(wish_to_be_dead="yes", method="yes", level="low", notes="Passive, years ago")
    assert as_user(psychosocial_worker).post(url(client_record), data).status_code == 302
    assert RiskAssessment.objects.get().level == "low"
