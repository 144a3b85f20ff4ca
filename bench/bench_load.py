"""Load test of the production set-up on loopback: nginx (TLS) → two gunicorns → PostgreSQL + Redis.

    .venv/bin/python bench/bench_load.py --database-url postgres://…/carewatch [--rate 100] [--seconds 60]

The database must hold the demo data (``CAREWATCH_DEMO=1 carewatch setup-demo``; docs/deployment.md
"Load test"). The bench starts its own redis-server and nginx (a rendering of deploy/nginx/carewatch.conf
on high ports with a self-signed certificate) and two ``carewatch serve`` instances with production
settings, signs officers in (sessions with a verified second factor), then drives locust headless
at ``--rate`` requests a second with bench/locustfile.py's mix. It reports requests/s, errors, p95 of
the mix and of a static file served by the same stack in the same run (and their ratio), and the
web tier's memory (RSS) at the start and the end; JSON in bench/results/load.json. Exits non-zero
when a target (0 errors, p95 under 300 ms, at least 95% of the asked rate) is missed. With
``--warm-pages`` the most-visited public pages are put into the page cache first (``carewatch
warm-pages``, as the nightly import does), for a "deployed and warmed" run beside a cold one.

Only 127.0.0.1; every loop is bounded by --seconds.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common  # noqa: E402

ROOT = common.ROOT
BIN = Path(sys.executable).parent
RSS_EVERY = 30  # seconds between samples of the web tier's memory during the run
SECRET = "bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEFG"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, seconds: float = 180) -> None:
    context = ssl._create_unverified_context()
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2, context=context) as r:
                if r.status == 200:
                    return
        except Exception:
            time.sleep(0.3)
    raise SystemExit(f"{url} did not answer 200 within {seconds} s")


def rss_kb(root_pid: int) -> int:
    """Resident memory of a process and all its descendants, in kB."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
        except (OSError, IndexError, ValueError):
            continue
    total, todo = 0, [root_pid]
    while todo:
        pid = todo.pop()
        try:
            status = Path(f"/proc/{pid}/status").read_text()
            total += int(re.search(r"VmRSS:\s+(\d+)", status).group(1))
        except (OSError, AttributeError):
            pass
        todo.extend(children.get(pid, []))
    return total


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU time of these processes and their descendants, alive or exited and reaped."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
        except (OSError, IndexError, ValueError):
            continue
    ticks, todo, seen = 0, list(pids), set()
    while todo:
        pid = todo.pop()
        if pid in seen:
            continue
        seen.add(pid)
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            # utime, stime, and cutime, cstime: children that have exited and been reaped (a
            # gunicorn worker replaced after max_requests, a PostgreSQL backend whose connection
            # closed) leave their CPU time with their parent, so it still counts.
            ticks += int(fields[11]) + int(fields[12]) + int(fields[13]) + int(fields[14])
        except (OSError, IndexError, ValueError):
            pass
        todo.extend(children.get(pid, []))
    return ticks / os.sysconf("SC_CLK_TCK")


def postgres_pid(database_url: str) -> int | None:
    """The postmaster of the cluster on the URL's port (Debian's clusters), to count its CPU."""
    port = re.search(r":(\d+)/", database_url)
    for pidfile in Path("/var/lib/postgresql").glob("*/*/postmaster.pid"):
        lines = pidfile.read_text().splitlines()
        if port and len(lines) > 3 and lines[3].strip() == port.group(1):
            return int(lines[0])
    return None


def render_nginx(tmp: Path, *, https_port: int, upstreams: list[int]) -> Path:
    template = (ROOT / "deploy" / "nginx" / "carewatch.conf").read_text()
    servers = "\n".join(f"    server 127.0.0.1:{p} max_fails=3 fail_timeout=5s;" for p in upstreams)
    text = re.sub(
        r"upstream carewatch_web \{.*?keepalive",
        "upstream carewatch_web {\n" + servers + "\n    keepalive",
        template,
        flags=re.S,
    )
    text = re.sub(r"server \{\s*listen 80;.*?\n\}\n", "", text, count=1, flags=re.S)  # no plain-HTTP server
    text = text.replace("listen 443 ssl http2;", f"listen 127.0.0.1:{https_port} ssl http2;")
    text = re.sub(r"\n\s*listen \[::\]:443 ssl http2;", "", text)
    text = text.replace("/etc/ssl/certs/carewatch.pem", str(tmp / "cert.pem"))
    text = text.replace("/etc/ssl/private/carewatch.key", str(tmp / "key.pem"))
    text = text.replace("/srv/carewatch", str(ROOT))
    # All the load comes from one address: nginx's per-address limit would refuse it.
    text = text.replace("rate=20r/s", "rate=10000r/s")
    conf = tmp / "nginx.conf"
    conf.write_text(
        f"""worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/nginx-error.log warn;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    access_log off;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
{text}
}}
"""
    )
    return conf


