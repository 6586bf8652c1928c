from django.db.models import QuerySet

from accounts.models import User

from .models import Notification


def notifications_for(user: User) -> QuerySet[Notification]:
    """A person's own notifications, unread first, newest first."""
    return (
        Notification.objects.filter(recipient=user)
        .select_related("client")
        .order_by("read_at", "-created_at", "-pk")
    )


def unread_count(user: User) -> int:
    """For the navigation badge: one COUNT query."""
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()
