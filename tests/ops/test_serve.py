"""`carewatch serve`: gunicorn with workers from the CPU count, production settings, health on loopback."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from django.core.management import call_command

from carewatch.ops import gunicorn_conf

ROOT = Path(__file__).resolve().parents[2]


def test_workers_follow_the_cpu_count():
    assert gunicorn_conf.default_workers(2) == 3
    assert gunicorn_conf.default_workers(8) == 9


def test_serve_runs_gunicorn_with_carewatchs_settings(capsys):
    call_command("serve", "--dry-run", "--bind", "127.0.0.1:9999")
    out = capsys.readouterr().out
    assert "-m gunicorn --config python:carewatch.ops.gunicorn_conf --bind 127.0.0.1:9999" in out


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_starts_gunicorn_with_production_settings(tmp_path):
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CAREWATCH_", "DJANGO_", "SECURE_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="carewatch.config.settings",
        SECRET_KEY="serve-test-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        CAREWATCH_CACHE_DIR=str(tmp_path / "cache"),
        CAREWATCH_WEB_WORKERS="1",
        CAREWATCH_WEB_THREADS="2",
    )
    process = subprocess.Popen(
        [sys.executable, "-m", "carewatch.cli", "serve", "--no-collectstatic", "--bind", f"127.0.0.1:{port}"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline, response = time.monotonic() + 120, None  # Django and gunicorn on a busy machine
        while time.monotonic() < deadline and response is None:
            try:
                response = urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)
            except OSError:
                assert process.poll() is None, process.stdout.read().decode()
                time.sleep(0.2)
        assert response is not None, "gunicorn did not answer /healthz within 120 s"
        assert response.status == 200  # over plain HTTP: health checks are exempt from the HTTPS redirect
        assert len(response.headers["X-Request-ID"]) == 32
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        # Every other page insists on HTTPS outside debug (nginx says the scheme with X-Forwarded-Proto).
        request = urllib.request.Request(f"http://127.0.0.1:{port}/", method="HEAD")
        opener = urllib.request.build_opener(NoRedirect())
        answer = opener.open(request, timeout=5)
        assert answer.status == 301 and answer.headers["Location"].startswith("https://")
        response.close()
        answer.close()
    finally:
        process.send_signal(signal.SIGINT)  # gunicorn's quick shutdown
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(5)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def http_error_301(self, req, fp, code, msg, headers):
        return fp
