"""The caches: files (or memory) without REDIS_URL, Redis with it, and each process's memory while
Redis is down, so that pages and rate limits keep working."""

import os
import shutil
import socket
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from carewatch.core import rate_limits
from carewatch.ops import cache as ops_cache

ROOT = Path(__file__).resolve().parents[2]
NOW = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)


def _caches_with(**environ):
    env = {k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "CAREWATCH_CACHE_DIR"}}
    env.update(environ, DJANGO_SETTINGS_MODULE="tests.settings")
    code = "from django.conf import settings; import json; print(json.dumps(settings.CACHES))"
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    import json

    return json.loads(result.stdout)


def test_redis_url_puts_every_cache_in_redis_and_its_absence_keeps_the_files(tmp_path):
    redis = _caches_with(REDIS_URL="redis://127.0.0.1:6390/2", CAREWATCH_CACHE_DIR=str(tmp_path))
    assert set(redis) == {"default", "charts", "limits"}
    assert {c["BACKEND"] for c in redis.values()} == {"carewatch.ops.cache.FallbackRedisCache"}
    assert {c["LOCATION"] for c in redis.values()} == {"redis://127.0.0.1:6390/2"}
    assert len({c["KEY_PREFIX"] for c in redis.values()}) == 3  # one Redis, three separate caches
    files = _caches_with(CAREWATCH_CACHE_DIR=str(tmp_path))
    assert {c["BACKEND"] for c in files.values()} == {"django.core.cache.backends.filebased.FileBasedCache"}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def redis_server(tmp_path):
    binary = shutil.which("redis-server") or (
        "/usr/bin/redis-server" if Path("/usr/bin/redis-server").exists() else None
    )
    if binary is None:
        pytest.skip("redis-server is not installed (Debian: apt-get install redis-server)")
    port = _free_port()
    process = subprocess.Popen(
        [
            binary,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(tmp_path),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                break
        time.sleep(0.02)
    else:
        process.kill()
        pytest.fail("redis-server did not start within 5 s")
    yield process, f"redis://127.0.0.1:{port}/0"
    if process.poll() is None:
        process.terminate()
        process.wait(5)


def _cache(url, prefix="limits"):
    return ops_cache.FallbackRedisCache(
        url, {"KEY_PREFIX": prefix, "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2}}
    )


def test_two_processes_share_counts_through_redis_and_fall_back_when_it_stops(redis_server, monkeypatch):
    process, url = redis_server
    first, second = _cache(url), _cache(url)  # two web workers, say
    first.set("figure", 7)
    assert second.get("figure") == 7
    assert first.redis_up

    # The rate limits count in Redis: both "workers" add to the same counter.
    rate = rate_limits.Rate(limit=3, seconds=3600)
    for cache in (first, second, first):
        monkeypatch.setattr(rate_limits, "caches", {"limits": cache})
        assert rate_limits.count(bucket="feedback", who="1.2.3.4", rate=rate, now=NOW) is None
    monkeypatch.setattr(rate_limits, "caches", {"limits": second})
    assert rate_limits.count(bucket="feedback", who="1.2.3.4", rate=rate, now=NOW) is not None  # the 4th

    process.terminate()
    process.wait(5)
    started = time.monotonic()
    assert first.get("figure") is None  # Redis is gone: this process's memory, empty
    assert not first.redis_up
    first.set("figure", 8)
    assert first.get("figure") == 8
    # …and rate limits still count, in memory, without waiting on Redis again.
    monkeypatch.setattr(rate_limits, "caches", {"limits": first})
    answers = [rate_limits.count(bucket="reset", who="a@b.c", rate=rate, now=NOW) for _ in range(4)]
    assert answers[:3] == [None, None, None] and answers[3] is not None
    assert time.monotonic() - started < 1.0  # one short timeout, not one per call


def test_a_cache_error_that_is_not_about_redis_is_not_hidden(redis_server):
    _process, url = redis_server
    cache = _cache(url)
    with pytest.raises(ValueError):
        cache.incr("never-set")
    assert cache.redis_up


def test_readyz_names_the_cache_while_redis_is_down(client, db, settings, redis_server):
    process, url = redis_server
    from django.core.cache import caches

    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "carewatch.ops.cache.FallbackRedisCache",
            "LOCATION": url,
            "KEY_PREFIX": "default",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        },
    }
    assert type(caches["default"]).__name__ == "FallbackRedisCache"
    assert client.get("/readyz").status_code == 200
    process.terminate()
    process.wait(5)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["failed"] == ["cache"]
    assert client.get("/healthz").status_code == 200
