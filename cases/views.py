"""Claim, legal-aid and deadline pages. Client data only through clients.access."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.decorators import casework_required
from clients.access import Purpose, can_assign, can_see_psychosocial, client_for
from clients.forms import errors_to_form
from clients.models import Client

from . import ical, selectors, services
from .forms import (
    CalculatorForm,
    ClaimEditForm,
    ClaimEventForm,
    ClaimForm,
    DeadlineForm,
    LegalAidForm,
    ReportingForm,
)
from .models import ClaimEvent, DeadlineRule, Trigger
from .services import SyncResult


def _tab(request, client: Client, tab: str, **extra) -> dict:
    return {
        "client": client,
        "tab": tab,
        "can_assign": can_assign(request.user),
        "can_see_psychosocial": can_see_psychosocial(request.user, client),
        **extra,
    }


def _announce(request, result: SyncResult) -> None:
    """Say what happened to the deadlines, so nobody has to go and look."""
    for deadline in result.created:
        messages.info(
            request,
            _("New deadline: %(title)s, due %(due)s.")
            % {"title": deadline.title, "due": deadline.due_on.isoformat()},
        )
    for deadline in result.moved:
        messages.info(
            request,
            _("Deadline moved: %(title)s, now due %(due)s.")
            % {"title": deadline.title, "due": deadline.due_on.isoformat()},
        )
    if result.voided:
        messages.warning(
            request,
            ngettext(
                "%(count)d deadline voided: %(titles)s.",
                "%(count)d deadlines voided: %(titles)s.",
                len(result.voided),
            )
            % {"count": len(result.voided), "titles": "; ".join(d.title for d in result.voided)},
        )


def _form_page(request, client: Client, tab: str, form, title: str, cancel: str, **extra):
    return render(
        request,
        "cases/form_page.html",
        _tab(request, client, tab, form=form, title=title, cancel=cancel, **extra),
    )


# -- the claim tab -------------------------------------------------------------------------


@require_GET
def claim_tab(request, ref):
    client = client_for(request.user, ref)
    return render(
        request,
        "cases/claim_tab.html",
        _tab(
            request,
            client,
            "claim",
            claims=selectors.claims_of(client),
            deadlines=list(selectors.deadlines_of(client)),
            reporting=selectors.reporting_of(client),
            next_report=selectors.next_reporting_date(client),
        ),
    )


@require_http_methods(["GET", "POST"])
def claim_create(request, ref):
    client = client_for(request.user, ref, purpose=Purpose.EDIT)
    form = ClaimForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.claim_create(claim=form.save(commit=False), client=client, by=request.user)
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, _("Claim recorded."))
            return redirect("clients:claim", ref=client.reference)
    return _form_page(
        request, client, "claim", form, _("Record a claim"), client.get_absolute_url()
    )


@require_http_methods(["GET", "POST"])
def claim_edit(request, ref, pk):
    client = client_for(request.user, ref, purpose=Purpose.EDIT)
    claim = get_object_or_404(client.claims, pk=pk)
    form = ClaimEditForm(request.POST or None, instance=claim)
    if request.method == "POST" and form.is_valid():
        try:
            services.claim_update(claim=form.save(commit=False))
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, _("Claim saved."))
            return redirect("clients:claim", ref=client.reference)
    cancel = claim.get_absolute_url()
    return _form_page(request, client, "claim", form, _("Edit the claim"), cancel)


@require_http_methods(["GET", "POST"])
def event_add(request, ref, pk):
    client = client_for(request.user, ref, purpose=Purpose.EDIT)
    claim = get_object_or_404(client.claims, pk=pk)
    form = ClaimEventForm(request.POST or None, claim=claim)
    if request.method == "POST" and form.is_valid():
        try:
            _event, result = services.claim_event_record(
                claim=claim,
                kind=form.cleaned_data["kind"],
                on=form.cleaned_data["date"],
                note=form.cleaned_data["note"],
                by=request.user,
            )
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, _("Event recorded."))
            _announce(request, result)
            return redirect("clients:claim", ref=client.reference)
    return _form_page(
        request,
        client,
        "claim",
        form,
        _("Add an event to the claim"),
        claim.get_absolute_url(),
        rules=DeadlineRule.objects.filter(active=True),
    )


def _event_of(client: Client, pk: int) -> ClaimEvent:
    return get_object_or_404(
        ClaimEvent.objects.select_related("claim"), claim__client=client, pk=pk
    )


@require_http_methods(["GET", "POST"])
def event_edit(request, ref, pk):
    client = client_for(request.user, ref, purpose=Purpose.EDIT)
    event = _event_of(client, pk)
    form = ClaimEventForm(request.POST or None, instance=event, claim=event.claim)
    if request.method == "POST" and form.is_valid():
        try:
            result = services.claim_event_correct(
                event=event,
                kind=form.cleaned_data["kind"],
                on=form.cleaned_data["date"],
                note=form.cleaned_data["note"],
                by=request.user,
            )
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, _("Event corrected."))
            _announce(request, result)
            return redirect("clients:claim", ref=client.reference)
    return _form_page(
        request, client, "claim", form, _("Correct an event"), event.claim.get_absolute_url()
    )


@require_POST
def event_remove(request, ref, pk):
    client = client_for(request.user, ref, purpose=Purpose.EDIT)
    event = _event_of(client, pk)
    try:
        result = services.claim_event_remove(event=event)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Event removed."))
        _announce(request, result)
    return redirect("clients:claim", ref=client.reference)


# -- deadlines -------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def deadline_add(request, ref):
    client = client_for(request.user, ref, purpose=Purpose.EDIT)
    form = DeadlineForm(request.POST or None, client=client)
    if request.method == "POST" and form.is_valid():
        try:
            services.deadline_create(client=client, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, _("Deadline added."))
            return redirect("clients:claim", ref=client.reference)
    return _form_page(
        request, client, "claim", form, _("Add a deadline by hand"), client.get_absolute_url()
    )


def _back(request, deadline) -> str:
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return deadline.get_absolute_url()


@require_POST
def deadline_done(request, pk):
    deadline = get_object_or_404(selectors.visible_deadline(request.user, pk))
    try:
        services.deadline_mark_done(deadline=deadline, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Marked done: %(title)s.") % {"title": deadline.title})
    return redirect(_back(request, deadline))


@require_POST
def deadline_undone(request, pk):
    deadline = get_object_or_404(selectors.visible_deadline(request.user, pk))
    try:
        services.deadline_mark_undone(deadline=deadline)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Open again: %(title)s.") % {"title": deadline.title})
    return redirect(_back(request, deadline))


@require_GET
@casework_required
def deadline_list(request):
    return render(
        request,
        "cases/deadline_list.html",
        {"groups": selectors.my_deadlines_grouped(request.user), "soon": selectors.SOON_DAYS},
    )


@require_GET
def calculator(request):
    """Pure arithmetic on rules and the calendar: no client data, any signed-in user."""
    form = CalculatorForm(request.GET or None)
    results, event = None, None
    if form.is_bound and form.is_valid():
        event = Trigger(form.cleaned_data["trigger"]).label
        results = services.calculate(
            trigger=form.cleaned_data["trigger"], start=form.cleaned_data["date"]
        )
    return render(
        request,
        "cases/calculator.html",
        {
            "form": form,
            "event": event,
            "results": results,
            "rules": DeadlineRule.objects.filter(active=True),
        },
    )


# -- the calendar feed ---------------------------------------------------------------------


@require_GET
@casework_required
def calendar_settings(request):
    token = services.calendar_token(user=request.user)
    url = request.build_absolute_uri(reverse("cases:calendar_feed", kwargs={"token": token}))
    return render(request, "cases/calendar_settings.html", {"feed_url": url})


@require_POST
@casework_required
def calendar_reset(request):
    services.calendar_token_reset(user=request.user)
    messages.success(
        request,
        _(
            "Your calendar has a new address. The old one no longer works: "
            "update your calendar app."
        ),
    )
    return redirect("cases:calendar_settings")


@require_GET
@never_cache
@login_not_required
def calendar_feed(request, token):
    """Token, not session: calendar apps cannot sign in. Same 404 for any bad token."""
    owner = services.calendar_user_for(token)
    if owner is None:
        raise Http404("No such calendar.")
    body = ical.calendar(selectors.feed_deadlines(owner), host=request.get_host())
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="deadlines.ics"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


# -- legal aid -------------------------------------------------------------------------------


@require_GET
def legal_aid_tab(request, ref):
    client = client_for(request.user, ref)
    applications = list(selectors.legal_aid_of(client))
    deadlines = [d for d in selectors.deadlines_of(client) if d.legal_aid_id]
    return render(
        request,
        "cases/legal_aid_tab.html",
        _tab(request, client, "legal-aid", applications=applications, deadlines=deadlines),
    )


@require_http_methods(["GET", "POST"])
def legal_aid_edit(request, ref, pk=None):
    client = client_for(request.user, ref, purpose=Purpose.EDIT)
    application = get_object_or_404(client.legal_aid_applications, pk=pk) if pk else None
    form = LegalAidForm(request.POST or None, instance=application, client=client)
    if request.method == "POST" and form.is_valid():
        try:
            _app, result = services.legal_aid_save(
                application=form.save(commit=False), client=client, by=request.user
            )
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, _("Legal-aid application saved."))
            _announce(request, result)
            return redirect("clients:legal_aid", ref=client.reference)
    title = _("Edit the legal-aid application") if pk else _("Record a legal-aid application")
    cancel = reverse("clients:legal_aid", args=[client.reference])
    return _form_page(request, client, "legal-aid", form, title, cancel)


# -- reporting conditions -------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def reporting_edit(request, ref, pk=None):
    client = client_for(request.user, ref, purpose=Purpose.EDIT)
    condition = get_object_or_404(client.reporting, pk=pk) if pk else None
    form = ReportingForm(request.POST or None, instance=condition)
    if request.method == "POST" and form.is_valid():
        try:
            services.reporting_save(
                condition=form.save(commit=False), client=client, by=request.user
            )
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, _("Reporting condition saved."))
            return redirect("clients:claim", ref=client.reference)
    title = _("Edit the reporting condition") if pk else _("Record a reporting condition")
    cancel = reverse("clients:claim", args=[client.reference])
    return _form_page(request, client, "claim", form, title, cancel)
