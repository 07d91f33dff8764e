"""A preview never holds the database's write lock: on SQLite, people log in meanwhile.

Two real processes on one SQLite file, as under gunicorn: one previews a long file, the other
logs in again and again while it runs (a login writes the session and last_login). The busy
timeout is cut to one second so a held lock shows as a failed login, not a slow one."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from django.db import connection
from django.db.backends.sqlite3.base import DatabaseWrapper as SQLiteWrapper

from giaingan import settings as project_settings
from giaingan.imports.sandbox import preview_database
from tests.imports.helpers import csv_bytes

GIAINGAN = Path(sys.executable).parent / "giaingan"

LOGINS = """
import json, os, sys, time
from django.test import Client
from django.contrib.auth.models import User
done, failed = 0, []
preview = int(os.environ["PREVIEW_PID"])
def alive():
    try:
        os.kill(preview, 0)
    except OSError:
        return False
    return open(f"/proc/{preview}/stat").read().split()[2] != "Z"
while alive():
    try:
        answer = Client(HTTP_HOST="127.0.0.1").post(
            "/dang-nhap/", {"username": "tckh", "password": "giaingan"}
        )
        if answer.status_code == 302:
            done += 1
        else:
            failed.append(answer.status_code)
    except Exception as error:
        failed.append(str(error))
    time.sleep(0.1)
print(json.dumps({"done": done, "failed": failed, "last_login": str(User.objects.get().last_login)}))
"""


def test_logins_succeed_while_a_long_preview_runs(tmp_path):
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "GIAINGAN_TESTING": "1",
        "GIAINGAN_DATA_DIR": str(tmp_path),
        "SQLITE_TIMEOUT": "1",
    }

    def giaingan(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [str(GIAINGAN), *args], capture_output=True, text=True, env=env, timeout=300
        )

    assert giaingan("migrate", "-v", "0").returncode == 0
    made = giaingan(
        "shell",
        "-c",
        "from django.contrib.auth.models import User; "
        "User.objects.create_user('tckh', password='giaingan')",
    )
    assert made.returncode == 0, made.stderr
    rows = [["ma_don_vi", "ten_don_vi", "loai"]]
    rows += [[f"XA-{n:06d}", f"Xã số {n}", "xa"] for n in range(40_000)]
    path = tmp_path / "don_vi.csv"
    path.write_bytes(csv_bytes(rows))

    started = time.monotonic()
    preview = subprocess.Popen(
        [str(GIAINGAN), "import_units", str(path), "--dry-run"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    logins = subprocess.run(
        [str(GIAINGAN), "shell", "-c", LOGINS],
        capture_output=True,
        text=True,
        env={**env, "PREVIEW_PID": str(preview.pid)},
        timeout=300,
    )
    out, err = preview.communicate(timeout=300)
    took = time.monotonic() - started
    assert preview.returncode == 0, err
    assert "Sẽ tạo mới 40000" in out
    assert logins.returncode == 0, logins.stderr
    report = json.loads(logins.stdout.strip().splitlines()[-1])
    assert report["failed"] == [] and report["done"] >= 3, (report, took)
    assert report["last_login"] != "None"
    # ... and the preview wrote nothing.
    count = giaingan(
        "shell", "-c", "from giaingan.org.models import Unit; print(Unit.objects.count())"
    )
    assert count.stdout.strip().splitlines()[-1] == "0"


def test_every_connection_is_in_wal_mode_with_a_busy_timeout(db, tmp_path, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'giaingan.sqlite3'}")
    config = project_settings.database_from_env()
    for _ in range(2):  # each new connection, not only the first
        wrapper = SQLiteWrapper({**connection.settings_dict, **config}, "check")
        with wrapper.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode")
            assert cursor.fetchone()[0] == "wal"
            cursor.execute("PRAGMA busy_timeout")
            assert cursor.fetchone()[0] == 20_000
        wrapper.close()


def test_outside_a_transaction_a_preview_on_sqlite_works_on_a_private_copy(transactional_db):
    from django.db import connection as current

    from giaingan.org.models import Unit

    before = Unit.objects.count()
    real_name = connection.settings_dict["NAME"]
    copies = connection.vendor == "sqlite"  # PostgreSQL locks no table for a reader: no copy
    with preview_database():
        assert (current.settings_dict["NAME"] != real_name) is copies
        assert Unit.objects.count() == before  # the copy holds what the database held
        if copies:
            Unit.objects.create(code="CHI-BAN-SAO", name="Chỉ ở bản sao", kind="xa")
    assert connection.settings_dict["NAME"] == real_name
    assert not Unit.objects.filter(code="CHI-BAN-SAO").exists()
