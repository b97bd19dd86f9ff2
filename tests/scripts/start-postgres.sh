#!/usr/bin/env bash
# Starts a throwaway PostgreSQL cluster on 127.0.0.1 for the PostgreSQL test pass and prints the connection string
# the test fixtures read from DIGESTMAILER_TEST_POSTGRES. Debian's `postgresql` package must be installed; the
# cluster runs as the `postgres` user with trust authentication on loopback only, fsync off (test data only).
# Usage: export DIGESTMAILER_TEST_POSTGRES="$(tests/scripts/start-postgres.sh [port])"
set -euo pipefail
port=${1:-55432}
bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -x "$bindir/initdb" ] || { echo "No PostgreSQL server found: apt-get install postgresql" >&2; exit 1; }
dir=/tmp/digestmailer-postgres-$port
as_postgres() { if [ "$(id -u)" -eq 0 ]; then su postgres -s /bin/bash -c "$*"; else bash -c "$*"; fi; }

if ! as_postgres "$bindir/pg_ctl -D $dir status" >/dev/null 2>&1; then
  rm -rf "$dir" && mkdir -p "$dir"
  [ "$(id -u)" -eq 0 ] && chown postgres "$dir"
  as_postgres "$bindir/initdb -D $dir -A trust -U postgres --encoding=UTF8 --locale=C.UTF-8" >/dev/null
  as_postgres "$bindir/pg_ctl -D $dir -l $dir/server.log -w -o \"-p $port -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300\" start" >/dev/null
fi
echo "Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
