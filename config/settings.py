"""The one settings module. Everything that differs between machines comes from the environment."""

from __future__ import annotations

import datetime
import ipaddress
import os
import re
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}") from exc


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
# The demo (`make run`) is switched on explicitly; without it the settings are production-safe.
DEMO_MODE = env_bool("DEMO_MODE", False)

# A fixed key is only acceptable for the local demo; production must set a strong key of its own.
_DEV_SECRET_KEY = "insecure-local-demo-key-do-not-use-in-production"
SECRET_KEY = os.environ.get("SECRET_KEY") or ""
if not SECRET_KEY:
    if not DEMO_MODE:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEMO_MODE is off")
    SECRET_KEY = _DEV_SECRET_KEY
if len(SECRET_KEY) < 32:
    raise ImproperlyConfigured("SECRET_KEY must be at least 32 characters long")
if not DEMO_MODE and (
    SECRET_KEY == _DEV_SECRET_KEY
    or len(SECRET_KEY) < 50
    or len(set(SECRET_KEY)) < 5
    or SECRET_KEY.startswith("django-insecure-")
):
    raise ImproperlyConfigured(
        "SECRET_KEY must be a random value of at least 50 characters (not the demo key) "
        "when DEMO_MODE is off"
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
# The address residents reach the centre's public pages at: printed documents carry a QR code of
# their verification page under it (REG-11).
PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
# Reverse proxies whose X-Forwarded-For is believed (addresses or CIDR blocks); from any other
# peer the header is ignored, so the audit log keeps the address the connection came from.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", [])
for _proxy in TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(_proxy, strict=False)
    except ValueError as exc:
        raise ImproperlyConfigured(
            f"TRUSTED_PROXIES must list IP addresses or networks, not {_proxy!r}"
        ) from exc

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "guardian",
    "auditlog",
    "import_export",
    "axes",
    "csp",
    # Before the project's apps, whose ready() registers their subjects' tasks on its app.
    "procrastinate.contrib.django",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "residents",
    "casework",
    "reporters",
    "archives",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Below WhiteNoise, so static files keep their long cache lifetime.
    "config.headers.PrivateResponseMiddleware",
    "csp.middleware.CSPMiddleware",
    "residents.accounts.middleware.IdleSessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # request.user.is_verified(): whether this session has passed the second factor.
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "residents.accounts.middleware.SessionLimitMiddleware",
    # Before the password expiry: the second factor comes first.
    "residents.accounts.middleware.SecondFactorMiddleware",
    "residents.accounts.middleware.PasswordExpiryMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # auditlog's own middleware, taking the client address from residents.audit.context.
    "residents.audit.middleware.AuditlogAddressMiddleware",
    "residents.audit.middleware.AuditMiddleware",
    # Last, so that it sees a lockout raised anywhere in the login views.
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
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "residents.notifications.context.inbox_badge",
                "config.menu.main_menu",
            ],
        },
    },
]


def _database(url: str, variable: str) -> dict:
    try:
        database = dj_database_url.parse(url)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{variable} is not a valid database URL: {exc}") from exc
    if database["ENGINE"] != "django.db.backends.postgresql":
        raise ImproperlyConfigured(f"{variable} must point at PostgreSQL")
    return database


# Two database roles (ACC-12, config/database_roles.py). The application and its web requests
# sign in as DATABASE_URL's role, which owns nothing and may only append to the audit log;
# DATABASE_OWNER_URL's role owns the schema and is used by `manage.py migrate` alone: the
# project's migrate command reconnects the one "default" alias with the owner's credentials
# (a second alias would split each migration's RunPython code across two connections).
# Without DATABASE_OWNER_URL one role does both, as before; `check --deploy` then warns.
# With neither set, the embedded server provides both roles.
_app_url = os.environ.get("DATABASE_URL", "")
_owner_url = os.environ.get("DATABASE_OWNER_URL", "")
if not _app_url:
    if _owner_url:
        raise ImproperlyConfigured(
            "DATABASE_OWNER_URL is set without DATABASE_URL, the application's own role"
        )
    from config.embedded_db import database_urls

    _app_url, _owner_url = database_urls()
