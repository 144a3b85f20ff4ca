"""carewatch settings: one module, every value from the environment.

Every setting read here is documented in docs/configuration.md; tests/test_configuration.py fails
when one is not.
"""

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from carewatch.config.env import env, env_bool, env_list

BASE_DIR = Path(__file__).resolve().parent.parent
PROJECT_DIR = BASE_DIR.parent

DEBUG = env_bool("DEBUG", False)
DEMO_MODE = env_bool("CAREWATCH_DEMO", False)

SECRET_KEY = env("SECRET_KEY", "")
if not SECRET_KEY:
    if DEBUG or DEMO_MODE:
        SECRET_KEY = "insecure-development-key-do-not-use-in-production"
    else:
        raise ImproperlyConfigured(
            "SECRET_KEY is required unless DEBUG or CAREWATCH_DEMO is on (see docs/configuration.md)."
        )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{PROJECT_DIR / 'carewatch.sqlite3'}"),
        conn_max_age=60,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Django's SQLite backend, which also turns on WAL unless the database is read-only (a read-only
    # copy still serves the public site: docs/security.md, "A read-only database").
    DATABASES["default"]["ENGINE"] = "carewatch.core.sqlite"
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {
            "init_command": (
                "PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;"
                " PRAGMA cache_size=-64000; PRAGMA temp_store=MEMORY;"
            ),
            "transaction_mode": "IMMEDIATE",
        }
    )

# Caches. "default" holds short-lived figures and the API's rate-limit counters; "charts" holds
# rendered chart SVGs, keyed by their data; "limits" counts password-reset requests, public feedback
# and failed API tokens (core.rate_limits), apart so that figures and charts never push them out.
# All are files under CAREWATCH_CACHE_DIR, so every process on the machine (web workers, the import
# command that warms charts) shares them; an empty CAREWATCH_CACHE_DIR keeps them in each process's
# memory instead (the test suite does).
CAREWATCH_CACHE_DIR = env("CAREWATCH_CACHE_DIR", str(PROJECT_DIR / "var" / "cache"))
if CAREWATCH_CACHE_DIR:
    CACHES = {
        alias: {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(Path(CAREWATCH_CACHE_DIR) / alias),
            "OPTIONS": {"MAX_ENTRIES": entries},
        }
        for alias, entries in (("default", 5000), ("charts", 20000), ("limits", 20000))
    }
else:
    CACHES = {
        alias: {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": alias}
        for alias in ("default", "charts", "limits")
    }
# Several machines (docs/deployment.md): with REDIS_URL the three caches live in Redis (Django's own
# Redis backend through carewatch.ops.cache, which falls back to this process's memory for a few
# seconds whenever Redis cannot be reached, so pages are still served and rate limits still count).
REDIS_URL = env("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        alias: {
            "BACKEND": "carewatch.ops.cache.FallbackRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": alias,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
        for alias in ("default", "charts", "limits")
    }

# Whole public pages (and anonymous API reads) are kept this many seconds at most, and never after
# the data changes (carewatch.config.page_cache, docs/scale.md); 0 turns it off. Only with a cache
# every process shares (Redis, or CAREWATCH_CACHE_DIR).
CAREWATCH_PAGE_CACHE_SECONDS = int(env("CAREWATCH_PAGE_CACHE_SECONDS", "300"))

CQC_API_KEY = env("CQC_API_KEY", "")
CQC_API_BASE_URL = env("CQC_API_BASE_URL", "https://api.service.cqc.org.uk/public/v1")
# Refuse a snapshot whose active-location count drops by more than this share against the last one.
CAREWATCH_MAX_SNAPSHOT_DROP = float(env("CAREWATCH_MAX_SNAPSHOT_DROP", "0.05"))
CAREWATCH_MAX_REJECTED_SHARE = float(env("CAREWATCH_MAX_REJECTED_SHARE", "0.01"))

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "ninja",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "csp",
    "carewatch.core",
    "carewatch.register",
    "carewatch.ratings",
    "carewatch.organisations",
    "carewatch.capacity",
    "carewatch.api",
    "carewatch.cases",
    "carewatch.recognition",
    "carewatch.discharge",
    "carewatch.planning",
    "carewatch.monitoring",
    "carewatch.insights",
    "carewatch.demo",
    "carewatch.public",
    "carewatch.staff",
    "carewatch.cases.letters",
    "django_tasks_db",  # the database task queue (ADR 0017), used when CAREWATCH_TASKS_BACKEND=database
    "carewatch.ops",  # production: health checks, logs, serve/worker/backup commands (docs/deployment.md)
]

