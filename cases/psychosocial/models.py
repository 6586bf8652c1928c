"""Counselling sessions, wellbeing measures, risk screens and the client's risk flag.

Imported by cases/models.py (so the app label is `cases`); writes go through
cases.psychosocial.services, reads through cases.psychosocial.selectors. Deadlines are
referred to by name ("cases.Deadline") so this module never imports cases.models.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clients.models import Client, ClientOwned

from .instruments import INSTRUMENTS, Instrument, InstrumentCode, InvalidAnswers


def _not_in_future(value, field: str, errors: dict) -> None:
    today = timezone.localdate()
    if value and value > today:
        errors[field] = _("This date is in the future (today is %(today)s).") % {
            "today": today.isoformat()
        }


class PsychosocialSession(models.Model):
    """A counselling session. A group session has one attendance row per client."""

    class Kind(models.TextChoices):
        INDIVIDUAL = "individual", _("Individual")
        GROUP = "group", _("Group")
        FAMILY = "family", _("Family")
        CRISIS = "crisis", _("Crisis")

    class Modality(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        PHONE = "phone", _("Phone")
        VIDEO = "video", _("Video")

    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="psychosocial_sessions",
        verbose_name=_("worker"),
    )
    date = models.DateField(_("date"))
    minutes = models.PositiveSmallIntegerField(_("length in minutes"))
    kind = models.CharField(_("kind"), max_length=12, choices=Kind, default=Kind.INDIVIDUAL)
    modality = models.CharField(
        _("modality"), max_length=12, choices=Modality, default=Modality.IN_PERSON
    )
    interpreter_language = models.CharField(
        _("interpreter language"),
        max_length=50,
        blank=True,
        help_text=_("Empty when no interpreter took part."),
    )
    concerns = models.TextField(_("presenting concerns"), blank=True)
    interventions = models.TextField(_("interventions"), blank=True)
    notes = models.TextField(
        _("session notes"),
        blank=True,
        help_text=_("Need to know: psychosocial staff on the case and supervisors only."),
    )
    follow_up_on = models.DateField(
        _("follow-up date"), null=True, blank=True, help_text=_("Becomes a deadline.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("psychosocial session")
        verbose_name_plural = _("psychosocial sessions")
        ordering = ["-date", "-pk"]
        indexes = [
            # Sessions this month per worker (the supervision caseload): 32 -> 2 ms.
            models.Index(fields=["worker", "date"], name="session_worker_date_idx")
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(minutes__gte=1, minutes__lte=600), name="session_minutes_range"
            ),
            models.CheckConstraint(
                condition=Q(follow_up_on__isnull=True) | Q(follow_up_on__gte=models.F("date")),
                name="session_follow_up_after_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} session {self.date} ({self.worker})"

    def get_additional_data(self) -> dict:
        # A group session belongs to several files. The service names them before the
        # first save (no attendance rows exist yet); later saves read the rows.
        ids = getattr(self, "audit_client_ids", None)
        if ids is None and self.pk:
            ids = list(self.attendances.values_list("client_id", flat=True))
        ids = ids or []
        return {"client_id": ids[0] if ids else None, "client_ids": ids}

    def clean(self) -> None:
        errors: dict[str, str] = {}
        _not_in_future(self.date, "date", errors)
        if self.minutes is not None and not 1 <= self.minutes <= 600:
            errors["minutes"] = _("A session lasts between 1 and 600 minutes.")
        if self.follow_up_on and self.date and self.follow_up_on < self.date:
            errors["follow_up_on"] = _("The follow-up cannot come before the session.")
        if errors:
            raise ValidationError(errors)


class SessionAttendance(ClientOwned, models.Model):
    """One client at one session, with their own attendance and an individual note."""

    class Attendance(models.TextChoices):
        ATTENDED = "attended", _("Attended")
        LEFT_EARLY = "left_early", _("Left early")
        ABSENT = "absent", _("Did not attend")

    session = models.ForeignKey(
        PsychosocialSession, on_delete=models.CASCADE, related_name="attendances"
    )
    client = models.ForeignKey(
        Client, on_delete=models.CASCADE, related_name="psychosocial_attendances"
    )
    attendance = models.CharField(
        _("attendance"), max_length=12, choices=Attendance, default=Attendance.ATTENDED
    )
    note = models.TextField(
        _("note on this client"),
        blank=True,
        help_text=_("Need to know, and about this client only."),
    )
    follow_up_deadline = models.ForeignKey(
        "cases.Deadline",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    class Meta:
        verbose_name = _("session attendance")
        verbose_name_plural = _("session attendance")
        ordering = ["session", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "client"],
                name="one_attendance_per_client_per_session",
                violation_error_message=_("This client is already on the session."),
            )
        ]
        indexes = [models.Index(fields=["client", "session"], name="attendance_client_idx")]

    def __str__(self) -> str:
        return f"{self.client_id} at {self.session}: {self.get_attendance_display()}"


class Assessment(ClientOwned, models.Model):
    """A completed wellbeing measure. Total and band are computed from the answers."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="assessments")
    instrument = models.CharField(_("measure"), max_length=10, choices=InstrumentCode)
    taken_on = models.DateField(_("date"))
    answers = models.JSONField(_("answers"), default=list)
    total = models.PositiveSmallIntegerField(_("total"), editable=False)
    band = models.CharField(_("band"), max_length=30, editable=False)
    session = models.ForeignKey(
        PsychosocialSession,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assessments",
        verbose_name=_("session"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("wellbeing measure")
        verbose_name_plural = _("wellbeing measures")
        ordering = ["taken_on", "pk"]
        indexes = [
            models.Index(fields=["client", "instrument", "taken_on"], name="assessment_trend_idx")
        ]

    def __str__(self) -> str:
        return f"{self.get_instrument_display()} {self.taken_on}: {self.total}"

    def save(self, *args, **kwargs) -> None:
        # Computed, never typed: whatever was set, the stored score follows the answers.
        result = self.spec.score(self.answers)
        self.total, self.band = result.total, result.band.code
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("clients:psychosocial", args=[self.client.reference])

    def clean(self) -> None:
        errors: dict[str, str] = {}
        _not_in_future(self.taken_on, "taken_on", errors)
        if self.instrument not in INSTRUMENTS:
            errors["instrument"] = _("Unknown measure.")
        elif not isinstance(self.answers, list):
            errors["answers"] = _("The answers must be a list.")
        else:
            try:
                self.spec.validate(self.answers)
            except InvalidAnswers as invalid:
                errors["answers"] = "; ".join(
                    _("question %(n)d: %(problem)s") % {"n": n, "problem": problem}
                    for n, problem in sorted(invalid.errors.items())
                )
        if errors:
            raise ValidationError(errors)

    @property
    def spec(self) -> Instrument:
        return INSTRUMENTS[self.instrument]

    @property
    def band_info(self):
        return self.spec.band_for(self.total)

    @property
    def display_total(self) -> str:
        return self.spec.display_total(self.total)

    @property
    def subscores(self) -> list[tuple[str, int]]:
        values = self.spec.score(self.answers).subscores
        return [(c.label, values[c.code]) for c in self.spec.clusters]

    @property
    def needs_safety_check(self) -> bool:
        return self.spec.score(self.answers).needs_safety_check


class RiskLevel(models.TextChoices):
    NONE = "none", _("None")
    LOW = "low", _("Low")
    MODERATE = "moderate", _("Moderate")
    HIGH = "high", _("High")


RISK_RANK = {RiskLevel.NONE: 0, RiskLevel.LOW: 1, RiskLevel.MODERATE: 2, RiskLevel.HIGH: 3}
FLAGGING_LEVELS = frozenset({RiskLevel.MODERATE, RiskLevel.HIGH})

# The six screening questions (in the style of the Columbia screener; this is not the
# C-SSRS itself). Field name, question, and the level a "yes" suggests at least.
RISK_QUESTIONS: list[tuple[str, str, str]] = [
    (
        "wish_to_be_dead",
        _(
            "In the past month, have you wished you were dead or wished you could go to sleep "
            "and not wake up?"
        ),
        RiskLevel.LOW,
    ),
    (
        "suicidal_thoughts",
        _("In the past month, have you had any actual thoughts of killing yourself?"),
        RiskLevel.LOW,
    ),
    (
        "method",
        _("Have you been thinking about how you might do this?"),
        RiskLevel.MODERATE,
    ),
    (
        "intent",
        _("Have you had these thoughts and had some intention of acting on them?"),
        RiskLevel.HIGH,
    ),
    (
        "plan",
        _(
            "Have you started to work out or worked out the details of how to kill yourself? "
            "Do you intend to carry out this plan?"
        ),
        RiskLevel.HIGH,
    ),
    (
        "behaviour",
        _(
            "In the past 3 months, have you done anything, started to do anything, or prepared "
            "to do anything to end your life, or to harm yourself?"
        ),
        RiskLevel.HIGH,
    ),
]


def suggested_risk_level(answers: dict[str, bool]) -> str:
    """The least level the screen's "yes" answers point to; the worker confirms a level."""
    level = RiskLevel.NONE
    for name, _question, at_least in RISK_QUESTIONS:
        if answers.get(name) and RISK_RANK[at_least] > RISK_RANK[level]:
            level = at_least
    return level


class RiskAssessment(ClientOwned, models.Model):
    """A suicide and self-harm screen with the worker's confirmed level and safety plan."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="risk_assessments")
    assessed_on = models.DateField(_("date"))
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("assessed by"),
    )
    wish_to_be_dead = models.BooleanField(_("wish to be dead"))
    suicidal_thoughts = models.BooleanField(_("suicidal thoughts"))
    method = models.BooleanField(_("thoughts of a method"))
    intent = models.BooleanField(_("intent to act"))
    plan = models.BooleanField(_("a plan"))
    behaviour = models.BooleanField(_("suicidal behaviour in the past 3 months"))
    level = models.CharField(_("risk level"), max_length=10, choices=RiskLevel)
    safety_plan = models.TextField(_("safety plan"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("risk assessment")
        verbose_name_plural = _("risk assessments")
        ordering = ["-assessed_on", "-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.assessed_on}: {self.get_level_display()}"

    def get_absolute_url(self) -> str:
        return reverse("clients:psychosocial", args=[self.client.reference])

    def clean(self) -> None:
        errors: dict[str, str] = {}
        _not_in_future(self.assessed_on, "assessed_on", errors)
        if self.level in FLAGGING_LEVELS and not self.safety_plan.strip():
            errors["safety_plan"] = _("A moderate or high level needs a safety plan.")
        suggested = suggested_risk_level(self.answers)
        if (
            self.level in RISK_RANK
            and RISK_RANK[self.level] < RISK_RANK[suggested]
            and not self.notes.strip()
        ):
            errors["level"] = _(
                "The answers suggest at least %(suggested)s risk. Choose that level, or say "
                "in the notes why you judge it lower."
            ) % {"suggested": RiskLevel(suggested).label.lower()}
        if errors:
            raise ValidationError(errors)

    @property
    def answers(self) -> dict[str, bool]:
        return {name: getattr(self, name) for name, _q, _l in RISK_QUESTIONS}

    @property
    def suggested_level(self) -> str:
        return suggested_risk_level(self.answers)

    @property
    def flags_client(self) -> bool:
        return self.level in FLAGGING_LEVELS


class ClientRiskFlag(ClientOwned, models.Model):
    """Whether a client is flagged at risk now: one row per client, so every client page
    reads it with one query. Raised by a moderate or high risk level or a PHQ-9 item 9
    above 0; cleared only by a later risk assessment of none or low."""

    class Reason(models.TextChoices):
        RISK_LEVEL = "risk_level", _("Risk assessment")
        PHQ9_ITEM9 = "phq9_item9", _("PHQ-9 item 9 above 0: safety check needed")

    client = models.OneToOneField(Client, on_delete=models.CASCADE, related_name="risk_flag")
    flagged = models.BooleanField(_("flagged"), default=False, db_index=True)
    reason = models.CharField(_("reason"), max_length=12, choices=Reason, blank=True)
    level = models.CharField(_("risk level"), max_length=10, choices=RiskLevel, blank=True)
    raised_on = models.DateField(_("concern dated"), null=True, blank=True)
    raised_at = models.DateTimeField(_("flagged at"), null=True, blank=True)
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    cleared_at = models.DateTimeField(_("cleared at"), null=True, blank=True)
    cleared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    cleared_by_assessment = models.ForeignKey(
        RiskAssessment, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("risk flag")
        verbose_name_plural = _("risk flags")
        constraints = [
            models.CheckConstraint(
                condition=Q(flagged=False) | Q(raised_on__isnull=False, raised_at__isnull=False),
                name="risk_flag_raised_has_date",
            )
        ]

    def __str__(self) -> str:
        state = _("flagged") if self.flagged else _("not flagged")
        return f"{self.client_id}: {state}"
