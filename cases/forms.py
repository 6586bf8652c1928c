import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from clients.concurrency import VersionedForm
from clients.forms import DateInput, not_in_future
from clients.models import Client

from .models import (
    ClaimEvent,
    EventKind,
    LegalAidApplication,
    ProtectionClaim,
    ReportingCondition,
    Trigger,
)

# Nothing in this app happened before this: a date earlier is a typo (0206 for 2026).
EARLIEST = datetime.date(1990, 1, 1)


def plausible(value: datetime.date | None) -> None:
    if value and value < EARLIEST:
        raise ValidationError(
            _("%(date)s is too far in the past: check the year.") % {"date": value.isoformat()}
        )


def _dates(form: forms.BaseForm, *names: str, future_ok: bool = False) -> None:
    for name in names:
        form.fields[name].validators.append(plausible)
        if not future_ok:
            form.fields[name].validators.append(not_in_future)


GROUND_FIELDS = ["ground_torture", "ground_cidtp", "ground_persecution", "ground_life"]


class ClaimForm(forms.ModelForm):
    class Meta:
        model = ProtectionClaim
        fields = [
            "made_on",
            "claim_number",
            "country_of_feared_harm",
            *GROUND_FIELDS,
            "notes",
        ]
        widgets = {"made_on": DateInput(), "notes": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"made_on": _("The date of the written indication of the claim (s.37X).")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _dates(self, "made_on")


class ClaimEditForm(VersionedForm):
    class Meta:
        model = ProtectionClaim
        fields = ["claim_number", "country_of_feared_harm", *GROUND_FIELDS, "outcome", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}


class ClaimEventForm(VersionedForm):
    """Add or correct an event. The model's clean() checks the whole timeline."""

    class Meta:
        model = ClaimEvent
        fields = ["kind", "date", "note"]
        widgets = {"date": DateInput()}

    def __init__(self, *args, claim: ProtectionClaim, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.claim = claim
        _dates(self, "date", future_ok=True)  # the model says which events may be ahead
        if self.instance.pk and self.instance.kind == EventKind.CLAIM_MADE:
            self.fields["kind"].choices = [(EventKind.CLAIM_MADE, EventKind.CLAIM_MADE.label)]
        else:
            self.fields["kind"].choices = [
                (k.value, k.label) for k in EventKind if k != EventKind.CLAIM_MADE
            ]


class DeadlineForm(forms.Form):
    title = forms.CharField(label=_("What must be done"), max_length=200)
    due_on = forms.DateField(label=_("Due on"), widget=DateInput())
    claim = forms.ModelChoiceField(
        label=_("Claim"), queryset=ProtectionClaim.objects.none(), required=False
    )
    assignee = forms.ModelChoiceField(
        label=_("Assigned to"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("Empty: the client's lead caseworker."),
    )
    notes = forms.CharField(label=_("Notes"), max_length=300, required=False)

    def __init__(self, *args, client: Client, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["claim"].queryset = client.claims.all()
        self.fields["assignee"].queryset = User.objects.filter(
            is_active=True, assignments__client=client, assignments__ended_on__isnull=True
        ).distinct()

    def clean_due_on(self) -> datetime.date:
        due_on = self.cleaned_data["due_on"]
        today = timezone.localdate()
        if due_on < today:
            raise ValidationError(
                _("This date has already passed (today is %(today)s).")
                % {"today": today.isoformat()}
            )
        if due_on > today + datetime.timedelta(days=3 * 366):
            raise ValidationError(_("That is more than three years ahead: check the year."))
        return due_on


class LegalAidForm(VersionedForm):
    """The model's clean() checks decisions and dates against each other."""

    class Meta:
        model = LegalAidApplication
        fields = [
            "claim",
            "scheme",
            "stage",
            "applied_on",
            "reference",
            "lawyer",
            "decision",
            "decided_on",
            "refusal_ground",
            "review_lodged_on",
            "review_outcome",
            "notes",
        ]
        widgets = {
            "applied_on": DateInput(),
            "decided_on": DateInput(),
            "review_lodged_on": DateInput(),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "decision": _(
                "A refusal by the Legal Aid Department creates the deadline to appeal "
                "to the Registrar of the High Court."
            )
        }

    def __init__(self, *args, client: Client, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["claim"].queryset = client.claims.all()
        _dates(self, "applied_on", "decided_on", "review_lodged_on")


class ReportingForm(VersionedForm):
    dates_text = forms.CharField(
        label=_("Given reporting dates"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One date a line, as YYYY-MM-DD, when there is no fixed interval."),
    )

    class Meta:
        model = ReportingCondition
        fields = ["office", "first_report_on", "interval_weeks", "ended_on", "notes"]
        widgets = {"first_report_on": DateInput(), "ended_on": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _dates(self, "first_report_on", future_ok=True)
        _dates(self, "ended_on", future_ok=True)
        self.fields["interval_weeks"].validators.append(MinValueValidator(1))
        self.fields["interval_weeks"].widget.attrs["min"] = 1
        if self.instance.pk and self.instance.dates:
            self.initial["dates_text"] = "\n".join(d.isoformat() for d in self.instance.given_dates)

    def clean_dates_text(self) -> list[str]:
        found, bad = [], []
        for line in self.cleaned_data["dates_text"].split():
            try:
                found.append(datetime.date.fromisoformat(line.strip()))
            except ValueError:
                bad.append(line)
        if bad:
            raise ValidationError(
                _("Not a date in the form YYYY-MM-DD: %(bad)s") % {"bad": ", ".join(bad)}
            )
        for day in found:
            plausible(day)
        return sorted({d.isoformat() for d in found})

    def clean(self):
        data = super().clean()
        if "dates_text" in data:
            self.instance.dates = data["dates_text"]
        return data


class CalculatorForm(forms.Form):
    trigger = forms.ChoiceField(label=_("Event"), choices=Trigger.choices)
    date = forms.DateField(label=_("Date of the event"), widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].validators.append(plausible)

    def clean_date(self) -> datetime.date:
        date = self.cleaned_data["date"]
        if date.year > timezone.localdate().year + 5:
            raise ValidationError(_("That is more than five years ahead: check the year."))
        return date
