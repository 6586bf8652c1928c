"""One structured log line per request: method, path, status, duration, user and request id.

The path is logged without its query string: searches put client names there. The
request id is the proxy's ``X-Request-ID`` when it sends a sane one (so the proxy's log
and ours can be joined), a fresh one otherwise, and goes back in the response header.
"""

import logging
import re
import time
import uuid
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import MiddlewareNotUsed
from django.http import HttpRequest, HttpResponse
from django.utils.functional import empty

logger = logging.getLogger("justicecentre.requests")

REQUEST_ID_HEADER = "X-Request-ID"
_SANE_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")


def _user_id(request: HttpRequest) -> int | None:
    """The signed-in user's id, without a query of its own: only if the request loaded it."""
    user = getattr(request, "user", None)
    if user is None or getattr(user, "_wrapped", None) is empty:
        return None
    return user.pk if user.is_authenticated else None


class RequestLogMiddleware:
    """Outermost middleware, so the duration covers every other layer."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        if not settings.REQUEST_LOG:
            raise MiddlewareNotUsed
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        given = request.headers.get(REQUEST_ID_HEADER, "")
        request.request_id = given if _SANE_ID.fullmatch(given) else uuid.uuid4().hex
        started = time.perf_counter()
        response = self.get_response(request)
        duration_ms = round((time.perf_counter() - started) * 1000, 1)
        response[REQUEST_ID_HEADER] = request.request_id
        user_id = _user_id(request)
        logger.info(
            "%s %s %s %.1fms",
            request.method,
            request.path,
            response.status_code,
            duration_ms,
            extra={
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "duration_ms": duration_ms,
                "user_id": user_id,
                "request_id": request.request_id,
            },
        )
        return response
