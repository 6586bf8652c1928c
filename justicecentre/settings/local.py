"""Development on one machine: `make run`. DEBUG on, console email, SQLite by default."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="local-development-only-not-secret")
if "EMAIL_URL" not in env:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}

# Serve static files from the app folders; nothing is collected in development or tests.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True

# Lets the demo-* accounts skip two-factor enrolment so a newcomer can look around after
# `make run`. Only this module may turn it on; production refuses it.
TWO_FACTOR_DEMO_BYPASS = env.bool("TWO_FACTOR_DEMO_BYPASS", default=True)
