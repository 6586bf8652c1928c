"""Fictional referral demo data: partners, interpreters, referrals and screenings.

`seed_demo` calls `seed(rng=..., stdout=...)`. Every organisation, person, address,
phone number and story below is invented; emails use example.org. Running it again
brings the partners and interpreters back to their demo state and adds no second set
of referrals.
"""

import datetime
import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import TextIO

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from tqdm import tqdm

from accounts.models import User
from accounts.roles import Role
from clients.models import Client, Consent

from . import services
from .models import (
    ConsentCoverage,
    Indicator,
    IndicatorAnswer,
    Interpreter,
    InterpreterBooking,
    PartnerContact,
    PartnerOrganisation,
    Referral,
    Service,
)

Status = Referral.Status
Direction = Referral.Direction


@dataclass(frozen=True)
class PartnerSpec:
    name: str
    services: tuple[str, ...]
    languages: str
    address: str
    phone: str
    notes: str
    contacts: tuple[tuple[str, str, str], ...] = ()  # name, role, phone
    active: bool = True


PARTNERS: tuple[PartnerSpec, ...] = (
    PartnerSpec(
        "Harbour Light Night Shelter",
        ("shelter", "food"),
        "English, Cantonese, Urdu",
        "G/F, 18 Lantern Lane, Sham Shui Po, Kowloon",
        "2345 0101",
        "Men only, 40 beds. Referral by phone before 4 pm; bring a copy of the recognizance.",
        (("Chan Wai-yee", "Intake coordinator", "2345 0102"),),
    ),
    PartnerSpec(
        "Kowloon Community Pantry",
        ("food", "rent-utilities"),
        "English, Cantonese, Tagalog, Bahasa Indonesia",
        "2/F, 77 Kiln Road, Kwun Tong, Kowloon",
        "2345 0201",
        "Weekly food parcels on Tuesdays; halal and vegetarian options.",
        (("Maria Santos", "Volunteer lead", "2345 0202"),),
    ),
    PartnerSpec(
        "Lion Rock Community Clinic",
        ("medical",),
        "English, Cantonese, Mandarin",
        "Unit 5, 3/F, 12 Amber Street, Wong Tai Sin, Kowloon",
        "2345 0301",
        "Free general practice for people without HKID, Monday to Saturday mornings.",
        (("Dr Ho Ka-lok", "Medical director", "2345 0302"),),
    ),
    PartnerSpec(
        "Tin Hau Trauma Counselling Centre",
        ("counselling",),
        "English, Cantonese, French, Arabic",
        "8/F, 40 Causeway Terrace, Causeway Bay, Hong Kong",
        "2345 0401",
        "Trauma-focused therapy; waiting list about six weeks; urgent cases by phone.",
        (("Amira Haddad", "Clinical psychologist", "2345 0402"),),
    ),
    PartnerSpec(
        "Pedder & Lam Pro Bono Practice",
        ("legal-representation",),
        "English, Cantonese",
        "21/F, 9 Harbour Chambers, Central, Hong Kong",
        "2345 0501",
        "Judicial review and appeal board hearings; conflict check needed before referral.",
        (("Kwok Siu-ming", "Pro bono partner", "2345 0502"),),
    ),
    PartnerSpec(
        "Refugee Protection Liaison Office",
        ("resettlement",),
        "English, French, Arabic, Somali",
        "Room 1101, 11/F, 5 Garden Road Tower, Admiralty, Hong Kong",
        "2345 0601",
        "A UNHCR-style office: refugee status files, resettlement, family tracing.",
        (("Jean-Pierre Moreau", "Protection officer", "2345 0602"),),
    ),
    PartnerSpec(
        "St Aidan's Fellowship Refugee Ministry",
        ("faith-community", "food"),
        "English, Swahili, French",
        "14 Chapel Path, Yau Ma Tei, Kowloon",
        "2345 0701",
        "Sunday lunch, clothing bank and friendship group; open to people of every faith.",
        (("Rev. Grace Wanjiru", "Minister", "2345 0702"),),
    ),
    PartnerSpec(
        "Sunrise Refugee Voices Collective",
        ("refugee-led", "counselling"),
        "English, Urdu, Bengali, Somali, Arabic",
        "Flat B, 6/F, 31 Pei Ho Street, Sham Shui Po, Kowloon",
        "2345 0801",
        "Peer support groups run by refugees; women's group on Thursdays.",
        (("Abdi Warsame", "Coordinator", "2345 0802"),),
    ),
    PartnerSpec(
        "Bright Steps School Support",
        ("education",),
        "English, Cantonese, Urdu, Tagalog",
        "3/F, 2 Learning Lane, Tsuen Wan, New Territories",
        "2345 0901",
        "School placement advice, homework club and uniform grants for children.",
        (("Lee Pui-shan", "Family worker", "2345 0902"),),
    ),
    PartnerSpec(
        "Safe Passage Anti-Trafficking Network",
        ("anti-trafficking", "labour-rights", "shelter"),
        "English, Tagalog, Bahasa Indonesia, Nepali, Bengali",
        "Unit 12, 9/F, 88 Jordan Crescent, Yau Tsim Mong, Kowloon",
        "2345 1001",
        "Victims of trafficking and forced labour: safe house, case work, labour claims.",
        (("Siti Rahayu", "Case manager", "2345 1002"), ("Tam Ho-yin", "Lawyer", "2345 1003")),
    ),
    PartnerSpec(
        "Old Peak Relief Society",
        ("food",),
        "English",
        "Closed",
        "2345 1101",
        "Closed its food programme; kept for the history of past referrals.",
        active=False,
    ),
)


@dataclass(frozen=True)
class InterpreterSpec:
    name: str
    languages: str
    dialects: str
    gender: str
    undertaking_days_ago: int | None
    active: bool = True


INTERPRETERS: tuple[InterpreterSpec, ...] = (
    InterpreterSpec("Nadia Hussain", "Urdu, Punjabi, English", "", "female", 400),
    InterpreterSpec("Imran Qureshi", "Urdu, Punjabi", "Saraiki", "male", 200),
    InterpreterSpec("Rumana Akter", "Bengali, English", "Sylheti", "female", 90),
    InterpreterSpec("Hodan Ali", "Somali, Arabic", "Maay", "female", None),
    InterpreterSpec("Youssef Benali", "Arabic, French", "Darija", "male", 700),
    InterpreterSpec("Marie-Claire Mbeki", "French, Swahili, Lingala", "", "female", 30),
    InterpreterSpec("Dewi Lestari", "Bahasa Indonesia, Javanese", "", "female", 150),
    InterpreterSpec("Joy Dela Cruz", "Tagalog, Ilocano", "", "female", None),
    InterpreterSpec("Nguyen Minh Chau", "Vietnamese", "Southern", "male", 60),
    InterpreterSpec("Chaminda Perera", "Sinhala, Tamil", "", "male", 1000, active=False),
)

REASONS: dict[str, tuple[str, ...]] = {
    "shelter": (
        "Sleeping in a park since the landlord evicted him; needs a bed tonight.",
        "Sub-divided flat is unsafe; humanitarian rent allowance does not cover a room.",
    ),
    "food": ("Supermarket card ran out mid-month; two children at home.",),
    "rent-utilities": ("Electricity cut off; owes two months of bills.",),
    "medical": (
        "Untreated injury to the left hand from detention; needs a doctor's assessment.",
        "Persistent cough for six weeks; no HKID and no money for a clinic.",
    ),
    "counselling": (
        "Nightmares and poor sleep since arrival; asked for someone to talk to.",
        "Grief after news of a brother's death at home.",
    ),
    "legal-representation": ("Appeal board decision received; merits for judicial review?",),
    "resettlement": ("Substantiated persecution claim; resettlement assessment requested.",),
    "faith-community": ("Isolated; asked to meet people from her church tradition.",),
    "refugee-led": ("Would like to join the women's peer group.",),
    "education": ("Daughter, 9, has no school place since moving district.",),
    "anti-trafficking": (
        "Former domestic worker: passport held by the agency, unpaid wages for 5 months.",
    ),
    "labour-rights": ("Wage arrears and unlawful deductions by the employer.",),
}
INBOUND_PEOPLE = ("Abdullahi Hassan", "Farida Begum", "Joseph Mensah", "Lina Haddad")
ALL_STATES = (
    Status.DRAFT,
    Status.SENT,
    Status.ACCEPTED,
    Status.DECLINED,
    Status.COMPLETED,
    Status.CANCELLED,
)


