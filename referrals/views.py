"""Referral, partner, screening and interpreter pages.

Client data is reached only through `clients.access` (client_for, clients_visible_to)
or `referrals.selectors.referral_for`, which is built on it. The partner directory and
the interpreter roster are reference data for casework roles.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.decorators import casework_required
from clients.access import Purpose, can_assign, can_see_psychosocial, client_for, clients_visible_to
from clients.models import Client

from . import rules, selectors, services
from .filters import InterpreterFilter, PartnerFilter, ReferralFilter
from .forms import (
    InterpreterBookingForm,
    InterpreterPreferenceForm,
    LinkClientForm,
    ReferralFollowUpForm,
    ReferralForm,
    ScreeningForm,
    ScreeningReviewForm,
    SharingConsentForm,
    transition_form,
)
from .models import (
    ConsentCoverage,
    Indicator,
    Interpreter,
    InterpreterPreference,
    PartnerOrganisation,
    Referral,
    Service,
)

PAGE_SIZE = 25
SECTION_SIZE = 20
Status = Referral.Status
Direction = Referral.Direction
FORCED_LABOUR_SERVICE = "anti-trafficking"


def _errors_to(form, error: ValidationError) -> None:
    """A service's ValidationError onto the form, beside the input where there is one."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _client_context(request, client: Client, **extra) -> dict:
    return {
        "client": client,
        "tab": "referrals",
        "can_assign": can_assign(request.user),
        "can_see_psychosocial": can_see_psychosocial(request.user, client),
        "layout": "clients/client_base.html",
        **extra,
    }