DATABASES = {"default": _database(_app_url, "DATABASE_URL")}
DATABASE_OWNER = _database(_owner_url, "DATABASE_OWNER_URL") if _owner_url else None
if DATABASE_OWNER is not None:
    if DATABASE_OWNER["NAME"] != DATABASES["default"]["NAME"]:
        raise ImproperlyConfigured("DATABASE_OWNER_URL must name the same database as DATABASE_URL")
    if DATABASE_OWNER["USER"] == DATABASES["default"]["USER"]:
        raise ImproperlyConfigured(
            "DATABASE_OWNER_URL must name another role than DATABASE_URL (the owner of the "
            "tables, not the application's role)"
        )
# The role that migrate grants the application's privileges to; None with a single role.
DATABASE_APP_ROLE = DATABASES["default"]["USER"] if DATABASE_OWNER is not None else None
DATABASES["default"]["CONN_MAX_AGE"] = env_int("CONN_MAX_AGE", 60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if os.environ.get("TEST_DATABASE_NAME"):
    # Lets two test runs share one server without dropping each other's test database.
    DATABASES["default"]["TEST"] = {"NAME": os.environ["TEST_DATABASE_NAME"]}
# An optional streaming replica of the primary (DAT-5, config/database_replica.py): only the
# pages that ask for it (exports, dashboards, the audit trail) read from it; every write and
# every other read goes to the primary, and migrations never run on it.
_replica_url = os.environ.get("DATABASE_REPLICA_URL", "")
if _replica_url:
    DATABASES["replica"] = _database(_replica_url, "DATABASE_REPLICA_URL")
    DATABASES["replica"]["CONN_MAX_AGE"] = DATABASES["default"]["CONN_MAX_AGE"]
    DATABASES["replica"]["CONN_HEALTH_CHECKS"] = True
    # The test runner creates no database for it: it reads the primary's test database.
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["config.database_replica.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # No reuse of the last passwords; also records every password set (ACC-5).
    {"NAME": "residents.accounts.passwords.PasswordHistoryValidator"},
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTHENTICATION_BACKENDS = [
    # First: refuses sign-ins of a locked-out account or address before any password check.
    "axes.backends.AxesStandaloneBackend",
    # Django's model backend, reading a user's permissions in one query.
    "residents.access.backends.PermissionSetBackend",
    "residents.access.backends.ResidentAwareObjectPermissionBackend",
]
ANONYMOUS_USER_NAME = None
# guardian.W001 looks for its backend by name; ours subclasses it (residents/access/backends.py).
SILENCED_SYSTEM_CHECKS = ["guardian.W001"]
GUARDIAN_RAISE_403 = False

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 30 * 60)
# The idle timeout: a session's clock restarts when it is saved, which
# residents.accounts.middleware.IdleSessionMiddleware does at most this often.
SESSION_REFRESH_SECONDS = env_int("SESSION_REFRESH_SECONDS", 60)
SESSION_COOKIE_HTTPONLY = True
# Messages live in the session: a cookie could be forged by anyone who knows the key.
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# HTTPS (ACC-11): on unless DEMO_MODE, which serves plain HTTP on 127.0.0.1 (`make run`).
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEMO_MODE)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# Beside the idle timeout: a session ends this long after sign-in, however active (ACC-10).
SESSION_ABSOLUTE_SECONDS = env_int("SESSION_ABSOLUTE_SECONDS", 12 * 60 * 60)

