from django.utils.functional import SimpleLazyObject

from .notifications.selectors import unread_count
from .selectors import overdue_count


def deadlines(request) -> dict:
    """The overdue count for the navigation badge: one COUNT query, and only when a
    template shows it. A view that already knows the number (the dashboard) passes
    `overdue_deadline_count` itself, which wins over this."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    # Registered through this processor so settings need no new entry.
    context = notifications(request)
    if user.does_casework:
        context["overdue_deadline_count"] = SimpleLazyObject(lambda: overdue_count(user))
    return context


def notifications(request) -> dict:
    """The unread notifications count for the navigation badge: one COUNT query, and
    only when a template shows it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notification_count": SimpleLazyObject(lambda: unread_count(user))}