def build_plan(env: dict[str, str], path: Path) -> None:
    """Sample URLs and sign officers in (sessions written here, used by locust)."""
    code = r"""
import json, os, sys
import django
django.setup()
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.staticfiles.storage import staticfiles_storage
from django_otp.plugins.otp_static.models import StaticDevice
from carewatch.core.models import User
from carewatch.register.models import Location, LocalAuthority, Icb
officers = list(User.objects.filter(username__in=["qa-officer", "qa-manager", "commissioner", "analyst"]))
sessions = []
for user in officers:
    device, _ = StaticDevice.objects.get_or_create(user=user, name="bench")
    for _ in range(5):
        s = SessionStore()
        s[SESSION_KEY] = str(user.pk)
        s[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        s[HASH_SESSION_KEY] = user.get_session_auth_hash()
        s["otp_device_id"] = device.persistent_id
        s.create()
        sessions.append([s.session_key, user.username])
ids = list(Location.objects.filter(is_active=True).order_by("?").values_list("id", flat=True)[:500])
las = list(LocalAuthority.objects.values_list("code", flat=True))
icbs = list(Icb.objects.values_list("code", flat=True))
towns = list(Location.objects.exclude(postcode="").order_by("?").values_list("postcode", flat=True)[:200])
plan = {
    "sessions": sessions,
    "locations": ids,
    "las": las,
    "places": towns,
    "dashboard_areas": ["england"] + [f"la:{c}" for c in las[:12]] + [f"icb:{c}" for c in icbs[:4]],
    "static": staticfiles_storage.url("carewatch/carewatch.css"),
}
json.dump(plan, open(sys.argv[1], "w"))
print(len(sessions), "sessions;", len(ids), "locations;", len(las), "councils")
"""
    subprocess.run([sys.executable, "-c", code, str(path)], env=env, cwd=ROOT, check=True)


def readyz(base: str) -> tuple[int, str]:
    """``/readyz``'s status and body (503 with the failing checks when not ready)."""
    context = ssl._create_unverified_context()
    try:
        with urllib.request.urlopen(base + "/readyz", timeout=10, context=context) as r:
            return r.status, r.read().decode()[:500]
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()[:500]
    except OSError as e:
        return 0, str(e)


