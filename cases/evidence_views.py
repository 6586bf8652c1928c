"""The evidence bundle pages of a claim. Client data only through clients.access.

Reading the bundle and downloading its PDF need VIEW (outside counsel with a grant too:
the bundle is what they came for); tagging, untagging and reordering need EDIT.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from clients.access import Purpose, client_for, is_counsel_only
from clients.audit import record_access
from clients.forms import errors_to_form
from clients.models import Client

from . import evidence
from .models import EvidenceItem
from .views import _form_page, _tab

TITLE_MAX = 150


def _item_of(client: Client, pk: int) -> EvidenceItem:
    return get_object_or_404(
        EvidenceItem.objects.select_related("claim__client", "document"),
        claim__client=client,
        document__deleted_at__isnull=True,
        pk=pk,
    )


def _to_list(item_or_claim) -> HttpResponse:
    return redirect(item_or_claim.get_absolute_url())


@require_GET
def evidence_list(request, ref, pk):
    client = client_for(request.user, ref)
    claim = get_object_or_404(client.claims, pk=pk)
    items = list(evidence.evidence_of(claim))
    for item in items:
        item.included = evidence.can_include(item.document)
    return render(
        request,
        "cases/evidence_list.html",
        _tab(
            request,
            client,
            "claim",
            claim=claim,
            items=items,
            # Mirrors client_for: outside counsel read (and download) but do not edit.
            can_edit=not is_counsel_only(request.user),
            title_max=TITLE_MAX,
        ),
    )


@require_http_methods(["GET", "POST"])
def evidence_add(request, ref, pk):
    client = client_for(request.user, ref, purpose=Purpose.EDIT)
    claim = get_object_or_404(client.claims, pk=pk)
    form = evidence.EvidenceTagForm(request.POST or None, claim=claim)
    if request.method == "POST" and form.is_valid():
        try:
            evidence.evidence_tag(claim=claim, by=request.user, **_fields(form))
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, _("Added to the bundle."))
            return redirect("cases:evidence_list", ref=client.reference, pk=claim.pk)
    cancel = reverse("cases:evidence_list", args=[client.reference, claim.pk])
    return _form_page(request, client, "claim", form, _("Add a document to the bundle"), cancel)


def _fields(form) -> dict:
    """The form's fields for the service; the version is the form's own business."""
    return {name: value for name, value in form.cleaned_data.items() if name != "version"}


@require_http_methods(["GET", "POST"])
def evidence_edit(request, ref, pk):
    client = client_for(request.user, ref, purpose=Purpose.EDIT)
    item = _item_of(client, pk)
    form = evidence.EvidenceItemForm(request.POST or None, instance=item, claim=item.claim)
    if request.method == "POST" and form.is_valid():
        try:
            evidence.evidence_update(item=item, **_fields(form))
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, _("Saved."))
            return _to_list(item)
    title = _("Bundle entry: %(title)s") % {"title": item.document.title}
    return _form_page(request, client, "claim", form, title, item.get_absolute_url())


@require_POST
def evidence_remove(request, ref, pk):
    client = client_for(request.user, ref, purpose=Purpose.EDIT)
    item = _item_of(client, pk)
    evidence.evidence_untag(item=item)
    messages.success(
        request,
        _("Taken out of the bundle: %(title)s. The document stays in the client's file.")
        % {"title": item.document.title},
    )
    return _to_list(item)


@require_POST
def evidence_move(request, ref, pk):
    client = client_for(request.user, ref, purpose=Purpose.EDIT)
    item = _item_of(client, pk)
    direction = request.POST.get("direction")
    if direction not in ("up", "down"):
        messages.error(request, _("Move it up or down."))
    elif not evidence.evidence_move(item=item, direction=direction):
        messages.info(request, _("It is already at that end of the bundle."))
    return _to_list(item)


@require_GET
def evidence_bundle(request, ref, pk):
    client = client_for(request.user, ref)
    claim = get_object_or_404(client.claims.select_related("client"), pk=pk)
    record_access(client, what="evidence bundle", obj=claim)
    built = evidence.evidence_bundle(claim=claim, title=request.GET.get("title", "")[:TITLE_MAX])
    response = HttpResponse(built.pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=evidence.bundle_filename(claim)
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
