"""The consent rule: an outbound referral is sent only with the client's consent in force
to share with that partner, and its letter carries only what that consent covers."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from clients.models import Consent, Vulnerability
from referrals import services
from referrals.models import Referral
from referrals.selectors import sharing_consent_in_force

from .factories import DependantFactory
from .referrals_factories import (
    CoverageFactory,
    PartnerFactory,
    ReferralFactory,
    ServiceFactory,
    SharingConsentFactory,
)

TODAY = timezone.localdate


@pytest.fixture
def partner():
    return PartnerFactory(name="Harbour Light Night Shelter", services=[ServiceFactory()])


@pytest.fixture
def draft(client_record, caseworker, partner):
    return ReferralFactory(
        client=client_record,
        partner=partner,
        service=partner.services.first(),
        created_by=caseworker,
        reason="Evicted last week; sleeping at the ferry pier.",
    )


def consent(client, partner, by, *, given=True, days_ago=0, items=("reason",)):
    return services.sharing_consent_record(
        client=client,
        partner=partner,
        by=by,
        given=given,
        method=Consent.Method.VERBAL_INTERPRETER,
        on=TODAY() - datetime.timedelta(days=days_ago),
        items=items,
    )


def test_cannot_send_without_consent(draft, caseworker):
    with pytest.raises(ValidationError) as raised:
        services.referral_send(referral=draft, by=caseworker)
    message = " ".join(raised.value.messages)
    assert "no consent in force" in message
    assert "Harbour Light Night Shelter" in message
    draft.refresh_from_db()
    assert draft.status == Referral.Status.DRAFT


def test_sends_with_consent_and_remembers_which(draft, caseworker, client_record, partner):
    given = consent(client_record, partner, caseworker)
    services.referral_send(referral=draft, by=caseworker)
    draft.refresh_from_db()
    assert draft.status == Referral.Status.SENT
    assert draft.consent == given


def test_consent_to_another_partner_does_not_count(draft, caseworker, client_record):
    consent(client_record, PartnerFactory(), caseworker)
    with pytest.raises(ValidationError, match="no consent in force"):
        services.referral_send(referral=draft, by=caseworker)


def test_free_text_scope_without_partner_does_not_count(draft, caseworker, client_record):
    SharingConsentFactory(client=client_record, partner=None, scope="Harbour Light Night Shelter")
    with pytest.raises(ValidationError, match="no consent in force"):
        services.referral_send(referral=draft, by=caseworker)


def test_withdrawal_stops_new_referrals_being_sent(draft, caseworker, client_record, partner):
    consent(client_record, partner, caseworker, days_ago=10)
    consent(client_record, partner, caseworker, given=False, days_ago=2)
    assert sharing_consent_in_force(client=client_record, partner=partner) is None
    with pytest.raises(ValidationError, match="no consent in force"):
        services.referral_send(referral=draft, by=caseworker)


def test_withdrawal_the_same_day_counts_as_latest(draft, caseworker, client_record, partner):
    consent(client_record, partner, caseworker)
    consent(client_record, partner, caseworker, given=False)
    with pytest.raises(ValidationError):
        services.referral_send(referral=draft, by=caseworker)


def test_consent_given_again_after_withdrawal(draft, caseworker, client_record, partner):
    consent(client_record, partner, caseworker, days_ago=10)
    consent(client_record, partner, caseworker, given=False, days_ago=5)
    again = consent(client_record, partner, caseworker, days_ago=1)
    services.referral_send(referral=draft, by=caseworker)
    draft.refresh_from_db()
    assert draft.consent == again


def test_backdated_old_consent_does_not_override_a_later_withdrawal(
    draft, caseworker, client_record, partner
):
    consent(client_record, partner, caseworker, given=False, days_ago=1)
    consent(client_record, partner, caseworker, days_ago=30)  # recorded now, about long ago
    assert sharing_consent_in_force(client=client_record, partner=partner) is None


def test_inactive_partner_cannot_be_sent_to(draft, caseworker, client_record, partner):
    consent(client_record, partner, caseworker)
    partner.active = False
    partner.save()
    with pytest.raises(ValidationError) as raised:
        services.referral_send(referral=draft, by=caseworker)
    assert "no longer an active partner" in " ".join(raised.value.messages)


def test_internal_and_inbound_need_no_sharing_consent(client_record, caseworker):
    internal = services.referral_create(
        referral=Referral(
            direction=Referral.Direction.INTERNAL,
            client=client_record,
            to_team=Referral.Team.PSYCHOSOCIAL,
            reason="Counselling",
        ),
        by=caseworker,
    )
    services.referral_send(referral=internal, by=caseworker)
    assert internal.status == Referral.Status.SENT


# -- Through the pages -----------------------------------------------------------------------


def test_send_button_without_consent_explains(draft, caseworker, as_user):
    http = as_user(caseworker)
    response = http.post(reverse("referrals:transition", args=[draft.pk, "sent"]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "no consent in force from the client to share their information with" in body
    assert "The referral was not changed" in body


def test_record_consent_on_the_referral_then_send(draft, caseworker, as_user, client_record):
    http = as_user(caseworker)
    url = reverse("referrals:consent", args=[draft.pk])
    response = http.post(url, {"given": "yes", "method": "", "on": "2999-01-01"})
    assert response.status_code == 200  # errors shown, nothing saved
    assert not Consent.objects.filter(client=client_record, partner=draft.partner).exists()
    response = http.post(
        url,
        {"given": "yes", "method": "written", "on": TODAY().isoformat(), "items": ["reason"]},
    )
    assert response.status_code == 302
    saved = Consent.objects.get(client=client_record, partner=draft.partner)
    assert saved.kind == Consent.Kind.REFERRAL_SHARING
    assert saved.coverage.items == ["reason"]
    assert saved.recorded_by == caseworker
    assert http.post(reverse("referrals:transition", args=[draft.pk, "sent"])).status_code == 302


def test_withdrawal_through_the_page(draft, caseworker, as_user, client_record, partner):
    consent(client_record, partner, caseworker, days_ago=3)
    http = as_user(caseworker)
    response = http.post(
        reverse("referrals:consent", args=[draft.pk]),
        {"given": "no", "method": "verbal", "on": TODAY().isoformat()},
        follow=True,
    )
    assert "Consent withdrawn: no new referral to Harbour Light Night Shelter" in (
        response.content.decode()
    )
    assert sharing_consent_in_force(client=client_record, partner=partner) is None


def test_clients_consent_form_can_name_the_partner(client_record, caseworker, as_user, partner):
    http = as_user(caseworker)
    response = http.post(
        reverse("clients:consent_add", args=[client_record.reference]),
        {
            "kind": "referral_sharing",
            "given": "on",
            "partner": partner.pk,
            "scope": "",
            "method": "written",
            "on": TODAY().isoformat(),
        },
    )
    assert response.status_code == 302
    assert sharing_consent_in_force(client=client_record, partner=partner) is not None


# -- The letter ---------------------------------------------------------------------------------


@pytest.fixture
def detailed_client(client_record):
    client_record.phone = "9876 5432"
    client_record.immd_file_number = "NRC-4242/2024"
    client_record.languages = "Urdu, Punjabi"
    client_record.save()
    client_record.vulnerabilities.add(
        Vulnerability.objects.get_or_create(name="Torture survivor")[0]
    )
    DependantFactory(client=client_record, name="Zara Rahman")
    return client_record


def letter(http, referral):
    response = http.get(reverse("referrals:letter", args=[referral.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_letter_carries_only_what_consent_covers(
    draft, caseworker, as_user, detailed_client, partner
):
    consent(detailed_client, partner, caseworker, items=["contact"])
    body = letter(as_user(caseworker), draft)
    assert detailed_client.family_name.upper() in body  # the name, always
    assert "9876 5432" in body  # covered
    for not_covered in ("NRC-4242/2024", "Urdu, Punjabi", "Torture survivor", "Zara Rahman"):
        assert not_covered not in body
    assert "sleeping at the ferry pier" not in body  # the reason was not covered
    assert "please call us to discuss" in body


def test_letter_with_everything_covered(draft, caseworker, as_user, detailed_client, partner):
    consent(
        detailed_client,
        partner,
        caseworker,
        items=["immigration", "languages", "vulnerabilities", "household", "reason"],
    )
    body = letter(as_user(caseworker), draft)
    for covered in (
        "NRC-4242/2024",
        "Urdu, Punjabi",
        "Torture survivor",
        "Zara Rahman",
        "sleeping at the ferry pier",
    ):
        assert covered in body
    assert "9876 5432" not in body


def test_no_letter_without_consent_in_force(draft, caseworker, as_user, detailed_client, partner):
    consent(detailed_client, partner, caseworker, days_ago=5, items=["contact", "reason"])
    consent(detailed_client, partner, caseworker, given=False)
    body = letter(as_user(caseworker), draft)
    assert "no letter can be printed" in body
    assert "9876 5432" not in body
    assert "sleeping at the ferry pier" not in body


def test_consent_recorded_without_coverage_shares_only_the_name(
    draft, caseworker, as_user, detailed_client, partner
):
    SharingConsentFactory(client=detailed_client, partner=partner)  # e.g. from the clients form
    body = letter(as_user(caseworker), draft)
    assert detailed_client.family_name.upper() in body
    assert "9876 5432" not in body
    assert "sleeping at the ferry pier" not in body


def test_letter_only_for_outbound(client_record, caseworker, as_user):
    inbound = ReferralFactory(
        client=client_record,
        direction=Referral.Direction.INBOUND,
        status="sent",
        sent_at=timezone.now(),
        created_by=caseworker,
    )
    http = as_user(caseworker)
    assert http.get(reverse("referrals:letter", args=[inbound.pk])).status_code == 404


def test_coverage_rejects_unknown_items(client_record, caseworker):
    with pytest.raises(ValidationError):
        CoverageFactory.build(
            consent=SharingConsentFactory(client=client_record), items=["passport_scan"]
        ).full_clean()
