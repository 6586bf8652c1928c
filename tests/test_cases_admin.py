"""The Django admin: Admin edits deadline rules and closure days, opens no claim."""

import datetime

import pytest
from django.urls import reverse

from cases.models import ClosureDay, Deadline, DeadlineRule

from .cases_factories import ClaimFactory, DeadlineFactory


@pytest.fixture
def staff_admin(admin):
    admin.is_staff = True
    admin.save()
    return admin


def test_admin_role_edits_deadline_rules_and_closure_days(client, staff_admin):
    client.force_login(staff_admin)
    assert client.get(reverse("admin:cases_deadlinerule_changelist")).status_code == 200
    assert client.get(reverse("admin:cases_closureday_changelist")).status_code == 200
    assert client.get(reverse("admin:cases_deadlinerule_add")).status_code == 200


@pytest.mark.parametrize(
    "model", ["protectionclaim", "claimevent", "deadline", "legalaidapplication"]
)
def test_admin_role_opens_no_claim_data(client, staff_admin, model):
    client.force_login(staff_admin)
    assert client.get(reverse(f"admin:cases_{model}_changelist")).status_code == 403


def test_recording_a_closure_day_in_the_admin_moves_deadlines(client, staff_admin, client_record):
    deadline = DeadlineFactory(
        client=client_record,
        source=Deadline.Source.RULE,
        rule=DeadlineRule.objects.get(code="tcab-appeal"),
        starts_on=datetime.date(2026, 3, 2),
        period_ends_on=datetime.date(2026, 3, 16),
        due_on=datetime.date(2026, 3, 16),
    )
    client.force_login(staff_admin)
    response = client.post(
        reverse("admin:cases_closureday_add"),
        {"date": "2026-03-16", "reason": ClosureDay.Reason.BLACK_RAIN, "note": ""},
    )
    assert response.status_code == 302
    deadline.refresh_from_db()
    assert deadline.due_on == datetime.date(2026, 3, 17)


def test_caseworker_staff_sees_only_their_claims_read_only(
    client, caseworker, client_record, other_client
):
    caseworker.is_staff = True
    caseworker.save()
    mine = ClaimFactory(client=client_record)
    foreign = ClaimFactory(client=other_client)
    client.force_login(caseworker)
    response = client.get(reverse("admin:cases_protectionclaim_changelist"))
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [mine]
    assert foreign.pk not in [c.pk for c in response.context["cl"].result_list]
    change = reverse("admin:cases_protectionclaim_change", args=[mine.pk])
    assert client.post(change, {"outcome": "rejected"}).status_code == 403
