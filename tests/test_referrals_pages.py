"""Referral pages as caseworkers use them: happy paths, bad input, and what each role sees."""

import datetime
from urllib.parse import parse_qs, urlparse

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from referrals import services
from referrals.models import Interpreter, PartnerOrganisation, Referral, Service

from .factories import AssignmentFactory, ClientFactory
from .referrals_factories import PartnerFactory, ReferralFactory, ServiceFactory

Status = Referral.Status
TODAY = timezone.localdate


@pytest.fixture
def shelter():
    return ServiceFactory(slug="shelter-test", name="Shelter")


@pytest.fixture
def partner(shelter):
    return PartnerFactory(
        name="Harbour Light Night Shelter", services=[shelter], languages="English, Urdu"
    )


def sent(days_ago: int) -> dict:
    at = timezone.now() - datetime.timedelta(days=days_ago)
    return {"status": Status.SENT, "sent_at": at, "created_at": at}


# -- /referrals/ -------------------------------------------------------------------------


@pytest.fixture
def mine(client_record, other_client, caseworker, other_caseworker, partner, shelter):
    food = ServiceFactory(slug="food-test", name="Food")
    pantry = PartnerFactory(name="Kowloon Pantry", services=[food])
    return {
        "draft": ReferralFactory(
            client=client_record, partner=partner, service=shelter, created_by=caseworker
        ),
        "overdue": ReferralFactory(
            client=client_record,
            partner=pantry,
            service=food,
            created_by=caseworker,
            **sent(20),
        ),
        "recent": ReferralFactory(
            client=client_record,
            partner=partner,
            service=shelter,
            created_by=caseworker,
            follow_up_on=TODAY() - datetime.timedelta(days=1),
            **sent(2),
        ),
        "theirs": ReferralFactory(
            client=other_client, partner=partner, service=shelter, created_by=other_caseworker
        ),
    }


def listed(response) -> set[int]:
    return {r.pk for r in response.context["page"].object_list}


def test_my_referrals(caseworker, as_user, mine):
    response = as_user(caseworker).get(reverse("referrals:list"))
    assert listed(response) == {mine["draft"].pk, mine["overdue"].pk, mine["recent"].pk}
    assert [r.pk for r in response.context["overdue"]] == [mine["overdue"].pk]
    assert [r.pk for r in response.context["follow_ups"]] == [mine["recent"].pk]
    assert "late" in response.content.decode()


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"status": "draft"}, {"draft"}),
        ({"status": "sent"}, {"overdue", "recent"}),
        ({"direction": "inbound"}, set()),
        ({"direction": "outbound"}, {"draft", "overdue", "recent"}),
    ],
)
def test_list_filters(caseworker, as_user, mine, params, expected):
    response = as_user(caseworker).get(reverse("referrals:list"), params)
    assert listed(response) == {mine[name].pk for name in expected}


def test_filter_by_partner_and_service(caseworker, as_user, mine, partner, shelter):
    http = as_user(caseworker)
    by_partner = http.get(reverse("referrals:list"), {"partner": partner.pk})
    assert listed(by_partner) == {mine["draft"].pk, mine["recent"].pk}
    by_service = http.get(reverse("referrals:list"), {"service": shelter.pk})
    assert listed(by_service) == {mine["draft"].pk, mine["recent"].pk}


def test_all_i_can_see_for_a_supervisor(supervisor, as_user, mine, other_supervisor):
    response = as_user(supervisor).get(reverse("referrals:list"), {"scope": "all"})
    assert listed(response) == {mine["draft"].pk, mine["overdue"].pk, mine["recent"].pk}
    response = as_user(other_supervisor).get(reverse("referrals:list"), {"scope": "all"})
    assert listed(response) == {mine["theirs"].pk}