def _write(stdout: TextIO | None, text: str) -> None:
    if stdout is not None:
        stdout.write(text)


def ensure_partners() -> dict[str, PartnerOrganisation]:
    services_by_slug = {s.slug: s for s in Service.objects.all()}
    partners = {}
    for spec in PARTNERS:
        partner, _created = PartnerOrganisation.objects.update_or_create(
            name=spec.name,
            defaults={
                "languages": spec.languages,
                "address": spec.address,
                "phone": spec.phone,
                "email": f"referrals@{spec.name.split()[0].lower()}.example.org",
                "notes": spec.notes,
                "active": spec.active,
            },
        )
        partner.services.set([services_by_slug[s] for s in spec.services if s in services_by_slug])
        for name, role, phone in spec.contacts:
            PartnerContact.objects.update_or_create(
                partner=partner, name=name, defaults={"role": role, "phone": phone}
            )
        partners[spec.name] = partner
    return partners


def ensure_interpreters() -> list[Interpreter]:
    today = timezone.localdate()
    interpreters = []
    for spec in INTERPRETERS:
        signed = (
            None
            if spec.undertaking_days_ago is None
            else today - datetime.timedelta(days=spec.undertaking_days_ago)
        )
        interpreter, _created = Interpreter.objects.update_or_create(
            name=spec.name,
            defaults={
                "languages": spec.languages,
                "dialects": spec.dialects,
                "gender": spec.gender,
                "undertaking_signed_on": signed,
                "active": spec.active,
                "phone": "5123 4567",
            },
        )
        interpreters.append(interpreter)
    return interpreters


def _clients_led_by(username: str) -> QuerySet[Client]:
    return (
        Client.objects.filter(
            assignments__worker__username=username,
            assignments__role="lead",
            assignments__ended_on__isnull=True,
        )
        .exclude(status=Client.Status.CLOSED)
        .distinct()
        .order_by("pk")
    )


def _lead_of(client: Client) -> User:
    lead = client.assignments.filter(role="lead", ended_on__isnull=True).select_related("worker")
    first = lead.first()
    return first.worker if first else client.created_by


