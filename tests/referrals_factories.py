"""factory_boy factories for the referrals app."""

import datetime

import factory
from django.utils import timezone

from clients.models import Consent
from referrals.models import (
    ConsentCoverage,
    ForcedLabourScreening,
    Interpreter,
    InterpreterBooking,
    PartnerOrganisation,
    Referral,
    Service,
)

from .factories import ClientFactory, UserFactory


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"service-{n}")
    name = factory.LazyAttribute(lambda s: s.slug.replace("-", " ").title())


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartnerOrganisation
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Harbour Partner {n}")
    languages = "English, Cantonese"
    phone = "2345 6789"

    @factory.post_generation
    def services(self, create, extracted, **kwargs):
        if create and extracted:
            self.services.add(*extracted)


class ReferralFactory(factory.django.DjangoModelFactory):
    """An outbound draft by default; pass status and the step columns for others."""

    class Meta:
        model = Referral

    direction = Referral.Direction.OUTBOUND
    client = factory.SubFactory(ClientFactory)
    partner = factory.SubFactory(PartnerFactory)
    service = factory.SubFactory(ServiceFactory)
    reason = "Needs a safe place to sleep."
    created_by = factory.SubFactory(UserFactory)


class SharingConsentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Consent

    client = factory.SubFactory(ClientFactory)
    kind = Consent.Kind.REFERRAL_SHARING
    partner = factory.SubFactory(PartnerFactory)
    scope = factory.LazyAttribute(lambda c: str(c.partner))
    given = True
    on = factory.LazyFunction(timezone.localdate)
    method = Consent.Method.WRITTEN
    recorded_by = factory.SubFactory(UserFactory)


class CoverageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConsentCoverage

    consent = factory.SubFactory(SharingConsentFactory)
    items = factory.LazyFunction(lambda: ["reason"])


class ScreeningFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ForcedLabourScreening

    client = factory.SubFactory(ClientFactory)
    screened_by = factory.SubFactory(UserFactory)


class InterpreterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Interpreter

    name = factory.Sequence(lambda n: f"Interpreter {n}")
    languages = "Urdu, Punjabi"
    dialects = ""
    gender = "female"
    undertaking_signed_on = factory.LazyFunction(
        lambda: timezone.localdate() - datetime.timedelta(days=365)
    )


class BookingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InterpreterBooking

    client = factory.SubFactory(ClientFactory)
    interpreter = factory.SubFactory(InterpreterFactory)
    kind = InterpreterBooking.Kind.INTERVIEW
    recorded_by = factory.SubFactory(UserFactory)