def test_overdue_threshold_is_a_setting(caseworker, as_user, mine, settings):
    settings.REFERRAL_ANSWER_DAYS = 1
    response = as_user(caseworker).get(reverse("referrals:list"))
    assert [r.pk for r in response.context["overdue"]] == [mine["overdue"].pk, mine["recent"].pk]
    settings.REFERRAL_ANSWER_DAYS = 30
    response = as_user(caseworker).get(reverse("referrals:list"))
    assert response.context["overdue"] == []


def test_overdue_property_matches_the_setting(settings, mine):
    settings.REFERRAL_ANSWER_DAYS = 14
    assert mine["overdue"].is_overdue
    assert not mine["recent"].is_overdue
    assert not mine["draft"].is_overdue


@pytest.mark.parametrize(
    "params",
    [
        {"status": "nonsense"},
        {"partner": "abc"},
        {"service": "99999999"},
        {"direction": "sideways"},
        {"page": "-3"},
        {"scope": "\x00"},
    ],
)
def test_malformed_filters_never_error(caseworker, as_user, mine, params):
    assert as_user(caseworker).get(reverse("referrals:list"), params).status_code == 200


def count_queries(http, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert http.get(url).status_code == 200
    return len(queries)


def assert_flat(http, url, add_rows, ceiling=30):
    """The same number of queries with 3 rows as with 23: no query per row."""
    add_rows(3)
    http.get(url)  # warm the session
    few = count_queries(http, url)
    add_rows(20)
    assert count_queries(http, url) == few
    assert few <= ceiling


def test_list_query_count_is_flat(caseworker, as_user, client_record, partner, shelter):
    def add(n):
        for _ in range(n):
            ReferralFactory(
                client=client_record,
                partner=partner,
                service=shelter,
                created_by=caseworker,
                follow_up_on=TODAY(),
                **sent(30),
            )

    assert_flat(as_user(caseworker), reverse("referrals:list"), add)


def test_partner_page_query_count_is_flat(caseworker, as_user, client_record, partner, shelter):
    def add(n):
        for _ in range(n):
            ReferralFactory(
                client=client_record, partner=partner, service=shelter, created_by=caseworker
            )

    assert_flat(as_user(caseworker), partner.get_absolute_url(), add)


def test_directory_query_count_is_flat(caseworker, as_user, shelter):
    def add(n):
        for _ in range(n):
            PartnerFactory(services=[shelter])

    assert_flat(as_user(caseworker), reverse("referrals:partner_list"), add)


# -- Partner directory and page -------------------------------------------------------------


def test_directory_search(caseworker, as_user, partner, shelter):
    PartnerFactory(name="Lion Rock Clinic", languages="Cantonese")
    PartnerFactory(name="Old Peak Relief", active=False, services=[shelter])
    http = as_user(caseworker)

    def names(params):
        response = http.get(reverse("referrals:partner_list"), params)
        assert response.status_code == 200
        return {p.name for p in response.context["page"].object_list}

    assert names({}) == {"Harbour Light Night Shelter", "Lion Rock Clinic"}
    assert names({"q": "harbour shelter"}) == {"Harbour Light Night Shelter"}
    assert names({"q": "Shelter"}) == {"Harbour Light Night Shelter"}  # name or service
    assert names({"language": "urdu"}) == {"Harbour Light Night Shelter"}
    assert names({"service": shelter.pk}) == {"Harbour Light Night Shelter"}
    assert names({"service": shelter.pk, "inactive": "on"}) == {
        "Harbour Light Night Shelter",
        "Old Peak Relief",
    }
    assert names({"service": "nope", "q": "x" * 3000}) == set()


def test_partner_page_lists_only_visible_clients(
    caseworker, other_caseworker, as_user, partner, shelter, client_record, other_client
):
    ReferralFactory(client=client_record, partner=partner, service=shelter, created_by=caseworker)
    ReferralFactory(
        client=other_client, partner=partner, service=shelter, created_by=other_caseworker
    )
    body = as_user(caseworker).get(partner.get_absolute_url()).content.decode()
    assert client_record.reference in body
    assert other_client.reference not in body
    assert other_client.family_name.upper() not in body


def test_partner_acceptance_rate(caseworker, as_user, partner, shelter, client_record):
    answered = [Status.ACCEPTED, Status.ACCEPTED, Status.COMPLETED, Status.DECLINED]
    now = timezone.now()
    for status in answered:
        ReferralFactory(
            client=client_record,
            partner=partner,
            service=shelter,
            created_by=caseworker,
            status=status,
            sent_at=now,
            accepted_at=now if status != Status.DECLINED else None,
            declined_at=now if status == Status.DECLINED else None,
        )
    ReferralFactory(client=client_record, partner=partner, service=shelter, created_by=caseworker)
    response = as_user(caseworker).get(partner.get_absolute_url())
    assert response.context["rate"] == 75
    assert "3 of 4 answered referrals accepted" in response.content.decode()


def test_unknown_partner_is_not_found(caseworker, as_user):
    assert (
        as_user(caseworker).get(reverse("referrals:partner_detail", args=[999999])).status_code
        == 404
    )


# -- Making a referral ------------------------------------------------------------------------


def test_create_outbound(caseworker, as_user, client_record, partner, shelter):
    http = as_user(caseworker)
    url = reverse("referrals:create", args=[client_record.reference]) + "?direction=outbound"
    follow_up = (TODAY() + datetime.timedelta(days=10)).isoformat()
    response = http.post(
        url,
        {
            "partner": partner.pk,
            "service": shelter.pk,
            "reason": "Needs a bed",
            "urgency": "urgent",
            "follow_up_on": follow_up,
        },
    )
    assert response.status_code == 302
    made = Referral.objects.get()
    assert (made.client, made.partner, made.status, made.created_by) == (
        client_record,
        partner,
        Status.DRAFT,
        caseworker,
    )
    assert made.follow_up_on.isoformat() == follow_up


def test_create_bad_input_keeps_values_and_saves_nothing(
    caseworker, as_user, client_record, partner
):
    other_service = ServiceFactory(slug="dental-test", name="Dental care")
    http = as_user(caseworker)
    url = reverse("referrals:create", args=[client_record.reference]) + "?direction=outbound"
    response = http.post(
        url,
        {
            "partner": partner.pk,
            "service": other_service.pk,
            "reason": "Typed reason kept",
            "urgency": "routine",
            "follow_up_on": "2001-01-01",
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "does not list Dental care among its services" in body
    assert "This date has passed." in body
    assert "Typed reason kept" in body
    assert not Referral.objects.exists()


def test_inactive_partner_is_not_offered(caseworker, as_user, client_record, partner, shelter):
    partner.active = False
    partner.save()
    http = as_user(caseworker)
    url = reverse("referrals:create", args=[client_record.reference]) + "?direction=outbound"
    response = http.post(url, {"partner": partner.pk, "service": shelter.pk, "reason": "x"})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Referral.objects.exists()


def test_inactive_partner_refused_by_the_service(client_record, caseworker, partner, shelter):
    partner.active = False
    partner.save()
    with pytest.raises(Exception, match="no longer an active partner"):
        services.referral_create(
            referral=Referral(
                direction="outbound",
                client=client_record,
                partner=partner,
                service=shelter,
                reason="x",
            ),
            by=caseworker,
        )


def test_create_internal_and_bad_direction_falls_back(caseworker, as_user, client_record):
    http = as_user(caseworker)
    base = reverse("referrals:create", args=[client_record.reference])
    assert http.get(base + "?direction=sideways").context["direction"] == "outbound"
    response = http.post(
        base + "?direction=internal",
        {"to_team": "psychosocial", "reason": "Asked for counselling", "urgency": "routine"},
    )
    assert response.status_code == 302
    made = Referral.objects.get()
    assert (made.direction, made.to_team, made.partner) == ("internal", "psychosocial", None)


def test_edit_after_sending_changes_only_follow_up(
    caseworker, as_user, client_record, partner, shelter
):
    referral = ReferralFactory(
        client=client_record, partner=partner, service=shelter, created_by=caseworker, **sent(1)
    )
    http = as_user(caseworker)
    url = reverse("referrals:edit", args=[referral.pk])
    response = http.get(url)
    assert set(response.context["form"].fields) == {"urgency", "follow_up_on", "version"}
    later = (TODAY() + datetime.timedelta(days=3)).isoformat()
    version = referral.updated_at.isoformat()  # the version the form was opened at
    data = {"urgency": "routine", "follow_up_on": later, "version": version}
    assert http.post(url, data).status_code == 302
    referral.refresh_from_db()
    assert referral.follow_up_on.isoformat() == later


def test_closed_referral_cannot_be_edited(caseworker, as_user, client_record, partner, shelter):
    referral = ReferralFactory(
        client=client_record,
        partner=partner,
        service=shelter,
        created_by=caseworker,
        status=Status.CANCELLED,
        cancelled_at=timezone.now(),
    )
    response = as_user(caseworker).get(reverse("referrals:edit", args=[referral.pk]), follow=True)
    assert "A closed referral cannot be changed." in response.content.decode()


# -- Inbound: the intake and the link -------------------------------------------------------


def test_inbound_without_a_file_then_intake_then_link(caseworker, as_user, partner):
    http = as_user(caseworker)
    response = http.post(
        reverse("referrals:inbound_create"),
        {
            "person_name": "Hassan Abdullahi",
            "person_date_of_birth": "1991-04-02",
            "person_file_number": "",
            "partner": partner.pk,
            "reason": "Needs legal advice on his claim",
            "urgency": "routine",
        },
    )
    assert response.status_code == 302
    referral = Referral.objects.get()
    assert (referral.client, referral.status) == (None, Status.SENT)

    detail = http.get(referral.get_absolute_url())
    intake = urlparse(detail.context["intake_url"])
    assert intake.path == reverse("clients:duplicate_check")
    assert parse_qs(intake.query) == {"name": ["Hassan Abdullahi"], "date_of_birth": ["1991-04-02"]}

    # The intake itself, as the clients app does it: the caseworker leads the new file.
    new_client = ClientFactory(
        family_name="Hassan", given_name="Abdullahi", date_of_birth=datetime.date(1991, 4, 2)
    )
    AssignmentFactory(client=new_client, worker=caseworker)
    tab = http.get(reverse("clients:referrals", args=[new_client.reference]))
    assert [r.pk for r in tab.context["unlinked"]] == [referral.pk]
    assert [c.pk for c in http.get(referral.get_absolute_url()).context["candidates"]] == [
        new_client.pk
    ]

    response = http.post(
        reverse("referrals:link_client", args=[referral.pk]), {"reference": new_client.reference}
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.client == new_client
    assert (
        http.get(reverse("clients:referrals", args=[new_client.reference])).context["unlinked"]
        == []
    )


def test_inbound_bad_input(caseworker, as_user, partner):
    response = as_user(caseworker).post(
        reverse("referrals:inbound_create"),
        {"person_name": "", "partner": partner.pk, "reason": "Kept text", "urgency": "routine"},
    )
    assert response.status_code == 200
    assert "Kept text" in response.content.decode()
    assert not Referral.objects.exists()


def test_cannot_link_to_a_client_outside_my_caseload(caseworker, as_user, partner, other_client):
    referral = ReferralFactory(
        direction="inbound",
        client=None,
        person_name="Nguyen Van An",
        partner=partner,
        created_by=caseworker,
        **sent(1),
    )
    response = as_user(caseworker).post(
        reverse("referrals:link_client", args=[referral.pk]),
        {"reference": other_client.reference},
    )
    assert "No client with this reference in your caseload." in response.content.decode()
    referral.refresh_from_db()
    assert referral.client is None


def test_unlinked_inbound_visible_to_its_recorder_and_their_supervisors(
    caseworker, supervisor, psychosocial_worker, other_supervisor, as_user, partner, teams
):
    referral = ReferralFactory(
        direction="inbound",
        client=None,
        person_name="X",
        partner=partner,
        created_by=caseworker,
        **sent(1),
    )
    url = referral.get_absolute_url()
    assert as_user(caseworker).get(url).status_code == 200
    assert as_user(supervisor).get(url).status_code == 200
    assert as_user(psychosocial_worker).get(url).status_code == 404
    assert as_user(other_supervisor).get(url).status_code == 404


# -- Need to know -----------------------------------------------------------------------------


def test_internal_referral_to_psychosocial_does_not_leak_their_notes(
    client_record, caseworker, supervisor, psychosocial_worker, other_caseworker, as_user
):
    AssignmentFactory(client=client_record, worker=other_caseworker, role="support")
    referral = services.referral_create(
        referral=Referral(
            direction="internal",
            client=client_record,
            to_team="psychosocial",
            reason="Asked for counselling",
        ),
        by=caseworker,
    )
    services.referral_send(referral=referral, by=caseworker)
    services.referral_accept(referral=referral, by=supervisor, worker=psychosocial_worker)
    services.referral_complete(
        referral=referral, by=psychosocial_worker, outcome="Disclosed childhood abuse; PCL-5 high"
    )
    legal = as_user(other_caseworker).get(referral.get_absolute_url()).content.decode()
    assert "Disclosed childhood abuse" not in legal
    assert "need to know" in legal
    counsellor = as_user(psychosocial_worker).get(referral.get_absolute_url()).content.decode()
    assert "Disclosed childhood abuse" in counsellor


def test_admin_role_sees_no_referral_and_no_directory(admin, as_user, client_record, partner):
    referral = ReferralFactory(client=client_record, partner=partner)
    http = as_user(admin)
    assert http.get(referral.get_absolute_url()).status_code == 404
    assert http.get(reverse("referrals:partner_list")).status_code == 403


# -- The client's tab ------------------------------------------------------------------------


def test_client_tab(caseworker, as_user, client_record, mine):
    response = as_user(caseworker).get(reverse("clients:referrals", args=[client_record.reference]))
    body = response.content.decode()
    assert response.status_code == 200
    assert f"#{mine['draft'].pk}" in body
    assert "Refer to a partner" in body
    assert f"#{mine['theirs'].pk}" not in body


def test_client_tab_query_count_is_flat(caseworker, as_user, client_record, partner, shelter):
    def add(n):
        for _ in range(n):
            ReferralFactory(
                client=client_record, partner=partner, service=shelter, created_by=caseworker
            )

    assert_flat(
        as_user(caseworker), reverse("clients:referrals", args=[client_record.reference]), add
    )


def test_detail_query_count(caseworker, as_user, client_record, partner, shelter):
    referral = ReferralFactory(
        client=client_record, partner=partner, service=shelter, created_by=caseworker
    )
    http = as_user(caseworker)
    http.get(referral.get_absolute_url())
    assert count_queries(http, referral.get_absolute_url()) <= 30


# -- Admin ------------------------------------------------------------------------------------


def test_admin_keeps_reference_data(admin, as_user):
    http = as_user(admin)
    for model in (Service, PartnerOrganisation, Interpreter):
        opts = model._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        assert http.get(url).status_code == 200
        add = reverse(f"admin:{opts.app_label}_{opts.model_name}_add")
        assert http.get(add).status_code == 200


def test_partner_with_referrals_cannot_be_deleted_in_admin(admin, as_user, client_record, partner):
    ReferralFactory(client=client_record, partner=partner)
    url = reverse("admin:referrals_partnerorganisation_delete", args=[partner.pk])
    assert as_user(admin).get(url).status_code == 403


def test_caseworker_cannot_reach_admin(caseworker, as_user):
    response = as_user(caseworker).get(reverse("admin:referrals_partnerorganisation_changelist"))
    assert response.status_code == 302
