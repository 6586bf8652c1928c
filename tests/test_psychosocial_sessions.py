"""Recording sessions, individual and group, and their follow-up deadlines."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import Deadline
from cases.psychosocial.models import PsychosocialSession, SessionAttendance
from clients.models import ClientAssignment

from .factories import AssignmentFactory, ClientFactory

TODAY = timezone.localdate


def form_data(**overrides) -> dict:
    data = {
        "date": TODAY().isoformat(),
        "minutes": "50",
        "kind": "individual",
        "modality": "in_person",
        "interpreter_language": "Urdu",
        "concerns": "Nightmares",
        "interventions": "Grounding",
        "notes": "Private",
        "follow_up_on": "",
        "attendance": "attended",
        "client_note": "",
        "others-TOTAL_FORMS": "8",
        "others-INITIAL_FORMS": "0",
        "others-MIN_NUM_FORMS": "0",
        "others-MAX_NUM_FORMS": "8",
    }
    for i in range(8):
        data |= {f"others-{i}-client": "", f"others-{i}-attendance": "attended"}
    return data | overrides


def url(client):
    return reverse("cases:session_add", args=[client.reference])


@pytest.fixture
def second_client(client_record, psychosocial_worker, caseworker):
    other = ClientFactory(family_name="Okafor", created_by=caseworker)
    AssignmentFactory(client=other, worker=caseworker)
    AssignmentFactory(client=other, worker=psychosocial_worker, role=ClientAssignment.Role.SUPPORT)
    return other


def test_the_form_shows(as_user, psychosocial_worker, client_record):
    page = as_user(psychosocial_worker).get(url(client_record))
    assert page.status_code == 200
    assert b"Other participants" in page.content


def test_individual_session_with_follow_up_becomes_a_deadline(
    as_user, psychosocial_worker, client_record
):
    follow_up = TODAY() + datetime.timedelta(days=14)
    response = as_user(psychosocial_worker).post(
        url(client_record), form_data(follow_up_on=follow_up.isoformat(), client_note="Alone")
    )
    assert response.status_code == 302
    session = PsychosocialSession.objects.get()
    assert session.worker == psychosocial_worker
    assert session.interpreter_language == "Urdu"
    attendance = session.attendances.get()
    assert attendance.client == client_record
    assert attendance.note == "Alone"
    deadline = attendance.follow_up_deadline
    assert deadline.client == client_record
    assert deadline.due_on == follow_up
    assert deadline.assignee == psychosocial_worker
    assert deadline.source == Deadline.Source.MANUAL
    assert "Private" not in deadline.title and "Nightmares" not in deadline.title


def test_group_session_records_each_clients_attendance(
    as_user, psychosocial_worker, client_record, second_client
):
    follow_up = TODAY() + datetime.timedelta(days=7)
    data = form_data(
        kind="group",
        follow_up_on=follow_up.isoformat(),
        **{
            "others-0-client": str(second_client.pk),
            "others-0-attendance": "absent",
            "others-0-note": "Phoned: unwell",
        },
    )
    response = as_user(psychosocial_worker).post(url(client_record), data)
    assert response.status_code == 302
    session = PsychosocialSession.objects.get()
    rows = {a.client_id: a for a in session.attendances.all()}
    assert rows[client_record.pk].attendance == SessionAttendance.Attendance.ATTENDED
    assert rows[second_client.pk].attendance == SessionAttendance.Attendance.ABSENT
    assert rows[second_client.pk].note == "Phoned: unwell"
    assert Deadline.objects.filter(due_on=follow_up).count() == 2


def test_the_legal_caseworker_sees_the_session_date_and_worker(
    as_user, psychosocial_worker, caseworker, client_record
):
    as_user(psychosocial_worker).post(url(client_record), form_data())
    page = as_user(caseworker).get(reverse("clients:psychosocial", args=[client_record.reference]))
    assert TODAY().isoformat() in page.content.decode()
    assert b"Lee Wing Sze" in page.content
    assert b"Nightmares" not in page.content


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            # Callables: the dates are worked out when the test runs, not at collection,
            # which may have been before midnight in Hong Kong.
            {"date": lambda: (TODAY() + datetime.timedelta(days=1)).isoformat()},
            "date",
            "in the future",
        ),
        ({"date": ""}, "date", "required"),
        ({"minutes": "0"}, "minutes", "between 1 and 600"),
        ({"minutes": "900"}, "minutes", "between 1 and 600"),
        (
            {"follow_up_on": lambda: (TODAY() - datetime.timedelta(days=1)).isoformat()},
            "follow_up_on",
            "has passed",
        ),
        ({"kind": "group"}, None, "at least two clients"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_saved(
    as_user, psychosocial_worker, client_record, overrides, field, message
):
    overrides = {name: value() if callable(value) else value for name, value in overrides.items()}
    response = as_user(psychosocial_worker).post(url(client_record), form_data(**overrides))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert message in str(errors.get(field or "__all__"))
    assert not PsychosocialSession.objects.exists()
    assert not SessionAttendance.objects.exists()
    assert not Deadline.objects.exists()


def test_individual_session_cannot_carry_other_clients(
    as_user, psychosocial_worker, client_record, second_client
):
    data = form_data(**{"others-0-client": str(second_client.pk)})
    response = as_user(psychosocial_worker).post(url(client_record), data)
    assert "one client" in str(response.context["form"].non_field_errors())
    assert not PsychosocialSession.objects.exists()


def test_a_client_outside_ones_psychosocial_record_cannot_join(
    as_user, psychosocial_worker, client_record, other_client
):
    data = form_data(kind="group", **{"others-0-client": str(other_client.pk)})
    response = as_user(psychosocial_worker).post(url(client_record), data)
    assert response.status_code == 200
    assert "valid choice" in str(response.context["others"].errors)
    assert not PsychosocialSession.objects.exists()


def test_the_same_client_twice_is_refused(
    as_user, psychosocial_worker, client_record, second_client
):
    data = form_data(
        kind="group",
        **{"others-0-client": str(second_client.pk), "others-1-client": str(second_client.pk)},
    )
    response = as_user(psychosocial_worker).post(url(client_record), data)
    assert "already on the session" in str(response.context["others"].errors)
    assert not PsychosocialSession.objects.exists()
