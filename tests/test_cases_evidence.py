"""The evidence bundle of a claim: tagging, order, the pages, the download and who may."""

import datetime
import re

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import AccessGrant
from accounts.roles import Role
from cases import evidence
from cases.models import ClaimGround, EvidenceItem
from clients.models import Document
from clients.services import soft_delete

from .cases_factories import ClaimFactory
from .evidence_files import (
    BROKEN_PDF,
    DOCX,
    DOCX_BYTES,
    PDF,
    PNG,
    add_document,
    image_bytes,
    page_texts,
    pdf_bytes,
)
from .factories import UserFactory


@pytest.fixture
def claim(client_record, caseworker):
    return ClaimFactory(client=client_record, created_by=caseworker, claim_number="NR-2024-0457")


@pytest.fixture
def docs(client_record, caseworker) -> dict[str, Document]:
    """The client's file: two PDFs, a photo, a Word statement and a PDF that is damaged."""

    def add(title, content, content_type):
        return add_document(
            client_record, caseworker, title=title, content=content, content_type=content_type
        )

    return {
        "medical": add("Medical report", pdf_bytes(3, "MEDICAL"), PDF),
        "photo": add("Photograph of scars", image_bytes((600, 900)), PNG),
        "statement": add("Witness statement", DOCX_BYTES, DOCX),
        "scan": add("Scanned police summons", BROKEN_PDF, PDF),
        "country": add("Country report", pdf_bytes(2, "COUNTRY"), PDF),
    }


def tag(claim, document, by, **fields) -> EvidenceItem:
    values = {"ground": "", "issue": "", "date": None, "notes": ""} | fields
    if not values["ground"] and not values["issue"]:
        values["ground"] = ClaimGround.TORTURE
    return evidence.evidence_tag(claim=claim, document=document, by=by, **values)


def order(claim) -> list[str]:
    return [item.document.title for item in evidence.evidence_of(claim)]


def url(name, claim_or_item, *args) -> str:
    client = (
        claim_or_item.client if hasattr(claim_or_item, "client") else claim_or_item.claim.client
    )
    return reverse(name, args=[client.reference, claim_or_item.pk, *args])


@pytest.fixture
def counsel(client_record, supervisor):
    lawyer = UserFactory(
        username="counsel", full_name="Barrister Yip", roles=[Role.OUTSIDE_COUNSEL]
    )
    AccessGrant.objects.create(
        user=lawyer,
        client=client_record,
        kind=AccessGrant.Kind.OUTSIDE_COUNSEL,
        reason="Appeal to the Torture Claims Appeal Board",
        ends_at=timezone.now() + datetime.timedelta(days=10),
        granted_by=supervisor,
    )
    return lawyer


# -- the model and services ---------------------------------------------------------------


def test_tagging_appends_to_the_bundle_in_order(claim, docs, caseworker):
    first = tag(claim, docs["medical"], caseworker, date=datetime.date(2025, 11, 3))
    second = tag(claim, docs["photo"], caseworker, issue="Credibility")
    assert (first.position, second.position) == (1, 2)
    assert order(claim) == ["Medical report", "Photograph of scars"]
    assert first.topic == "Torture (Immigration Ordinance Part VIIC)"
    assert second.topic == "Credibility"


def test_a_document_of_another_client_cannot_be_tagged(claim, other_client, other_caseworker):
    theirs = add_document(
        other_client, other_caseworker, title="Their report", content=b"%PDF-", content_type=PDF
    )
    with pytest.raises(ValidationError) as error:
        tag(claim, theirs, other_caseworker)
    assert "not in this client's file" in error.value.message_dict["document"][0]
    assert not EvidenceItem.objects.exists()


