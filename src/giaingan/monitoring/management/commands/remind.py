"""`giaingan remind`: the daily reminders (cron: `0 7 * * * giaingan remind`)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from giaingan.lib.commands import date_option
from giaingan.monitoring.reminders import reminders_send


class Command(BaseCommand):
    help = "Nhắc việc hằng ngày: báo cáo định kỳ sắp đến hạn, quá hạn; vướng mắc quá hạn tháo gỡ."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--today", help="ngày nhắc (mặc định hôm nay; dd/mm/yyyy)")
        parser.add_argument(
            "--days", type=int, default=3, help="nhắc báo cáo đến hạn trong số ngày tới (3)"
        )
        parser.add_argument(
            "--late-days",
            type=int,
            default=31,
            help="nhắc báo cáo quá hạn trong số ngày đã qua (31)",
        )

    def handle(self, *args, **options) -> None:
        today = timezone.localdate()
        if options["today"]:
            today = date_option(options["today"], "--today")
        if options["days"] < 0 or options["late_days"] < 0:
            raise CommandError("--days và --late-days phải là số ngày không âm", returncode=2)
        outcome = reminders_send(
            today=today, days_ahead=options["days"], late_window=options["late_days"]
        )
        self.stdout.write(outcome.summary())
