"""/reports/: every figure against data built here with known answers, only over the
clients the viewer may see; exports; the anonymised export; bad input."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from cases.models import ClaimEvent, EventKind, LegalAidApplication, ProtectionClaim
from clients.models import Client, Vulnerability

from .cases_factories import ClaimFactory, DeadlineFactory, LegalAidFactory
from .factories import AssignmentFactory, ClientFactory
from .referrals_factories import PartnerFactory, ReferralFactory, ServiceFactory

D = datetime.date
PERIOD = {"from": "2025-01-01", "to": "2025-12-31"}
Stage, Outcome = ProtectionClaim.Stage, ProtectionClaim.Outcome


def at(day: D) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))


def team_client(worker, **kwargs) -> Client:
    record = ClientFactory(created_by=worker, intake_date=D(2025, 3, 1), **kwargs)
    AssignmentFactory(client=record, worker=worker, started_on=D(2025, 3, 1))
    return record


def claim(client, stage, outcome, *events):
    made = ClaimFactory(client=client, made_on=D(2025, 3, 10), stage=stage, outcome=outcome)
    for kind, day in events:
        ClaimEvent.objects.create(claim=made, kind=kind, date=day, recorded_by=made.created_by)
    return made


@pytest.fixture
def world(teams, caseworker, other_caseworker, supervisor, client_record):
    """Team A, in the period: 6 Pakistani women and 3 Afghan men (one closed)."""
    pk = [team_client(caseworker, nationality="PK", sex="female") for _ in range(6)]
    af = [team_client(caseworker, nationality="AF", sex="male") for _ in range(2)]
    af.append(
        team_client(
            caseworker, nationality="AF", sex="male", status="closed", closed_on=D(2025, 9, 1)
        )
    )
    team_client(caseworker, nationality="IN").__class__.objects.filter(nationality="IN").update(
        intake_date=D(2024, 5, 1)
    )  # before the period
    torture = Vulnerability.objects.create(name="Survivor of torture (test)")
    for record in pk[:3]:
        record.vulnerabilities.add(torture)
    # Claims: 4 decided at screening (1 substantiated), 2 also at appeal, 1 at court.
    decision = (EventKind.DECISION_SERVED, D(2025, 6, 1))
    for record in pk[:3]:
        claim(record, Stage.DECISION, Outcome.REJECTED, decision)
    claim(pk[3], Stage.DECISION, Outcome.SUBSTANTIATED, decision)
    for record in af[:2]:
        claim(
            record,
            Stage.APPEAL_DECIDED,
            Outcome.REJECTED,
            decision,
            (EventKind.APPEAL_LODGED, D(2025, 6, 10)),
            (EventKind.APPEAL_DECISION, D(2025, 9, 1)),
        )
    claim(
        af[2],
        Stage.JUDICIAL_REVIEW,
        Outcome.PENDING,
        (EventKind.DECISION_SERVED, D(2024, 12, 1)),  # before the period: not counted
        (EventKind.JR_LEAVE_FILED, D(2025, 2, 1)),
        (EventKind.JR_LEAVE_DECISION, D(2025, 5, 1)),
    )
    # Legal aid: duty lawyer 3 granted, 1 refused, 1 pending; LAD 2 refused.
    duty = LegalAidApplication.Scheme.DUTY_LAWYER
    for record, decision_ in zip(pk[:5], ["granted"] * 3 + ["refused", "pending"], strict=True):
        LegalAidFactory(
            client=record,
            scheme=duty,
            stage="screening",
            applied_on=D(2025, 4, 1),
            decision=decision_,
            decided_on=None if decision_ == "pending" else D(2025, 5, 1),
            refusal_ground="means" if decision_ == "refused" else "",
        )
    for record in af[:2]:
        LegalAidFactory(
            client=record,
            applied_on=D(2025, 4, 1),
            decision="refused",
            decided_on=D(2025, 5, 1),
            refusal_ground="merits",
        )
    # Referrals to one partner: 2 accepted, 1 declined, 1 sent (waiting).
    service = ServiceFactory(slug="test-shelter", name="Shelter")
    partner = PartnerFactory(name="Harbour Shelter Trust", services=[service])
    sent = {"sent_at": at(D(2025, 5, 2)), "sent_by": caseworker}
    for record, extra in [
        (pk[0], {"status": "accepted", "accepted_at": at(D(2025, 5, 3)), **sent}),
        (pk[1], {"status": "accepted", "accepted_at": at(D(2025, 5, 3)), **sent}),
        (pk[2], {"status": "declined", "declined_at": at(D(2025, 5, 3)), **sent}),
        (pk[3], {"status": "sent", **sent}),
    ]:
        ReferralFactory(
            client=record,
            partner=partner,
            service=service,
            created_by=caseworker,
            created_at=at(D(2025, 5, 1)),
            reason="Sleeping rough near the pier",
            **extra,
        )
    # Deadlines due in the period: 2 on time, 1 late, 1 missed, 1 voided (not counted).
    due = D(2025, 7, 1)
    for done in [
        at(due),
        at(due - datetime.timedelta(days=2)),
        at(due + datetime.timedelta(days=3)),
    ]:
        DeadlineFactory(
            client=pk[0], assignee=caseworker, due_on=due, done_at=done, done_by=caseworker
        )
    DeadlineFactory(client=pk[0], assignee=caseworker, due_on=due)
    DeadlineFactory(client=pk[0], assignee=caseworker, due_on=due, voided_at=at(due))
    # Team B, in the period, with a substantiated claim: never in Team A's figures.
    outsider = team_client(other_caseworker, nationality="PK", sex="female")
    claim(outsider, Stage.DECISION, Outcome.SUBSTANTIATED, decision)
    return {"pk": pk, "af": af, "outsider": outsider, "partner": partner}


def tables(response) -> dict[str, dict[str, list]]:
    report = response.context["report"]
    return {t.key: {str(row[0]): row[1:] for row in t.rows} for t in report.tables}


def get_report(as_user, user, **params):
    return as_user(user).get(reverse("reports:index"), {**PERIOD, **params})


def test_client_figures(as_user, supervisor, world):
    response = get_report(as_user, supervisor)
    assert response.status_code == 200
    assert response.context["report"].total_clients == 9
    t = tables(response)
    assert t["clients_status"] == {"Intake": [0], "Active": [8], "Closed": [1]}
    assert t["clients_nationality"] == {"Pakistan": [6], "Afghanistan": [3]}
    assert t["clients_gender"]["Female"] == [6]
    assert t["clients_gender"]["Male"] == [3]
    assert t["clients_vulnerability"] == {"Survivor of torture (test)": [3]}


def test_claim_figures_and_substantiation_by_level(as_user, supervisor, world):
    t = tables(get_report(as_user, supervisor))
    stage = t["claims_stage"]
    assert stage[str(Stage.DECISION.label)] == [4]
    assert stage[str(Stage.APPEAL_DECIDED.label)] == [2]
    assert stage[str(Stage.JUDICIAL_REVIEW.label)] == [1]
    assert sum(v[0] for v in stage.values()) == 7
    outcome = t["claims_outcome"]
    assert (outcome["Rejected"], outcome["Substantiated"], outcome["Pending"]) == ([5], [1], [1])
    levels = list(t["claims_substantiation"].values())
    assert levels == [[6, 1, 16.7], [2, 0, 0.0], [1, 0, 0.0]]


def test_legal_aid_figures(as_user, supervisor, world):
    t = tables(get_report(as_user, supervisor))["legal_aid"]
    duty = t[str(LegalAidApplication.Scheme.DUTY_LAWYER.label)]
    assert duty == [5, 1, 3, 1, 0, 75.0]
    lad = t[str(LegalAidApplication.Scheme.LEGAL_AID_DEPARTMENT.label)]
    assert lad == [2, 0, 0, 2, 0, 0.0]
    assert t[str(LegalAidApplication.Scheme.PRO_BONO.label)] == [0, 0, 0, 0, 0, None]


def test_referral_and_deadline_figures(as_user, supervisor, world):
    t = tables(get_report(as_user, supervisor))
    assert t["referrals_partner"] == {"Harbour Shelter Trust": [4, 1, 2, 1, 0, 0]}
    assert t["referrals_service"] == {"Shelter": [4, 1, 2, 1, 0, 0]}
    status = t["referrals_status"]
    assert (status["Accepted"], status["Declined"], status["Sent"]) == ([2], [1], [1])
    assert t["deadlines"] == {
        "Met on time": [2],
        "Met late": [1],
        "Past due, not done": [1],
        "Not yet due": [0],
    }


def test_other_team_counts_only_its_own(as_user, other_supervisor, world):
    response = get_report(as_user, other_supervisor)
    assert response.context["report"].total_clients == 1
    t = tables(response)
    assert next(iter(t["claims_substantiation"].values())) == [1, 1, 100.0]
    assert t["clients_nationality"] == {"Pakistan": [1]}


def test_team_filter(as_user, supervisor, teams, world):
    team_a, team_b = teams
    team_b.supervisors.add(supervisor)
    everyone = get_report(as_user, supervisor)
    assert everyone.context["report"].total_clients == 10
    only_b = get_report(as_user, supervisor, team=team_b.pk)
    assert only_b.context["report"].total_clients == 1
    only_a = get_report(as_user, supervisor, team=team_a.pk)
    assert only_a.context["report"].total_clients == 9


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"from": "2026-13-01"}, "Enter a valid date"),
        ({"to": "yesterday"}, "Enter a valid date"),
        ({"from": "2025-12-31", "to": "2025-01-01"}, "The period is reversed"),
        ({"team": "abc"}, "is not one of the teams you supervise"),
    ],
)
def test_bad_filters_are_explained_and_kept(as_user, supervisor, world, params, message):
    response = get_report(as_user, supervisor, **params)
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert response.context["report"] is None
    for value in params.values():
        assert f'value="{value}"' in page or f'value="{value}" selected' in page or value == "abc"


def test_another_supervisors_team_is_unknown(as_user, supervisor, teams, world):
    response = get_report(as_user, supervisor, team=teams[1].pk)
    assert "is not one of the teams you supervise" in response.content.decode()
    assert response.context["report"] is None


def test_empty_period_says_so(as_user, supervisor, world):
    response = as_user(supervisor).get(
        reverse("reports:index"), {"from": "2010-01-01", "to": "2010-12-31"}
    )
    assert response.context["report"].is_empty
    assert "No records in this period" in response.content.decode()


def test_default_period_is_the_last_year(as_user, supervisor, world):
    response = as_user(supervisor).get(reverse("reports:index"))
    report = response.context["report"]
    assert report.end == timezone.localdate()
    assert report.start == timezone.localdate() - datetime.timedelta(days=365)


def csv_rows(response) -> list[list[str]]:
    text = b"".join(response.streaming_content if response.streaming else [response.content])
    return list(csv.reader(io.StringIO(text.decode("utf-8-sig"))))


def test_csv_export_has_every_table(as_user, supervisor, world):
    response = as_user(supervisor).get(reverse("reports:export", args=["csv"]), PERIOD)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = csv_rows(response)
    assert ["Harbour Shelter Trust", "4", "1", "2", "1", "0", "0"] in rows
    assert ["Pakistan", "6"] in rows
    assert any(r and r[0] == "Substantiation rate at each level" for r in rows)


def test_xlsx_export(as_user, supervisor, world):
    response = as_user(supervisor).get(reverse("reports:export", args=["xlsx"]), PERIOD)
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    sheet = book["Clients by nationality"]
    assert [list(r) for r in sheet.iter_rows(min_row=2, max_row=3, values_only=True)] == [
        ["Pakistan", 6],
        ["Afghanistan", 3],
    ]


def test_export_with_bad_filters_is_refused(as_user, supervisor, world):
    response = as_user(supervisor).get(reverse("reports:export", args=["csv"]), {"from": "x"})
    assert response.status_code == 400
    assert "Nothing was exported" in response.content.decode()
    assert as_user(supervisor).get(reverse("reports:export", args=["pdf"])).status_code == 404


def test_anonymised_export_has_no_identifier_and_no_small_cell(as_user, supervisor, world):
    response = as_user(supervisor).get(reverse("reports:anonymised", args=["csv"]), PERIOD)
    assert response.status_code == 200
    rows = csv_rows(response)
    text = "\n".join(",".join(r) for r in rows)
    records = Client.objects.all()
    for record in records:
        for identifying in (record.reference, record.family_name, record.given_name):
            assert identifying not in text
        if record.immd_file_number:
            assert record.immd_file_number not in text
    for free_text in ("Sleeping rough", "Harbour Shelter Trust", "Chan Tai Man", "Team A"):
        assert free_text not in text
    assert "1990-05-17" not in text  # dates of birth
    counts = [int(cell) for row in rows[3:] for cell in row[1:] if cell.isdigit()]
    assert counts, "the export should still carry the figures that are safe"
    assert all(n >= 5 for n in counts), f"small cells: {[n for n in counts if n < 5]}"
    assert ["Afghanistan", "<5"] in rows
    # A rate from a hidden count is hidden too: 1 of 6 substantiated would reveal the 1.
    screening = next(r for r in rows if r and r[0].startswith("Screening (Immigration"))
    assert screening[2:] == ["<5", "—"]


def test_anonymised_export_hides_a_second_cell_when_one_could_be_worked_out(
    as_user, supervisor, world
):
    """Status: 8 active, 1 closed, 0 intake. With only the 1 hidden, 9 - 8 would reveal it."""
    rows = csv_rows(as_user(supervisor).get(reverse("reports:anonymised", args=["csv"]), PERIOD))
    start = rows.index(["Clients by status"])
    status = {r[0]: r[1] for r in rows[start + 2 : start + 5]}
    assert status == {"Intake": "<5", "Active": "8", "Closed": "<5"}
    # Nationality has 6 and 3: the 3 is hidden, so the 6 must go too.
    nationality = rows.index(["Clients by nationality"])
    assert rows[nationality + 2 : nationality + 4] == [["Pakistan", "<5"], ["Afghanistan", "<5"]]


def test_anonymised_xlsx(as_user, supervisor, world):
    response = as_user(supervisor).get(reverse("reports:anonymised", args=["xlsx"]), PERIOD)
    book = load_workbook(io.BytesIO(response.content))
    values = [
        v for sheet in book.worksheets[1:] for row in sheet.iter_rows(values_only=True) for v in row
    ]
    assert not any(isinstance(v, int) and v < 5 for v in values)
    assert "Harbour Shelter Trust" not in values
