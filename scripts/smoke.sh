#!/usr/bin/env bash
# CI's production smoke test (make smoke): the production set-up on loopback (nginx with TLS → two
# `carewatch serve` → PostgreSQL + Redis) with a small synthetic England, one minute of the load
# test's mix at a low rate, /readyz before and after, then everything stopped. Fails on any error
# answer or a /readyz that is not 200; reports latency without judging it (bench/bench_load.py
# --smoke). Run inside scripts/with-postgres.sh, which provides DATABASE_URL or skips, saying so.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$(date +%s)
if [[ "${DATABASE_URL:-}" != postgres* ]]; then
  echo "Production smoke test SKIPPED: it needs PostgreSQL (run it as: make smoke)."
  exit 0
fi
for tool in nginx redis-server openssl; do
  if ! command -v "$tool" >/dev/null 2>&1 && [ ! -x "/usr/sbin/$tool" ]; then
    if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
      echo "Installing Debian's nginx, redis-server and openssl (production smoke test)…"
      (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light redis-server openssl >/dev/null) || true
      # Debian starts the services on install; the smoke test runs its own on free ports.
      (systemctl stop nginx redis-server 2>/dev/null || { service nginx stop; service redis-server stop; } 2>/dev/null) >/dev/null 2>&1 || true
    fi
    if ! command -v "$tool" >/dev/null 2>&1 && [ ! -x "/usr/sbin/$tool" ]; then
      echo "Production smoke test SKIPPED: $tool is not installed and could not be installed here."
      exit 0
    fi
  fi
done
# A fresh database of its own beside the suite's, on the same server.
smoke_url="${DATABASE_URL%/*}/carewatch_smoke"
python_bin=.venv/bin/python
.venv/bin/python - "$DATABASE_URL" <<'PY'
import sys
import psycopg

with psycopg.connect(sys.argv[1], autocommit=True) as db:
    db.execute("DROP DATABASE IF EXISTS carewatch_smoke WITH (FORCE)")
    db.execute("CREATE DATABASE carewatch_smoke")
PY
demo_dir=$(mktemp -d /tmp/carewatch-smoke-XXXXXX)
trap 'rm -rf "$demo_dir"' EXIT
echo "Production smoke test: a small synthetic England (scale 0.01) on PostgreSQL…"
DATABASE_URL="$smoke_url" CAREWATCH_DEMO=1 CAREWATCH_CACHE_DIR="$demo_dir/cache" .venv/bin/carewatch migrate -v0 --noinput
DATABASE_URL="$smoke_url" CAREWATCH_DEMO=1 CAREWATCH_CACHE_DIR="$demo_dir/cache" \
  .venv/bin/carewatch setup-demo --scale 0.01 --out "$demo_dir/demo" -v0 >/dev/null
prepared=$(date +%s)
status=0
"$python_bin" bench/bench_load.py --database-url "$smoke_url" --rate 10 --per-user 1 --seconds 60 --smoke --name smoke \
  || status=$?
finished=$(date +%s)
echo "Production smoke test took $((finished - started)) s ($((prepared - started)) s preparing the data)."
exit $status
