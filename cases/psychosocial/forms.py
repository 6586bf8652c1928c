import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from clients.forms import DateInput, not_in_future
from clients.models import Client, Consent

from ..forms import plausible
from .instruments import INSTRUMENTS, Instrument
from .models import RISK_QUESTIONS, PsychosocialSession, RiskAssessment, SessionAttendance
from .selectors import psychosocial_clients_for, sharing_consents_in_force

MAX_OTHER_PARTICIPANTS = 8
FOLLOW_UP_HORIZON_DAYS = 366


def _past_date(field: forms.Field) -> None:
    field.validators += [plausible, not_in_future]


class SessionForm(forms.ModelForm):
    """The session, and this client's attendance. Other participants: ParticipantFormSet."""

    attendance = forms.ChoiceField(
        label=_("This client's attendance"),
        choices=SessionAttendance.Attendance.choices,
        initial=SessionAttendance.Attendance.ATTENDED,
    )
    client_note = forms.CharField(
        label=_("Note on this client"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("In a group session: what concerns this client only."),
    )

    class Meta:
        model = PsychosocialSession
        fields = [
            "date",
            "minutes",
            "kind",
            "modality",
            "interpreter_language",
            "concerns",
            "interventions",
            "notes",
            "follow_up_on",
        ]
        widgets = {
            "date": DateInput(),
            "follow_up_on": DateInput(),
            "concerns": forms.Textarea(attrs={"rows": 2}),
            "interventions": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "notes": _(
                "Need to know. In a group session everyone entitled to any participant's "
                "record reads these: write about the group, and about one person below."
            )
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].initial = timezone.localdate
        self.fields["minutes"].initial = 50
        _past_date(self.fields["date"])

    def clean_follow_up_on(self) -> datetime.date | None:
        follow_up = self.cleaned_data.get("follow_up_on")
        today = timezone.localdate()
        if follow_up and follow_up < today:
            raise ValidationError(
                _("The follow-up date has passed (today is %(today)s): choose a date ahead.")
                % {"today": today.isoformat()}
            )
        if follow_up and follow_up > today + datetime.timedelta(days=FOLLOW_UP_HORIZON_DAYS):
            raise ValidationError(_("That is more than a year ahead: check the year."))
        return follow_up


class ParticipantForm(forms.Form):
    client = forms.ModelChoiceField(
        label=_("Client"), queryset=Client.objects.none(), required=False
    )
    attendance = forms.ChoiceField(
        label=_("Attendance"),
        choices=SessionAttendance.Attendance.choices,
        initial=SessionAttendance.Attendance.ATTENDED,
    )
    note = forms.CharField(label=_("Note on this client"), required=False, max_length=2000)

    def __init__(self, *args, clients=None, **kwargs):
        super().__init__(*args, **kwargs)
        if clients is not None:
            self.fields["client"].queryset = clients

    def has_changed(self) -> bool:
        # A row with no client chosen is an unused row, whatever its attendance says.
        return bool(self.data.get(self.add_prefix("client")))


class BaseParticipantFormSet(forms.BaseFormSet):
    def __init__(self, *args, user: User, client: Client, **kwargs):
        self.choices = (
            psychosocial_clients_for(user)
            .exclude(pk=client.pk)
            .exclude(status=Client.Status.CLOSED)
            .order_by("family_name", "given_name", "pk")
        )
        self.this_client = client
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "clients": self.choices}

    def clean(self) -> None:
        if any(self.errors):
            return
        seen = {self.this_client.pk}
        for form in self.forms:
            chosen = form.cleaned_data.get("client")
            if chosen is None:
                continue
            if chosen.pk in seen:
                form.add_error("client", _("This client is already on the session."))
            seen.add(chosen.pk)

    @property
    def chosen(self) -> list[dict]:
        return [f.cleaned_data for f in self.forms if f.cleaned_data.get("client")]


ParticipantFormSet = forms.formset_factory(
    ParticipantForm,
    formset=BaseParticipantFormSet,
    extra=MAX_OTHER_PARTICIPANTS,
    max_num=MAX_OTHER_PARTICIPANTS,
    validate_max=True,
)


