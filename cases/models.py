"""Protection claims, their timeline, the deadlines it implies, legal aid and reporting.

The shape: a `ProtectionClaim` has dated `ClaimEvent` rows; each active `DeadlineRule`
for an event's kind gives a `Deadline` computed by `cases.periods`. Legal-aid refusals and
reporting conditions make deadlines too. Writes go through `cases.services`.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from clients.models import Client, ClientOwned


class EventKind(models.TextChoices):
    """The dated steps of a claim, in the order they normally happen."""

    CLAIM_MADE = "claim_made", _("Claim made")
    CLAIM_FORM_ISSUED = "claim_form_issued", _("Claim form issued")
    CLAIM_FORM_RETURNED = "claim_form_returned", _("Claim form returned")
    SCREENING_INTERVIEW = "screening_interview", _("Screening interview")
    DECISION_SERVED = "decision_served", _("Decision served")
    APPEAL_LODGED = "appeal_lodged", _("Appeal lodged")
    APPEAL_HEARING = "appeal_hearing", _("Appeal hearing")
    APPEAL_DECISION = "appeal_decision", _("Appeal decision")
    JR_LEAVE_FILED = "jr_leave_filed", _("Judicial review leave filed")
    JR_LEAVE_DECISION = "jr_leave_decision", _("Judicial review leave decision")
    COURT_OF_APPEAL = "court_of_appeal", _("Court of Appeal judgment")
    COURT_OF_FINAL_APPEAL = "court_of_final_appeal", _("Court of Final Appeal decision")
    SUBSEQUENT_CLAIM = "subsequent_claim", _("Subsequent claim")
    REMOVAL = "removal", _("Removal")


EVENT_ORDER = {kind: rank for rank, kind in enumerate(EventKind)}

# Decisions can only be recorded once they exist; a date in the future is a typo.
DECISIONS = frozenset(
    {
        EventKind.DECISION_SERVED,
        EventKind.APPEAL_DECISION,
        EventKind.JR_LEAVE_DECISION,
        EventKind.COURT_OF_APPEAL,
        EventKind.COURT_OF_FINAL_APPEAL,
    }
)
# Events that are booked ahead and may carry a future date.
SCHEDULED = frozenset({EventKind.SCREENING_INTERVIEW, EventKind.APPEAL_HEARING, EventKind.REMOVAL})
# An event of the key kind needs an event of one of these kinds on or before its date.
PREREQUISITES: dict[str, frozenset[str]] = {
    EventKind.CLAIM_FORM_RETURNED: frozenset({EventKind.CLAIM_FORM_ISSUED}),
    EventKind.APPEAL_LODGED: frozenset({EventKind.DECISION_SERVED}),
    EventKind.APPEAL_HEARING: frozenset({EventKind.APPEAL_LODGED}),
    EventKind.APPEAL_DECISION: frozenset({EventKind.APPEAL_LODGED}),
    EventKind.JR_LEAVE_FILED: frozenset({EventKind.DECISION_SERVED, EventKind.APPEAL_DECISION}),
    EventKind.JR_LEAVE_DECISION: frozenset({EventKind.JR_LEAVE_FILED}),
    EventKind.COURT_OF_APPEAL: frozenset({EventKind.JR_LEAVE_DECISION}),
    EventKind.COURT_OF_FINAL_APPEAL: frozenset({EventKind.COURT_OF_APPEAL}),
}


class Trigger(models.TextChoices):
    """What a deadline rule follows: a claim event, or a legal-aid refusal."""

    CLAIM_MADE = EventKind.CLAIM_MADE.value, EventKind.CLAIM_MADE.label
    CLAIM_FORM_ISSUED = EventKind.CLAIM_FORM_ISSUED.value, EventKind.CLAIM_FORM_ISSUED.label
    CLAIM_FORM_RETURNED = EventKind.CLAIM_FORM_RETURNED.value, EventKind.CLAIM_FORM_RETURNED.label
    SCREENING_INTERVIEW = EventKind.SCREENING_INTERVIEW.value, EventKind.SCREENING_INTERVIEW.label
    DECISION_SERVED = EventKind.DECISION_SERVED.value, EventKind.DECISION_SERVED.label
    APPEAL_LODGED = EventKind.APPEAL_LODGED.value, EventKind.APPEAL_LODGED.label
    APPEAL_HEARING = EventKind.APPEAL_HEARING.value, EventKind.APPEAL_HEARING.label
    APPEAL_DECISION = EventKind.APPEAL_DECISION.value, EventKind.APPEAL_DECISION.label
    JR_LEAVE_FILED = EventKind.JR_LEAVE_FILED.value, EventKind.JR_LEAVE_FILED.label
    JR_LEAVE_DECISION = EventKind.JR_LEAVE_DECISION.value, EventKind.JR_LEAVE_DECISION.label
    COURT_OF_APPEAL = EventKind.COURT_OF_APPEAL.value, EventKind.COURT_OF_APPEAL.label
    COURT_OF_FINAL_APPEAL = (
        EventKind.COURT_OF_FINAL_APPEAL.value,
        EventKind.COURT_OF_FINAL_APPEAL.label,
    )
    SUBSEQUENT_CLAIM = EventKind.SUBSEQUENT_CLAIM.value, EventKind.SUBSEQUENT_CLAIM.label
    REMOVAL = EventKind.REMOVAL.value, EventKind.REMOVAL.label
    LEGAL_AID_REFUSED = "legal_aid_refused", _("Legal aid refused (Legal Aid Department)")


class ProtectionClaim(ClientOwned, models.Model):
    """A non-refoulement claim under the Unified Screening Mechanism (since 3 March 2014)."""

    class Outcome(models.TextChoices):
        PENDING = "pending", _("Pending")
        SUBSTANTIATED = "substantiated", _("Substantiated")
        REJECTED = "rejected", _("Rejected")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        DEEMED_WITHDRAWN = "deemed_withdrawn", _("Deemed withdrawn")

    class Stage(models.TextChoices):
        CLAIM_MADE = "claim_made", _("Claim made")
        CLAIM_FORM = "claim_form", _("Claim form")
        SCREENING = "screening", _("Screening")
        DECISION = "decision", _("Decided by the Immigration Department")
        APPEAL = "appeal", _("Appeal to the Torture Claims Appeal Board")
        APPEAL_DECIDED = "appeal_decided", _("Appeal decided")
        JUDICIAL_REVIEW = "judicial_review", _("Judicial review")
        COURT_OF_APPEAL = "court_of_appeal", _("Court of Appeal")
        COURT_OF_FINAL_APPEAL = "court_of_final_appeal", _("Court of Final Appeal")
        SUBSEQUENT_CLAIM = "subsequent_claim", _("Subsequent claim")
        REMOVED = "removed", _("Removed")

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="claims")
    claim_number = models.CharField(
        _("claim number"), max_length=40, blank=True, help_text=_("The Immigration Department's.")
    )
    made_on = models.DateField(_("claim made on"))
    country_of_feared_harm = CountryField(_("country of feared harm"))
    ground_torture = models.BooleanField(
        _("torture (Immigration Ordinance Part VIIC)"), default=True
    )
    ground_cidtp = models.BooleanField(
        _("cruel, inhuman or degrading treatment or punishment (Bill of Rights Art 3)"),
        default=True,
    )
    ground_persecution = models.BooleanField(
        _("persecution (Refugee Convention Art 33)"), default=True
    )
    ground_life = models.BooleanField(
        _("arbitrary deprivation of life (Bill of Rights Art 2)"), default=True
    )
    outcome = models.CharField(
        _("outcome"), max_length=20, choices=Outcome, default=Outcome.PENDING, db_index=True
    )
    # Derived from the events by the services (see `stage_from_events`); stored for lists.
    stage = models.CharField(
        _("stage"), max_length=30, choices=Stage, default=Stage.CLAIM_MADE, editable=False
    )
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("protection claim")
        verbose_name_plural = _("protection claims")
        ordering = ["-made_on", "-pk"]

    def __str__(self) -> str:
        number = self.claim_number or _("no number yet")
        return f"{self.client.reference}: {_('claim')} {number} ({self.made_on})"

    def get_absolute_url(self) -> str:
        return reverse("clients:claim", args=[self.client.reference])

    def clean(self) -> None:
        today = timezone.localdate()
        if self.made_on and self.made_on > today:
            raise ValidationError(
                {
                    "made_on": _("A claim cannot be made in the future (today is %(today)s).")
                    % {"today": today.isoformat()}
                }
            )
        if not any(
            (self.ground_torture, self.ground_cidtp, self.ground_persecution, self.ground_life)
        ):
            raise ValidationError(_("Tick at least one ground of the claim."))

    @property
    def grounds(self) -> list[str]:
        return [
            str(self._meta.get_field(name).verbose_name)
            for name in ("ground_torture", "ground_cidtp", "ground_persecution", "ground_life")
            if getattr(self, name)
        ]


STAGE_OF_EVENT = {
    EventKind.CLAIM_MADE: ProtectionClaim.Stage.CLAIM_MADE,
    EventKind.CLAIM_FORM_ISSUED: ProtectionClaim.Stage.CLAIM_FORM,
    EventKind.CLAIM_FORM_RETURNED: ProtectionClaim.Stage.SCREENING,
    EventKind.SCREENING_INTERVIEW: ProtectionClaim.Stage.SCREENING,
    EventKind.DECISION_SERVED: ProtectionClaim.Stage.DECISION,
    EventKind.APPEAL_LODGED: ProtectionClaim.Stage.APPEAL,
    EventKind.APPEAL_HEARING: ProtectionClaim.Stage.APPEAL,
    EventKind.APPEAL_DECISION: ProtectionClaim.Stage.APPEAL_DECIDED,
    EventKind.JR_LEAVE_FILED: ProtectionClaim.Stage.JUDICIAL_REVIEW,
    EventKind.JR_LEAVE_DECISION: ProtectionClaim.Stage.JUDICIAL_REVIEW,
    EventKind.COURT_OF_APPEAL: ProtectionClaim.Stage.COURT_OF_APPEAL,
    EventKind.COURT_OF_FINAL_APPEAL: ProtectionClaim.Stage.COURT_OF_FINAL_APPEAL,
    EventKind.SUBSEQUENT_CLAIM: ProtectionClaim.Stage.SUBSEQUENT_CLAIM,
    EventKind.REMOVAL: ProtectionClaim.Stage.REMOVED,
}


def stage_from_events(events: list[tuple[str, datetime.date]]) -> str:
    """The stage of the latest event; on the same day the later step in the process wins."""
    if not events:
        return ProtectionClaim.Stage.CLAIM_MADE
    kind, _on = max(events, key=lambda e: (e[1], EVENT_ORDER[EventKind(e[0])]))
    return STAGE_OF_EVENT[EventKind(kind)]


class ClaimEvent(models.Model):
    """One dated step of a claim. Corrected in place; deadlines follow (cases.services)."""

    claim = models.ForeignKey(ProtectionClaim, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("event"), max_length=30, choices=EventKind)
    date = models.DateField(_("date"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("claim event")
        verbose_name_plural = _("claim events")
        ordering = ["date", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["claim"],
                condition=Q(kind="claim_made"),
                name="one_claim_made_event_per_claim",
                violation_error_message=_("The claim already has its “claim made” event."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.date}"

    def get_additional_data(self) -> dict:
        # Files the audit entry under the client, for the client's history tab.
        return {"client_id": self.claim.client_id}

    def clean(self) -> None:
        if not self.date or not self.kind or self.claim_id is None:
            return
        today = timezone.localdate()
        if self.date > today and self.kind not in SCHEDULED:
            if self.kind in DECISIONS:
                message = _(
                    "A decision cannot be dated in the future (today is %(today)s). "
                    "Record it once it has been served."
                )
            else:
                message = _(
                    "This has not happened yet (today is %(today)s). Only interviews, "
                    "hearings and removals can be recorded ahead."
                )
            raise ValidationError({"date": message % {"today": today.isoformat()}})
        timeline = [
            (e.kind, e.date) for e in self.claim.events.exclude(pk=self.pk).only("kind", "date")
        ]
        problem = timeline_problem([*timeline, (self.kind, self.date)])
        if problem:
            raise ValidationError(problem)


def timeline_problem(events: list[tuple[str, datetime.date]]) -> dict[str, str] | None:
    """The first impossibility in a timeline, as {field: message}, else None."""
    made = [on for kind, on in events if kind == EventKind.CLAIM_MADE]
    if len(made) > 1:
        return {"kind": _("The claim already has its “claim made” event.")}
    if made:
        for kind, on in events:
            if on < made[0]:
                return {
                    "date": _("The claim was made on %(made)s; %(event)s cannot come before it.")
                    % {"made": made[0].isoformat(), "event": EventKind(kind).label.lower()}
                }
    for kind, on in sorted(events, key=lambda e: (e[1], EVENT_ORDER[EventKind(e[0])])):
        needed = PREREQUISITES.get(kind)
        if needed and not any(k in needed and d <= on for k, d in events):
            names = _(" or ").join(str(EventKind(k).label).lower() for k in sorted(needed))
            return {
                "date": _("%(event)s on %(on)s needs the %(needed)s recorded on or before it.")
                % {"event": EventKind(kind).label, "on": on.isoformat(), "needed": names}
            }
    return None


class DeadlineRule(models.Model):
    """Reference data: an event kind gives a deadline N days or months later."""

    class Unit(models.TextChoices):
        DAYS = "days", _("days")
        MONTHS = "months", _("months")

    code = models.SlugField(
        _("code"),
        max_length=50,
        unique=True,
        help_text=_("A stable name for the rule, used by the seeding migration."),
    )
    trigger = models.CharField(_("after"), max_length=30, choices=Trigger, db_index=True)
    title = models.CharField(_("deadline title"), max_length=200)
    period = models.PositiveSmallIntegerField(_("period"))
    unit = models.CharField(_("unit"), max_length=10, choices=Unit, default=Unit.DAYS)
    legal_source = models.CharField(_("legal source"), max_length=200)
    description = models.TextField(
        _("description"), help_text=_("What the deadline is for, and what to verify.")
    )
    verified = models.BooleanField(
        _("verified with counsel"),
        default=False,
        help_text=_("Tick once a lawyer has confirmed the period and its source."),
    )
    active = models.BooleanField(
        _("active"), default=True, help_text=_("Inactive rules make no new deadlines.")
    )

    class Meta:
        verbose_name = _("deadline rule")
        verbose_name_plural = _("deadline rules")
        ordering = ["trigger", "period", "title"]
        constraints = [
            models.CheckConstraint(condition=Q(period__gt=0), name="rule_period_positive")
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.period} {self.get_unit_display()})"


class ClosureDay(models.Model):
    """A day the courts and offices were closed (typhoon signal 8, black rainstorm...).

    Such a day counts like a general holiday when a period ends on it.
    """

    class Reason(models.TextChoices):
        TYPHOON = "typhoon", _("Tropical cyclone warning signal 8 or above")
        BLACK_RAIN = "black_rain", _("Black rainstorm warning")
        OTHER = "other", _("Other closure")

    date = models.DateField(_("date"), unique=True)
    reason = models.CharField(_("reason"), max_length=20, choices=Reason)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("closure day")
        verbose_name_plural = _("closure days")
        ordering = ["-date"]

    def __str__(self) -> str:
        return f"{self.date}: {self.get_reason_display()}"


class LegalAidApplication(ClientOwned, models.Model):
    class Scheme(models.TextChoices):
        DUTY_LAWYER = "duty_lawyer", _("Duty Lawyer Service (screening and appeal)")
        LEGAL_AID_DEPARTMENT = "lad", _("Legal Aid Department (judicial review)")
        PRO_BONO = "pro_bono", _("Pro bono")
        OTHER = "other", _("Other")

    class Stage(models.TextChoices):
        SCREENING = "screening", _("Screening by the Immigration Department")
        APPEAL = "appeal", _("Appeal to the Torture Claims Appeal Board")
        JUDICIAL_REVIEW = "judicial_review", _("Judicial review leave")
        COURT_OF_APPEAL = "court_of_appeal", _("Court of Appeal")
        COURT_OF_FINAL_APPEAL = "court_of_final_appeal", _("Court of Final Appeal")

    class Decision(models.TextChoices):
        PENDING = "pending", _("Pending")
        GRANTED = "granted", _("Granted")
        REFUSED = "refused", _("Refused")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    class RefusalGround(models.TextChoices):
        MEANS = "means", _("Means")
        MERITS = "merits", _("Merits")
        BOTH = "both", _("Means and merits")
        OTHER = "other", _("Other")

    class ReviewOutcome(models.TextChoices):
        PENDING = "pending", _("Pending")
        UPHELD = "upheld", _("Refusal upheld")
        OVERTURNED = "overturned", _("Refusal overturned: aid granted")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    client = models.ForeignKey(
        Client, on_delete=models.CASCADE, related_name="legal_aid_applications"
    )
    claim = models.ForeignKey(
        ProtectionClaim,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="legal_aid_applications",
        verbose_name=_("claim"),
    )
    scheme = models.CharField(_("scheme"), max_length=20, choices=Scheme)
    stage = models.CharField(_("for which stage"), max_length=30, choices=Stage)
    applied_on = models.DateField(_("applied on"))
    decision = models.CharField(
        _("decision"), max_length=10, choices=Decision, default=Decision.PENDING
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    refusal_ground = models.CharField(
        _("refusal ground"), max_length=10, choices=RefusalGround, blank=True
    )
    review_lodged_on = models.DateField(
        _("review of refusal lodged on"),
        null=True,
        blank=True,
        help_text=_("Appeal to the Registrar of the High Court against the refusal."),
    )
    review_outcome = models.CharField(
        _("review outcome"), max_length=12, choices=ReviewOutcome, blank=True
    )
    lawyer = models.CharField(_("assigned lawyer or firm"), max_length=200, blank=True)
    reference = models.CharField(_("reference"), max_length=60, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("legal-aid application")
        verbose_name_plural = _("legal-aid applications")
        ordering = ["-applied_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(decision="pending") | Q(decided_on__isnull=False),
                name="legal_aid_decided_has_date",
            ),
            models.CheckConstraint(
                condition=Q(decided_on__isnull=True) | Q(decided_on__gte=models.F("applied_on")),
                name="legal_aid_decided_after_applied",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_scheme_display()}: {self.get_decision_display()} ({self.applied_on})"

    def get_absolute_url(self) -> str:
        return reverse("clients:legal_aid", args=[self.client.reference])

    def clean(self) -> None:
        errors: dict[str, str] = {}
        today = timezone.localdate()
        for name in ("applied_on", "decided_on", "review_lodged_on"):
            value = getattr(self, name)
            if value and value > today:
                errors[name] = _("This date is in the future (today is %(today)s).") % {
                    "today": today.isoformat()
                }
        pending = self.decision == self.Decision.PENDING
        if pending and self.decided_on:
            errors.setdefault(
                "decided_on", _("A pending application has no decision date: clear it.")
            )
        if not pending and not self.decided_on:
            errors.setdefault("decided_on", _("Enter the date of the decision."))
        if self.decided_on and self.applied_on and self.decided_on < self.applied_on:
            errors.setdefault(
                "decided_on", _("The decision cannot come before the application was made.")
            )
        refused = self.decision == self.Decision.REFUSED
        if refused and not self.refusal_ground:
            errors["refusal_ground"] = _("Say on what ground aid was refused.")
        if not refused and self.refusal_ground:
            errors["refusal_ground"] = _("Only a refusal has a refusal ground.")
        if not refused and (self.review_lodged_on or self.review_outcome):
            errors["review_lodged_on"] = _("Only a refusal can be reviewed.")
        if self.review_lodged_on and self.decided_on and self.review_lodged_on < self.decided_on:
            errors.setdefault(
                "review_lodged_on", _("The review cannot be lodged before the refusal.")
            )
        if self.review_outcome and not self.review_lodged_on:
            errors["review_outcome"] = _("Enter when the review was lodged first.")
        if errors:
            raise ValidationError(errors)

    @property
    def makes_review_deadline(self) -> bool:
        """A Legal Aid Department refusal can be appealed to the Registrar (rule-driven)."""
        return (
            self.scheme == self.Scheme.LEGAL_AID_DEPARTMENT
            and self.decision == self.Decision.REFUSED
            and self.decided_on is not None
        )


class ReportingCondition(ClientOwned, models.Model):
    """Recognizance reporting to the Immigration Department: every N weeks, or given dates.

    The next reporting date becomes a deadline; a missed report risks detention.
    """

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="reporting")
    office = models.CharField(
        _("where"), max_length=200, help_text=_("The Immigration Department office.")
    )
    first_report_on = models.DateField(_("first reporting date"))
    interval_weeks = models.PositiveSmallIntegerField(
        _("every N weeks"),
        null=True,
        blank=True,
        help_text=_("Leave empty when the Immigration Department gives the dates one by one."),
    )
    dates = models.JSONField(
        _("given reporting dates"), default=list, blank=True, help_text=_("ISO dates.")
    )
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    notes = models.CharField(_("notes"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("reporting condition")
        verbose_name_plural = _("reporting conditions")
        ordering = ["-first_report_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(interval_weeks__isnull=True) | Q(interval_weeks__gt=0),
                name="reporting_interval_positive",
            )
        ]

    def __str__(self) -> str:
        return f"{self.office} ({self.client_id})"

    def clean(self) -> None:
        if not self.interval_weeks and not self.dates:
            raise ValidationError(
                _("Give either a reporting interval in weeks or the reporting dates.")
            )
        if self.interval_weeks and self.dates:
            raise ValidationError(_("Give either an interval or dates, not both."))
        if self.ended_on and self.first_report_on and self.ended_on < self.first_report_on:
            raise ValidationError({"ended_on": _("The end cannot come before the first report.")})

    @property
    def given_dates(self) -> list[datetime.date]:
        return sorted(datetime.date.fromisoformat(d) for d in self.dates)

    def next_report_after(self, day: datetime.date) -> datetime.date | None:
        """The first reporting date strictly after `day`, or None when none is known."""
        if self.interval_weeks:
            step = datetime.timedelta(weeks=self.interval_weeks)
            if self.first_report_on > day:
                candidate = self.first_report_on
            else:
                periods = (day - self.first_report_on) // step + 1
                candidate = self.first_report_on + periods * step
        else:
            candidate = next(
                (d for d in [self.first_report_on, *self.given_dates] if d > day), None
            )
        if candidate is None or (self.ended_on and candidate > self.ended_on):
            return None
        return candidate


class Deadline(ClientOwned, models.Model):
    """A date someone must act by. From a rule, from reporting, or set by hand."""

    class Source(models.TextChoices):
        RULE = "rule", _("Rule")
        MANUAL = "manual", _("Set by hand")
        REPORTING = "reporting", _("Reporting condition")

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="deadlines")
    claim = models.ForeignKey(
        ProtectionClaim,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="deadlines",
        verbose_name=_("claim"),
    )
    title = models.CharField(_("title"), max_length=200)
    due_on = models.DateField(_("due on"), db_index=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="deadlines",
        verbose_name=_("assigned to"),
    )
    source = models.CharField(_("source"), max_length=10, choices=Source, default=Source.MANUAL)
    rule = models.ForeignKey(
        DeadlineRule, on_delete=models.PROTECT, null=True, blank=True, related_name="deadlines"
    )
    # The trigger; SET_NULL so a voided deadline outlives the event that was removed.
    event = models.ForeignKey(
        ClaimEvent, on_delete=models.SET_NULL, null=True, blank=True, related_name="deadlines"
    )
    legal_aid = models.ForeignKey(
        LegalAidApplication,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="deadlines",
    )
    reporting = models.ForeignKey(
        ReportingCondition,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="deadlines",
    )
    starts_on = models.DateField(_("period starts after"), null=True, blank=True)
    period_ends_on = models.DateField(
        _("period ends on"), null=True, blank=True, help_text=_("Before holidays are skipped.")
    )
    explanation = models.TextField(_("how the date was reached"), blank=True)
    notes = models.CharField(_("notes"), max_length=300, blank=True)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("done by"),
    )
    voided_at = models.DateTimeField(_("voided at"), null=True, blank=True)
    void_reason = models.CharField(_("why voided"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("deadline")
        verbose_name_plural = _("deadlines")
        ordering = ["due_on", "pk"]
        indexes = [
            models.Index(
                fields=["assignee", "due_on"],
                # The client too (PostgreSQL only): counting a team's open deadlines per
                # worker within the supervisor's scope then reads only the index.
                include=["client"],
                condition=Q(done_at__isnull=True, voided_at__isnull=True),
                name="deadline_open_by_assignee_idx",
            )
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "rule"],
                condition=Q(voided_at__isnull=True, event__isnull=False),
                name="one_live_deadline_per_event_rule",
            ),
            models.UniqueConstraint(
                fields=["legal_aid", "rule"],
                condition=Q(voided_at__isnull=True, legal_aid__isnull=False),
                name="one_live_deadline_per_legal_aid_rule",
            ),
            models.CheckConstraint(
                condition=Q(done_at__isnull=True) | Q(done_by__isnull=False),
                name="deadline_done_has_who",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.due_on})"

    def get_absolute_url(self) -> str:
        return reverse("clients:claim", args=[self.client.reference])

    @property
    def is_open(self) -> bool:
        return self.done_at is None and self.voided_at is None

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.due_on < timezone.localdate()

    @property
    def days_left(self) -> int:
        return (self.due_on - timezone.localdate()).days

    @property
    def days_overdue(self) -> int:
        return -self.days_left


class CalendarFeed(models.Model):
    """A user's secret calendar address. Resetting changes the nonce, so old links die.

    The URL carries a signature over (user, nonce) made with SECRET_KEY: the table alone
    does not give anyone a working address.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    nonce = models.CharField(max_length=32)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return f"{self.user} calendar"


