import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from clients.forms import DateInput
from clients.models import Client

from .models import ClosureRequest

# -- filters of the lists behind the dashboard figures --------------------------------------


class WorkerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return str(obj)


class ClientListFilterForm(forms.Form):
    worker = WorkerChoiceField(
        label=_("Worker"), queryset=User.objects.none(), required=False, empty_label=_("Anyone")
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Intake and active")), *Client.Status.choices, ("all", _("All"))],
    )
    queue = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[
            ("", _("Every client")),
            ("unassigned", _("Unassigned: the intake queue")),
            ("closure", _("Closure requested")),
            ("flagged", _("Flagged at risk")),
        ],
    )

    def __init__(self, *args, workers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["worker"].queryset = workers


class DeadlineFilterForm(forms.Form):
    worker = WorkerChoiceField(
        label=_("Assigned to"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("Anyone"),
    )
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)

    def __init__(self, *args, workers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["worker"].queryset = workers


# -- reassignment ---------------------------------------------------------------------------


class ReassignForm(forms.Form):
    """Move the chosen clients of one worker to another (the list page's checkboxes)."""

    from_worker = WorkerChoiceField(queryset=User.objects.none(), widget=forms.HiddenInput)
    clients = forms.TypedMultipleChoiceField(
        coerce=int, choices=[], error_messages={"required": _("Tick at least one client.")}
    )
    to_worker = WorkerChoiceField(label=_("Move to"), queryset=User.objects.none())
    reason = forms.CharField(label=_("Reason"), max_length=300)

    def __init__(self, *args, workers, client_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["from_worker"].queryset = workers
        self.fields["to_worker"].queryset = workers
        self.fields["clients"].choices = client_choices

    def clean(self):
        data = super().clean()
        if data.get("from_worker") and data.get("from_worker") == data.get("to_worker"):
            self.add_error("to_worker", _("Choose a different worker to move the clients to."))
        return data


class ClientReassignForm(forms.Form):
    """Move one client: whose place (a current assignment) to whom."""

    from_worker = WorkerChoiceField(label=_("Take over from"), queryset=User.objects.none())
    to_worker = WorkerChoiceField(label=_("Give to"), queryset=User.objects.none())
    reason = forms.CharField(label=_("Reason"), max_length=300)

    def __init__(self, *args, current, workers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["from_worker"].queryset = current
        self.fields["to_worker"].queryset = workers

    def clean(self):
        data = super().clean()
        if data.get("from_worker") and data.get("from_worker") == data.get("to_worker"):
            self.add_error("to_worker", _("Choose a different worker."))
        return data


class IntakeAssignForm(forms.Form):
    worker = WorkerChoiceField(label=_("Lead caseworker"), queryset=User.objects.none())

    def __init__(self, *args, workers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["worker"].queryset = workers


# -- closure -----------------------------------------------------------------------------------


class ClosureRequestForm(forms.ModelForm):
    class Meta:
        model = ClosureRequest
        fields = ["outcome", "reason"]
        widgets = {"reason": forms.Textarea(attrs={"rows": 4})}


class ClosureDecisionForm(forms.Form):
    class Decision:
        APPROVE = "approve"
        RETURN = "return"

    decision = forms.ChoiceField(
        label=_("Decision"),
        widget=forms.RadioSelect,
        choices=[
            (Decision.APPROVE, _("Approve: close the file")),
            (Decision.RETURN, _("Return to the caseworker")),
        ],
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when you return the request: say what is missing."),
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == self.Decision.RETURN and not data.get("comment", "").strip():
            self.add_error("comment", _("Say what is missing before the file can close."))
        return data


class ReopenForm(forms.Form):
    reason = forms.CharField(label=_("Why reopen"), widget=forms.Textarea(attrs={"rows": 3}))


class SupervisionNoteForm(forms.Form):
    body = forms.CharField(label=_("Supervision note"), widget=forms.Textarea(attrs={"rows": 4}))


# -- reports ------------------------------------------------------------------------------------

MAX_REPORT_YEARS = 20


class ReportFilterForm(forms.Form):
    """The period and team of a report (?from=&to=&team=). Bad input is an error on the
    page, with what was typed kept, never a 500."""

    team = forms.ChoiceField(label=_("Team"), required=False)

    def __init__(self, data, *, teams):
        data = data.copy()
        start, end = self.default_period()
        data.setdefault("from", start.isoformat())
        data.setdefault("to", end.isoformat())
        super().__init__(data)
        # "from" is a Python keyword, so these two are added here rather than declared.
        self.fields["from"] = forms.DateField(label=_("From"), required=False, widget=DateInput())
        self.fields["to"] = forms.DateField(label=_("To"), required=False, widget=DateInput())
        self.order_fields(["from", "to", "team"])
        self.teams = {str(t.pk): t for t in teams}
        self.fields["team"].choices = [("", _("All my teams"))] + [
            (str(t.pk), t.name) for t in teams
        ]
        self.fields["team"].error_messages["invalid_choice"] = _(
            "“%(value)s” is not one of the teams you supervise."
        )

    @staticmethod
    def default_period() -> tuple[datetime.date, datetime.date]:
        today = timezone.localdate()
        return today - datetime.timedelta(days=365), today

    def clean(self):
        data = super().clean()
        default_start, default_end = self.default_period()
        if "from" not in self.errors and data.get("from") is None:
            data["from"] = default_start
        if "to" not in self.errors and data.get("to") is None:
            data["to"] = default_end
        start, end = data.get("from"), data.get("to")
        if start and end and start > end:
            raise ValidationError(
                _("The period is reversed: %(start)s is after %(end)s. Swap the dates.")
                % {"start": start.isoformat(), "end": end.isoformat()}
            )
        if start and end and (end - start).days > MAX_REPORT_YEARS * 366:
            raise ValidationError(
                _("Choose a period of at most %(years)d years.") % {"years": MAX_REPORT_YEARS}
            )
        data["team_obj"] = self.teams.get(data.get("team") or "")
        return data


# -- import -------------------------------------------------------------------------------------

IMPORT_MAX_BYTES = 5 * 1024 * 1024


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Spreadsheet (CSV or XLSX)"),
        help_text=_("One row per client; see the columns below. At most 5 MB."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        name = upload.name.lower()
        if not name.endswith((".csv", ".xlsx")):
            raise ValidationError(_("Upload a .csv or .xlsx file."))
        if upload.size > IMPORT_MAX_BYTES:
            raise ValidationError(_("The file is larger than 5 MB: split it and import each part."))
        return upload
