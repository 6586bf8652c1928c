"""The audit trail: who changed or looked at which client's data, when, and from where.

Changes are recorded by django-auditlog (field-level before/after) for every model
registered in `register_client_models`; looks are recorded here with `record_access`.
Entries hang off their client through `additional_data["client_id"]`, so a client's
history tab finds the changes to its notes, documents and assignments too.
The trail is append-only: no page edits or deletes it, and the admin does not list it.
"""

from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.db.models import QuerySet

from accounts.models import User

from .models import Client


def register_client_models() -> None:
    from .models import CaseNote, ClientAlias, ClientAssignment, Consent, Dependant, Document

    auditlog.register(Client, m2m_fields={"vulnerabilities"})
    for model in (ClientAlias, Dependant, ClientAssignment, Consent, CaseNote, Document):
        auditlog.register(model)


def record_access(client: Client, *, what: str, obj=None) -> LogEntry:
    """Log a look at client data (a page, a download, an export). The actor and address
    come from AuditlogMiddleware's context for the current request."""
    return LogEntry.objects.log_create(
        obj or client,
        action=LogEntry.Action.ACCESS,
        force_log=True,
        changes=None,
        additional_data={"client_id": client.pk, "what": what},
    )


def client_history(client: Client) -> QuerySet[LogEntry]:
    return (
        LogEntry.objects.filter(additional_data__client_id=client.pk)
        .select_related("actor", "content_type")
        .order_by("-timestamp", "-pk")
    )


def staff_activity(user: User) -> QuerySet[LogEntry]:
    return (
        LogEntry.objects.filter(actor=user)
        .select_related("content_type")
        .order_by("-timestamp", "-pk")
    )
