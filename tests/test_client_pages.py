"""Client pages as a caseworker uses them: happy paths and bad input."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from clients.models import CaseNote, Client, ClientAssignment, Consent

from .factories import AliasFactory, AssignmentFactory, ClientFactory, NoteFactory


@pytest.fixture
def http(client, caseworker):
    client.force_login(caseworker)
    return client


# -- list, search, filters ---------------------------------------------------------------


def list_names(response) -> set[str]:
    return {c.family_name for c in response.context["page"].object_list}


@pytest.fixture
def caseload(caseworker, client_record, other_client):
    """Three more clients of `caseworker`, with details to search for."""
    made = {
        "Okafor": ClientFactory(
            family_name="Okafor", given_name="Chinedu", nationality="NG", phone="9123 4567"
        ),
        "Perera": ClientFactory(
            family_name="Perera",
            given_name="Nimal",
            nationality="LK",
            immd_file_number="TCF-555/2020",
        ),
        "Closed": ClientFactory(
            family_name="Closed",
            status=Client.Status.CLOSED,
            closed_on=timezone.localdate(),
        ),
    }
    for record in made.values():
        AssignmentFactory(client=record, worker=caseworker)
    AliasFactory(client=made["Okafor"], name="Chinedu Okaphor")
    return made


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("okafor", {"Okafor"}),
        ("Okaphor", {"Okafor"}),  # an alias
        ("chinedu okafor", {"Okafor"}),  # words in any order
        ("TCF-555", {"Perera"}),  # file number
        ("91234567", {"Okafor"}),  # phone, spaces ignored
        ("zzz", set()),
    ],
)
def test_search(http, caseload, query, expected):
    response = http.get(reverse("clients:list"), {"q": query})
    assert response.status_code == 200
    assert list_names(response) == expected


def test_search_by_reference(http, caseload):
    ref = caseload["Perera"].reference
    assert list_names(http.get(reverse("clients:list"), {"q": ref})) == {"Perera"}


def test_list_hides_closed_files_unless_asked_and_never_shows_others(http, caseload, other_client):
    names = list_names(http.get(reverse("clients:list")))
    assert names == {"Rahman", "Okafor", "Perera"}
    assert list_names(http.get(reverse("clients:list"), {"status": "closed"})) == {"Closed"}


def test_filter_by_nationality_and_worker(http, caseload, caseworker):
    assert list_names(http.get(reverse("clients:list"), {"nationality": "NG"})) == {"Okafor"}
    names = list_names(http.get(reverse("clients:list"), {"worker": caseworker.pk}))
    assert names == {"Rahman", "Okafor", "Perera"}


def test_sort(http, caseload):
    response = http.get(reverse("clients:list"), {"sort": "-name"})
    assert [c.family_name for c in response.context["page"].object_list] == [
        "Rahman",
        "Perera",
        "Okafor",
    ]


@pytest.mark.parametrize(
    "params",
    [
        {"page": "abc"},
        {"page": "-1"},
        {"page": "99999"},
        {"status": "nonsense"},
        {"nationality": "XX"},
        {"worker": "not-a-number"},
        {"vulnerability": "999999"},
        {"sort": "password"},
        {"q": "x" * 5000},
        {"q": "\x00"},
    ],
)
def test_malformed_query_strings_never_error(http, caseload, params):
    response = http.get(reverse("clients:list"), params)
    assert response.status_code == 200


def test_unknown_filter_value_is_explained(http, caseload):
    response = http.get(reverse("clients:list"), {"status": "nonsense"})
    assert "Some filters were not understood" in response.content.decode()


# -- duplicate check and intake ---------------------------------------------------------------


def test_duplicate_check_finds_clients_across_the_organisation_without_showing_them(
    http, other_client, other_caseworker
):
    other_client.immd_file_number = "NRC 4242/2021"
    other_client.save()
    response = http.get(reverse("clients:duplicate_check"), {"immd_file_number": "nrc 4242/2021"})
    body = response.content.decode()
    assert "1 possible match" in body
    assert str(other_caseworker) in body  # who holds it
    assert "same file number" in body
    assert other_client.reference not in body
    assert other_client.given_name not in body


def test_duplicate_check_by_alias_and_birth_date(http, other_client):
    AliasFactory(client=other_client, name="Nguyen Van Anh")
    assert (
        "possible match"
        in http.get(reverse("clients:duplicate_check"), {"name": "Van Anh"}).content.decode()
    )
    response = http.get(
        reverse("clients:duplicate_check"),
        {"date_of_birth": other_client.date_of_birth.isoformat()},
    )
    assert "same date of birth" in response.content.decode()


def test_duplicate_check_with_no_match_offers_the_intake(http, client_record):
    response = http.get(reverse("clients:duplicate_check"), {"name": "Nobody Known"})
    assert "No match anywhere in the centre" in response.content.decode()


def test_duplicate_check_needs_something_to_check(http):
    response = http.get(reverse("clients:duplicate_check"), {"name": "", "date_of_birth": ""})
    assert "Enter a name, a date of birth or a file number" in response.content.decode()


def test_duplicate_check_bad_date_is_a_form_error(http):
    response = http.get(reverse("clients:duplicate_check"), {"date_of_birth": "31/02/1990"})
    assert response.status_code == 200
    assert "Enter a valid date" in response.content.decode()


def intake_data(**overrides) -> dict:
    return {
        "family_name": "Hossain",
        "given_name": "Rafiq",
        "sex": "male",
        "date_of_birth": "1988-03-02",
        "nationality": "BD",
        "languages": "Bengali, English",
        "preferred_language": "Bengali",
        "interpreter_needed": "on",
        "arrival_date": "2023-07-01",
        "immigration_status": "recognizance",
        "immd_file_number": "TCF-777/2023",
        "phone": "6123 0000",
        "intake_date": timezone.localdate().isoformat(),
        "intake_source": "walk_in",
        "aliases": "Rafik Hossein\nRafiq Husain",
        "consent_given": "on",
        "consent_method": "verbal_interpreter",
        "assign_self": "on",
    } | overrides


def test_intake_creates_client_with_consent_aliases_and_lead(http, caseworker):
    response = http.post(reverse("clients:intake"), intake_data())
    client = Client.objects.get(family_name="Hossain")
    assert response.status_code == 302
    assert response["Location"] == client.get_absolute_url()
    assert client.reference == f"JC-{client.intake_date.year}-00001"  # the intake's year
    assert client.created_by == caseworker
    assert client.status == Client.Status.ACTIVE
    assert sorted(client.aliases.values_list("name", flat=True)) == [
        "Rafik Hossein",
        "Rafiq Husain",
    ]
    consent = client.consents.get()
    assert consent.kind == Consent.Kind.DATA_PROCESSING and consent.given
    assert consent.method == Consent.Method.VERBAL_INTERPRETER
    lead = client.assignments.get()
    assert lead.worker == caseworker and lead.role == ClientAssignment.Role.LEAD


def test_intake_references_count_up(http):
    http.post(reverse("clients:intake"), intake_data())
    http.post(reverse("clients:intake"), intake_data(family_name="Second", immd_file_number=""))
    refs = sorted(Client.objects.values_list("reference", flat=True))
    year = Client.objects.values_list("intake_date", flat=True)[0].year  # the intake's year
    assert refs == [f"JC-{year}-00001", f"JC-{year}-00002"]


def test_intake_without_self_assignment_waits_in_the_queue(http, caseworker, supervisor):
    http.post(reverse("clients:intake"), intake_data(assign_self=""))
    client = Client.objects.get(family_name="Hossain")
    assert client.status == Client.Status.INTAKE
    assert not client.assignments.exists()
    # Still visible to its maker, and to the supervisor's queue.
    assert http.get(client.get_absolute_url()).status_code == 200


def test_intake_prefills_from_the_duplicate_check(http):
    response = http.get(
        reverse("clients:intake"), {"name": "Hossain Rafiq", "immd_file_number": "T-1"}
    )
    form = response.context["form"]
    assert form.initial["family_name"] == "Hossain"
    assert form.initial["given_name"] == "Rafiq"
    assert form.initial["immd_file_number"] == "T-1"


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"family_name": ""}, "family_name", "This field is required."),
        ({"consent_given": ""}, "consent_given", "This field is required."),
        ({"date_of_birth": "2999-01-01"}, "date_of_birth", "This date is in the future."),
        ({"date_of_birth": "1990-02-30"}, "date_of_birth", "Enter a valid date."),
        (
            {"arrival_date": "1980-01-01"},
            "arrival_date",
            "Arrival cannot be before the date of birth.",
        ),
        ({"nationality": "ZZ"}, "nationality", "Select a valid choice."),
        ({"sex": "robot"}, "sex", "Select a valid choice."),
    ],
)
def test_intake_bad_input_keeps_what_was_typed(http, overrides, field, message):
    response = http.post(reverse("clients:intake"), intake_data(**overrides))
    assert response.status_code == 200
    assert any(message in error for error in response.context["form"].errors[field])
    body = response.content.decode()
    assert 'value="TCF-777/2023"' in body  # what was typed is still there
    assert "Rafik Hossein" in body
    assert not Client.objects.exists()


def test_empty_intake_post_is_a_form_error(http):
    response = http.post(reverse("clients:intake"), {})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not Client.objects.exists()


# -- edit, aliases, household, consent ----------------------------------------------------------


def test_edit_saves(http, client_record):
    data = {
        "family_name": "Rahman",
        "given_name": "Ayesha",
        "sex": "female",
        "nationality": "PK",
        "immigration_status": "detained",
        "intake_date": client_record.intake_date.isoformat(),
        "intake_source": "walk_in",
        "version": client_record.updated_at.isoformat(),
    }
    response = http.post(reverse("clients:edit", args=[client_record.reference]), data)
    assert response.status_code == 302
    client_record.refresh_from_db()
    assert client_record.immigration_status == Client.ImmigrationStatus.DETAINED


def test_edit_bad_input_keeps_input_and_stored_data(http, client_record):
    data = {"family_name": "", "given_name": "Typed Name", "intake_date": "not a date"}
    response = http.post(reverse("clients:edit", args=[client_record.reference]), data)
    assert response.status_code == 200
    assert 'value="Typed Name"' in response.content.decode()
    client_record.refresh_from_db()
    assert client_record.family_name == "Rahman"


def test_alias_household_and_consent(http, client_record):
    ref = client_record.reference
    http.post(
        reverse("clients:alias_add", args=[ref]), {"name": "Aisha Rehman", "note": "passport"}
    )
    http.post(
        reverse("clients:dependant_add", args=[ref]),
        {
            "name": "Bilal",
            "relationship": "child",
            "date_of_birth": "2019-01-01",
            "in_hong_kong": "on",
        },
    )
    http.post(
        reverse("clients:consent_add", args=[ref]),
        {
            "kind": "referral_sharing",
            "given": "on",
            "scope": "Shelter partner",
            "method": "written",
            "on": "2026-01-05",
        },
    )
    assert client_record.aliases.get().name == "Aisha Rehman"
    assert client_record.dependants.get().name == "Bilal"
    assert client_record.consents.get().scope == "Shelter partner"
    detail = http.get(client_record.get_absolute_url()).content.decode()
    assert "Aisha Rehman" in detail and "Bilal" in detail and "Shelter partner" in detail


def test_sharing_consent_needs_a_scope(http, client_record):
    response = http.post(
        reverse("clients:consent_add", args=[client_record.reference]),
        {"kind": "referral_sharing", "given": "on", "method": "written", "on": "2026-01-05"},
    )
    assert "Say which partner or purpose" in response.content.decode()
    assert not client_record.consents.exists()


def test_household_future_birth_date_is_refused(http, client_record):
    response = http.post(
        reverse("clients:dependant_add", args=[client_record.reference]),
        {"name": "Baby", "relationship": "child", "date_of_birth": "2999-01-01"},
    )
    assert "This date is in the future." in response.content.decode()
    assert not client_record.dependants.exists()


def test_cannot_delete_another_clients_alias_through_this_client(http, client_record, other_client):
    alias = AliasFactory(client=other_client)
    url = reverse("clients:alias_delete", args=[client_record.reference, alias.pk])
    assert http.post(url).status_code == 404
    assert other_client.aliases.exists()


# -- assignments ----------------------------------------------------------------------------


def test_supervisor_assigns_a_new_lead_and_the_old_lead_ends(
    client, supervisor, caseworker, client_record, teams
):
    from .factories import UserFactory

    newcomer = UserFactory(username="newcomer", roles=["Legal caseworker"])
    client.force_login(supervisor)
    response = client.post(
        reverse("clients:assignments", args=[client_record.reference]),
        {"worker": newcomer.pk, "role": "lead", "reason": "Chan on leave"},
    )
    assert response.status_code == 302
    current = client_record.assignments.filter(ended_on__isnull=True)
    assert current.get(role="lead").worker == newcomer
    old = client_record.assignments.get(worker=caseworker)
    assert old.ended_on == timezone.localdate()


def test_assigning_someone_already_assigned_is_explained(
    client, supervisor, caseworker, client_record
):
    client.force_login(supervisor)
    response = client.post(
        reverse("clients:assignments", args=[client_record.reference]),
        {"worker": caseworker.pk, "role": "support"},
    )
    assert response.status_code == 200
    assert "already assigned" in response.content.decode()


def test_supervisor_ends_an_assignment(client, supervisor, psychosocial_worker, client_record):
    client.force_login(supervisor)
    support = client_record.assignments.get(worker=psychosocial_worker)
    client.post(reverse("clients:assignment_end", args=[client_record.reference, support.pk]))
    support.refresh_from_db()
    assert support.ended_on == timezone.localdate()
    # Ending twice is a clear message, not an error page.
    response = client.post(
        reverse("clients:assignment_end", args=[client_record.reference, support.pk]), follow=True
    )
    assert "already ended" in response.content.decode()


def test_an_open_file_keeps_its_last_worker(
    client, supervisor, caseworker, psychosocial_worker, client_record
):
    """With no worker an open file would be in nobody's caseload: the last one stays
    until someone replaces them."""
    client.force_login(supervisor)
    support = client_record.assignments.get(worker=psychosocial_worker)
    lead = client_record.assignments.get(worker=caseworker)
    client.post(reverse("clients:assignment_end", args=[client_record.reference, support.pk]))
    response = client.post(
        reverse("clients:assignment_end", args=[client_record.reference, lead.pk]), follow=True
    )
    assert "is the only worker on this file" in response.content.decode()
    lead.refresh_from_db()
    assert lead.ended_on is None
    # An intake nobody has taken on yet may go back to the queue.
    client_record.status = Client.Status.INTAKE
    client_record.save(update_fields=["status"])
    client.post(reverse("clients:assignment_end", args=[client_record.reference, lead.pk]))
    lead.refresh_from_db()
    assert lead.ended_on == timezone.localdate()


# -- notes ------------------------------------------------------------------------------------


def test_note_is_saved_and_shown(http, client_record, caseworker):
    http.post(
        reverse("clients:notes", args=[client_record.reference]),
        {"kind": "legal", "body": "Claim form reviewed."},
    )
    note = client_record.notes.get()
    assert note.author == caseworker and note.kind == CaseNote.Kind.LEGAL
    assert (
        "Claim form reviewed."
        in http.get(reverse("clients:notes", args=[client_record.reference])).content.decode()
    )


def test_legal_caseworker_cannot_write_or_read_psychosocial_notes(
    http, client_record, psychosocial_worker
):
    NoteFactory(
        client=client_record, author=psychosocial_worker, kind="psychosocial", body="Nightmares."
    )
    url = reverse("clients:notes", args=[client_record.reference])
    assert "Nightmares." not in http.get(url).content.decode()
    response = http.post(url, {"kind": "psychosocial", "body": "x"})
    assert "Select a valid choice" in response.content.decode()
    assert client_record.notes.count() == 1


def test_empty_note_is_refused(http, client_record):
    response = http.post(
        reverse("clients:notes", args=[client_record.reference]), {"kind": "general", "body": ""}
    )
    assert "This field is required." in response.content.decode()
    assert not client_record.notes.exists()


def test_only_the_author_edits_a_note(client, client_record, caseworker, supervisor):
    note = NoteFactory(client=client_record, author=caseworker, body="First version")
    url = reverse("clients:note_edit", args=[client_record.reference, note.pk])
    client.force_login(supervisor)
    assert client.post(url, {"body": "Overwritten"}).status_code == 404
    client.force_login(caseworker)
    client.post(url, {"body": "Second version", "version": note.updated_at.isoformat()})
    note.refresh_from_db()
    assert note.body == "Second version"


# -- safety ---------------------------------------------------------------------------------


def test_names_and_notes_are_escaped(http, client_record, caseworker):
    client_record.family_name = "<script>alert(1)</script>"
    client_record.save()
    NoteFactory(client=client_record, author=caseworker, body="<img src=x onerror=alert(2)>")
    for url in [
        reverse("clients:list"),
        client_record.get_absolute_url(),
        reverse("clients:notes", args=[client_record.reference]),
    ]:
        body = http.get(url).content.decode()
        assert "<script>alert(1)" not in body
        assert "<img src=x" not in body
        assert "&lt;script&gt;" in body or "&lt;SCRIPT&gt;" in body


def test_csrf_is_enforced(caseworker, client_record):
    from django.test import Client as HttpClient

    strict = HttpClient(enforce_csrf_checks=True)
    strict.force_login(caseworker)
    response = strict.post(
        reverse("clients:notes", args=[client_record.reference]), {"kind": "general", "body": "x"}
    )
    assert response.status_code == 403
    assert not client_record.notes.exists()


def test_pages_carry_a_strict_content_security_policy(http, client_record):
    response = http.get(client_record.get_absolute_url())
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert response["X-Frame-Options"] == "DENY"


def test_intake_date_cannot_be_before_arrival(http):
    arrival = timezone.localdate() - datetime.timedelta(days=10)
    response = http.post(
        reverse("clients:intake"),
        intake_data(
            arrival_date=arrival.isoformat(),
            intake_date=(arrival - datetime.timedelta(days=1)).isoformat(),
        ),
    )
    assert "Intake cannot be before arrival" in response.content.decode()


# -- no lost updates --------------------------------------------------------------------------


def edit_data(client_record, **overrides) -> dict:
    return {
        "family_name": client_record.family_name,
        "given_name": client_record.given_name,
        "sex": client_record.sex,
        "nationality": "PK",
        "immigration_status": "recognizance",
        "intake_date": client_record.intake_date.isoformat(),
        "intake_source": "walk_in",
        "phone": client_record.phone,  # a browser posts every field, empty or not
        "version": client_record.updated_at.isoformat(),
    } | overrides


def test_a_stale_edit_is_refused_and_shows_the_other_change(
    client, caseworker, psychosocial_worker, client_record
):
    opened_at = edit_data(client_record)  # both open the form at the same version
    url = reverse("clients:edit", args=[client_record.reference])
    client.force_login(psychosocial_worker)
    assert client.post(url, opened_at | {"phone": "5555 1111"}).status_code == 302

    client.force_login(caseworker)
    response = client.post(url, opened_at | {"immigration_status": "detained"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "saved this record after you opened it" in body
    assert str(psychosocial_worker) in body and "5555 1111" in body
    assert '<option value="detained" selected>' in body  # typed input kept
    client_record.refresh_from_db()
    assert client_record.phone == "5555 1111"
    assert client_record.immigration_status == "recognizance"

    # Saving again from the conflict page is a deliberate choice and goes through.
    again = response.context["form"].data
    assert client.post(url, again).status_code == 302
    client_record.refresh_from_db()
    assert client_record.immigration_status == "detained"
    assert client_record.phone == "5555 1111"


def test_a_stale_note_edit_is_refused(client, caseworker, client_record):
    note = NoteFactory(client=client_record, author=caseworker, body="First")
    version = note.updated_at.isoformat()
    url = reverse("clients:note_edit", args=[client_record.reference, note.pk])
    client.force_login(caseworker)
    client.post(url, {"body": "From the office PC", "version": version})
    response = client.post(url, {"body": "From the phone", "version": version})
    assert "saved this record after you opened it" in response.content.decode()
    assert "From the phone" in response.content.decode()
    note.refresh_from_db()
    assert note.body == "From the office PC"


@pytest.fixture
def kept_and_moved(caseworker):
    """Two clients of the caseworker's: one still theirs, one reassigned away yesterday."""
    kept, moved = ClientFactory(), ClientFactory()
    AssignmentFactory(client=kept, worker=caseworker)
    AssignmentFactory(
        client=moved,
        worker=caseworker,
        started_on=timezone.localdate() - datetime.timedelta(days=30),
        ended_on=timezone.localdate() - datetime.timedelta(days=1),
    )
    return kept, moved