# Sign-in hardening (ACC-5, ACC-10) with django-axes, its attempts kept in the database.
# An account locks after AXES_FAILURE_LIMIT failed attempts, and so does an address,
# separately: many usernames tried from one address are throttled too.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
# Minutes (django-axes itself would read a whole number as hours).
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("AXES_COOLOFF_TIME", 15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
# The one place that knows the client's address (trusted proxies included).
AXES_CLIENT_IP_CALLABLE = "residents.audit.context.client_address"
AXES_LOCKOUT_CALLABLE = "residents.accounts.views.locked_out"
AXES_HTTP_RESPONSE_CODE = 429
# Kept out of the attempts axes stores: a mistyped recovery code is close to a valid one.
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "code"]
# Two-factor sign-in (ACC-10, residents/accounts/second_factor.py): TOTP devices and recovery
# codes of django-otp. Wrong codes count as failed sign-ins above (the same lockout), and
# django-otp's own delay (1 s, 2 s, 4 s … after each wrong code in a row) stays on too.
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1
# How many one-time recovery codes enrolment hands out.
OTP_RECOVERY_CODE_COUNT = 10
# Public forms (pre-registration, online complaints) accept at most PUBLIC_FORM_LIMIT
# submissions from one address within PUBLIC_FORM_WINDOW_MINUTES, counted in the database
# (residents/common/ratelimit.py); more are answered 429 (ACC-13).
PUBLIC_FORM_LIMIT = env_int("PUBLIC_FORM_LIMIT", 10)
PUBLIC_FORM_WINDOW_MINUTES = env_int("PUBLIC_FORM_WINDOW_MINUTES", 60)
if PUBLIC_FORM_LIMIT < 1 or PUBLIC_FORM_WINDOW_MINUTES < 1:
    raise ImproperlyConfigured(
        "PUBLIC_FORM_LIMIT and PUBLIC_FORM_WINDOW_MINUTES must be at least 1"
    )
# Passwords expire (ACC-5); the change page refuses any of the last PASSWORD_HISTORY_COUNT.
PASSWORD_MAX_AGE_DAYS = env_int("PASSWORD_MAX_AGE_DAYS", 90)
PASSWORD_HISTORY_COUNT = 5
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEMO_MODE)
# Load balancers probe over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEMO_MODE else 365 * 24 * 60 * 60)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
# Behind a TLS-terminating proxy: the header it sets to "https" (e.g. X-Forwarded-Proto). Only
# when configured, since any client could send that header to a server that faces it directly.
_proxy_ssl_header = os.environ.get("SECURE_PROXY_SSL_HEADER", "").strip()
if _proxy_ssl_header and not re.fullmatch(r"[A-Za-z][A-Za-z0-9-]*", _proxy_ssl_header):
    raise ImproperlyConfigured(
        "SECURE_PROXY_SSL_HEADER must be a header name such as X-Forwarded-Proto, "
        f"not {_proxy_ssl_header!r}"
    )
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_" + _proxy_ssl_header.upper().replace("-", "_"), "https")
    if _proxy_ssl_header
    else None
)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# config.headers.PrivateResponseMiddleware sends it on every page.
PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(), camera=(), display-capture=(), encrypted-media=(), "
    "fullscreen=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), midi=(), "
    "payment=(), usb=(), xr-spatial-tracking=()"
)

