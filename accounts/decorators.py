from functools import wraps

from django.core.exceptions import PermissionDenied


def casework_required(view):
    """Pages about clients in general (list, intake) need a casework role.

    This is a role check, so it answers 403; whether one *record* exists is the access
    policy's question and answers 404.
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.does_casework:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def client_reader_required(view):
    """The client list: casework roles, and outside counsel (who see their grants only)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not (request.user.does_casework or request.user.is_outside_counsel):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper
