"""factory_boy factories for the cases app (claims, events, deadlines, legal aid)."""

import datetime

import factory
from django.utils import timezone

from cases.models import (
    ClaimEvent,
    ClosureDay,
    Deadline,
    EventKind,
    LegalAidApplication,
    ProtectionClaim,
    ReportingCondition,
)

from .factories import ClientFactory, UserFactory


def days_ago(n: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=n)


class ClaimFactory(factory.django.DjangoModelFactory):
    """A claim with its "claim made" event, as claim_create leaves it."""

    class Meta:
        model = ProtectionClaim
        skip_postgeneration_save = True

    client = factory.SubFactory(ClientFactory)
    made_on = factory.LazyFunction(lambda: days_ago(200))
    country_of_feared_harm = "PK"
    created_by = factory.SubFactory(UserFactory)

    @factory.post_generation
    def made_event(self, create, extracted, **kwargs):
        if create:
            ClaimEvent.objects.create(
                claim=self,
                kind=EventKind.CLAIM_MADE,
                date=self.made_on,
                recorded_by=self.created_by,
            )


class ClaimEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ClaimEvent

    claim = factory.SubFactory(ClaimFactory)
    kind = EventKind.SCREENING_INTERVIEW
    date = factory.LazyFunction(lambda: days_ago(100))
    recorded_by = factory.SelfAttribute("claim.created_by")


class DeadlineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Deadline

    client = factory.SubFactory(ClientFactory)
    title = factory.Sequence(lambda n: f"Deadline {n}")
    due_on = factory.LazyFunction(lambda: days_ago(-5))
    assignee = factory.SubFactory(UserFactory)
    source = Deadline.Source.MANUAL


class LegalAidFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LegalAidApplication

    client = factory.SubFactory(ClientFactory)
    scheme = LegalAidApplication.Scheme.LEGAL_AID_DEPARTMENT
    stage = LegalAidApplication.Stage.JUDICIAL_REVIEW
    applied_on = factory.LazyFunction(lambda: days_ago(60))
    created_by = factory.SubFactory(UserFactory)


class ReportingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportingCondition

    client = factory.SubFactory(ClientFactory)
    office = "Immigration Headquarters, Tseung Kwan O"
    first_report_on = factory.LazyFunction(lambda: days_ago(28))
    interval_weeks = 4
    created_by = factory.SubFactory(UserFactory)


class ClosureDayFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ClosureDay

    date = factory.LazyFunction(timezone.localdate)
    reason = ClosureDay.Reason.TYPHOON
