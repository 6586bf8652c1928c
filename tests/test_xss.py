"""Stored XSS: hostile text typed into any free-text field comes back escaped."""

import pytest
from django.urls import reverse

from .cases_factories import ClaimEventFactory, ClaimFactory, DeadlineFactory, LegalAidFactory
from .factories import AliasFactory, DependantFactory, NoteFactory
from .referrals_factories import PartnerFactory, ReferralFactory

PAYLOAD = '<script>alert("x")</script><img src=x onerror=alert(1)>'
ESCAPED = "&lt;script&gt;"


@pytest.fixture
def hostile(client_record, caseworker):
    client_record.family_name = PAYLOAD
    client_record.given_name = PAYLOAD
    client_record.save()
    AliasFactory(client=client_record, name=PAYLOAD)
    DependantFactory(client=client_record, name=PAYLOAD, notes=PAYLOAD)
    NoteFactory(client=client_record, author=caseworker, body=PAYLOAD)
    claim = ClaimFactory(client=client_record, created_by=caseworker, notes=PAYLOAD)
    ClaimEventFactory(claim=claim, note=PAYLOAD[:300])
    DeadlineFactory(client=client_record, assignee=caseworker, title=PAYLOAD, notes=PAYLOAD)
    LegalAidFactory(client=client_record, created_by=caseworker, notes=PAYLOAD)
    referral = ReferralFactory(
        client=client_record,
        created_by=caseworker,
        reason=PAYLOAD,
        partner=PartnerFactory(name=PAYLOAD),
    )
    return client_record, referral


@pytest.mark.parametrize(
    "page",
    [
        "clients:list",
        "clients:detail",
        "clients:notes",
        "clients:claim",
        "clients:legal_aid",
        "clients:referrals",
        "cases:deadline_list",
        "referrals:list",
        "referrals:detail",
        "dashboard",
    ],
)
def test_free_text_is_escaped(client, caseworker, hostile, page):
    record, referral = hostile
    client.force_login(caseworker)
    kwargs = {}
    if page.startswith("clients:") and page != "clients:list":
        kwargs = {"ref": record.reference}
    elif page == "referrals:detail":
        kwargs = {"pk": referral.pk}
    response = client.get(reverse(page, kwargs=kwargs))
    body = response.content.decode()
    assert response.status_code == 200
    assert PAYLOAD not in body
    assert "<img src=x" not in body
    assert ESCAPED in body
