"""Load test: 50 users on the dashboard and project pages, on loopback only.

    .venv/bin/pip install -e '.[bench]'
    .venv/bin/python bench/load.py [--scale district|province] [--users 50] [--seconds 60]
                                   [--workers 3] [--no-cache] [--database-url URL]
                                   [--workdir DIR]

Starts gunicorn on 127.0.0.1 against a database holding the demo district and, with
`--scale province`, a province's generated data beside it (8,000 projects, 400,000 treasury
lines: bench/province.py, through the real importers), logs every simulated user in as
`tckh` (who sees everything; once, the users share the session), and runs locust headless for a bounded time: the dashboard,
the project list, and project pages spread over every project of the database. The
database is made in a temporary folder, or kept in `--workdir` and reused by the next run
there, or is the one `--database-url` names (filled if it lacks the demo or the province).
`--no-cache` runs the server with FIGURES_CACHE_SECONDS=0 (the figures cache off).

Before the load, the cold and warm time of each page: the first request after a write
(`giaingan rebuild_ledger_months`, which bumps the ledger's generation) and the best of
the next ones; "project page (new)" is a project no request has asked for yet, with the
district's figures warm (what most of the load's project pages are: 8,080 projects x 3
dates). Prints the machine's load average before and after (the machine may be shared),
requests, failures, median and p95 per page, the server's CPU ms per page during the load
(its workers' user + system time over the requests: steadier than timings on a shared
machine), and a last line `LOAD scale=S cache=on|off workers=W users=U requests=N rps=R
failures=F p95_ms=P cpu_ms_per_page=C load_before=L load_after=L`.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENV_BIN = Path(sys.executable).parent

LOCUSTFILE = """
import json
import os
import platform
import random
import re

from locust import HttpUser, between, task

QUERIES = ["year=2024&as_of=31/01/2025", "year=2024&as_of=30/09/2024", "year=2024&as_of=30/06/2024"]
CODES = ["VQ24-%03d" % number for number in range(1, 81)]
if os.environ.get("LOAD_SCALE") == "province":
    CODES += ["DA-%06d" % number for number in range(1, int(os.environ["LOAD_PROJECTS"]) + 1)]


class Official(HttpUser):
    wait_time = between(0.5, 2)

    def on_start(self):
        # One session, logged in once by bench/load.py: 50 logins (slow on purpose, a
        # password hash each) would take the 2 cores for most of a minute.
        for name, value in json.loads(os.environ["LOAD_COOKIES"]).items():
            self.client.cookies.set(name, value)

    @task(3)
    def dashboard(self):
        self.client.get("/?" + random.choice(QUERIES), name="dashboard")

    @task(2)
    def projects(self):
        self.client.get("/du-an/?sort=rate&" + random.choice(QUERIES), name="project list")

    @task(1)
    def project(self):
        code = random.choice(CODES)
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


PAGES = {
    "dashboard": "/?year=2024&as_of=30/09/2024",
    "project list": "/du-an/?sort=rate&year=2024&as_of=30/09/2024",
    "project page": "/du-an/VQ24-005/?year=2024&as_of=30/09/2024",
}


def server_cpu_seconds(pid: int) -> float:
    """User + system seconds of gunicorn's master and its workers so far."""
    import psutil  # locust's own dependency

    master = psutil.Process(pid)
    total = 0.0
    for process in [master, *master.children(recursive=True)]:
        try:
            times = process.cpu_times()
        except psutil.NoSuchProcess:
            continue
        total += times.user + times.system
    return total


def load_average() -> str:
    return "/".join(f"{value:.1f}" for value in os.getloadavg())


# Demo projects VQ24-060 to VQ24-079: asked by no page above.
NEW_PROJECT = "/du-an/VQ24-{number:03d}/?year=2024&as_of=30/09/2024"
NEW_PROJECTS = range(60, 80)


def login(base: str):
    import requests

    session = requests.Session()
    page = session.get(base + "/dang-nhap/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    session.post(
        base + "/dang-nhap/",
        {"username": "tckh", "password": "giaingan", "csrfmiddlewaretoken": token},
        headers={"Referer": base + "/dang-nhap/"},
    )
    return session