MIDDLEWARE = [
    "carewatch.ops.request_id.RequestIdMiddleware",  # X-Request-ID on every response and log line
    "carewatch.ops.unavailable.DatabaseUnavailableMiddleware",  # database down: 503 GOV.UK page, not a 500
    "django.middleware.security.SecurityMiddleware",
    "carewatch.config.static.StaticFilesMiddleware",  # WhiteNoise (quiet without collectstatic in demo mode)
    "carewatch.core.middleware.ReadOnlyDatabaseMiddleware",  # a refused write: 503, not a 500
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "carewatch.core.middleware.RequireSecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
    # Last, so that every header above is added afresh: public pages kept under the data's version.
    "carewatch.config.page_cache.PageCacheMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses locked-out sign-ins
    "django.contrib.auth.backends.ModelBackend",
]
# Lockout after repeated failures (django-axes): per username and address.
AXES_FAILURE_LIMIT = int(env("CAREWATCH_LOCKOUT_FAILURES", "5"))
AXES_COOLOFF_TIME = float(env("CAREWATCH_LOCKOUT_MINUTES", "30")) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "core/locked_out.html"
AXES_VERBOSE = False
AXES_ENABLED = env_bool("CAREWATCH_LOCKOUT_ENABLED", True)

# Second factor (django-otp): TOTP apps plus single-use recovery codes.
OTP_TOTP_ISSUER = "carewatch"
# In demo mode, demo users may skip the second factor (the banner says so). Never in production.
CAREWATCH_DEMO_SKIP_MFA = DEMO_MODE

# Content-Security-Policy (django-csp): scripts and styles only from carewatch itself.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "carewatch <no-reply@carewatch.invalid>")
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("EMAIL_PORT", "25"))
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
PASSWORD_RESET_TIMEOUT = 60 * 60  # one hour

# REST API rate limits (django-ninja throttling): anonymous and per token.
CAREWATCH_API_RATE_ANON = env("CAREWATCH_API_RATE_ANON", "60/m")
CAREWATCH_API_RATE_TOKEN = env("CAREWATCH_API_RATE_TOKEN", "600/m")
# Rate limits without signing in (core.rate_limits, docs/security.md "Limits on input"): password-reset
# requests per email address and per client address, public feedback per client address, and API
# calls with a token that does not work, per client address.
CAREWATCH_RESET_RATE_ADDRESS = env("CAREWATCH_RESET_RATE_ADDRESS", "3/h")
CAREWATCH_RESET_RATE_CLIENT = env("CAREWATCH_RESET_RATE_CLIENT", "10/h")
CAREWATCH_FEEDBACK_RATE = env("CAREWATCH_FEEDBACK_RATE", "10/h")
CAREWATCH_API_BAD_TOKEN_RATE = env("CAREWATCH_API_BAD_TOKEN_RATE", "10/h")

# Background tasks (django-tasks): run at once by default; a queue backend and its worker in production.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
if env("CAREWATCH_TASKS_BACKEND", "immediate") == "database":
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}  # `carewatch worker` runs them
# The start of links in emails (daily digests), e.g. https://carewatch.example.org
CAREWATCH_SITE_URL = env("CAREWATCH_SITE_URL", "http://localhost:8000")

SESSION_COOKIE_AGE = 8 * 60 * 60  # a working day
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

ROOT_URLCONF = "carewatch.config.urls"
WSGI_APPLICATION = "carewatch.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "carewatch.core.context_processors.site",
                "carewatch.demo.context_processors.demo",  # "Demo data is still being prepared"
            ],
        },
    },
]