class _Maker:
    """Walks referrals through their steps with the real services, backdated."""

    def __init__(self, rng: random.Random, partners, supervisor: User | None, receivers):
        self.rng = rng
        self.partners = [p for p in partners.values() if p.active]
        self.supervisor = supervisor
        self.receivers = receivers  # team -> worker
        self.now = timezone.now()
        self.made = 0

    def ago(self, days: int) -> datetime.datetime:
        return self.now - datetime.timedelta(days=days, hours=self.rng.randint(0, 8))

    def consent(self, client: Client, partner: PartnerOrganisation, by: User, days: int) -> None:
        services.sharing_consent_record(
            client=client,
            partner=partner,
            by=by,
            given=True,
            method=self.rng.choice(list(Consent.Method.values)),
            on=timezone.localdate() - datetime.timedelta(days=days),
            items=[
                *self.rng.sample(list(ConsentCoverage.Item.values), k=4),
                ConsentCoverage.Item.REASON,
            ],
        )

    def outbound(self, client: Client, state: str, by: User) -> Referral:
        partner = self.rng.choice(self.partners)
        service = self.rng.choice(list(partner.services.all()))
        start = self.rng.randint(25, 90) if state != Status.SENT else self.rng.randint(3, 30)
        referral = services.referral_create(
            referral=Referral(
                direction=Direction.OUTBOUND,
                client=client,
                partner=partner,
                service=service,
                reason=self.rng.choice(REASONS.get(service.slug, ("Needs support.",))),
                urgency=self.rng.choice(list(Referral.Urgency.values)),
                follow_up_on=timezone.localdate()
                + datetime.timedelta(days=self.rng.randint(-5, 20)),
            ),
            by=by,
            at=self.ago(start),
        )
        if state == Status.DRAFT:
            return referral
        if state == Status.CANCELLED and self.rng.random() < 0.5:
            return services.referral_cancel(
                referral=referral,
                by=by,
                reason="Client moved to another district.",
                at=self.ago(start - 1),
            )
        self.consent(client, partner, by, days=start)
        services.referral_send(referral=referral, by=by, at=self.ago(start - 1))
        return self._answer(referral, state, by, start)

    def _answer(self, referral: Referral, state: str, by: User, start: int, worker=None):
        if state == Status.SENT:
            return referral
        if state == Status.CANCELLED:
            return services.referral_cancel(
                referral=referral,
                by=by,
                reason="The client found help elsewhere.",
                at=self.ago(start - 3),
            )
        if state == Status.DECLINED:
            return services.referral_decline(
                referral=referral, by=by, reason="No capacity this month.", at=self.ago(start - 4)
            )
        services.referral_accept(referral=referral, by=by, worker=worker, at=self.ago(start - 4))
        if state == Status.COMPLETED:
            services.referral_complete(
                referral=referral,
                by=by,
                outcome="Help received; client satisfied.",
                at=self.ago(start - 15),
            )
        return referral

    def inbound(self, client: Client | None, state: str, by: User, person: str = "") -> Referral:
        partner = self.rng.choice(self.partners)
        start = self.rng.randint(2, 40)
        referral = services.referral_create(
            referral=Referral(
                direction=Direction.INBOUND,
                client=client,
                partner=partner,
                person_name=person,
                person_date_of_birth=datetime.date(1985 + self.rng.randint(0, 15), 3, 14)
                if person
                else None,
                partner_reference=f"{partner.name[:3].upper()}-{self.rng.randint(100, 999)}",
                reason="Needs legal advice on a non-refoulement claim.",
            ),
            by=by,
            at=self.ago(start),
        )
        return self._answer(referral, state, by, start)

    def internal(self, client: Client, state: str, by: User) -> Referral | None:
        team = Referral.Team.PSYCHOSOCIAL if by.is_legal_caseworker else Referral.Team.LEGAL
        worker = self.receivers.get(team)
        if self.supervisor is None or worker is None:
            return None
        start = self.rng.randint(5, 60)
        referral = services.referral_create(
            referral=Referral(
                direction=Direction.INTERNAL,
                client=client,
                to_team=team,
                reason="Client asked for support from the other team; consent given in interview.",
            ),
            by=by,
            at=self.ago(start),
        )
        if state == Status.DRAFT:
            return referral
        services.referral_send(referral=referral, by=by, at=self.ago(start - 1))
        if state in {Status.ACCEPTED, Status.DECLINED, Status.COMPLETED}:
            return self._answer(referral, state, self.supervisor, start, worker=worker)
        return self._answer(referral, state, by, start)


def _screen(client: Client, by: User, present: list[str], reviewed_by: User | None) -> None:
    answers = dict.fromkeys(Indicator.values, (IndicatorAnswer.Answer.ABSENT, ""))
    for indicator in present:
        answers[indicator] = (IndicatorAnswer.Answer.PRESENT, "Described in interview.")
    screening = services.screening_record(
        client=client,
        by=by,
        screened_on=timezone.localdate() - datetime.timedelta(days=10),
        work_context="Domestic work, Mid-Levels, 2023-2025",
        answers=answers,
    )
    if reviewed_by is not None and screening.legal_review_needed:
        services.screening_review(
            screening=screening, by=reviewed_by, note="Referred to a labour claim lawyer."
        )


