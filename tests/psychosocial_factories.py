"""factory_boy factories for psychosocial work (sessions, measures, risk screens)."""

import datetime

import factory
from django.utils import timezone

from cases.psychosocial.instruments import INSTRUMENTS
from cases.psychosocial.models import (
    Assessment,
    PsychosocialSession,
    RiskAssessment,
    RiskLevel,
    SessionAttendance,
)

from .factories import ClientFactory, UserFactory


def days_ago(n: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=n)


def answers_for(code: str, total: int) -> list[int]:
    """Answers adding up to `total`, filled from the first item (the last item stays low,
    so a PHQ-9 built this way only reaches item 9 when the total needs it)."""
    spec = INSTRUMENTS[code]
    answers, left = [], total
    for _item in spec.items:
        answer = min(spec.max_answer, left)
        answers.append(answer)
        left -= answer
    assert left == 0, f"{spec.name} cannot total {total}"
    return answers


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PsychosocialSession

    worker = factory.SubFactory(UserFactory)
    date = factory.LazyFunction(lambda: days_ago(7))
    minutes = 50
    kind = PsychosocialSession.Kind.INDIVIDUAL
    concerns = "Sleep problems since the screening interview."
    interventions = "Grounding exercises; psychoeducation on trauma reactions."
    notes = "Spoke about the family left at home. CONFIDENTIAL-SESSION-NOTE"
    created_by = factory.SelfAttribute("worker")


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SessionAttendance

    session = factory.SubFactory(SessionFactory)
    client = factory.SubFactory(ClientFactory)


class AssessmentFactory(factory.django.DjangoModelFactory):
    """A scored measure; pass `answers` or leave the default (PHQ-9 totalling 12)."""

    class Meta:
        model = Assessment

    client = factory.SubFactory(ClientFactory)
    instrument = "phq9"
    taken_on = factory.LazyFunction(lambda: days_ago(14))
    answers = factory.LazyAttribute(lambda a: answers_for(a.instrument, 12))
    recorded_by = factory.SubFactory(UserFactory)


class RiskAssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RiskAssessment

    client = factory.SubFactory(ClientFactory)
    assessed_on = factory.LazyFunction(lambda: days_ago(3))
    assessed_by = factory.SubFactory(UserFactory)
    wish_to_be_dead = False
    suicidal_thoughts = False
    method = False
    intent = False
    plan = False
    behaviour = False
    level = RiskLevel.NONE
