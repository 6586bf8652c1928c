"""Writes about staff access: emergency access and outside-counsel grants."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import AccessGrant, Team, User


def supervisors_of(client) -> list[User]:
    """The supervisors of the teams of everyone working on the client (or its recorder)."""
    workers = list(
        client.assignments.filter(ended_on__isnull=True).values_list("worker_id", flat=True)
    ) or [client.created_by_id]
    return list(
        User.objects.filter(
            is_active=True, supervised_teams__in=Team.objects.filter(members__in=workers)
        ).distinct()
    )


@transaction.atomic
def break_glass(*, user: User, client, reason: str) -> AccessGrant:
    """Open a client outside one's scope for a few hours, with a reason, and tell the
    supervisors. The grant and every look under it are on the audit trail."""
    if not user.does_casework:
        raise ValidationError(_("Only caseworkers and supervisors can use emergency access."))
    if len(reason.strip()) < 20:
        raise ValidationError(
            {"reason": _("Say why, in a sentence or two (20 characters at least).")}
        )
    now = timezone.now()
    grant = AccessGrant(
        user=user,
        client=client,
        kind=AccessGrant.Kind.BREAK_GLASS,
        reason=reason.strip(),
        starts_at=now,
        ends_at=now + datetime.timedelta(hours=settings.BREAK_GLASS_HOURS),
        granted_by=user,
    )
    grant.full_clean()
    grant.save()
    supervisors = [s for s in supervisors_of(client) if s.pk != user.pk]
    from cases.notifications.models import Notification
    from cases.notifications.services import notify

    notify(
        recipients=supervisors,
        client=client,
        kind=Notification.Kind.OTHER,
        text=_("%(user)s opened %(ref)s under emergency access: %(reason)s")
        % {"user": user, "ref": client.reference, "reason": grant.reason},
        url=reverse("clients:history", args=[client.reference]),
        email=False,  # the email below says more, by reference only
    )
    recipients = [s.email for s in supervisors if s.email]
    if recipients:
        # The email names the reference, never the client: mailboxes are not case files.
        send_mail(
            subject=_("Emergency access to %(ref)s") % {"ref": client.reference},
            message=_(
                "%(user)s opened client %(ref)s under emergency access until %(until)s.\n"
                "Reason: %(reason)s\n\nReview: %(url)s"
            )
            % {
                "user": user,
                "ref": client.reference,
                "until": timezone.localtime(grant.ends_at).strftime("%Y-%m-%d %H:%M"),
                "reason": grant.reason,
                "url": reverse("clients:history", args=[client.reference]),
            },
            from_email=None,
            recipient_list=recipients,
        )
    return grant


@transaction.atomic
def counsel_grant(
    *, client, counsel: User, until: datetime.date, reason: str, by: User
) -> AccessGrant:
    if not by.is_supervisor:
        raise ValidationError(_("Only a supervisor can grant outside counsel access."))
    if not counsel.is_active or not counsel.is_outside_counsel:
        raise ValidationError(
            {"counsel": _("Choose an active account with the Outside counsel role.")}
        )
    today = timezone.localdate()
    if until <= today:
        raise ValidationError({"until": _("The end date must be after today.")})
    ends_at = timezone.make_aware(datetime.datetime.combine(until, datetime.time.max))
    grant = AccessGrant(
        user=counsel,
        client=client,
        kind=AccessGrant.Kind.OUTSIDE_COUNSEL,
        reason=reason,
        starts_at=timezone.now(),
        ends_at=ends_at,
        granted_by=by,
    )
    grant.full_clean()
    grant.save()
    return grant


@transaction.atomic
def grant_revoke(*, grant: AccessGrant, by: User) -> AccessGrant:
    if grant.revoked_at is not None:
        raise ValidationError(_("This access was already revoked."))
    grant.revoked_at = timezone.now()
    grant.revoked_by = by
    grant.save(update_fields=["revoked_at", "revoked_by"])
    return grant