def test_dashboard_recent_notes_only_on_clients_still_in_scope(client, caseworker, kept_and_moved):
    """After a reassignment the worker's old notes leave their dashboard: the link
    would only answer 404, and the reference is no longer theirs to see."""
    kept, moved = kept_and_moved
    NoteFactory(client=kept, author=caseworker)
    NoteFactory(client=moved, author=caseworker)
    client.force_login(caseworker)
    response = client.get(reverse("dashboard"))
    assert [n.client for n in response.context["recent_notes"]] == [kept]
    assert moved.reference not in response.content.decode()


def test_dashboard_recent_notes_read_past_a_run_of_notes_out_of_scope(
    client, caseworker, kept_and_moved
):
    """The notes are checked a batch at a time (clients.selectors.recent_notes_by): 60
    newer notes on a client gone from the caseload do not hide the older ones."""
    kept, moved = kept_and_moved
    now = timezone.now()
    older = [NoteFactory(client=kept, author=caseworker) for _ in range(12)]
    newer = [NoteFactory(client=moved, author=caseworker) for _ in range(60)]
    for age, note in enumerate(newer + older):  # the moved client's notes are the newest
        CaseNote.objects.filter(pk=note.pk).update(created_at=now - datetime.timedelta(minutes=age))
    client.force_login(caseworker)
    shown = client.get(reverse("dashboard")).context["recent_notes"]
    assert [n.pk for n in shown] == [n.pk for n in older[:10]]
