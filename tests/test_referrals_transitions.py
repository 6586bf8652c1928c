"""The referral status flow: the rule table, every step through the services, every
invalid step refused, and who may answer an internal referral."""

import datetime
import itertools

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from clients.models import ClientAssignment
from referrals import rules, services
from referrals.models import Referral

from .referrals_factories import CoverageFactory, PartnerFactory, ReferralFactory, ServiceFactory

Status = Referral.Status
Direction = Referral.Direction

ALLOWED = {
    ("draft", "sent"),
    ("draft", "cancelled"),
    ("sent", "accepted"),
    ("sent", "declined"),
    ("sent", "cancelled"),
    ("accepted", "completed"),
    ("accepted", "cancelled"),
}


@pytest.mark.parametrize(("current", "to"), list(itertools.product(Status.values, repeat=2)))
def test_transition_table(current, to):
    assert rules.can_transition(current, to) is ((current, to) in ALLOWED)


def test_final_states_offer_nothing():
    for final in (Status.DECLINED, Status.COMPLETED, Status.CANCELLED):
        assert rules.TRANSITIONS[final] == frozenset()


def test_transition_error_names_both_states():
    message = rules.transition_error(Status.COMPLETED, Status.SENT)
    assert message == "A referral that is completed cannot be marked sent."


@pytest.mark.parametrize(
    ("accepted", "declined", "rate"), [(0, 0, None), (3, 1, 75), (0, 2, 0), (2, 1, 67)]
)
def test_acceptance_rate(accepted, declined, rate):
    assert rules.acceptance_rate(accepted, declined) == rate


# -- Through the services, on PostgreSQL ---------------------------------------------------


@pytest.fixture
def outbound(client_record, caseworker):
    """A draft to a partner that offers the service, with the client's consent on file."""
    service = ServiceFactory(slug="shelter")
    partner = PartnerFactory(services=[service])
    CoverageFactory(
        consent__client=client_record, consent__partner=partner, consent__recorded_by=caseworker
    )
    return ReferralFactory(
        client=client_record, partner=partner, service=service, created_by=caseworker
    )


def advance(referral, to, by, **kwargs):
    if to == Status.SENT:
        return services.referral_send(referral=referral, by=by)
    if to == Status.ACCEPTED:
        return services.referral_accept(referral=referral, by=by, **kwargs)
    if to == Status.DECLINED:
        return services.referral_decline(referral=referral, by=by, reason="Full.")
    if to == Status.COMPLETED:
        return services.referral_complete(referral=referral, by=by, outcome="Housed.")
    return services.referral_cancel(referral=referral, by=by, reason="Moved.")


PATHS = {
    Status.SENT: [Status.SENT],
    Status.ACCEPTED: [Status.SENT, Status.ACCEPTED],
    Status.DECLINED: [Status.SENT, Status.DECLINED],
    Status.COMPLETED: [Status.SENT, Status.ACCEPTED, Status.COMPLETED],
    Status.CANCELLED: [Status.CANCELLED],
}


def walk(referral, target, by):
    for step in PATHS[target]:
        advance(referral, step, by)
    referral.refresh_from_db()
    return referral


@pytest.mark.parametrize(
    ("target", "who_when"),
    [
        (Status.SENT, ["sent"]),
        (Status.ACCEPTED, ["sent", "accepted"]),
        (Status.DECLINED, ["sent", "declined"]),
        (Status.COMPLETED, ["sent", "accepted", "completed"]),
        (Status.CANCELLED, ["cancelled"]),
    ],
)
def test_each_step_records_who_and_when(outbound, caseworker, target, who_when):
    before = timezone.now()
    referral = walk(outbound, target, caseworker)
    assert referral.status == target
    for step in who_when:
        assert getattr(referral, f"{step}_by") == caseworker
        assert getattr(referral, f"{step}_at") >= before
    for step in {"sent", "accepted", "declined", "completed", "cancelled"} - set(who_when):
        assert getattr(referral, f"{step}_at") is None


def test_step_notes_are_stored(outbound, caseworker):
    services.referral_send(referral=outbound, by=caseworker)
    services.referral_decline(referral=outbound, by=caseworker, reason="  No beds.  ")
    outbound.refresh_from_db()
    assert outbound.decline_reason == "No beds."


def test_cancel_from_accepted(outbound, caseworker):
    walk(outbound, Status.ACCEPTED, caseworker)
    services.referral_cancel(referral=outbound, by=caseworker, reason="Client left Hong Kong.")
    outbound.refresh_from_db()
    assert (outbound.status, outbound.cancel_reason) == (Status.CANCELLED, "Client left Hong Kong.")


