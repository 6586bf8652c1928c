"""Legal-aid applications: validation, the legal-aid tab, and the refusal review deadline."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from cases import services
from cases.models import Deadline, LegalAidApplication

from .cases_factories import LegalAidFactory

D = datetime.date
Decision = LegalAidApplication.Decision


@pytest.fixture
def http(client, caseworker):
    client.force_login(caseworker)
    return client


def save(application, client_record, caseworker):
    return services.legal_aid_save(application=application, client=client_record, by=caseworker)


def refused(client_record, **extra):
    fields = {
        "client": client_record,
        "applied_on": D(2026, 2, 2),
        "decision": Decision.REFUSED,
        "decided_on": D(2026, 3, 2),
        "refusal_ground": LegalAidApplication.RefusalGround.MEANS,
    } | extra
    return LegalAidFactory.build(**fields)


def test_refusal_creates_the_review_deadline(client_record, caseworker):
    application, result = save(refused(client_record), client_record, caseworker)
    (deadline,) = result.created
    assert deadline.legal_aid == application
    assert deadline.due_on == D(2026, 3, 16)
    assert deadline.assignee == caseworker


def test_moving_the_refusal_date_moves_the_deadline(client_record, caseworker):
    application, _result = save(refused(client_record), client_record, caseworker)
    application.decided_on = D(2026, 3, 20)
    _app, result = save(application, client_record, caseworker)
    assert [d.due_on for d in result.moved] == [D(2026, 4, 8)]


def test_a_refusal_overturned_on_review_is_not_voided_but_a_corrected_decision_is(
    client_record, caseworker
):
    application, _result = save(refused(client_record), client_record, caseworker)
    application.decision = Decision.GRANTED
    application.refusal_ground = ""
    _app, result = save(application, client_record, caseworker)
    assert len(result.voided) == 1
    assert Deadline.objects.get().voided_at is not None


def test_only_legal_aid_department_refusals_have_a_registrar_appeal(client_record, caseworker):
    _app, result = save(
        refused(client_record, scheme=LegalAidApplication.Scheme.DUTY_LAWYER),
        client_record,
        caseworker,
    )
    assert not result
    assert not Deadline.objects.exists()


def test_legal_aid_tab_lists_applications(http, client_record, caseworker):
    save(refused(client_record, lawyer="Lee & Partners"), client_record, caseworker)
    page = http.get(reverse("clients:legal_aid", args=[client_record.reference])).content.decode()
    assert "Lee &amp; Partners" in page
    assert "Refused" in page
    assert "Appeal to the Registrar against the refusal of legal aid" in page


def form_data(**extra) -> dict:
    return {
        "scheme": LegalAidApplication.Scheme.LEGAL_AID_DEPARTMENT,
        "stage": LegalAidApplication.Stage.JUDICIAL_REVIEW,
        "applied_on": "2026-02-02",
        "decision": Decision.PENDING,
        "reference": "LAD-TYPED",
    } | extra


def test_record_a_refusal_through_the_form(http, client_record):
    response = http.post(
        reverse("cases:legal_aid_add", args=[client_record.reference]),
        form_data(decision=Decision.REFUSED, decided_on="2026-03-02", refusal_ground="merits"),
        follow=True,
    )
    assert "New deadline: Appeal to the Registrar" in response.content.decode()
    assert LegalAidApplication.objects.get().reference == "LAD-TYPED"


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"decision": Decision.REFUSED, "decided_on": "2026-03-02"}, "Say on what ground"),
        ({"decision": Decision.GRANTED}, "Enter the date of the decision."),
        (
            {"decision": Decision.GRANTED, "decided_on": "2026-01-02"},
            "The decision cannot come before the application was made.",
        ),
        ({"decided_on": "2026-03-02"}, "A pending application has no decision date"),
        ({"refusal_ground": "means"}, "Only a refusal has a refusal ground."),
        ({"review_lodged_on": "2026-03-02"}, "Only a refusal can be reviewed."),
        ({"applied_on": "2026-02-30"}, "Enter a valid date."),
    ],
)
def test_bad_legal_aid_input(http, client_record, extra, message):
    response = http.post(
        reverse("cases:legal_aid_add", args=[client_record.reference]), form_data(**extra)
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert 'value="LAD-TYPED"' in page
    assert not LegalAidApplication.objects.exists()


def test_future_application_date_is_refused(http, client_record):
    ahead = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    response = http.post(
        reverse("cases:legal_aid_add", args=[client_record.reference]),
        form_data(applied_on=ahead),
    )
    assert "This date is in the future." in response.content.decode()


def test_cannot_attach_another_clients_claim(http, client_record, other_client):
    from .cases_factories import ClaimFactory

    foreign = ClaimFactory(client=other_client)
    response = http.post(
        reverse("cases:legal_aid_add", args=[client_record.reference]),
        form_data(claim=foreign.pk),
    )
    assert response.status_code == 200
    assert "Select a valid choice." in response.content.decode()