class Stack:
    """nginx (TLS) → ``instances`` × ``carewatch serve`` → PostgreSQL, with a redis-server; all on loopback."""

    def __init__(self, database_url: str, *, instances: int = 2, workers: int = 2, threads: int = 4) -> None:
        self.tmp = Path(tempfile.mkdtemp(prefix="carewatch-load-"))
        self.processes: list[subprocess.Popen] = []
        self.database_url = database_url
        self.instances, self.workers, self.threads = instances, workers, threads

    def start(self) -> None:
        tmp, processes = self.tmp, self.processes
        database_url, instances, workers, threads = (
            self.database_url,
            self.instances,
            self.workers,
            self.threads,
        )
        redis_port = free_port()
        processes.append(
            subprocess.Popen(
                [
                    "redis-server",
                    "--port",
                    str(redis_port),
                    "--bind",
                    "127.0.0.1",
                    "--save",
                    "",
                    "--dir",
                    str(tmp),
                ],
                stdout=subprocess.DEVNULL,
            )
        )
        env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("CAREWATCH_", "DJANGO_"))},
            "DJANGO_SETTINGS_MODULE": "carewatch.config.settings",
            "SECRET_KEY": SECRET,
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DATABASE_URL": database_url,
            "REDIS_URL": f"redis://127.0.0.1:{redis_port}/0",
            "CAREWATCH_TASKS_BACKEND": "database",
            "CAREWATCH_READY_MAX_IMPORT_AGE_HOURS": "0",
            "CAREWATCH_WEB_WORKERS": str(workers),
            "CAREWATCH_WEB_THREADS": str(threads),
            # One client address sends everything: the per-address API limit would refuse it.
            "CAREWATCH_API_RATE_ANON": "1000000/m",
            "LOG_LEVEL": "ERROR",
        }
        subprocess.run(
            [str(BIN / "carewatch"), "collectstatic", "--noinput", "-v0"], env=env, cwd=ROOT, check=True
        )
        subprocess.run(
            [
                "openssl",
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-days",
                "1",
                "-subj",
                "/CN=127.0.0.1",
                "-keyout",
                str(tmp / "key.pem"),
                "-out",
                str(tmp / "cert.pem"),
            ],
            check=True,
            capture_output=True,
        )
        web_ports = [free_port() for _ in range(instances)]
        web = []
        for port in web_ports:
            p = subprocess.Popen(
                [str(BIN / "carewatch"), "serve", "--no-collectstatic", "--bind", f"127.0.0.1:{port}"],
                env=env,
                cwd=ROOT,
                stdout=(tmp / f"web-{port}.log").open("w"),  # noqa: SIM115 (lives as long as the server)
                stderr=subprocess.STDOUT,
            )
            processes.append(p)
            web.append(p)
        https_port = free_port()
        conf = render_nginx(tmp, https_port=https_port, upstreams=web_ports)
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        subprocess.run([nginx, "-t", "-q", "-c", str(conf)], check=True)
        processes.append(subprocess.Popen([nginx, "-c", str(conf), "-g", "daemon off;"]))
        base = f"https://127.0.0.1:{https_port}"
        wait_for(base + "/healthz")
        wait_for(base + "/readyz")
        self.base, self.env, self.web = base, env, web
        self.redis, self.nginx = processes[0], processes[-1]

    def stop(self) -> None:
        for p in reversed(self.processes):
            if p.poll() is None:
                p.send_signal(signal.SIGTERM)
        for p in self.processes:
            try:
                p.wait(20)
            except subprocess.TimeoutExpired:
                p.kill()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL"), required=False)
    parser.add_argument("--rate", type=float, default=100, help="requests a second to offer")
    parser.add_argument("--seconds", type=int, default=60, help="how long to hold the rate")
    parser.add_argument("--instances", type=int, default=2, help="gunicorn instances behind nginx")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per instance")
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument(
        "--per-user",
        type=float,
        default=4.0,
        help="requests a second each simulated person asks for (default 4: --rate 100 is 25 people). "
        "A person waits for each answer: an answer slower than 1/per-user seconds lowers the rate offered; "
        "more, slower people offer the same rate with more requests at once",
    )
    parser.add_argument(
        "--warm-pages",
        action="store_true",
        help="run `carewatch warm-pages` before the load, as after a nightly import (default: off, a cold "
        "page cache): a 'deployed and warmed' run to set beside a cold one",
    )
    parser.add_argument("--name", default=None, help="results file (default load, or load-10min from 600 s)")
    parser.add_argument(
        "--smoke",
        action="store_true",
        help="CI's production smoke test (scripts/smoke.sh): pass on 0 errors and /readyz answering 200 "
        "before and after the load; latency and rate are reported, not judged (CI machines vary)",
    )
    args = parser.parse_args()
    if not (args.database_url or "").startswith("postgres"):
        raise SystemExit("--database-url postgres://… (with the demo data) is needed")
    for tool in ("nginx", "redis-server", "openssl"):
        if shutil.which(tool) is None and not Path(f"/usr/sbin/{tool}").exists():
            raise SystemExit(f"{tool} is not installed (apt-get install nginx redis-server openssl)")
    args.seconds = max(5, min(args.seconds, 3600))
    args.name = args.name or ("load-10min" if args.seconds >= 600 else "load")

    stack = Stack(args.database_url, instances=args.instances, workers=args.workers, threads=args.threads)
    tmp, processes = stack.tmp, stack.processes
    try:
        stack.start()
        base, env, web = stack.base, stack.env, stack.web
        plan = tmp / "plan.json"
        build_plan(env, plan)

        # Warm up: draw each dashboard once (as the nightly refresh and first visits do in
        # production), then a short run so every worker loads its templates.
        plan_data = json.loads(plan.read_text())
        context = ssl._create_unverified_context()
        for area in plan_data["dashboard_areas"]:
            with urllib.request.urlopen(
                f"{base}/insights/?area={area}&service=care-homes", context=context, timeout=120
            ) as r:
                r.read()
        warmed = ""
        if args.warm_pages:  # as the nightly import leaves it: under the host nginx passes ($host)
            warmed = subprocess.run(
                [sys.executable, "-m", "carewatch.cli", "warm-pages", "--site-url", "https://127.0.0.1"],
                env=env,
                cwd=ROOT,
                check=True,
                capture_output=True,
                text=True,
                timeout=600,
            ).stdout.strip()
            print(warmed)
        samples_path = tmp / "samples.json"
        locust = [
            str(BIN / "locust"),
            "-f",
            str(ROOT / "bench" / "locustfile.py"),
            "--headless",
            "--only-summary",
            "--host",
            base,
            "--loglevel",
            "WARNING",
        ]
        users = max(1, int(round(args.rate / args.per_user)))
        lenv = {
            **os.environ,
            "CAREWATCH_LOAD_PLAN": str(plan),
            "CAREWATCH_LOAD_RATE_PER_USER": str(args.rate / users),
        }
        subprocess.run(
            [*locust, "-u", str(users), "-r", str(users), "--run-time", "15s"],
            env=lenv,
            capture_output=True,
            timeout=120,
        )
        rss_start = sum(rss_kb(p.pid) for p in web)
        groups = {
            "web": [p.pid for p in web],
            "nginx": [processes[-1].pid],
            "redis": [processes[0].pid],
            "postgresql": [pid for pid in [postgres_pid(args.database_url)] if pid],
        }
        cpu_start = {name: cpu_seconds(pids) for name, pids in groups.items()}
        started = time.monotonic()
        locust_run = subprocess.Popen(
            [*locust, "-u", str(users), "-r", str(users), "--run-time", f"{args.seconds}s"],
            env={**lenv, "CAREWATCH_LOAD_SAMPLES": str(samples_path)},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        # The web tier's memory every RSS_EVERY seconds while the load runs (flat, or creeping?).
        rss_series = [[0, round(rss_start / 1024, 1)]]
        while True:
            try:
                out, err = locust_run.communicate(timeout=RSS_EVERY)
                break
            except subprocess.TimeoutExpired:
                if time.monotonic() - started > args.seconds + 120:
                    locust_run.kill()
                    out, err = locust_run.communicate()
                    break
                rss_series.append(
                    [round(time.monotonic() - started), round(sum(rss_kb(p.pid) for p in web) / 1024, 1)]
                )
        run = subprocess.CompletedProcess(locust_run.args, locust_run.returncode, out, err)
        elapsed = time.monotonic() - started
        cpu_by_group = {name: cpu_seconds(pids) - cpu_start[name] for name, pids in groups.items()}
        cpu_used = sum(cpu_by_group.values())
        rss_end = sum(rss_kb(p.pid) for p in web)
        samples = json.loads(samples_path.read_text())
        ready_after = readyz(base)
    finally:
        stack.stop()

    mix = [ms for name, ms, failed in samples if name != "static file"]
    static = [ms for name, ms, failed in samples if name == "static file"]
    errors = sum(1 for _n, _ms, failed in samples if failed)
    reasons = sorted({f"{n}: {failed}" for n, _ms, failed in samples if failed})[:20]
    by_name = {}
    for name in sorted({n for n, _ms, _f in samples}):
        times = [ms / 1000 for n, ms, _f in samples if n == name]
        by_name[name] = {
            **common.summary(times),
            "errors": sum(1 for n, _ms, f in samples if n == name and f),
        }
    rps = len(samples) / args.seconds
    p95_mix = common.p95(mix)
    p95_static = common.p95(static) if static else None
    load = os.getloadavg()
    result = {
        "offered_rate": args.rate,
        "simulated_people": users,
        "warm_pages": warmed or "off (cold page cache)",
        "seconds": args.seconds,
        "elapsed_s": round(elapsed, 1),
        "requests": len(samples),
        "requests_per_s": round(rps, 1),
        "errors": errors,
        "p95_ms_mix": round(p95_mix, 1),
        "p95_ms_static": round(p95_static, 1) if p95_static else None,
        "p95_ratio_mix_to_static": round(p95_mix / p95_static, 1) if p95_static else None,
        "error_reasons": reasons,
        "server_cpu_ms_per_request": round(cpu_used * 1000 / max(1, len(samples)), 1),
        "cpu_ms_per_request_by_part": {
            name: round(used * 1000 / max(1, len(samples)), 1) for name, used in cpu_by_group.items()
        },
        "projected_max_rps_on_2_dedicated_cores": round(2 / (cpu_used / max(1, len(samples))), 0)
        if cpu_used
        else None,
        "rss_mb_start": round(rss_start / 1024, 1),
        "rss_mb_end": round(rss_end / 1024, 1),
        "rss_mb_every_30_s": rss_series + [[round(elapsed), round(rss_end / 1024, 1)]],
        "by_name": by_name,
        "stack": f"nginx TLS -> {args.instances} x gunicorn ({args.workers} workers x {args.threads} threads) -> PostgreSQL, Redis",
        "load_average_after": [round(x, 2) for x in load],
        "readyz_after": ready_after[0],
        "note": "2-core machine shared with other sessions during the run",
    }
    common.write_results(args.name, result)
    print(json.dumps({k: v for k, v in result.items() if k != "by_name"}, indent=2))
    for name, row in by_name.items():
        print(f"  {name:22} n={row['n']:6} p95={row['p95_ms']:8.1f} ms errors={row['errors']}")
    if run.returncode not in (0, 1):
        print(run.stderr[-2000:])
    print(f"/readyz after the load: {ready_after[0]} {ready_after[1]}")
    if args.smoke:
        ok = errors == 0 and ready_after[0] == 200 and len(samples) > 0
        print("smoke test passed" if ok else "SMOKE TEST FAILED: errors, no requests, or /readyz not 200")
        return 0 if ok else 1
    ok = errors == 0 and p95_mix < 300 and rps >= 0.95 * args.rate and ready_after[0] == 200
    print("targets met" if ok else "TARGETS MISSED: 0 errors, p95 < 300 ms, rate held, /readyz 200")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
