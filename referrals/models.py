"""Referrals to and from partner organisations and between the centre's own teams.

Also here, because they serve the same work of connecting a client with help: the
forced-labour screening that proposes a referral, and the interpreter roster.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# -- Reference data ----------------------------------------------------------------------


class Service(models.Model):
    """A kind of help partners offer (shelter, food, counselling...). Admins edit the list."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(
        _("code"),
        max_length=50,
        unique=True,
        help_text=_(
            "Stable code the app uses; for example 'anti-trafficking' is proposed "
            "after a forced-labour screening finds indicators."
        ),
    )
    description = models.CharField(_("description"), max_length=300, blank=True)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("service")
        verbose_name_plural = _("services")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class PartnerOrganisation(models.Model):
    """An organisation the centre refers clients to, or receives clients from."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    services = models.ManyToManyField(
        Service, blank=True, related_name="partners", verbose_name=_("services offered")
    )
    languages = models.CharField(
        _("languages"), max_length=300, blank=True, help_text=_("Comma separated.")
    )
    address = models.TextField(_("address"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    email = models.EmailField(_("email"), blank=True)
    website = models.URLField(_("website"), blank=True)
    notes = models.TextField(
        _("notes"), blank=True, help_text=_("Eligibility, opening hours, how to refer.")
    )
    active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_("Untick when the centre no longer refers to this partner; history stays."),
    )

    class Meta:
        verbose_name = _("partner organisation")
        verbose_name_plural = _("partner organisations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("referrals:partner_detail", args=[self.pk])

    @property
    def language_list(self) -> list[str]:
        return split_list(self.languages)


class PartnerContact(models.Model):
    """A named person at a partner organisation."""

    partner = models.ForeignKey(
        PartnerOrganisation, on_delete=models.CASCADE, related_name="contacts"
    )
    name = models.CharField(_("name"), max_length=150)
    role = models.CharField(_("role"), max_length=150, blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    email = models.EmailField(_("email"), blank=True)

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


def split_list(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


# -- Referrals -------------------------------------------------------------------------------


class Referral(models.Model):
    """One referral and its life: draft -> sent -> accepted / declined -> completed, or cancelled.

    Who and when for each step is kept in the step's own columns; the rules of which
    step may follow which are in `referrals.rules`.
    """

    class Direction(models.TextChoices):
        OUTBOUND = "outbound", _("Outbound, to a partner")
        INBOUND = "inbound", _("Inbound, from a partner")
        INTERNAL = "internal", _("Internal, between our teams")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SENT = "sent", _("Sent")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        COMPLETED = "completed", _("Completed")
        CANCELLED = "cancelled", _("Cancelled")

    class Urgency(models.TextChoices):
        ROUTINE = "routine", _("Routine")
        URGENT = "urgent", _("Urgent (within days)")
        EMERGENCY = "emergency", _("Emergency (today)")

    class Team(models.TextChoices):
        LEGAL = "legal", _("Legal team")
        PSYCHOSOCIAL = "psychosocial", _("Psychosocial team")

    direction = models.CharField(_("direction"), max_length=10, choices=Direction)
    client = models.ForeignKey(
        "clients.Client",
        on_delete=models.CASCADE,
        related_name="referrals",
        null=True,
        blank=True,
        verbose_name=_("client"),
        help_text=_("Empty only for an inbound referral whose intake is not done yet."),
    )
    partner = models.ForeignKey(
        PartnerOrganisation,
        on_delete=models.PROTECT,
        related_name="referrals",
        null=True,
        blank=True,
        verbose_name=_("partner"),
    )
    to_team = models.CharField(
        _("receiving team"), max_length=15, choices=Team, blank=True, help_text=_("Internal only.")
    )
    service = models.ForeignKey(
        Service,
        on_delete=models.PROTECT,
        related_name="referrals",
        null=True,
        blank=True,
        verbose_name=_("service"),
    )
    reason = models.TextField(_("reason for the referral"))
    urgency = models.CharField(
        _("urgency"), max_length=10, choices=Urgency, default=Urgency.ROUTINE
    )
    follow_up_on = models.DateField(_("follow up on"), null=True, blank=True)
    # The maker's deadline for the follow-up, kept in step by services.
    follow_up_deadline = models.ForeignKey(
        "cases.Deadline",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status, default=Status.DRAFT, db_index=True
    )
    # Inbound, before the intake: who the partner is sending, enough to check for duplicates.
    person_name = models.CharField(_("name of the person referred"), max_length=200, blank=True)
    person_date_of_birth = models.DateField(_("their date of birth"), null=True, blank=True)
    person_file_number = models.CharField(
        _("their Immigration Department file number"), max_length=40, blank=True
    )
    partner_reference = models.CharField(_("partner's reference"), max_length=100, blank=True)
    # The consent in force when the referral was sent (outbound): what the letter may carry.
    consent = models.ForeignKey(
        "clients.Consent",
        on_delete=models.PROTECT,
        related_name="referrals",
        null=True,
        blank=True,
        editable=False,
    )
    screening = models.ForeignKey(
        "ForcedLabourScreening",
        on_delete=models.SET_NULL,
        related_name="referrals",
        null=True,
        blank=True,
        editable=False,
        verbose_name=_("proposed by screening"),
    )
    assigned_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("receiving worker"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="referrals_made",
        verbose_name=_("made by"),
    )
    created_at = models.DateTimeField(_("made"), default=timezone.now)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    declined_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    declined_at = models.DateTimeField(_("declined"), null=True, blank=True)
    decline_reason = models.TextField(_("reason for declining"), blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    outcome = models.TextField(_("outcome"), blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True)

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["created_by", "status"], name="referral_maker_status_idx"),
            models.Index(fields=["status", "sent_at"], name="referral_status_sent_idx"),
            models.Index(
                fields=["follow_up_on"],
                condition=Q(follow_up_on__isnull=False),
                name="referral_follow_up_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(direction="inbound") | Q(client__isnull=False),
                name="referral_has_client_unless_inbound",
                violation_error_message=_("Choose the client."),
            ),
            models.CheckConstraint(
                condition=Q(
                    direction="internal",
                    partner__isnull=True,
                    to_team__in=["legal", "psychosocial"],
                )
                | (~Q(direction="internal") & Q(partner__isnull=False, to_team="")),
                name="referral_partner_or_team",
                violation_error_message=_(
                    "A referral to or from a partner names the partner; an internal one "
                    "names the receiving team."
                ),
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(sent_at__isnull=False) | Q(status="cancelled"),
                name="referral_sent_has_time",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["accepted", "completed"]) | Q(accepted_at__isnull=False),
                name="referral_accepted_has_time",
            ),
            models.CheckConstraint(
                condition=~Q(status="declined") | Q(declined_at__isnull=False),
                name="referral_declined_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_direction_display()} #{self.pk}: {self.counterpart}"

    def get_absolute_url(self) -> str:
        return reverse("referrals:detail", args=[self.pk])

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.direction == self.Direction.INTERNAL:
            if not self.to_team:
                errors["to_team"] = _("Choose the team the client is referred to.")
            self.partner = None
        else:
            self.to_team = ""
            if self.partner_id is None:
                errors["partner"] = _("Choose the partner organisation.")
        if self.direction != self.Direction.INBOUND and self.client_id is None:
            errors["client"] = _("Choose the client.")
        if self.direction == self.Direction.OUTBOUND and self.service_id is None:
            errors["service"] = _("Choose the service the client is referred for.")
        if (
            self.direction == self.Direction.INBOUND
            and self.client_id is None
            and not self.person_name.strip()
        ):
            errors["person_name"] = _("Give the name of the person referred.")
        if errors:
            raise ValidationError(errors)

    @property
    def counterpart(self) -> str:
        if self.direction == self.Direction.INTERNAL:
            return str(self.get_to_team_display())
        return str(self.partner) if self.partner_id else "?"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def answer_due_on(self) -> datetime.date | None:
        """The day after which an unanswered sent referral is overdue."""
        if self.status != self.Status.SENT or self.sent_at is None:
            return None
        sent_on = timezone.localdate(self.sent_at)
        return sent_on + datetime.timedelta(days=settings.REFERRAL_ANSWER_DAYS)

    @property
    def is_overdue(self) -> bool:
        due = self.answer_due_on
        return due is not None and timezone.localdate() > due

    @property
    def follow_up_overdue(self) -> bool:
        return bool(self.is_open and self.follow_up_on and self.follow_up_on < timezone.localdate())

    @property
    def display_person(self) -> str:
        if self.client_id:
            return self.client.display_name
        return self.person_name


OPEN_STATUSES = frozenset({Referral.Status.DRAFT, Referral.Status.SENT, Referral.Status.ACCEPTED})


class ConsentCoverage(models.Model):
    """What a consent to share with a partner covers: the letter carries only these items.

    The client's name and reference are always on a letter: without them there is no
    referral. Everything else must be named here.
    """

    class Item(models.TextChoices):
        DATE_OF_BIRTH = "date_of_birth", _("Date of birth")
        NATIONALITY = "nationality", _("Nationality")
        LANGUAGES = "languages", _("Languages and interpreter needs")
        CONTACT = "contact", _("Phone number and district")
        IMMIGRATION = "immigration", _("Immigration status and file number")
        VULNERABILITIES = "vulnerabilities", _("Vulnerabilities")
        HOUSEHOLD = "household", _("Household members")
        REASON = "reason", _("The reason for the referral, as written")

    consent = models.OneToOneField(
        "clients.Consent", on_delete=models.CASCADE, related_name="coverage"
    )
    items = models.JSONField(_("information covered"), default=list, blank=True)

    class Meta:
        verbose_name = _("consent coverage")
        verbose_name_plural = _("consent coverage")

    def __str__(self) -> str:
        return ", ".join(self.items)

    @property
    def labels(self) -> list[str]:
        return [str(self.Item(item).label) for item in self.items if item in self.Item.values]

    def clean(self) -> None:
        valid = set(self.Item.values)
        if not isinstance(self.items, list) or not set(self.items) <= valid:
            raise ValidationError({"items": _("Unknown information item.")})


# -- Forced labour screening ----------------------------------------------------------------


class Indicator(models.TextChoices):
    """The ILO's 11 indicators of forced labour, in the ILO's order."""

    ABUSE_OF_VULNERABILITY = "abuse_of_vulnerability", _("Abuse of vulnerability")
    DECEPTION = "deception", _("Deception")
    RESTRICTION_OF_MOVEMENT = "restriction_of_movement", _("Restriction of movement")
    ISOLATION = "isolation", _("Isolation")
    VIOLENCE = "violence", _("Physical and sexual violence")
    INTIMIDATION = "intimidation", _("Intimidation and threats")
    RETENTION_OF_DOCUMENTS = "retention_of_documents", _("Retention of identity documents")
    WITHHOLDING_OF_WAGES = "withholding_of_wages", _("Withholding of wages")
    DEBT_BONDAGE = "debt_bondage", _("Debt bondage")
    ABUSIVE_CONDITIONS = "abusive_conditions", _("Abusive working and living conditions")
    EXCESSIVE_OVERTIME = "excessive_overtime", _("Excessive overtime")


INDICATOR_PROMPTS: dict[str, str] = {
    Indicator.ABUSE_OF_VULNERABILITY: _(
        "Did the employer or agent take advantage of the worker's lack of language, "
        "immigration status, debt or dependence?"
    ),
    Indicator.DECEPTION: _(
        "Was the worker lied to about the job, pay, conditions, employer or place of work?"
    ),
    Indicator.RESTRICTION_OF_MOVEMENT: _(
        "Was the worker locked in, watched, or not free to leave the workplace or home?"
    ),
    Indicator.ISOLATION: _(
        "Was the worker cut off from family, friends or help, or kept without a phone?"
    ),
    Indicator.VIOLENCE: _("Was the worker hit, hurt, sexually harassed or assaulted?"),
    Indicator.INTIMIDATION: _(
        "Was the worker threatened: with the police, deportation, harm to family, losing pay?"
    ),
    Indicator.RETENTION_OF_DOCUMENTS: _(
        "Did the employer or agency keep the passport, ID card or contract?"
    ),
    Indicator.WITHHOLDING_OF_WAGES: _(
        "Was pay withheld, delayed, cut or paid below what was agreed?"
    ),
    Indicator.DEBT_BONDAGE: _(
        "Does the worker owe recruitment fees or loans that tie them to the job?"
    ),
    Indicator.ABUSIVE_CONDITIONS: _(
        "Degrading or dangerous work, no proper food, no private place to sleep?"
    ),
    Indicator.EXCESSIVE_OVERTIME: _(
        "Very long hours, no rest day, on call day and night beyond what law or contract allow?"
    ),
}


class ForcedLabourScreening(models.Model):
    """An ILO forced-labour screening of a migrant worker client.

    Any indicator present flags the client for legal review until a legal caseworker or
    supervisor records the review.
    """

    client = models.ForeignKey(
        "clients.Client", on_delete=models.CASCADE, related_name="forced_labour_screenings"
    )
    screened_on = models.DateField(_("screened on"), default=timezone.localdate)
    screened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    work_context = models.CharField(
        _("work"),
        max_length=300,
        blank=True,
        help_text=_("Kind of work, where, and when: for example 'domestic work, Tai Po, 2023-24'."),
    )
    notes = models.TextField(_("notes"), blank=True)
    indicators_present = models.PositiveSmallIntegerField(_("indicators present"), default=0)
    legal_review_needed = models.BooleanField(_("needs legal review"), default=False)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    reviewed_at = models.DateTimeField(_("legal review recorded"), null=True, blank=True)
    review_note = models.TextField(_("legal review note"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("forced-labour screening")
        verbose_name_plural = _("forced-labour screenings")
        ordering = ["-screened_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(legal_review_needed=False) | Q(indicators_present__gt=0),
                name="screening_review_needs_indicator",
            ),
        ]

    def __str__(self) -> str:
        return f"Forced-labour screening {self.screened_on} ({self.indicators_present}/11)"

    def get_absolute_url(self) -> str:
        return reverse("referrals:screening_detail", args=[self.client.reference, self.pk])

    @property
    def awaiting_review(self) -> bool:
        return self.legal_review_needed and self.reviewed_at is None


class IndicatorAnswer(models.Model):
    class Answer(models.TextChoices):
        PRESENT = "present", _("Present")
        ABSENT = "absent", _("Not present")
        UNKNOWN = "unknown", _("Not known")

    screening = models.ForeignKey(
        ForcedLabourScreening, on_delete=models.CASCADE, related_name="answers"
    )
    indicator = models.CharField(_("indicator"), max_length=30, choices=Indicator)
    answer = models.CharField(_("answer"), max_length=10, choices=Answer)
    evidence = models.TextField(_("evidence"), blank=True)

    class Meta:
        verbose_name = _("indicator answer")
        verbose_name_plural = _("indicator answers")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["screening", "indicator"], name="one_answer_per_indicator"
            ),
            models.CheckConstraint(
                condition=~Q(answer="present") | ~Q(evidence=""),
                name="present_indicator_has_evidence",
                violation_error_message=_("Say what shows the indicator is present."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_indicator_display()}: {self.get_answer_display()}"


# -- Interpreters ------------------------------------------------------------------------------


class Gender(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    OTHER = "other", _("Other / self-described")


class Interpreter(models.Model):
    """Someone on the centre's interpreter roster. Reference data admins keep."""

    name = models.CharField(_("name"), max_length=150)
    languages = models.CharField(_("languages"), max_length=300, help_text=_("Comma separated."))
    dialects = models.CharField(
        _("dialects"), max_length=300, blank=True, help_text=_("Comma separated.")
    )
    gender = models.CharField(_("gender"), max_length=10, choices=Gender)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    email = models.EmailField(_("email"), blank=True)
    undertaking_signed_on = models.DateField(
        _("confidentiality undertaking signed on"),
        null=True,
        blank=True,
        help_text=_("Empty until the signed undertaking is on file."),
    )
    active = models.BooleanField(_("active"), default=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("interpreter")
        verbose_name_plural = _("interpreters")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def language_list(self) -> list[str]:
        return split_list(self.languages)

    @property
    def dialect_list(self) -> list[str]:
        return split_list(self.dialects)

    @property
    def undertaking_missing(self) -> bool:
        return self.undertaking_signed_on is None


class InterpreterPreference(models.Model):
    """How a client wants to be interpreted for."""

    class GenderWish(models.TextChoices):
        ANY = "", _("No preference")
        FEMALE = "female", _("Female interpreter")
        MALE = "male", _("Male interpreter")

    client = models.OneToOneField(
        "clients.Client", on_delete=models.CASCADE, related_name="interpreter_preference"
    )
    language = models.CharField(_("language"), max_length=100)
    dialect = models.CharField(_("dialect"), max_length=100, blank=True)
    gender = models.CharField(
        _("interpreter's gender"), max_length=10, choices=GenderWish, blank=True, default=""
    )
    notes = models.CharField(_("notes"), max_length=300, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("interpreter preference")
        verbose_name_plural = _("interpreter preferences")

    def __str__(self) -> str:
        return " / ".join(p for p in (self.language, self.dialect, self.gender) if p)


class InterpreterBooking(models.Model):
    """An interpreter served a client at an interview, meeting, session or hearing."""

    class Kind(models.TextChoices):
        INTERVIEW = "interview", _("Interview")
        MEETING = "meeting", _("Meeting")
        SESSION = "session", _("Counselling session")
        HEARING = "hearing", _("Hearing")

    client = models.ForeignKey(
        "clients.Client", on_delete=models.CASCADE, related_name="interpreter_bookings"
    )
    interpreter = models.ForeignKey(Interpreter, on_delete=models.PROTECT, related_name="bookings")
    on = models.DateField(_("date"), default=timezone.localdate)
    kind = models.CharField(_("for"), max_length=10, choices=Kind)
    notes = models.CharField(_("notes"), max_length=300, blank=True)
    warnings = models.TextField(
        _("warnings when recorded"),
        blank=True,
        help_text=_("The roster's warnings the recorder acknowledged."),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("interpreter booking")
        verbose_name_plural = _("interpreter bookings")
        ordering = ["-on", "-pk"]

    def __str__(self) -> str:
        return f"{self.interpreter} · {self.get_kind_display()} {self.on}"
