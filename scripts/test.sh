#!/usr/bin/env bash
# Set up (if needed) and run the whole test suite: unit, property, integration, ruff and mypy.
# Extra arguments go to pytest, e.g. `bash scripts/test.sh -m "not slow"` for the fast tests.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# The ledger tests run against PostgreSQL too (127.0.0.1:5432, database `test`): start it if it
# is installed but stopped. SIGHTLINE_SKIP_POSTGRES=1 skips those cases where there is none.
if [ -z "${SIGHTLINE_SKIP_POSTGRES:-}" ] && command -v pg_isready >/dev/null 2>&1 \
    && ! pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; then
    echo "[test] starting PostgreSQL" >&2
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n 1)" main start || true
    for _ in $(seq 1 30); do pg_isready -h 127.0.0.1 -p 5432 -q && break; sleep 1; done
fi
# The shared session store's tests run against Redis (127.0.0.1:6379, database 15): start it if
# it is installed but not answering (in memory only: no snapshots, no append-only file).
if command -v redis-server >/dev/null 2>&1 \
    && ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
    echo "[test] starting Redis" >&2
    mkdir -p /var/lib/redis /var/log/redis
    redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
        --dir /var/lib/redis --logfile /var/log/redis/ci.log || true
    for _ in $(seq 1 30); do redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && break; sleep 1; done
fi
# In CI the shared data set must be there; elsewhere the tests that read it are skipped.
if [ -n "${CI:-}" ]; then export SIGHTLINE_REQUIRE_SHARED_DATA=1; fi
exec .venv/bin/python -m pytest -q "$@"
