#!/usr/bin/env bash
# Run a command with DATABASE_URL pointing at a PostgreSQL server: the one in DATABASE_URL if it
# is set and reachable, else a local Debian cluster started here. Prints why it skips when none.
set -uo pipefail
if [ -n "${DATABASE_URL:-}" ] && [[ "$DATABASE_URL" == postgres* ]]; then
  exec "$@"
fi
if ! command -v pg_lsclusters >/dev/null 2>&1; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "PostgreSQL: installing Debian's postgresql package…"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null) || true
  fi
fi
if ! command -v pg_lsclusters >/dev/null 2>&1; then
  echo "PostgreSQL suite SKIPPED: no PostgreSQL server is installed and it could not be installed here."
  exit 0
fi
# The cluster called "main" (Debian's default) when there is one: other clusters on the machine (a
# replica, a load-test primary) are never the test suite's.
cluster=$(pg_lsclusters -h | awk '$2 == "main"' | head -n1)
[ -n "$cluster" ] || cluster=$(pg_lsclusters -h | head -n1)
if [ -z "$cluster" ]; then
  echo "PostgreSQL suite SKIPPED: PostgreSQL is installed but has no cluster."
  exit 0
fi
version=$(echo "$cluster" | awk '{print $1}')
name=$(echo "$cluster" | awk '{print $2}')
port=$(echo "$cluster" | awk '{print $3}')
if ! echo "$cluster" | grep -q online; then
  # A cluster started here serves only throwaway test databases, so it runs without crash safety:
  # no fsync, commits that do not wait for the disk, no full-page images in the WAL. Each commit
  # and each test database is then much cheaper. These options are given on the command line, not
  # written to the cluster's configuration, so they last only until the cluster is next restarted;
  # a cluster that is already running (someone's own) is left exactly as it is. Never use them for
  # a database whose contents matter.
  pg_ctlcluster --skip-systemctl-redirect \
    -o "-c fsync=off" -o "-c synchronous_commit=off" -o "-c full_page_writes=off" \
    "$version" "$name" start || {
    echo "PostgreSQL suite SKIPPED: the cluster $version/$name would not start."
    exit 0
  }
fi
runuser -u postgres -- psql -p "$port" -qtAc \
  "DO \$\$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname='carewatch') THEN CREATE ROLE carewatch LOGIN CREATEDB PASSWORD 'carewatch'; END IF; END\$\$;" \
  || { echo "PostgreSQL suite SKIPPED: could not create the carewatch role."; exit 0; }
runuser -u postgres -- psql -p "$port" -qtAc "SELECT 1 FROM pg_database WHERE datname='carewatch'" | grep -q 1 \
  || runuser -u postgres -- createdb -p "$port" -O carewatch carewatch
export DATABASE_URL="postgres://carewatch:carewatch@127.0.0.1:${port}/carewatch"
echo "PostgreSQL suite: running against PostgreSQL $version on port $port"
exec "$@"
