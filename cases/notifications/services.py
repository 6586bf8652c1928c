"""Tell staff something: an in-app notification each, and an email that says only that
there is one. Mailboxes are less safe than the app, so the email carries at most the
client's reference: never a name, never clinical detail.

    notify(recipients=supervisors, client=client, kind=Notification.Kind.RISK_FLAG,
           text="JC-2026-00042 flagged at risk ...", url=client_url)
"""

import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from clients.models import Client

from .models import Notification

logger = logging.getLogger(__name__)


@transaction.atomic
def notify(
    *,
    recipients: Iterable[User],
    client: Client | None,
    kind: str,
    text: str,
    url: str = "",
    email: bool = True,
) -> list[Notification]:
    """One notification per active recipient (duplicates dropped); emails go out only once
    the transaction commits, so a rolled-back change tells nobody."""
    people = list({u.pk: u for u in recipients if u.is_active}.values())
    rows = [
        Notification(recipient=u, client=client, kind=kind, text=text[:500], url=url[:300])
        for u in people
    ]
    for row in rows:
        row.full_clean(exclude=["recipient", "client"])
    Notification.objects.bulk_create(rows)
    if email:
        addresses = [u.email for u in people if u.email]
        reference = client.reference if client is not None else ""
        transaction.on_commit(lambda: _send(addresses, reference))
    return rows


def _send(addresses: list[str], reference: str) -> None:
    about = f" about client {reference}" if reference else ""
    subject = f"[Justice Centre] New notification{about}"
    body = (
        f"You have a new notification{about} in Justice Centre casework.\n\n"
        "Sign in and open Notifications (/notifications/) to read it.\n"
        "This email carries no client details on purpose."
    )
    for address in addresses:
        try:
            send_mail(
                subject=subject,
                message=body,
                from_email=settings.DEFAULT_FROM_EMAIL,
                recipient_list=[address],
            )
        except Exception:
            # The in-app notification is there either way; a mail outage is logged.
            logger.exception("Could not email a notification to %s", address)


@transaction.atomic
def notification_mark_read(*, notification: Notification) -> Notification:
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


@transaction.atomic
def notifications_mark_all_read(*, user: User) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
