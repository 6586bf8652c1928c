"""A referral's follow-up date is a deadline for its maker, kept in step."""

import datetime

from django.utils import timezone

from cases.models import Deadline
from referrals.models import Referral
from referrals.services import referral_cancel, referral_create, referral_update

from .referrals_factories import PartnerFactory, ServiceFactory


def new_referral(client_record, caseworker, follow_up_on):
    referral = Referral(
        direction=Referral.Direction.OUTBOUND,
        client=client_record,
        partner=PartnerFactory(),
        service=ServiceFactory(),
        reason="Needs a shelter place.",
        follow_up_on=follow_up_on,
    )
    return referral_create(referral=referral, by=caseworker)


def open_deadlines(client_record):
    return Deadline.objects.filter(
        client=client_record, voided_at__isnull=True, done_at__isnull=True
    )


def test_follow_up_becomes_moves_and_voids_the_makers_deadline(client_record, caseworker):
    first = timezone.localdate() + datetime.timedelta(days=7)
    referral = new_referral(client_record, caseworker, first)
    deadline = open_deadlines(client_record).get()
    assert deadline.assignee == caseworker
    assert deadline.due_on == first
    assert client_record.family_name not in deadline.title  # feeds carry no names

    later = first + datetime.timedelta(days=3)
    referral.follow_up_on = later
    referral_update(referral=referral)
    assert open_deadlines(client_record).get().due_on == later

    referral_cancel(referral=referral, by=caseworker, reason="Client moved to another shelter")
    assert not open_deadlines(client_record).exists()
    assert Deadline.objects.get(pk=deadline.pk).void_reason


def test_no_follow_up_no_deadline(client_record, caseworker):
    new_referral(client_record, caseworker, None)
    assert not open_deadlines(client_record).exists()
