"""Moving in from spreadsheets: preview with every row's errors, all or nothing, and a
re-import that adds nothing."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from cases.models import ProtectionClaim
from clients.models import Client, ClientAlias, ClientAssignment
from supervision.models import ImportBatch, ImportedRecord

HEADER = (
    "source_id,family_name,given_name,sex,date_of_birth,nationality,intake_date,aliases,"
    "lead_worker,support_worker,claim_made_on,country_of_feared_harm,claim_outcome,consent_method"
)
GOOD = [
    "S-1,Karimi,Leila,female,1991-02-03,AF,2024-05-01,Leyla Karimi;L. Karimi,caseworker,"
    "psychosocial,2024-05-10,Afghanistan,rejected,written",
    "S-2,Osei,Kwame,male,,Ghana,2024-06-01,,caseworker@example.org,,,,,",
]
BAD = [
    "S-3,,Nameless,female,1990-13-40,Atlantis,,,nobody,,,,,",
    "S-1,Duplicate,Row,robot,,,,,,,2024-01-01,,,",
]


def csv_file(*lines: str, name: str = "caseload.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, ("\n".join([HEADER, *lines]) + "\n").encode(), "text/csv")


def upload(http, file) -> object:
    return http.post(reverse("supervision:import_upload"), {"file": file})


def test_preview_saves_nothing_and_confirm_imports_everything(
    as_user, supervisor, caseworker, psychosocial_worker, teams
):
    http = as_user(supervisor)
    response = upload(http, csv_file(*GOOD))
    batch = ImportBatch.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("supervision:import_preview", args=[batch.pk])
    preview = http.get(response.url)
    assert preview.context["preview"].new_rows == 2 and not preview.context["preview"].has_errors
    assert not Client.objects.exists()  # nothing saved by the preview
    done = http.post(response.url)
    assert done.status_code == 302
    karimi = Client.objects.get(family_name="Karimi")
    assert karimi.status == Client.Status.ACTIVE and karimi.nationality == "AF"
    assert karimi.reference.startswith("JC-2024-")
    assert set(ClientAlias.objects.filter(client=karimi).values_list("name", flat=True)) == {
        "Leyla Karimi",
        "L. Karimi",
    }
    roles = {(a.worker, a.role) for a in karimi.assignments.all()}
    assert roles == {
        (caseworker, ClientAssignment.Role.LEAD),
        (psychosocial_worker, ClientAssignment.Role.SUPPORT),
    }
    claim = ProtectionClaim.objects.get(client=karimi)
    assert (claim.outcome, claim.country_of_feared_harm.code) == ("rejected", "AF")
    assert karimi.consents.count() == 1
    osei = Client.objects.get(family_name="Osei")
    assert osei.nationality == "GH"
    assert osei.assignments.get().worker == caseworker  # found by email
    batch.refresh_from_db()
    assert (batch.status, batch.created_count, batch.rows) == ("imported", 2, [])
    # Visible to the importing supervisor, through their team.
    assert http.get(karimi.get_absolute_url()).status_code == 200


def test_reimporting_the_same_file_adds_nothing(as_user, supervisor, teams, caseworker):
    http = as_user(supervisor)
    first = upload(http, csv_file(*GOOD))
    http.post(first.url)
    second = upload(http, csv_file(*GOOD))
    preview = http.get(second.url).context["preview"]
    assert (preview.new_rows, preview.skip_rows) == (0, 2)
    http.post(second.url)
    assert Client.objects.count() == 2
    assert ImportedRecord.objects.count() == 2
    # A file with one old and one new row adds only the new one.
    third = upload(http, csv_file(GOOD[0], "S-9,Mensah,Ama,female,,GH,,,,,,,,"))
    http.post(third.url)
    assert Client.objects.count() == 3


def test_every_row_error_is_listed_and_nothing_is_imported(as_user, supervisor, teams, caseworker):
    http = as_user(supervisor)
    response = upload(http, csv_file(*GOOD, *BAD))
    page = http.get(response.url)
    preview = page.context["preview"]
    assert preview.error_rows == 2
    errors = {p.line: " ".join(p.errors) for p in preview.plans if p.errors}
    assert set(errors) == {4, 5}
    assert "family_name" in errors[4]
    assert "date_of_birth" in errors[4] and "Atlantis" in errors[4] and "nobody" in errors[4]
    assert "also on line 2" in errors[5] and "robot" in errors[5]
    assert "country_of_feared_harm" in errors[5]
    text = page.content.decode()
    assert "Nothing can be imported until every error below is corrected" in text
    confirm = http.post(response.url)
    assert confirm.status_code == 200
    assert not Client.objects.exists()  # all or nothing: the good rows wait too


def test_workers_outside_the_team_are_an_error(as_user, supervisor, teams, other_caseworker):
    http = as_user(supervisor)
    response = upload(http, csv_file("S-1,Karimi,Leila,female,,,,,other,,,,,"))
    plans = http.get(response.url).context["preview"].plans
    assert "no active caseworker" in plans[0].errors[0]


def test_xlsx_import(as_user, supervisor, teams, caseworker):
    book = Workbook()
    sheet = book.active
    sheet.append(["Source ID", "Family name", "Given name", "Date of birth", "Lead worker"])
    sheet.append(["X-1", "Haddad", "Rami", datetime.date(1985, 1, 2), "caseworker"])
    buffer = io.BytesIO()
    book.save(buffer)
    http = as_user(supervisor)
    response = upload(http, SimpleUploadedFile("caseload.xlsx", buffer.getvalue()))
    http.post(response.url)
    client = Client.objects.get()
    assert (client.family_name, client.date_of_birth.isoformat()) == ("Haddad", "1985-01-02")


@pytest.mark.parametrize(
    ("file", "message"),
    [
        (SimpleUploadedFile("notes.txt", b"hello"), "Upload a .csv or .xlsx file."),
        (SimpleUploadedFile("broken.xlsx", b"not a zip"), "not a readable XLSX"),
        (SimpleUploadedFile("a.csv", b"name,age\nx,1\n"), "missing: source_id, family_name"),
        (SimpleUploadedFile("a.csv", HEADER.encode()), "no rows"),
    ],
)
def test_unreadable_files_are_explained(as_user, supervisor, file, message):
    response = upload(as_user(supervisor), file)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ImportBatch.objects.exists()


def test_another_supervisors_batch_is_not_found(as_user, supervisor, other_supervisor, teams):
    response = upload(as_user(supervisor), csv_file(*GOOD))
    assert as_user(other_supervisor).get(response.url).status_code == 404
    assert as_user(other_supervisor).post(response.url).status_code == 404
    assert not Client.objects.exists()
