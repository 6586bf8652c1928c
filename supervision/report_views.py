"""/reports/: statistics for supervisors, over the clients they may see."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from . import exports, reports, selectors
from .forms import ReportFilterForm
from .views import supervisor_required

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _report_for(request) -> tuple[ReportFilterForm, reports.Report | None]:
    form = ReportFilterForm(request.GET, teams=list(selectors.supervised_teams(request.user)))
    if not form.is_valid():
        return form, None
    data = form.cleaned_data
    report = reports.build_report(
        request.user, start=data["from"], end=data["to"], team=data["team_obj"]
    )
    return form, report


@require_GET
@supervisor_required
def report_page(request):
    form, report = _report_for(request)
    if report is None:
        messages.error(request, _("The report could not be made: correct the filters below."))
    return render(
        request,
        "reports/report.html",
        {"form": form, "report": report, "query": request.GET.urlencode()},
    )


def _export(request, fmt: str, *, anonymised: bool) -> HttpResponse:
    if fmt not in CONTENT_TYPES:
        raise Http404("No such format.")
    form, report = _report_for(request)
    if report is None:
        # A file of an invalid report would be misleading: show the page with the errors.
        messages.error(request, _("Nothing was exported: correct the filters below."))
        return render(
            request,
            "reports/report.html",
            {"form": form, "report": None, "query": request.GET.urlencode()},
            status=400,
        )
    tables = reports.anonymise(report.tables) if anonymised else report.tables
    writer = exports.to_csv if fmt == "csv" else exports.to_xlsx
    content = writer(report, tables, anonymised=anonymised)
    stem = "statistics-anonymised" if anonymised else "statistics"
    filename = f"{stem}-{report.start.isoformat()}-{report.end.isoformat()}.{fmt}"
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
@supervisor_required
def report_export(request, fmt):
    return _export(request, fmt, anonymised=False)


@require_GET
@supervisor_required
def report_anonymised(request, fmt):
    return _export(request, fmt, anonymised=True)
