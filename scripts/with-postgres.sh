#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL server on loopback, then remove the server.
# Usage (as root): scripts/with-postgres.sh COMMAND [ARGS...]   (DATABASE_URL is set for it)
set -euo pipefail
pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -z "$pgbin" ]; then
    echo "Chưa cài PostgreSQL: chạy 'make test' (cài gói postgresql) trước." >&2
    exit 2
fi
pgdir=$(mktemp -d /tmp/giaingan-pg.XXXXXX)
chown postgres "$pgdir"
port=${PGPORT_CI:-54329}
while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
as_postgres() { su postgres -s /bin/sh -c "$1"; }
stop_postgres() {
    as_postgres "$pgbin/pg_ctl -D $pgdir/data -m fast stop" >/dev/null 2>&1 || true
    rm -rf "$pgdir"
}
trap stop_postgres EXIT
as_postgres "$pgbin/initdb -D $pgdir/data -A trust -U postgres -E UTF8" >/dev/null
as_postgres "$pgbin/pg_ctl -D $pgdir/data -w -l $pgdir/log -o '-p $port -k $pgdir -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off' start" >/dev/null
export DATABASE_URL="postgres://postgres@127.0.0.1:$port/giaingan"
as_postgres "$pgbin/createdb -h 127.0.0.1 -p $port -U postgres giaingan"
"$@"
