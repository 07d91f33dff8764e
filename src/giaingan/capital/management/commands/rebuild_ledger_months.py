"""`giaingan rebuild_ledger_months [--check]`: make the month sums again from the ledger."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from giaingan.capital.months import ledger_months_differences, ledger_months_rebuild
from giaingan.figures.cache import ledger_generation_bump

SHOWN = 20  # differences listed by --check


class Command(BaseCommand):
    help = (
        "Tính lại bảng tổng sổ theo tháng (LedgerMonth) từ sổ kế hoạch vốn và chứng từ "
        "Kho bạc. Với --check: chỉ so sánh, không ghi."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--check",
            action="store_true",
            help="so bảng tổng với sổ; thoát với mã 1 nếu lệch",
        )

    def handle(self, *args, **options) -> None:
        if not options["check"]:
            with transaction.atomic():
                rows = ledger_months_rebuild()
                ledger_generation_bump()  # a repaired summary may change what is shown
            self.stdout.write(f"Đã tính lại {rows} dòng tổng sổ theo tháng từ sổ.")
            return
        differences = ledger_months_differences()
        if not differences:
            self.stdout.write("Bảng tổng sổ theo tháng khớp với sổ.")
            return
        for (year, span, month, project, source), stored, computed in differences[:SHOWN]:
            self.stderr.write(
                f"Năm {year}, dự án #{project}, nguồn #{source}, {span} tháng từ "
                f"{month:%m/%Y}: bảng tổng {stored}, theo sổ {computed}"
            )
        raise CommandError(
            f"{len(differences)} dòng tổng sổ theo tháng lệch với sổ: chạy "
            "`giaingan rebuild_ledger_months` để tính lại.",
            returncode=1,
        )