def cold_and_warm(base: str, env: dict, workers: int) -> dict[str, tuple[float, float]]:
    """Per page, (ms of the first request after a write, best ms of the next ones): enough
    of them for every worker to have been asked once and then again."""
    session = login(base)
    found = {}
    for name, path in PAGES.items():
        subprocess.run(
            [VENV_BIN / "giaingan", "rebuild_ledger_months"],
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        timings = []
        for _ in range(3 * workers + 3):
            started = time.perf_counter()
            response = session.get(base + path)
            timings.append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                raise SystemExit(f"{name}: HTTP {response.status_code}")
        found[name] = (timings[0], min(timings[1:]))
    # A project nobody has asked for yet, the district's figures warm: enough of them for
    # every worker to have had one.
    timings = []
    for number in NEW_PROJECTS[: 3 * workers + 3]:
        started = time.perf_counter()
        response = session.get(base + NEW_PROJECT.format(number=number))
        timings.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"project page (new): HTTP {response.status_code}")
    found["project page (new)"] = (sorted(timings)[len(timings) // 2], min(timings))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=["district", "province"], default="district")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--no-cache", action="store_true", help="FIGURES_CACHE_SECONDS=0")
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--workdir", type=Path, help="keep (and reuse) the database here")
    parser.add_argument("--projects", type=int, default=8000, help="province: projects")
    parser.add_argument("--lines", type=int, default=400_000, help="province: treasury lines")
    args = parser.parse_args()
    if not (VENV_BIN / "locust").exists():
        raise SystemExit("locust is missing: .venv/bin/pip install -e '.[bench]'")

    with tempfile.TemporaryDirectory(prefix="giaingan-load-") as scratch:
        folder = args.workdir or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        env = {**os.environ, "GIAINGAN_DATA_DIR": str(folder / "data"), "LOG_LEVEL": "ERROR"}
        if args.database_url:
            env["DATABASE_URL"] = args.database_url
        else:
            env["DATABASE_URL"] = f"sqlite:///{folder}/load.sqlite3"
        env["FIGURES_CACHE_SECONDS"] = "0" if args.no_cache else "600"
        env["LOAD_SCALE"] = args.scale
        env["LOAD_PROJECTS"] = str(args.projects)
        subprocess.run([VENV_BIN / "giaingan", "migrate", "-v", "0"], env=env, check=True)
        subprocess.run([VENV_BIN / "giaingan", "demo", "-v", "0"], env=env, check=True)
        if args.scale == "province":
            subprocess.run(
                [
                    sys.executable,
                    ROOT / "bench" / "province.py",
                    "--database-url",
                    env["DATABASE_URL"],
                    "--workdir",
                    str(folder),
                    "--projects",
                    str(args.projects),
                    "--lines",
                    str(args.lines),
                ],
                env=env,
                check=True,
            )
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
            pages = cold_and_warm(f"http://127.0.0.1:{port}", env, args.workers)
            env["LOAD_COOKIES"] = json.dumps(login(f"http://127.0.0.1:{port}").cookies.get_dict())
            locustfile = Path(folder) / "locustfile.py"
            locustfile.write_text(LOCUSTFILE)
            prefix = Path(folder) / "stats"
            load_before = load_average()
            # The server's CPU from the moment every user has arrived (when locust resets
            # its stats, --reset-stats) to the end: over the requests it counted.
            ramp = args.users / SPAWN_RATE
            cpu: dict[str, float] = {}
            sampler = threading.Timer(
                ramp, lambda: cpu.setdefault("start", server_cpu_seconds(server.pid))
            )
            sampler.start()
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
                    str(SPAWN_RATE),
                    # The steady state: counted once all the users have arrived.
                    "--reset-stats",
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
            sampler.cancel()
            cpu["end"] = server_cpu_seconds(server.pid)
            print(
                f"machine: {os.cpu_count()} cores, {platform.python_implementation()} "
                f"{platform.python_version()}, load average (1/5/15 min) before {load_before}, "
                f"after {load_average()}"
            )
            print(f"{'page':<20}{'cold ms':>10}{'warm ms':>10}")
            for name, (cold, warm) in pages.items():
                print(f"{name:<20}{cold:>10.0f}{warm:>10.0f}")
            print(
                f"  (project page (new): median and best of {min(3 * args.workers + 3, 20)} "
                "projects asked for the first time)"
            )
            label = (
                f"scale={args.scale} cache={'off' if args.no_cache else 'on'} "
                f"workers={args.workers}"
            )
            seconds = cpu["end"] - cpu.get("start", cpu["end"])
            report(Path(f"{prefix}_stats.csv"), args.users, label, seconds, load_before)
        finally:
            server.terminate()
            server.wait(timeout=30)


SPAWN_RATE = 5  # users a second


def report(stats: Path, users: int, label: str, cpu_seconds: float, load_before: str) -> None:
    rows = list(csv.DictReader(stats.open()))
    print(f"{'page':<16}{'requests':>10}{'failures':>10}{'median ms':>11}{'p95 ms':>9}")
    for row in rows:
        print(
            f"{row['Name']:<16}{row['Request Count']:>10}{row['Failure Count']:>10}"
            f"{row['Median Response Time']:>11}{row['95%']:>9}"
        )
    # The figure that matters is the pages' p95: the worst of the three pages.
    pages = [row for row in rows if row["Name"] in ("dashboard", "project list", "project page")]
    total = next(row for row in rows if row["Name"] == "Aggregated")
    p95 = max(int(float(row["95%"])) for row in pages)
    requests = int(total["Request Count"])
    cpu_ms = cpu_seconds * 1000 / requests if requests else 0
    print(f"server CPU: {cpu_seconds:.1f} s over {requests} requests, {cpu_ms:.1f} ms a page")
    print(
        f"LOAD {label} users={users} requests={total['Request Count']} "
        f"rps={float(total['Requests/s']):.1f} failures={total['Failure Count']} p95_ms={p95} "
        f"cpu_ms_per_page={cpu_ms:.1f} load_before={load_before} load_after={load_average()}"
    )


if __name__ == "__main__":
    main()