# django-csp: nothing inline, nothing from elsewhere (templates/pdf/ is read by WeasyPrint only).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    },
}

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Uploaded scans are personal data: never served as static files, only through access-checked views.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "media"))
UPLOAD_MAX_BYTES = env_int("UPLOAD_MAX_BYTES", 5 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = UPLOAD_MAX_BYTES + 1024 * 1024

AUDITLOG_MASK_CALLABLE = "residents.access.masking.full_mask"
AUDITLOG_STORE_JSON_CHANGES = True

# Resident archive numbers read e.g. JM-2026-000123.
ARCHIVE_NUMBER_PREFIX = os.environ.get("ARCHIVE_NUMBER_PREFIX", "JM")
CENTRE_NAME = os.environ.get("CENTRE_NAME", "社区服务中心")
# The most residents one batch print of slips may select (DAT-3).
BATCH_PRINT_MAX_RESIDENTS = env_int("BATCH_PRINT_MAX_RESIDENTS", 2000)
# A batch print's PDF is deleted this many hours after printing (the batch and its slip records
# stay).
BATCH_PRINT_KEEP_HOURS = env_int("BATCH_PRINT_KEEP_HOURS", 24)
# A large batch is laid out in chunks on this many processes at once (default: one per core).
BATCH_PRINT_PROCESSES = env_int("BATCH_PRINT_PROCESSES", os.cpu_count() or 1)
# The name an authenticator app shows beside the account (two-factor sign-in).
OTP_TOTP_ISSUER = CENTRE_NAME

# The query result slip (QRY-1) prints only after the ID number typed from the card presented
# matches the record; after this many wrong numbers for one resident within the window the
# print is refused without comparing, so the form cannot be used to guess a number.
ID_CHECK_FAILURE_LIMIT = env_int("ID_CHECK_FAILURE_LIMIT", 5)
ID_CHECK_WINDOW_MINUTES = env_int("ID_CHECK_WINDOW_MINUTES", 60)

# Classification and tracking rules (CLS-1, CLS-3, UPD-6), in one place each.
# Lower bounds in whole years of the youth, middle-aged and elderly groups (minors are below).
AGE_GROUP_BOUNDS = (18, 45, 60)
RECHECK_INTERVAL_YEARS = env_int("RECHECK_INTERVAL_YEARS", 3)
# Days between visits to a key person, per register category.
KEY_PERSON_VISIT_INTERVAL_DAYS = {"correction": 7, "drug": 14, "released": 30}
# A review date within this many days counts as due on the morning work lists.
REVIEW_DUE_WITHIN_DAYS = env_int("REVIEW_DUE_WITHIN_DAYS", 14)
# Dashboards (SUP-4): a panel's stored figures are shown while younger than this; the refresh
# job counts the running periods ahead every few minutes. 0 counts on every page view.
DASHBOARD_MAX_AGE_SECONDS = env_int("DASHBOARD_MAX_AGE_SECONDS", 600)
# Time limits in working days, published in the service guide (PUB-1). Change requests: from
# opening (or the resident's confirmation of a notice); a change notice: for the resident to
# come to the window. Queries: no rule text sets one; a week is the window's usual promise.
# Complaints: the centre's published commitment; 《信访工作条例》 allows 60 days for petitions,
# community-level handling is expected to be quicker, and 15 leaves time for an escalation.
CHANGE_TIME_LIMIT_DAYS = env_int("CHANGE_TIME_LIMIT_DAYS", 5)
CHANGE_NOTICE_TIME_LIMIT_DAYS = env_int("CHANGE_NOTICE_TIME_LIMIT_DAYS", 10)
QUERY_TIME_LIMIT_DAYS = env_int("QUERY_TIME_LIMIT_DAYS", 5)
COMPLAINT_TIME_LIMIT_DAYS = env_int("COMPLAINT_TIME_LIMIT_DAYS", 15)

# Personal values in the audit history (ACC-14) are encrypted with a key per resident; those keys
# are stored wrapped by AUDIT_KEK, a urlsafe base64 32-byte key from the environment. Without it
# only DEMO_MODE starts, with a fixed demo key.
_DEMO_AUDIT_KEK = "ZGVtby1hdWRpdC1rZWstbmV2ZXItcHJvZHVjdGlvbiE="
AUDIT_KEK = os.environ.get("AUDIT_KEK", "")
if not AUDIT_KEK:
    if not DEMO_MODE:
        raise ImproperlyConfigured("AUDIT_KEK must be set when DEMO_MODE is off")
    AUDIT_KEK = _DEMO_AUDIT_KEK

# The archive room is inspected every so many days (ARC-9; quarterly by default); when the next
# inspection is due, the managers' work lists say so.
ARCHIVE_INSPECTION_INTERVAL_DAYS = env_int("ARCHIVE_INSPECTION_INTERVAL_DAYS", 92)
# Residents declare a change of their information within this many days of it (REG-10); a
# later declaration is flagged on its change request and counted on the work lists.
CHANGE_DECLARATION_DAYS = env_int("CHANGE_DECLARATION_DAYS", 30)

# Backups (ACC-6, residents/backups/): encrypted archives of the database dump and the uploaded
# files. BACKUP_KEY is a urlsafe base64 32-byte key (`manage.py backup --generate-key`); without
# one, DEMO_MODE keeps a generated key in var/backup-key and production refuses to back up.
BACKUP_KEY = os.environ.get("BACKUP_KEY", "")
BACKUP_DIR = Path(os.environ.get("BACKUP_DIR", BASE_DIR / "var" / "backups"))
BACKUP_DEMO_KEY_FILE = BASE_DIR / "var" / "backup-key"
# Where pg_dump and pg_restore are; unset: the embedded server's, or those on PATH.
PG_BIN_DIR = os.environ.get("PG_BIN_DIR", "")
# The newest this many backups are kept; older ones are deleted each night (at least one stays).
BACKUP_KEEP = env_int("BACKUP_KEEP", 14)

# The job queue (DAT-4): procrastinate, its queue in the same PostgreSQL database. Each subject
# keeps its tasks in its own `tasks.py` (residents/common/jobs.py finds them); the worker runs
# beside the web server (`manage.py serve`).
PROCRASTINATE_AUTODISCOVER_MODULE_NAME = ""
PROCRASTINATE_ON_APP_READY = "residents.common.jobs.configure_app"
# Jobs finished (or failed and not queued again) longer ago than this are deleted each night.
JOB_KEEP_DAYS = env_int("JOB_KEEP_DAYS", 30)

# List exports (DAT-2): longer lists are built by the job queue; their file is downloaded once,
# by whoever asked for it, within EXPORT_FILE_HOURS; a file not downloaded by then is deleted.
EXPORT_SYNC_MAX_ROWS = env_int("EXPORT_SYNC_MAX_ROWS", 2000)
EXPORT_FILE_HOURS = env_int("EXPORT_FILE_HOURS", 24)

# Resident imports from shared files (DAT-1): the largest file accepted, the most data rows,
# and up to which size the dry run runs during the upload (larger files: as a job).
IMPORT_MAX_BYTES = env_int("IMPORT_MAX_BYTES", 50 * 1024 * 1024)
IMPORT_MAX_ROWS = env_int("IMPORT_MAX_ROWS", 200_000)
IMPORT_SYNC_MAX_BYTES = env_int("IMPORT_SYNC_MAX_BYTES", 256 * 1024)

# Web server processes of `manage.py serve` (gunicorn); gunicorn's usual rule by default.
WEB_CONCURRENCY = env_int("WEB_CONCURRENCY", 2 * (os.cpu_count() or 1) + 1)
if WEB_CONCURRENCY < 1:
    raise ImproperlyConfigured(f"WEB_CONCURRENCY must be at least 1, not {WEB_CONCURRENCY}")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    "loggers": {
        # WeasyPrint and fontTools report every font subset at INFO/WARNING level.
        "weasyprint": {"level": "ERROR"},
        "fontTools": {"level": "ERROR"},
    },
}

