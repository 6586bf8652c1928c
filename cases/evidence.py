"""The evidence bundle of a claim: which documents, for which ground or issue, in what order.

Selectors and services for `EvidenceItem`, the forms that tag a document, and the glue
that turns the tagged documents into the PDF of `cases.bundle`. Every write locks the
claim, so two people reordering the same bundle take turns rather than mix positions.
"""

import datetime
from typing import Literal

from django import forms
from django.db import transaction
from django.db.models import Max, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from clients.concurrency import VersionedForm
from clients.forms import DateInput, not_in_future
from clients.models import Document

from . import bundle
from .forms import plausible
from .models import ClaimGround, EvidenceItem, ProtectionClaim

# -- selectors ---------------------------------------------------------------------------


def evidence_of(claim: ProtectionClaim) -> QuerySet[EvidenceItem]:
    """The claim's bundle, in the caseworker's order. A document deleted from the client's
    file drops out (the join does not apply Document's live manager, so this says so); if
    it is restored, it comes back in its place."""
    return (
        claim.evidence.filter(document__deleted_at__isnull=True)
        .select_related("document")
        .order_by("position", "pk")
    )


def taggable_documents(claim: ProtectionClaim) -> QuerySet[Document]:
    """The client's documents not yet in this claim's bundle."""
    return (
        Document.objects.filter(client_id=claim.client_id)
        .exclude(evidence_items__claim=claim)
        .order_by("-uploaded_at", "-pk")
    )


def can_include(document: Document) -> bool:
    """Whether the bundle can carry the file itself (PDF or image), not just its index line."""
    return bundle.can_include(document.content_type)


# -- services ----------------------------------------------------------------------------


def _lock(claim: ProtectionClaim) -> None:
    ProtectionClaim.objects.select_for_update().only("pk").get(pk=claim.pk)


def _renumber(claim: ProtectionClaim) -> None:
    """Positions 1..n with no gaps, saved one by one so the audit trail shows each move."""
    for position, item in enumerate(claim.evidence.order_by("position", "pk"), start=1):
        if item.position != position:
            item.position = position
            item.save(update_fields=["position"])


@transaction.atomic
def evidence_tag(
    *,
    claim: ProtectionClaim,
    document: Document,
    ground: str,
    issue: str,
    date: datetime.date | None,
    notes: str,
    by: User,
) -> EvidenceItem:
    """Put a document in the claim's bundle, last."""
    _lock(claim)
    last = claim.evidence.aggregate(last=Max("position"))["last"] or 0
    item = EvidenceItem(
        claim=claim,
        document=document,
        ground=ground,
        issue=issue.strip(),
        date=date,
        notes=notes,
        position=last + 1,
        added_by=by,
    )
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def evidence_update(
    *, item: EvidenceItem, ground: str, issue: str, date: datetime.date | None, notes: str
) -> EvidenceItem:
    item.ground = ground
    item.issue = issue.strip()
    item.date = date
    item.notes = notes
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def evidence_untag(*, item: EvidenceItem) -> None:
    """Take a document out of the bundle (the document itself stays in the client's file)."""
    claim = item.claim
    _lock(claim)
    item.delete()
    _renumber(claim)


@transaction.atomic
def evidence_move(*, item: EvidenceItem, direction: Literal["up", "down"]) -> bool:
    """Swap the item with its neighbour. False when it is already first (or last)."""
    claim = item.claim
    _lock(claim)
    _renumber(claim)
    items = list(evidence_of(claim))
    index = next(i for i, other in enumerate(items) if other.pk == item.pk)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(items):
        return False
    mine, theirs = items[index], items[other]
    mine.position, theirs.position = theirs.position, mine.position
    for moved in (mine, theirs):
        moved.full_clean()
        moved.save(update_fields=["position"])
    return True


# -- the PDF -----------------------------------------------------------------------------


def _read(document: Document) -> bytes | None:
    try:
        with document.file.open("rb") as handle:
            return handle.read()
    except OSError:  # missing from storage: listed as not included, not a 500
        return None


def bundle_heading(title: str) -> str:
    return title.strip() or _("Evidence bundle")


def evidence_bundle(*, claim: ProtectionClaim, title: str = "") -> bundle.Bundle:
    """The claim's bundle as a PDF, identified by the client reference and claim number.

    The client's name is left out on purpose: the reference and the Immigration
    Department's claim number identify the claim to the Board or the court, and a bundle
    travels (email, print, counsel's chambers) where a name on every copy is a risk.
    """
    documents = [
        bundle.BundleDocument(
            title=item.document.title,
            date=item.date,
            topic=item.topic,
            content_type=item.document.content_type,
            data=_read(item.document) if can_include(item.document) else None,
        )
        for item in evidence_of(claim)
    ]
    details = [
        (_("Client reference"), claim.client.reference),
        (_("Claim number"), claim.claim_number or _("no number yet")),
    ]
    return bundle.build_bundle(
        heading=bundle_heading(title),
        details=details,
        documents=documents,
        prepared_on=timezone.localdate(),
    )


def bundle_filename(claim: ProtectionClaim) -> str:
    # The reference only: a file name is seen by everyone the file passes through.
    return f"evidence-bundle-{claim.client.reference}-claim-{claim.pk}.pdf"


# -- forms -------------------------------------------------------------------------------


class EvidenceItemForm(VersionedForm):
    """The ground or issue a document supports, its date and notes."""

    class Meta:
        model = EvidenceItem
        fields = ["ground", "issue", "date", "notes"]
        widgets = {"date": DateInput(), "notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, claim: ProtectionClaim, **kwargs):
        super().__init__(*args, **kwargs)
        raised = [g for g in ClaimGround if getattr(claim, f"ground_{g.value}")]
        self.fields["ground"].choices = [("", "---------"), *((g.value, g.label) for g in raised)]
        self.fields["ground"].help_text = gettext_lazy("Only the grounds this claim raises.")
        self.fields["date"].validators += [plausible, not_in_future]


class DocumentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Document) -> str:
        label = f"{obj.title} ({obj.get_category_display()}, {obj.original_name})"
        if not can_include(obj):
            label += " " + _("(cannot go in the PDF: convert it to PDF first)")
        return label


class EvidenceTagForm(EvidenceItemForm):
    document = DocumentChoiceField(
        queryset=Document.objects.none(),
        label=gettext_lazy("Document"),
        help_text=gettext_lazy("From the client's documents. Upload it there first."),
    )

    class Meta(EvidenceItemForm.Meta):
        fields = ["document", "ground", "issue", "date", "notes"]

    def __init__(self, *args, claim: ProtectionClaim, **kwargs):
        super().__init__(*args, claim=claim, **kwargs)
        self.fields["document"].queryset = taggable_documents(claim)
