"""Every seeded deadline rule: its data, and the deadline it gives when its event happens."""

import datetime

import pytest

from cases import services
from cases.models import Deadline, DeadlineRule, EventKind, LegalAidApplication, Trigger
from cases.periods import compute_due

from .cases_factories import ClaimFactory, LegalAidFactory

SEEDED = {
    # code: (trigger, period, unit, source contains)
    "claim-form-return": (Trigger.CLAIM_FORM_ISSUED, 28, "days", "s.37Y"),
    "tcab-appeal": (Trigger.DECISION_SERVED, 14, "days", "s.37ZS"),
    "jr-leave": (Trigger.APPEAL_DECISION, 3, "months", "O.53 r.4"),
    "legal-aid-registrar-appeal": (Trigger.LEGAL_AID_REFUSED, 14, "days", "Cap. 91"),
    "court-of-appeal": (Trigger.JR_LEAVE_DECISION, 14, "days", "unverified"),
    "cfa-leave": (Trigger.COURT_OF_APPEAL, 28, "days", "Cap. 484"),
}

# The events that must come before each kind for the timeline to be possible.
PATH = [
    EventKind.DECISION_SERVED,
    EventKind.APPEAL_LODGED,
    EventKind.APPEAL_DECISION,
    EventKind.JR_LEAVE_FILED,
    EventKind.JR_LEAVE_DECISION,
    EventKind.COURT_OF_APPEAL,
]


def record_up_to(claim, kind, on, by):
    """Record the events leading to `kind` (a day apart, before `on`), then `kind` on `on`."""
    before = PATH[: PATH.index(kind)] if kind in PATH else []
    for offset, step in enumerate(before):
        day = on - datetime.timedelta(days=len(before) - offset)
        services.claim_event_record(claim=claim, kind=step, on=day, by=by)
    _event, result = services.claim_event_record(claim=claim, kind=kind, on=on, by=by)
    return result


@pytest.mark.django_db
def test_exactly_the_seeded_rules_exist():
    assert set(DeadlineRule.objects.values_list("code", flat=True)) == set(SEEDED)


@pytest.mark.django_db
@pytest.mark.parametrize("code", sorted(SEEDED))
def test_seeded_rule_data(code):
    trigger, period, unit, source = SEEDED[code]
    rule = DeadlineRule.objects.get(code=code)
    assert (rule.trigger, rule.period, rule.unit) == (trigger, period, unit)
    assert source in rule.legal_source
    assert "Verify with counsel" in rule.description
    assert rule.active and not rule.verified


@pytest.mark.parametrize("code", sorted(c for c in SEEDED if c != "legal-aid-registrar-appeal"))
def test_seeded_claim_rule_makes_its_deadline(code, client_record, caseworker):
    trigger, period, unit, _source = SEEDED[code]
    claim = ClaimFactory(client=client_record, made_on=datetime.date(2025, 1, 6))
    on = datetime.date(2026, 3, 20)
    result = record_up_to(claim, EventKind(trigger), on, caseworker)
    rule = DeadlineRule.objects.get(code=code)
    deadline = Deadline.objects.get(rule=rule, claim=claim, voided_at__isnull=True)
    expected = compute_due(start=on, period=period, unit=unit)
    assert deadline.due_on == expected.due_on
    assert deadline in result.created
    assert deadline.title == rule.title
    assert deadline.assignee == caseworker
    assert deadline.explanation == expected.explanation


def test_seeded_legal_aid_rule_makes_the_review_deadline(client_record, caseworker):
    application = LegalAidFactory.build(
        decision=LegalAidApplication.Decision.REFUSED,
        decided_on=datetime.date(2026, 3, 20),
        applied_on=datetime.date(2026, 2, 1),
        refusal_ground=LegalAidApplication.RefusalGround.MERITS,
        client=client_record,
        created_by=caseworker,
    )
    _app, result = services.legal_aid_save(
        application=application, client=client_record, by=caseworker
    )
    (deadline,) = result.created
    assert deadline.rule.code == "legal-aid-registrar-appeal"
    assert deadline.due_on == datetime.date(2026, 4, 8)  # Easter holidays skipped
    assert "Good Friday" in deadline.explanation
