"""Settings shared by every environment.

Every knob is an environment variable read here through one ``environ.Env``; the
local, test and production modules only change defaults and refuse unsafe values.
Each variable is listed in ``.env.example`` and the README.
"""

from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
# A developer's .env file, when present; real deployments set the environment itself.
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "django_countries",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "auditlog",
    "accounts",
    "clients",
    "cases",
    "referrals",
    "supervision",
]

MIDDLEWARE = [
    # First, so its duration covers every other layer (off with DJANGO_REQUEST_LOG=false).
    "justicecentre.request_log.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After authentication: a signed-in person's own language choice wins over the browser's.
    "accounts.middleware_language.UserLanguageMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "accounts.middleware.IdleTimeoutMiddleware",
    "accounts.middleware.TwoFactorRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "justicecentre.urls"
WSGI_APPLICATION = "justicecentre.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
                "accounts.context_processors.roles",
                "cases.context_processors.deadlines",
            ],
        },
    },
]

# Django's renderer, except <select>s are written in Python (justicecentre/forms.py).
FORM_RENDERER = "justicecentre.forms.FormRenderer"

# SQLite is the embedded default so `make run` needs nothing installed; production and
# the test suite use PostgreSQL through DATABASE_URL.
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # The covering indexes' INCLUDE columns are PostgreSQL's; SQLite builds the same
    # indexes without them, which is all `make run` needs.
    SILENCED_SYSTEM_CHECKS = ["models.W040"]
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=0)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "accounts:login"

AUTHENTICATION_BACKENDS = [
    # First, so a locked-out account is refused before its password is even checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Sign-in protection. Two-factor (TOTP) is required of every account; the lockout counts
# failures per username and address in the database, so it holds across app servers.
TWO_FACTOR_REQUIRED = env.bool("TWO_FACTOR_REQUIRED", default=True)
# Only local settings may turn this on: the demo-* accounts then skip enrolment.
TWO_FACTOR_DEMO_BYPASS = False
OTP_TOTP_ISSUER = env.str("OTP_TOTP_ISSUER", default="Justice Centre casework")
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.25)  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
# Years after closure before a client's identifying data is removed (manage.py apply_retention).
RETENTION_YEARS = env.int("RETENTION_YEARS", default=7)
# Hours an emergency ("break the glass") access to a client outside one's scope lasts.
BREAK_GLASS_HOURS = env.int("BREAK_GLASS_HOURS", default=8)
# Minutes without a request after which a signed-in session ends.
IDLE_TIMEOUT_MINUTES = env.int("IDLE_TIMEOUT_MINUTES", default=30)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Sessions live in the database so any app server can serve any request.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_AGE = env.int("DJANGO_SESSION_COOKIE_AGE", default=60 * 60 * 8)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("zh-hant", _("Traditional Chinese"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Hong Kong conventions (day before month, Sunday first) for both languages.
FORMAT_MODULE_PATH = "justicecentre.formats"
TIME_ZONE = "Asia/Hong_Kong"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env.path("DJANGO_STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]

# Uploaded client documents never sit under a public URL: they are served only by an
# access-checked view. Local disk by default; object storage in production via STORAGES.
DOCUMENT_ROOT = env.path("DJANGO_DOCUMENT_ROOT", default=BASE_DIR / "var" / "documents")
MEDIA_ROOT = DOCUMENT_ROOT
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(DOCUMENT_ROOT), "base_url": "/documents-not-public/"},
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# "s3": any S3-compatible object store through django-storages, so several app servers
# share the documents without a network disk. The bucket must not be public: downloads
# still go through the access-checked view, which streams the file from the bucket.
DOCUMENT_STORAGE = env.str("DOCUMENT_STORAGE", default="local")
if DOCUMENT_STORAGE == "s3":
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env.str("DOCUMENT_S3_BUCKET"),
            "location": env.str("DOCUMENT_S3_PREFIX", default="documents"),
            "endpoint_url": env.str("DOCUMENT_S3_ENDPOINT_URL", default="") or None,
            "region_name": env.str("DOCUMENT_S3_REGION", default="") or None,
            # Empty keys: boto3 finds credentials itself (instance role, AWS_* variables).
            "access_key": env.str("DOCUMENT_S3_ACCESS_KEY_ID", default="") or None,
            "secret_key": env.str("DOCUMENT_S3_SECRET_ACCESS_KEY", default="") or None,
            "default_acl": None,  # the bucket's own (private) policy applies
            "file_overwrite": False,
            "querystring_auth": True,
        },
    }
elif DOCUMENT_STORAGE != "local":
    raise ImproperlyConfigured("DOCUMENT_STORAGE must be 'local' or 's3'.")
DOCUMENT_MAX_BYTES = env.int("DOCUMENT_MAX_BYTES", default=20 * 1024 * 1024)
# Django refuses bigger request bodies before our own check can speak; keep room above
# the document limit so the form can say "too large" clearly.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Outgoing email (Django 6.1 MAILERS), configured by one URL: smtp+tls://user:pass@host:587
# for SMTP, consolemail:// to print, or dummymail:// to drop.
_email = env.email_url("EMAIL_URL", default="smtp://localhost:25")
_smtp_options = {
    "host": _email["EMAIL_HOST"],
    "port": _email["EMAIL_PORT"],
    "username": _email["EMAIL_HOST_USER"] or "",
    "password": _email["EMAIL_HOST_PASSWORD"] or "",
    "use_tls": _email.get("EMAIL_USE_TLS", False),
    "use_ssl": _email.get("EMAIL_USE_SSL", False),
    "timeout": 20,
}
MAILERS = {
    "default": {
        "BACKEND": _email["EMAIL_BACKEND"],
        "OPTIONS": _smtp_options if _email["EMAIL_BACKEND"].endswith("smtp.EmailBackend") else {},
    }
}
DEFAULT_FROM_EMAIL = env.str("DJANGO_DEFAULT_FROM_EMAIL", default="casework@localhost")

# Content-Security-Policy: our own files only; no inline scripts, no third parties.
from django.utils.csp import CSP  # noqa: E402

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# The audit trail keeps field changes as JSON and is never shown in the admin.
AUDITLOG_STORE_JSON_CHANGES = True
AUDITLOG_INCLUDE_ALL_MODELS = False

# Referrals: a sent referral with no answer after this many days shows as overdue.
REFERRAL_ANSWER_DAYS = env.int("REFERRAL_ANSWER_DAYS", default=14)

# Demo data: the password the demo staff accounts get (else one is generated).
DEMO_PASSWORD = env.str("DEMO_PASSWORD", default="")

# Nothing in the app caches shared state today (sessions, sign-in lockouts and locks live
# in PostgreSQL), so a per-process cache is safe with several app servers. A shared cache,
# should something need one: CACHE_URL=dbcache://django_cache (then `createcachetable`),
# or redis://... with a Redis client installed.
CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://")}

# `make bench` only: serves /benchmark/baseline/, a tiny page to compare the others with.
BENCHMARK_BASELINE = env.bool("BENCHMARK_BASELINE", default=False)

# Logs go to stderr: "plain" for a terminal, "json" (one object a line) for a log shipper.
LOG_FORMAT = env.str("DJANGO_LOG_FORMAT", default="plain")
# One line per request (method, path without query string, status, ms, user, request id).
REQUEST_LOG = env.bool("DJANGO_REQUEST_LOG", default=True)
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "justicecentre.logging.JsonFormatter"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="INFO")},
    # django-axes logs every sign-in at INFO; failures and lockouts are WARNING.
    "loggers": {"axes": {"level": "WARNING"}},
}
