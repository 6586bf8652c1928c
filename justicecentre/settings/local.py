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
