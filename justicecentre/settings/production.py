"""Production: every secret comes from the environment and a missing one stops start-up."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import LOGGING, SECRET_KEY, env

if not SECRET_KEY:
    raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set in production.")
if "DATABASE_URL" not in env:
    raise ImproperlyConfigured("DATABASE_URL must point at PostgreSQL in production.")

if env.bool("TWO_FACTOR_DEMO_BYPASS", default=False) or not env.bool(
    "TWO_FACTOR_REQUIRED", default=True
):
    raise ImproperlyConfigured("Production requires two-factor sign-in for every account.")
TWO_FACTOR_DEMO_BYPASS = False
TWO_FACTOR_REQUIRED = True

DEBUG = False
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env.bool("DJANGO_SECURE_HSTS_PRELOAD", default=False)
# Preloading is hard to undo and depends on the centre's whole domain; the operator opts
# in with DJANGO_SECURE_HSTS_PRELOAD, so its check is silenced until then.
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True

# One JSON object per log line, request lines included, for the log collector.
LOG_FORMAT = env.str("DJANGO_LOG_FORMAT", default="json")
LOGGING["handlers"]["console"]["formatter"] = LOG_FORMAT
