"""The psychosocial tab and its forms. Every page finds its client through
`client_for(..., purpose=Purpose.PSYCHOSOCIAL)` (outside counsel: 404); the detail and
every write also need `can_see_psychosocial` (need to know), else the same 404."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from clients.access import Purpose, active_grants, can_assign, can_see_psychosocial, client_for
from clients.audit import record_access
from clients.forms import errors_to_form
from clients.models import Client

from . import selectors, services
from .charts import trend_svg
from .forms import (
    AssessmentForm,
    ParticipantFormSet,
    RiskAssessmentForm,
    SessionForm,
    SummaryForm,
)
from .instruments import INSTRUMENTS
from .models import RISK_QUESTIONS
from .services import FlagChange, Participant


def _tab(request, client: Client, **extra) -> dict:
    return {
        "client": client,
        "tab": "psychosocial",
        "access_grant": active_grants(request.user, client=client).first(),
        "can_assign": can_assign(request.user),
        "can_see_psychosocial": can_see_psychosocial(request.user, client),
        **extra,
    }


def _need_to_know_client(request, ref: str) -> Client:
    """The client, if `request.user` may read and write its psychosocial record; else 404."""
    client = client_for(request.user, ref, purpose=Purpose.PSYCHOSOCIAL)
    if not can_see_psychosocial(request.user, client):
        raise Http404("No such client.")
    return client


def _announce_flag(request, change: FlagChange) -> None:
    if change is FlagChange.RAISED:
        messages.warning(
            request, _("The client is now flagged at risk. The supervisors have been notified.")
        )
    elif change is FlagChange.RAISED_AGAIN:
        messages.warning(
            request,
            _("The client stays flagged at risk. The supervisors have been notified again."),
        )
    elif change is FlagChange.CLEARED:
        messages.success(request, _("The risk flag is cleared. The supervisors have been told."))
    elif change is FlagChange.KEPT:
        messages.warning(
            request,
            _(
                "The risk flag stays: this assessment is dated before the concern that raised "
                "it. Only a later assessment clears it."
            ),
        )


def _charts(series) -> list[dict]:
    return [
        {
            "series": s,
            "svg": trend_svg(
                s.instrument,
                [(a.taken_on, a.total) for a in s.assessments],
                label=_("%(name)s trend") % {"name": s.instrument.name},
            )
            if s.assessments
            else "",
        }
        for s in series
    ]


@require_GET
def psychosocial_tab(request, ref):
    client = client_for(request.user, ref, purpose=Purpose.PSYCHOSOCIAL)
    context = _tab(request, client)
    if not context["can_see_psychosocial"]:
        # Need to know: that sessions happened, when and with whom. Nothing more.
        context["headlines"] = selectors.session_headlines(client)
        return render(request, "cases/psychosocial/tab_limited.html", context)
    return render(
        request,
        "cases/psychosocial/tab.html",
        {
            **context,
            "attendances": list(selectors.attendances_of(client)),
            "measures": _charts(selectors.measures_of(client)),
            "risk_assessments": list(selectors.risk_assessments_of(client)),
            "flag": selectors.risk_flag_of(client),
            "instruments": INSTRUMENTS.values(),
        },
    )


@require_http_methods(["GET", "POST"])
def session_add(request, ref):
    client = _need_to_know_client(request, ref)
    data = request.POST if request.method == "POST" else None
    form = SessionForm(data)
    others = ParticipantFormSet(data, user=request.user, client=client, prefix="others")
    if request.method == "POST" and form.is_valid() and others.is_valid():
        participants = [
            Participant(
                client=client,
                attendance=form.cleaned_data["attendance"],
                note=form.cleaned_data["client_note"],
            ),
            *[
                Participant(client=row["client"], attendance=row["attendance"], note=row["note"])
                for row in others.chosen
            ],
        ]
        try:
            session = services.session_record(
                session=form.save(commit=False), participants=participants, by=request.user
            )
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, _("Session recorded."))
            if session.follow_up_on:
                messages.info(
                    request,
                    _("Follow-up deadline set for %(on)s.")
                    % {"on": session.follow_up_on.isoformat()},
                )
            return redirect("clients:psychosocial", ref=client.reference)
    return render(
        request,
        "cases/psychosocial/session_form.html",
        _tab(request, client, form=form, others=others),
    )


@require_http_methods(["GET", "POST"])
def assessment_add(request, ref, instrument):
    client = _need_to_know_client(request, ref)
    spec = INSTRUMENTS.get(instrument)
    if spec is None:
        raise Http404("No such measure.")
    form = AssessmentForm(request.POST or None, instrument=spec)
    if request.method == "POST" and form.is_valid():
        try:
            assessment, change = services.assessment_record(
                client=client,
                instrument=spec.code,
                taken_on=form.cleaned_data["taken_on"],
                answers=form.answers,
                by=request.user,
            )
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(
                request,
                _("%(name)s recorded: %(total)s, %(band)s.")
                % {
                    "name": spec.name,
                    "total": assessment.display_total,
                    "band": assessment.band_info.label,
                },
            )
            _announce_flag(request, change)
            if assessment.needs_safety_check:
                messages.warning(
                    request,
                    _("Item 9 was answered above 0: complete a risk screen with the client now."),
                )
                return redirect("cases:risk_add", ref=client.reference)
            return redirect("clients:psychosocial", ref=client.reference)
    return render(
        request,
        "cases/psychosocial/assessment_form.html",
        _tab(request, client, form=form, instrument=spec),
    )


@require_http_methods(["GET", "POST"])
def risk_add(request, ref):
    client = _need_to_know_client(request, ref)
    form = RiskAssessmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            _risk, change = services.risk_assessment_record(
                risk=form.save(commit=False), client=client, by=request.user
            )
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, _("Risk assessment recorded."))
            _announce_flag(request, change)
            return redirect("clients:psychosocial", ref=client.reference)
    return render(
        request,
        "cases/psychosocial/risk_form.html",
        _tab(request, client, form=form, question_names=[q[0] for q in RISK_QUESTIONS]),
    )


@require_GET
def summary(request, ref):
    """A printable summary of chosen measures for a referral or a lawyer: measures and
    dates only, never session notes or risk detail, and only on a recorded consent."""
    client = _need_to_know_client(request, ref)
    form = SummaryForm(request.GET or None, client=client)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        record_access(client, what="psychosocial summary")
        series = selectors.measures_of(
            client, codes=data["instruments"], since=data["since"], until=data["until"]
        )
        return render(
            request,
            "cases/psychosocial/summary_print.html",
            {
                "client": client,
                "consent": data["consent"],
                "recipient": data["recipient"],
                "since": data["since"],
                "until": data["until"],
                "measures": _charts(series),
                "prepared_on": timezone.localdate(),
            },
        )
    return render(request, "cases/psychosocial/summary_form.html", _tab(request, client, form=form))
