# Sourced by .ci/run: install and start what the test suite talks to.
# Browser tests drive Debian's Chromium; the store suite runs against a real PostgreSQL server.
if ! command -v chromium >/dev/null 2>&1 || ! command -v pg_ctlcluster >/dev/null 2>&1; then
  if command -v apt-get >/dev/null 2>&1; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    apt-get install -y -qq chromium postgresql >/dev/null
  fi
fi
if command -v pg_ctlcluster >/dev/null 2>&1; then
  pg_version=$(ls /etc/postgresql 2>/dev/null | sort -V | tail -n 1)
  if [ -n "$pg_version" ]; then
    pg_ctlcluster "$pg_version" main start 2>/dev/null || true
    su postgres -c "psql -qc \"ALTER USER postgres PASSWORD 'postgres'\"" >/dev/null 2>&1 || true
    export RASHOMON_TEST_POSTGRES="postgresql://postgres:postgres@127.0.0.1:5432/postgres"
  fi
fi
