"""Client pages. Every view finds its client through clients.access, and only there."""

from contextlib import nullcontext

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.decorators import casework_required, client_reader_required
from justicecentre.paginator import CappedPaginator

from . import services
from .access import (
    Purpose,
    active_grants,
    can_assign,
    can_edit_note,
    can_read_history,
    can_see_psychosocial,
    client_for,
    holder_names,
    note_kinds_for,
    notes_visible_to,
    staff_visible_to,
)
from .audit import client_history as client_history_entries
from .audit import record_access
from .audit import staff_activity as staff_activity_entries
from .concurrency import EditConflict, changes_since
from .filters import ClientFilter
from .forms import (
    AliasForm,
    AssignmentForm,
    CaseNoteEditForm,
    CaseNoteForm,
    ClientForm,
    ConsentForm,
    DependantForm,
    DocumentForm,
    DuplicateCheckForm,
    IntakeForm,
    assignable_workers,
    errors_to_form,
)
from .models import Client, ClientAssignment, Consent
from .selectors import client_list as visible_client_list
from .selectors import duplicate_candidates, found_once

PAGE_SIZE = 25
LIST_CAP = 1000  # rows the client list counts and pages through before asking to narrow


def _purpose(request) -> Purpose:
    """Reading a tab is VIEW; posting to it (a note, an upload) is EDIT."""
    return Purpose.EDIT if request.method == "POST" else Purpose.VIEW


@require_GET
@client_reader_required
def client_list(request):
    queryset = visible_client_list(request.user)
    data = request.GET.copy()
    if "status" not in data:
        # Closed files leave the working list unless asked for.
        queryset = queryset.exclude(status=Client.Status.CLOSED)
    filterset = ClientFilter(data or None, queryset=queryset)
    query = data.copy()
    query.pop("page", None)
    clients = filterset.qs  # validates the filters: cleaned_data holds the valid ones
    searching = filterset.is_bound and bool(filterset.form.cleaned_data.get("q"))
    # A supervisor's search is found once, then counted and paged: over their large
    # scope, finding it is the cost. (A caseload is too small to gain, and a list without
    # a search is cheaper to page straight from the name index.)
    once = searching and request.user.is_supervisor
    with found_once(clients) if once else nullcontext(clients) as clients:
        # Above 1,000 matches the list stops counting and asks for a narrower search.
        page = CappedPaginator(clients, PAGE_SIZE, cap=LIST_CAP).get_page(request.GET.get("page"))
        return render(
            request,
            "clients/client_list.html",
            {"filter": filterset, "page": page, "query": query.urlencode()},
        )


@require_GET
@casework_required
def client_duplicate_check(request):
    """Step one of intake: is this person already known anywhere in the centre?"""
    form = DuplicateCheckForm(request.GET or None)
    matches = None
    if form.is_bound and form.is_valid():
        matches = [
            {
                "holders": holder_names(c),
                "same_birth_date": bool(
                    form.cleaned_data["date_of_birth"]
                    and c.date_of_birth == form.cleaned_data["date_of_birth"]
                ),
                "same_file_number": bool(
                    form.cleaned_data["immd_file_number"]
                    and c.immd_file_number.lower()
                    == form.cleaned_data["immd_file_number"].strip().lower()
                ),
                "closed": c.status == Client.Status.CLOSED,
            }
            for c in duplicate_candidates(**form.cleaned_data)
        ]
    return render(
        request,
        "clients/client_duplicate_check.html",
        {"form": form, "matches": matches, "query": request.GET.urlencode()},
    )


@require_http_methods(["GET", "POST"])
@casework_required
def client_intake(request):
    if request.method == "POST":
        form = IntakeForm(request.POST)
        if form.is_valid():
            try:
                client = services.client_create(
                    client=form.save(commit=False),
                    by=request.user,
                    vulnerabilities=form.cleaned_data["vulnerabilities"],
                    aliases=form.cleaned_data["aliases"],
                    consent_method=form.cleaned_data["consent_method"],
                    assign_self=form.cleaned_data["assign_self"],
                )
            except ValidationError as error:
                errors_to_form(form, error)
            else:
                messages.success(
                    request, _("Intake recorded as %(ref)s.") % {"ref": client.reference}
                )
                return redirect(client)
    else:
        check = DuplicateCheckForm(request.GET)
        initial = {}
        if check.is_valid():
            name = check.cleaned_data["name"].strip()
            family, _sep, given = name.partition(" ")
            initial = {
                "family_name": family,
                "given_name": given,
                "date_of_birth": check.cleaned_data["date_of_birth"],
                "immd_file_number": check.cleaned_data["immd_file_number"],
            }
        form = IntakeForm(initial=initial)
    return render(request, "clients/client_intake.html", {"form": form})