@pytest.mark.parametrize(
    ("start", "to"),
    [
        (start, to)
        for start, to in itertools.product([Status.DRAFT, *PATHS], Status.values)
        if (start, to) not in ALLOWED and to != Status.DRAFT
    ],
)
def test_every_invalid_step_is_refused_and_changes_nothing(outbound, caseworker, start, to):
    referral = walk(outbound, start, caseworker) if start != Status.DRAFT else outbound
    with pytest.raises(ValidationError) as raised:
        advance(referral, to, caseworker)
    assert "cannot be marked" in " ".join(raised.value.messages)
    referral.refresh_from_db()
    assert referral.status == start


def test_decline_needs_a_reason_and_complete_an_outcome(outbound, caseworker):
    services.referral_send(referral=outbound, by=caseworker)
    with pytest.raises(ValidationError, match="Say why"):
        services.referral_decline(referral=outbound, by=caseworker, reason="  ")
    services.referral_accept(referral=outbound, by=caseworker)
    with pytest.raises(ValidationError, match="outcome"):
        services.referral_complete(referral=outbound, by=caseworker, outcome="")
    outbound.refresh_from_db()
    assert outbound.status == Status.ACCEPTED


def test_inbound_starts_as_sent_by_whoever_records_it(client_record, caseworker):
    referral = services.referral_create(
        referral=Referral(
            direction=Direction.INBOUND,
            client=client_record,
            partner=PartnerFactory(),
            reason="Needs legal advice.",
        ),
        by=caseworker,
    )
    assert referral.status == Status.SENT
    assert referral.sent_by == caseworker
    assert referral.sent_at is not None


def test_follow_up_hook_is_called_on_create_change_and_close(
    outbound, caseworker, client_record, monkeypatch
):
    calls = []
    monkeypatch.setattr(services, "referral_follow_up_changed", calls.append)
    made = services.referral_create(
        referral=Referral(
            direction=Direction.OUTBOUND,
            client=client_record,
            partner=outbound.partner,
            service=outbound.service,
            reason="Food",
            follow_up_on=timezone.localdate() + datetime.timedelta(days=7),
        ),
        by=caseworker,
    )
    assert calls == [made]
    made.follow_up_on += datetime.timedelta(days=1)
    services.referral_update(referral=made)
    made.reason = "Food parcels"
    services.referral_update(referral=made)  # the date did not change: no call
    assert len(calls) == 2
    services.referral_cancel(referral=made, by=caseworker)
    assert len(calls) == 3


def test_follow_up_hook_does_nothing_yet(outbound):
    assert services.referral_follow_up_changed(outbound) is None


def test_a_sent_referral_keeps_its_recipient(outbound, caseworker):
    services.referral_send(referral=outbound, by=caseworker)
    outbound.partner = PartnerFactory(services=[outbound.service])
    with pytest.raises(ValidationError, match="Only a draft"):
        services.referral_update(referral=outbound)


# -- Internal referrals: a supervisor accepts and assigns -------------------------------------


@pytest.fixture
def internal(client_record, caseworker, other_client):
    referral = services.referral_create(
        referral=Referral(
            direction=Direction.INTERNAL,
            client=client_record,
            to_team=Referral.Team.PSYCHOSOCIAL,
            reason="Struggling to sleep; asked to see a counsellor.",
        ),
        by=caseworker,
    )
    return services.referral_send(referral=referral, by=caseworker)


@pytest.fixture
def new_counsellor(teams):
    from accounts.roles import Role

    from .factories import UserFactory

    worker = UserFactory(username="counsellor", full_name="Yip Hoi", roles=[Role.PSYCHOSOCIAL])
    teams[0].members.add(worker)
    return worker


def test_supervisor_accepts_internal_and_assigns_the_worker(internal, supervisor, new_counsellor):
    services.referral_accept(referral=internal, by=supervisor, worker=new_counsellor)
    internal.refresh_from_db()
    assert internal.status == Status.ACCEPTED
    assert internal.assigned_worker == new_counsellor
    assert internal.accepted_by == supervisor
    assignment = ClientAssignment.objects.get(
        client=internal.client, worker=new_counsellor, ended_on__isnull=True
    )
    assert assignment.role == ClientAssignment.Role.SUPPORT
    assert assignment.assigned_by == supervisor


def test_accepting_a_worker_already_assigned_adds_no_second_assignment(
    internal, supervisor, psychosocial_worker
):
    services.referral_accept(referral=internal, by=supervisor, worker=psychosocial_worker)
    assert (
        ClientAssignment.objects.filter(
            client=internal.client, worker=psychosocial_worker, ended_on__isnull=True
        ).count()
        == 1
    )


def test_caseworker_cannot_answer_internal(internal, caseworker, psychosocial_worker):
    assert rules.transitions_for(internal, caseworker) == [Status.CANCELLED]
    with pytest.raises(ValidationError, match="Only a supervisor"):
        services.referral_accept(referral=internal, by=caseworker, worker=psychosocial_worker)
    with pytest.raises(ValidationError, match="Only a supervisor"):
        services.referral_decline(referral=internal, by=caseworker, reason="No")