AUTH_USER_MODEL = "core.User"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "core:sign_in"
LOGIN_REDIRECT_URL = "staff:home"  # each person's "My work" (carewatch.staff)
LOGOUT_REDIRECT_URL = "public:home"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = False
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = PROJECT_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or DEMO_MODE or env_bool("CAREWATCH_TESTING", False)
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG or DEMO_MODE

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Limits on input (docs/security.md, "Limits on input"). An uploaded file larger than
# CAREWATCH_MAX_UPLOAD_MB is refused by its form; core.uploads.SizeLimitedUploadHandler keeps no more
# of it than that, in memory or on disk. The rest of a request (form fields, an API body) may be
# CAREWATCH_MAX_REQUEST_MB at most (Django answers 400, the API 413). Spreadsheets (.xlsx, .ods) are
# checked from their zip directory before they are read (core.archives).
CAREWATCH_MAX_UPLOAD_MB = float(env("CAREWATCH_MAX_UPLOAD_MB", "5"))
CAREWATCH_MAX_REQUEST_MB = float(env("CAREWATCH_MAX_REQUEST_MB", "2.5"))
CAREWATCH_MAX_UNCOMPRESSED_MB = float(env("CAREWATCH_MAX_UNCOMPRESSED_MB", "1024"))
CAREWATCH_MAX_COMPRESSION_RATIO = float(env("CAREWATCH_MAX_COMPRESSION_RATIO", "100"))
# Evidence files a provider attaches to its factual-accuracy comments (docs/security.md, "Evidence
# files"): kept in CAREWATCH_EVIDENCE_DIR under random names, never served from a public URL.
CAREWATCH_EVIDENCE_DIR = Path(env("CAREWATCH_EVIDENCE_DIR", str(PROJECT_DIR / "evidence-files")))
CAREWATCH_EVIDENCE_MAX_MB = float(env("CAREWATCH_EVIDENCE_MAX_MB", "5"))
CAREWATCH_EVIDENCE_MAX_FILES = int(env("CAREWATCH_EVIDENCE_MAX_FILES", "5"))
CAREWATCH_EVIDENCE_SCANNER = env("CAREWATCH_EVIDENCE_SCANNER", "")  # dotted path of a virus scanner
# Capacity returns (docs/capacity.md): a return older than this many days shows as stale; missed
# monthly returns that raise a ladder trigger (3 in a row, or 4 in the last 12 months).
CAREWATCH_STALE_RETURN_DAYS = int(env("CAREWATCH_STALE_RETURN_DAYS", "7"))
CAREWATCH_MISSED_RETURNS_IN_A_ROW = int(env("CAREWATCH_MISSED_RETURNS_IN_A_ROW", "3"))
CAREWATCH_MISSED_RETURNS_IN_TWELVE = int(env("CAREWATCH_MISSED_RETURNS_IN_TWELVE", "4"))

# Hospital discharge (docs/discharge.md): hours a provider has to answer a placement request; the
# lowest CQC rating a matched service may have; how far to search; how matches are weighed (percentages,
# "quality:60,distance:40", any of quality, distance, freshness, contract).
CAREWATCH_DISCHARGE_RESPONSE_HOURS = int(env("CAREWATCH_DISCHARGE_RESPONSE_HOURS", "4"))
CAREWATCH_DISCHARGE_RATING_FLOOR = env("CAREWATCH_DISCHARGE_RATING_FLOOR", "Requires improvement")
CAREWATCH_DISCHARGE_SEARCH_MILES = int(env("CAREWATCH_DISCHARGE_SEARCH_MILES", "25"))
CAREWATCH_DISCHARGE_WEIGHTS = env(
    "CAREWATCH_DISCHARGE_WEIGHTS", "quality:40,distance:30,freshness:15,contract:15"
)
# Peer support (docs/recognition.md): the CQC overall ratings a peer supporter may hold, and whether a
# service in an open case on any council's ladder is refused.
CAREWATCH_PEER_SUPPORTER_RATINGS = env_list("CAREWATCH_PEER_SUPPORTER_RATINGS", ["Outstanding", "Good"])
CAREWATCH_PEER_SUPPORTER_NO_OPEN_CASE = env_bool("CAREWATCH_PEER_SUPPORTER_NO_OPEN_CASE", True)
FILE_UPLOAD_HANDLERS = [
    "carewatch.core.uploads.SizeLimitedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
FILE_UPLOAD_MAX_MEMORY_SIZE = int(CAREWATCH_MAX_UPLOAD_MB * 1024 * 1024)  # an accepted file stays in memory
DATA_UPLOAD_MAX_MEMORY_SIZE = int(CAREWATCH_MAX_REQUEST_MB * 1024 * 1024)

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "carewatch.core.error_pages.csrf_failure"  # a GOV.UK page, not Django's plain one
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if not (DEBUG or DEMO_MODE):
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "carewatch.ops.logs.RequestIdFilter"}},
    "formatters": {"json": {"()": "carewatch.ops.logs.JsonFormatter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["request_id"]}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING")},
}
# One JSON object a line (with the request id) outside debug and demo mode; plain text otherwise.
if env("CAREWATCH_LOG_FORMAT", "text" if DEBUG or DEMO_MODE else "json") == "json":
    LOGGING["handlers"]["console"]["formatter"] = "json"  # type: ignore[index]

