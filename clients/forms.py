from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.roles import Role

from .concurrency import VersionedForm
from .models import CaseNote, Client, ClientAssignment, Consent, Dependant, Document, Vulnerability
from .uploads import sniff_content_type


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def errors_to_form(form: forms.BaseForm, error: ValidationError) -> None:
    """Put a service's ValidationError on the form, beside the field it is about, so the
    page shows it with what the user typed."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


def not_in_future(value):
    if value and value > timezone.localdate():
        raise ValidationError(_("This date is in the future."))


CLIENT_FIELDS = [
    "family_name",
    "given_name",
    "preferred_name",
    "sex",
    "date_of_birth",
    "date_of_birth_estimated",
    "nationality",
    "languages",
    "preferred_language",
    "interpreter_needed",
    "arrival_date",
    "immigration_status",
    "immd_file_number",
    "phone",
    "district",
    "vulnerabilities",
    "intake_date",
    "intake_source",
]


class ClientForm(VersionedForm):
    class Meta:
        model = Client
        fields = CLIENT_FIELDS
        widgets = {
            "date_of_birth": DateInput(),
            "arrival_date": DateInput(),
            "intake_date": DateInput(),
            "vulnerabilities": forms.CheckboxSelectMultiple(),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["vulnerabilities"].queryset = Vulnerability.objects.filter(active=True)
        for name in ("date_of_birth", "arrival_date", "intake_date"):
            self.fields[name].validators.append(not_in_future)

    def clean(self):
        data = super().clean()
        born, arrived = data.get("date_of_birth"), data.get("arrival_date")
        if born and arrived and arrived < born:
            self.add_error("arrival_date", _("Arrival cannot be before the date of birth."))
        intake = data.get("intake_date")
        if arrived and intake and intake < arrived:
            self.add_error("intake_date", _("Intake cannot be before arrival in Hong Kong."))
        return data


class IntakeForm(ClientForm):
    aliases = forms.CharField(
        label=_("Other names and spellings"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One per line."),
    )
    consent_given = forms.BooleanField(
        label=_("The client consents to the centre processing their personal data"),
        help_text=_(
            "Explain what is recorded, why, and who sees it, in a language they understand."
        ),
    )
    consent_method = forms.ChoiceField(label=_("Consent given"), choices=Consent.Method.choices)
    assign_self = forms.BooleanField(
        label=_("Make me the lead caseworker"), required=False, initial=True
    )

    def clean_aliases(self) -> list[str]:
        lines = [line.strip() for line in self.cleaned_data["aliases"].splitlines()]
        return [line[:200] for line in lines if line]


class DuplicateCheckForm(forms.Form):
    name = forms.CharField(
        label=_("Name or alias"), max_length=200, required=False, help_text=_("Any part of it.")
    )
    date_of_birth = forms.DateField(label=_("Date of birth"), required=False, widget=DateInput())
    immd_file_number = forms.CharField(
        label=_("Immigration Department file number"), max_length=40, required=False
    )

    def clean(self):
        data = super().clean()
        if not self.errors and not any(data.values()):
            raise ValidationError(_("Enter a name, a date of birth or a file number to check."))
        if data.get("name") and len(data["name"].strip()) < 2:
            self.add_error("name", _("Enter at least two letters of the name."))
        return data


class AssignmentForm(forms.Form):
    worker = forms.ModelChoiceField(label=_("Caseworker"), queryset=User.objects.none())
    role = forms.ChoiceField(label=_("Role"), choices=ClientAssignment.Role.choices)
    reason = forms.CharField(label=_("Reason"), max_length=300, required=False)

    def __init__(self, *args, workers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["worker"].queryset = workers


def assignable_workers():
    return (
        User.objects.filter(is_active=True, groups__name__in=[Role.LEGAL, Role.PSYCHOSOCIAL])
        .distinct()
        .order_by("full_name")
    )


class CaseNoteForm(forms.ModelForm):
    class Meta:
        model = CaseNote
        fields = ["kind", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, kinds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(k.value, k.label) for k in kinds]


class CaseNoteEditForm(VersionedForm):
    class Meta:
        model = CaseNote
        fields = ["body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 8})}


class DependantForm(VersionedForm):
    class Meta:
        model = Dependant
        fields = ["name", "relationship", "date_of_birth", "in_hong_kong", "notes"]
        widgets = {"date_of_birth": DateInput(), "notes": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date_of_birth"].validators.append(not_in_future)


class AliasForm(forms.Form):
    name = forms.CharField(label=_("Other name or spelling"), max_length=200)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)


class ConsentForm(forms.ModelForm):
    class Meta:
        model = Consent
        fields = ["kind", "given", "partner", "scope", "method", "on", "notes"]
        widgets = {"on": DateInput(), "notes": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["on"].validators.append(not_in_future)

    def clean(self):
        data = super().clean()
        sharing = data.get("kind") == Consent.Kind.REFERRAL_SHARING
        if sharing and not data.get("scope") and not data.get("partner"):
            self.add_error("scope", _("Say which partner or purpose the sharing consent covers."))
        return data


class DocumentForm(forms.ModelForm):
    class Meta:
        model = Document
        fields = ["title", "category", "file"]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.DOCUMENT_MAX_BYTES
        if upload.size > limit:
            raise ValidationError(
                _("This file is %(size)s; the limit is %(limit)s.")
                % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)}
            )
        content_type = sniff_content_type(upload)
        if content_type is None:
            raise ValidationError(
                _("Only PDF, image (JPEG, PNG, GIF, WebP, TIFF) and Office files can be uploaded.")
            )
        self.content_type = content_type
        return upload
