"""Starting carewatch in demo mode is quiet: no ``UserWarning: No directory at … staticfiles`` from
WhiteNoise, which serves the apps' own static folders there and has no collected STATIC_ROOT."""

import os
import subprocess
import sys
import warnings
from pathlib import Path

import pytest
from django.core.handlers.wsgi import WSGIHandler

ROOT = Path(__file__).resolve().parents[2]


def warnings_on_start() -> list[str]:
    """What loading the middleware (as runserver and every web worker do on start) warns."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        WSGIHandler()
    return [str(warning.message) for warning in caught]


def test_serving_from_the_apps_static_folders_does_not_warn_about_a_missing_static_root(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path / "staticfiles"
    settings.WHITENOISE_USE_FINDERS = True
    assert not [message for message in warnings_on_start() if "No directory at" in message]


def test_without_the_finders_a_missing_static_root_still_warns(settings, tmp_path):
    """In production a missing STATIC_ROOT means collectstatic was not run: WhiteNoise still says so."""
    settings.STATIC_ROOT = tmp_path / "staticfiles"
    settings.WHITENOISE_USE_FINDERS = False
    assert f"No directory at: {tmp_path / 'staticfiles'}/" in warnings_on_start()


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX paths")
def test_starting_the_demo_settings_web_application_prints_no_warning(tmp_path):
    start = (
        "import django, os; from django.conf import settings; django.setup();"
        " settings.STATIC_ROOT = os.environ['ABSENT_STATIC_ROOT'];"
        " from django.core.wsgi import get_wsgi_application; get_wsgi_application(); print('started')"
    )
    env = {
        **os.environ,
        "CAREWATCH_DEMO": "1",
        "DJANGO_SETTINGS_MODULE": "carewatch.config.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "CAREWATCH_CACHE_DIR": "",
        "ABSENT_STATIC_ROOT": str(tmp_path / "staticfiles"),
    }
    result = subprocess.run(
        [sys.executable, "-W", "default", "-c", start], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.stdout.strip() == "started", result.stderr
    assert "No directory at" not in result.stderr
