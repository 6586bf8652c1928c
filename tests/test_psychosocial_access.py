"""Need to know: psychosocial detail for psychosocial staff on the case and supervisors;
the legal caseworker on the same client sees that sessions happened and the flag."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import AccessGrant
from accounts.roles import Role
from cases.psychosocial.models import ClientRiskFlag, RiskLevel

from .factories import UserFactory
from .psychosocial_factories import (
    AssessmentFactory,
    AttendanceFactory,
    RiskAssessmentFactory,
    SessionFactory,
    days_ago,
)


@pytest.fixture
def recorded(client_record, psychosocial_worker):
    session = SessionFactory(worker=psychosocial_worker, date=days_ago(9))
    AttendanceFactory(session=session, client=client_record, note="INDIVIDUAL-NOTE")
    AssessmentFactory(client=client_record, recorded_by=psychosocial_worker)
    RiskAssessmentFactory(
        client=client_record,
        assessed_by=psychosocial_worker,
        level=RiskLevel.LOW,
        wish_to_be_dead=True,
        safety_plan="SAFETY-PLAN-TEXT",
    )
    return session


def tab(client_record):
    return reverse("clients:psychosocial", args=[client_record.reference])


@pytest.mark.parametrize("who", ["psychosocial_worker", "supervisor"])
def test_psychosocial_staff_and_supervisors_read_everything(
    who, request, as_user, client_record, recorded
):
    page = as_user(request.getfixturevalue(who)).get(tab(client_record)).content.decode()
    assert "CONFIDENTIAL-SESSION-NOTE" in page
    assert "INDIVIDUAL-NOTE" in page
    assert "SAFETY-PLAN-TEXT" in page
    assert "Moderate depression" in page  # the PHQ-9 of 12
    assert "<svg" in page


def test_legal_caseworker_sees_dates_and_workers_only(as_user, caseworker, client_record, recorded):
    response = as_user(caseworker).get(tab(client_record))
    page = response.content.decode()
    assert response.status_code == 200
    assert recorded.date.strftime("%Y-%m-%d") in page
    assert "Lee Wing Sze" in page  # the worker
    for secret in (
        "CONFIDENTIAL-SESSION-NOTE",
        "INDIVIDUAL-NOTE",
        "SAFETY-PLAN-TEXT",
        "Sleep problems",
        "Grounding exercises",
        "Moderate depression",
        "<svg",
    ):
        assert secret not in page
    # The template for the limited view never receives the detail.
    assert "attendances" not in response.context
    assert "measures" not in response.context


def test_psychosocial_worker_off_the_case_finds_no_client(as_user, client_record, recorded, teams):
    colleague = UserFactory(username="colleague", roles=[Role.PSYCHOSOCIAL])
    teams[0].members.add(colleague)
    assert as_user(colleague).get(tab(client_record)).status_code == 404


def test_break_glass_lets_a_covering_psychosocial_worker_read(
    as_user, client_record, recorded, teams, supervisor
):
    colleague = UserFactory(username="colleague", roles=[Role.PSYCHOSOCIAL])
    AccessGrant.objects.create(
        user=colleague,
        client=client_record,
        kind=AccessGrant.Kind.BREAK_GLASS,
        reason="Covering a crisis call",
        ends_at=timezone.now() + datetime.timedelta(hours=8),
        granted_by=colleague,
    )
    page = as_user(colleague).get(tab(client_record)).content.decode()
    assert "CONFIDENTIAL-SESSION-NOTE" in page


def test_legal_only_worker_cannot_open_the_forms(as_user, caseworker, client_record):
    http = as_user(caseworker)
    ref = client_record.reference
    for url in (
        reverse("cases:session_add", args=[ref]),
        reverse("cases:assessment_add", args=[ref, "phq9"]),
        reverse("cases:risk_add", args=[ref]),
    ):
        assert http.get(url).status_code == 404
        assert http.post(url, {}).status_code == 404
    assert http.get(reverse("cases:psychosocial_summary", args=[ref])).status_code == 404


@pytest.fixture
def counsel(client_record, supervisor):
    lawyer = UserFactory(username="counsel", roles=[Role.OUTSIDE_COUNSEL])
    AccessGrant.objects.create(
        user=lawyer,
        client=client_record,
        kind=AccessGrant.Kind.OUTSIDE_COUNSEL,
        reason="Judicial review",
        ends_at=timezone.now() + datetime.timedelta(days=5),
        granted_by=supervisor,
    )
    return lawyer


def test_outside_counsel_gets_404_on_every_psychosocial_page(as_user, counsel, client_record):
    http = as_user(counsel)
    ref = client_record.reference
    assert http.get(reverse("clients:claim", args=[ref])).status_code == 200  # legal records
    for url in (
        tab(client_record),
        reverse("cases:session_add", args=[ref]),
        reverse("cases:risk_add", args=[ref]),
        reverse("cases:psychosocial_summary", args=[ref]),
    ):
        assert http.get(url).status_code == 404


def test_unknown_instrument_is_404(as_user, psychosocial_worker, client_record):
    url = reverse("cases:assessment_add", args=[client_record.reference, "rhs15"])
    assert as_user(psychosocial_worker).get(url).status_code == 404


# -- the flag banner on every client page ----------------------------------------------------


@pytest.fixture
def flagged(client_record, psychosocial_worker):
    return ClientRiskFlag.objects.create(
        client=client_record,
        flagged=True,
        reason=ClientRiskFlag.Reason.RISK_LEVEL,
        level=RiskLevel.HIGH,
        raised_on=days_ago(1),
        raised_at=timezone.now(),
        raised_by=psychosocial_worker,
    )


@pytest.mark.parametrize(
    "name",
    [
        "clients:detail",
        "clients:claim",
        "clients:notes",
        "clients:documents",
        "clients:psychosocial",
    ],
)
def test_flag_banner_on_every_client_page_for_legal_staff(
    name, as_user, caseworker, client_record, flagged
):
    page = as_user(caseworker).get(reverse(name, args=[client_record.reference])).content
    assert b"Flagged at risk" in page
    assert b"Risk details" not in page  # the link is for those who may read them
    assert b"High" not in page


def test_no_banner_once_cleared_or_never_flagged(as_user, caseworker, client_record, flagged):
    flagged.flagged = False
    flagged.save()
    page = as_user(caseworker).get(reverse("clients:detail", args=[client_record.reference]))
    assert b"Flagged at risk" not in page.content


def test_banner_costs_one_query(
    as_user, caseworker, client_record, flagged, django_assert_num_queries
):
    from django.template import Context, Template

    template = Template(
        "{% load risk_flags %}{% client_risk_flag c as f %}"
        "{% client_risk_flag c as g %}{{ f.raised_on }}{{ g.raised_on }}"
    )
    with django_assert_num_queries(1):
        template.render(Context({"c": client_record}))


# -- the admin -------------------------------------------------------------------------------


def test_admin_lists_only_the_clients_one_holds(
    client, psychosocial_worker, client_record, other_client, recorded
):
    foreign = AssessmentFactory(client=other_client)
    mine = client_record.assessments.get()
    psychosocial_worker.is_staff = True
    psychosocial_worker.save()
    client.force_login(psychosocial_worker)
    response = client.get(reverse("admin:cases_assessment_changelist"))
    assert response.status_code == 200
    shown = [a.pk for a in response.context["cl"].result_list]
    assert shown == [mine.pk]
    assert foreign.pk not in shown
    change = reverse("admin:cases_assessment_change", args=[foreign.pk])
    assert client.get(change).status_code in (302, 404)
    sessions = client.get(reverse("admin:cases_psychosocialsession_changelist"))
    assert [s.pk for s in sessions.context["cl"].result_list] == [recorded.pk]


def test_pages_need_no_inline_script_or_style(as_user, supervisor, client_record, recorded):
    """The Content-Security-Policy allows neither: charts are SVG presentation attributes."""
    import re

    http = as_user(supervisor)
    ref = client_record.reference
    for url in (
        tab(client_record),
        reverse("cases:session_add", args=[ref]),
        reverse("cases:assessment_add", args=[ref, "pcl5"]),
        reverse("cases:risk_add", args=[ref]),
        reverse("cases:psychosocial_summary", args=[ref]),
        reverse("cases:notification_list"),
    ):
        page = http.get(url).content.decode()
        assert "style=" not in page, url
        assert not re.search(r"<script(?![^>]*\bsrc=)", page), url
