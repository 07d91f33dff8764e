"""Load test: 50 users on the dashboard and project pages, on loopback only.

    .venv/bin/pip install -e '.[bench]'
    .venv/bin/python bench/load.py [--users 50] [--seconds 60] [--database-url URL]

Starts gunicorn on 127.0.0.1 against a database holding the demo district (made fresh in a
temporary folder unless --database-url is given), logs every simulated user in as `tckh`,
and runs locust headless for a bounded time. Prints requests, failures, median and p95 per
page and a last line `LOAD users=U requests=N failures=F p95_ms=P`.
"""

from __future__ import annotations

import argparse
import csv
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENV_BIN = Path(sys.executable).parent

LOCUSTFILE = """
import random
import re

from locust import HttpUser, between, task

QUERIES = ["year=2024&as_of=31/01/2025", "year=2024&as_of=30/09/2024", "year=2024&as_of=30/06/2024"]


class Official(HttpUser):
    wait_time = between(0.5, 2)

    def on_start(self):
        page = self.client.get("/dang-nhap/", name="login form")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
        self.client.post(
            "/dang-nhap/",
            {"username": "tckh", "password": "giaingan", "csrfmiddlewaretoken": token},
            headers={"Referer": self.host + "/dang-nhap/"},
            name="login",
        )

    @task(3)
    def dashboard(self):
        self.client.get("/?" + random.choice(QUERIES), name="dashboard")

    @task(2)
    def projects(self):
        self.client.get("/du-an/?sort=rate&" + random.choice(QUERIES), name="project list")

    @task(1)
    def project(self):
        code = "VQ24-%03d" % random.randint(1, 80)
        self.client.get("/du-an/" + code + "/?" + random.choice(QUERIES), name="project page")
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(port: int, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise SystemExit(f"gunicorn did not start on port {port}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    args = parser.parse_args()
    if not (VENV_BIN / "locust").exists():
        raise SystemExit("locust is missing: .venv/bin/pip install -e '.[bench]'")

    with tempfile.TemporaryDirectory(prefix="giaingan-load-") as folder:
        env = {**os.environ, "GIAINGAN_DATA_DIR": folder, "LOG_LEVEL": "ERROR"}
        if args.database_url:
            env["DATABASE_URL"] = args.database_url
        else:
            env["DATABASE_URL"] = f"sqlite:///{folder}/load.sqlite3"
        subprocess.run([VENV_BIN / "giaingan", "demo", "-v", "0"], env=env, check=True)
        subprocess.run(
            [VENV_BIN / "giaingan", "collectstatic", "--noinput", "-v", "0"], env=env, check=True
        )
        port = free_port()
        server = subprocess.Popen(
            [
                VENV_BIN / "gunicorn",
                "giaingan.wsgi:application",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(args.workers),
                "--log-level",
                "warning",
            ],
            env=env,
            cwd=ROOT,
        )
        try:
            wait_for(port)
            locustfile = Path(folder) / "locustfile.py"
            locustfile.write_text(LOCUSTFILE)
            prefix = Path(folder) / "stats"
            subprocess.run(
                [
                    VENV_BIN / "locust",
                    "-f",
                    str(locustfile),
                    "--headless",
                    "--host",
                    f"http://127.0.0.1:{port}",
                    "--users",
                    str(args.users),
                    "--spawn-rate",
                    "2",
                    "--run-time",
                    f"{args.seconds}s",
                    "--stop-timeout",
                    "5",
                    "--csv",
                    str(prefix),
                    "--only-summary",
                    "--loglevel",
                    "ERROR",
                ],
                env=env,
                check=False,
                timeout=args.seconds + 120,
            )
            report(Path(f"{prefix}_stats.csv"), args.users)
        finally:
            server.terminate()
            server.wait(timeout=30)


def report(stats: Path, users: int) -> None:
    rows = list(csv.DictReader(stats.open()))
    print(f"{'page':<16}{'requests':>10}{'failures':>10}{'median ms':>11}{'p95 ms':>9}")
    for row in rows:
        print(
            f"{row['Name']:<16}{row['Request Count']:>10}{row['Failure Count']:>10}"
            f"{row['Median Response Time']:>11}{row['95%']:>9}"
        )
    # Logging in is slow on purpose (password hashing) and happens once a day, so the
    # figure that matters is the pages' p95: the worst of the three pages.
    pages = [row for row in rows if row["Name"] in ("dashboard", "project list", "project page")]
    total = next(row for row in rows if row["Name"] == "Aggregated")
    p95 = max(int(float(row["95%"])) for row in pages)
    print(
        f"LOAD users={users} requests={total['Request Count']} "
        f"failures={total['Failure Count']} p95_ms={p95}"
    )


if __name__ == "__main__":
    main()
