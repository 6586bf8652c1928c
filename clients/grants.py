"""Pages about access itself: break the glass, outside counsel, and data access requests."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from accounts import services as access_services
from accounts.decorators import casework_required
from accounts.models import AccessGrant, User
from accounts.roles import Role

from .access import Purpose, client_for, clients_visible_to
from .forms import DateInput, errors_to_form
from .models import Client
from .personal_data import personal_data


class BreakGlassForm(forms.Form):
    reference = forms.CharField(label=gettext_lazy("Client reference"), max_length=20)
    reason = forms.CharField(
        label=gettext_lazy("Why do you need this file now?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy(
            "For example: covering for a colleague on leave, the client is at the office "
            "with an appeal due. Your supervisors are told, and every page you open is logged."
        ),
    )
    confirm = forms.BooleanField(
        label=gettext_lazy("I need this file for my work now, and I understand it is audited")
    )


class CounselGrantForm(forms.Form):
    counsel = forms.ModelChoiceField(
        label=gettext_lazy("Lawyer"),
        queryset=User.objects.filter(is_active=True, groups__name=Role.OUTSIDE_COUNSEL),
    )
    until = forms.DateField(label=gettext_lazy("Access until"), widget=DateInput())
    reason = forms.CharField(
        label=gettext_lazy("Purpose"),
        max_length=500,
        help_text=gettext_lazy("For example: judicial review leave application."),
    )


@require_http_methods(["GET", "POST"])
@casework_required
def break_glass(request):
    form = BreakGlassForm(request.POST or None, initial={"reference": request.GET.get("ref", "")})
    if request.method == "POST" and form.is_valid():
        reference = form.cleaned_data["reference"].strip().upper()
        if clients_visible_to(request.user).filter(reference=reference).exists():
            return redirect("clients:detail", ref=reference)
        client = Client.objects.filter(reference=reference).first()
        if client is None:
            form.add_error("reference", _("No client has that reference."))
        else:
            try:
                grant = access_services.break_glass(
                    user=request.user, client=client, reason=form.cleaned_data["reason"]
                )
            except ValidationError as error:
                errors_to_form(form, error)
            else:
                messages.warning(
                    request,
                    _(
                        "Emergency access to %(ref)s until %(until)s. "
                        "Your supervisors have been told."
                    )
                    % {
                        "ref": client.reference,
                        "until": timezone.localtime(grant.ends_at).strftime("%H:%M, %d %b"),
                    },
                )
                return redirect(client)
    return render(request, "clients/break_glass.html", {"form": form})


@require_http_methods(["GET", "POST"])
def client_access(request, ref):
    """Who holds access to this client outside the normal rules (supervisors)."""
    client = client_for(request.user, ref, purpose=Purpose.ASSIGN)
    form = CounselGrantForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            access_services.counsel_grant(client=client, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(
                request, _("Access granted to %(who)s.") % {"who": form.cleaned_data["counsel"]}
            )
            return redirect("clients:access", ref=client.reference)
    grants = client.access_grants.select_related("user", "granted_by", "revoked_by")
    return render(
        request,
        "clients/client_access.html",
        {
            "client": client,
            "tab": "overview",
            "form": form,
            "grants": grants,
            "now": timezone.now(),
        },
    )


@require_POST
def grant_revoke(request, ref, pk):
    client = client_for(request.user, ref, purpose=Purpose.ASSIGN)
    grant = get_object_or_404(AccessGrant, client=client, pk=pk)
    try:
        access_services.grant_revoke(grant=grant, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Access revoked for %(who)s.") % {"who": grant.user})
    return redirect("clients:access", ref=client.reference)


@require_http_methods(["GET"])
def client_data_export(request, ref, fmt="html"):
    """A data access request: everything held about the client, as a printable page or
    a JSON file (supervisors, audited)."""
    client = client_for(request.user, ref, purpose=Purpose.EXPORT)
    data = personal_data(client)
    if fmt == "json":
        response = JsonResponse(data, encoder=DjangoJSONEncoder, json_dumps_params={"indent": 2})
        response["Content-Disposition"] = f'attachment; filename="{client.reference}-data.json"'
        response["Cache-Control"] = "private, no-store"
        return response
    return render(
        request,
        "clients/client_data_export.html",
        {"client": client, "data": data, "generated": timezone.now()},
    )
