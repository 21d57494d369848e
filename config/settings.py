"""Settings, read from the environment (see .env.example)."""

import datetime
import json
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from xstatic.pkg import bootstrap as xstatic_bootstrap

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off (see .env.example).")
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# The project's apps come first: Django merges translation catalogs giving earlier apps
# priority, and the office's own wording ("查找", not admin's "搜索") must win.
INSTALLED_APPS = [
    "core",
    "residents",
    "requests_app",
    "complaints",
    "reports",
    "callbacks",
    "surveys",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "health_check",
    "axes",
    "csp",
    "huey.contrib.djhuey",
    "dbbackup",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.middleware.OfficeLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Issue 14: a body over UPLOAD_MAX_REQUEST_SIZE is refused before it is read (after the session and
    # user are known, so the refusal page has the navigation; before any view or CSRF reads the body).
    "core.uploads.RequestSizeLimitMiddleware",
    # Reads the form fields: after the size limit above.
    "core.middleware.ControlCharactersMiddleware",
    "core.middleware.PrivatePagesMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Failed-login throttling (django-axes): last, as its documentation asks.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "django.template.context_processors.i18n",
                "core.context_processors.navigation",
            ],
        },
    },
]

# Embedded SQLite under var/ by default; PostgreSQL through DATABASE_URL (psycopg 3).
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}"),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Take the write lock when a transaction starts, so two clerks saving at once
    # queue up instead of failing with "database is locked" half-way.
    DATABASES["default"].setdefault("OPTIONS", {}).update({"transaction_mode": "IMMEDIATE", "timeout": 20})
# Issue 15: on PostgreSQL each worker keeps its connection for a minute instead of opening one per
# request (checked before reuse); CONN_MAX_AGE overrides.
DATABASES["default"]["CONN_MAX_AGE"] = int(
    os.environ.get("CONN_MAX_AGE", "60" if DATABASES["default"]["ENGINE"].endswith("postgresql") else "0")
)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Issue 14: failed logins are throttled per login name and per address (django-axes), on the app's
# login page and the admin's; a manager unlocks from the app (accounts/locked/).
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = datetime.timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "30")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"

# Issue 14, shared front-desk PCs: the session ends when the browser closes, and after a working day
# without activity (core.middleware.PrivatePagesMiddleware renews it on each real request).
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_AGE = 10 * 60 * 60

# Issue 14: a Content-Security-Policy the pages satisfy — no inline scripts or styles anywhere; Bootstrap's
# form controls draw their arrows and ticks from data: images.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "core.passwords.NotContainingLoginValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "start"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# One date and time format in both languages (config/formats): 2026-11-23 14:30.
FORMAT_MODULE_PATH = ["config.formats"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "var" / "staticfiles"
# Bootstrap comes from the xstatic-bootstrap package: no CDN, nothing vendored by hand.
STATICFILES_DIRS = [BASE_DIR / "static", ("bootstrap", xstatic_bootstrap.BASE_DIR)]
# Files the app keeps (attachments on records, prepared downloads): under var/media by default, which is
# git-ignored and never served as static files (downloads go through a view that checks the viewer).
# Any Django storage backend by setting, e.g. S3-compatible object storage through django-storages:
#   MEDIA_STORAGE_BACKEND=storages.backends.s3.S3Storage
#   MEDIA_STORAGE_OPTIONS={"bucket_name": "desk-media", "endpoint_url": "https://s3.example.com", ...}
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "media"))
MEDIA_URL = "/media/"  # never routed: nothing under MEDIA_ROOT is reachable but through the download view
STORAGES = {
    "default": {
        "BACKEND": os.environ.get("MEDIA_STORAGE_BACKEND", "django.core.files.storage.FileSystemStorage"),
        "OPTIONS": json.loads(os.environ.get("MEDIA_STORAGE_OPTIONS") or "{}"),
    },
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# Issue 14: `manage.py backup` / `manage.py restore` (django-dbbackup): the database and MEDIA_ROOT,
# compressed, to BACKUP_DIR (any Django storage through STORAGES["dbbackup"]); the last BACKUP_KEEP kept.
STORAGES["dbbackup"] = {
    "BACKEND": "django.core.files.storage.FileSystemStorage",
    "OPTIONS": {"location": os.environ.get("BACKUP_DIR", str(BASE_DIR / "var" / "backups"))},
}
DBBACKUP_CLEANUP_KEEP = int(os.environ.get("BACKUP_KEEP", "30"))

# List filters start on "全部" (all), not django-filter's "---------".
FILTERS_EMPTY_CHOICE_LABEL = _("All")
# Upload limits (issue 14). Each upload form checks its own limit (attachments: 10 MB each,
# core.attachments.checks.ATTACHMENT_MAX_SIZE) against the file's size before reading it; these two are
# the gates before the form:
# - a request body declared larger than this is answered 413 before a byte is read (core.uploads);
UPLOAD_MAX_REQUEST_SIZE = int(os.environ.get("UPLOAD_MAX_REQUEST_SIZE", 11 * 1024 * 1024))
# - of each file at most this much is kept while it streams in; the rest is counted and dropped, and the
#   form gets the size to refuse it (core.uploads.SizeLimitUploadHandler). At least every form's own limit.
UPLOAD_MAX_FILE_SIZE = int(os.environ.get("UPLOAD_MAX_FILE_SIZE", 10 * 1024 * 1024))
FILE_UPLOAD_HANDLERS = [
    "core.uploads.SizeLimitUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
# A file over 2.5 MB streams to a temporary file (deleted when the request ends), not into memory; the
# form fields besides files are limited to 2.5 MB together (Django's defaults, named here on purpose).
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_PERMISSIONS = 0o640

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "service-desk@localhost")
# Where the office reaches the app, for links in e-mails and group-chat messages (e.g. http://10.0.0.5:8000).
SITE_URL = os.environ.get("SITE_URL", "")
# The address printed in the survey forms' QR codes (residents' phones open it from outside the office);
# empty: the site's address, else the address the print page was opened at.
SURVEY_PUBLIC_URL = os.environ.get("SURVEY_PUBLIC_URL", "") or SITE_URL
# Desks, boards and the notification badge refresh themselves this often (htmx polling).
LIVE_REFRESH_SECONDS = int(os.environ.get("LIVE_REFRESH_SECONDS", "30"))
# How notices leave the app besides the in-app list (core.delivery).
NOTIFICATION_CHANNELS = ["core.delivery.email", "core.delivery.webhook"]

# The worker (core.tasks; `manage.py run_huey`): an embedded SQLite queue under var/ needs no other
# service; HUEY_REDIS_URL moves the queue to Redis. HUEY_IMMEDIATE=1 runs tasks inline (no worker).
HUEY = {
    "name": "service-desk",
    "immediate": env_bool("HUEY_IMMEDIATE", False),
    "consumer": {"workers": 2, "worker_type": "thread", "periodic": True, "check_worker_health": True},
}
if os.environ.get("HUEY_REDIS_URL"):
    HUEY |= {"huey_class": "huey.RedisHuey", "url": os.environ["HUEY_REDIS_URL"]}
else:
    HUEY |= {"huey_class": "huey.SqliteHuey", "filename": str(BASE_DIR / "var" / "huey.sqlite3")}

SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = SECURE_HSTS_SECONDS > 0
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    # The worker's consumer logs through its own handler; do not print every line twice.
    "loggers": {"huey": {"level": "INFO", "propagate": False}},
}

SITE_TITLE = _("Property Service Desk")
