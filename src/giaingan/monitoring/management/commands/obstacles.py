"""`giaingan obstacles --as-of 2024-09-30`: the obstacle register by kind, with the plan held up."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand

from giaingan.documents.tables import sheet_xlsx
from giaingan.lib.commands import date_option
from giaingan.lib.dates import DATE_FORMS
from giaingan.monitoring.cli import add_output_arguments, emit
from giaingan.monitoring.exports import register_csv, register_sheet
from giaingan.monitoring.selectors import GROUPINGS, obstacle_register


class Command(BaseCommand):
    help = "Sổ vướng mắc: số vướng mắc đang vướng, đã tháo gỡ và kế hoạch vốn bị ách tắc."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--as-of", required=True, help=f"tính đến ngày ({DATE_FORMS})")
        parser.add_argument("--by", choices=sorted(GROUPINGS), default="kind")
        add_output_arguments(parser)

    def handle(self, *args, **options) -> None:
        as_of = date_option(options["as_of"], "--as-of")
        register = obstacle_register(as_of=as_of, by=options["by"])
        emit(
            self,
            options,
            text=lambda fmt: (
                json.dumps(register.as_dict(), ensure_ascii=False, indent=2) + "\n"
                if fmt == "json"
                else register_csv(register)
            ),
            xlsx=lambda: sheet_xlsx(register_sheet(register)),
        )
