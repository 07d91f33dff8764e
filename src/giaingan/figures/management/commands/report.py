"""`giaingan report disbursement ...`: the disbursement table as json, csv, xlsx or docx;
`giaingan report periodic|treasury ...`: Finance-Planning's periodic report and the
treasury's result tables (`giaingan.reporting.cli`)."""

from __future__ import annotations

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from giaingan.documents.reports import table_docx
from giaingan.documents.tables import table_csv, table_json, table_xlsx
from giaingan.figures.selectors import Base, Grouping, disbursement_table
from giaingan.lib.commands import date_option
from giaingan.lib.dates import DATE_FORMS
from giaingan.lib.problems import InvalidInput
from giaingan.ops.replica import reading_replica
from giaingan.reporting import cli as reporting_cli

# Files for people, not text: written to -o or, in a pipe, as bytes to standard output.
BINARY_FORMATS = {"xlsx": table_xlsx, "docx": table_docx}


class Command(BaseCommand):
    help = "Báo cáo số liệu giải ngân."

    def add_arguments(self, parser) -> None:
        reports = parser.add_subparsers(dest="report", required=True, title="báo cáo")
        table = reports.add_parser(
            "disbursement", help="bảng giải ngân theo nhóm", called_from_command_line=True
        )
        table.add_argument("--year", type=int, required=True, help="năm kế hoạch")
        table.add_argument("--as-of", required=True, help=f"tính đến ngày ({DATE_FORMS})")
        table.add_argument("--by", choices=[g.value for g in Grouping], default="project")
        table.add_argument("--base", choices=[b.value for b in Base], default="assigned")
        table.add_argument("--format", choices=["json", "csv", "xlsx", "docx"], default="json")
        table.add_argument("-o", "--output", help="ghi ra tệp thay vì màn hình")
        periodic = reports.add_parser(
            "periodic",
            help="báo cáo tình hình thực hiện, giải ngân (tháng, quý, 6 tháng, năm, đột xuất)",
            called_from_command_line=True,
        )
        reporting_cli.add_arguments(periodic, treasury=False)
        treasury = reports.add_parser(
            "treasury",
            help="biểu kết quả giải ngân của Kho bạc theo cơ quan chủ quản, chủ đầu tư",
            called_from_command_line=True,
        )
        reporting_cli.add_arguments(treasury, treasury=True)

    def handle(self, *args, **options) -> None:
        # A report's reads may go to the read replica, however the command is called
        # (`report ... --issue` still writes on the primary, and reads there inside its
        # transaction).
        with reading_replica():
            self.report(options)

    def report(self, options: dict) -> None:
        if options["report"] in reporting_cli.PAPERS:
            reporting_cli.run(options["report"], options, self.stdout)
            return
        as_of = date_option(options["as_of"], "--as-of")
        table = disbursement_table(
            year=options["year"], as_of=as_of, by=options["by"], base=options["base"]
        )
        output = options["output"]
        if options["format"] in BINARY_FORMATS:
            try:
                content = BINARY_FORMATS[options["format"]](table)
            except InvalidInput as refused:  # a paper with no one to sign it
                raise CommandError(str(refused), returncode=1) from None
            if not output:
                if sys.stdout.isatty():
                    raise CommandError(f"Định dạng {options['format']} cần -o TỆP", returncode=2)
                sys.stdout.buffer.write(content)
                return
            Path(output).write_bytes(content)
            return
        text = table_json(table) + "\n" if options["format"] == "json" else table_csv(table)
        if output:
            Path(output).write_text(text, encoding="utf-8")
        else:
            self.stdout.write(text, ending="")
