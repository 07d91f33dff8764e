"""Server time of the month's cycle pages at province scale (issue 11's target: < 300 ms).

    .venv/bin/python bench/run.py --scale province --keep --workdir /tmp/bench-province
    .venv/bin/python bench/monitoring_pages.py --database-url sqlite:////tmp/bench-province/bench.sqlite3
    .venv/bin/python bench/monitoring_pages.py --database-url ... --only agenda,dashboard
    .venv/bin/python bench/monitoring_pages.py --database-url ... --only agenda --profile 30

On the kept database it adds, once, 12 months of 2024 reports for every investor (some
late, some missing, some returned, a draft in September), 20,000 obstacles on random
projects, a briefing a month with 40 tasks each (half done), and an ad hoc report request
a month to every investor (most answered), written in bulk (benchmark data, not users'
work: the services' one-by-one path is what the tests cover). Then renders each page and
export through Django's test client (server time only), best of several runs, and prints
each one's milliseconds, wall and this process's CPU (steadier on a shared machine), and
their totals. `--only` keeps the pages whose name contains one
of the words given; `--profile N` prints the N costliest functions of each page kept.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import os
import pstats
import random
import time

OBSTACLES = 20_000
BRIEFINGS = 12  # one a month
ACTIONS_PER_BRIEFING = 40


def best_ms(action, runs: int) -> tuple[float, float]:
    """(wall, this process's CPU) milliseconds, each the best of `runs`. On SQLite the CPU
    time includes the database's work and varies far less with the machine's load."""
    walls, cpus = [], []
    for _ in range(runs):
        start, cpu = time.perf_counter(), time.process_time()
        action()
        walls.append(time.perf_counter() - start)
        cpus.append(time.process_time() - cpu)
    return min(walls) * 1000, min(cpus) * 1000


def fill(year: int) -> None:
    from django.db import transaction
    from django.utils import timezone

    from giaingan.capital.models import Project
    from giaingan.monitoring.models import (
        Obstacle,
        ObstacleKind,
        ObstacleStatus,
        PeriodicReport,
        ReportStatus,
    )
    from giaingan.monitoring.periods import MONTHLY, Period
    from giaingan.monitoring.selectors import owing_unit_ids
    from giaingan.org.models import Unit

    if PeriodicReport.objects.exists():
        return
    rng = random.Random(11)
    reports = []
    for month in range(1, 13):
        period = Period(year, MONTHLY, month)
        due = period.due_date()
        for unit_id in sorted(owing_unit_ids(period, due)):
            luck = rng.random()
            if luck < 0.03:
                continue  # missing
            late = luck > 0.9
            sent = dt.datetime.combine(due + dt.timedelta(days=3 if late else -2), dt.time(9))
            sent = timezone.make_aware(sent)
            status = ReportStatus.RETURNED if luck > 0.97 else ReportStatus.ACCEPTED
            if month == 9 and luck < 0.06:
                status, sent = ReportStatus.DRAFT, None
            reports.append(
                PeriodicReport(
                    unit_id=unit_id,
                    cadence=MONTHLY,
                    period=period.code,
                    due_date=due,
                    report_date=due,
                    status=status,
                    plan=None if sent is None else 0,
                    disbursed=None if sent is None else 0,
                    first_submitted_at=sent,
                    submitted_at=sent,
                    progress="Triển khai theo kế hoạch.",
                )
            )
    projects = list(Project.objects.values_list("id", flat=True))
    units = list(Unit.objects.values_list("id", flat=True))
    kinds = ObstacleKind.values
    obstacles = []
    for _ in range(OBSTACLES):
        opened = dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(330))
        cleared = opened + dt.timedelta(days=rng.randrange(20, 200)) if rng.random() < 0.5 else None
        obstacles.append(
            Obstacle(
                project_id=rng.choice(projects),
                kind=rng.choice(kinds),
                description="Vướng mắc phát sinh trong quá trình thực hiện.",
                responsible_unit_id=rng.choice(units),
                opened_on=opened,
                due_date=opened + dt.timedelta(days=rng.randrange(30, 120)),
                status=ObstacleStatus.CLEARED if cleared else ObstacleStatus.OPEN,
                cleared_on=cleared,
                resolution="Đã tháo gỡ." if cleared else "",
            )
        )
    with transaction.atomic():
        PeriodicReport.objects.bulk_create(reports, batch_size=2000)
        Obstacle.objects.bulk_create(obstacles, batch_size=2000)
    print(f"added {len(reports)} reports and {len(obstacles)} obstacles")


def fill_briefings(year: int) -> None:
    """A briefing at each month's end with its tasks, half done, some linked to obstacles."""
    from django.db import transaction

    from giaingan.monitoring.models import ActionItem, ActionStatus, Briefing, Obstacle
    from giaingan.org.models import Unit

    if Briefing.objects.exists():
        return
    rng = random.Random(12)
    units = list(Unit.objects.values_list("id", flat=True))
    obstacles = list(Obstacle.objects.values_list("id", "project_id")[:5000])
    with transaction.atomic():
        for month in range(1, BRIEFINGS + 1):
            held = dt.date(year, month, 28)
            briefing = Briefing.objects.create(
                held_on=held,
                chair="Chủ tịch UBND tỉnh",
                attendees="Sở Tài chính\nKho bạc Nhà nước tỉnh\nCác chủ đầu tư",
                conclusion="Tập trung tháo gỡ vướng mắc, đẩy nhanh giải ngân.",
            )
            actions = []
            for _ in range(ACTIONS_PER_BRIEFING):
                obstacle_id, project_id = rng.choice(obstacles)
                due = held + dt.timedelta(days=rng.randrange(7, 45))
                done = rng.random() < 0.5
                actions.append(
                    ActionItem(
                        briefing=briefing,
                        task="Tháo gỡ vướng mắc, báo cáo kết quả.",
                        responsible_unit_id=rng.choice(units),
                        due_date=due,
                        project_id=project_id,
                        obstacle_id=obstacle_id,
                        status=ActionStatus.DONE if done else ActionStatus.OPEN,
                        done_on=due if done else None,
                        done_note="Đã thực hiện." if done else "",
                    )
                )
            ActionItem.objects.bulk_create(actions)
    print(f"added {BRIEFINGS} briefings and {BRIEFINGS * ACTIONS_PER_BRIEFING} tasks")


def fill_requests(year: int) -> None:
    """An ad hoc request at each month's middle to every investor, four in five answered."""
    from django.db import transaction
    from django.utils import timezone

    from giaingan.capital.models import Project
    from giaingan.monitoring.models import ReportRequest, RequestAnswer

    if ReportRequest.objects.exists():
        return
    rng = random.Random(13)
    investors = sorted(set(Project.objects.values_list("investor_id", flat=True)))
    with transaction.atomic():
        for month in range(1, 13):
            asked = dt.date(year, month, 15)
            request = ReportRequest.objects.create(
                subject=f"Tình hình giải ngân tháng {month}",
                requested_on=asked,
                due_date=asked + dt.timedelta(days=10),
            )
            request.recipients.set(investors)
            answered = timezone.make_aware(dt.datetime.combine(asked, dt.time(9)))
            answers = []
            for unit_id in investors:
                if rng.random() < 0.8:
                    sent = answered + dt.timedelta(days=rng.randrange(14))
                    answers.append(
                        RequestAnswer(
                            request=request,
                            unit_id=unit_id,
                            text="Đã báo cáo.",
                            plan=0,
                            disbursed=0,
                            first_submitted_at=sent,
                            submitted_at=sent,
                        )
                    )
            RequestAnswer.objects.bulk_create(answers)
    print(f"added 12 ad hoc requests to {len(investors)} investors")


def measure(name: str, action, runs: int, profile: int) -> tuple[float, float]:
    timings = best_ms(action, runs)
    if profile:
        profiler = cProfile.Profile()
        profiler.runcall(action)
        print(f"--- {name}: {timings[0]:.1f} ms")
        pstats.Stats(profiler).sort_stats(os.environ.get("PROFILE_SORT", "cumulative")).print_stats(
            profile
        )
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--year", type=int, default=2024)
    parser.add_argument("--only", default="", help="comma-separated words of the page names")
    parser.add_argument("--profile", type=int, default=0, help="print the N costliest calls")
    args = parser.parse_args()
    os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "giaingan.settings")
    # Time the figures themselves, not the figures cache (best of N would hit it; bench/load.py
    # measures the cache).
    os.environ.setdefault("FIGURES_CACHE_SECONDS", "0")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db.models import Count
    from django.test import Client

    from giaingan.capital.models import Project
    from giaingan.monitoring.models import PeriodicReport, ReportStatus
    from giaingan.org.models import Membership, Role, Unit

    call_command("migrate", interactive=False, verbosity=0)
    fill(args.year)
    fill_briefings(args.year)
    fill_requests(args.year)
    User = get_user_model()
    finance, _ = User.objects.get_or_create(username="bench.tckh")
    Membership.objects.get_or_create(
        user=finance, unit=Unit.objects.order_by("id").first(), role=Role.FINANCE_PLANNING
    )
    # The investor with the most projects: the heaviest list and report of all.
    busiest = (
        Project.objects.values("investor_id")
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()["investor_id"]
    )
    investor, _ = User.objects.get_or_create(username="bench.investor")
    Membership.objects.get_or_create(user=investor, unit_id=busiest, role=Role.INVESTOR)
    draft = PeriodicReport.objects.filter(status=ReportStatus.DRAFT).order_by("id").first()
    if draft is not None:  # the investor also files for the draft's unit
        Membership.objects.get_or_create(user=investor, unit_id=draft.unit_id, role=Role.INVESTOR)
    clients = {}
    for name, user in (("finance", finance), ("investor", investor)):
        clients[name] = Client()
        clients[name].force_login(user)

    def page(who: str, path: str):
        def get() -> None:
            response = clients[who].get(path, HTTP_HOST="127.0.0.1")
            assert response.status_code == 200, (path, response.status_code)
            if response.streaming:  # a download is timed until its last byte
                b"".join(response.streaming_content)

        return get

    as_of = f"30/09/{args.year}"
    period = f"period={args.year}-09"
    from giaingan.monitoring.models import Briefing, ReportRequest

    september = Briefing.objects.filter(held_on__month=9).order_by("id").first()
    asked = ReportRequest.objects.filter(requested_on__month=9).order_by("id").first()
    busiest_project = Project.objects.filter(investor_id=busiest).order_by("code").first()
    rows = [
        ("status board", "finance", f"/bao-cao-dinh-ky/tong-hop/?{period}"),
        ("status board xlsx", "finance", f"/bao-cao-dinh-ky/tong-hop.xlsx?{period}"),
        ("register by kind", "finance", f"/vuong-mac/?as_of={as_of}"),
        ("register by commune", "finance", f"/vuong-mac/?as_of={as_of}&by=commune"),
        ("register by unit", "finance", f"/vuong-mac/?as_of={as_of}&by=responsible"),
        ("register last page", "finance", f"/vuong-mac/?as_of={as_of}&page=1000"),
        ("register groups xlsx", "finance", f"/vuong-mac/nhom.xlsx?as_of={as_of}"),
        ("register list xlsx", "finance", f"/vuong-mac/danh-sach.xlsx?as_of={as_of}"),
        ("register list csv", "finance", f"/vuong-mac/danh-sach.csv?as_of={as_of}"),
        ("investor's reports", "investor", f"/bao-cao-dinh-ky/?year={args.year}"),
        ("investor's register", "investor", f"/vuong-mac/?as_of={as_of}"),
    ]
    if draft is not None:
        rows.append(("a draft report", "investor", f"/bao-cao-dinh-ky/{draft.pk}/"))
        rows.append(("a report docx", "investor", f"/bao-cao-dinh-ky/{draft.pk}/bao-cao.docx"))
    rows += [
        ("briefings", "finance", "/giao-ban/"),
        ("a briefing's agenda", "finance", f"/giao-ban/{september.pk}/"),
        ("Thong bao ket luan", "finance", f"/giao-ban/{september.pk}/thong-bao-ket-luan.docx"),
        ("tasks (finance)", "finance", "/nhiem-vu/"),
        ("tasks all (finance)", "finance", "/nhiem-vu/?tat_ca=1"),
        ("tasks (investor)", "investor", "/nhiem-vu/"),
        ("tasks xlsx", "finance", "/nhiem-vu.xlsx?tat_ca=1"),
        ("ad hoc list (finance)", "finance", "/bao-cao-dot-xuat/"),
        ("ad hoc list (investor)", "investor", "/bao-cao-dot-xuat/"),
        ("an ad hoc request", "finance", f"/bao-cao-dot-xuat/{asked.pk}/"),
        ("dashboard (finance)", "finance", f"/tong-quan/?year={args.year}&as_of={as_of}"),
        ("dashboard (investor)", "investor", f"/tong-quan/?year={args.year}&as_of={as_of}"),
        ("project page", "investor", f"/du-an/{busiest_project.code}/?year={args.year}"),
    ]
    # As in every server worker: the loaded app frozen out of the collector's passes.
    from giaingan.wsgi import settle

    settle()
    words = [word.strip().lower() for word in args.only.split(",") if word.strip()]
    kept = [row for row in rows if not words or any(word in row[0].lower() for word in words)]
    results = [
        (name, measure(name, page(who, path), args.runs, args.profile)) for name, who, path in kept
    ]
    print(f"{'page':<26}{'wall':>10}{'cpu':>10}  (ms, best of {args.runs}; load {_load()})")
    for name, (wall, cpu) in results:
        print(f"{name:<26}{wall:>10.1f}{cpu:>10.1f}")
    wall_total = sum(wall for _, (wall, _cpu) in results)
    cpu_total = sum(cpu for _, (_wall, cpu) in results)
    print(f"{'total':<26}{wall_total:>10.1f}{cpu_total:>10.1f}")
    print(
        "MONITORING "
        + " ".join(
            f"{name.replace(' ', '_')}_ms={wall:.0f}/{cpu:.0f}" for name, (wall, cpu) in results
        )
        + f" total_ms={wall_total:.0f}/{cpu_total:.0f}"
    )


def _load() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


if __name__ == "__main__":
    main()
