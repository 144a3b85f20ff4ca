#!/usr/bin/env bash
# A PostgreSQL streaming replica on this machine, with Debian's tools (docs/deployment.md, "A read replica").
#
#   scripts/replica.sh up     PRIMARY_CLUSTER REPLICA_PORT [REPLICA_CLUSTER]
#   scripts/replica.sh status PRIMARY_CLUSTER REPLICA_PORT [REPLICA_CLUSTER]
#   scripts/replica.sh down   PRIMARY_CLUSTER REPLICA_PORT [REPLICA_CLUSTER]
#
# up: a replication role (`replicator`, a fresh random password) and a pg_hba line for it on the
# primary, a replication slot (the primary keeps the WAL a stopped replica still needs), a new
# cluster REPLICA_CLUSTER (default PRIMARY_CLUSTER_replica) filled by `pg_basebackup -R` (it writes
# standby.signal and primary_conninfo), started, and checked with pg_is_in_recovery().
# status: the replica's recovery state and lag, and the primary's pg_stat_replication row.
# down: stops and drops the replica cluster and its slot (the slot would otherwise keep WAL forever).
# Run as root. Loopback only (127.0.0.1). Idempotent: `up` twice leaves one replica.
set -euo pipefail

usage() { echo "usage: $0 up|down|status PRIMARY_CLUSTER REPLICA_PORT [REPLICA_CLUSTER]" >&2; exit 2; }
[ $# -ge 3 ] || usage
action=$1 primary=$2 replica_port=$3
replica=${4:-${primary}_replica}
slot=$(echo "$replica" | tr -c 'a-z0-9_\n' '_')
role=replicator

line=$(pg_lsclusters -h | awk -v c="$primary" '$2 == c') || true
[ -n "$line" ] || { echo "no cluster called $primary (pg_lsclusters)" >&2; exit 1; }
version=$(echo "$line" | awk '{print $1}')
primary_port=$(echo "$line" | awk '{print $3}')
[ "$primary_port" != "$replica_port" ] || { echo "the replica needs a port of its own" >&2; exit 1; }

psql_on() { # PORT SQL...
  local port=$1; shift
  runuser -u postgres -- psql -X -q -v ON_ERROR_STOP=1 -p "$port" -Atc "$*"
}

replica_exists() { pg_lsclusters -h | awk -v c="$replica" -v v="$version" '$1 == v && $2 == c' | grep -q .; }

in_recovery() { psql_on "$replica_port" "SELECT pg_is_in_recovery()" 2>/dev/null || echo "no answer"; }

case "$action" in
up)
  if replica_exists; then
    pg_ctlcluster --skip-systemctl-redirect "$version" "$replica" start 2>/dev/null || true
    echo "replica $version/$replica on port $replica_port already exists; pg_is_in_recovery: $(in_recovery)"
    exit 0
  fi
  # Streaming needs wal_level replica (the default) and WAL senders (10 by default).
  [ "$(psql_on "$primary_port" "SHOW wal_level")" != "minimal" ] || {
    echo "the primary's wal_level is minimal: set it to replica and restart the primary" >&2; exit 1; }
  password=$(head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')
  psql_on "$primary_port" "DO \$\$ BEGIN
      IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$role') THEN
        CREATE ROLE $role WITH REPLICATION LOGIN;
      END IF;
    END \$\$; ALTER ROLE $role WITH REPLICATION LOGIN PASSWORD '$password'"
  hba=/etc/postgresql/$version/$primary/pg_hba.conf
  if ! grep -qE "^host\s+replication\s+$role\s+127\.0\.0\.1/32" "$hba"; then
    printf 'host    replication     %s      127.0.0.1/32            scram-sha-256\n' "$role" >>"$hba"
    pg_ctlcluster --skip-systemctl-redirect "$version" "$primary" reload
  fi
  if [ "$(psql_on "$primary_port" "SELECT count(*) FROM pg_replication_slots WHERE slot_name = '$slot'")" = "0" ]; then
    psql_on "$primary_port" "SELECT pg_create_physical_replication_slot('$slot')" >/dev/null
  fi
  # A new cluster for its configuration files (port, logs), its data replaced by the base backup.
  pg_createcluster "$version" "$replica" -p "$replica_port" >/dev/null
  datadir=/var/lib/postgresql/$version/$replica
  find "$datadir" -mindepth 1 -delete
  started=$(date +%s)
  runuser -u postgres -- env PGPASSWORD="$password" pg_basebackup -h 127.0.0.1 -p "$primary_port" -U "$role" \
    -D "$datadir" -R -X stream -S "$slot" -c fast
  echo "base backup of $version/$primary took $(($(date +%s) - started)) s"
  pg_ctlcluster --skip-systemctl-redirect "$version" "$replica" start
  for _ in $(seq 1 60); do
    [ "$(in_recovery)" = "t" ] && break
    sleep 0.5
  done
  state=$(in_recovery)
  echo "replica $version/$replica on 127.0.0.1:$replica_port, streaming from port $primary_port; pg_is_in_recovery: $state"
  [ "$state" = "t" ]
  ;;
status)
  replica_exists || { echo "no replica cluster $version/$replica"; exit 1; }
  echo "replica $version/$replica port $replica_port: pg_is_in_recovery: $(in_recovery)"
  psql_on "$replica_port" "SELECT 'lag: ' || COALESCE(round(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp())::numeric, 1)::text, 'none yet') || ' s since the last replayed commit; replay paused: ' || pg_is_wal_replay_paused()" 2>/dev/null || true
  echo "primary $version/$primary port $primary_port: pg_stat_replication:"
  psql_on "$primary_port" "SELECT application_name, state, sent_lsn, replay_lsn, COALESCE(replay_lag::text, '0') FROM pg_stat_replication"
  [ "$(in_recovery)" = "t" ]
  ;;
down)
  if replica_exists; then
    pg_dropcluster --stop "$version" "$replica"
    echo "dropped replica cluster $version/$replica"
  fi
  if [ "$(psql_on "$primary_port" "SELECT count(*) FROM pg_replication_slots WHERE slot_name = '$slot'")" != "0" ]; then
    psql_on "$primary_port" "SELECT pg_drop_replication_slot('$slot')" >/dev/null
    echo "dropped replication slot $slot on the primary"
  fi
  ;;
*) usage ;;
esac