@transaction.atomic
def seed(*, rng: random.Random, stdout: TextIO | None = None) -> None:
    """Partners, interpreters, and (once) referrals in every state with screenings."""
    partners = ensure_partners()
    interpreters = ensure_interpreters()
    _write(stdout, f"Referrals: {len(partners)} partners, {len(interpreters)} interpreters.\n")
    if Referral.objects.filter(partner__name__in=[p.name for p in PARTNERS]).exists():
        _write(stdout, "Referrals: demo referrals already present; none added.\n")
        return
    mine = list(_clients_led_by("demo-caseworker")[:16])
    if len(mine) < 8:
        _write(stdout, "Referrals: too few clients led by demo-caseworker; no referrals added.\n")
        return
    staff = {u.username: u for u in User.objects.filter(username__startswith="demo-")}
    supervisor = staff.get("demo-supervisor") or (
        User.objects.filter(groups__name=Role.SUPERVISOR, is_active=True).first()
    )
    receivers = {
        Referral.Team.PSYCHOSOCIAL: staff.get("demo-psychosocial"),
        Referral.Team.LEGAL: staff.get("demo-wong-kayan") or staff.get("demo-caseworker"),
    }
    maker = _Maker(rng, partners, supervisor, receivers)
    caseworker = _lead_of(mine[0])

    # demo-caseworker's own: every state in every direction, so each screen has something.
    for client, state in zip(mine, ALL_STATES * 3, strict=False):
        maker.outbound(client, state, caseworker)
    for client, state in zip(mine[-len(ALL_STATES) :], ALL_STATES, strict=True):
        maker.internal(client, state, caseworker)
    for state in (Status.SENT, Status.DECLINED):
        maker.inbound(None, state, caseworker, person=rng.choice(INBOUND_PEOPLE))
    maker.inbound(mine[1], Status.ACCEPTED, caseworker)
    maker.inbound(mine[2], Status.COMPLETED, caseworker)

    # Everyone else's clients get a sprinkling.
    others = (
        Client.objects.filter(assignments__ended_on__isnull=True, assignments__role="lead")
        .exclude(pk__in=[c.pk for c in mine])
        .exclude(status=Client.Status.CLOSED)
        .distinct()
        .order_by("pk")[:30]
    )
    for client in others:
        maker.outbound(client, rng.choice(ALL_STATES), _lead_of(client))

    _screen(
        mine[3],
        caseworker,
        [
            Indicator.RETENTION_OF_DOCUMENTS,
            Indicator.WITHHOLDING_OF_WAGES,
            Indicator.EXCESSIVE_OVERTIME,
        ],
        None,
    )
    _screen(mine[4], caseworker, [Indicator.DECEPTION, Indicator.DEBT_BONDAGE], supervisor)
    _screen(mine[5], caseworker, [], None)

    active = [i for i in interpreters if i.active]
    for client in mine[:6]:
        interpreter = rng.choice(active)
        services.interpreter_preference_save(
            client=client,
            by=caseworker,
            language=interpreter.language_list[0],
            gender=rng.choice(["", "female"]),
        )
        services.interpreter_booking_record(
            client=client,
            interpreter=interpreter,
            by=caseworker,
            on=timezone.localdate() - datetime.timedelta(days=rng.randint(1, 60)),
            kind=rng.choice(list(InterpreterBooking.Kind.values)),
            acknowledged=True,
        )
    _write(stdout, f"Referrals: {Referral.objects.count()} referrals in every state.\n")


# -- At benchmark scale ------------------------------------------------------------------

BULK_CHUNK = 5000
BULK_REFERRAL_SHARE = 0.15  # of the active clients with a lead
# Where outbound referrals stand, weighted: most are answered, some wait, a few stall.
BULK_STATES: tuple[tuple[str, float], ...] = (
    (Status.COMPLETED, 35),
    (Status.ACCEPTED, 20),
    (Status.SENT, 15),
    (Status.DECLINED, 10),
    (Status.DRAFT, 12),
    (Status.CANCELLED, 8),
)
COVERED = [*ConsentCoverage.Item.values]


