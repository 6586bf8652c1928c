from django.utils.functional import SimpleLazyObject

from .selectors import overdue_count


def deadlines(request) -> dict:
    """The overdue count for the navigation badge: one COUNT query, and only when a
    template shows it. A view that already knows the number (the dashboard) passes
    `overdue_deadline_count` itself, which wins over this."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.does_casework:
        return {}
    return {"overdue_deadline_count": SimpleLazyObject(lambda: overdue_count(user))}
