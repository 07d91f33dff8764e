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
# Previews of large statements run inside the request: allow them five minutes.
exec .venv/bin/gunicorn giaingan.wsgi:application --bind "$host:$port" --workers "${WORKERS:-3}" \
    --timeout 300 --access-logfile - --error-logfile -
