#!/usr/bin/env bash
# Prove the read replica on a real PostgreSQL primary and streaming standby on loopback
# (as root, after `make test` installed PostgreSQL): the demo district on the primary, a
# standby made with `pg_basebackup -R`, then, with replay on the standby paused, one new
# treasury line on the primary: `report disbursement` with DATABASE_REPLICA_URL shows the
# figures without it (read on the standby), without the setting with it (the primary);
# writes (the line, an API token) succeed though the standby refuses every write; once
# replay resumes the two agree. Everything is removed at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -n "$pgbin" ] || { echo "Chưa cài PostgreSQL: chạy 'make test' trước." >&2; exit 2; }
work=$(mktemp -d /tmp/giaingan-replica.XXXXXX)
chown postgres "$work"
as_postgres() { su postgres -s /bin/sh -c "$1"; }
free_port() { local p=$1; while (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; do p=$((p + 1)); done; echo "$p"; }
primary_port=$(free_port 55432)
standby_port=$(free_port $((primary_port + 1)))
stop_all() {
    for node in standby primary; do
        as_postgres "$pgbin/pg_ctl -D $work/$node -m fast stop" >/dev/null 2>&1 || true
    done
    rm -rf "$work"
}
trap stop_all EXIT
start() {  # start NODE PORT
    as_postgres "$pgbin/pg_ctl -D $work/$1 -w -l $work/$1.log -o '-p $2 -k $work -c listen_addresses=127.0.0.1 -c fsync=off' start" >/dev/null
}
as_postgres "$pgbin/initdb -D $work/primary -A trust -U postgres -E UTF8" >/dev/null
start primary "$primary_port"
as_postgres "$pgbin/createdb -h 127.0.0.1 -p $primary_port -U postgres giaingan"
as_postgres "$pgbin/pg_basebackup -h 127.0.0.1 -p $primary_port -U postgres -D $work/standby -R -X stream -c fast"
start standby "$standby_port"
psql_on() { as_postgres "$pgbin/psql -h 127.0.0.1 -p $1 -U postgres -d giaingan -Atc \"$2\""; }
echo "standby in recovery: $(psql_on "$standby_port" 'select pg_is_in_recovery()')"

export DATABASE_URL="postgres://postgres@127.0.0.1:$primary_port/giaingan"
replica="postgres://postgres@127.0.0.1:$standby_port/giaingan"
export GIAINGAN_DATA_DIR="$work/data"
gg=.venv/bin/giaingan
total() {  # the district's disbursed as of 31/12/2024, as `report` prints it
    "$gg" report disbursement --year 2024 --as-of 2024-12-31 --by investor --format json |
        .venv/bin/python -c 'import json,sys; print(json.load(sys.stdin)["total"]["disbursed"])'
}
echo "loading the demo district on the primary (with the replica configured: migrations and writes go to the primary)"
DATABASE_REPLICA_URL="$replica" "$gg" demo >/dev/null
wait_replay() {
    for _ in $(seq 60); do
        [ "$(psql_on "$primary_port" "select count(*) from pg_stat_replication where replay_lsn = pg_current_wal_lsn()")" = 1 ] && return
        sleep 0.5
    done
    echo "the standby did not catch up" >&2; exit 1
}
wait_replay
before=$(total)
echo "disbursed (primary): $before; (standby): $(DATABASE_REPLICA_URL="$replica" total)"

psql_on "$standby_port" "select pg_wal_replay_pause()" >/dev/null
echo "replay paused on the standby; one new payment on the primary, written with the replica configured"
DATABASE_REPLICA_URL="$replica" "$gg" shell --no-imports -c '
import datetime as dt
from giaingan.capital.ledger import LineInput
from giaingan.capital.models import FundingSource, PlanEntry
from giaingan.capital.services import treasury_line_record
entry = PlanEntry.objects.filter(plan_year=2024, amount__gt=0).order_by("-amount").first()
treasury_line_record(line=LineInput(document_number="KB-REPLICA-1", value_date=dt.date(2024, 12, 20),
    project_id=entry.project_id, source_id=entry.source_id, plan_year=2024, kind="thanh_toan", amount=1_000_000))
'
DATABASE_REPLICA_URL="$replica" "$gg" api_token tckh --name "kiểm tra bản sao" >/dev/null
primary_after=$(total)
standby_after=$(DATABASE_REPLICA_URL="$replica" total)
echo "disbursed (primary): $primary_after; report with the replica (lagging): $standby_after"
[ "$primary_after" = $((before + 1000000)) ] && [ "$standby_after" = "$before" ] || { echo "FAILED" >&2; exit 1; }
psql_on "$standby_port" "select pg_wal_replay_resume()" >/dev/null
wait_replay
caught_up=$(DATABASE_REPLICA_URL="$replica" total)
echo "replay resumed: report with the replica: $caught_up"
[ "$caught_up" = "$primary_after" ] || { echo "FAILED" >&2; exit 1; }
echo "OK: the report read the standby; the writes went to the primary"
