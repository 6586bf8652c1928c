"""Deleted by mistake: soft delete, restore, and purge (admins only).

Deleting a note, document, alias or household member only marks it; anyone who may edit the
client can restore it from the client's Deleted records page. Only the Admin role purges,
from a list that shows what kind of record it was and when, never its content.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from . import services
from .access import Purpose, can_edit_note, client_for, notes_visible_to
from .models import CaseNote, ClientAlias, Dependant, Document

KINDS = {"note": CaseNote, "document": Document, "alias": ClientAlias, "household": Dependant}


def _kind(kind: str):
    try:
        return KINDS[kind]
    except KeyError:
        raise Http404 from None


@require_POST
def note_delete(request, ref, pk):
    client = client_for(request.user, ref, purpose=Purpose.EDIT)
    note = get_object_or_404(notes_visible_to(request.user, client), pk=pk)
    if not can_edit_note(request.user, note):
        raise Http404
    services.soft_delete(record=note, by=request.user)
    messages.success(request, _("Note deleted. It can be restored from Deleted records."))
    return redirect("clients:notes", ref=client.reference)


@require_POST
def document_delete(request, ref, pk):
    """The uploader, or a supervisor, deletes a document uploaded by mistake."""
    client = client_for(request.user, ref, purpose=Purpose.EDIT)
    document = get_object_or_404(client.documents, pk=pk)
    if document.uploaded_by_id != request.user.pk and not request.user.is_supervisor:
        raise Http404
    services.soft_delete(record=document, by=request.user)
    messages.success(request, _("Document deleted. It can be restored from Deleted records."))
    return redirect("clients:documents", ref=client.reference)


def _deleted(model, client, user):
    if model is CaseNote:  # the same need-to-know rule as the notes tab
        return notes_visible_to(user, client, deleted=True).select_related("deleted_by")
    return model.all_objects.filter(client=client, deleted_at__isnull=False).select_related(
        "deleted_by"
    )


@require_GET
def client_deleted(request, ref):
    client = client_for(request.user, ref, purpose=Purpose.EDIT)
    sections = [
        (kind, model._meta.verbose_name_plural, _deleted(model, client, request.user))
        for kind, model in KINDS.items()
    ]
    return render(
        request,
        "clients/client_deleted.html",
        {"client": client, "tab": "overview", "sections": sections},
    )


@require_POST
def record_restore(request, ref, kind, pk):
    client = client_for(request.user, ref, purpose=Purpose.EDIT)
    record = get_object_or_404(_deleted(_kind(kind), client, request.user), pk=pk)
    services.restore(record=record)
    messages.success(request, _("Restored."))
    return redirect("clients:deleted", ref=client.reference)


def _admin_only(user) -> None:
    if not user.is_admin_role:
        raise PermissionDenied


@require_GET
def deleted_records(request):
    """For admins: what was deleted and when, without any content, to purge for good."""
    _admin_only(request.user)
    rows = []
    for kind, model in KINDS.items():
        for record in (
            model.all_objects.filter(deleted_at__isnull=False)
            .select_related("client", "deleted_by")
            .only(
                "pk",
                "deleted_at",
                "deleted_by__full_name",
                "deleted_by__username",
                "client__reference",
            )
        ):
            rows.append((kind, model._meta.verbose_name, record))
    rows.sort(key=lambda row: row[2].deleted_at, reverse=True)
    return render(request, "clients/deleted_records.html", {"rows": rows})


@require_POST
def deleted_record_purge(request, kind, pk):
    _admin_only(request.user)
    record = get_object_or_404(_kind(kind).all_objects.filter(deleted_at__isnull=False), pk=pk)
    if isinstance(record, Document):
        record.file.delete(save=False)
    record.delete()
    messages.success(request, _("Purged for good."))
    return redirect("deleted_records")
