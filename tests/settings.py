"""Settings for the test suite: the real settings, with test-friendly environment defaults.

pytest-django loads settings before any conftest runs, so the defaults are set here.
"""

import os
import tempfile

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-production-use-0123456789")
os.environ.setdefault("CAREWATCH_TESTING", "1")
os.environ.setdefault("ALLOWED_HOSTS", "localhost,127.0.0.1,testserver")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
os.environ.setdefault("CAREWATCH_CACHE_DIR", "")  # caches in memory: no files shared between test workers
# /readyz does not judge the test data's old imports (tests/ops/test_health.py turns the check on).
os.environ.setdefault("CAREWATCH_READY_MAX_IMPORT_AGE_HOURS", "0")
# Evidence files that tests attach go to a temporary folder, never the project's.
os.environ.setdefault("CAREWATCH_EVIDENCE_DIR", tempfile.mkdtemp(prefix="carewatch-evidence-"))

from carewatch.config.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0

if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":  # noqa: F405
    # Test databases are thrown away: a commit need not wait for its WAL to reach the disk. This
    # is set for the test suite's own sessions only; the server's settings are left alone.
    _options = DATABASES["default"].setdefault("OPTIONS", {})  # noqa: F405
    _options["options"] = f"{_options.get('options', '')} -c synchronous_commit=off".strip()

if DATABASES["default"]["ENGINE"] == "carewatch.core.sqlite":  # noqa: F405
    # In memory, as for Django's own SQLite backend: pytest-django gives each xdist worker its own
    # database by name only for that backend, so a backend of another name must say so itself.
    DATABASES["default"].setdefault("TEST", {})["NAME"] = ":memory:"  # noqa: F405
