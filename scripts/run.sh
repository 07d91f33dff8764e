#!/usr/bin/env bash
# Start GiaiNgan on SQLite with the demo district loaded, on http://127.0.0.1:8000/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh run
export DJANGO_SETTINGS_MODULE=giaingan.settings
.venv/bin/giaingan demo
.venv/bin/giaingan collectstatic --noinput -v 0
host=${HOST:-127.0.0.1}
port=${PORT:-8000}
echo
echo "GiaiNgan đang chạy tại: http://$host:$port/"
echo "Dừng bằng Ctrl+C."
# Large previews and imports run in the background worker, started here and stopped with
# the server (Ctrl+C or a signal to this script stops both).
.venv/bin/giaingan db_worker --no-startup-delay -v 1 &
worker=$!
.venv/bin/gunicorn giaingan.wsgi:application --bind "$host:$port" --workers "${WORKERS:-3}" \
    --timeout 120 --access-logfile - --error-logfile - &
server=$!
stop() {
    trap - INT TERM EXIT
    kill -TERM "$server" "$worker" 2>/dev/null || true
    wait "$server" "$worker" 2>/dev/null || true
}
trap stop INT TERM EXIT
# Whichever stops first (the server, or the worker) stops the other.
wait -n "$server" "$worker" || true
stop
