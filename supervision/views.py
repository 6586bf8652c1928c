"""Supervision pages. Role pages need the Supervisor role (403 otherwise); pages about one
client find it through `clients.access.client_for` (404 outside scope)."""

from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from clients.access import Purpose, can_assign, can_see_psychosocial, client_for, staff_visible_to
from clients.models import Client

from . import importer, selectors, services
from .forms import (
    ClientListFilterForm,
    ClientReassignForm,
    ClosureDecisionForm,
    ClosureRequestForm,
    DeadlineFilterForm,
    ImportUploadForm,
    IntakeAssignForm,
    ReassignForm,
    ReopenForm,
    SupervisionNoteForm,
)
from .models import ImportBatch

PAGE_SIZE = 25


def supervisor_required(view):
    """A role page: 403 for anyone without the Supervisor role."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_supervisor:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def _errors_to(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _client_page(request, client: Client, **extra) -> dict:
    """The context the client file's header and tabs need."""
    return {
        "client": client,
        "tab": "overview",
        "can_assign": can_assign(request.user),
        "can_see_psychosocial": can_see_psychosocial(request.user, client),
        **extra,
    }


def _query_without_page(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


# -- the dashboard and the lists behind its figures -------------------------------------------


@require_GET
@supervisor_required
def dashboard(request):
    return render(
        request,
        "supervision/dashboard.html",
        {
            "board": selectors.dashboard(request.user),
            # Listed once for every row of the intake queue: one query, not one per row.
            "assignable": list(selectors.assignable_staff(request.user)),
            "psychosocial_available": selectors.psychosocial_figures_available(),
        },
    )


@require_http_methods(["GET", "POST"])
@supervisor_required
def client_list(request):
    """The clients behind a figure; with a worker chosen, tick clients to move them."""
    user = request.user
    staff = staff_visible_to(user).order_by("full_name", "username")
    workers = selectors.assignable_staff(user)
    filters = ClientListFilterForm(request.GET, workers=staff)
    if not filters.is_valid():
        messages.warning(request, _("Some filters were not understood and were ignored."))
    data = filters.cleaned_data if filters.is_valid() else {}
    worker = data.get("worker")
    clients = selectors.supervision_clients(
        user,
        worker=worker,
        status=data.get("status", ""),
        unassigned=data.get("queue") == "unassigned",
        closure_requested=data.get("queue") == "closure",
        flagged=data.get("queue") == "flagged",
    )
    move_form = None
    if worker is not None:
        choices = [
            (pk, ref)
            for pk, ref in selectors.supervision_clients(user, worker=worker, status="all")
            .order_by()
            .values_list("pk", "reference")
        ]
        move_form = ReassignForm(
            request.POST or None,
            workers=workers,
            client_choices=choices,
            initial={"from_worker": worker.pk},
        )
        move_form.fields["from_worker"].queryset = staff
        if request.method == "POST" and move_form.is_valid():
            chosen = selectors.clients_of_worker(user, worker, move_form.cleaned_data["clients"])
            try:
                records = services.clients_reassign(
                    clients=chosen,
                    from_worker=move_form.cleaned_data["from_worker"],
                    to_worker=move_form.cleaned_data["to_worker"],
                    by=user,
                    reason=move_form.cleaned_data["reason"],
                )
            except ValidationError as error:
                _errors_to(move_form, error)
            else:
                moved = sum(r.deadlines_moved for r in records)
                messages.success(
                    request,
                    ngettext(
                        "%(count)d client moved to %(worker)s",
                        "%(count)d clients moved to %(worker)s",
                        len(records),
                    )
                    % {"count": len(records), "worker": move_form.cleaned_data["to_worker"]}
                    + "; "
                    + ngettext(
                        "%(n)d open deadline went with the lead.",
                        "%(n)d open deadlines went with the lead.",
                        moved,
                    )
                    % {"n": moved},
                )
                return redirect(request.get_full_path())
    elif request.method == "POST":
        raise Http404("Choose the worker whose clients you are moving.")
    page = Paginator(clients, PAGE_SIZE).get_page(request.GET.get("page"))
    checked = set()
    if move_form is not None and move_form.is_bound:
        checked = {str(v) for v in request.POST.getlist("clients")}
    return render(
        request,
        "supervision/client_list.html",
        {
            "filters": filters,
            "page": page,
            "query": _query_without_page(request),
            "worker": worker,
            "move_form": move_form,
            "checked": checked,
        },
    )


@require_GET
@supervisor_required
def deadline_list(request):
    user = request.user
    filters = DeadlineFilterForm(
        request.GET, workers=staff_visible_to(user).order_by("full_name", "username")
    )
    if not filters.is_valid():
        messages.warning(request, _("Some filters were not understood and were ignored."))
    data = filters.cleaned_data if filters.is_valid() else {}
    deadlines = selectors.supervision_deadlines(
        user, worker=data.get("worker"), overdue=bool(data.get("overdue"))
    )
    page = Paginator(deadlines, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "supervision/deadline_list.html",
        {"filters": filters, "page": page, "query": _query_without_page(request)},
    )


# -- one client: reassign, assign from the queue, notes, reopen ------------------------------


@require_http_methods(["GET", "POST"])
def client_reassign(request, ref):
    client = client_for(request.user, ref, purpose=Purpose.ASSIGN)
    current = staff_visible_to(request.user).filter(
        assignments__client=client, assignments__ended_on__isnull=True
    )
    workers = selectors.assignable_staff(request.user)
    form = ClientReassignForm(request.POST or None, current=current, workers=workers)
    if request.method == "POST" and form.is_valid():
        try:
            records = services.clients_reassign(
                clients=[client],
                from_worker=form.cleaned_data["from_worker"],
                to_worker=form.cleaned_data["to_worker"],
                by=request.user,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            _errors_to(form, error)
        else:
            messages.success(
                request,
                _("%(ref)s moved to %(worker)s; %(n)d open deadlines went with the lead.")
                % {
                    "ref": client.reference,
                    "worker": form.cleaned_data["to_worker"],
                    "n": records[0].deadlines_moved,
                },
            )
            return redirect(client)
    return render(
        request,
        "supervision/client_form.html",
        _client_page(
            request,
            client,
            form=form,
            title=_("Reassign %(ref)s") % {"ref": client.reference},
            submit=_("Reassign"),
            history=selectors.recent_reassignments(request.user).filter(client=client)[:20],
        ),
    )


@require_POST
def intake_assign(request, ref):
    client = client_for(request.user, ref, purpose=Purpose.ASSIGN)
    form = IntakeAssignForm(request.POST, workers=selectors.assignable_staff(request.user))
    if form.is_valid():
        try:
            services.intake_assign(
                client=client, worker=form.cleaned_data["worker"], by=request.user
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("%(ref)s assigned to %(worker)s.")
                % {"ref": client.reference, "worker": form.cleaned_data["worker"]},
            )
    else:
        messages.error(
            request,
            _("Choose a caseworker from your teams to assign %(ref)s to.")
            % {"ref": client.reference},
        )
    return redirect("supervision:dashboard")


@require_http_methods(["GET", "POST"])
def client_notes(request, ref):
    client = client_for(request.user, ref, purpose=Purpose.ASSIGN)
    form = SupervisionNoteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.supervision_note_add(
            author=request.user, client=client, body=form.cleaned_data["body"]
        )
        messages.success(request, _("Supervision note saved."))
        return redirect("supervision:client_notes", ref=client.reference)
    return render(
        request,
        "supervision/client_notes.html",
        _client_page(request, client, form=form, notes=selectors.notes_about_client(client)),
    )


@require_http_methods(["GET", "POST"])
def worker_notes(request, pk):
    worker = get_object_or_404(staff_visible_to(request.user), pk=pk)
    form = SupervisionNoteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.supervision_note_add(
            author=request.user, worker=worker, body=form.cleaned_data["body"]
        )
        messages.success(request, _("Supervision note saved."))
        return redirect("supervision:worker_notes", pk=worker.pk)
    return render(
        request,
        "supervision/worker_notes.html",
        {"worker": worker, "form": form, "notes": selectors.notes_about_worker(worker)},
    )


# -- closure ------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def client_closure(request, ref):
    """A caseworker asks to close the file; everyone in scope sees where the closure stands."""
    purpose = Purpose.EDIT if request.method == "POST" else Purpose.VIEW
    client = client_for(request.user, ref, purpose=purpose)
    form = ClosureRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.closure_request(
                client=client,
                by=request.user,
                outcome=form.cleaned_data["outcome"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            _errors_to(form, error)
        else:
            messages.success(request, _("Closure requested: a supervisor will decide."))
            return redirect("supervision:client_closure", ref=client.reference)
    return render(
        request,
        "supervision/client_closure.html",
        _client_page(request, client, form=form, **selectors.closure_state(client)),
    )


@require_GET
@supervisor_required
def closure_list(request):
    page = Paginator(selectors.open_closure_requests(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "supervision/closure_list.html", {"page": page, "query": ""})


@require_http_methods(["GET", "POST"])
def closure_decide(request, pk):
    closure = selectors.closure_request_for(request.user, pk)
    if closure is None or not request.user.is_supervisor:
        raise Http404("No such closure request.")
    client = client_for(request.user, closure.client.reference, purpose=Purpose.ASSIGN)
    form = ClosureDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            if form.cleaned_data["decision"] == ClosureDecisionForm.Decision.APPROVE:
                services.closure_approve(
                    request=closure, by=request.user, comment=form.cleaned_data["comment"]
                )
                messages.success(request, _("%(ref)s is closed.") % {"ref": client.reference})
            else:
                services.closure_return(
                    request=closure, by=request.user, comment=form.cleaned_data["comment"]
                )
                messages.success(
                    request,
                    _("Returned to %(who)s with your comment.") % {"who": closure.requested_by},
                )
        except ValidationError as error:
            _errors_to(form, error)
        else:
            return redirect("supervision:closure_list")
    return render(
        request,
        "supervision/closure_decide.html",
        _client_page(request, client, form=form, closure=closure),
    )


@require_http_methods(["GET", "POST"])
def client_reopen(request, ref):
    client = client_for(request.user, ref, purpose=Purpose.ASSIGN)
    form = ReopenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.client_reopen(
                client=client, by=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            _errors_to(form, error)
        else:
            messages.success(request, _("%(ref)s is open again.") % {"ref": client.reference})
            return redirect(client)
    return render(
        request,
        "supervision/client_form.html",
        _client_page(
            request,
            client,
            form=form,
            title=_("Reopen %(ref)s") % {"ref": client.reference},
            submit=_("Reopen the file"),
            closed_note=client.closure_reason,
        ),
    )


# -- import from spreadsheets ----------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@supervisor_required
def import_upload(request):
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            batch = importer.batch_create(upload=form.cleaned_data["file"], by=request.user)
        except importer.UnreadableFile as error:
            form.add_error("file", str(error))
        else:
            return redirect("supervision:import_preview", pk=batch.pk)
    return render(
        request,
        "supervision/import_upload.html",
        {"form": form, "columns": importer.COLUMNS},
    )


@require_http_methods(["GET", "POST"])
@supervisor_required
def import_preview(request, pk):
    batch = get_object_or_404(ImportBatch, pk=pk, uploaded_by=request.user)
    preview = importer.preview(batch=batch, by=request.user)
    if request.method == "POST":
        if batch.status == ImportBatch.Status.IMPORTED:
            messages.info(request, _("This file was imported already."))
        elif preview.has_errors:
            messages.error(request, _("Nothing was imported: correct the rows marked below first."))
        else:
            try:
                batch = importer.batch_import(batch=batch, by=request.user)
            except ValidationError as error:
                messages.error(
                    request,
                    _("Nothing was imported: %(problem)s") % {"problem": " ".join(error.messages)},
                )
            else:
                messages.success(
                    request,
                    _("Imported %(created)d clients; %(skipped)d rows were already imported.")
                    % {"created": batch.created_count, "skipped": batch.skipped_count},
                )
                return redirect(reverse("supervision:import_preview", args=[batch.pk]))
        preview = importer.preview(batch=batch, by=request.user)
    return render(request, "supervision/import_preview.html", {"batch": batch, "preview": preview})
