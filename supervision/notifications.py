"""Telling a worker that something about their caseload changed.

Email names clients by reference only: mailboxes are less safe than the app. The in-app
notification goes through the cases app's `notify` service once it exists.
"""

import contextvars
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User

logger = logging.getLogger(__name__)


def notify_in_app(*, user: User, subject: str, url: str) -> None:
    """The in-app notification, through the cases app's notification service.

    Its own email is turned off: `notify_worker` sends one email that says what happened
    (by reference only), rather than two.
    """
    try:
        from cases.notifications.models import Notification
        from cases.notifications.services import notify
    except ImportError:  # the notification module is not installed
        return
    notify(
        recipients=[user],
        client=None,
        kind=Notification.Kind.OTHER,
        text=subject,
        url=url,
        email=False,
    )


def notify_worker(*, user: User, subject: str, lines: list[str], url: str = "") -> None:
    """Tell `user` in the app and by email. `lines` must carry references, never names."""
    notify_in_app(user=user, subject=subject, url=url)
    if not user.email or not user.is_active:
        return
    body = [f"Dear {user.get_short_name()},", "", *lines, ""]
    body.append("This email names clients by reference only.")
    try:
        send_mail(
            subject=subject,
            message="\n".join(body),
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[user.email],
        )
    except OSError:
        # A mail server being down must not undo a reassignment or a closure decision:
        # the in-app notice and the page itself still tell the worker.
        logger.exception("Could not email %s about %s", user.pk, subject)


# Services that move many clients at once send one summary instead of one notice each.
_held = contextvars.ContextVar("supervision_assignment_notices_held", default=False)


@contextmanager
def assignment_notices_held() -> Iterator[None]:
    token = _held.set(True)
    try:
        yield
    finally:
        _held.reset(token)


def assignment_notices_are_held() -> bool:
    return _held.get()


def tell_about_assignment(assignment) -> None:
    """A new assignment made by someone else: the worker hears of it once it is saved."""
    client = assignment.client
    transaction.on_commit(
        partial(
            notify_worker,
            user=assignment.worker,
            subject=_("Client assigned to you: %(ref)s") % {"ref": client.reference},
            lines=[
                _("%(ref)s is on your caseload as %(role)s.")
                % {"ref": client.reference, "role": assignment.get_role_display().lower()}
            ],
            url=client.get_absolute_url(),
        )
    )
