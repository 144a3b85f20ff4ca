"""gunicorn's settings for ``carewatch serve`` (ADR 0017), each from the environment.

Workers default to one per CPU core plus one, each with a few threads: carewatch's pages spend part
of their time waiting on the database, so threads keep a core busy while another request waits,
at less memory than more processes. Requests longer than ``CAREWATCH_WEB_TIMEOUT`` seconds are
killed and logged; workers are replaced after ``max_requests`` (with jitter) so that no slow leak
builds up.
"""

import multiprocessing
import os


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    return int(raw) if raw else default


def default_workers(cpus: int | None = None) -> int:
    return (cpus or multiprocessing.cpu_count()) + 1


wsgi_app = "carewatch.config.wsgi:application"
bind = os.environ.get("CAREWATCH_BIND", "127.0.0.1:8000").split(",")
workers = _int("CAREWATCH_WEB_WORKERS", default_workers())
threads = _int("CAREWATCH_WEB_THREADS", 4)
worker_class = "gthread" if threads > 1 else "sync"
timeout = _int("CAREWATCH_WEB_TIMEOUT", 60)
graceful_timeout = 30
keepalive = 5  # nginx keeps connections open to gunicorn (upstream keepalive)
max_requests = _int("CAREWATCH_WEB_MAX_REQUESTS", 2000)
max_requests_jitter = max_requests // 10
preload_app = True  # load Django once; workers share its memory until they write to it
accesslog = "-" if os.environ.get("CAREWATCH_ACCESS_LOG", "") in {"1", "true", "yes", "on"} else None
errorlog = "-"
forwarded_allow_ips = os.environ.get("CAREWATCH_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
proc_name = "carewatch-web"