class AssessmentForm(forms.Form):
    """Every item of an instrument, each with its answer choices; all are required."""

    taken_on = forms.DateField(label=_("Date answered"), widget=DateInput())

    def __init__(self, *args, instrument: Instrument, **kwargs):
        super().__init__(*args, **kwargs)
        self.instrument = instrument
        self.fields["taken_on"].initial = timezone.localdate
        self.fields["taken_on"].widget.attrs["class"] = "form-control"
        _past_date(self.fields["taken_on"])
        low, high = instrument.min_answer, instrument.max_answer
        for number, text in enumerate(instrument.items, start=1):
            self.fields[f"item_{number}"] = forms.TypedChoiceField(
                label=text,
                choices=instrument.scale,
                coerce=int,
                widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
                error_messages={
                    "required": _(
                        "Question %(n)d has no answer. A missing answer is not a zero: ask it, "
                        "or do not record the measure."
                    )
                    % {"n": number},
                    "invalid_choice": _(
                        "Question %(n)d: out of range. Answers go from %(low)d to %(high)d."
                    )
                    % {"n": number, "low": low, "high": high},
                },
            )

    @property
    def item_fields(self) -> list[forms.BoundField]:
        return [self[f"item_{n}"] for n in range(1, len(self.instrument.items) + 1)]

    @property
    def answers(self) -> list[int]:
        return [self.cleaned_data[f"item_{n}"] for n in range(1, len(self.instrument.items) + 1)]


def _yes_no(value: str) -> bool:
    return value == "yes"


class RiskAssessmentForm(forms.ModelForm):
    class Meta:
        model = RiskAssessment
        fields = [
            "assessed_on",
            *[name for name, _q, _l in RISK_QUESTIONS],
            "level",
            "safety_plan",
            "notes",
        ]
        widgets = {
            "assessed_on": DateInput(),
            "level": forms.RadioSelect,
            "safety_plan": forms.Textarea(attrs={"rows": 4}),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "level": _(
                "Your judgement, confirmed after the screen. Moderate or high flags the client "
                "and tells the supervisors; none or low clears a flag."
            ),
            "safety_plan": _(
                "Warning signs, coping steps, people and places to contact, crisis lines, "
                "making the means safe. Needed for a moderate or high level."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assessed_on"].initial = timezone.localdate
        _past_date(self.fields["assessed_on"])
        for name, question, _level in RISK_QUESTIONS:
            self.fields[name] = forms.TypedChoiceField(
                label=question,
                choices=[("yes", _("Yes")), ("no", _("No"))],
                coerce=_yes_no,
                widget=forms.RadioSelect,
                error_messages={"required": _("Answer yes or no.")},
            )
        self.fields["level"].choices = RiskAssessment._meta.get_field("level").choices


class SummaryForm(forms.Form):
    """What a printable summary for a referral or a lawyer carries, and on what consent."""

    consent = forms.ModelChoiceField(
        label=_("The client's consent to share"),
        queryset=Consent.objects.none(),
        empty_label=None,
        widget=forms.RadioSelect,
    )
    recipient = forms.CharField(
        label=_("For whom"),
        max_length=200,
        help_text=_("The lawyer, firm or partner the summary goes to."),
    )
    instruments = forms.MultipleChoiceField(
        label=_("Measures to include"),
        choices=[(code, spec.name) for code, spec in INSTRUMENTS.items()],
        widget=forms.CheckboxSelectMultiple,
    )
    since = forms.DateField(label=_("From"), required=False, widget=DateInput())
    until = forms.DateField(label=_("Until"), required=False, widget=DateInput())

    def __init__(self, *args, client: Client, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consent"].queryset = sharing_consents_in_force(client)
        self.fields["consent"].label_from_instance = _consent_label
        _past_date(self.fields["since"])
        _past_date(self.fields["until"])

    def clean(self) -> dict:
        data = super().clean()
        since, until = data.get("since"), data.get("until")
        if since and until and until < since:
            self.add_error("until", _("“Until” cannot come before “From”."))
        return data


def _consent_label(consent: Consent) -> str:
    whom = consent.partner or consent.scope or _("unspecified partner")
    return _("%(whom)s: given %(on)s (%(how)s)") % {
        "whom": whom,
        "on": consent.on.isoformat(),
        "how": consent.get_method_display().lower(),
    }