def _client_context(request, client: Client, tab: str, **extra) -> dict:
    return {
        "client": client,
        "tab": tab,
        "access_grant": active_grants(request.user, client=client).first(),
        "can_assign": can_assign(request.user),
        "can_see_psychosocial": can_see_psychosocial(request.user, client),
        **extra,
    }


@require_GET
def client_detail(request, ref):
    client = client_for(request.user, ref)
    assignments = client.assignments.select_related("worker", "assigned_by")
    return render(
        request,
        "clients/client_detail.html",
        _client_context(
            request,
            client,
            "overview",
            assignments=assignments,
            aliases=client.aliases.all(),
            dependants=client.dependants.all(),
            consents=client.consents.select_related("recorded_by"),
            vulnerabilities=client.vulnerabilities.all(),
        ),
    )


@require_http_methods(["GET", "POST"])
def client_edit(request, ref):
    client = client_for(request.user, ref, purpose=Purpose.EDIT)
    form = ClientForm(request.POST or None, instance=client)
    if request.method == "POST" and form.is_valid():
        try:
            services.client_update(
                client=form.save(commit=False),
                version=form.cleaned_data["version"],
                vulnerabilities=form.cleaned_data["vulnerabilities"],
            )
        except EditConflict as conflict:  # saved by someone else a moment ago
            form.conflict(conflict, changes_since(client, form.cleaned_data["version"]))
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, _("Client details saved."))
            return redirect(client)
    return render(
        request,
        "clients/client_edit.html",
        _client_context(request, client, "overview", form=form),
    )


@require_http_methods(["GET", "POST"])
def client_assignments(request, ref):
    client = client_for(request.user, ref, purpose=Purpose.ASSIGN)
    form = AssignmentForm(request.POST or None, workers=assignable_workers())
    if request.method == "POST" and form.is_valid():
        try:
            services.assignment_add(
                client=client,
                worker=form.cleaned_data["worker"],
                role=form.cleaned_data["role"],
                reason=form.cleaned_data["reason"],
                by=request.user,
            )
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(
                request, _("%(worker)s assigned.") % {"worker": form.cleaned_data["worker"]}
            )
            return redirect("clients:assignments", ref=client.reference)
    assignments = client.assignments.select_related("worker", "assigned_by")
    return render(
        request,
        "clients/client_assignments.html",
        _client_context(request, client, "overview", form=form, assignments=assignments),
    )


@require_POST
def assignment_end(request, ref, pk):
    client = client_for(request.user, ref, purpose=Purpose.ASSIGN)
    assignment = get_object_or_404(ClientAssignment, client=client, pk=pk)
    try:
        services.assignment_end(assignment=assignment)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("%(worker)s is no longer assigned.") % {"worker": assignment.worker}
        )
    return redirect("clients:assignments", ref=client.reference)


@require_http_methods(["GET", "POST"])
def alias_add(request, ref):
    client = client_for(request.user, ref, purpose=Purpose.EDIT)
    form = AliasForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.alias_add(client=client, **form.cleaned_data)
        messages.success(request, _("Alias added."))
        return redirect(client)
    return render(
        request,
        "clients/simple_form.html",
        _client_context(request, client, "overview", form=form, title=_("Add another name")),
    )


@require_POST
def alias_delete(request, ref, pk):
    client = client_for(request.user, ref, purpose=Purpose.EDIT)
    services.soft_delete(record=get_object_or_404(client.aliases, pk=pk), by=request.user)
    messages.success(request, _("Alias removed. It can be restored from Deleted records."))
    return redirect(client)


@require_http_methods(["GET", "POST"])
def dependant_edit(request, ref, pk=None):
    client = client_for(request.user, ref, purpose=Purpose.EDIT)
    dependant = get_object_or_404(client.dependants, pk=pk) if pk else None
    form = DependantForm(request.POST or None, instance=dependant)
    if request.method == "POST" and form.is_valid():
        dependant = form.save(commit=False)
        dependant.client = client
        services.dependant_save(dependant=dependant)
        messages.success(request, _("Household member saved."))
        return redirect(client)
    title = _("Edit household member") if pk else _("Add a household member")
    return render(
        request,
        "clients/simple_form.html",
        _client_context(request, client, "overview", form=form, title=title),
    )


