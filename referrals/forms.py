from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.roles import Role
from clients.concurrency import VersionedForm
from clients.forms import DateInput, not_in_future
from clients.models import Consent

from . import rules
from .models import (
    INDICATOR_PROMPTS,
    ConsentCoverage,
    Indicator,
    IndicatorAnswer,
    Interpreter,
    InterpreterBooking,
    InterpreterPreference,
    PartnerOrganisation,
    Referral,
    Service,
)


def not_in_past(value):
    if value and value < timezone.localdate():
        raise ValidationError(_("This date has passed."))


Direction = Referral.Direction


class ReferralForm(VersionedForm):
    """A new referral, or a draft's edit. The fields depend on the direction.

    `with_person`: an inbound referral for someone the centre has no file for yet.
    """

    FIELDS = {
        Direction.OUTBOUND: ["partner", "service", "reason", "urgency", "follow_up_on"],
        Direction.INTERNAL: ["to_team", "service", "reason", "urgency", "follow_up_on"],
        Direction.INBOUND: [
            "partner",
            "partner_reference",
            "service",
            "reason",
            "urgency",
            "follow_up_on",
        ],
    }
    PERSON_FIELDS = ["person_name", "person_date_of_birth", "person_file_number"]

    class Meta:
        model = Referral
        fields = [
            "partner",
            "to_team",
            "partner_reference",
            "person_name",
            "person_date_of_birth",
            "person_file_number",
            "service",
            "reason",
            "urgency",
            "follow_up_on",
        ]
        widgets = {
            "reason": forms.Textarea(attrs={"rows": 4}),
            "follow_up_on": DateInput(),
            "person_date_of_birth": DateInput(),
        }
        help_texts = {
            "reason": _(
                "What the client needs and why. The partner may read this: write only what "
                "the client agreed to share, and never copy session notes here."
            ),
            "follow_up_on": _("When to check on it. It becomes a deadline for you."),
        }

    def __init__(self, *args, direction: str, with_person: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.direction = direction
        keep = list(self.FIELDS[direction])
        if direction == Direction.INBOUND and with_person:
            keep = self.PERSON_FIELDS + keep
        for name in list(self.fields):
            if name not in keep:
                del self.fields[name]
        if "partner" in self.fields:
            current = self.instance.partner_id if self.instance.pk else None
            self.fields["partner"].queryset = PartnerOrganisation.objects.filter(
                active=True
            ) | PartnerOrganisation.objects.filter(pk=current)
            self.fields["partner"].required = True
        if "service" in self.fields:
            self.fields["service"].queryset = Service.objects.filter(active=True)
            self.fields["service"].required = direction == Direction.OUTBOUND
        if "to_team" in self.fields:
            self.fields["to_team"].required = True
            self.fields["to_team"].choices = Referral.Team.choices
        if "person_name" in self.fields:
            self.fields["person_name"].required = True
            self.fields["person_date_of_birth"].validators.append(not_in_future)
        if "follow_up_on" in self.fields and not self.instance.pk:
            self.fields["follow_up_on"].validators.append(not_in_past)

    def clean(self):
        data = super().clean()
        partner, service = data.get("partner"), data.get("service")
        if (
            self.direction == Direction.OUTBOUND
            and partner
            and service
            and not partner.services.filter(pk=service.pk).exists()
        ):
            self.add_error(
                "service",
                _("%(partner)s does not list %(service)s among its services.")
                % {"partner": partner, "service": service},
            )
        return data


class ReferralFollowUpForm(VersionedForm):
    """What may change once a referral has been sent."""

    class Meta:
        model = Referral
        fields = ["urgency", "follow_up_on"]
        widgets = {"follow_up_on": DateInput()}


class NoFieldsForm(forms.Form):
    """Sending: a button, and the service's checks."""


class AcceptForm(forms.Form):
    worker = forms.ModelChoiceField(
        label=_("Receiving worker"),
        queryset=User.objects.none(),
        help_text=_("Assigned to the client in support."),
    )

    def __init__(self, *args, referral: Referral, **kwargs):
        super().__init__(*args, **kwargs)
        if referral.direction != Direction.INTERNAL:
            del self.fields["worker"]
            return
        role = Role.LEGAL if referral.to_team == Referral.Team.LEGAL else Role.PSYCHOSOCIAL
        self.fields["worker"].queryset = (
            User.objects.filter(is_active=True, groups__name=role).distinct().order_by("full_name")
        )


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for declining"), widget=forms.Textarea(attrs={"rows": 2})
    )