def test_a_document_goes_in_a_claims_bundle_once(claim, docs, caseworker):
    tag(claim, docs["medical"], caseworker)
    with pytest.raises(ValidationError, match="already in the claim's bundle"):
        tag(claim, docs["medical"], caseworker, issue="Credibility")
    # ...but the same document can support another claim of the client.
    later = ClaimFactory(client=claim.client, created_by=caseworker)
    assert tag(later, docs["medical"], caseworker).position == 1


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"ground": "", "issue": "  "}, "ground", "Choose the ground"),
        ({"ground": ClaimGround.PERSECUTION}, "ground", "does not raise persecution"),
        (
            # A callable: the date is worked out when the test runs, not at collection,
            # which may have been before midnight in Hong Kong.
            {"issue": "x", "date": lambda: timezone.localdate() + datetime.timedelta(days=1)},
            "date",
            "cannot be dated in the future",
        ),
    ],
)
def test_bad_tags_are_refused_with_a_clear_message(claim, docs, caseworker, fields, field, message):
    claim.ground_persecution = False
    claim.save()
    fields = {name: value() if callable(value) else value for name, value in fields.items()}
    values = {"ground": "", "issue": "", "date": None, "notes": ""} | fields
    with pytest.raises(ValidationError) as error:
        evidence.evidence_tag(claim=claim, document=docs["medical"], by=caseworker, **values)
    assert message in " ".join(error.value.message_dict[field])
    assert not EvidenceItem.objects.exists()


def test_moving_and_untagging_keep_positions_without_gaps(claim, docs, caseworker):
    items = [tag(claim, docs[name], caseworker) for name in ("medical", "photo", "country")]
    assert evidence.evidence_move(item=items[2], direction="up")
    assert order(claim) == ["Medical report", "Country report", "Photograph of scars"]
    assert not evidence.evidence_move(item=items[0], direction="up")  # already first
    evidence.evidence_untag(item=items[0])
    assert order(claim) == ["Country report", "Photograph of scars"]
    assert [i.position for i in evidence.evidence_of(claim)] == [1, 2]
    assert Document.objects.filter(pk=docs["medical"].pk).exists()


def test_changes_to_the_bundle_are_filed_under_the_client(claim, docs, caseworker, client_record):
    item = tag(claim, docs["medical"], caseworker)
    evidence.evidence_update(item=item, ground="", issue="Credibility", date=None, notes="")
    entries = LogEntry.objects.filter(
        additional_data__client_id=client_record.pk, content_type__model="evidenceitem"
    )
    assert set(entries.values_list("action", flat=True)) == {
        LogEntry.Action.CREATE,
        LogEntry.Action.UPDATE,
    }


# -- the pages ------------------------------------------------------------------------------


def test_the_claim_tab_links_to_the_bundle(client, caseworker, claim):
    client.force_login(caseworker)
    page = client.get(reverse("clients:claim", args=[claim.client.reference])).content.decode()
    assert url("cases:evidence_list", claim) in page


def test_the_list_shows_the_bundle_in_order_and_warns_about_office_files(
    client, caseworker, claim, docs
):
    tag(claim, docs["statement"], caseworker, issue="Credibility")
    tag(claim, docs["medical"], caseworker, date=datetime.date(2025, 11, 3))
    client.force_login(caseworker)
    page = client.get(url("cases:evidence_list", claim)).content.decode()
    assert page.index("Witness statement") < page.index("Medical report")
    assert "2025-11-03" in page
    assert page.count("Not included in the PDF: convert to PDF first") == 1
    assert url("cases:evidence_add", claim) in page


def test_tagging_through_the_page(client, caseworker, claim, docs):
    client.force_login(caseworker)
    form = client.get(url("cases:evidence_add", claim)).content.decode()
    assert "cannot go in the PDF" in form  # the Word file, said before it is chosen
    response = client.post(
        url("cases:evidence_add", claim),
        {
            "document": docs["medical"].pk,
            "ground": "torture",
            "issue": "",
            "date": "2025-11-03",
            "notes": "Dr Lam, Queen Mary Hospital",
        },
    )
    assert response.status_code == 302
    item = EvidenceItem.objects.get()
    assert (item.document, item.ground, item.date) == (
        docs["medical"],
        "torture",
        datetime.date(2025, 11, 3),
    )
    assert item.added_by == caseworker
    # Once in the bundle, it is no longer offered.
    form = client.get(url("cases:evidence_add", claim)).content.decode()
    assert f'value="{docs["medical"].pk}"' not in form