# Production (docs/deployment.md). Health checks answer over plain HTTP on loopback (no redirect).
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
# /readyz fails when the oldest queued task has waited longer than this, or the last CQC import is older.
CAREWATCH_READY_MAX_QUEUE_LAG_SECONDS = int(env("CAREWATCH_READY_MAX_QUEUE_LAG_SECONDS", "600"))
CAREWATCH_READY_MAX_IMPORT_AGE_HOURS = float(env("CAREWATCH_READY_MAX_IMPORT_AGE_HOURS", "48"))
# `carewatch schedule prune` (nightly) deletes once-keys and finished task results older than these.
CAREWATCH_DONE_ONCE_RETENTION_DAYS = int(env("CAREWATCH_DONE_ONCE_RETENTION_DAYS", "90"))
CAREWATCH_TASK_RESULT_RETENTION_DAYS = int(env("CAREWATCH_TASK_RESULT_RETENTION_DAYS", "30"))
# Sign-in logs (django-axes: who signed in or failed to, from which address and browser) are personal
# data kept for investigating misuse, then pruned nightly.
CAREWATCH_SIGN_IN_LOG_RETENTION_DAYS = int(env("CAREWATCH_SIGN_IN_LOG_RETENTION_DAYS", "90"))
# Errors to Sentry (sentry-sdk, started here, and imported at all, only when SENTRY_DSN is set).
SENTRY_DSN = env("SENTRY_DSN", "")
SENTRY_ENVIRONMENT = env("SENTRY_ENVIRONMENT", "production")
SENTRY_TRACES_SAMPLE_RATE = float(env("SENTRY_TRACES_SAMPLE_RATE", "0"))
if SENTRY_DSN:
    from carewatch.ops import sentry

    sentry.start(SENTRY_DSN, environment=SENTRY_ENVIRONMENT, traces_sample_rate=SENTRY_TRACES_SAMPLE_RATE)
# A PostgreSQL streaming replica for the public site's, dashboards' and API's reads (carewatch.ops.replica).
DATABASE_REPLICA_URL = env("DATABASE_REPLICA_URL", "")
CAREWATCH_REPLICA_MAX_LAG_SECONDS = float(env("CAREWATCH_REPLICA_MAX_LAG_SECONDS", "5"))
CAREWATCH_REPLICA_STICKY_SECONDS = int(env("CAREWATCH_REPLICA_STICKY_SECONDS", "10"))
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(DATABASE_REPLICA_URL, conn_max_age=60)
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["carewatch.ops.replica.ReplicaRouter"]
    MIDDLEWARE.insert(1, "carewatch.ops.replica.ReplicaMiddleware")
# `carewatch backup` writes here unless told otherwise.
CAREWATCH_BACKUP_DIR = Path(env("CAREWATCH_BACKUP_DIR", str(PROJECT_DIR / "var" / "backups")))