class CompleteForm(forms.Form):
    outcome = forms.CharField(label=_("Outcome"), widget=forms.Textarea(attrs={"rows": 3}))


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for cancelling"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


TRANSITION_FORMS = {
    Referral.Status.SENT: NoFieldsForm,
    Referral.Status.ACCEPTED: AcceptForm,
    Referral.Status.DECLINED: DeclineForm,
    Referral.Status.COMPLETED: CompleteForm,
    Referral.Status.CANCELLED: CancelForm,
}


def transition_form(to: str, referral: Referral, data=None, prefix: str | None = None):
    form_class = TRANSITION_FORMS[to]
    kwargs = {"referral": referral} if form_class is AcceptForm else {}
    return form_class(data, prefix=prefix or to, **kwargs)


class SharingConsentForm(forms.Form):
    given = forms.TypedChoiceField(
        label=_("The client"),
        choices=[("yes", _("consents to sharing")), ("no", _("withdraws consent"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        initial="yes",
    )
    method = forms.ChoiceField(label=_("How"), choices=Consent.Method.choices)
    on = forms.DateField(
        label=_("Date"), widget=DateInput(), initial=timezone.localdate, validators=[not_in_future]
    )
    items = forms.MultipleChoiceField(
        label=_("Information the client agrees to share, besides their name"),
        choices=ConsentCoverage.Item.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Only these appear on the referral letter."),
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class LinkClientForm(forms.Form):
    reference = forms.CharField(label=_("Client reference"), max_length=20)


class ScreeningForm(forms.Form):
    """All 11 ILO indicators, each answered, with evidence where present."""

    screened_on = forms.DateField(
        label=_("Screened on"),
        widget=DateInput(),
        initial=timezone.localdate,
        validators=[not_in_future],
    )
    work_context = forms.CharField(
        label=_("Work"),
        max_length=300,
        required=False,
        help_text=_("Kind of work, where, and when: for example 'domestic work, Tai Po, 2023-24'."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for indicator in Indicator:
            self.fields[f"{indicator.value}_answer"] = forms.ChoiceField(
                label=indicator.label,
                choices=IndicatorAnswer.Answer.choices,
                widget=forms.RadioSelect,
                help_text=INDICATOR_PROMPTS[indicator],
            )
            self.fields[f"{indicator.value}_evidence"] = forms.CharField(
                label=_("Evidence"),
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        self.fields["notes"] = forms.CharField(
            label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
        )

    def indicator_rows(self):
        return [
            (indicator, self[f"{indicator.value}_answer"], self[f"{indicator.value}_evidence"])
            for indicator in Indicator
        ]

    def clean(self):
        data = super().clean()
        for indicator in Indicator:
            answer = data.get(f"{indicator.value}_answer")
            evidence = (data.get(f"{indicator.value}_evidence") or "").strip()
            if answer == IndicatorAnswer.Answer.PRESENT and not evidence:
                self.add_error(
                    f"{indicator.value}_evidence",
                    _("Say what shows this indicator is present."),
                )
        return data

    @property
    def answers(self) -> dict[str, tuple[str, str]]:
        data = self.cleaned_data
        return {
            i.value: (data[f"{i.value}_answer"], data.get(f"{i.value}_evidence") or "")
            for i in Indicator
        }


class ScreeningReviewForm(forms.Form):
    note = forms.CharField(
        label=_("Legal review"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("What was decided: for example, referred, advised, no legal action."),
    )


class InterpreterPreferenceForm(VersionedForm):
    class Meta:
        model = InterpreterPreference
        fields = ["language", "dialect", "gender", "notes"]


class InterpreterBookingForm(forms.ModelForm):
    acknowledge_warnings = forms.BooleanField(
        label=_("I have read the warnings and record this anyway"), required=False
    )

    class Meta:
        model = InterpreterBooking
        fields = ["interpreter", "on", "kind", "notes"]
        widgets = {"on": DateInput()}

    def __init__(self, *args, preference: InterpreterPreference | None, **kwargs):
        super().__init__(*args, **kwargs)
        self.preference = preference
        self.warnings: list[str] = []
        self.fields["interpreter"].queryset = Interpreter.objects.filter(active=True)
        self.fields["on"].validators.append(not_in_future)

    def clean(self):
        data = super().clean()
        interpreter = data.get("interpreter")
        if interpreter is not None:
            self.warnings = rules.interpreter_warnings(
                interpreter, preference=self.preference, on=data.get("on")
            )
            if self.warnings and not data.get("acknowledge_warnings"):
                self.add_error(
                    "acknowledge_warnings",
                    _("Read the warnings and tick the box to record anyway."),
                )
        return data