def _bulk_referral(
    rng: random.Random,
    *,
    client_id: int,
    lead: int,
    partner: PartnerOrganisation,
    service_ids: list[tuple[int, str]],
    now: datetime.datetime,
) -> tuple[Referral, Consent | None, ConsentCoverage | None]:
    """One outbound referral in a weighted state, with the consent that let it go out."""
    states, weights = zip(*BULK_STATES, strict=True)
    state = rng.choices(states, weights=weights)[0]
    service_id, slug = rng.choice(service_ids)
    made = now - datetime.timedelta(days=rng.randint(3, 400), hours=rng.randint(0, 8))
    referral = Referral(
        direction=Direction.OUTBOUND,
        client_id=client_id,
        partner=partner,
        service_id=service_id,
        reason=rng.choice(REASONS.get(slug, ("Needs support.",))),
        urgency=rng.choice(list(Referral.Urgency.values)),
        status=state,
        created_by_id=lead,
        created_at=made,
    )
    if state == Status.DRAFT or (state == Status.CANCELLED and rng.random() < 0.5):
        if state == Status.CANCELLED:
            referral.cancelled_by_id, referral.cancelled_at = lead, made + datetime.timedelta(1)
            referral.cancel_reason = "Client moved to another district."
        return referral, None, None
    consent = Consent(
        client_id=client_id,
        kind=Consent.Kind.REFERRAL_SHARING,
        scope=partner.name,
        partner=partner,
        given=True,
        on=timezone.localdate(made),  # the Hong Kong date, not the UTC one
        method=rng.choice(list(Consent.Method.values)),
        recorded_by_id=lead,
    )
    coverage = ConsentCoverage(
        consent=consent, items=[*rng.sample(COVERED[:-1], k=4), ConsentCoverage.Item.REASON]
    )
    referral.consent = consent
    referral.sent_by_id, referral.sent_at = lead, made + datetime.timedelta(hours=2)
    answered = made + datetime.timedelta(days=rng.randint(2, 10))
    if state == Status.CANCELLED:
        referral.cancelled_by_id, referral.cancelled_at = lead, answered
        referral.cancel_reason = "The client found help elsewhere."
    elif state == Status.DECLINED:
        referral.declined_by_id, referral.declined_at = lead, answered
        referral.decline_reason = "No capacity this month."
    elif state in (Status.ACCEPTED, Status.COMPLETED):
        referral.accepted_by_id, referral.accepted_at = lead, answered
        if state == Status.COMPLETED:
            referral.completed_by_id = lead
            referral.completed_at = min(now, answered + datetime.timedelta(days=rng.randint(5, 60)))
            referral.outcome = "Help received; client satisfied."
    return referral, consent, coverage


def seed_bulk(*, rng: random.Random, stdout: TextIO, progress: Callable[[int, str], tqdm]) -> None:
    """Outbound referrals in every state for a share of the active clients, in bulk.

    Idempotent: only clients with no referral yet are considered.
    """
    partners = list(
        PartnerOrganisation.objects.filter(active=True).prefetch_related("services").order_by("pk")
    )
    offers = {p.pk: [(s.pk, s.slug) for s in p.services.all()] for p in partners}
    partners = [p for p in partners if offers[p.pk]]
    if not partners:
        _write(stdout, "Referrals at scale: no active partner offers a service; none added.\n")
        return
    candidates = list(
        Client.objects.filter(
            status=Client.Status.ACTIVE,
            referrals__isnull=True,
            assignments__role="lead",
            assignments__ended_on__isnull=True,
        )
        .order_by("pk")
        .values_list("pk", "assignments__worker_id")
    )
    now = timezone.now()
    made = 0
    with progress(len(candidates), "Referrals") as bar:
        for start in range(0, len(candidates), BULK_CHUNK):
            referrals, consents, coverage = [], [], []
            for client_id, lead in candidates[start : start + BULK_CHUNK]:
                if rng.random() > BULK_REFERRAL_SHARE:
                    continue
                partner = rng.choice(partners)
                referral, consent, covered = _bulk_referral(
                    rng,
                    client_id=client_id,
                    lead=lead,
                    partner=partner,
                    service_ids=offers[partner.pk],
                    now=now,
                )
                referrals.append(referral)
                if consent is not None:
                    consents.append(consent)
                    coverage.append(covered)
            Consent.objects.bulk_create(consents, batch_size=2000)
            ConsentCoverage.objects.bulk_create(coverage, batch_size=2000)
            Referral.objects.bulk_create(referrals, batch_size=2000)
            made += len(referrals)
            bar.update(min(BULK_CHUNK, len(candidates) - start))
    _write(stdout, f"Referrals at scale: {made} outbound referrals added.\n")