def _page(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


def _query_without_page(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


# -- The client's tab -----------------------------------------------------------------------


@require_GET
def client_referrals(request, ref):
    client = client_for(request.user, ref)
    screenings = list(client.forced_labour_screenings.select_related("screened_by")[:10])
    return render(
        request,
        "referrals/client_referrals.html",
        _client_context(
            request,
            client,
            referrals=selectors.client_referrals(client),
            screenings=screenings,
            awaiting_review=[s for s in screenings if s.awaiting_review],
            preference=InterpreterPreference.objects.filter(client=client).first(),
            unlinked=selectors.unlinked_inbound_matching(request.user, client),
        ),
    )


# -- Lists ------------------------------------------------------------------------------


@require_GET
@casework_required
def referral_list(request):
    user = request.user
    everyone = request.GET.get("scope") == "all"
    base = (
        selectors.with_list_relations(selectors.referrals_visible_to(user))
        if everyone
        else selectors.my_referrals(user)
    )
    filterset = ReferralFilter(request.GET, queryset=base)
    return render(
        request,
        "referrals/referral_list.html",
        {
            "filter": filterset,
            "page": _page(request, filterset.qs),
            "query": _query_without_page(request),
            "everyone": everyone,
            "overdue": list(selectors.overdue_unanswered(base)[:SECTION_SIZE]),
            "follow_ups": list(selectors.follow_ups_due(base)[:SECTION_SIZE]),
            "to_answer": list(selectors.internal_awaiting_answer(user)[:SECTION_SIZE]),
            "screenings": list(selectors.screenings_awaiting_review(user)[:SECTION_SIZE]),
            "answer_days": settings.REFERRAL_ANSWER_DAYS,
        },
    )


@require_GET
@casework_required
def partner_list(request):
    queryset = PartnerOrganisation.objects.prefetch_related("services").order_by("name")
    filterset = PartnerFilter(request.GET, queryset=queryset)
    return render(
        request,
        "referrals/partner_list.html",
        {
            "filter": filterset,
            "page": _page(request, filterset.qs),
            "query": _query_without_page(request),
        },
    )


@require_GET
@casework_required
def partner_detail(request, pk):
    partner = get_object_or_404(
        PartnerOrganisation.objects.prefetch_related("services", "contacts"), pk=pk
    )
    counts = selectors.partner_acceptance(partner)
    return render(
        request,
        "referrals/partner_detail.html",
        {
            "partner": partner,
            "counts": counts,
            "rate": rules.acceptance_rate(counts["accepted"], counts["declined"]),
            "page": _page(request, selectors.partner_referrals(request.user, partner)),
            "query": "",
        },
    )


@require_GET
@casework_required
def interpreter_roster(request):
    include_inactive = request.GET.get("inactive") == "on"
    filterset = InterpreterFilter(
        request.GET, queryset=selectors.interpreter_roster(active=not include_inactive)
    )
    interpreters = list(filterset.qs)
    return render(
        request,
        "referrals/interpreter_roster.html",
        {
            "filter": filterset,
            "include_inactive": include_inactive,
            "rows": [(i, rules.interpreter_warnings(i)) for i in interpreters],
        },
    )


# -- Making and changing a referral ---------------------------------------------------------


def _screening_initial(client: Client, pk: str | None) -> tuple[object, dict]:
    """The referral a flagged forced-labour screening proposes, if the link names one."""
    if not pk or not pk.isdigit():
        return None, {}
    screening = client.forced_labour_screenings.filter(pk=pk).first()
    if screening is None:
        return None, {}
    present = screening.answers.filter(answer="present").values_list("indicator", flat=True)
    labels = [str(Indicator(i).label).lower() for i in present]
    initial = {
        "service": Service.objects.filter(slug=FORCED_LABOUR_SERVICE, active=True).first(),
        "urgency": Referral.Urgency.URGENT,
        "reason": _("Forced-labour screening on %(date)s found: %(indicators)s.")
        % {"date": screening.screened_on, "indicators": ", ".join(labels)},
    }
    return screening, initial


@require_http_methods(["GET", "POST"])
def referral_create(request, ref):
    client = client_for(request.user, ref, purpose=Purpose.EDIT)
    direction = request.GET.get("direction", Direction.OUTBOUND)
    if direction not in Direction.values:
        direction = Direction.OUTBOUND
    screening, initial = _screening_initial(client, request.GET.get("screening"))
    instance = Referral(client=client, direction=direction)
    form = ReferralForm(
        request.POST or None, instance=instance, direction=direction, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            referral = services.referral_create(
                referral=form.save(commit=False), by=request.user, screening=screening
            )
        except ValidationError as error:
            _errors_to(form, error)
        else:
            messages.success(request, _("Referral recorded."))
            return redirect(referral)
    return render(
        request,
        "referrals/referral_form.html",
        _client_context(
            request,
            client,
            form=form,
            direction=Direction(direction),
            screening=screening,
            title=_("New referral: %(direction)s") % {"direction": Direction(direction).label},
        ),
    )


@require_http_methods(["GET", "POST"])
@casework_required
def inbound_create(request):
    """A partner refers someone the centre has no file for yet."""
    instance = Referral(direction=Direction.INBOUND)
    form = ReferralForm(
        request.POST or None, instance=instance, direction=Direction.INBOUND, with_person=True
    )
    if request.method == "POST" and form.is_valid():
        try:
            referral = services.referral_create(referral=form.save(commit=False), by=request.user)
        except ValidationError as error:
            _errors_to(form, error)
        else:
            messages.success(
                request, _("Inbound referral recorded. Next: the intake, starting below.")
            )
            return redirect(referral)
    return render(
        request,
        "referrals/referral_form.html",
        {
            "layout": "referrals/layout.html",
            "form": form,
            "direction": Direction.INBOUND,
            "title": _("New inbound referral"),
        },
    )


def _layout_context(request, referral: Referral, **extra) -> dict:
    if referral.client_id:
        return _client_context(request, referral.client, referral=referral, **extra)
    return {"layout": "referrals/layout.html", "referral": referral, **extra}


def _detail(request, referral: Referral, *, bound: dict | None = None, status: int = 200):
    user = request.user
    bound = bound or {}
    steps = [
        {
            "to": to,
            "label": rules.action_label(referral, to),
            "form": bound.get(to) or transition_form(to, referral),
        }
        for to in rules.transitions_for(referral, user)
    ]
    extra = {
        "steps": steps,
        "bound": bool(bound),
        "show_outcome": rules.outcome_visible(referral, user),
        "answer_days": settings.REFERRAL_ANSWER_DAYS,
    }
    if referral.direction == Direction.OUTBOUND and referral.client_id:
        extra["consent"] = selectors.latest_sharing_consent(
            client=referral.client, partner=referral.partner
        )
    if referral.direction == Direction.INBOUND and not referral.client_id:
        extra["intake_url"] = (
            reverse("clients:duplicate_check")
            + "?"
            + urlencode(
                {
                    "name": referral.person_name,
                    "date_of_birth": referral.person_date_of_birth or "",
                    "immd_file_number": referral.person_file_number,
                }
            )
        )
        extra["candidates"] = selectors.client_candidates_for(user, referral)
        extra["link_form"] = bound.get("link") or LinkClientForm()
    return render(
        request,
        "referrals/referral_detail.html",
        _layout_context(request, referral, **extra),
        status=status,
    )


@require_GET
def referral_detail(request, pk):
    return _detail(request, selectors.referral_for(request.user, pk))


def _apply(to: str, referral: Referral, by, data: dict) -> None:
    if to == Status.SENT:
        services.referral_send(referral=referral, by=by)
    elif to == Status.ACCEPTED:
        services.referral_accept(referral=referral, by=by, worker=data.get("worker"))
    elif to == Status.DECLINED:
        services.referral_decline(referral=referral, by=by, reason=data["reason"])
    elif to == Status.COMPLETED:
        services.referral_complete(referral=referral, by=by, outcome=data["outcome"])
    elif to == Status.CANCELLED:
        services.referral_cancel(referral=referral, by=by, reason=data["reason"])


@require_POST
def referral_transition(request, pk, to):
    referral = selectors.referral_for(request.user, pk)
    if to not in rules.ACTION_LABELS:
        raise Http404("No such step.")
    if referral.client_id:
        client_for(request.user, referral.client.reference, purpose=Purpose.EDIT)
    if to not in rules.transitions_for(referral, request.user):
        if rules.can_transition(referral.status, to):
            messages.error(request, _("Only a supervisor answers an internal referral."))
        else:
            messages.error(request, rules.transition_error(referral.status, to))
        return redirect(referral)
    form = transition_form(to, referral, request.POST)
    if form.is_valid():
        try:
            _apply(to, referral, request.user, form.cleaned_data)
        except ValidationError as error:
            _errors_to(form, error)
        else:
            messages.success(
                request,
                _("The referral is now %(status)s.") % {"status": referral.get_status_display()},
            )
            return redirect(referral)
    referral = selectors.referral_for(request.user, pk)
    return _detail(request, referral, bound={to: form})


@require_http_methods(["GET", "POST"])
def referral_edit(request, pk):
    referral = selectors.referral_for(request.user, pk)
    if referral.client_id:
        client_for(request.user, referral.client.reference, purpose=Purpose.EDIT)
    if not referral.is_open:
        messages.error(request, _("A closed referral cannot be changed."))
        return redirect(referral)
    if referral.status == Status.DRAFT:
        form = ReferralForm(
            request.POST or None,
            instance=referral,
            direction=referral.direction,
            with_person=referral.direction == Direction.INBOUND and not referral.client_id,
        )
    else:
        form = ReferralFollowUpForm(request.POST or None, instance=referral)
    if request.method == "POST" and form.is_valid():
        try:
            services.referral_update(referral=form.save(commit=False))
        except ValidationError as error:
            _errors_to(form, error)
        else:
            messages.success(request, _("Referral saved."))
            return redirect(referral)
    return render(
        request,
        "referrals/referral_form.html",
        _layout_context(
            request,
            referral,
            form=form,
            direction=Direction(referral.direction),
            title=_("Edit referral"),
        ),
    )


@require_GET
def referral_letter(request, pk):
    """The printable letter: only what the client's consent in force covers."""
    referral = selectors.referral_for(request.user, pk)
    if referral.direction != Direction.OUTBOUND:
        raise Http404("Only outbound referrals have a letter.")
    consent = selectors.sharing_consent_in_force(client=referral.client, partner=referral.partner)
    coverage = getattr(consent, "coverage", None) if consent else None
    items = set(coverage.items) if coverage else set()
    client = referral.client
    return render(
        request,
        "referrals/referral_letter.html",
        {
            "referral": referral,
            "client": client,
            "consent": consent,
            "items": items,
            "Item": ConsentCoverage.Item,
            "dependants": client.dependants.all() if "household" in items else [],
            "vulnerabilities": client.vulnerabilities.all() if "vulnerabilities" in items else [],
        },
    )


@require_http_methods(["GET", "POST"])
def referral_consent(request, pk):
    """Record the client's consent to share with this referral's partner, or its withdrawal."""
    referral = selectors.referral_for(request.user, pk)
    if referral.direction != Direction.OUTBOUND:
        raise Http404("Only outbound referrals share information with a partner.")
    client = client_for(request.user, referral.client.reference, purpose=Purpose.EDIT)
    latest = selectors.latest_sharing_consent(client=client, partner=referral.partner)
    initial = {}
    if latest is not None and latest.given and hasattr(latest, "coverage"):
        initial["items"] = latest.coverage.items
    form = SharingConsentForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.sharing_consent_record(
            client=client, partner=referral.partner, by=request.user, **form.cleaned_data
        )
        if form.cleaned_data["given"]:
            messages.success(request, _("Consent to share recorded."))
        else:
            messages.warning(
                request,
                _("Consent withdrawn: no new referral to %(partner)s can be sent.")
                % {"partner": referral.partner},
            )
        return redirect(referral)
    return render(
        request,
        "referrals/referral_consent.html",
        _layout_context(request, referral, form=form, latest=latest),
    )


@require_POST
def referral_link_client(request, pk):
    referral = selectors.referral_for(request.user, pk)
    form = LinkClientForm(request.POST)
    if form.is_valid():
        reference = form.cleaned_data["reference"].strip()
        client = clients_visible_to(request.user).filter(reference__iexact=reference).first()
        if client is None:
            # The same answer whether the file does not exist or is someone else's.
            form.add_error("reference", _("No client with this reference in your caseload."))
        else:
            try:
                services.referral_link_client(referral=referral, client=client)
            except ValidationError as error:
                _errors_to(form, error)
            else:
                messages.success(
                    request,
                    _("Referral linked to %(client)s.") % {"client": client.reference},
                )
                return redirect(referral)
    return _detail(request, referral, bound={"link": form})


# -- Forced-labour screening ----------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def screening_create(request, ref):
    client = client_for(request.user, ref, purpose=Purpose.EDIT)
    form = ScreeningForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        screening = services.screening_record(
            client=client,
            by=request.user,
            screened_on=form.cleaned_data["screened_on"],
            work_context=form.cleaned_data["work_context"],
            notes=form.cleaned_data["notes"],
            answers=form.answers,
        )
        if screening.legal_review_needed:
            messages.warning(
                request,
                _(
                    "Forced-labour indicators present: the client is flagged for legal "
                    "review, and a referral is proposed below."
                ),
            )
        else:
            messages.success(request, _("Screening recorded. No indicator present."))
        return redirect(screening)
    return render(
        request,
        "referrals/screening_form.html",
        _client_context(request, client, form=form),
    )


def _screening_page(request, client: Client, screening, review_form=None):
    user = request.user
    can_review = screening.awaiting_review and (user.is_legal_caseworker or user.is_supervisor)
    service = Service.objects.filter(slug=FORCED_LABOUR_SERVICE, active=True).first()
    return render(
        request,
        "referrals/screening_detail.html",
        _client_context(
            request,
            client,
            screening=screening,
            answers=screening.answers.all(),
            can_review=can_review,
            review_form=review_form or ScreeningReviewForm(),
            proposed_partners=(
                list(service.partners.filter(active=True)) if service is not None else []
            ),
            propose_url=reverse("referrals:create", args=[client.reference])
            + "?"
            + urlencode({"direction": Direction.OUTBOUND, "screening": screening.pk}),
        ),
    )


@require_GET
def screening_detail(request, ref, pk):
    client = client_for(request.user, ref)
    screening = get_object_or_404(
        client.forced_labour_screenings.select_related("screened_by", "reviewed_by"), pk=pk
    )
    return _screening_page(request, client, screening)


@require_POST
def screening_review(request, ref, pk):
    client = client_for(request.user, ref, purpose=Purpose.EDIT)
    screening = get_object_or_404(client.forced_labour_screenings, pk=pk)
    form = ScreeningReviewForm(request.POST)
    if form.is_valid():
        try:
            services.screening_review(
                screening=screening, by=request.user, note=form.cleaned_data["note"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(screening)
        messages.success(request, _("Legal review recorded."))
        return redirect(screening)
    return _screening_page(request, client, screening, review_form=form)


# -- Interpreters ---------------------------------------------------------------------------


@require_GET
def client_interpreters(request, ref):
    client = client_for(request.user, ref)
    preference = InterpreterPreference.objects.filter(client=client).first()
    roster = [
        (i, rules.interpreter_warnings(i, preference=preference))
        for i in Interpreter.objects.filter(active=True)
    ]
    return render(
        request,
        "referrals/client_interpreters.html",
        _client_context(
            request,
            client,
            preference=preference,
            roster=roster,
            bookings=client.interpreter_bookings.select_related("interpreter", "recorded_by")[:50],
        ),
    )


@require_http_methods(["GET", "POST"])
def interpreter_preference(request, ref):
    client = client_for(request.user, ref, purpose=Purpose.EDIT)
    preference = InterpreterPreference.objects.filter(client=client).first()
    initial = {} if preference else {"language": client.preferred_language}
    form = InterpreterPreferenceForm(request.POST or None, instance=preference, initial=initial)
    if request.method == "POST" and form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        services.interpreter_preference_save(client=client, by=request.user, **fields)
        messages.success(request, _("Interpreter preference saved."))
        return redirect("referrals:client_interpreters", ref=client.reference)
    return render(
        request,
        "referrals/client_form.html",
        _client_context(
            request,
            client,
            form=form,
            title=_("Interpreter preference"),
            back=reverse("referrals:client_interpreters", args=[client.reference]),
        ),
    )


@require_http_methods(["GET", "POST"])
def booking_create(request, ref):
    client = client_for(request.user, ref, purpose=Purpose.EDIT)
    preference = InterpreterPreference.objects.filter(client=client).first()
    form = InterpreterBookingForm(request.POST or None, preference=preference)
    if request.method == "POST" and form.is_valid():
        try:
            services.interpreter_booking_record(
                client=client,
                by=request.user,
                interpreter=form.cleaned_data["interpreter"],
                on=form.cleaned_data["on"],
                kind=form.cleaned_data["kind"],
                notes=form.cleaned_data["notes"],
                acknowledged=form.cleaned_data["acknowledge_warnings"],
            )
        except ValidationError as error:
            _errors_to(form, error)
        else:
            messages.success(request, _("Interpreter recorded."))
            return redirect("referrals:client_interpreters", ref=client.reference)
    return render(
        request,
        "referrals/client_form.html",
        _client_context(
            request,
            client,
            form=form,
            warnings=form.warnings,
            title=_("Record who interpreted"),
            back=reverse("referrals:client_interpreters", args=[client.reference]),
        ),
    )