def test_bad_input_keeps_the_form_and_saves_nothing(client, caseworker, claim, docs):
    client.force_login(caseworker)
    response = client.post(
        url("cases:evidence_add", claim),
        {"document": docs["medical"].pk, "ground": "", "issue": "", "date": "1925-01-01"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Choose the ground the document supports, or describe the issue." in page
    assert "too far in the past" in page
    assert not EvidenceItem.objects.exists()


def test_another_clients_document_cannot_be_chosen(
    client, caseworker, claim, other_client, other_caseworker
):
    theirs = add_document(
        other_client, other_caseworker, title="Their report", content=b"%PDF-", content_type=PDF
    )
    client.force_login(caseworker)
    response = client.post(
        url("cases:evidence_add", claim), {"document": theirs.pk, "issue": "Credibility"}
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not EvidenceItem.objects.exists()


def test_editing_an_entry(client, caseworker, claim, docs):
    item = tag(claim, docs["medical"], caseworker)
    client.force_login(caseworker)
    response = client.post(
        url("cases:evidence_edit", item),
        {
            "ground": "",
            "issue": "Medical evidence of torture",
            "date": "2025-10-01",
            "notes": "",
            "version": item.updated_at.isoformat(),  # the version the form was opened at
        },
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.ground, item.issue, item.date) == (
        "",
        "Medical evidence of torture",
        datetime.date(2025, 10, 1),
    )


def test_moving_and_removing_through_the_page(client, caseworker, claim, docs):
    items = [tag(claim, docs[name], caseworker) for name in ("medical", "photo")]
    client.force_login(caseworker)
    assert client.get(url("cases:evidence_move", items[1])).status_code == 405
    client.post(url("cases:evidence_move", items[1]), {"direction": "up"})
    assert order(claim) == ["Photograph of scars", "Medical report"]
    client.post(url("cases:evidence_move", items[1]), {"direction": "sideways"})
    assert order(claim) == ["Photograph of scars", "Medical report"]
    client.post(url("cases:evidence_remove", items[1]))
    assert order(claim) == ["Medical report"]


# -- the download ---------------------------------------------------------------------------


def download(client, claim, **params):
    response = client.get(url("cases:evidence_bundle", claim), params)
    assert response.status_code == 200
    return response


def test_the_bundle_download(client, caseworker, claim, docs):
    for name in ("medical", "photo", "statement", "scan", "country"):
        tag(claim, docs[name], caseworker, issue=f"Issue {name}")
    client.force_login(caseworker)
    response = download(client, claim, title="Appeal to the Torture Claims Appeal Board")

    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="evidence-bundle-{claim.client.reference}-claim-{claim.pk}.pdf"'
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"

    texts = page_texts(response.content)
    # Index, medical (3), photo (1), country (2): the Word file and the damaged scan are listed.
    assert len(texts) == 1 + 3 + 1 + 2
    assert "Page 3 of 7" in texts[2]
    assert "MEDICAL page 2" in texts[2]
    assert "COUNTRY page 2" in texts[6]
    index = " ".join(texts[0].split())
    assert "Appeal to the Torture Claims Appeal Board" in index
    assert claim.client.reference in index
    assert "NR-2024-0457" in index
    assert claim.client.family_name not in index  # reference and claim number only
    titles = ["Medical report", "Photograph", "Witness statement", "Scanned police", "Country"]
    positions = [index.index(title) for title in titles]
    assert positions == sorted(positions)
    assert re.search(r"Medical report Undated Issue medical 2-4", index)
    assert re.search(r"Photograph of scars Undated Issue photo 5 ", index)
    assert re.search(r"Witness statement Undated Issue statement Not included: convert", index)
    assert re.search(r"Scanned police summons Undated Issue scan Not included: the PDF is", index)
    assert re.search(r"Country report Undated Issue country 6-7", index)


def test_reordering_changes_the_bundle(client, caseworker, claim, docs):
    medical = tag(claim, docs["medical"], caseworker)
    country = tag(claim, docs["country"], caseworker)
    client.force_login(caseworker)
    before = page_texts(download(client, claim).content)
    assert "MEDICAL page 1" in before[1]

    client.post(url("cases:evidence_move", country), {"direction": "up"})
    after = page_texts(download(client, claim).content)
    assert "COUNTRY page 1" in after[1]
    assert "MEDICAL page 1" in after[3]
    index = " ".join(after[0].split())
    assert index.index("Country report") < index.index("Medical report")
    assert re.search(r"Country report .*? 2-3", index)
    assert re.search(r"Medical report .*? 4-6", index)
    assert medical.pk != country.pk


def test_the_download_is_on_the_audit_trail(client, caseworker, claim, docs):
    tag(claim, docs["medical"], caseworker)
    client.force_login(caseworker)
    download(client, claim)
    entry = LogEntry.objects.get(
        action=LogEntry.Action.ACCESS, additional_data__what="evidence bundle"
    )
    assert entry.actor == caseworker
    assert entry.additional_data["client_id"] == claim.client_id
    assert (entry.content_type.model, entry.object_pk) == ("protectionclaim", str(claim.pk))


def test_a_missing_stored_file_is_listed_not_a_500(client, caseworker, claim, docs):
    tag(claim, docs["medical"], caseworker)
    docs["medical"].file.delete(save=False)
    client.force_login(caseworker)
    texts = page_texts(download(client, claim).content)
    assert len(texts) == 1
    assert "Not included: the stored file is missing" in " ".join(texts[0].split())


def test_a_document_deleted_from_the_file_drops_out_of_the_bundle(client, caseworker, claim, docs):
    tag(claim, docs["medical"], caseworker)
    tag(claim, docs["country"], caseworker)
    soft_delete(record=docs["medical"], by=caseworker)
    client.force_login(caseworker)
    assert "Medical report" not in client.get(url("cases:evidence_list", claim)).content.decode()
    texts = page_texts(download(client, claim).content)
    assert len(texts) == 1 + 2
    assert "Medical report" not in texts[0]
    with pytest.raises(ValidationError, match="has been deleted"):
        tag(ClaimFactory(client=claim.client, created_by=caseworker), docs["medical"], caseworker)


# -- who may --------------------------------------------------------------------------------


def test_outside_counsel_read_and_download_but_do_not_edit(
    client, counsel, claim, docs, caseworker
):
    item = tag(claim, docs["medical"], caseworker)
    client.force_login(counsel)
    page = client.get(url("cases:evidence_list", claim))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Medical report" in html
    assert url("cases:evidence_add", claim) not in html
    assert url("cases:evidence_move", item) not in html
    assert len(page_texts(download(client, claim).content)) == 4

    assert client.get(url("cases:evidence_add", claim)).status_code == 404
    assert client.get(url("cases:evidence_edit", item)).status_code == 404
    assert client.post(url("cases:evidence_move", item), {"direction": "up"}).status_code == 404
    assert client.post(url("cases:evidence_remove", item)).status_code == 404
    assert EvidenceItem.objects.filter(pk=item.pk).exists()


def test_outside_scope_is_404(client, other_caseworker, claim, docs, caseworker):
    item = tag(claim, docs["medical"], caseworker)
    client.force_login(other_caseworker)
    for name in ("cases:evidence_list", "cases:evidence_bundle", "cases:evidence_add"):
        assert client.get(url(name, claim)).status_code == 404
    assert client.post(url("cases:evidence_remove", item)).status_code == 404
    assert EvidenceItem.objects.filter(pk=item.pk).exists()
    assert not LogEntry.objects.filter(additional_data__what="evidence bundle").exists()


def test_a_claim_or_entry_of_another_client_is_404_under_this_clients_reference(
    client, caseworker, claim, docs, other_client, other_caseworker
):
    their_claim = ClaimFactory(client=other_client, created_by=other_caseworker)
    theirs = add_document(
        other_client, other_caseworker, title="Their report", content=b"%PDF-", content_type=PDF
    )
    their_item = tag(their_claim, theirs, other_caseworker)
    client.force_login(caseworker)
    mine = claim.client.reference
    for name in ("cases:evidence_list", "cases:evidence_bundle", "cases:evidence_add"):
        assert client.get(reverse(name, args=[mine, their_claim.pk])).status_code == 404
    for name in ("cases:evidence_move", "cases:evidence_remove"):
        target = reverse(name, args=[mine, their_item.pk])
        assert client.post(target, {"direction": "up"}).status_code == 404
    assert client.get(reverse("cases:evidence_edit", args=[mine, their_item.pk])).status_code == 404
    assert EvidenceItem.objects.filter(pk=their_item.pk).exists()


def test_the_list_costs_the_same_queries_whatever_its_length(client, caseworker, claim):
    def add_rows(n):
        for i in range(n):
            document = add_document(
                claim.client,
                caseworker,
                title=f"Exhibit {EvidenceItem.objects.count()} {i}",
                content=b"%PDF-",
                content_type=PDF,
            )
            tag(claim, document, caseworker)

    client.force_login(caseworker)
    target = url("cases:evidence_list", claim)
    add_rows(3)
    client.get(target)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(target).status_code == 200
        return len(queries)

    with_3 = count()
    add_rows(27)
    assert count() == with_3