def test_internal_accept_needs_a_worker_of_the_receiving_team(
    internal, supervisor, other_caseworker
):
    assert rules.transitions_for(internal, supervisor) == [
        Status.ACCEPTED,
        Status.DECLINED,
        Status.CANCELLED,
    ]
    with pytest.raises(ValidationError, match="Choose who"):
        services.referral_accept(referral=internal, by=supervisor)
    with pytest.raises(ValidationError, match="not an active member of the psychosocial team"):
        services.referral_accept(referral=internal, by=supervisor, worker=other_caseworker)
    internal.refresh_from_db()
    assert internal.status == Status.SENT


# -- Through the pages ---------------------------------------------------------------------


def test_only_valid_steps_are_offered(outbound, caseworker, as_user):
    http = as_user(caseworker)
    body = http.get(outbound.get_absolute_url()).content.decode()
    assert reverse("referrals:transition", args=[outbound.pk, "sent"]) in body
    assert reverse("referrals:transition", args=[outbound.pk, "cancelled"]) in body
    assert reverse("referrals:transition", args=[outbound.pk, "accepted"]) not in body
    assert reverse("referrals:transition", args=[outbound.pk, "completed"]) not in body


def test_invalid_step_by_post_says_so_clearly(outbound, caseworker, as_user):
    http = as_user(caseworker)
    response = http.post(
        reverse("referrals:transition", args=[outbound.pk, "completed"]),
        {"completed-outcome": "Done"},
        follow=True,
    )
    assert "A referral that is draft cannot be marked completed." in response.content.decode()
    outbound.refresh_from_db()
    assert outbound.status == Status.DRAFT


def test_unknown_step_is_not_found(outbound, caseworker, as_user):
    http = as_user(caseworker)
    url = reverse("referrals:transition", args=[outbound.pk, "draft"])
    assert http.post(url).status_code == 404


def test_get_does_not_change_status(outbound, caseworker, as_user):
    http = as_user(caseworker)
    url = reverse("referrals:transition", args=[outbound.pk, "cancelled"])
    assert http.get(url).status_code == 405
    outbound.refresh_from_db()
    assert outbound.status == Status.DRAFT


def test_walk_through_pages_send_accept_complete(outbound, caseworker, as_user):
    http = as_user(caseworker)

    def post(to, data=None):
        return http.post(reverse("referrals:transition", args=[outbound.pk, to]), data or {})

    assert post("sent").status_code == 302
    assert post("accepted").status_code == 302
    response = post("completed", {"completed-outcome": ""})
    assert response.status_code == 200  # the page again, with the error and nothing saved
    assert "This field is required." in response.content.decode()
    assert post("completed", {"completed-outcome": "Moved into the shelter."}).status_code == 302
    outbound.refresh_from_db()
    assert (outbound.status, outbound.outcome) == (Status.COMPLETED, "Moved into the shelter.")


def test_decline_keeps_what_was_typed_on_error(outbound, caseworker, as_user, monkeypatch):
    services.referral_send(referral=outbound, by=caseworker)
    http = as_user(caseworker)

    def refuse(**kwargs):
        raise ValidationError("Something changed; try again.")

    monkeypatch.setattr(services, "referral_decline", refuse)
    response = http.post(
        reverse("referrals:transition", args=[outbound.pk, "declined"]),
        {"declined-reason": "No beds until March"},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Something changed; try again." in body
    assert "No beds until March" in body


def test_supervisor_accepts_internal_through_the_page(
    internal, supervisor, new_counsellor, as_user
):
    http = as_user(supervisor)
    url = reverse("referrals:transition", args=[internal.pk, "accepted"])
    response = http.post(url, {"accepted-worker": ""})
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert http.post(url, {"accepted-worker": new_counsellor.pk}).status_code == 302
    internal.refresh_from_db()
    assert internal.assigned_worker == new_counsellor


def test_caseworker_posting_accept_on_internal_gets_a_message(
    internal, caseworker, psychosocial_worker, as_user
):
    http = as_user(caseworker)
    response = http.post(
        reverse("referrals:transition", args=[internal.pk, "accepted"]),
        {"accepted-worker": psychosocial_worker.pk},
        follow=True,
    )
    assert "Only a supervisor answers an internal referral." in response.content.decode()
    internal.refresh_from_db()
    assert internal.status == Status.SENT


def test_other_teams_cannot_move_a_referral(outbound, other_caseworker, as_user):
    http = as_user(other_caseworker)
    url = reverse("referrals:transition", args=[outbound.pk, "cancelled"])
    assert http.post(url).status_code == 404
    outbound.refresh_from_db()
    assert outbound.status == Status.DRAFT