# Information reporters (REP-3, REP-4, REP-11). Routine reports are due each week on the day
# and hour of REPORT_WEEKLY_DUE (Beijing time, "FRI 17:00"); the written report of an emergency
# within EMERGENCY_WRITTEN_MINUTES of the call; the week's approved reports are mailed to
# REPORT_MAILBOX. A reporter may try REPORT_LINK_ATTEMPTS_PER_HOUR numbers an hour when naming
# residents in reports.
REPORT_WEEKLY_DUE = os.environ.get("REPORT_WEEKLY_DUE", "FRI 17:00")
EMERGENCY_WRITTEN_MINUTES = env_int("EMERGENCY_WRITTEN_MINUTES", 60)
REPORT_MAILBOX = os.environ.get("REPORT_MAILBOX", "xinxi@example.org")
REPORT_LINK_ATTEMPTS_PER_HOUR = env_int("REPORT_LINK_ATTEMPTS_PER_HOUR", 10)
# Each reporter's training per quarter (REP-7): at least this many sessions and hours.
REPORTER_TRAINING_SESSIONS_PER_QUARTER = env_int("REPORTER_TRAINING_SESSIONS_PER_QUARTER", 1)
REPORTER_TRAINING_HOURS_PER_QUARTER = env_int("REPORTER_TRAINING_HOURS_PER_QUARTER", 2)

# Mail: SMTP configured from the environment (EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER,
# EMAIL_HOST_PASSWORD, EMAIL_USE_TLS); without EMAIL_HOST in demo mode, mails are written as
# .eml files to var/mail/.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "noreply@example.org")
if not EMAIL_HOST and DEMO_MODE:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = BASE_DIR / "var" / "mail"
