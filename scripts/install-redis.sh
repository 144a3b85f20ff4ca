#!/usr/bin/env bash
# Debian's redis-server for tests/ops/test_cache.py (the tests start their own on a free port and
# skip, saying so, when it is absent). Never starts the system service. Cheap: about 1 MB.
set -uo pipefail
if command -v redis-server >/dev/null 2>&1 || [ -x /usr/bin/redis-server ]; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian's redis-server (cache tests)…"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null) \
    || echo "redis-server could not be installed: the Redis cache tests will be skipped."
  # Debian starts the service on install; the tests use their own server on a free port.
  (systemctl stop redis-server 2>/dev/null || service redis-server stop 2>/dev/null) >/dev/null 2>&1 || true
else
  echo "redis-server is not installed: the Redis cache tests will be skipped."
fi
exit 0
