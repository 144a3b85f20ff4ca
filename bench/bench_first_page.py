"""Time from `make run` to the first page: an empty database (and, unless --out is given, no demo
data yet) until `/` first answers 200.

`make run` is run as a newcomer runs it, with a temporary database, cache and address (the
Makefile's ADDR and DEMO_ARGS). The baseline, measured in the same run, is `carewatch check` (starting
Python and Django without touching the database). Prints each line `make run` wrote with the
seconds since the start, the time to the first page and its ratio to the baseline; writes
bench/results/first-page.json.

    .venv/bin/python bench/bench_first_page.py [--out var/demo] [--scale 1.0] [--twice]

--out reuses demo data already generated there; without it the synthetic England is generated into
a temporary directory first (a fresh checkout). --twice runs `make run` a second time on the same
database, as a newcomer does the next day.
"""

import argparse
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common  # noqa: E402


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def status(url: str) -> int | None:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)
    except OSError:
        return None


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", help="demo data already generated here (default: a fresh directory)")
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--timeout", type=float, default=900)
    parser.add_argument("--twice", action="store_true", help="then `make run` again on the same database")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="carewatch-first-page-"))
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{work / 'db.sqlite3'}",
        "CAREWATCH_CACHE_DIR": str(work / "cache"),
        "CAREWATCH_DEMO": "1",
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    carewatch = str(common.ROOT / ".venv" / "bin" / "carewatch")

    checks = []
    for _ in range(3):
        started = time.perf_counter()
        subprocess.run([carewatch, "check"], env=env, check=True, capture_output=True)
        checks.append(time.perf_counter() - started)
    baseline = min(checks)
    print(f"baseline `carewatch check`: {baseline:.2f} s (best of 3)")

    out = args.out or str(work / "demo")
    runs = [run_make(env, out=out, scale=args.scale, timeout=args.timeout)]
    if args.twice:
        print("again, on the same database (a second `make run`):")
        runs.append(run_make(env, out=out, scale=args.scale, timeout=args.timeout))
    results = []
    for number, (command, first_page, ready, timeline) in enumerate(runs, start=1):
        ratio = first_page / baseline
        print(f"run {number}: first 200 from /: {first_page:.1f} s  (×{ratio:.0f} `carewatch check`)")
        if ready is not None:
            print(f"run {number}: demo data complete: {ready:.1f} s")
        results.append(
            {
                "command": " ".join(command),
                "first_page_s": round(first_page, 1),
                "ratio_to_baseline": round(ratio, 1),
                "demo_data_complete_s": round(ready, 1) if ready is not None else None,
                "timeline": [[round(t, 1), line] for t, line in timeline],
            }
        )
    common.write_results(
        "first-page",
        {
            "fresh_demo_data": args.out is None,
            "scale": args.scale,
            "baseline_check_s": round(baseline, 2),
            "load_average": os.getloadavg(),
            "runs": results,
        },
    )


def run_make(env: dict[str, str], *, out: str, scale: float, timeout: float):
    """`make run` until `/` answers 200 (and, when it prepares the rest in the background, until it says
    the demo data is ready); then stopped as Ctrl-C would. Returns (command, first page s, ready s, lines)."""
    port = free_port()
    command = [
        "make",
        "--no-print-directory",
        "run",
        f"ADDR=127.0.0.1:{port}",
        f"DEMO_ARGS=--out {out} --scale {scale}",
    ]
    print("$ " + " ".join(command))
    started = time.perf_counter()
    process = subprocess.Popen(
        command,
        cwd=common.ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    timeline: list[tuple[float, str]] = []

    def read_output() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            timeline.append((time.perf_counter() - started, line.rstrip()))
            print(f"  {timeline[-1][0]:7.1f} s  {line.rstrip()}")

    reader = threading.Thread(target=read_output, daemon=True)
    reader.start()
    first_page = ready = None
    url = f"http://127.0.0.1:{port}/"
    try:
        while time.perf_counter() - started < timeout and process.poll() is None:
            if status(url) == 200:
                first_page = time.perf_counter() - started
                break
            time.sleep(0.25)
        while time.perf_counter() - started < timeout and process.poll() is None:
            if not any("in the background" in line for _, line in timeline):
                break  # everything was prepared before the server started
            done = [t for t, line in timeline if "demo data is ready" in line.lower()]
            if done:
                ready = done[0]
                break
            time.sleep(0.5)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGINT)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
        reader.join(timeout=5)
    if first_page is None:
        sys.exit(f"no 200 from {url} within {timeout:.0f} s")
    return command, first_page, ready, timeline


if __name__ == "__main__":
    main()
