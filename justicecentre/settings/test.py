"""The test suite: PostgreSQL through DATABASE_URL (`make test` starts one)."""

from .base import *  # noqa: F403
from .base import BASE_DIR, env

DEBUG = False
SECRET_KEY = "test-only-not-secret"  # noqa: S105
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
DOCUMENT_ROOT = env.path("DJANGO_DOCUMENT_ROOT", default=BASE_DIR / "var" / "test-documents")
STORAGES["default"]["OPTIONS"]["location"] = str(DOCUMENT_ROOT)  # noqa: F405

# Serve static files from the app folders; nothing is collected in development or tests.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True

# Most tests sign in with force_login; the two-factor tests turn enforcement on.
TWO_FACTOR_REQUIRED = False