@require_POST
def dependant_delete(request, ref, pk):
    client = client_for(request.user, ref, purpose=Purpose.EDIT)
    services.soft_delete(record=get_object_or_404(client.dependants, pk=pk), by=request.user)
    messages.success(
        request, _("Household member removed. It can be restored from Deleted records.")
    )
    return redirect(client)


@require_http_methods(["GET", "POST"])
def consent_create(request, ref):
    client = client_for(request.user, ref, purpose=Purpose.EDIT)
    form = ConsentForm(request.POST or None, initial={"kind": Consent.Kind.REFERRAL_SHARING})
    if request.method == "POST" and form.is_valid():
        services.consent_record(client=client, by=request.user, **form.cleaned_data)
        messages.success(request, _("Consent recorded."))
        return redirect(client)
    return render(
        request,
        "clients/simple_form.html",
        _client_context(request, client, "overview", form=form, title=_("Record consent")),
    )


@require_http_methods(["GET", "POST"])
def client_notes(request, ref):
    client = client_for(request.user, ref, purpose=_purpose(request))
    kinds = note_kinds_for(request.user, client)
    form = CaseNoteForm(request.POST or None, kinds=kinds)
    if request.method == "POST" and form.is_valid():
        services.note_create(client=client, author=request.user, **form.cleaned_data)
        messages.success(request, _("Note saved."))
        return redirect("clients:notes", ref=client.reference)
    page = Paginator(notes_visible_to(request.user, client), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "clients/client_notes.html",
        _client_context(request, client, "notes", form=form, page=page),
    )


@require_http_methods(["GET", "POST"])
def note_edit(request, ref, pk):
    client = client_for(request.user, ref, purpose=Purpose.EDIT)
    note = get_object_or_404(notes_visible_to(request.user, client), pk=pk)
    if not can_edit_note(request.user, note):
        raise Http404
    form = CaseNoteEditForm(request.POST or None, instance=note)
    if request.method == "POST" and form.is_valid():
        try:
            services.note_update(
                note=note, body=form.cleaned_data["body"], version=form.cleaned_data["version"]
            )
        except EditConflict as conflict:  # saved by someone else a moment ago
            form.conflict(conflict, changes_since(note, form.cleaned_data["version"]))
        else:
            messages.success(request, _("Note saved."))
            return redirect("clients:notes", ref=client.reference)
    return render(
        request,
        "clients/simple_form.html",
        _client_context(request, client, "notes", form=form, title=_("Edit note")),
    )


@require_http_methods(["GET", "POST"])
def client_documents(request, ref):
    client = client_for(request.user, ref, purpose=_purpose(request))
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        services.document_upload(
            client=client,
            by=request.user,
            upload=form.cleaned_data["file"],
            category=form.cleaned_data["category"],
            title=form.cleaned_data["title"],
            content_type=form.content_type,
        )
        messages.success(request, _("Document uploaded."))
        return redirect("clients:documents", ref=client.reference)
    documents = client.documents.select_related("uploaded_by")
    return render(
        request,
        "clients/client_documents.html",
        _client_context(request, client, "documents", form=form, documents=documents),
    )


@require_GET
def document_download(request, ref, pk):
    client = client_for(request.user, ref)
    document = get_object_or_404(client.documents, pk=pk)
    record_access(client, what="download", obj=document)
    try:
        handle = document.file.open("rb")
    except FileNotFoundError:
        raise Http404("The stored file is missing.") from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=document.original_name,
        content_type=document.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


PENDING_TABS: dict = {}


@require_GET
def client_tab_pending(request, ref, tab):
    """Tabs that later work fills; they say so plainly rather than pretend."""
    client = client_for(request.user, ref)
    title, text = PENDING_TABS[tab]
    return render(
        request,
        "clients/client_tab_pending.html",
        _client_context(request, client, tab, title=title, text=text),
    )


@require_GET
def client_history(request, ref):
    """The client's audit trail: every change and every look (supervisors)."""
    client = client_for(request.user, ref)
    if not can_read_history(request.user):
        raise Http404
    page = Paginator(client_history_entries(client), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "clients/client_history.html",
        _client_context(request, client, "history", page=page),
    )


@require_GET
def staff_activity(request, pk):
    """What one member of staff looked at and changed (their supervisors)."""
    person = get_object_or_404(staff_visible_to(request.user), pk=pk)
    page = Paginator(staff_activity_entries(person), 50).get_page(request.GET.get("page"))
    return render(request, "clients/staff_activity.html", {"person": person, "page": page})
