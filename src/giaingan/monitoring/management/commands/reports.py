"""`giaingan reports status --period 2024-09`: who owes the period's report and where it stands."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from giaingan.documents.tables import sheet_xlsx
from giaingan.lib.problems import InvalidInput
from giaingan.monitoring.cli import add_output_arguments, emit
from giaingan.monitoring.exports import status_csv, status_json, status_sheet
from giaingan.monitoring.periods import period_parse
from giaingan.monitoring.reconcile import unit_reconciliations
from giaingan.monitoring.selectors import period_status


class Command(BaseCommand):
    help = "Báo cáo định kỳ của chủ đầu tư và xã."

    def add_arguments(self, parser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, title="việc")
        status = actions.add_parser(
            "status", help="tình hình nộp báo cáo một kỳ", called_from_command_line=True
        )
        status.add_argument(
            "--period", required=True, help="kỳ báo cáo: 2024-09 (tháng), 2024-Q3 (quý), 2024 (năm)"
        )
        add_output_arguments(status)

    def handle(self, *args, **options) -> None:
        try:
            period = period_parse(options["period"])
        except InvalidInput as error:
            raise CommandError(f"--period: {error}", returncode=2) from None
        try:
            status = period_status(period)
        except InvalidInput as error:  # no deadline in the rulebook for that period
            raise CommandError(str(error), returncode=1) from None
        # The same rows as Finance-Planning's board: reported figures beside the treasury's.
        compared = unit_reconciliations(status)
        emit(
            self,
            options,
            text=lambda fmt: (
                json.dumps(status_json(status, compared), ensure_ascii=False, indent=2) + "\n"
                if fmt == "json"
                else status_csv(status, compared)
            ),
            xlsx=lambda: sheet_xlsx(status_sheet(status, compared)),
        )
