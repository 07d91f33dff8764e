#!/usr/bin/env bash
# Prepare this checkout on a fresh Debian machine: Debian packages (as root), then .venv.
# Usage: scripts/bootstrap.sh [run|test]
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-run}

debs=(fonts-liberation2 libpango-1.0-0 libpangoft2-1.0-0)
if [ "$mode" = test ]; then
    debs+=(chromium postgresql)
fi
missing=()
for deb in "${debs[@]}"; do
    dpkg-query -W -f='${Status}' "$deb" 2>/dev/null | grep -q "install ok installed" || missing+=("$deb")
done
if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" -ne 0 ]; then
        echo "Cần quyền root để cài gói Debian: ${missing[*]}" >&2
        exit 1
    fi
    echo "Cài gói Debian: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [ ! -x .venv/bin/python ]; then
    python3 -m venv .venv
fi
extras=""
[ "$mode" = test ] && extras="[test]"
stamp=.venv/.installed-$mode
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ] || [ requirements/lock.txt -nt "$stamp" ]; then
    .venv/bin/pip install -q --disable-pip-version-check -c requirements/lock.txt -e ".$extras"
    touch "$stamp"
fi