class ReminderLog(models.Model):
    """One row per person per day a reminder email went out: reruns send nothing twice."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sent_on = models.DateField()
    deadlines = models.PositiveIntegerField(default=0)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        constraints = [
            models.UniqueConstraint(fields=["user", "sent_on"], name="one_reminder_per_day")
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.sent_on}"


def _ground_label(name: str):
    return ProtectionClaim._meta.get_field(name).verbose_name


class ClaimGround(models.TextChoices):
    """The grounds a claim can raise (the `ground_*` flags of ProtectionClaim) as choices."""

    TORTURE = "torture", _ground_label("ground_torture")
    CIDTP = "cidtp", _ground_label("ground_cidtp")
    PERSECUTION = "persecution", _ground_label("ground_persecution")
    LIFE = "life", _ground_label("ground_life")


class EvidenceItem(models.Model):
    """A client's document tagged to their claim as evidence, in the bundle's order.

    Writes go through `cases.evidence`; the PDF bundle is built by `cases.bundle`.
    """

    claim = models.ForeignKey(
        ProtectionClaim, on_delete=models.CASCADE, related_name="evidence", verbose_name=_("claim")
    )
    document = models.ForeignKey(
        "clients.Document",
        on_delete=models.CASCADE,
        related_name="evidence_items",
        verbose_name=_("document"),
    )
    ground = models.CharField(_("ground"), max_length=20, choices=ClaimGround, blank=True)
    issue = models.CharField(
        _("issue"),
        max_length=200,
        blank=True,
        help_text=_("The point it supports, e.g. credibility or state protection."),
    )
    date = models.DateField(
        _("date of the document"),
        null=True,
        blank=True,
        help_text=_("E.g. the date of the report or letter. Leave empty if it is undated."),
    )
    position = models.PositiveIntegerField(_("order in the bundle"), default=0)
    notes = models.TextField(_("notes"), blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("bundle document")
        verbose_name_plural = _("bundle documents")
        ordering = ["claim", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["claim", "document"],
                name="one_evidence_item_per_claim_document",
                violation_error_message=_("This document is already in the claim's bundle."),
            ),
            models.CheckConstraint(
                condition=~Q(ground="") | ~Q(issue=""),
                name="evidence_has_ground_or_issue",
                violation_error_message=_(
                    "Choose the ground the document supports, or describe the issue."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.document} ({_('claim')} {self.claim_id})"

    def get_absolute_url(self) -> str:
        return reverse("cases:evidence_list", args=[self.claim.client.reference, self.claim_id])

    def get_additional_data(self) -> dict:
        # Files the audit entry under the client, for the client's history tab.
        return {"client_id": self.claim.client_id}

    def clean(self) -> None:
        errors: dict[str, str] = {}
        claim = self.claim if self.claim_id is not None else None
        document = self.document if self.document_id is not None else None
        if claim and document and document.client_id != claim.client_id:
            errors["document"] = _(
                "This document is not in this client's file: only the client's own "
                "documents can go in their claim's bundle."
            )
        elif document and document.deleted_at is not None:
            errors["document"] = _("This document has been deleted from the client's file.")
        if not self.ground and not self.issue.strip():
            errors["ground"] = _("Choose the ground the document supports, or describe the issue.")
        elif claim and self.ground and not getattr(claim, f"ground_{self.ground}"):
            errors["ground"] = _(
                "This claim does not raise %(ground)s. Tick the ground on the claim "
                "first, or describe the issue instead."
            ) % {"ground": ClaimGround(self.ground).label}
        today = timezone.localdate()
        if self.date and self.date > today:
            errors["date"] = _(
                "The document cannot be dated in the future (today is %(today)s)."
            ) % {"today": today.isoformat()}
        if errors:
            raise ValidationError(errors)

    @property
    def topic(self) -> str:
        """The ground and the issue, as the bundle's index shows them."""
        label = str(ClaimGround(self.ground).label) if self.ground else ""
        parts = [label[:1].upper() + label[1:]] if label else []
        if self.issue:
            parts.append(self.issue)
        return "; ".join(parts)


# Psychosocial work and in-app notifications live in their own modules (cases/psychosocial/,
# cases/notifications/); importing them here is how Django finds their models.
from .notifications.models import Notification  # noqa: E402
from .psychosocial.models import (  # noqa: E402
    Assessment,
    ClientRiskFlag,
    PsychosocialSession,
    RiskAssessment,
    SessionAttendance,
)

__all__ = [
    "Assessment",
    "ClientRiskFlag",
    "Notification",
    "PsychosocialSession",
    "RiskAssessment",
    "SessionAttendance",
]
